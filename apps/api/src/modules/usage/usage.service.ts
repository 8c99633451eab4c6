import { Injectable } from '@nestjs/common';
import { GROUP_FIELD, type UsageGroup, type UsageRow } from '@switchyard/contracts';
import { z } from 'zod';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { type AuthContext, isTeamScoped, visibleTeamIds } from '../auth/auth-context.js';
import { percentile } from './latency-histogram.js';
import { NO_ID } from './usage-event.js';
import { UsageRepository, type UsageGroupRow } from './usage.repository.js';
import { type UsageQuery } from './usage.schemas.js';
import { UsageErrorCode, UsageException } from './usage.exception.js';

const usd = (micros: bigint) => Number(micros) / 1e6;

function toRow(groupBy: readonly UsageGroup[], row: UsageGroupRow): UsageRow {
  const groupKey: Partial<Record<(typeof GROUP_FIELD)[UsageGroup], string | null>> = {};
  groupBy.forEach((dimension, index) => {
    const value = row.groups[index];
    groupKey[GROUP_FIELD[dimension]] = value === undefined || value === NO_ID || value === '' ? null : value;
  });
  return {
    ...groupKey,
    requests: Number(row.requests),
    promptTokens: Number(row.promptTokens),
    completionTokens: Number(row.completionTokens),
    costUsd: usd(row.costMicros),
    p50Ms: percentile(row.latencyBuckets, 0.5),
    p95Ms: percentile(row.latencyBuckets, 0.95),
    errors: Number(row.errors),
    refusals: Number(row.refusals),
    unpricedRequests: Number(row.unpriced),
  } satisfies UsageRow;
}

@Injectable()
export class UsageService {
  constructor(private readonly repository: UsageRepository) {}

  async query(auth: AuthContext, query: UsageQuery): Promise<Page<UsageRow>> {
    if (query.groupBy.includes('key') && isTeamScoped(auth)) {
      throw new UsageException(
        UsageErrorCode.KeysNotVisible,
        'Usage by provider key is visible to organisation roles only',
        'groupBy',
      );
    }
    const teamIds = visibleTeamIds(auth, query.teamId);
    if (teamIds && teamIds.length === 0) return { items: [], nextCursor: null };
    const after = decodeCursor(query.cursor, z.array(z.string()).length(query.groupBy.length));
    const rows = await this.repository.grouped(
      query.groupBy,
      { from: query.from, to: query.to, teamIds, user: query.user },
      after,
      query.limit + 1,
    );
    const page = toPage(rows, query.limit, (row) => row.groups);
    return { items: page.items.map((row) => toRow(query.groupBy, row)), nextCursor: page.nextCursor };
  }

  /**
   * Every group in the range, as CSV; pages through the rollups so memory stays flat. The first page is read
   * before the answer starts, so a refusal or a failure is an error response rather than a cut-off download.
   */
  async csv(auth: AuthContext, query: UsageQuery): Promise<AsyncGenerator<string>> {
    const first = await this.query(auth, { ...query, cursor: undefined, limit: 200 });
    return this.csvLines(auth, query, first);
  }

  private async *csvLines(
    auth: AuthContext,
    query: UsageQuery,
    first: Page<UsageRow>,
  ): AsyncGenerator<string> {
    const fields = query.groupBy.map((dimension) => GROUP_FIELD[dimension]);
    yield `${fields.join(',')},requests,promptTokens,completionTokens,costUsd,p50Ms,p95Ms,errors,refusals,unpricedRequests\n`;
    let page = first;
    for (;;) {
      for (const row of page.items) {
        yield (
          [
            ...fields.map((field) => row[field]),
            row.requests,
            row.promptTokens,
            row.completionTokens,
            row.costUsd,
            row.p50Ms,
            row.p95Ms,
            row.errors,
            row.refusals,
            row.unpricedRequests,
          ]
            .map(csvCell)
            .join(',') + '\n'
        );
      }
      if (!page.nextCursor) return;
      page = await this.query(auth, { ...query, cursor: page.nextCursor, limit: 200 });
    }
  }
}

/**
 * Users are named by clients, so a cell may start like a spreadsheet formula: such text gets a leading
 * apostrophe, which spreadsheets read as "this is text".
 */
function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
