import { Injectable } from '@nestjs/common';
import { type BulkQuery } from '../../database/bulk-write-pool.js';

/** What a batch of new usage rows spent from one budget period, and how much of it one replica's lease paid. */
export interface BatchCharge {
  periodId: string;
  replicaId: string;
  costMicros: bigint;
  leasedMicros: bigint;
  requests: number;
}

/** A period after a charge: what budget alerts need to know whether a threshold was crossed. */
export interface ChargedPeriod {
  periodId: string;
  spent: bigint;
  limit: bigint;
  alertedAt: Date | null;
  exhaustedAt: Date | null;
}

const LOCK_PERIODS = `SELECT id FROM credit_periods WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`;

/**
 * A lease reclaimed as stale already returned its credit to the period, so the leased part comes off a lease only
 * as far as the lease still holds it; the spend is written whole either way.
 */
const CHARGE_PERIODS = `
  WITH charge AS (
    SELECT (c->>'periodId')::uuid AS period_id, (c->>'replicaId')::uuid AS replica_id,
      (c->>'cost')::bigint AS cost, (c->>'leased')::bigint AS leased, (c->>'requests')::int AS requests
    FROM jsonb_array_elements($1::jsonb) AS c
  ), held AS (
    SELECT l.period_id, l.replica_id, LEAST(l.amount_micros, charge.leased) AS taken
    FROM credit_leases l
    JOIN charge ON l.period_id = charge.period_id AND l.replica_id = charge.replica_id
  ), lease AS (
    UPDATE credit_leases l SET amount_micros = l.amount_micros - held.taken
    FROM held
    WHERE l.period_id = held.period_id AND l.replica_id = held.replica_id AND held.taken > 0
    RETURNING l.period_id
  ), per_period AS (
    SELECT charge.period_id, sum(charge.cost) AS cost, sum(charge.requests) AS requests,
      coalesce(sum(held.taken), 0) AS taken
    FROM charge
    LEFT JOIN held ON held.period_id = charge.period_id AND held.replica_id = charge.replica_id
    GROUP BY charge.period_id
  ), period AS (
    UPDATE credit_periods p
    SET spent_micros = p.spent_micros + per_period.cost, reserved_micros = p.reserved_micros - per_period.taken
    FROM per_period WHERE p.id = per_period.period_id
    RETURNING p.id, p.team_id, p.token_id, per_period.cost, per_period.requests, p.spent_micros, p.limit_micros,
      p.alerted_at, p.exhausted_at
  ), ledger AS (
    INSERT INTO credit_ledger (team_id, token_id, period_id, kind, amount_micros, note)
    SELECT team_id, token_id, id, 'settlement'::"LedgerKind", cost,
      'spend of ' || requests || CASE WHEN requests = 1 THEN ' request' ELSE ' requests' END
    FROM period WHERE cost > 0
  )
  SELECT id::text AS "periodId", spent_micros::text AS spent, limit_micros::text AS "limit",
    alerted_at AS "alertedAt", exhausted_at AS "exhaustedAt"
  FROM period`;

/**
 * Spend reaches a budget period here, inside the transaction that inserts the usage rows it is the cost of, and
 * the leased credit it used leaves the replica's lease in the same statement: a period's spend and its settlement
 * ledger rows are the sum of its usage rows' cost, and spend never shows as free credit in between, whatever
 * fails and whenever a process dies. Periods are locked in id order first, so two batches cannot deadlock.
 */
@Injectable()
export class PeriodChargesRepository {
  async charge(query: BulkQuery, charges: readonly BatchCharge[]): Promise<ChargedPeriod[]> {
    if (charges.length === 0) return [];
    await query(LOCK_PERIODS, [[...new Set(charges.map((charge) => charge.periodId))]]);
    const rows = await query<{
      periodId: string;
      spent: string;
      limit: string;
      alertedAt: Date | null;
      exhaustedAt: Date | null;
    }>(CHARGE_PERIODS, [
      JSON.stringify(
        charges.map((charge) => ({
          periodId: charge.periodId,
          replicaId: charge.replicaId,
          cost: charge.costMicros.toString(),
          leased: charge.leasedMicros.toString(),
          requests: charge.requests,
        })),
      ),
    ]);
    return rows.map((row) => ({ ...row, spent: BigInt(row.spent), limit: BigInt(row.limit) }));
  }
}
