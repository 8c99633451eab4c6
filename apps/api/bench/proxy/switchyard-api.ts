import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, ensureTemplateDatabase } from '@switchyard/testing';
import { API_ENTRY, API_ENVIRONMENT, API_NODE_FLAGS } from '../../../../scripts/api-process.mjs';
import { freePort } from '../../test/support/processes.js';
import { type BenchChild, startChild } from './child-process.js';
import { type SwitchyardReady } from './gateway-setup.js';

const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'switchyard-probe.mjs');

/**
 * Switchyard as deployed: the build's bundle (run `npm run build` first), started with the API's entry, Node flags
 * and environment (scripts/api-process.mjs) plus `nodeFlags`, on a fresh database cloned from the migrated
 * template. It gets no other environment than this, and runs in its own data directory, so no `.env` or variable of
 * the bench's shell changes what is measured. The bench configures it through the admin API, as an operator would;
 * stopping it drops the database.
 */
export async function startSwitchyard(nodeFlags: readonly string[]): Promise<BenchChild<SwitchyardReady>> {
  const database = await createTestDatabase(await ensureTemplateDatabase(workspaceRoot));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-bench-'));
  const dispose = async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  const owner = {
    adminEmail: 'bench-owner@example.com',
    adminPassword: randomBytes(12).toString('base64url'),
  };
  try {
    const child = await startChild<{ url: string }>(
      path.join(workspaceRoot, API_ENTRY),
      {
        ...API_ENVIRONMENT,
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        DATABASE_URL: database.url,
        SWITCHYARD_MASTER_KEY: randomBytes(32).toString('base64'),
        SWITCHYARD_DATA_DIR: dataDir,
        SWITCHYARD_ADMIN_EMAIL: owner.adminEmail,
        SWITCHYARD_ADMIN_PASSWORD: owner.adminPassword,
        // The mock provider listens on loopback.
        SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true',
      },
      ['--import', PROBE, ...API_NODE_FLAGS, ...nodeFlags],
      { cwd: dataDir, inheritEnv: false },
    );
    return {
      ...child,
      ready: { ...child.ready, ...owner },
      stop: async () => {
        await child.stop();
        await dispose();
      },
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
