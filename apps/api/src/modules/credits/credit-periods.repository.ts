import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import { Prisma } from '../../database/generated/client.js';
import { TEAM_BUDGET_TOKEN_ID } from './budget.js';
import { type PeriodWindow } from './budget-period.js';

type Db = PrismaService | Prisma.TransactionClient;

export interface OpenedPeriod {
  id: string;
  limit: bigint;
  spent: bigint;
  alertedAt: Date | null;
  exhaustedAt: Date | null;
  /** True when this call created the row. */
  opened: boolean;
}

export interface LeaseOutcome {
  /** Credit now held by the replica; 0 when the period could not cover the shortfall. */
  granted: bigint;
  /** What the period had left before this lease (negative when a limit was lowered below its spend). */
  remaining: bigint;
}

export interface FlushOutcome {
  spent: bigint;
  limit: bigint;
  alertedAt: Date | null;
  exhaustedAt: Date | null;
}

/** A period that just crossed a threshold, as the budget events report it. */
export interface CrossedPeriod {
  teamId: string;
  tokenId: string | null;
  periodStart: Date;
  spent: bigint;
  limit: bigint;
}

/** A credit flush that could not reach the database, as the write-ahead file keeps it. */
export interface SpilledCreditBatch {
  /** Random, per flush: what makes applying it idempotent. */
  id: string;
  periodId: string;
  teamId: string;
  /** The replica whose lease held the credit (a replay may run in another process). */
  replicaId: string;
  settled: bigint;
  /** Settled spend no lease covered. */
  overdrawn: bigint;
  returned: bigint;
  /**
   * Written by an earlier release, whose flushes carried the spend (and its ledger amount) that usage rows carry
   * now: a replay adds `settled + overdrawn` to the period's spend and writes `ledgerAmount` to the ledger.
   */
  chargesSpend: boolean;
  ledgerAmount: bigint;
}

/** How a lease is sized: a fraction of what is left, in whole request units, between the shortfall and a cap. */
export interface ChunkPolicy {
  maxChunkMicros: bigint;
  remainingDivisor: bigint;
}

/**
 * The SQL of credit leasing. Each statement is atomic on its own, so there is never a read-then-write race:
 * `reserved_micros` of a period always equals the sum of its `credit_leases`, and every lease is a conditional
 * UPDATE that cannot take more than `limit - spent - reserved`.
 *
 * Every statement locks the period row before any lease row (an uncorrelated subquery runs first, as an
 * InitPlan), so a lease, a flush and a reclaim touching the same rows can wait for each other but never
 * deadlock.
 */
@Injectable()
export class CreditPeriodsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The budget's row for the period (the team's own, or its token's when `tokenId` is given), created when missing:
   * two replicas opening it at once get the same row. With a `resetNote`, a newly created row gets its
   * `period_reset` ledger entry in the same statement.
   */
  async openPeriod(
    teamId: string,
    tokenId: string | null,
    window: PeriodWindow,
    limit: bigint,
    resetNote: string | null,
    db: Db = this.prisma,
  ): Promise<OpenedPeriod> {
    const token = tokenId ?? TEAM_BUDGET_TOKEN_ID;
    const created = await db.$queryRaw<{ id: string; limit: bigint }[]>`
      WITH opened AS (
        INSERT INTO credit_periods (id, team_id, token_id, period_start, period_end, limit_micros)
        VALUES (gen_random_uuid(), ${teamId}::uuid, ${token}::uuid, ${window.start}, ${window.end}, ${limit})
        ON CONFLICT (team_id, token_id, period_start) DO NOTHING
        RETURNING id, team_id, token_id, limit_micros
      ), reset AS (
        INSERT INTO credit_ledger (team_id, token_id, period_id, kind, amount_micros, note)
        SELECT team_id, token_id, id, 'period_reset'::"LedgerKind", limit_micros, ${resetNote}
        FROM opened WHERE ${resetNote}::text IS NOT NULL
      )
      SELECT id::text AS id, limit_micros AS "limit" FROM opened`;
    if (created[0]) return { ...created[0], spent: 0n, alertedAt: null, exhaustedAt: null, opened: true };
    // A separate statement has a fresh snapshot, so it sees a row a concurrent opener just committed.
    const existing = await db.$queryRaw<Omit<OpenedPeriod, 'opened'>[]>`
      SELECT id::text AS id, limit_micros AS "limit", spent_micros AS spent, alerted_at AS "alertedAt",
        exhausted_at AS "exhaustedAt"
      FROM credit_periods
      WHERE team_id = ${teamId}::uuid AND token_id = ${token}::uuid AND period_start = ${window.start}`;
    if (!existing[0]) throw new Error(`credit period of team ${teamId} vanished while being opened`);
    return { ...existing[0], opened: false };
  }

  /**
   * Leases credit to a replica: at least `shortfall`, ideally `remaining / divisor` rounded down to whole
   * `unit`s (so equal-sized requests never strand a fragment) and at most the cap, never more than remains.
   * The row is locked first, then the UPDATE re-checks `limit - spent - reserved >= amount` on the row it
   * writes: whatever the interleaving, reserved + spent can never pass the limit through a lease.
   */
  async lease(
    periodId: string,
    replicaId: string,
    shortfall: bigint,
    unit: bigint,
    policy: ChunkPolicy,
  ): Promise<LeaseOutcome> {
    const rows = await this.prisma.$queryRaw<{ granted: bigint | null; remaining: bigint | null }[]>`
      WITH current AS (
        SELECT id, limit_micros - spent_micros - reserved_micros AS remaining
        FROM credit_periods WHERE id = ${periodId}::uuid FOR UPDATE
      ), offer AS (
        SELECT id, remaining, LEAST(remaining, GREATEST(${shortfall}::bigint, LEAST(${policy.maxChunkMicros}::bigint,
          remaining / ${policy.remainingDivisor}::bigint / ${unit}::bigint * ${unit}::bigint))) AS amount
        FROM current
      ), leased AS (
        UPDATE credit_periods p SET reserved_micros = p.reserved_micros + o.amount
        FROM offer o
        WHERE p.id = o.id AND o.amount > 0 AND o.amount >= ${shortfall}::bigint
          AND p.limit_micros - p.spent_micros - p.reserved_micros >= o.amount
        RETURNING p.id, o.amount
      ), held AS (
        INSERT INTO credit_leases (period_id, replica_id, amount_micros)
        SELECT id, ${replicaId}::uuid, amount FROM leased
        ON CONFLICT (period_id, replica_id) DO UPDATE
          SET amount_micros = credit_leases.amount_micros + EXCLUDED.amount_micros, heartbeat_at = now()
        RETURNING amount_micros
      )
      SELECT (SELECT amount FROM leased) AS granted, (SELECT remaining FROM current) AS remaining,
        (SELECT count(*) FROM held) AS held`;
    const row = rows[0];
    if (row?.remaining === null || row?.remaining === undefined) {
      throw new Error(`credit period ${periodId} does not exist`);
    }
    return { granted: row.granted ?? 0n, remaining: row.remaining };
  }

  /**
   * Takes the credit a replica gave back since its last flush off its lease: `reserved -= returned`, and the same
   * off the lease row. Spend, and the leased credit it used, leave with the requests' usage rows instead
   * (`PeriodChargesRepository`). Answers the period as it now stands; null when the replica no longer holds
   * `returned` on its lease (it was reclaimed as stale): then nothing is written.
   */
  async flush(
    batchId: string,
    periodId: string,
    replicaId: string,
    batch: { returned: bigint },
  ): Promise<FlushOutcome | null> {
    const total = batch.returned;
    const rows = await this.prisma.$queryRaw<FlushOutcome[]>`
      WITH locked AS (
        SELECT id FROM credit_periods WHERE id = ${periodId}::uuid FOR UPDATE
      ), lease AS (
        UPDATE credit_leases SET amount_micros = amount_micros - ${total}::bigint, heartbeat_at = now()
        WHERE period_id = (SELECT id FROM locked) AND replica_id = ${replicaId}::uuid
          AND amount_micros >= ${total}::bigint AND ${total}::bigint > 0
        RETURNING period_id
      ), target AS (
        SELECT period_id AS id FROM lease
        UNION ALL SELECT id FROM locked WHERE ${total}::bigint = 0
      ), period AS (
        UPDATE credit_periods SET reserved_micros = reserved_micros - ${total}::bigint
        WHERE id = (SELECT id FROM target)
        RETURNING id, spent_micros, limit_micros, alerted_at, exhausted_at
      ), applied AS (
        INSERT INTO applied_credit_batches (id) SELECT ${batchId}::uuid FROM period
      )
      SELECT spent_micros AS spent, limit_micros AS "limit", alerted_at AS "alertedAt",
        exhausted_at AS "exhaustedAt" FROM period`;
    return rows[0] ?? null;
  }

  /**
   * Applies a flush that reached the write-ahead file instead, once: nothing when its batch id was applied already
   * (by the flush itself, whose acknowledgement was lost, or by an earlier replay). What it settled and gave back
   * comes off the replica's lease as far as the lease still holds it (a lease reclaimed as stale already returned
   * its credit). A record of an earlier release (`chargesSpend`) also carries spend and its ledger amount, which
   * its usage rows did not. Answers whether it was applied now.
   */
  async applySpilled(batch: SpilledCreditBatch, ledgerNote: string): Promise<boolean> {
    const total = batch.settled + batch.returned;
    const spent = batch.chargesSpend ? batch.settled + batch.overdrawn : 0n;
    const ledgerAmount = batch.chargesSpend ? batch.ledgerAmount : 0n;
    const rows = await this.prisma.$queryRaw<{ fresh: number }[]>`
      WITH fresh AS (
        INSERT INTO applied_credit_batches (id) VALUES (${batch.id}::uuid) ON CONFLICT (id) DO NOTHING RETURNING id
      ), locked AS (
        SELECT id FROM credit_periods
        WHERE id = ${batch.periodId}::uuid AND EXISTS (SELECT 1 FROM fresh) FOR UPDATE
      ), held AS (
        SELECT LEAST(amount_micros, ${total}::bigint) AS taken FROM credit_leases
        WHERE period_id = (SELECT id FROM locked) AND replica_id = ${batch.replicaId}::uuid FOR UPDATE
      ), lease AS (
        UPDATE credit_leases SET amount_micros = amount_micros - (SELECT taken FROM held)
        WHERE period_id = (SELECT id FROM locked) AND replica_id = ${batch.replicaId}::uuid
        RETURNING period_id
      ), period AS (
        UPDATE credit_periods
        SET spent_micros = spent_micros + ${spent}::bigint,
            reserved_micros = reserved_micros - coalesce((SELECT taken FROM held), 0)
        WHERE id = (SELECT id FROM locked)
        RETURNING id, team_id, token_id
      ), ledger AS (
        INSERT INTO credit_ledger (team_id, token_id, period_id, kind, amount_micros, note)
        SELECT team_id, token_id, id, 'settlement'::"LedgerKind", ${ledgerAmount}::bigint, ${ledgerNote}
        FROM period WHERE ${ledgerAmount}::bigint > 0
      )
      SELECT count(*)::int AS fresh FROM fresh`;
    return (rows[0]?.fresh ?? 0) > 0;
  }

  /** Forgets applied batch ids older than any write-ahead file still waiting could hold. */
  async pruneAppliedBatches(olderThanMs: number): Promise<void> {
    await this.prisma.$executeRaw`
      DELETE FROM applied_credit_batches
      WHERE applied_at < now() - ${olderThanMs}::bigint * interval '1 millisecond'`;
  }

  /** Keeps a live replica's leases from being reclaimed as stale. */
  async heartbeat(replicaId: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE credit_leases SET heartbeat_at = now() WHERE replica_id = ${replicaId}::uuid`;
  }

  /**
   * Gives back to their periods the leases of replicas that stopped heartbeating (crashed, or stalled longer than
   * `staleAfterMs`). Deleting the lease row and lowering `reserved` happen in one statement.
   */
  async reclaimStale(
    staleAfterMs: number,
    exceptReplicaId: string,
  ): Promise<{ leases: number; amount: bigint }> {
    const rows = await this.prisma.$queryRaw<{ leases: number; amount: bigint }[]>`
      WITH locked AS (
        SELECT id FROM credit_periods
        WHERE id IN (
          SELECT period_id FROM credit_leases
          WHERE heartbeat_at < now() - ${staleAfterMs}::int * interval '1 millisecond'
            AND replica_id <> ${exceptReplicaId}::uuid
        )
        ORDER BY id FOR UPDATE
      ), stale AS (
        DELETE FROM credit_leases
        WHERE period_id = ANY(ARRAY(SELECT id FROM locked))
          AND heartbeat_at < now() - ${staleAfterMs}::int * interval '1 millisecond'
          AND replica_id <> ${exceptReplicaId}::uuid
        RETURNING period_id, amount_micros
      ), totals AS (
        SELECT period_id, sum(amount_micros)::bigint AS amount FROM stale GROUP BY period_id
      ), freed AS (
        UPDATE credit_periods p SET reserved_micros = p.reserved_micros - t.amount
        FROM totals t WHERE p.id = t.period_id
        RETURNING p.id
      )
      SELECT count(*)::int AS leases, coalesce(sum(amount_micros), 0)::bigint AS amount FROM stale`;
    return rows[0] ?? { leases: 0, amount: 0n };
  }

  /** Drops one lease of this replica whatever it holds, returning that credit to the period. */
  async dropLease(periodId: string, replicaId: string): Promise<bigint> {
    const rows = await this.prisma.$queryRaw<{ amount: bigint }[]>`
      WITH locked AS (
        SELECT id FROM credit_periods WHERE id = ${periodId}::uuid FOR UPDATE
      ), dropped AS (
        DELETE FROM credit_leases WHERE period_id = (SELECT id FROM locked) AND replica_id = ${replicaId}::uuid
        RETURNING period_id, amount_micros
      ), freed AS (
        UPDATE credit_periods p SET reserved_micros = p.reserved_micros - d.amount_micros
        FROM dropped d WHERE p.id = d.period_id
        RETURNING p.id
      )
      SELECT coalesce(sum(amount_micros), 0)::bigint AS amount FROM dropped`;
    return rows[0]?.amount ?? 0n;
  }

  /** A replica that shuts down cleanly leaves no lease rows behind. */
  async dropEmptyLeases(replicaId: string): Promise<void> {
    await this.prisma.$executeRaw`
      DELETE FROM credit_leases WHERE replica_id = ${replicaId}::uuid AND amount_micros = 0`;
  }

  /** Marks the period alerted when its spend has reached the threshold; null when not due or already alerted. */
  async markAlerted(periodId: string, alertAtPercent: number): Promise<CrossedPeriod | null> {
    const rows = await this.prisma.$queryRaw<CrossedPeriod[]>`
      UPDATE credit_periods SET alerted_at = now()
      WHERE id = ${periodId}::uuid AND alerted_at IS NULL AND spent_micros > 0
        AND spent_micros * 100 >= limit_micros * ${alertAtPercent}::int
      RETURNING ${CROSSED_COLUMNS}`;
    return crossed(rows);
  }

  /**
   * Marks the period exhausted, once: when `force` (a request was refused for want of credit) or when its spend has
   * reached its limit. Null when not due or already marked.
   */
  async markExhausted(periodId: string, force: boolean): Promise<CrossedPeriod | null> {
    const rows = await this.prisma.$queryRaw<CrossedPeriod[]>`
      UPDATE credit_periods SET exhausted_at = now()
      WHERE id = ${periodId}::uuid AND exhausted_at IS NULL AND (${force} OR spent_micros >= limit_micros)
      RETURNING ${CROSSED_COLUMNS}`;
    return crossed(rows);
  }
}

const CROSSED_COLUMNS = Prisma.sql`team_id::text AS "teamId",
  NULLIF(token_id, ${TEAM_BUDGET_TOKEN_ID}::uuid)::text AS "tokenId", period_start AS "periodStart",
  spent_micros AS spent, limit_micros AS "limit"`;

const crossed = (rows: CrossedPeriod[]): CrossedPeriod | null => rows[0] ?? null;
