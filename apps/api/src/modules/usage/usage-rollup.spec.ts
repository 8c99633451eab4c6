import { describe, expect, it } from '@jest/globals';
import { coverRange } from './usage-rollup.js';

const at = (iso: string) => new Date(iso);

describe('coverRange', () => {
  it('uses whole days in the middle and hours at the edges', () => {
    expect(coverRange(at('2026-11-01T10:30:00Z'), at('2026-11-04T05:00:00Z'))).toEqual([
      { granularity: 'day', from: at('2026-11-02T00:00:00Z'), to: at('2026-11-04T00:00:00Z') },
      { granularity: 'hour', from: at('2026-11-01T10:00:00Z'), to: at('2026-11-02T00:00:00Z') },
      { granularity: 'hour', from: at('2026-11-04T00:00:00Z'), to: at('2026-11-04T05:00:00Z') },
    ]);
  });

  it('uses days alone for day-aligned ranges, and hours alone inside one day', () => {
    expect(coverRange(at('2026-11-01T00:00:00Z'), at('2026-11-03T00:00:00Z'))).toEqual([
      { granularity: 'day', from: at('2026-11-01T00:00:00Z'), to: at('2026-11-03T00:00:00Z') },
    ]);
    expect(coverRange(at('2026-11-01T03:10:00Z'), at('2026-11-01T09:00:00Z'))).toEqual([
      { granularity: 'hour', from: at('2026-11-01T03:00:00Z'), to: at('2026-11-01T09:00:00Z') },
    ]);
  });
});
