import { Injectable } from '@nestjs/common';
import { type RequestStatus } from '@switchyard/contracts';
import { PrismaService } from '../../database/prisma.service.js';
import { Prisma } from '../../database/generated/client.js';

export interface RequestFilter {
  /** Only these teams' requests; undefined means every team. */
  teamIds?: string[];
  tokenId?: string;
  user?: string;
  /** `provider/model`, as a usage row names it. */
  model?: string;
  keyId?: string;
  status?: RequestStatus;
  from?: Date;
  to?: Date;
}

/** The (at, id) of the previous page's last row: the list runs newest first. */
export interface RequestCursor {
  at: Date;
  id: bigint;
}

export interface RequestRecord {
  id: bigint;
  at: Date;
  requestId: string;
  teamId: string | null;
  teamName: string | null;
  tokenId: string | null;
  tokenName: string | null;
  user: string | null;
  provider: string | null;
  model: string | null;
  modelKey: string;
  keyId: string | null;
  keyLabel: string | null;
  endpoint: string;
  stream: boolean;
  attempts: number;
  status: number;
  errorClass: string | null;
  refused: boolean;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  costMicros: bigint;
  inputPerMTok: bigint | null;
  outputPerMTok: bigint | null;
  cachedInputPerMTok: bigint | null;
  unpriced: boolean;
  estimated: boolean;
  latencyMs: number;
  ttftMs: number | null;
  upstreamMs: number | null;
  overheadMs: number | null;
}

/**
 * A usage row's `provider/model`, as the rollups name it. The expression index `usage_events_model_key_at_idx`
 * is built on exactly this text, so a filter on it is an index scan.
 */
const MODEL_KEY = Prisma.sql`(CASE WHEN e.provider <> '' AND e.model <> '' THEN e.provider || '/' || e.model ELSE COALESCE(e.model, '') END)`;

const STATUS_CONDITION: Record<RequestStatus, Prisma.Sql> = {
  ok: Prisma.sql`e.status < 400 AND NOT e.refused`,
  error: Prisma.sql`e.status >= 400 AND NOT e.refused`,
  refused: Prisma.sql`e.refused`,
};

const COLUMNS = Prisma.sql`e.id, e.at, e.request_id AS "requestId", e.team_id AS "teamId", e.token_id AS "tokenId",
  e.end_user AS "user", e.provider, e.model, ${MODEL_KEY} AS "modelKey", e.key_id AS "keyId", e.endpoint,
  e.stream, e.attempts, e.status, e.error_class AS "errorClass", e.refused, e.prompt_tokens AS "promptTokens",
  e.completion_tokens AS "completionTokens", e.cached_tokens AS "cachedTokens",
  e.reasoning_tokens AS "reasoningTokens", e.cost_micros AS "costMicros",
  e.input_micros_per_mtok AS "inputPerMTok", e.output_micros_per_mtok AS "outputPerMTok",
  e.cached_input_micros_per_mtok AS "cachedInputPerMTok", e.unpriced, e.estimated,
  e.latency_ms AS "latencyMs", e.ttft_ms AS "ttftMs", e.upstream_ms AS "upstreamMs", e.overhead_ms AS "overheadMs"`;

/** Names for the ids of the few rows of a page, read after the page is cut. */
const NAMED = (rows: Prisma.Sql) => Prisma.sql`
  SELECT r.*, t.name AS "teamName", pt.name AS "tokenName", k.label AS "keyLabel"
  FROM (${rows}) AS r
  LEFT JOIN teams AS t ON t.id = r."teamId"
  LEFT JOIN proxy_tokens AS pt ON pt.id = r."tokenId"
  LEFT JOIN provider_keys AS k ON k.id = r."keyId"`;

function conditions(filter: RequestFilter, before: RequestCursor | undefined): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.tokenId !== undefined) parts.push(Prisma.sql`e.token_id = ${filter.tokenId}::uuid`);
  if (filter.user !== undefined) parts.push(Prisma.sql`e.end_user = ${filter.user}`);
  if (filter.model !== undefined) parts.push(Prisma.sql`${MODEL_KEY} = ${filter.model}`);
  if (filter.keyId !== undefined) parts.push(Prisma.sql`e.key_id = ${filter.keyId}::uuid`);
  if (filter.status !== undefined) parts.push(STATUS_CONDITION[filter.status]);
  if (filter.from !== undefined) parts.push(Prisma.sql`e.at >= ${filter.from}`);
  if (filter.to !== undefined) parts.push(Prisma.sql`e.at < ${filter.to}`);
  if (before) {
    // The `<=` alone bounds the index scan; the OR then only breaks ties within one instant.
    parts.push(Prisma.sql`e.at <= ${before.at} AND (e.at < ${before.at} OR e.id < ${before.id}::bigint)`);
  }
  return Prisma.join(parts, ' AND ');
}

@Injectable()
export class RequestsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * One page, newest first, served by an index on `at` led by the filtered column. Several teams are read one
   * team at a time, each from its own (team_id, at) index range, and merged: filtering a single range by a list
   * of teams would have to sort every matching row first.
   */
  list(filter: RequestFilter, before: RequestCursor | undefined, limit: number): Promise<RequestRecord[]> {
    const { teamIds } = filter;
    const where = conditions(filter, before);
    if (!teamIds) return this.page(where, limit);
    // One team is a plain filter, whose value the planner sees: with another filter it picks the narrower index.
    if (teamIds.length === 1)
      return this.page(Prisma.sql`e.team_id = ${teamIds[0]}::uuid AND ${where}`, limit);
    const rows = Prisma.sql`
      SELECT page.* FROM unnest(${teamIds}::uuid[]) AS team(id)
      CROSS JOIN LATERAL (
        SELECT ${COLUMNS} FROM usage_events AS e
        WHERE e.team_id = team.id AND ${where}
        ORDER BY e.at DESC, e.id DESC LIMIT ${limit}
      ) AS page
      ORDER BY page.at DESC, page.id DESC LIMIT ${limit}`;
    return this.prisma.$queryRaw<RequestRecord[]>`${NAMED(rows)} ORDER BY r.at DESC, r.id DESC`;
  }

  private page(where: Prisma.Sql, limit: number): Promise<RequestRecord[]> {
    const rows = Prisma.sql`
      SELECT ${COLUMNS} FROM usage_events AS e WHERE ${where}
      ORDER BY e.at DESC, e.id DESC LIMIT ${limit}`;
    return this.prisma.$queryRaw<RequestRecord[]>`${NAMED(rows)} ORDER BY r.at DESC, r.id DESC`;
  }

  async find(requestId: string): Promise<RequestRecord | null> {
    const rows = await this.prisma.$queryRaw<RequestRecord[]>`${NAMED(
      Prisma.sql`SELECT ${COLUMNS} FROM usage_events AS e WHERE e.request_id = ${requestId}`,
    )}`;
    return rows[0] ?? null;
  }
}
