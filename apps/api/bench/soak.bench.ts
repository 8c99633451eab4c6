// Soak: a steady 300 req/s (half streaming) for 60 s through two replicas behind the round-robin front of
// `npm run replicas`, sharing one PostgreSQL and a private Redis. Prints the rate reached, errors, the latency the
// gateway adds over calling the mock provider directly (p50, p99), and each replica's RSS at start, at its peak and
// at the end after an idle pause; memory growth (end over start) must stay under 10%.
// Run: cd apps/api && npm run bench:soak   (builds first; needs PostgreSQL as DATABASE_URL or on 127.0.0.1:5432,
// and redis-server on the PATH). SOAK_RATE (300), SOAK_SECONDS (60), SOAK_WARMUP_SECONDS (10) and
// SOAK_IDLE_SECONDS (10) tune it.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, ensureTemplateDatabase } from '@switchyard/testing';
import { freePort, spawnApi, waitForReady, type ApiProcess } from '../test/support/processes.js';
import { startPrivateRedis } from '../test/support/private-redis.js';
import { AdminApi } from './proxy/admin-api.js';
import { startChild } from './proxy/child-process.js';

const RATE = Number(process.env.SOAK_RATE ?? 300);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 10);
const IDLE_SECONDS = Number(process.env.SOAK_IDLE_SECONDS ?? 10);
const MAX_GROWTH = 0.1;
const PROMPT = [{ role: 'user', content: 'Say hello to the soak in one short sentence.' }];
const ADMIN = { email: 'soak-owner@example.com', password: randomBytes(12).toString('base64url') };

const here = path.dirname(fileURLToPath(import.meta.url));
const workspaceRoot = path.resolve(here, '../../..');

interface Sample {
  ms: number;
  ok: boolean;
}

/** Current resident memory of a replica, in MB, from /proc; throws with the end of its log if it has died. */
function rssMbOf(replica: ApiProcess): number {
  if (replica.child.exitCode !== null || replica.child.signalCode !== null)
    throw new Error(
      `replica ${replica.child.pid} exited (${replica.child.exitCode ?? replica.child.signalCode}):\n` +
        replica.output().split('\n').slice(-30).join('\n'),
    );
  const line = readFileSync(`/proc/${replica.child.pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1]) / 1024;
}

async function request(url: string, token: string | undefined, stream: boolean): Promise<Sample> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token ?? 'sk-soak-direct'}`,
      },
      body: JSON.stringify({ model: token ? 'openai/gpt-4o-mini' : 'gpt-4o-mini', messages: PROMPT, stream }),
    });
    const body = await response.text();
    const ok = response.status === 200 && (!stream || body.includes('[DONE]'));
    return { ms: performance.now() - started, ok };
  } catch {
    return { ms: performance.now() - started, ok: false };
  }
}

/** An open loop: requests start on schedule whether or not earlier ones have ended, half of them streaming. */
async function steadyLoad(
  url: string,
  token: string | undefined,
  seconds: number,
  onTick?: () => void,
): Promise<{ samples: Sample[]; elapsedS: number }> {
  const total = RATE * seconds;
  const pending: Promise<Sample>[] = [];
  const started = performance.now();
  let lastTick = started;
  for (let i = 0; i < total; i += 1) {
    const wait = started + (i * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(request(url, token, i % 2 === 1));
    if (onTick && performance.now() - lastTick >= 500) {
      lastTick = performance.now();
      onTick();
    }
  }
  const samples = await Promise.all(pending);
  return { samples, elapsedS: (performance.now() - started) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const git = (...args: string[]) => {
  try {
    return execFileSync('git', args, { cwd: here, encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return '';
  }
};

const redis = await startPrivateRedis();
const database = await createTestDatabase(await ensureTemplateDatabase(workspaceRoot));
const mock = await startChild<{ url: string; openAiBaseUrl: string }>(
  path.join(here, 'proxy/mock-provider.process.mjs'),
  {},
);
const masterKey = randomBytes(32).toString('base64');
const dataDirs: string[] = [];
const replicas: ApiProcess[] = [];
const ports: number[] = [];
let front: Awaited<ReturnType<typeof startChild<{ url: string }>>> | undefined;

try {
  for (let i = 0; i < 2; i += 1) {
    const port = await freePort();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-soak-'));
    dataDirs.push(dataDir);
    replicas.push(
      spawnApi({
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        SWITCHYARD_MASTER_KEY: masterKey,
        SWITCHYARD_DATA_DIR: dataDir,
        SWITCHYARD_ADMIN_EMAIL: ADMIN.email,
        SWITCHYARD_ADMIN_PASSWORD: ADMIN.password,
        SWITCHYARD_ALLOW_PRIVATE_UPSTREAMS: 'true',
      }),
    );
    ports.push(port);
    // The first replica migrates and creates the owner before the second starts.
    await waitForReady(port, 120_000);
  }
  front = await startChild<{ url: string }>(path.join(here, 'soak/front.process.mjs'), {
    SOAK_TARGETS: ports.join(','),
  });

  const admin = new AdminApi(`http://127.0.0.1:${ports[0]}`);
  await admin.signIn(ADMIN.email, ADMIN.password);
  await admin.call('PATCH', '/admin/providers/openai', { baseUrl: mock.ready.openAiBaseUrl });
  for (const secret of ['sk-soak-1', 'sk-soak-2', 'sk-soak-3'])
    await admin.call('POST', '/admin/provider-keys', { provider: 'openai', secret, validate: false });
  const team = await admin.call<{ id: string }>('POST', '/admin/teams', { name: 'soak' });
  await admin.call('PUT', `/admin/teams/${team.id}/budget`, { limitUsd: 1_000_000, period: 'monthly' });
  const { token } = await admin.call<{ token: string }>('POST', `/admin/teams/${team.id}/tokens`, {
    name: 'soak',
    rpm: 100_000_000,
    tpm: 1_000_000_000,
  });
  const gatewayUrl = `${front.ready.url}/v1`;
  for (const port of ports) {
    for (let attempt = 0; ; attempt += 1) {
      const replicaAdmin = new AdminApi(`http://127.0.0.1:${port}`);
      await replicaAdmin.signIn(ADMIN.email, ADMIN.password);
      const { items } = await replicaAdmin.call<{ items: unknown[] }>('GET', '/admin/key-state');
      if (items.length >= 3) break;
      if (attempt > 100) throw new Error(`replica on ${port} never loaded the keys`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  console.log(`soak: warming up ${WARMUP_SECONDS} s, then ${SECONDS} s at ${RATE} req/s through 2 replicas`);
  await steadyLoad(gatewayUrl, token, WARMUP_SECONDS);
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const pids = replicas.map((replica) => replica.child.pid!);
  const startRss = replicas.map(rssMbOf);
  const peakRss = [...startRss];
  const samplePeaks = () =>
    replicas.forEach((replica, i) => (peakRss[i] = Math.max(peakRss[i]!, rssMbOf(replica))));
  const soak = await steadyLoad(gatewayUrl, token, SECONDS, samplePeaks);
  samplePeaks();
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const endRss = replicas.map(rssMbOf);

  // The same load straight at the mock: what the gateway's latency is compared with.
  const direct = await steadyLoad(mock.ready.openAiBaseUrl, undefined, Math.min(SECONDS, 20));

  const okMs = (samples: Sample[]) =>
    samples
      .filter((sample) => sample.ok)
      .map((sample) => sample.ms)
      .sort((a, b) => a - b);
  const gatewayMs = okMs(soak.samples);
  const directMs = okMs(direct.samples);
  const errors = soak.samples.filter((sample) => !sample.ok).length;
  const growth = pids.map((_, i) => (endRss[i]! - startRss[i]!) / startRss[i]!);
  const mb = (value: number) => value.toFixed(0);
  const rows = [
    ['commit', git('rev-parse', '--short', 'HEAD')],
    [
      'load average at the end',
      os
        .loadavg()
        .map((value) => value.toFixed(2))
        .join(', '),
    ],
    ['requests', String(soak.samples.length)],
    ['rate reached (req/s)', (soak.samples.length / soak.elapsedS).toFixed(1)],
    ['errors', String(errors)],
    ['p50 added latency (ms)', (percentile(gatewayMs, 50) - percentile(directMs, 50)).toFixed(1)],
    ['p99 added latency (ms)', (percentile(gatewayMs, 99) - percentile(directMs, 99)).toFixed(1)],
    [
      'p50 / p99 through the gateway (ms)',
      `${percentile(gatewayMs, 50).toFixed(1)} / ${percentile(gatewayMs, 99).toFixed(1)}`,
    ],
    [
      'p50 / p99 straight to the mock (ms)',
      `${percentile(directMs, 50).toFixed(1)} / ${percentile(directMs, 99).toFixed(1)}`,
    ],
    ...pids.map((_, i) => [
      `replica ${i + 1} RSS start / peak / end after ${IDLE_SECONDS} s idle (MB)`,
      `${mb(startRss[i]!)} / ${mb(peakRss[i]!)} / ${mb(endRss[i]!)} (${(growth[i]! * 100).toFixed(1)}%)`,
    ]),
  ];
  console.log('\n| figure | value |\n| --- | --- |');
  for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
  const failed = errors > 0 || growth.some((value) => value >= MAX_GROWTH);
  if (failed) {
    console.error(`\nsoak: FAILED (errors ${errors}; memory growth must stay under ${MAX_GROWTH * 100}%)`);
    process.exitCode = 1;
  }
} finally {
  await front?.stop();
  for (const replica of replicas) {
    replica.child.kill('SIGTERM');
    await replica.exited;
  }
  await mock.stop();
  await redis.close();
  await database.drop();
  await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
}
