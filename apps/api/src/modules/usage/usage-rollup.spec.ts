import { describe, expect, it } from '@jest/globals';
import { bucketOf, emptyHistogram } from './latency-histogram.js';
import { NO_ID, type UsageEventInput } from './usage-event.js';
import {
  coverRange,
  DAY_MS,
  HOUR_MS,
  modelKey,
  rollUp,
  RollupCells,
  ROLLUP_VIEWS,
  type RollupView,
} from './usage-rollup.js';

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

describe('rollUp', () => {
  const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
  const event = (i: number): UsageEventInput => ({
    at: new Date(Date.UTC(2026, 10, 1 + (i % 2), (i * 7) % 24, i % 60)),
    requestId: `r${i}`,
    teamId: i % 5 === 0 ? null : ids[i % 2]!,
    tokenId: ids[(i >> 1) % 2]!,
    keyId: i % 7 === 0 ? null : ids[(i >> 2) % 2]!,
    provider: i % 11 === 0 ? null : 'openai',
    model: i % 3 === 0 ? 'gpt-4o' : 'gpt-4o-mini',
    endpoint: '/v1/chat/completions',
    stream: false,
    attempts: 1,
    promptTokens: i,
    completionTokens: 2 * i,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costMicros: BigInt(i * 3),
    inputPerMTok: null,
    outputPerMTok: null,
    cachedInputPerMTok: null,
    cacheWritePerMTok: null,
    unpriced: i % 5 === 0,
    estimated: false,
    latencyMs: (i * 37) % 5000,
    ttftMs: null,
    upstreamMs: null,
    overheadMs: null,
    status: i % 4 === 0 ? 429 : i % 7 === 0 ? 502 : 200,
    errorClass: null,
    // A 429 of the gateway's own rate limit: refused, unlike the upstream's 502.
    refused: i % 4 === 0,
    user: i % 3 === 1 ? null : `person|${i % 4}`,
  });

  /** Every view's groups, straight from the definition: one pass per view over every event. */
  function expected(events: UsageEventInput[], view: RollupView, granularity: 'hour' | 'day') {
    const size = granularity === 'hour' ? HOUR_MS : DAY_MS;
    const groups = new Map<
      string,
      {
        requests: number;
        errors: number;
        refusals: number;
        unpriced: number;
        cost: bigint;
        buckets: number[];
      }
    >();
    for (const e of events) {
      const full = view === 'full';
      const team = full || view.startsWith('team') ? (e.teamId ?? NO_ID) : NO_ID;
      const token = full || view === 'team_token' ? (e.tokenId ?? NO_ID) : NO_ID;
      const key = full || view.startsWith('key') ? (e.keyId ?? NO_ID) : NO_ID;
      const model = full || ['model', 'team_model', 'key_model'].includes(view) ? modelKey(e) : '';
      const user = full ? (e.user ?? '') : '';
      const id = JSON.stringify([Math.floor(e.at.getTime() / size) * size, team, token, key, model, user]);
      const group = groups.get(id) ?? {
        requests: 0,
        errors: 0,
        refusals: 0,
        unpriced: 0,
        cost: 0n,
        buckets: emptyHistogram(),
      };
      group.requests += 1;
      group.errors += e.status >= 400 && !e.refused ? 1 : 0;
      group.refusals += e.refused ? 1 : 0;
      group.unpriced += e.unpriced ? 1 : 0;
      group.cost += e.costMicros;
      group.buckets[bucketOf(e.latencyMs)]! += 1;
      groups.set(id, group);
    }
    return groups;
  }

  it('gives every view the same groups and sums as a pass over the raw events', () => {
    const events = Array.from({ length: 500 }, (_, i) => event(i));
    const deltas = rollUp(events);
    for (const view of ROLLUP_VIEWS) {
      for (const granularity of ['hour', 'day'] as const) {
        const actual = new Map(
          deltas
            .filter((d) => d.view === view && d.granularity === granularity)
            .map((d) => [
              JSON.stringify([d.period.getTime(), d.teamId, d.tokenId, d.keyId, d.model, d.user]),
              {
                requests: d.requests,
                errors: d.errors,
                refusals: d.refusals,
                unpriced: d.unpriced,
                cost: d.costMicros,
                buckets: d.latencyBuckets,
              },
            ]),
        );
        expect(actual).toEqual(expected(events, view, granularity));
      }
    }
  });

  it('folds a batch added a slice at a time into the same deltas as all at once', () => {
    const events = Array.from({ length: 250 }, (_, i) => event(i));
    const sliced = new RollupCells();
    for (let start = 0; start < events.length; start += 37) sliced.add(events.slice(start, start + 37));
    expect(sliced.deltas()).toEqual(rollUp(events));
  });
});
