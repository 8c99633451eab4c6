import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startMockProvider, type MockProvider } from '@switchyard/testing';
import { type ApiProcess, freePort, spawnApi, waitForReady } from '../../support/processes.js';
import { startPrivateRedis, type PrivateRedis } from '../../support/private-redis.js';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';

export const OWNER_EMAIL = 'chaos-owner@example.com';
export const OWNER_PASSWORD = 'chaos owner password 0123456789';
export const METRICS_TOKEN = 'chaos-metrics-token-0123456789';
export const MODEL = 'openai/gpt-4o-mini';

/** One API process of the cluster. */
export interface Replica {
  index: number;
  port: number;
  url: string;
  /** Its own data directory: the write-ahead file lives there. */
  dataDir: string;
  process: ApiProcess;
  /** Its JSON log lines so far (non-JSON lines included, as they are). */
  lines(): string[];
  signal(signal: NodeJS.Signals): void;
}

export interface ChaosCluster {
  postgres: PrivatePostgres;
  redis: PrivateRedis;
  mock: MockProvider;
  replicas: Replica[];
  /** `Authorization` header of the owner, signed in on the first replica. */
  admin: string;
  /** Starts one more replica (same database, Redis and master key) and waits until it is ready. */
  addReplica(env?: Record<string, string>): Promise<Replica>;
  /** Starts a new process in the place of one that exited: same port and data directory (so its write-ahead file). */
  restart(replica: Replica, env?: Record<string, string>): Promise<Replica>;
  /** A JSON admin call on a replica (the first by default); throws on a status other than `expect`. */
  call(method: string, route: string, body?: unknown, expect?: number, on?: Replica): Promise<Json>;
  addKey(secret: string): Promise<string>;
  /** A team (with a budget when `budgetUsd` is given) and a token of it. */
  team(options?: {
    budgetUsd?: number;
    token?: Record<string, unknown>;
  }): Promise<{ teamId: string; token: string; tokenId: string }>;
  /** Waits until every replica's pool holds `count` keys. */
  keysEverywhere(count: number): Promise<void>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

async function json(response: Response): Promise<Json> {
  const text = await response.text();
  try {
    return JSON.parse(text) as Json;
  } catch {
    return { text };
  }
}

/**
 * A private PostgreSQL cluster, a private Redis, the mock provider and `replicas` API processes built from
 * `dist/`, sharing the database, Redis and master key, each with its own data directory.
 */
export async function startChaosCluster(
  replicaCount: number,
  env: Record<string, string> = {},
): Promise<ChaosCluster> {
  const [postgres, redis, mock] = await Promise.all([
    startPrivatePostgres(),
    startPrivateRedis(),
    startMockProvider(),
  ]);
  const masterKey = randomBytes(32).toString('base64');
  const dataDirs: string[] = [];
  const replicas: Replica[] = [];

  const launch = async (extra: Record<string, string>, place?: Replica): Promise<Replica> => {
    const port = place?.port ?? (await freePort());
    const dataDir = place?.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'switchyard-chaos-api-')));
    if (!place) dataDirs.push(dataDir);
    const process = spawnApi({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      SWITCHYARD_MASTER_KEY: masterKey,
      SWITCHYARD_DATA_DIR: dataDir,
      SWITCHYARD_ADMIN_EMAIL: OWNER_EMAIL,
      SWITCHYARD_ADMIN_PASSWORD: OWNER_PASSWORD,
      SWITCHYARD_METRICS_TOKEN: METRICS_TOKEN,
      SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true',
      SWITCHYARD_UNAUTHENTICATED_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
      ...env,
      ...extra,
    });
    const replica: Replica = {
      index: place?.index ?? replicas.length + 1,
      port,
      url: `http://127.0.0.1:${port}`,
      dataDir,
      process,
      lines: () =>
        process
          .output()
          .split('\n')
          .filter((line) => line.trim() !== ''),
      signal: (signal) => process.child.kill(signal),
    };
    if (place) replicas[replicas.indexOf(place)] = replica;
    else replicas.push(replica);
    await Promise.race([
      waitForReady(port, 120_000),
      process.exited.then((code) => {
        throw new Error(
          `replica ${replica.index} exited with ${code} before it was ready:\n${process.output()}`,
        );
      }),
    ]);
    return replica;
  };

  // The first replica migrates the database and creates the owner before the others start.
  await launch({});
  await Promise.all(Array.from({ length: replicaCount - 1 }, () => launch({})));

  const first = replicas[0]!;
  const login = await fetch(`${first.url}/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: OWNER_EMAIL, password: OWNER_PASSWORD }),
  }).catch((error: unknown) => {
    throw new Error(`replica 1 stopped answering:\n${first.process.output()}`, { cause: error });
  });
  if (login.status !== 200) throw new Error(`owner sign-in failed: ${login.status} ${await login.text()}`);
  const admin = `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`;

  const call: ChaosCluster['call'] = async (method, route, body, expected = 200, on = first) => {
    const response = await fetch(`${on.url}${route}`, {
      method,
      headers: {
        authorization: admin,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = await json(response);
    if (response.status !== expected)
      throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };

  await call('PATCH', '/admin/providers/openai', { baseUrl: mock.baseUrl('openai') });

  const cluster: ChaosCluster = {
    postgres,
    redis,
    mock,
    replicas,
    admin,
    addReplica: (extra = {}) => launch(extra),
    restart: (replica, extra = {}) => launch(extra, replica),
    call,
    async addKey(secret) {
      const created = await call(
        'POST',
        '/admin/provider-keys',
        { provider: 'openai', secret, validate: false, models: ['gpt-4o-mini'] },
        201,
      );
      return created.id as string;
    },
    async team(options = {}) {
      const team = await call(
        'POST',
        '/admin/teams',
        { name: `chaos-${randomBytes(4).toString('hex')}` },
        201,
      );
      if (options.budgetUsd !== undefined)
        await call('PUT', `/admin/teams/${String(team.id)}/budget`, {
          limitUsd: options.budgetUsd,
          period: 'total',
        });
      const token = await call(
        'POST',
        `/admin/teams/${team.id}/tokens`,
        { name: 'chaos', ...options.token },
        201,
      );
      return { teamId: team.id as string, token: token.token as string, tokenId: token.id as string };
    },
    async keysEverywhere(count) {
      const deadline = Date.now() + 20_000;
      for (const replica of replicas) {
        for (;;) {
          const state = await call('GET', '/admin/key-state', undefined, 200, replica);
          if ((state.items as unknown[]).length >= count) break;
          if (Date.now() > deadline) throw new Error(`replica ${replica.index} never saw ${count} keys`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    },
    async close() {
      for (const replica of replicas) {
        if (replica.process.child.exitCode === null && replica.process.child.signalCode === null) {
          replica.signal('SIGCONT');
          replica.signal('SIGKILL');
          await replica.process.exited;
        }
      }
      await Promise.allSettled([postgres.close(), redis.close(), mock.close()]);
      await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
  return cluster;
}
