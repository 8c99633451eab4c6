import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../../src/app.factory.js';
import { CreditClock } from '../../../src/modules/credits/credit-clock.js';
import { CreditGate } from '../../../src/modules/credits/credit-gate.js';
import { type TestApp } from '../../support/test-app.js';

/** A second replica of the API on the same database (and Redis, if the first has one). */
export async function startSecondReplica(api: TestApp): Promise<NestFastifyApplication> {
  const app = await createApp({ config: api.config, databaseUrl: api.database.url, logger: api.logger });
  await app.init();
  return app;
}

export const gateOf = (app: NestFastifyApplication) => app.get(CreditGate, { strict: false });
export const clockOf = (app: NestFastifyApplication) => app.get(CreditClock, { strict: false });
