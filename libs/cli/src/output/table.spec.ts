import { describe, expect, it } from '@jest/globals';
import { styleFor } from './style.js';
import { renderTable } from './table.js';

const plain = styleFor({ write: () => undefined }, {});
const coloured = styleFor({ write: () => undefined }, { FORCE_COLOR: '1' });

describe('renderTable', () => {
  it('aligns columns two spaces apart under the header, with no trailing blanks', () => {
    expect(
      renderTable(
        ['ID', 'NAME'],
        [
          ['1', 'first'],
          ['22', ''],
        ],
        { width: 80, style: plain },
      ).split('\n'),
    ).toEqual(['ID  NAME', '1   first', '22']);
  });

  it('fits the width by cutting the shrinkable columns, widest first', () => {
    const table = renderTable(
      ['ID', 'LABEL', 'NOTE'],
      [['0c3f9a52-8d0e-4a57-9c7e-2f1f1a2b3c4d', 'a rather long label for one key', 'short']],
      { width: 60, style: plain, shrinkable: [1] },
    );
    const [, row] = table.split('\n');
    expect(row!.length).toBeLessThanOrEqual(60);
    expect(row).toMatch(/^0c3f9a52-8d0e-4a57-9c7e-2f1f1a2b3c4d {2}a rather long ?… {2}short$/);
  });

  it('measures coloured cells by what shows, not by their escape codes', () => {
    const table = renderTable(['STATUS', 'N'], [[coloured.green('ready'), '1']], {
      width: 80,
      style: coloured,
    });
    expect(table.split('\n')[1]).toBe(`${coloured.green('ready')}   1`);
  });
});
