import { describe, expect, it } from '@jest/globals';
import { topByCost, withOtherSeries } from './cost-series';
import type { UsageRow } from '@/lib/usage-api';

const row = (group: string | null, costUsd: number): UsageRow => ({
  group,
  costUsd,
  requests: 1,
  promptTokens: 0,
  completionTokens: 0,
  p50Ms: null,
  p95Ms: null,
  errors: 0,
  refusals: 0,
  unpricedRequests: 0,
});

describe('topByCost', () => {
  it('keeps the costliest named groups', () => {
    const top = topByCost([row('a', 1), row(null, 9), row('b', 3), row('c', 0), row('d', 2)], 2);
    expect(top.map((r) => r.group)).toEqual(['b', 'd']);
  });
});

describe('withOtherSeries', () => {
  it('adds what the named series miss, so each day adds up to its total', () => {
    const named = [{ key: 't1', label: 'Team 1', values: new Map([['d1', 0.1]]) }];
    const series = withOtherSeries(
      ['d1', 'd2'],
      named,
      new Map([
        ['d1', 0.3],
        ['d2', 0.5],
      ]),
    );
    expect(series).toHaveLength(2);
    expect(series[1]).toMatchObject({ key: '__other', isOther: true });
    expect([...series[1]!.values]).toEqual([
      ['d1', 0.2],
      ['d2', 0.5],
    ]);
  });

  it('adds nothing when the named series cover everything', () => {
    const named = [{ key: 't1', label: 'Team 1', values: new Map([['d1', 0.3]]) }];
    expect(withOtherSeries(['d1'], named, new Map([['d1', 0.3]]))).toBe(named);
  });
});
