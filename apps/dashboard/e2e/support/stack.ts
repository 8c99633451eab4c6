import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTestDatabase,
  ensureTemplateDatabase,
  startMockProvider,
  type MockProvider,
  type TestDatabase,
} from '@switchyard/testing';
import { API_ENTRY } from '../../../../scripts/api-process.mjs';
import { freePort, startService, waitForHttp, type Service } from './processes';

export const DASHBOARD_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WORKSPACE_ROOT = path.resolve(DASHBOARD_ROOT, '../..');
export const ARTIFACTS = path.join(DASHBOARD_ROOT, 'test-artifacts');

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-e2e-1' };

export interface Stack {
  apiUrl: string;
  dashboardUrl: string;
  mock: MockProvider;
  stop(): Promise<void>;
}

function requireBuild(file: string, project: string): void {
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: build first (npx nx run ${project}:build), or run the e2e target through Nx`,
    );
  }
}

/**
 * The whole product as a user meets it: the built API on a fresh database of DATABASE_URL's server, the built
 * dashboard pointing at it, and the mock provider in this process so tests can script each key's behaviour.
 */
export interface StackOptions {
  /** The dashboard's port, when the API must know its URL before it starts (single sign-on's redirect). */
  dashboardPort?: number;
  /** More API environment, given the dashboard's URL. */
  apiEnv?: (dashboardUrl: string) => Record<string, string>;
  /** False starts the API with no owner, as a fresh install. */
  withAdmin?: boolean;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const withAdmin = options.withAdmin ?? true;
  const apiMain = path.join(WORKSPACE_ROOT, API_ENTRY);
  requireBuild(apiMain, '@switchyard/api');
  requireBuild(path.join(DASHBOARD_ROOT, '.next/BUILD_ID'), '@switchyard/dashboard');
  await mkdir(ARTIFACTS, { recursive: true });

  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const item of started.reverse()) await item.stop().catch(() => undefined);
  };
  try {
    const database: TestDatabase = await createTestDatabase(await ensureTemplateDatabase(WORKSPACE_ROOT));
    started.push({ stop: () => database.drop() });
    const mock = await startMockProvider();
    started.push({ stop: () => mock.close() });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-e2e-'));
    started.push({ stop: () => rm(dataDir, { recursive: true, force: true }) });

    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const dashboardPort = options.dashboardPort ?? (await freePort());
    const dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
    const apiLog = path.join(ARTIFACTS, withAdmin ? 'api.log' : 'api-empty.log');
    const api: Service = startService(
      'API',
      process.execPath,
      [...(process.env.SWITCHYARD_E2E_API_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []), apiMain],
      {
        cwd: WORKSPACE_ROOT,
        logFile: apiLog,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'production',
          HOST: '127.0.0.1',
          PORT: String(apiPort),
          DATABASE_URL: database.url,
          SWITCHYARD_MASTER_KEY: randomBytes(32).toString('base64'),
          ...(withAdmin
            ? { SWITCHYARD_ADMIN_EMAIL: ADMIN.email, SWITCHYARD_ADMIN_PASSWORD: ADMIN.password }
            : {}),
          SWITCHYARD_DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
          // The providers are the mock in this process, on loopback.
          SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true',
          // Notification channels in the tests are receivers in this process, on loopback.
          SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS: 'true',
          ...options.apiEnv?.(dashboardUrl),
        },
      },
    );
    started.push(api);
    await waitForHttp(`${apiUrl}/health/ready`, api, 90_000, apiLog);
    if (withAdmin) await assertConcurrentAdminCalls(apiUrl);

    const dashboardLog = path.join(ARTIFACTS, withAdmin ? 'dashboard.log' : 'dashboard-empty.log');
    const dashboard = startService(
      'dashboard',
      process.execPath,
      [
        path.join(WORKSPACE_ROOT, 'node_modules/next/dist/bin/next'),
        'start',
        '-p',
        String(dashboardPort),
        '-H',
        '127.0.0.1',
      ],
      {
        cwd: DASHBOARD_ROOT,
        logFile: dashboardLog,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'production',
          API_URL: apiUrl,
          NEXT_TELEMETRY_DISABLED: '1',
        },
      },
    );
    started.push(dashboard);
    await waitForHttp(`${dashboardUrl}/api/health`, dashboard, 60_000, dashboardLog);

    return { apiUrl, dashboardUrl, mock, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Every console page reads several API resources at once. If the API cannot answer concurrent authenticated
 * calls, every later step would time out with an unhelpful message, so this says what is wrong up front.
 */
async function assertConcurrentAdminCalls(apiUrl: string): Promise<void> {
  const login = await fetch(`${apiUrl}/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!login.ok) throw new Error(`the API refused the bootstrap admin's sign-in (HTTP ${login.status})`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const calls = Array.from({ length: 6 }, () =>
    fetch(`${apiUrl}/admin/auth/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(10_000),
    }).then(
      (response) => response.status,
      (error: unknown) => (error instanceof Error ? error.name : 'error'),
    ),
  );
  const outcomes = await Promise.all(calls);
  if (outcomes.some((outcome) => outcome !== 200)) {
    throw new Error(
      `the API did not answer 6 concurrent GET /admin/auth/me calls (got ${outcomes.join(', ')}); ` +
        'the console cannot work against it. Check that the admin guard gives each request its own passport strategy object.',
    );
  }
}
