import { addInto, bucketOf, emptyHistogram } from './latency-histogram.js';
import { NO_ID, type UsageEventInput } from './usage-event.js';

/**
 * Each view keeps only the ids its queries group or filter by, so a query reads few rows: a month of
 * org-wide usage by day is ~30 rows per model, not one per team, token and key. `full` keeps every id and the
 * user, for the groupings and filters no smaller view answers.
 */
export type RollupView = 'model' | 'team' | 'team_model' | 'team_token' | 'key' | 'key_model' | 'full';
export type Granularity = 'hour' | 'day';

export const ROLLUP_VIEWS: readonly RollupView[] = [
  'model',
  'team',
  'team_model',
  'team_token',
  'key',
  'key_model',
  'full',
];

export interface RollupDelta {
  view: RollupView;
  granularity: Granularity;
  period: Date;
  teamId: string;
  tokenId: string;
  keyId: string;
  model: string;
  /** '' where the view does not keep the user, or the requests named none. */
  user: string;
  requests: number;
  /** Upstream and gateway failures: answers of 400 and above that were not refusals. */
  errors: number;
  /** Requests the gateway's own rules refused before any upstream call. */
  refusals: number;
  /** Requests that used tokens of a model with no price: their cost is unknown, not zero. */
  unpriced: number;
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
  const none = { teamId: NO_ID, tokenId: NO_ID, keyId: NO_ID, model: '', user: '' };
  switch (view) {
    case 'model':
      return { ...none, model };
    case 'team':
      return { ...none, teamId: event.teamId ?? NO_ID };
    case 'key':
      return { ...none, keyId: event.keyId ?? NO_ID };
    case 'team_model':
      return { ...none, teamId: event.teamId ?? NO_ID, model };
    case 'team_token':
      return { ...none, teamId: event.teamId ?? NO_ID, tokenId: event.tokenId ?? NO_ID };
    case 'key_model':
      return { ...none, keyId: event.keyId ?? NO_ID, model };
    case 'full':
      return {
        teamId: event.teamId ?? NO_ID,
        tokenId: event.tokenId ?? NO_ID,
        keyId: event.keyId ?? NO_ID,
        model,
        user: event.user ?? '',
      };
  }
}

/** The events of one hour with the same team, token, key, model and user: every view's delta is a sum of these. */
interface Cell {
  hour: number;
  event: UsageEventInput;
  requests: number;
  errors: number;
  refusals: number;
  unpriced: number;
  promptTokens: number;
  completionTokens: number;
  costMicros: bigint;
  latencyBuckets: number[];
}

/** Sums events into cells as they are added, so a large batch can be folded a slice at a time. */
export class RollupCells {
  private readonly cells = new Map<string, Cell>();

  add(events: readonly UsageEventInput[]): void {
    for (const event of events) {
      const hour = Math.floor(event.at.getTime() / HOUR_MS) * HOUR_MS;
      // JSON keeps the user's own '|' from making two cells one.
      const id = JSON.stringify([
        hour,
        event.teamId,
        event.tokenId,
        event.keyId,
        event.provider,
        event.model,
        event.user,
      ]);
      let cell = this.cells.get(id);
      if (!cell) {
        cell = {
          hour,
          event,
          requests: 0,
          errors: 0,
          refusals: 0,
          unpriced: 0,
          promptTokens: 0,
          completionTokens: 0,
          costMicros: 0n,
          latencyBuckets: emptyHistogram(),
        };
        this.cells.set(id, cell);
      }
      cell.requests += 1;
      if (event.refused) cell.refusals += 1;
      else if (event.status >= 400) cell.errors += 1;
      if (event.unpriced) cell.unpriced += 1;
      cell.promptTokens += event.promptTokens;
      cell.completionTokens += event.completionTokens;
      cell.costMicros += event.costMicros;
      const bucket = bucketOf(event.latencyMs);
      cell.latencyBuckets[bucket] = (cell.latencyBuckets[bucket] ?? 0) + 1;
    }
  }

  /** One delta per view, granularity, period and ids: one upsert per group. */
  deltas(): RollupDelta[] {
    return deltasOf(this.cells.values());
  }
}

/**
 * Folds a batch of events into one delta per view, granularity, period and ids: one upsert per group. Events are
 * first summed into cells (one key per event); every view is then built from the few cells, which is what
 * keeps this cheap enough to run at request rate.
 */
export function rollUp(events: readonly UsageEventInput[]): RollupDelta[] {
  const cells = new RollupCells();
  cells.add(events);
  return cells.deltas();
}

function deltasOf(cells: Iterable<Cell>): RollupDelta[] {
  const groups = new Map<string, RollupDelta>();
  for (const cell of cells) {
    for (const granularity of ['hour', 'day'] as const) {
      const period = new Date(granularity === 'hour' ? cell.hour : Math.floor(cell.hour / DAY_MS) * DAY_MS);
      for (const view of ROLLUP_VIEWS) {
        const ids = idsOf(view, cell.event);
        const id = JSON.stringify([
          view,
          granularity,
          period.getTime(),
          ids.teamId,
          ids.tokenId,
          ids.keyId,
          ids.model,
          ids.user,
        ]);
        let delta = groups.get(id);
        if (!delta) {
          delta = {
            view,
            granularity,
            period,
            ...ids,
            requests: 0,
            errors: 0,
            refusals: 0,
            unpriced: 0,
            promptTokens: 0,
            completionTokens: 0,
            costMicros: 0n,
            latencyBuckets: emptyHistogram(),
          };
          groups.set(id, delta);
        }
        delta.requests += cell.requests;
        delta.errors += cell.errors;
        delta.refusals += cell.refusals;
        delta.unpriced += cell.unpriced;
        delta.promptTokens += cell.promptTokens;
        delta.completionTokens += cell.completionTokens;
        delta.costMicros += cell.costMicros;
        addInto(delta.latencyBuckets, cell.latencyBuckets);
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
