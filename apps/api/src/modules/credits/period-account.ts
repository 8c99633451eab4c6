import { type BudgetPeriod } from '../../database/generated/enums.js';
import { type CreditReservation } from './credit-reservation.js';

export interface Waiter {
  need: bigint;
  resolve(reservation: CreditReservation): void;
  reject(error: unknown): void;
}

export interface FlushBatch {
  settled: bigint;
  returned: bigint;
}

/**
 * One replica's local view of one team's credit period. Every micro-USD this replica leased is in exactly one
 * place: `available` (leased, free), `inFlight` (reserved by requests), `settled` or `returned` (waiting for the
 * next flush). Their sum is what the replica's lease row holds in Postgres.
 */
export class PeriodAccount {
  available = 0n;
  inFlight = 0n;
  settled = 0n;
  returned = 0n;
  /** Settled and flushed, not yet written as a ledger row (settlements are batched in the ledger). */
  unledgered = 0n;
  lastLedgerAt: number;
  lastUsedAt: number;
  readonly waiters: Waiter[] = [];
  leasing = false;
  /** Until then, a shortfall above `knownRemaining` is refused without asking Postgres again. */
  refusedUntil = 0;
  knownRemaining = 0n;
  /** The budget changed: the next reservation re-reads it before using this account. */
  stale = false;
  /** No longer the team's current account (period over, budget changed, idle); drained, then dropped. */
  retired = false;
  /** Its lease was reclaimed while this replica was unreachable: nothing it holds is backed any more. */
  lost = false;

  constructor(
    readonly teamId: string,
    readonly periodId: string,
    readonly period: BudgetPeriod,
    /** Epoch ms when the period ends; null for a `total` budget. */
    readonly periodEnd: number | null,
    public alerted: boolean,
    now: number,
  ) {
    this.lastLedgerAt = now;
    this.lastUsedAt = now;
  }

  take(amount: bigint, now: number): void {
    this.available -= amount;
    this.inFlight += amount;
    this.lastUsedAt = now;
  }

  /** A request finished: `charged` of its reservation is spent, the rest is free again (or given back). */
  finish(reserved: bigint, charged: bigint): void {
    this.inFlight -= reserved;
    this.settled += charged;
    this.free(reserved - charged);
  }

  free(amount: bigint): void {
    if (this.retired) this.returned += amount;
    else this.available += amount;
  }

  giveBackAvailable(): void {
    this.returned += this.available;
    this.available = 0n;
  }

  takeBatch(): FlushBatch {
    const batch = { settled: this.settled, returned: this.returned };
    this.settled = 0n;
    this.returned = 0n;
    return batch;
  }

  restore(batch: FlushBatch): void {
    this.settled += batch.settled;
    this.returned += batch.returned;
  }

  get drained(): boolean {
    return (
      this.available === 0n &&
      this.inFlight === 0n &&
      this.settled === 0n &&
      this.returned === 0n &&
      this.unledgered === 0n &&
      this.waiters.length === 0
    );
  }
}
