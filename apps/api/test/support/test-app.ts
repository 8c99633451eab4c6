import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, type TestDatabase } from '@switchyard/testing';
import supertest from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { createLogger, type Logger } from '../../src/common/logging/logger.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type AppConfig } from '../../src/config/app-config.js';
import { type RawEnv } from '../../src/config/env.schema.js';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof supertest>;
  config: AppConfig;
  database: TestDatabase;
  logger: Logger;
  close(): Promise<void>;
}

export function testTemplate(): string {
  const template = process.env.SWITCHYARD_TEST_TEMPLATE;
  if (!template)
    throw new Error('SWITCHYARD_TEST_TEMPLATE is unset: run the API specs through their Jest config');
  return template;
}

export interface TestAppOptions {
  /** The URL the app connects with, given its database's: e.g. through a `TcpProxy` a spec can cut. */
  connectThrough?: (databaseUrl: string) => string;
  /** Every log line the app writes is pushed there. */
  logLines?: string[];
}

/** A real API on its own cloned database, driven in-process through supertest. */
export async function startTestApp(env: RawEnv = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(testTemplate());
  const databaseUrl = options.connectThrough?.(database.url) ?? database.url;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SWITCHYARD_MASTER_KEY: randomBytes(32).toString('base64'),
    DATABASE_URL: databaseUrl,
    // Each app gets its own data directory, so nothing one test spills can reach another.
    SWITCHYARD_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'switchyard-test-')),
    // Every request of a spec comes from 127.0.0.1, and matrices probe hundreds of routes without credentials.
    SWITCHYARD_UNAUTHENTICATED_PER_MINUTE: '1000000',
    // Providers in the specs are mock servers on loopback.
    SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true',
    ...env,
  });
  const { logLines } = options;
  const logger = logLines
    ? createLogger(config, { write: (line: string) => void logLines.push(line) } as never)
    : createLogger(config);
  const app = await createApp({ config, databaseUrl, logger });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: supertest(app.getHttpAdapter().getInstance().server),
    config,
    database,
    logger,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
