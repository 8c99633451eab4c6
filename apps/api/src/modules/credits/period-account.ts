import { type Budget } from './budget.js';
import { type CreditReservation } from './credit-reservation.js';

/** A request waiting for credit: it needs `need` (its worst case) and can run, shortened, on `least`. */
export interface Waiter {
  need: bigint;
  least: bigint;
  resolve(reservation: CreditReservation): void;
  reject(error: unknown): void;
}

export interface FlushBatch {
  /** Settled spend paid from leased credit. */
  settled: bigint;
  /** Settled spend beyond any leased credit: a soft budget's charges, or a reservation made wrong. */
  overdrawn: bigint;
  returned: bigint;
}

/**
 * One replica's local view of one budget's credit period (a team's or a token's). Every micro-USD this replica
 * leased is in exactly one place: `available` (leased, free), `inFlight` (reserved by requests), `settled` or
 * `returned` (waiting for the next flush). Their sum is what the replica's lease row holds in Postgres.
 * `overdrawn` is spend that no lease covered; it is written to the period's spend all the same, never dropped.
 */
export class PeriodAccount {
  available = 0n;
  inFlight = 0n;
  settled = 0n;
  overdrawn = 0n;
  returned = 0n;
  /** Settled and flushed, not yet written as a ledger row (settlements are batched in the ledger). */
  unledgered = 0n;
  /** The period's limit and settled spend as last read from Postgres (for refusals and alerts). */
  knownLimit: bigint;
  knownSpent: bigint;
  lastLedgerAt: number;
  lastUsedAt: number;
  readonly waiters: Waiter[] = [];
  leasing = false;
  /** Until then, a shortfall above `knownRemaining` is refused without asking Postgres again. */
  refusedUntil = 0;
  knownRemaining = 0n;
  /** The budget changed: the next reservation re-reads it before using this account. */
  stale = false;
  /** No longer the budget's current account (period over, budget changed, idle); drained, then dropped. */
  retired = false;
  /** Its lease was reclaimed while this replica was unreachable: nothing it holds is backed any more. */
  lost = false;

  constructor(
    readonly budget: Budget,
    readonly periodId: string,
    readonly periodStart: Date,
    /** Epoch ms when the period ends; null for a `total` budget. */
    readonly periodEnd: number | null,
    public alerted: boolean,
    public exhausted: boolean,
    period: { limit: bigint; spent: bigint },
    now: number,
  ) {
    this.knownLimit = period.limit;
    this.knownSpent = period.spent;
    this.lastLedgerAt = now;
    this.lastUsedAt = now;
  }

  get teamId(): string {
    return this.budget.teamId;
  }

  get period() {
    return this.budget.period;
  }

  get soft(): boolean {
    return this.budget.mode === 'soft';
  }

  take(amount: bigint, now: number): void {
    this.available -= amount;
    this.inFlight += amount;
    this.lastUsedAt = now;
  }

  /**
   * A request finished: `charged` of it is spent, the rest of its reservation free again (or given back). A charge
   * above the reservation is paid from free leased credit as far as it goes; the rest is overdrawn.
   */
  finish(reserved: bigint, charged: bigint): void {
    this.inFlight -= reserved;
    if (charged <= reserved) {
      this.settled += charged;
      this.free(reserved - charged);
      return;
    }
    const excess = charged - reserved;
    const covered = this.retired ? 0n : this.available < excess ? this.available : excess;
    this.available -= covered;
    this.settled += reserved + covered;
    this.overdrawn += excess - covered;
  }

  /** Settled spend not yet flushed to Postgres. */
  get unflushedSpend(): bigint {
    return this.settled + this.overdrawn;
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
    const batch = { settled: this.settled, overdrawn: this.overdrawn, returned: this.returned };
    this.settled = 0n;
    this.overdrawn = 0n;
    this.returned = 0n;
    return batch;
  }

  restore(batch: FlushBatch): void {
    this.settled += batch.settled;
    this.overdrawn += batch.overdrawn;
    this.returned += batch.returned;
  }

  get drained(): boolean {
    return (
      this.available === 0n &&
      this.inFlight === 0n &&
      this.settled === 0n &&
      this.overdrawn === 0n &&
      this.returned === 0n &&
      this.unledgered === 0n &&
      this.waiters.length === 0
    );
  }
}
