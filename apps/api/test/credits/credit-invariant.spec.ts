import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { createApp } from '../../src/app.factory.js';
import { type CreditGate } from '../../src/modules/credits/credit-gate.js';
import { CreditPeriodsRepository } from '../../src/modules/credits/credit-periods.repository.js';
import { CreditsException } from '../../src/modules/credits/credits.exception.js';
import { UsageRepository } from '../../src/modules/usage/usage.repository.js';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { gateOf } from './support/replicas.js';
import { flushUsage, settleAsProxy } from './support/settle-as-proxy.js';
import { createTeam, prismaOf } from './support/teams.js';

/** One proxied request as the gate sees it: what it asks for, on which replica, and how it ends. */
const requestArbitrary = fc.record({
  onSecondReplica: fc.boolean(),
  worstMicros: fc.integer({ min: 1, max: 40_000 }),
  /** The least it can run on, as a share of its worst case. */
  leastPercent: fc.integer({ min: 1, max: 100 }),
  /** Null: the upstream call failed and the reservation is released. Otherwise the share of it really spent. */
  spentPercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  startAfterMs: fc.integer({ min: 0, max: 4 }),
  /** Flush usage and credit right after, and make both fail (the database did not answer) first. */
  flush: fc.constantFrom('none', 'ok', 'failing'),
});

describe('the hard-budget invariant: settled spend ≤ limit, and spend = Σ charges', () => {
  let api: TestApp;
  let second: NestFastifyApplication;
  let gates: [CreditGate, CreditGate];

  beforeAll(async () => {
    api = await startTestApp();
    // Its own write-ahead directory, as a second process would have: a replica replays only its own file.
    const spillDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-replica-'));
    second = await createApp({
      config: { ...api.config, spillDir },
      databaseUrl: api.database.url,
      logger: api.logger,
    });
    await second.init();
    gates = [gateOf(api.app), gateOf(second)];
  });

  afterAll(async () => {
    await second.close();
    await api.close();
  });

  it('holds for random concurrent reservations, settlements, releases and failed flushes on two replicas', async () => {
    const owner = await signedInAs(api, 'owner');
    const apps = [api.app, second];
    const repositories = apps.map((app) => app.get(CreditPeriodsRepository, { strict: false }));
    const usageRepositories = apps.map((app) => app.get(UsageRepository, { strict: false }));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1_000, max: 150_000 }),
        fc.array(requestArbitrary, { minLength: 1, maxLength: 40 }),
        async (limitMicros, requests) => {
          const teamId = await createTeam(api);
          await api.http
            .put(`/admin/teams/${teamId}/budget`)
            .set('authorization', owner.authorization)
            .send({ limitUsd: limitMicros / 1e6, period: 'total' })
            .expect(200);
          let charged = 0n;
          await Promise.all(
            requests.map(async (request) => {
              await new Promise((resolve) => setTimeout(resolve, request.startAfterMs));
              const replica = request.onSecondReplica ? 1 : 0;
              const worst = BigInt(request.worstMicros);
              const least = (worst * BigInt(request.leastPercent) + 99n) / 100n;
              let reservation;
              try {
                reservation = await gates[replica]!.reserveTeam(teamId, {
                  worstMicros: worst,
                  leastMicros: least,
                });
              } catch (error) {
                expect(error).toBeInstanceOf(CreditsException);
                expect((error as CreditsException).code).toBe('credit_limit_exceeded');
                return;
              }
              expect(reservation.reservedMicros).toBeGreaterThanOrEqual(least);
              expect(reservation.reservedMicros).toBeLessThanOrEqual(worst);
              if (request.spentPercent === null) {
                reservation.release();
              } else {
                const cost = (reservation.reservedMicros * BigInt(request.spentPercent)) / 100n;
                settleAsProxy(apps[replica]!, reservation, cost);
                charged += cost;
              }
              if (request.flush === 'failing') {
                jest
                  .spyOn(repositories[replica]!, 'flush')
                  .mockRejectedValueOnce(new Error('the database did not answer'));
                jest
                  .spyOn(usageRepositories[replica]!, 'insertBatch')
                  .mockRejectedValueOnce(new Error('the database did not answer'));
              }
              if (request.flush !== 'none') {
                await flushUsage(apps[replica]!);
                await gates[replica]!.flush();
              }
            }),
          );
          // A failure still queued for a flush that found nothing to write is not left for the next run.
          jest.restoreAllMocks();
          // Twice: what the first write sent to the write-ahead file is replayed by the second.
          for (let round = 0; round < 2; round += 1) await Promise.all(apps.map((app) => flushUsage(app)));
          for (let round = 0; round < 2; round += 1)
            await Promise.all(gates.map((gate) => gate.flush({ returnUnused: true })));
          const [period] = await prismaOf(api).creditPeriod.findMany({ where: { teamId } });
          expect(period!.spent).toBe(charged);
          expect(period!.spent).toBeLessThanOrEqual(BigInt(limitMicros));
          expect(period!.reserved).toBe(0n);
          const ledger = await prismaOf(api).creditLedger.findMany({ where: { teamId, kind: 'settlement' } });
          expect(ledger.reduce((sum, row) => sum + row.amount, 0n)).toBe(charged);
        },
      ),
      { numRuns: 20 },
    );
  }, 180_000);
});
