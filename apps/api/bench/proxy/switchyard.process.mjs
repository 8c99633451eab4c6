// Switchyard as deployed: the built application (dist/, run `npm run build` first) on a fresh database cloned
// from the migrated template. The bench configures it through the admin API, as an operator would.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, ensureTemplateDatabase } from '@switchyard/testing';
import { createApp } from '../../dist/app.factory.js';
import { createLogger } from '../../dist/common/logging/logger.js';
import { loadConfig } from '../../dist/config/load-config.js';
import { trackPeakMemory } from './peak-memory.mjs';
import { serveUntilStopped } from './serve-until-stopped.mjs';

const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const adminEmail = 'bench-owner@example.com';
const adminPassword = randomBytes(12).toString('base64url');

const peakMemory = trackPeakMemory();
const database = await createTestDatabase(await ensureTemplateDatabase(workspaceRoot));
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-bench-'));
const config = loadConfig({
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  DATABASE_URL: database.url,
  SWITCHYARD_MASTER_KEY: randomBytes(32).toString('base64'),
  SWITCHYARD_DATA_DIR: dataDir,
  SWITCHYARD_ADMIN_EMAIL: adminEmail,
  SWITCHYARD_ADMIN_PASSWORD: adminPassword,
  // The mock provider listens on loopback.
  SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true',
});
const app = await createApp({ config, databaseUrl: database.url, logger: createLogger(config) });
const dispose = async () => {
  await app.close();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
};
try {
  await app.init();
  await app.listen({ port: 0, host: '127.0.0.1' });
} catch (error) {
  await dispose();
  throw error;
}
const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
serveUntilStopped({ url, adminEmail, adminPassword }, dispose, { 'peak-memory': peakMemory });
