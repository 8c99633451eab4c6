import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { type UsageGroup } from '@switchyard/contracts';
import { BulkWritePool } from '../../database/bulk-write-pool.js';
import {
  type BatchCharge,
  type ChargedPeriod,
  PeriodChargesRepository,
} from '../credits/period-charges.repository.js';
import { PrismaService } from '../../database/prisma.service.js';
import { Prisma } from '../../database/generated/client.js';
import { BUCKET_COUNT as BUCKETS } from './latency-histogram.js';
import { storableEvent, storableText } from './storable-event.js';
import { type RecordedBody, type UsageEventInput } from './usage-event.js';
import { coverRange, type RollupDelta, RollupCells, type RollupView } from './usage-rollup.js';

export interface UsageFilter {
  from: Date;
  to: Date;
  teamIds?: string[];
  user?: string;
}

export interface UsageGroupRow {
  /** The row's key: one value per dimension of the grouping, in its order. */
  groups: string[];
  requests: bigint;
  errors: bigint;
  refusals: bigint;
  unpriced: bigint;
  promptTokens: bigint;
  completionTokens: bigint;
  costMicros: bigint;
  latencyBuckets: number[];
}

const GROUP_COLUMN: Record<UsageGroup, Prisma.Sql> = {
  team: Prisma.sql`team_id::text`,
  model: Prisma.sql`model`,
  day: Prisma.sql`to_char(period AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  token: Prisma.sql`token_id::text`,
  key: Prisma.sql`key_id::text`,
  user: Prisma.sql`end_user`,
};

type KeptId = Exclude<UsageGroup, 'day'>;

/** The ids each view keeps, smallest views first; every view keeps the period, so grouping by day needs none. */
const VIEW_IDS: readonly [RollupView, readonly KeptId[]][] = [
  ['model', ['model']],
  ['team', ['team']],
  ['team_model', ['team', 'model']],
  ['team_token', ['team', 'token']],
  ['key', ['key']],
  ['key_model', ['key', 'model']],
  ['full', ['team', 'token', 'key', 'model', 'user']],
];

/** The smallest view that keeps every id the query groups or filters by. */
function viewFor(groupBy: readonly UsageGroup[], filter: UsageFilter): RollupView {
  const needed = new Set<UsageGroup>(groupBy);
  needed.delete('day');
  if (filter.teamIds) needed.add('team');
  if (filter.user !== undefined) needed.add('user');
  const found = VIEW_IDS.find(([, ids]) =>
    [...needed].every((id) => (ids as readonly string[]).includes(id)),
  );
  return found ? found[0] : 'full';
}

/** Events turned into rows between two yields to the event loop: about half a millisecond of work. */
const ROWS_PER_SLICE = 100;

/** Money stays exact through JSON as decimal strings, which Postgres reads straight into bigint columns. */
const exact = (value: bigint | null) => (value === null ? null : value.toString());

/**
 * Usage rows travel as one JSON array of positional arrays: the cheapest shape to build and to stringify, since
 * this runs for every proxied request. Each column is read back by its position and cast, from `jsonb`: `->>` on
 * `json` re-reads the element's text for every column, which made Postgres spend over 40 µs per event.
 */
const EVENT_COLUMNS: readonly [column: string, type: string, value: (e: UsageEventInput) => unknown][] = [
  ['at', 'timestamptz', (e) => e.at.getTime()],
  ['request_id', 'text', (e) => e.requestId],
  ['team_id', 'uuid', (e) => e.teamId],
  ['token_id', 'uuid', (e) => e.tokenId],
  ['key_id', 'uuid', (e) => e.keyId],
  ['provider', 'text', (e) => e.provider],
  ['model', 'text', (e) => e.model],
  ['endpoint', 'text', (e) => e.endpoint],
  ['stream', 'boolean', (e) => e.stream],
  ['attempts', 'int', (e) => e.attempts],
  ['prompt_tokens', 'int', (e) => e.promptTokens],
  ['completion_tokens', 'int', (e) => e.completionTokens],
  ['cached_tokens', 'int', (e) => e.cachedTokens],
  ['reasoning_tokens', 'int', (e) => e.reasoningTokens],
  ['cost_micros', 'bigint', (e) => exact(e.costMicros)],
  ['input_micros_per_mtok', 'bigint', (e) => exact(e.inputPerMTok)],
  ['output_micros_per_mtok', 'bigint', (e) => exact(e.outputPerMTok)],
  ['cached_input_micros_per_mtok', 'bigint', (e) => exact(e.cachedInputPerMTok)],
  ['unpriced', 'boolean', (e) => e.unpriced],
  ['estimated', 'boolean', (e) => e.estimated],
  ['latency_ms', 'int', (e) => e.latencyMs],
  ['ttft_ms', 'int', (e) => e.ttftMs],
  ['upstream_ms', 'int', (e) => e.upstreamMs],
  ['overhead_ms', 'int', (e) => e.overheadMs],
  ['status', 'int', (e) => e.status],
  ['error_class', 'text', (e) => e.errorClass],
  ['refused', 'boolean', (e) => e.refused],
  ['end_user', 'text', (e) => e.user],
  ['cache_write_tokens', 'int', (e) => e.cacheWriteTokens],
  ['cache_write_micros_per_mtok', 'bigint', (e) => exact(e.cacheWritePerMTok)],
  ['response_id', 'text', (e) => e.responseId ?? null],
];

/** Epoch milliseconds are exact in a double, and cheaper to send than ISO text. */
const readColumn = (position: number, type: string) =>
  type === 'timestamptz'
    ? `to_timestamp((e->>${position})::double precision / 1000)`
    : `(e->>${position})::${type}`;

/**
 * A request id already stored is skipped: a batch whose commit acknowledgement was lost, or one replayed from the
 * write-ahead file, is written once. The ids of the rows skipped come back, so their rollups are not counted twice.
 */
const INSERT_EVENTS = `
  WITH inserted AS (
    INSERT INTO usage_events (${EVENT_COLUMNS.map(([column]) => column).join(', ')})
    SELECT ${EVENT_COLUMNS.map(([, type], position) => readColumn(position, type)).join(', ')}
    FROM jsonb_array_elements($1::jsonb) AS e
    ON CONFLICT (request_id) DO NOTHING
    RETURNING request_id
  )
  SELECT count(*)::int AS inserted,
    CASE WHEN count(*) < $2::int THEN coalesce(array_agg(request_id), '{}') END AS "insertedIds"
  FROM inserted`;

function eventRow(e: UsageEventInput): unknown[] {
  return EVENT_COLUMNS.map(([, , value]) => value(e));
}

/** The logged bodies of the batch's new events, keyed by request id like the events themselves. */
const INSERT_BODIES = `
  INSERT INTO request_bodies (request_id, at, team_id, token_id, endpoint, stream, request, response,
    request_truncated, response_truncated)
  SELECT request_id, to_timestamp(at / 1000), team_id, token_id, endpoint, stream, request, response,
    request_truncated, response_truncated
  FROM jsonb_to_recordset($1::jsonb) AS b(request_id text, at double precision, team_id uuid, token_id uuid,
    endpoint text, stream boolean, request text, response text, request_truncated boolean,
    response_truncated boolean)
  ON CONFLICT (request_id) DO NOTHING`;

function bodyRow(event: UsageEventInput & { body: RecordedBody }) {
  return {
    request_id: event.requestId,
    at: event.at.getTime(),
    team_id: event.teamId,
    token_id: event.tokenId,
    endpoint: event.endpoint,
    stream: event.stream,
    request: storableText(event.body.request),
    response: storableText(event.body.response),
    request_truncated: event.body.requestTruncated,
    response_truncated: event.body.responseTruncated,
  };
}

const hasBody = (event: UsageEventInput): event is UsageEventInput & { body: RecordedBody } =>
  event.body !== undefined;

const UPSERT_ROLLUPS = `
  INSERT INTO usage_rollups AS r
    (view, granularity, period, team_id, token_id, key_id, model, end_user, requests, errors, refusals, unpriced,
     prompt_tokens, completion_tokens, cost_micros, latency_buckets)
  SELECT view, granularity, period, team_id, token_id, key_id, model, end_user, requests, errors, refusals,
         unpriced, prompt_tokens, completion_tokens, cost_micros, latency_buckets
  FROM json_to_recordset($1::json) AS d(view text, granularity text, period timestamptz, team_id uuid,
    token_id uuid, key_id uuid, model text, end_user text, requests bigint, errors bigint, refusals bigint,
    unpriced bigint, prompt_tokens bigint, completion_tokens bigint, cost_micros bigint, latency_buckets int[])
  ON CONFLICT (view, granularity, period, team_id, token_id, key_id, model, end_user) DO UPDATE SET
    requests = r.requests + EXCLUDED.requests,
    errors = r.errors + EXCLUDED.errors,
    refusals = r.refusals + EXCLUDED.refusals,
    unpriced = r.unpriced + EXCLUDED.unpriced,
    prompt_tokens = r.prompt_tokens + EXCLUDED.prompt_tokens,
    completion_tokens = r.completion_tokens + EXCLUDED.completion_tokens,
    cost_micros = r.cost_micros + EXCLUDED.cost_micros,
    latency_buckets = (
      SELECT array_agg(COALESCE(a, 0) + COALESCE(b, 0) ORDER BY i)
      FROM unnest(r.latency_buckets, EXCLUDED.latency_buckets) WITH ORDINALITY AS t(a, b, i)
    )`;

function rollupRow(d: RollupDelta) {
  return {
    view: d.view,
    granularity: d.granularity,
    period: d.period,
    team_id: d.teamId,
    token_id: d.tokenId,
    key_id: d.keyId,
    model: d.model,
    end_user: d.user,
    requests: d.requests,
    errors: d.errors,
    refusals: d.refusals,
    unpriced: d.unpriced,
    prompt_tokens: d.promptTokens,
    completion_tokens: d.completionTokens,
    cost_micros: d.costMicros.toString(),
    latency_buckets: d.latencyBuckets,
  };
}

/**
 * Whether Postgres refused the rows themselves (SQLSTATE class 22, data exception, or 23, integrity constraint), so
 * that sending the same batch again can never succeed, unlike a lost connection.
 */
export function rejectsRows(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/** The events Postgres stored, in order; an id repeated within one batch is stored once, the first time. */
/** What the new rows spent from each budget period, per replica whose lease paid. */
function chargesOf(events: readonly UsageEventInput[]): BatchCharge[] {
  const byLease = new Map<string, BatchCharge>();
  for (const event of events) {
    if (!event.charges) continue;
    for (const { periodId, replicaId, leasedMicros } of event.charges) {
      const key = `${periodId}/${replicaId}`;
      const charge = byLease.get(key);
      if (charge) {
        charge.costMicros += event.costMicros;
        charge.leasedMicros += leasedMicros;
        charge.requests += 1;
      } else
        byLease.set(key, { periodId, replicaId, costMicros: event.costMicros, leasedMicros, requests: 1 });
    }
  }
  return [...byLease.values()];
}

function onlyInserted(events: readonly UsageEventInput[], insertedIds: readonly string[]): UsageEventInput[] {
  const remaining = new Set(insertedIds);
  return events.filter((event) => remaining.delete(event.requestId));
}

@Injectable()
export class UsageRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly bulk: BulkWritePool,
    private readonly periodCharges: PeriodChargesRepository,
  ) {}

  /**
   * Events, their rollups and their charges to budget periods land in one transaction, so they never disagree. The batch is turned into rows a slice at
   * a time, yielding between slices: a thousand events at once held the event loop for several milliseconds, which
   * every request in flight waited out.
   */
  async insertBatch(events: readonly UsageEventInput[]): Promise<ChargedPeriod[]> {
    if (events.length === 0) return [];
    const rows: string[] = [];
    const stored: UsageEventInput[] = [];
    for (let start = 0; start < events.length; start += ROWS_PER_SLICE) {
      if (start > 0) await yieldToEventLoop();
      const slice = events.slice(start, start + ROWS_PER_SLICE).map(storableEvent);
      stored.push(...slice);
      rows.push(JSON.stringify(slice.map(eventRow)).slice(1, -1));
    }
    let charged: ChargedPeriod[] = [];
    await this.bulk.transaction(async (query) => {
      const result = await query<{ inserted: number; insertedIds: string[] | null }>(INSERT_EVENTS, [
        `[${rows.join(',')}]`,
        stored.length,
      ]);
      const insertedIds = result[0]?.insertedIds;
      // Usually every event is new; a repeated batch adds to the rollups only the rows it inserted.
      const fresh = insertedIds ? onlyInserted(stored, insertedIds) : stored;
      if (fresh.length === 0) return;
      const bodies = fresh.filter(hasBody);
      if (bodies.length > 0) await query(INSERT_BODIES, [JSON.stringify(bodies.map(bodyRow))]);
      const cells = new RollupCells();
      cells.add(fresh);
      await query(UPSERT_ROLLUPS, [JSON.stringify(cells.deltas().map(rollupRow))]);
      charged = await this.periodCharges.charge(query, chargesOf(fresh));
    });
    return charged;
  }

  /**
   * Where the upstream stored a Responses answer, for the team whose request it was: the key, provider and model
   * of the newest row naming it; null when none does.
   */
  async responseOrigin(
    responseId: string,
    teamId: string,
  ): Promise<{ keyId: string; provider: string; model: string } | null> {
    const rows = await this.prisma.$queryRaw<{ keyId: string; provider: string; model: string }[]>`
      SELECT key_id::text AS "keyId", provider, model FROM usage_events
      WHERE response_id = ${responseId} AND team_id = ${teamId}::uuid
        AND key_id IS NOT NULL AND provider IS NOT NULL AND model IS NOT NULL
      ORDER BY at DESC LIMIT 1`;
    return rows[0] ?? null;
  }

  /**
   * Aggregates from the rollups: whole days from daily rows, ragged edges from hourly rows. One row per
   * combination of the dimensions, ordered by them; `afterGroups` is the key of the previous page's last row.
   */
  async grouped(
    groupBy: readonly UsageGroup[],
    filter: UsageFilter,
    afterGroups: readonly string[] | undefined,
    limit: number,
  ): Promise<UsageGroupRow[]> {
    const columns = groupBy.map(
      (dimension, index) => Prisma.sql`${GROUP_COLUMN[dimension]} AS ${Prisma.raw(`g${index}`)}`,
    );
    const keys = groupBy.map((_, index) => Prisma.raw(`g${index}`));
    const view = viewFor(groupBy, filter);
    const spans = coverRange(filter.from, filter.to).map(
      (span) =>
        Prisma.sql`(granularity = ${span.granularity} AND period >= ${span.from} AND period < ${span.to})`,
    );
    const teamFilter = filter.teamIds
      ? Prisma.sql`AND team_id = ANY(${filter.teamIds}::uuid[])`
      : Prisma.empty;
    const userFilter = filter.user === undefined ? Prisma.empty : Prisma.sql`AND end_user = ${filter.user}`;
    const after = afterGroups
      ? Prisma.sql`WHERE (${Prisma.join(keys)}) > (${Prisma.join(afterGroups.map((value) => Prisma.sql`${value}::text`))})`
      : Prisma.empty;
    return this.prisma.$queryRaw<UsageGroupRow[]>`
      WITH grouped AS (
        SELECT ${Prisma.join(columns)},
               sum(requests)::bigint AS requests,
               sum(errors)::bigint AS errors,
               sum(refusals)::bigint AS refusals,
               sum(unpriced)::bigint AS unpriced,
               sum(prompt_tokens)::bigint AS "promptTokens",
               sum(completion_tokens)::bigint AS "completionTokens",
               sum(cost_micros)::bigint AS "costMicros",
               array_agg(latency_buckets) AS histograms
        FROM usage_rollups
        WHERE view = ${view} AND (${Prisma.join(spans, ' OR ')}) ${teamFilter} ${userFilter}
        GROUP BY ${Prisma.join(keys)}
      )
      SELECT ARRAY[${Prisma.join(keys)}]::text[] AS "groups", requests, errors, refusals, unpriced, "promptTokens", "completionTokens", "costMicros",
             (SELECT array_agg(s ORDER BY i) FROM (
                SELECT ((i0 - 1) % ${BUCKETS}) + 1 AS i, sum(v)::int AS s
                FROM unnest(histograms) WITH ORDINALITY AS h(v, i0)
                GROUP BY 1) AS merged) AS "latencyBuckets"
      FROM grouped
      ${after}
      ORDER BY ${Prisma.join(keys)}
      LIMIT ${limit}`;
  }
}
