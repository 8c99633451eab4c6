// Data-plane overhead: the mock provider called directly, through a bare Node reverse proxy (the floor), and
// through Switchyard, each in its own process, driven by autocannon from this one.
// Run: cd apps/api && npm run bench:proxy   (needs DATABASE_URL or the local PostgreSQL on 127.0.0.1:5432)
// BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (0), BENCH_CONNECTIONS (50) and BENCH_FIXED_RATE (500) tune the runs;
// BENCH_CPU_PROFILE_DIR writes a V8 CPU profile of the Switchyard process there.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminApi } from './proxy/admin-api.js';
import { type BareProxyReady } from './proxy/bare-proxy.process.js';
import { type BenchChild, startChild } from './proxy/child-process.js';
import { type LoadResult, runLoad, runPacedLoad, type Target } from './proxy/load.js';
import { type MockReady } from './proxy/mock-provider.process.js';
import {
  type FixedRateRow,
  fixedRateTable,
  throughputTable,
  type ThroughputRow,
  verdicts,
} from './proxy/report.js';
import { type SwitchyardReady } from './proxy/switchyard.process.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 0);
/** Once per proxy and mode before anything is measured: a fresh process runs cold code for its first seconds. */
const FIRST_WARMUP_SECONDS = 3;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR;
/** The targets are set at 500 RPS; BENCH_FIXED_RATE shows the added latency at other rates. */
const FIXED_RATE = Number(process.env.BENCH_FIXED_RATE ?? 500);
const FIXED_RATE_CONNECTIONS = 10;
const PACED_STREAMS = 50;
const PROVIDER_KEYS = ['sk-bench-key-1', 'sk-bench-key-2', 'sk-bench-key-3'];
const CHAT_PATH = '/v1/chat/completions';
const PROMPT = [{ role: 'user', content: 'Say hello to the benchmark in one short sentence.' }];
const MODES = [
  { name: 'non-streaming', body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: PROMPT }) },
  {
    name: 'streaming',
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: PROMPT, stream: true }),
  },
];

const here = path.dirname(fileURLToPath(import.meta.url));
const script = (name: string) => path.join(here, 'proxy', name);
const git = (...args: string[]) => execFileSync('git', args, { cwd: here, encoding: 'utf8' }).trim();
const loadAverages = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

/** One request per target and mode, checked for a real answer, so a broken setup cannot pass as fast. */
async function probe(target: Target, mode: (typeof MODES)[number]): Promise<void> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: target.authorization },
    body: mode.body,
  });
  const text = await response.text();
  const healthy =
    response.status === 200 &&
    (mode.name === 'streaming'
      ? text.trimEnd().endsWith('data: [DONE]')
      : text.includes('"chat.completion"'));
  if (!healthy)
    throw new Error(`${target.name} ${mode.name} answered ${response.status}: ${text.slice(0, 300)}`);
}

async function requestsPerKey(switchyard: SwitchyardReady): Promise<number[]> {
  const admin = new AdminApi(switchyard.url);
  await admin.signIn(switchyard.adminEmail, switchyard.adminPassword);
  const { items } = await admin.call<{ items: { models: { requests: number }[] }[] }>(
    'GET',
    '/admin/key-state',
  );
  return items.map((key) => key.models.reduce((sum, model) => sum + model.requests, 0));
}

async function main(): Promise<void> {
  const children: BenchChild<unknown>[] = [];
  try {
    const changed = git('status', '--porcelain', '--', '../src', '../../../libs').split('\n').filter(Boolean);
    console.log(
      `${new Date().toISOString()}, commit ${git('rev-parse', '--short', 'HEAD')}${changed.length ? ` plus ${changed.length} uncommitted change(s) in apps/api/src and libs` : ''}`,
    );
    console.log(
      `Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load averages at start: ${loadAverages()}`,
    );
    const mock = await startChild<MockReady>(script('mock-provider.process.ts'), {});
    children.push(mock);
    const bare = await startChild<BareProxyReady>(script('bare-proxy.process.ts'), {
      BENCH_UPSTREAM_URL: mock.ready.url,
      BENCH_UPSTREAM_KEYS: PROVIDER_KEYS.join(','),
    });
    children.push(bare);
    const switchyard = await startChild<SwitchyardReady>(
      script('switchyard.process.ts'),
      {
        BENCH_UPSTREAM_OPENAI_BASE_URL: mock.ready.openAiBaseUrl,
        BENCH_UPSTREAM_KEYS: PROVIDER_KEYS.join(','),
      },
      PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
    );
    children.push(switchyard);

    const bearer = `Bearer ${switchyard.ready.token}`;
    const direct: Target = {
      name: 'direct',
      url: `${mock.ready.url}${CHAT_PATH}`,
      authorization: `Bearer ${PROVIDER_KEYS[0]}`,
      pid: mock.pid,
    };
    const bareTarget: Target = {
      name: 'bare proxy',
      url: `${bare.ready.url}${CHAT_PATH}`,
      authorization: bearer,
      pid: bare.pid,
    };
    const gateway: Target = {
      name: 'Switchyard',
      url: `${switchyard.ready.url}${CHAT_PATH}`,
      authorization: bearer,
      pid: switchyard.pid,
    };
    const targets = [direct, bareTarget, gateway];
    for (const mode of MODES) for (const target of targets) await probe(target, mode);
    for (const mode of MODES)
      for (const target of [bareTarget, gateway])
        await runLoad(target, mode.body, { connections: CONNECTIONS, seconds: FIRST_WARMUP_SECONDS });

    console.log(
      `\nMax throughput: ${CONNECTIONS} connections, ${SECONDS} s per run after a ${FIRST_WARMUP_SECONDS} s warm-up per proxy and mode` +
        ` (CPU µs/req: CPU time of the answering process, all threads and background work included, per answer)\n`,
    );
    const throughput: ThroughputRow[] = [];
    for (const mode of MODES) {
      const results = new Map<string, LoadResult>();
      for (const target of targets) {
        if (WARMUP_SECONDS > 0)
          await runLoad(target, mode.body, { connections: CONNECTIONS, seconds: WARMUP_SECONDS });
        results.set(
          target.name,
          await runLoad(target, mode.body, { connections: CONNECTIONS, seconds: SECONDS }),
        );
      }
      for (const target of targets)
        throughput.push({
          mode: mode.name,
          target: target.name,
          result: results.get(target.name)!,
          direct: results.get(direct.name)!,
          bare: results.get(bareTarget.name)!,
        });
    }
    console.log(throughputTable(throughput));

    console.log(
      `\nFixed rate ${FIXED_RATE} RPS, ${SECONDS} s per run: "bursts" is autocannon overallRate over ${FIXED_RATE_CONNECTIONS} connections` +
        ` (each sends its ${FIXED_RATE / FIXED_RATE_CONNECTIONS} requests back to back at the start of every second);` +
        ` "paced" is ${PACED_STREAMS} single-connection generators at ${FIXED_RATE / PACED_STREAMS} RPS, started ${1000 / PACED_STREAMS} ms apart\n`,
    );
    const fixedRate: FixedRateRow[] = [];
    for (const mode of MODES) {
      const bursts = { connections: FIXED_RATE_CONNECTIONS, seconds: SECONDS, overallRate: FIXED_RATE };
      fixedRate.push({
        mode: mode.name,
        shape: 'bursts',
        bare: await runLoad(bareTarget, mode.body, bursts),
        switchyard: await runLoad(gateway, mode.body, bursts),
      });
      fixedRate.push({
        mode: mode.name,
        shape: 'paced',
        bare: await runPacedLoad(bareTarget, mode.body, FIXED_RATE, PACED_STREAMS, SECONDS),
        switchyard: await runPacedLoad(gateway, mode.body, FIXED_RATE, PACED_STREAMS, SECONDS),
      });
    }
    console.log(fixedRateTable(fixedRate));

    console.log(`\nTargets:\n${verdicts(throughput, fixedRate, FIXED_RATE)}`);
    console.log(
      `\nSwitchyard requests per provider key: ${(await requestsPerKey(switchyard.ready)).join(', ')}`,
    );
    console.log(`Load averages at end: ${loadAverages()}`);
  } finally {
    for (const child of children.reverse()) await child.stop();
  }
}

await main();
