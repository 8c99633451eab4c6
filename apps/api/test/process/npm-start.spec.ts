import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@switchyard/testing';
import { waitFor } from '../credits/support/wait-for.js';
import { alive, childrenOf, freePort, spawnNode, waitForReady } from '../support/processes.js';
import { testTemplate } from '../support/test-app.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const KEY = randomBytes(32).toString('base64');

jest.setTimeout(300_000);

/** `npm start` (or `npm run start:api` with --api-only) as its own process, as a user types it. */
const npmStart = (args: string[], env: Record<string, string>) =>
  spawnNode(path.join(root, 'scripts/start.mjs'), args, env, root);

async function occupy(port: number): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, '0.0.0.0', resolve));
  return server;
}

describe('npm start and npm run start:api exit codes', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  const servers: net.Server[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(testTemplate());
    env = { DATABASE_URL: database.url, SWITCHYARD_MASTER_KEY: KEY };
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await database.drop();
  });

  it('exits 1 when the API refuses its configuration', async () => {
    const started = npmStart(['--api-only'], { ...env, PORT: 'not-a-port' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('switchyard: PORT must be a number (got "not-a-port")');
    expect(started.output()).toContain('switchyard: api exited with code 1');
  });

  it('exits 1 when the API port is taken', async () => {
    const port = await freePort();
    servers.push(await occupy(port));
    const started = npmStart(['--api-only'], { ...env, PORT: String(port) });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('EADDRINUSE');
  });

  it('exits 0 on a requested stop, and non-zero when the API crashes', async () => {
    const port = await freePort();
    const stopped = npmStart(['--api-only'], { ...env, PORT: String(port) });
    await waitForReady(port, 120_000);
    expect(stopped.output()).toMatch(
      /Switchyard API ready on http:\/\/127\.0\.0\.1:\d+ \(database: DATABASE_URL/,
    );
    stopped.child.kill('SIGTERM');
    expect(await stopped.exited).toBe(0);

    const crashing = npmStart(['--api-only'], { ...env, PORT: String(port) });
    await waitForReady(port, 120_000);
    for (const pid of childrenOf(crashing.child.pid!)) process.kill(pid, 'SIGKILL');
    expect(await crashing.exited).toBe(1);
    expect(crashing.output()).toContain('switchyard: api exited with SIGKILL');
  });

  it('stops the API when npm itself is sent SIGTERM, as a supervisor sends it', async () => {
    const port = await freePort();
    const npm = spawn('npm', ['run', 'start:api'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
      stdio: 'ignore',
    });
    const npmExited = new Promise((resolve) => npm.once('exit', resolve));
    await waitForReady(port, 120_000);
    const services = childrenOf(npm.pid!).flatMap((script) => [script, ...childrenOf(script)]);
    expect(services.length).toBeGreaterThanOrEqual(2);
    npm.kill('SIGTERM');
    await npmExited;
    try {
      // Nothing npm started is left serving.
      await waitFor(async () => !services.some(alive), 30_000);
    } finally {
      for (const pid of services.filter(alive)) process.kill(pid, 'SIGKILL');
    }
  });

  it('exits 1 when the dashboard cannot start, stopping the API with it', async () => {
    const [apiPort, dashboardPort] = [await freePort(), await freePort()];
    servers.push(await occupy(dashboardPort));
    const started = npmStart([], { ...env, PORT: String(apiPort), DASHBOARD_PORT: String(dashboardPort) });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('switchyard: dashboard exited with code 1');
  });
});
