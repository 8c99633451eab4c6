import { describe, expect, it } from '@jest/globals';
import { niceScale, stackColumns } from './chart';

describe('niceScale', () => {
  it('rounds the top up to a readable step', () => {
    expect(niceScale(9.3)).toEqual({ max: 10, ticks: [0, 2.5, 5, 7.5, 10] });
    expect(niceScale(0.00137)).toEqual({ max: 0.0015, ticks: [0, 0.0005, 0.001, 0.0015] });
    expect(niceScale(40)).toEqual({ max: 40, ticks: [0, 10, 20, 30, 40] });
  });

  it('draws an empty chart with a unit axis', () => {
    expect(niceScale(0).max).toBe(1);
  });
});

describe('stackColumns', () => {
  it('stacks series in order per category and totals exactly', () => {
    const columns = stackColumns(
      ['d1', 'd2'],
      [
        { key: 'a', label: 'A', values: new Map([['d1', 0.1]]) },
        {
          key: 'b',
          label: 'B',
          values: new Map([
            ['d1', 0.2],
            ['d2', 1],
          ]),
        },
      ],
    );
    expect(columns[0]).toEqual({
      category: 'd1',
      total: 0.3,
      segments: [
        { seriesKey: 'a', label: 'A', value: 0.1, from: 0, to: 0.1 },
        { seriesKey: 'b', label: 'B', value: 0.2, from: 0.1, to: 0.3 },
      ],
    });
    expect(columns[1]).toMatchObject({ total: 1, segments: [{ seriesKey: 'b', from: 0, to: 1 }] });
  });
});
