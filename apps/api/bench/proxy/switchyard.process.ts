// Switchyard as deployed: the real application on a fresh database, configured only through its admin API.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, ensureTemplateDatabase } from '@switchyard/testing';
import { createApp } from '../../src/app.factory.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { loadConfig } from '../../src/config/load-config.js';
import { AdminApi } from './admin-api.js';
import { serveUntilStopped, workspaceRoot } from './child-process.js';

export interface SwitchyardReady {
  url: string;
  token: string;
  adminEmail: string;
  adminPassword: string;
}

const ADMIN_EMAIL = 'bench-owner@example.com';
const ADMIN_PASSWORD = randomBytes(12).toString('base64url');
const KEY_SYNC_TIMEOUT_MS = 10_000;

const mockOpenAiBaseUrl = process.env.BENCH_UPSTREAM_OPENAI_BASE_URL!;
const providerSecrets = process.env.BENCH_UPSTREAM_KEYS!.split(',');

const database = await createTestDatabase(await ensureTemplateDatabase(workspaceRoot));
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-bench-'));
const config = loadConfig({
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  DATABASE_URL: database.url,
  SWITCHYARD_MASTER_KEY: randomBytes(32).toString('base64'),
  SWITCHYARD_DATA_DIR: dataDir,
  SWITCHYARD_ADMIN_EMAIL: ADMIN_EMAIL,
  SWITCHYARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
  SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true',
});
const app = await createApp({ config, databaseUrl: database.url, logger: createLogger(config) });
const dispose = async () => {
  await app.close();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
};
let ready: SwitchyardReady;
try {
  ready = await configure();
} catch (error) {
  await dispose();
  throw error;
}

/** Listens, then sets the gateway up as an operator would: provider URL, three keys, a team and its token. */
async function configure(): Promise<SwitchyardReady> {
  await app.init();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const admin = new AdminApi(url);
  await admin.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  await admin.call('PATCH', '/admin/providers/openai', { baseUrl: mockOpenAiBaseUrl });
  for (const secret of providerSecrets)
    await admin.call('POST', '/admin/provider-keys', { provider: 'openai', secret, validate: false });
  const team = await admin.call<{ id: string }>('POST', '/admin/teams', { name: 'bench' });
  const { token } = await admin.call<{ token: string }>('POST', `/admin/teams/${team.id}/tokens`, {
    name: 'bench',
  });
  await waitForKeysInPool(admin, providerSecrets.length);
  return { url, token, adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD };
}

serveUntilStopped(ready, dispose);

/** Keys reach the pool through the change feed, a moment after the admin call answers. */
async function waitForKeysInPool(api: AdminApi, count: number): Promise<void> {
  const deadline = Date.now() + KEY_SYNC_TIMEOUT_MS;
  for (;;) {
    const { items } = await api.call<{ items: unknown[] }>('GET', '/admin/key-state');
    if (items.length >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${items.length} of ${count} keys reached the key pool`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
