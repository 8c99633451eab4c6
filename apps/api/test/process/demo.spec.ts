import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { freePort, spawnNode } from '../support/processes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

jest.setTimeout(420_000);

const startDemo = (env: Record<string, string>) =>
  spawnNode(path.join(root, 'scripts/demo.mjs'), [], env, root);

async function until<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function signIn(api: string): Promise<string> {
  const login = await fetch(`${api}/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'demo@example.com', password: 'demo-password-123' }),
  });
  return `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('npm run demo', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('drives traffic with one key answering 429, reuses its token on a re-run, and stops everything on Ctrl-C', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-demo-'));
    dirs.push(dataDir);
    const [apiPort, dashboardPort, mockPort] = [await freePort(), await freePort(), await freePort()];
    const env = {
      PORT: String(apiPort),
      DASHBOARD_PORT: String(dashboardPort),
      DEMO_MOCK_PORT: String(mockPort),
      DEMO_DATA_DIR: dataDir,
      DEMO_TRAFFIC_MINUTES: '1',
    };
    const tokenOf = (output: string) => /Token +(sy-\S+)/.exec(output)?.[1];
    const demo = startDemo(env);
    try {
      const token = await until(async () => tokenOf(demo.output()), 300_000, 'the demo to start');
      const api = `http://127.0.0.1:${apiPort}`;
      const admin = await signIn(api);
      // Within a minute: traffic with cost, and the rate-limited key cooling down.
      const cooling = await until(
        async () => {
          const state = (await (
            await fetch(`${api}/admin/key-state`, { headers: { authorization: admin } })
          ).json()) as {
            items: { label: string; models: { status: string }[] }[];
          };
          const limited = state.items.find((item) => item.label === 'openai rate-limited');
          return limited?.models.some((model) => model.status === 'cooling') ? limited : undefined;
        },
        60_000,
        'the rate-limited key to cool down',
      );
      expect(cooling).toBeDefined();
      const spent = await until(
        async () => {
          const usage = (await (
            await fetch(`${api}/admin/usage?groupBy=model`, { headers: { authorization: admin } })
          ).json()) as { items: { requests: number; costUsd: number }[] };
          const total = usage.items.reduce((sum, row) => sum + row.costUsd, 0);
          return total > 0 ? total : undefined;
        },
        60_000,
        'the traffic to cost something',
      );
      expect(spent).toBeGreaterThan(0);
      // No built-in provider points at the internet.
      const providers = (await (
        await fetch(`${api}/admin/providers?limit=200`, { headers: { authorization: admin } })
      ).json()) as {
        items: { baseUrl: string }[];
      };
      expect(
        providers.items.filter((provider) => !provider.baseUrl.startsWith(`http://127.0.0.1:${mockPort}/`)),
      ).toEqual([]);

      demo.child.kill('SIGINT');
      expect(await demo.exited).toBe(0);
      expect(demo.output()).not.toMatch(/\n\s+at /);
      for (const port of [apiPort, dashboardPort, mockPort]) expect(await listening(port)).toBe(false);

      const again = startDemo(env);
      try {
        expect(await until(async () => tokenOf(again.output()), 300_000, 'the second run')).toBe(token);
        const teams = (await (
          await fetch(`${api}/admin/teams?limit=200`, { headers: { authorization: await signIn(api) } })
        ).json()) as { items: { name: string }[] };
        expect(teams.items.filter((team) => team.name === 'demo')).toHaveLength(1);
      } finally {
        again.child.kill('SIGINT');
        expect(await again.exited).toBe(0);
      }
    } catch (error) {
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\ndemo output:\n${demo.output().slice(-5000)}`,
        {
          cause: error,
        },
      );
    } finally {
      if (demo.child.exitCode === null) demo.child.kill('SIGKILL');
    }
  });

  it('refuses to start when its API port is taken, instead of using whatever answers there', async () => {
    const port = await freePort();
    const squatter = net.createServer().listen(port, '0.0.0.0');
    try {
      const demo = startDemo({ PORT: String(port), DEMO_DATA_DIR: path.join(os.tmpdir(), 'unused-demo') });
      expect(await demo.exited).toBe(1);
      expect(demo.output()).toContain(
        `demo: port ${port} is already in use (another Switchyard?); stop it or set PORT`,
      );
    } finally {
      squatter.close();
    }
  });
});
