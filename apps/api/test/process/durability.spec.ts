import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { createTestDatabase, startMockProvider, testServerUrl, type MockProvider } from '@switchyard/testing';
import pg from 'pg';
import { type ApiProcess, freePort, spawnApi, waitForReady } from '../support/processes.js';
import { serverOf, startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { testTemplate } from '../support/test-app.js';

jest.setTimeout(240_000);

const FLUSH_INTERVAL_MS = 250;
const TOKEN = `sy-${randomBytes(60)
  .toString('base64')
  .replace(/[^A-Za-z0-9]/g, '')
  .slice(0, 40)}`;

interface Served {
  requestId: string;
  at: number;
}

/** The API as a real process on a database reached through a proxy the spec can cut or hang. */
async function apiEnvironment(mock: MockProvider, db: TcpProxy, databaseUrl: string) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-durability-'));
  const config = path.join(dataDir, 'switchyard.yaml');
  await writeFile(
    config,
    [
      'providers:',
      `  - { name: upstream, type: openai, base_url: "${mock.baseUrl('openai')}" }`,
      'primary:',
      '  - { provider: upstream, api_key: sk-durability }',
      'prices:',
      '  - { provider: upstream, model: gpt-4o-mini, input_usd_per_mtok: 0.15, output_usd_per_mtok: 0.6 }',
      'teams:',
      '  - name: durability',
      '    tokens:',
      `      - { name: load, token: ${TOKEN} }`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: db.urlFor(databaseUrl),
    SWITCHYARD_MASTER_KEY: randomBytes(32).toString('base64'),
    SWITCHYARD_DATA_DIR: dataDir,
    SWITCHYARD_CONFIG: config,
    SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true',
    SWITCHYARD_USAGE_FLUSH_INTERVAL_MS: String(FLUSH_INTERVAL_MS),
    SWITCHYARD_DB_TIMEOUT_MS: '1000',
    SWITCHYARD_SHUTDOWN_GRACE_MS: '3000',
    LOG_LEVEL: 'warn',
  };
  return { port, env, dataDir };
}

/** `concurrency` clients sending one chat request after another until stopped; every 200 is kept with its id. */
function load(port: number, concurrency: number) {
  const served: Served[] = [];
  const statuses = new Map<number, number>();
  let running = true;
  const client = async () => {
    while (running) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'upstream/gpt-4o-mini',
            messages: [{ role: 'user', content: 'hi' }],
          }),
        });
        await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 200)
          served.push({ requestId: response.headers.get('x-request-id')!, at: Date.now() });
      } catch {
        // Refused or cut: not served.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  const clients = Array.from({ length: concurrency }, client);
  return {
    served,
    statuses,
    async stop() {
      running = false;
      await Promise.all(clients);
    },
  };
}

async function recordedIds(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ request_id: string }>('SELECT request_id FROM usage_events');
    return rows.map((row) => row.request_id);
  } finally {
    await client.end();
  }
}

/** Starts the API again on the same data directory with the database back, lets it replay, and stops it. */
async function restartAndStop(env: Record<string, string>, port: number): Promise<ApiProcess> {
  const api = spawnApi(env);
  await ready(api, port);
  api.child.kill('SIGTERM');
  expect(await api.exited).toBe(0);
  return api;
}

/** Waits for readiness; a start that fails shows the process's own words. */
async function ready(api: ApiProcess, port: number): Promise<void> {
  try {
    await waitForReady(port);
  } catch (error) {
    api.child.kill('SIGKILL');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${api.output()}`, {
      cause: error,
    });
  }
}

const refusesConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

describe('usage across process faults', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  const setUp = async () => {
    const mock = await startMockProvider();
    cleanups.push(() => mock.close());
    const { host, port } = serverOf(testServerUrl());
    const db = await startTcpProxy(host, port);
    cleanups.push(() => db.close());
    const database = await createTestDatabase(testTemplate());
    cleanups.push(() => database.drop());
    const environment = await apiEnvironment(mock, db, database.url);
    cleanups.push(() => rm(environment.dataDir, { recursive: true, force: true }));
    return { mock, db, database, ...environment };
  };

  it('refuses to start when the write-ahead directory cannot be written', async () => {
    const api = spawnApi({
      DATABASE_URL: 'postgresql://127.0.0.1/unused',
      SWITCHYARD_MASTER_KEY: randomBytes(32).toString('base64'),
      SWITCHYARD_SPILL_DIR: '/dev/null/spill',
    });
    expect(await api.exited).toBe(1);
    expect(api.output().trim()).toBe(
      'switchyard: SWITCHYARD_SPILL_DIR (/dev/null/spill) is not a directory this process can write: ENOTDIR',
    );
  });

  it('a SIGKILL during a database outage loses at most the last flush interval of usage', async () => {
    const { db, database, port, env } = await setUp();
    const api = spawnApi(env);
    await ready(api, port);
    const traffic = load(port, 4);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    db.cut();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    api.child.kill('SIGKILL');
    const killedAt = Date.now();
    await api.exited;
    await traffic.stop();

    db.restore();
    await restartAndStop(env, port);
    const recorded = new Set(await recordedIds(database.url));
    const lost = traffic.served.filter((served) => !recorded.has(served.requestId));
    const servedIds = new Set(traffic.served.map((served) => served.requestId));
    console.log(
      `SIGKILL during an outage: ${traffic.served.length} served, ${recorded.size} recorded, ${lost.length} lost, ` +
        `statuses ${JSON.stringify(Object.fromEntries(traffic.statuses))}`,
    );
    expect(traffic.served.length).toBeGreaterThan(10);
    // Nothing recorded that was not asked for, and each request once (the ids are unique in the table).
    expect([...recorded].every((id) => servedIds.has(id))).toBe(true);
    // Lost: only what was answered in the last flush interval, plus the moment a stuck write is given and what a
    // busy machine delays a timer by.
    for (const served of lost) expect(killedAt - served.at).toBeLessThan(FLUSH_INTERVAL_MS + 500);
  });

  it('a SIGTERM while the database hangs closes the listener, records everything served, and exits 0', async () => {
    const { db, database, mock, port, env } = await setUp();
    mock.script('sk-durability', { latencyMs: 200 });
    const api = spawnApi(env);
    await ready(api, port);
    const traffic = load(port, 6);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    db.hang();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    api.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await refusesConnections(port)).toBe(true);
    const code = await api.exited;
    await traffic.stop();
    expect(code).toBe(0);

    db.restore();
    await restartAndStop(env, port);
    const recorded = new Set(await recordedIds(database.url));
    const lost = traffic.served.filter((served) => !recorded.has(served.requestId));
    console.log(
      `SIGTERM while the database hangs: ${traffic.served.length} served, ${recorded.size} recorded, ` +
        `${lost.length} lost, statuses ${JSON.stringify(Object.fromEntries(traffic.statuses))}`,
    );
    expect(traffic.served.length).toBeGreaterThan(10);
    expect(lost).toEqual([]);
    expect(recorded.size).toBe(traffic.served.length);
    expect([...traffic.statuses.keys()].every((status) => status === 200 || status === 503)).toBe(true);
  });
});
