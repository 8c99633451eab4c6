import { randomBytes } from 'node:crypto';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { freePort, waitForReady } from '../support/processes.js';
import { removeRelocatedCluster, storedCredentials } from './embedded-cluster.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const KEY = randomBytes(32).toString('base64');

// A fresh install and two builds: minutes, not seconds.
jest.setTimeout(900_000);

/** What `git clone` of this working tree gives: tracked and new files, nothing ignored (no node_modules, no builds). */
async function checkoutOf(source: string, target: string): Promise<void> {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: source,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const from = path.join(source, file);
    const exists = await stat(from).catch(() => null);
    if (!exists?.isFile()) continue;
    await mkdir(path.dirname(path.join(target, file)), { recursive: true });
    await copyFile(from, path.join(target, file));
  }
}

/** Every process still running from the checkout or on its database. */
function processesIn(...dirs: string[]): string[] {
  try {
    return execFileSync('pgrep', ['-af', dirs.join('|')], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

async function waitForAnswer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

describe('npm start on a fresh checkout', () => {
  let checkout: string | undefined;
  let started: ChildProcess | undefined;
  afterAll(async () => {
    if (started && started.exitCode === null && started.signalCode === null)
      process.kill(-started.pid!, 'SIGKILL');
    if (checkout) {
      await removeRelocatedCluster(path.join(checkout, '.data'));
      await rm(path.dirname(checkout), { recursive: true, force: true });
    }
  });

  it('installs what the build needs under NODE_ENV=production, starts from a private directory, and stops cleanly on Ctrl-C', async () => {
    // Mode 0700, like a clone in /root: under root the postgres account cannot enter it.
    const parent = await mkdtemp(path.join(os.tmpdir(), 'switchyard-checkout-'));
    checkout = path.join(parent, 'switchyard');
    await checkoutOf(root, checkout);
    const [apiPort, dashboardPort] = [await freePort(), await freePort()];
    let output = '';
    started = spawn('npm', ['start'], {
      cwd: checkout,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'production',
        SWITCHYARD_MASTER_KEY: KEY,
        PORT: String(apiPort),
        DASHBOARD_PORT: String(dashboardPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so Ctrl-C can be sent the way a terminal sends it: to npm and everything below.
      detached: true,
    });
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      started!.once('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      await Promise.race([
        Promise.all([
          waitForReady(apiPort, 800_000),
          waitForAnswer(`http://127.0.0.1:${dashboardPort}/api/health`, 800_000),
        ]),
        exited.then(({ code, signal }) => {
          throw new Error(`npm start exited with ${signal ?? code} before it was ready`);
        }),
      ]);
      const dashboardLine = `switchyard: dashboard ready on http://127.0.0.1:${dashboardPort} (API http://127.0.0.1:${apiPort})`;
      for (let wait = 0; wait < 40 && !output.includes(dashboardLine); wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(output).toContain(dashboardLine);
      expect(output).toMatch(
        /Switchyard API ready on http:\/\/127\.0\.0\.1:\d+ \(database: embedded PostgreSQL/,
      );
      expect(output).toContain('no user exists, so nobody can sign in');
      expect((await readdir(path.join(checkout, 'node_modules', 'typescript'))).length).toBeGreaterThan(0);
      // Ctrl-C: the whole process group gets SIGINT. npm execs the script, so npm answers the script's own status,
      // 0 on a requested stop.
      process.kill(-started.pid!, 'SIGINT');
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(output).not.toContain('exited with');
      expect(output).toContain('"msg":"shutdown complete"');
      const { clusterDir } = await storedCredentials(path.join(checkout, '.data'));
      expect(clusterDir).toMatch(/^\/var\/lib\/switchyard\/clusters\//);
      expect(processesIn(checkout, clusterDir!)).toEqual([]);
    } catch (error) {
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\nnpm start output:\n${output.slice(-6000)}`,
        {
          cause: error,
        },
      );
    }
  });
});
