import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, type TestDatabase } from '@switchyard/testing';
import supertest from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { loadConfig } from '../../src/config/load-config.js';
import { testTemplate, type TestApp } from '../support/test-app.js';

/**
 * One database that several apps open in turn, as restarts of one deployment do: the same master key and data
 * directory every time, a different SWITCHYARD_CONFIG when a spec edits the file. Every line any of the apps
 * logs, started or refused, is kept in `logLines`.
 */
export interface ConfigDeployment {
  database: TestDatabase;
  logLines: string[];
  /** Starts an app with this file; a refused start closes what it opened and rethrows the refusal. */
  start(configFile: string): Promise<TestApp>;
  drop(): Promise<void>;
}

export async function configDeployment(): Promise<ConfigDeployment> {
  const database = await createTestDatabase(testTemplate());
  const masterKey = randomBytes(32).toString('base64');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-config-data-'));
  const logLines: string[] = [];
  const start = async (configFile: string): Promise<TestApp> => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      SWITCHYARD_MASTER_KEY: masterKey,
      DATABASE_URL: database.url,
      SWITCHYARD_DATA_DIR: dataDir,
      SWITCHYARD_CONFIG: configFile,
      SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true',
    });
    const logger = createLogger(config, { write: (line: string) => void logLines.push(line) } as never);
    const app: NestFastifyApplication = await createApp({ config, databaseUrl: database.url, logger });
    try {
      await app.init();
    } catch (error) {
      await app.close().catch(() => undefined);
      throw error;
    }
    await app.getHttpAdapter().getInstance().ready();
    return {
      app,
      http: supertest(app.getHttpAdapter().getInstance().server),
      config,
      database,
      logger,
      close: () => app.close(),
    };
  };
  return { database, logLines, start, drop: () => database.drop() };
}

/** The 1-based line of the file that holds `fragment`, so a spec names lines without counting them by hand. */
export function lineHolding(content: string, fragment: string): number {
  const index = content.split('\n').findIndex((line) => line.includes(fragment));
  if (index < 0) throw new Error(`no line holds ${fragment}`);
  return index + 1;
}
