import { describe, expect, it } from '@jest/globals';
import { formatRemaining } from './duration.js';
import { formatColumns, formatTable, truncate } from './table.js';

describe('formatTable', () => {
  it('pads every column to its widest cell, two spaces apart, with no trailing blanks', () => {
    expect(
      formatTable(
        ['ID', 'NAME', 'NOTE'],
        [
          ['1', 'openai', ''],
          ['22', 'anthropic', 'slow'],
        ],
      ),
    ).toBe(['ID  NAME       NOTE', '1   openai', '22  anthropic  slow'].join('\n'));
  });

  it('treats missing cells as empty', () => {
    expect(formatColumns([['a', 'b'], ['ccc']])).toBe('a    b\nccc');
  });

  it('cuts long cells with an ellipsis, keeping the width', () => {
    expect(truncate('a label far too long', 8)).toBe('a label…');
    expect(truncate('a label far too long', 8)).toHaveLength(8);
    expect(truncate('short', 8)).toBe('short');
  });
});

describe('formatRemaining', () => {
  it('rounds up to the second and shows the two largest units', () => {
    expect(formatRemaining(0)).toBe('0s');
    expect(formatRemaining(1)).toBe('1s');
    expect(formatRemaining(59_001)).toBe('1m 00s');
    expect(formatRemaining(125_000)).toBe('2m 05s');
    expect(formatRemaining(3_600_000)).toBe('1h 00m');
    expect(formatRemaining(2 * 3_600_000 + 10 * 60_000)).toBe('2h 10m');
    expect(formatRemaining(28 * 3_600_000)).toBe('1d 4h');
    expect(formatRemaining(-5_000)).toBe('0s');
  });
});
