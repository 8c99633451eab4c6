import { type Budget } from './budget.js';
import { type CreditReservation } from './credit-reservation.js';

/** A request waiting for credit: it needs `need` (its worst case) and can run, shortened, on `least`. */
export interface Waiter {
  need: bigint;
  least: bigint;
  resolve(reservation: CreditReservation): void;
  reject(error: unknown): void;
}

/** What a flush takes off the replica's lease: credit given back unspent. */
export interface FlushBatch {
  returned: bigint;
}

/**
 * One replica's local view of one budget's credit period (a team's or a token's). Every micro-USD this replica
 * leased and still holds is in exactly one place: `available` (leased, free), `inFlight` (reserved by requests) or
 * `returned` (given back, waiting for the next flush). Credit a request spent leaves the account when it settles:
 * it comes off the lease row with the request's usage row (`finish` says how much), so the lease row holds this
 * sum plus what settled requests have not yet written.
 */
export class PeriodAccount {
  available = 0n;
  inFlight = 0n;
  returned = 0n;
  /** The period's limit and settled spend as last read from Postgres (for refusals and alerts). */
  knownLimit: bigint;
  knownSpent: bigint;
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
   * A request finished: `charged` of it is spent, the rest of its reservation free again (or given back). Answers
   * how much of the charge leased credit paid: a charge above the reservation is paid from free leased credit as far
   * as it goes, and the rest (overdrawn) is spend all the same, with no lease behind it.
   */
  finish(reserved: bigint, charged: bigint): bigint {
    this.inFlight -= reserved;
    if (charged <= reserved) {
      this.free(reserved - charged);
      return charged;
    }
    const excess = charged - reserved;
    const covered = this.retired ? 0n : this.available < excess ? this.available : excess;
    this.available -= covered;
    return reserved + covered;
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
    const batch = { returned: this.returned };
    this.returned = 0n;
    return batch;
  }

  restore(batch: FlushBatch): void {
    this.returned += batch.returned;
  }

  get drained(): boolean {
    return this.available === 0n && this.inFlight === 0n && this.returned === 0n && this.waiters.length === 0;
  }
}
