import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { createTestDatabase } from '@switchyard/testing';
import { type ApiProcess, freePort, spawnApi, waitForReady } from '../support/processes.js';
import { testTemplate } from '../support/test-app.js';
import { connectionUrl, embeddedPort, storedCredentials, withClient } from './embedded-cluster.js';

const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 29 + 3) % 256)).toString('base64');

jest.setTimeout(180_000);

describe('the API process', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('refuses a bad configuration with one line per problem and a non-zero exit', async () => {
    const api = spawnApi({ PORT: 'eighty', DATABASE_URL: 'mysql://db/x', SWITCHYARD_MASTER_KEY: 'short' });
    expect(await api.exited).toBe(1);
    const lines = api.output().trim().split('\n');
    expect(lines).toEqual([
      'switchyard: PORT must be a number (got "eighty")',
      'switchyard: DATABASE_URL must be a URL starting with postgres:// or postgresql:// (got "mysql://db/x")',
      'switchyard: SWITCHYARD_MASTER_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)',
    ]);
  });

  it('refuses a missing master key in production', async () => {
    const api = spawnApi({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://127.0.0.1/x' });
    expect(await api.exited).toBe(1);
    expect(api.output().trim()).toBe(
      'switchyard: SWITCHYARD_MASTER_KEY is required when NODE_ENV=production',
    );
  });

  it('refuses a master key of 32 zero bytes', async () => {
    const api = spawnApi({
      DATABASE_URL: 'postgresql://127.0.0.1/x',
      SWITCHYARD_MASTER_KEY: Buffer.alloc(32).toString('base64'),
    });
    expect(await api.exited).toBe(1);
    expect(api.output().trim()).toBe(
      'switchyard: SWITCHYARD_MASTER_KEY must be random: 32 equal bytes (all zero, say) are refused',
    );
  });

  it('migrates the database it is given, serves, and exits 0 on SIGTERM', async () => {
    const database = await createTestDatabase(testTemplate());
    cleanups.push(() => database.drop());
    const port = await freePort();
    const api = spawnApi({ PORT: String(port), DATABASE_URL: database.url, SWITCHYARD_MASTER_KEY: KEY });
    await waitForReady(port);
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(api.output()).toContain('"msg":"shutdown complete"');
  });

  it('starts its own PostgreSQL when DATABASE_URL is unset, and keeps the data across restarts', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-embedded-'));
    await chmod(dataDir, 0o755);
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env = { PORT: String(await freePort()), SWITCHYARD_DATA_DIR: dataDir };

    const first = spawnApi(env);
    let second: ApiProcess | undefined;
    try {
      await restartKeepsData(env, dataDir, first, () => (second = spawnApi(env)));
    } catch (error) {
      // A failure here is about the processes, so their own words go with it.
      const outputs = `first run:\n${first.output()}\nsecond run:\n${second?.output() ?? '(not started)'}`;
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${outputs}`, {
        cause: error,
      });
    } finally {
      if (second && second.child.exitCode === null) {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    }
  }, 180_000);
});

/** Starts, writes a row, stops with SIGTERM, starts again on the same data directory and reads the row back. */
async function restartKeepsData(
  env: Record<string, string>,
  dataDir: string,
  first: ApiProcess,
  startSecond: () => ApiProcess,
): Promise<void> {
  await waitForReady(Number(env.PORT), 120_000);
  const keyFile = await readFile(path.join(dataDir, 'master.key'), 'utf8');
  expect(first.output()).toContain('SWITCHYARD_MASTER_KEY is unset: generated one');
  const { app } = await storedCredentials(dataDir);
  const firstUrl = connectionUrl(embeddedPort(first.output()), app);
  await withClient(firstUrl, (client) =>
    client.query(`INSERT INTO settings (key, value, updated_at) VALUES ('restart-marker', '"kept"', now())`),
  );
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  // The drain still had its database: nothing failed while shutting down.
  expect(first.output()).not.toMatch(/"level":(50|60)/);

  const second = startSecond();
  await waitForReady(Number(env.PORT), 60_000);
  const rows = await withClient(connectionUrl(embeddedPort(second.output()), app), (client) =>
    client.query(`SELECT value FROM settings WHERE key = 'restart-marker'`),
  );
  expect(rows.rows).toEqual([{ value: 'kept' }]);
  expect(await readFile(path.join(dataDir, 'master.key'), 'utf8')).toBe(keyFile);
  expect(second.output()).not.toContain('initialising embedded PostgreSQL');
}
