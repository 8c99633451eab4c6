import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import supertest from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type RawEnv } from '../../src/config/env.schema.js';
import { type TestApp } from '../support/test-app.js';

export interface Replica {
  app: NestFastifyApplication;
  http: ReturnType<typeof supertest>;
  close(): Promise<void>;
}

/**
 * A second API process in miniature: its own Nest app, caches and connections, on the first app's database
 * and master key. Closing it leaves the database to the first app.
 */
export async function startReplica(of: TestApp, env: RawEnv = {}): Promise<Replica> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SWITCHYARD_MASTER_KEY: of.config.masterKey,
    DATABASE_URL: of.database.url,
    SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true',
    ...env,
  });
  const app = await createApp({ config, databaseUrl: of.database.url, logger: createLogger(config) });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, http: supertest(app.getHttpAdapter().getInstance().server), close: () => app.close() };
}
