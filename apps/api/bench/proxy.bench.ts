// Data-plane overhead: Switchyard against a bare Node reverse proxy (the floor), each in its own process on the
// same CPU, the mock provider and the load generator on the other one.
// Run: cd apps/api && npm run bench:proxy [-- --no-governance]   (builds first; needs DATABASE_URL or PostgreSQL
// on 127.0.0.1:5432). The proxies run from plain JavaScript; Switchyard as it is deployed, from the build's bundle.
// By default the token has rpm/tpm limits and a model allow-list and its team a budget; --no-governance drops them.
// BENCH_ROUNDS (5), BENCH_SECONDS (5), BENCH_UNLOADED_SECONDS (3) and BENCH_CONNECTIONS (50) tune the runs;
// BENCH_CPU_PROFILE_DIR writes a V8 CPU profile of the Switchyard process there. Switchyard runs with the API's
// entry, environment and Node flags (scripts/api-process.mjs); BENCH_NODE_FLAGS adds flags (e.g.
// --max-semi-space-size=8).
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_ENTRY, API_ENVIRONMENT, API_NODE_FLAGS } from '../../../scripts/api-process.mjs';
import { type BenchChild, startChild } from './proxy/child-process.js';
import { configureGateway, requestsPerKey } from './proxy/gateway-setup.js';
import { type LoadResult, runLoad, type Target } from './proxy/load.js';
import { peakRssMbOf, pinToCpu } from './proxy/process-cpu.js';
import {
  type Comparison,
  type PeakMemory,
  peakMemoryLine,
  resultsTable,
  roundsTable,
  type Unloaded,
} from './proxy/report.js';
import { startSwitchyard } from './proxy/switchyard-api.js';

const GOVERNANCE = !process.argv.includes('--no-governance');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const UNLOADED_SECONDS = Number(process.env.BENCH_UNLOADED_SECONDS ?? 3);
/** Once per proxy and mode before anything is measured: a fresh process runs cold code for its first seconds. */
const WARMUP_SECONDS = 3;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR;
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
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
/** The proxy under test gets a CPU of its own; the mock, autocannon and PostgreSQL share the other. */
const PROXY_CPU = 1;
const DRIVER_CPU = 0;

const here = path.dirname(fileURLToPath(import.meta.url));
const script = (name: string) => path.join(here, 'proxy', name);
const git = (...args: string[]) => {
  try {
    return execFileSync('git', args, { cwd: here, encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return '';
  }
};
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

function describeRun(): string {
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown commit';
  const changed = git('status', '--porcelain', '--', '../src', '../../../libs').split('\n').filter(Boolean);
  const cpu = os.cpus()[0]?.model.trim();
  return [
    `${new Date().toISOString()}, commit ${commit}${changed.length ? ` plus ${changed.length} uncommitted change(s) in apps/api/src and libs` : ''}`,
    `Node ${process.version}, ${os.cpus().length} CPUs (${cpu}), load averages at start: ${loadAverages()}`,
    `Switchyard runs ${API_ENTRY} with ${Object.entries(API_ENVIRONMENT)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ')} ${[...API_NODE_FLAGS, ...NODE_FLAGS].join(' ')}\n` +
      (GOVERNANCE
        ? 'Governance on: the team has a budget; the token has rpm and tpm limits and a model allow-list (--no-governance drops them)'
        : 'Governance off: no budget, no limits, no allow-list'),
  ].join('\n');
}

async function main(): Promise<void> {
  const children: BenchChild<unknown>[] = [];
  try {
    console.log(describeRun());
    const pinned = os.cpus().length > 1 && pinToCpu(process.pid, DRIVER_CPU);
    const mock = await startChild<{ url: string; openAiBaseUrl: string }>(
      script('mock-provider.process.mjs'),
      {},
    );
    children.push(mock);
    const bare = await startChild<{ url: string }>(script('bare-proxy.process.mjs'), {
      BENCH_UPSTREAM_URL: mock.ready.url,
      BENCH_UPSTREAM_KEYS: PROVIDER_KEYS.join(','),
    });
    children.push(bare);
    const switchyard = await startSwitchyard([
      ...NODE_FLAGS,
      ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []),
    ]);
    children.push(switchyard);
    const token = await configureGateway(switchyard.ready, {
      upstreamBaseUrl: mock.ready.openAiBaseUrl,
      providerSecrets: PROVIDER_KEYS,
      governance: GOVERNANCE,
    });
    if (pinned) for (const child of [bare, switchyard]) pinToCpu(child.pid, PROXY_CPU);
    console.log(
      pinned
        ? `The proxies run on CPU ${PROXY_CPU}; the mock, the load generator and this process on CPU ${DRIVER_CPU} (PostgreSQL is not pinned)`
        : 'Processes are not pinned to CPUs (taskset missing or a single CPU)',
    );

    const bearer = `Bearer ${token}`;
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
    for (const mode of MODES) for (const target of [bareTarget, gateway]) await probe(target, mode);
    for (const mode of MODES)
      for (const target of [bareTarget, gateway])
        await runLoad(target, mode.body, { connections: CONNECTIONS, seconds: WARMUP_SECONDS });

    const comparisons: Comparison[] = MODES.map((mode) => ({ mode: mode.name, bare: [], switchyard: [] }));
    const unloaded: Unloaded[] = MODES.map((mode) => ({
      mode: mode.name,
      bareP50Ms: [],
      switchyardP50Ms: [],
    }));
    for (let round = 0; round < ROUNDS; round += 1) {
      // Which proxy goes first alternates, so a slow minute of the machine is shared out.
      const order = round % 2 === 0 ? [bareTarget, gateway] : [gateway, bareTarget];
      for (const [index, mode] of MODES.entries()) {
        const measured = new Map<Target, LoadResult>();
        const quiet = new Map<Target, LoadResult>();
        for (const target of order) {
          measured.set(
            target,
            await runLoad(target, mode.body, { connections: CONNECTIONS, seconds: SECONDS }),
          );
          quiet.set(target, await runLoad(target, mode.body, { connections: 1, seconds: UNLOADED_SECONDS }));
        }
        comparisons[index]!.bare.push(measured.get(bareTarget)!);
        comparisons[index]!.switchyard.push(measured.get(gateway)!);
        unloaded[index]!.bareP50Ms.push(quiet.get(bareTarget)!.p50Ms);
        unloaded[index]!.switchyardP50Ms.push(quiet.get(gateway)!.p50Ms);
      }
    }
    const rss = { bareMb: peakRssMbOf(bare.pid), switchyardMb: peakRssMbOf(switchyard.pid) };

    console.log(
      `\n${ROUNDS} rounds; in each, per mode and proxy: ${SECONDS} s at ${CONNECTIONS} connections (CPU µs/request, RPS), then ${UNLOADED_SECONDS} s on one connection, one request at a time (unloaded p50).` +
        ' Medians of the rounds; each ratio is the median of the rounds’ own ratios. Peak RSS is each process’s VmHWM over the whole run.\n',
    );
    console.log(resultsTable(comparisons, unloaded, rss));
    console.log(`\n${peakMemoryLine(await switchyard.ask<PeakMemory>('peak-memory'))}`);
    console.log(`\nRounds:\n\n${roundsTable(comparisons)}`);
    console.log(
      `\nSwitchyard requests per provider key: ${(await requestsPerKey(switchyard.ready)).join(', ')}`,
    );
    console.log(`Load averages at end: ${loadAverages()}`);
  } finally {
    for (const child of children.reverse()) await child.stop();
  }
}

await main();
