/**
 * Credit held for one proxied request. Exactly one of `settle` or `release` takes effect, the first one
 * called; later calls do nothing, so a `finally { reservation.release() }` after a settle is safe.
 */
export interface CreditReservation {
  readonly teamId: string;
  /** The most this request is allowed to cost: what is held for it. */
  readonly reservedMicros: bigint;
  /** False when no hard budget applies: nothing was held, though a soft budget still records the charge. */
  readonly limited: boolean;
  /**
   * Charges the real cost, whole. A cost above the reservation is a reservation made wrong: it is still charged in
   * full (from credit this replica holds when it can) and logged, never capped.
   */
  settle(actualCostMicros: bigint): void;
  /** Returns the whole reservation: the call never happened, or failed before it could cost anything. */
  release(): void;
  /** Before the call: keeps only `keepMicros` held and gives back the rest (a tighter budget decided it). */
  shrink(keepMicros: bigint): void;
}

export function unlimitedReservation(teamId: string, reservedMicros: bigint): CreditReservation {
  return {
    teamId,
    reservedMicros,
    limited: false,
    settle: () => undefined,
    release: () => undefined,
    shrink: () => undefined,
  };
}

/** Where a held reservation's credit lives: told once how it ended, and of any credit given back before. */
export interface ReservationHolder {
  finish(reservedMicros: bigint, chargedMicros: bigint): void;
  giveBack(amountMicros: bigint): void;
}

export class HeldReservation implements CreditReservation {
  private finished = false;

  constructor(
    readonly teamId: string,
    public reservedMicros: bigint,
    private readonly holder: ReservationHolder,
    /** False for a soft budget: it holds nothing and only records. */
    readonly limited = true,
  ) {}

  settle(actualCostMicros: bigint): void {
    if (this.finished) return;
    this.finished = true;
    this.holder.finish(this.reservedMicros, actualCostMicros < 0n ? 0n : actualCostMicros);
  }

  release(): void {
    if (this.finished) return;
    this.finished = true;
    this.holder.finish(this.reservedMicros, 0n);
  }

  shrink(keepMicros: bigint): void {
    if (this.finished || keepMicros >= this.reservedMicros || keepMicros < 0n) return;
    this.holder.giveBack(this.reservedMicros - keepMicros);
    this.reservedMicros = keepMicros;
  }
}

/** Several reservations (the team's and the token's) that settle, release and shrink together. */
export class CombinedReservation implements CreditReservation {
  constructor(private readonly parts: readonly CreditReservation[]) {}

  get teamId(): string {
    return this.parts[0]!.teamId;
  }

  get reservedMicros(): bigint {
    let least: bigint | undefined;
    for (const part of this.parts) {
      if (part.limited && (least === undefined || part.reservedMicros < least)) least = part.reservedMicros;
    }
    return least ?? this.parts[0]!.reservedMicros;
  }

  get limited(): boolean {
    return this.parts.some((part) => part.limited);
  }

  settle(actualCostMicros: bigint): void {
    for (const part of this.parts) part.settle(actualCostMicros);
  }

  release(): void {
    for (const part of this.parts) part.release();
  }

  shrink(keepMicros: bigint): void {
    for (const part of this.parts) part.shrink(keepMicros);
  }
}
