import { describe, expect, it } from '@jest/globals';
import { type Budget } from './budget.js';
import { HeldReservation } from './credit-reservation.js';
import { PeriodAccount } from './period-account.js';

function held(reserved: bigint) {
  const calls: [bigint, bigint][] = [];
  const givenBack: bigint[] = [];
  const reservation = new HeldReservation('team', reserved, {
    periodId: 'period',
    replicaId: 'replica',
    finish: (reservedMicros: bigint, charged: bigint) => {
      calls.push([reservedMicros, charged]);
      return charged < reservedMicros ? charged : reservedMicros;
    },
    giveBack: (amount: bigint) => givenBack.push(amount),
  });
  return { reservation, calls, givenBack };
}

describe('HeldReservation', () => {
  it('charges the actual cost, once', () => {
    const { reservation, calls } = held(100n);
    reservation.settle(40n);
    reservation.settle(60n);
    reservation.release();
    expect(calls).toEqual([[100n, 40n]]);
  });

  it('answers the charge its usage row carries: the period, the replica and the leased part, once', () => {
    const { reservation } = held(100n);
    expect(reservation.settle(250n)).toEqual([
      { periodId: 'period', replicaId: 'replica', leasedMicros: 100n },
    ]);
    expect(reservation.settle(250n)).toEqual([]);
    expect(held(100n).reservation.settle(0n)).toEqual([]);
  });

  it('charges a cost above the reservation in full, never capped', () => {
    const { reservation, calls } = held(100n);
    reservation.settle(250n);
    expect(calls).toEqual([[100n, 250n]]);
  });

  it('charges nothing on release, or for a negative cost', () => {
    const released = held(100n);
    released.reservation.release();
    released.reservation.settle(10n);
    expect(released.calls).toEqual([[100n, 0n]]);
    const negative = held(100n);
    negative.reservation.settle(-5n);
    expect(negative.calls).toEqual([[100n, 0n]]);
  });

  it('gives back what a shrink no longer holds, before it settles', () => {
    const { reservation, calls, givenBack } = held(100n);
    reservation.shrink(30n);
    reservation.shrink(50n);
    reservation.settle(20n);
    expect(givenBack).toEqual([70n]);
    expect(calls).toEqual([[30n, 20n]]);
  });
});

describe('PeriodAccount', () => {
  const budget: Budget = {
    teamId: 'team',
    tokenId: null,
    limitMicros: 1_000n,
    period: 'daily',
    mode: 'hard',
    alertAtPercent: null,
  };
  const account = () =>
    new PeriodAccount(budget, 'period', new Date(0), null, false, false, { limit: 1_000n, spent: 0n }, 0);

  it('keeps every leased micro-USD it still holds in exactly one place, and hands spent credit to the charge', () => {
    const a = account();
    a.available = 1_000n;
    a.take(300n, 1);
    a.take(200n, 2);
    const spent = a.finish(300n, 120n) + a.finish(200n, 0n);
    expect({ available: a.available, inFlight: a.inFlight, spent }).toEqual({
      available: 880n,
      inFlight: 0n,
      spent: 120n,
    });
    expect(a.available + a.inFlight + a.returned + spent).toBe(1_000n);
  });

  it('gives back what a retired account frees instead of keeping it available', () => {
    const a = account();
    a.available = 500n;
    a.take(100n, 1);
    a.retired = true;
    a.giveBackAvailable();
    const spent = a.finish(100n, 30n);
    expect({ available: a.available, returned: a.returned, spent }).toEqual({
      available: 0n,
      returned: 470n,
      spent: 30n,
    });
  });

  it('hands what it gave back to a flush, and takes it back if the flush fails', () => {
    const a = account();
    a.returned = 30n;
    const batch = a.takeBatch();
    expect(batch).toEqual({ returned: 30n });
    expect(a.drained).toBe(true);
    a.restore(batch);
    expect([a.returned, a.drained]).toEqual([30n, false]);
  });

  it('pays a charge above its reservation from free credit; the rest has no lease behind it', () => {
    const a = account();
    a.available = 50n;
    a.take(20n, 1);
    expect(a.finish(20n, 60n)).toBe(50n);
    expect(a.available).toBe(0n);
  });
});
