import { bucketOf, emptyHistogram } from './latency-histogram.js';
import { NO_ID, type UsageEventInput } from './usage-event.js';

/**
 * Each view keeps only the ids its queries group or filter by, so a query reads few rows: a month of
 * org-wide usage by day is ~30 rows per model, not one per team, token and key.
 */
export type RollupView = 'model' | 'team' | 'team_model' | 'team_token' | 'key' | 'key_model';
export type Granularity = 'hour' | 'day';

export const ROLLUP_VIEWS: readonly RollupView[] = [
  'model',
  'team',
  'team_model',
  'team_token',
  'key',
  'key_model',
];

export interface RollupDelta {
  view: RollupView;
  granularity: Granularity;
  period: Date;
  teamId: string;
  tokenId: string;
  keyId: string;
  model: string;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costMicros: bigint;
  latencyBuckets: number[];
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const modelKey = (event: Pick<UsageEventInput, 'provider' | 'model'>) =>
  event.provider && event.model ? `${event.provider}/${event.model}` : (event.model ?? '');

function idsOf(view: RollupView, event: UsageEventInput) {
  const model = modelKey(event);
  switch (view) {
    case 'model':
      return { teamId: NO_ID, tokenId: NO_ID, keyId: NO_ID, model };
    case 'team':
      return { teamId: event.teamId ?? NO_ID, tokenId: NO_ID, keyId: NO_ID, model: '' };
    case 'key':
      return { teamId: NO_ID, tokenId: NO_ID, keyId: event.keyId ?? NO_ID, model: '' };
    case 'team_model':
      return { teamId: event.teamId ?? NO_ID, tokenId: NO_ID, keyId: NO_ID, model };
    case 'team_token':
      return { teamId: event.teamId ?? NO_ID, tokenId: event.tokenId ?? NO_ID, keyId: NO_ID, model: '' };
    case 'key_model':
      return { teamId: NO_ID, tokenId: NO_ID, keyId: event.keyId ?? NO_ID, model };
  }
}

/** Folds a batch of events into one delta per view, granularity, period and ids: one upsert per group. */
export function rollUp(events: readonly UsageEventInput[]): RollupDelta[] {
  const groups = new Map<string, RollupDelta>();
  for (const event of events) {
    const bucket = bucketOf(event.latencyMs);
    for (const granularity of ['hour', 'day'] as const) {
      const size = granularity === 'hour' ? HOUR_MS : DAY_MS;
      const period = new Date(Math.floor(event.at.getTime() / size) * size);
      for (const view of ROLLUP_VIEWS) {
        const ids = idsOf(view, event);
        const id = `${view}|${granularity}|${period.getTime()}|${ids.teamId}|${ids.tokenId}|${ids.keyId}|${ids.model}`;
        let delta = groups.get(id);
        if (!delta) {
          delta = {
            view,
            granularity,
            period,
            ...ids,
            requests: 0,
            errors: 0,
            promptTokens: 0,
            completionTokens: 0,
            costMicros: 0n,
            latencyBuckets: emptyHistogram(),
          };
          groups.set(id, delta);
        }
        delta.requests += 1;
        if (event.status >= 400) delta.errors += 1;
        delta.promptTokens += event.promptTokens;
        delta.completionTokens += event.completionTokens;
        delta.costMicros += event.costMicros;
        delta.latencyBuckets[bucket] = (delta.latencyBuckets[bucket] ?? 0) + 1;
      }
    }
  }
  return [...groups.values()];
}

export interface PeriodSpan {
  granularity: Granularity;
  from: Date;
  to: Date;
}

/**
 * Covers [from, to) with whole UTC days from the daily rows and the ragged edges from the hourly rows, so a
 * month-long query reads ~30 rows per group instead of ~720.
 */
export function coverRange(from: Date, to: Date): PeriodSpan[] {
  const start = new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS);
  const firstDay = new Date(Math.ceil(start.getTime() / DAY_MS) * DAY_MS);
  const lastDay = new Date(Math.floor(to.getTime() / DAY_MS) * DAY_MS);
  if (firstDay >= lastDay) return [{ granularity: 'hour', from: start, to }];
  const spans: PeriodSpan[] = [{ granularity: 'day', from: firstDay, to: lastDay }];
  if (start < firstDay) spans.push({ granularity: 'hour', from: start, to: firstDay });
  if (lastDay < to) spans.push({ granularity: 'hour', from: lastDay, to });
  return spans;
}
