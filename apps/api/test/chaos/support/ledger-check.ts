import { expect } from '@jest/globals';
import { type PrivatePostgres } from './private-postgres.js';
import { type Outcome } from './traffic.js';

export interface LedgerFigures {
  sent: number;
  served: number;
  rows: number;
  servedWithoutRow: number;
  /** Of those, the ones the scenario allows to be lost (served within the last flush interval before a crash). */
  servedWithoutRowAllowed: number;
  /** Rows of requests whose response never arrived, so whose id the client does not know. */
  rowsOfUnansweredRequests: number;
  unanswered: number;
  duplicateRows: number;
  usageCostMicros: string;
  creditSpentMicros: string;
}

interface UsageRow {
  request_id: string;
  prompt_tokens: number;
  completion_tokens: number;
  status: number;
}

/**
 * The invariant of every scenario: every request served (200) has exactly one usage row, found by the response's
 * request id; no row belongs to a request nobody sent (rows without a known id are at most the requests that got
 * no response); and the team's settled credit equals the cost of its usage rows. After a crash, `mayBeLost` names
 * the served requests whose rows the crash may have taken (the last flush interval's); the rest must have theirs.
 * Waits up to `timeoutMs` for batches and credit flushes to land, then asserts.
 */
export async function expectLedgerMatches(
  postgres: PrivatePostgres,
  teamId: string,
  outcomes: readonly Outcome[],
  timeoutMs = 20_000,
  mayBeLost: (outcome: Outcome) => boolean = () => false,
): Promise<LedgerFigures & { rowsById: Map<string, UsageRow> }> {
  const knownIds = new Set(outcomes.flatMap((outcome) => (outcome.requestId ? [outcome.requestId] : [])));
  const unanswered = outcomes.length - knownIds.size;
  const servedIds = outcomes.flatMap((outcome) =>
    outcome.status === 200 && outcome.requestId ? [outcome.requestId] : [],
  );
  const allowedIds = new Set(
    outcomes.flatMap((outcome) =>
      outcome.status === 200 && outcome.requestId && mayBeLost(outcome) ? [outcome.requestId] : [],
    ),
  );
  const deadline = Date.now() + timeoutMs;
  let figures: LedgerFigures;
  let rowsById: Map<string, UsageRow>;
  for (;;) {
    const rows = await postgres.query<UsageRow>(
      'SELECT request_id, prompt_tokens, completion_tokens, status FROM usage_events WHERE team_id = $1',
      [teamId],
    );
    const [totals] = await postgres.query<{ cost: string; spent: string }>(
      `SELECT (SELECT COALESCE(SUM(cost_micros), 0) FROM usage_events WHERE team_id = $1)::text AS cost,
              (SELECT COALESCE(SUM(spent_micros), 0) FROM credit_periods WHERE team_id = $1)::text AS spent`,
      [teamId],
    );
    const cost = totals?.cost ?? '0';
    const spent = totals?.spent ?? '0';
    rowsById = new Map(rows.map((row) => [row.request_id, row]));
    figures = {
      sent: outcomes.length,
      served: servedIds.length,
      rows: rows.length,
      servedWithoutRow: servedIds.filter((id) => !rowsById.has(id) && !allowedIds.has(id)).length,
      servedWithoutRowAllowed: servedIds.filter((id) => !rowsById.has(id) && allowedIds.has(id)).length,
      rowsOfUnansweredRequests: rows.filter((row) => !knownIds.has(row.request_id)).length,
      unanswered,
      duplicateRows: rows.length - rowsById.size,
      usageCostMicros: cost,
      creditSpentMicros: spent,
    };
    const settled = figures.servedWithoutRow === 0 && cost === spent;
    if (settled || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect({
    servedWithoutRow: figures.servedWithoutRow,
    rowsOfUnansweredRequestsWithinUnanswered: figures.rowsOfUnansweredRequests <= unanswered,
    duplicateRows: figures.duplicateRows,
    creditSpentMicros: figures.creditSpentMicros,
  }).toEqual({
    servedWithoutRow: 0,
    rowsOfUnansweredRequestsWithinUnanswered: true,
    duplicateRows: 0,
    creditSpentMicros: figures.usageCostMicros,
  });
  return { ...figures, rowsById };
}
