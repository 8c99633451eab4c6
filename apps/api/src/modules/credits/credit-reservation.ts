/**
 * Credit held for one proxied request. Exactly one of `settle` or `release` takes effect, the first one
 * called; later calls do nothing, so a `finally { reservation.release() }` after a settle is safe.
 */
export interface CreditReservation {
  readonly teamId: string;
  /** The maximum cost reserved for the request. */
  readonly reservedMicros: bigint;
  /** False for a team without a budget: nothing was reserved and settling records nothing. */
  readonly limited: boolean;
  /**
   * Charges the real cost. A cost above the reservation is charged as the reservation (and logged), because
   * the reservation is the most this request was allowed to spend: the limit is never crossed.
   */
  settle(actualCostMicros: bigint): void;
  /** Returns the whole reservation: the call never happened, or failed before it could cost anything. */
  release(): void;
}

export function unlimitedReservation(teamId: string, reservedMicros: bigint): CreditReservation {
  return { teamId, reservedMicros, limited: false, settle: () => undefined, release: () => undefined };
}

/** A reservation whose outcome is handed, once, to `finish` with the amount to charge (0 on release). */
export class HeldReservation implements CreditReservation {
  readonly limited = true;
  private finished = false;

  constructor(
    readonly teamId: string,
    readonly reservedMicros: bigint,
    private readonly finish: (chargedMicros: bigint, requestedMicros: bigint) => void,
  ) {}

  settle(actualCostMicros: bigint): void {
    if (this.finished) return;
    this.finished = true;
    const requested = actualCostMicros < 0n ? 0n : actualCostMicros;
    this.finish(requested > this.reservedMicros ? this.reservedMicros : requested, requested);
  }

  release(): void {
    if (this.finished) return;
    this.finished = true;
    this.finish(0n, 0n);
  }
}
