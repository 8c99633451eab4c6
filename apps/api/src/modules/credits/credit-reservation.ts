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
   * full (from credit this replica holds when it can) and logged, never capped. Answers the charge for each budget
   * period, which the request's usage row carries to the database: the spend and the lease credit it used land
   * there together, in one transaction with the row. Empty when no budget applies, or after the first call.
   */
  settle(actualCostMicros: bigint): PeriodCharge[];
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
    settle: () => [],
    release: () => undefined,
    shrink: () => undefined,
  };
}

/**
 * One request's charge to one budget period: its whole cost, and how much of it credit leased by `replicaId`
 * paid (the rest had no lease behind it: a soft budget, a reservation made wrong).
 */
export interface PeriodCharge {
  periodId: string;
  replicaId: string;
  leasedMicros: bigint;
}

/**
 * Where a held reservation's credit lives: told once how it ended (answering how much of the charge its leased
 * credit paid), and of any credit given back before.
 */
export interface ReservationHolder {
  readonly periodId: string;
  readonly replicaId: string;
  finish(reservedMicros: bigint, chargedMicros: bigint): bigint;
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

  settle(actualCostMicros: bigint): PeriodCharge[] {
    if (this.finished) return [];
    this.finished = true;
    const leasedMicros = this.holder.finish(
      this.reservedMicros,
      actualCostMicros < 0n ? 0n : actualCostMicros,
    );
    if (actualCostMicros <= 0n) return [];
    return [{ periodId: this.holder.periodId, replicaId: this.holder.replicaId, leasedMicros }];
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

  settle(actualCostMicros: bigint): PeriodCharge[] {
    return this.parts.flatMap((part) => part.settle(actualCostMicros));
  }

  release(): void {
    for (const part of this.parts) part.release();
  }

  shrink(keepMicros: bigint): void {
    for (const part of this.parts) part.shrink(keepMicros);
  }
}
