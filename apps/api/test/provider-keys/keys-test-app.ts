import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@switchyard/testing';
import supertest from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type RawEnv } from '../../src/config/env.schema.js';
import { testTemplate, type TestApp } from '../support/test-app.js';

export const newMasterKey = () => randomBytes(32).toString('base64');

export interface KeysTestApp extends TestApp {
  /** Every log line the app wrote, when started with `captureLogs`. */
  logLines: string[];
  /** Stops the app but keeps its database, for another app to open. */
  stop(): Promise<void>;
}

/**
 * `startTestApp` with two additions these specs need: several apps on one database (replicas, or the same data
 * reopened under another master key), and a log capture at debug level so specs can read every line written.
 * Apps in one process share passport's strategy registry, so the app started last authenticates admin requests for
 * all of them: give replicas the same master key and keep them open until the spec ends.
 */
export async function startKeysTestApp(
  options: { env?: RawEnv; database?: TestDatabase; captureLogs?: boolean } = {},
): Promise<KeysTestApp> {
  const database = options.database ?? (await createTestDatabase(testTemplate()));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: options.captureLogs ? 'debug' : 'silent',
    SWITCHYARD_MASTER_KEY: newMasterKey(),
    DATABASE_URL: database.url,
    SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true',
    ...options.env,
  });
  const logLines: string[] = [];
  const logger = options.captureLogs
    ? createLogger(config, { write: (line: string) => void logLines.push(line) } as never)
    : createLogger(config);
  const app = await createApp({ config, databaseUrl: database.url, logger });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const stop = () => app.close();
  return {
    app,
    http: supertest(app.getHttpAdapter().getInstance().server),
    config,
    database,
    logger,
    logLines,
    stop,
    close: async () => {
      await stop();
      await database.drop();
    },
  };
}
