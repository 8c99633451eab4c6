import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type CreditGate } from '../../src/modules/credits/credit-gate.js';
import { CreditPeriodsRepository } from '../../src/modules/credits/credit-periods.repository.js';
import { type CreditReservation } from '../../src/modules/credits/credit-reservation.js';
import { CreditsException } from '../../src/modules/credits/credits.exception.js';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { clockOf, gateOf, startSecondReplica } from './support/replicas.js';
import { flushUsage, settleAsProxy } from './support/settle-as-proxy.js';
import { createTeam, prismaOf } from './support/teams.js';
import { waitFor } from './support/wait-for.js';

const CENT = 10_000n;

describe('CreditGate: reserve and settle without overshoot, across replicas', () => {
  let api: TestApp;
  let second: NestFastifyApplication | undefined;
  let gateA: CreditGate;
  let gateB: CreditGate;
  let owner: Awaited<ReturnType<typeof signedInAs>>;

  beforeAll(async () => {
    api = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:6379' });
    second = await startSecondReplica(api);
    gateA = gateOf(api.app);
    gateB = gateOf(second);
    owner = await signedInAs(api, 'owner');
  });

  afterAll(async () => {
    await second?.close();
    await api.close();
  });

  const budgeted = async (limitUsd: number, period = 'total', alertAtPercent?: number) => {
    const teamId = await createTeam(api);
    await api.http
      .put(`/admin/teams/${teamId}/budget`)
      .set('authorization', owner.authorization)
      .send({ limitUsd, period, ...(alertAtPercent ? { alertAtPercent } : {}) })
      .expect(200);
    return teamId;
  };

  const settle = (reservation: CreditReservation, costMicros: bigint, on = api.app) =>
    settleAsProxy(on, reservation, costMicros);
  /** The periods as the database holds them once the queued usage rows (which carry the spend) are written. */
  const periodsOf = async (teamId: string) => {
    await flushUsage(api.app);
    return prismaOf(api).creditPeriod.findMany({ where: { teamId }, orderBy: { periodStart: 'asc' } });
  };
  const leasesOf = (periodId: string) => prismaOf(api).creditLease.findMany({ where: { periodId } });
  const flushBoth = async () => {
    await Promise.all([flushUsage(api.app), second ? flushUsage(second) : undefined]);
    await Promise.all([gateA.flush({ returnUnused: true }), gateB.flush({ returnUnused: true })]);
  };

  it('lets exactly limit/cost of 300 concurrent requests through on two replicas, and refuses the rest with 402', async () => {
    const teamId = await budgeted(0.5);
    const leaseA = jest.spyOn(api.app.get(CreditPeriodsRepository, { strict: false }), 'lease');
    const leaseB = jest.spyOn(second!.get(CreditPeriodsRepository, { strict: false }), 'lease');
    const servedBy = { A: 0, B: 0 };

    const outcomes = await Promise.allSettled(
      Array.from({ length: 300 }, async (_, i) => {
        const [name, gate] = i % 2 === 0 ? (['A', gateA] as const) : (['B', gateB] as const);
        const reservation = await gate.reserve(teamId, CENT);
        servedBy[name] += 1;
        settle(reservation, CENT);
      }),
    );

    const succeeded = outcomes.filter((o) => o.status === 'fulfilled').length;
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(succeeded).toBe(50);
    expect(servedBy.A).toBeGreaterThan(0);
    expect(servedBy.B).toBeGreaterThan(0);
    expect(refused).toHaveLength(250);
    for (const error of refused) {
      expect(error).toBeInstanceOf(CreditsException);
      expect((error as CreditsException).toHttpError()).toMatchObject({
        status: 402,
        type: 'insufficient_quota',
        code: 'credit_limit_exceeded',
      });
      expect((error as Error).message).toMatch(new RegExp(`^Team ${teamId} has \\$0 of credit left`));
    }
    // Credit moved in chunks: far fewer database leases than requests served.
    expect(leaseA.mock.calls.length + leaseB.mock.calls.length).toBeLessThan(succeeded);
    leaseA.mockRestore();
    leaseB.mockRestore();

    await flushBoth();
    const [period] = await periodsOf(teamId);
    expect(period).toMatchObject({ limit: 500_000n, spent: 500_000n, reserved: 0n });
    expect((await leasesOf(period!.id)).every((lease) => lease.amount === 0n)).toBe(true);
    const settlements = await prismaOf(api).creditLedger.findMany({ where: { teamId, kind: 'settlement' } });
    expect(settlements.reduce((sum, entry) => sum + entry.amount, 0n)).toBe(500_000n);
  });

  it('never settles more than the limit when real costs fall below the reservations, while flushing', async () => {
    const teamId = await budgeted(0.5);
    let charged = 0n;
    // Flushes (giving unused credit back) race the requests and each other's leases on the same rows.
    let flushes = 0;
    const flusher = setInterval(() => {
      flushes += 1;
      void (flushes % 2 === 0 ? gateA : gateB).flush({ returnUnused: flushes % 3 === 0 });
    }, 5);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 300 }, async (_, i) => {
        const reservation = await (i % 2 === 0 ? gateA : gateB).reserve(teamId, CENT);
        const cost = BigInt(Math.floor(Math.random() * 10_001));
        charged += cost;
        settle(reservation, cost);
      }),
    );
    clearInterval(flusher);
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as CreditsException] : []));
    expect(new Set(failures.map((error) => error.code))).toEqual(new Set(['credit_limit_exceeded']));
    expect(outcomes.length - failures.length).toBeGreaterThanOrEqual(50);
    await flushBoth();
    const [period] = await periodsOf(teamId);
    expect(period!.spent).toBe(charged);
    expect(period!.spent).toBeLessThanOrEqual(500_000n);
    expect(period!.reserved).toBe(0n);
  });

  it('charges a cost above the reservation in full: the books are never capped', async () => {
    const teamId = await budgeted(1);
    const reservation = await gateA.reserve(teamId, 3n * CENT);
    settle(reservation, 50n * CENT);
    reservation.settle(CENT);
    reservation.release();
    await gateA.flush({ returnUnused: true });
    const [period] = await periodsOf(teamId);
    expect(period).toMatchObject({ spent: 50n * CENT, reserved: 0n });
    const ledger = await prismaOf(api).creditLedger.findMany({ where: { teamId, kind: 'settlement' } });
    expect(ledger.reduce((sum, row) => sum + row.amount, 0n)).toBe(50n * CENT);
  });

  it('returns released reservations, and refuses a request its remaining credit cannot cover, naming it', async () => {
    const teamId = await budgeted(0.05);
    const released = await gateB.reserve(teamId, 4n * CENT);
    await expect(gateA.reserve(teamId, 2n * CENT)).rejects.toThrow(
      `Team ${teamId} has $0.01 of credit left in its total budget of $0.05; this request needs at least $0.02`,
    );
    released.release();
    await gateB.flush({ returnUnused: true });
    // For a second after a refusal, replica A refuses what it knows cannot fit without asking Postgres again.
    await expect(gateA.reserve(teamId, 5n * CENT)).rejects.toBeInstanceOf(CreditsException);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const reservation = await gateA.reserve(teamId, 5n * CENT);
    settle(reservation, 5n * CENT);
    await gateA.flush({ returnUnused: true });
    const [period] = await periodsOf(teamId);
    expect(period).toMatchObject({ spent: 5n * CENT, reserved: 0n });
  });

  it('skips all of it for teams without a budget', async () => {
    const teamId = await createTeam(api);
    const reservation = await gateA.reserve(teamId, 1_000_000_000n);
    expect(reservation).toMatchObject({ limited: false, teamId });
    settle(reservation, 1_000_000_000n);
    await gateA.flush();
    expect(await periodsOf(teamId)).toEqual([]);
  });

  it('applies a raised budget on every replica at once, through Redis', async () => {
    const teamId = await budgeted(0.01);
    const first = await gateB.reserve(teamId, CENT);
    settle(first, CENT);
    await expect(gateB.reserve(teamId, CENT)).rejects.toBeInstanceOf(CreditsException);
    await api.http
      .post(`/admin/teams/${teamId}/credits/adjust`)
      .set('authorization', owner.authorization)
      .send({ amountUsd: 0.02, note: 'top-up' })
      .expect(200);
    // The adjustment was made through replica A; replica B forgets its refusal when the change reaches it.
    await waitFor(async () => {
      try {
        settle(await gateB.reserve(teamId, 2n * CENT), 2n * CENT);
        return true;
      } catch {
        return false;
      }
    });
    await flushBoth();
    const [period] = await periodsOf(teamId);
    expect(period).toMatchObject({ limit: 3n * CENT, spent: 3n * CENT, reserved: 0n });
  });

  it('opens a new period when the day turns, and settles each request in its own period', async () => {
    const teamId = await budgeted(0.1, 'daily');
    const clock = clockOf(api.app);
    const realNow = clock.now.bind(clock);
    try {
      const before = await gateA.reserve(teamId, 6n * CENT);
      settle(before, 6n * CENT);
      const today = realNow();
      const tomorrow = new Date(
        Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1, 0, 0, 1),
      );
      clock.now = () => tomorrow;
      const after = await gateA.reserve(teamId, 8n * CENT);
      settle(after, 8n * CENT);
      await gateA.flush({ returnUnused: true });
      const periods = await periodsOf(teamId);
      expect(periods.map((p) => [p.periodStart.toISOString(), p.spent, p.reserved])).toEqual([
        [
          new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())).toISOString(),
          6n * CENT,
          0n,
        ],
        [
          new Date(
            Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1),
          ).toISOString(),
          8n * CENT,
          0n,
        ],
      ]);
      const reset = await prismaOf(api).creditLedger.findMany({ where: { teamId, kind: 'period_reset' } });
      expect(reset).toEqual([expect.objectContaining({ periodId: periods[1]!.id, amount: 100_000n })]);
    } finally {
      clock.now = realNow;
    }
  });

  it('raises the budget alert once per period, when settled spend crosses the threshold', async () => {
    const teamId = await budgeted(0.1, 'monthly', 50);
    settle(await gateA.reserve(teamId, 4n * CENT), 4n * CENT);
    await gateA.flush();
    const alerts = () =>
      prismaOf(api).auditEvent.findMany({ where: { action: 'budget.alert', targetId: teamId } });
    expect(await alerts()).toHaveLength(0);
    settle(await gateB.reserve(teamId, 2n * CENT), 2n * CENT);
    await gateB.flush();
    settle(await gateA.reserve(teamId, 2n * CENT), 2n * CENT);
    await flushBoth();
    const raised = await alerts();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      actorType: 'system',
      after: expect.objectContaining({ alertAtPercent: 50 }),
    });
    const spend = await api.http
      .get(`/admin/teams/${teamId}/spend`)
      .set('authorization', owner.authorization)
      .expect(200);
    expect(spend.body).toMatchObject({ spentUsd: 0.08, alerting: true, alertAtPercent: 50 });
  });

  it('shows leased but unsettled credit as reserved in the spend view', async () => {
    const teamId = await budgeted(1);
    const held = await gateA.reserve(teamId, 10n * CENT);
    const view = await api.http
      .get(`/admin/teams/${teamId}/spend`)
      .set('authorization', owner.authorization)
      .expect(200);
    expect(view.body.reservedUsd).toBeGreaterThanOrEqual(0.1);
    expect(view.body.remainingUsd).toBeCloseTo(1 - view.body.reservedUsd, 6);
    held.release();
    await gateA.flush({ returnUnused: true });
  });

  it('reclaims the leases of a replica that stopped heartbeating, and only those', async () => {
    const teamId = await budgeted(1);
    settle(await gateA.reserve(teamId, CENT), CENT);
    await gateA.flush();
    const [period] = await periodsOf(teamId);
    const prisma = prismaOf(api);
    const deadReplica = '00000000-0000-4000-8000-0000000000de';
    await prisma.$transaction([
      prisma.creditPeriod.update({ where: { id: period!.id }, data: { reserved: { increment: 300_000n } } }),
      prisma.creditLease.create({
        data: {
          periodId: period!.id,
          replicaId: deadReplica,
          amount: 300_000n,
          heartbeatAt: new Date(Date.now() - 11 * 60_000),
        },
      }),
    ]);
    const reservedBefore = (await periodsOf(teamId))[0]!.reserved;
    const reclaimed = await gateB.reclaimStaleLeases();
    expect(reclaimed).toEqual({ leases: 1, amount: 300_000n });
    const after = (await periodsOf(teamId))[0]!;
    expect(after.reserved).toBe(reservedBefore - 300_000n);
    const leases = await leasesOf(period!.id);
    expect(leases.map((lease) => lease.replicaId)).toEqual([gateA.replicaId]);
    await gateA.flush({ returnUnused: true });
    expect((await periodsOf(teamId))[0]).toMatchObject({ spent: CENT, reserved: 0n });
  });

  it('abandons a lease that was reclaimed from under a stalled replica, still recording what it settled', async () => {
    const teamId = await budgeted(1);
    const held = await gateA.reserve(teamId, CENT);
    // Replica A looks dead to B (a zero staleness threshold): B takes A's credit back.
    await gateB.reclaimStaleLeases(0);
    settle(held, CENT);
    await gateA.flush();
    // The cent settled on the lost lease is spend all the same; nothing is left reserved.
    const [period] = await periodsOf(teamId);
    expect(period).toMatchObject({ spent: CENT, reserved: 0n });
    // Replica A starts over with a fresh lease.
    settle(await gateA.reserve(teamId, 2n * CENT), 2n * CENT);
    await gateA.flush({ returnUnused: true });
    expect((await periodsOf(teamId))[0]).toMatchObject({ spent: 3n * CENT, reserved: 0n });
  });

  it('flushes settled spend and gives back its leases when a replica shuts down', async () => {
    const teamId = await budgeted(1);
    const reservations: CreditReservation[] = [];
    for (let i = 0; i < 5; i += 1) reservations.push(await gateB.reserve(teamId, CENT));
    for (const reservation of reservations) settle(reservation, CENT, second!);
    const replicaId = gateB.replicaId;
    await second!.close();
    second = undefined;
    const [period] = await periodsOf(teamId);
    expect(period).toMatchObject({ spent: 5n * CENT, reserved: 0n });
    expect(await prismaOf(api).creditLease.findMany({ where: { replicaId } })).toEqual([]);
  });
});
