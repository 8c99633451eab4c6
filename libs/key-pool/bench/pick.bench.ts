import { KeyPool, type KeyConfig, type Lease } from '../src/index.js';

/**
 * Pick + release throughput and pick latency of the in-memory pool at growing key counts.
 * Run: `npm run bench -w @switchyard/key-pool` (or `node --import ../../scripts/register-ts.mjs bench/pick.bench.ts`).
 */

const KEY_COUNTS = [10, 1_000, 10_000];
const WARM_UP = 20_000;
const MEASURED = 200_000;
const ROUTE = 'openai/gpt-4o';

interface Scenario {
  name: string;
  /** Leases held at once; each pick releases the oldest beyond this. */
  inFlight: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'one at a time', inFlight: 0 },
  { name: '256 in flight', inFlight: 256 },
];

interface Result {
  keys: number;
  scenario: string;
  opsPerSecond: number;
  p50Micros: number;
  p99Micros: number;
  maxMicros: number;
}

function makeKeys(count: number): KeyConfig[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `key-${index}`,
    provider: 'openai',
    tier: index % 10 === 9 ? 'fallback' : 'primary',
    weight: 1 + (index % 3),
    modelMaxConcurrency: 64,
  }));
}

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

function run(keyCount: number, scenario: Scenario): Result {
  const pool = new KeyPool({ keys: makeKeys(keyCount) });
  const held: (Lease | undefined)[] = new Array(scenario.inFlight + 1);
  let cursor = 0;
  const samples = new Float64Array(MEASURED);

  const step = (sampleIndex: number): void => {
    const startedAt = process.hrtime.bigint();
    const lease = pool.tryAcquire(ROUTE)!;
    if (sampleIndex >= 0) samples[sampleIndex] = Number(process.hrtime.bigint() - startedAt);
    held[cursor] = lease;
    cursor = (cursor + 1) % held.length;
    held[cursor]?.success(undefined, undefined, 120);
    held[cursor] = undefined;
  };

  for (let index = 0; index < WARM_UP; index += 1) step(-1);
  const startedAt = process.hrtime.bigint();
  for (let index = 0; index < MEASURED; index += 1) step(index);
  const elapsedNs = Number(process.hrtime.bigint() - startedAt);
  for (const lease of held) lease?.abort();
  if (pool.stats().inFlight !== 0) throw new Error('Leases leaked during the benchmark');
  void pool.close();

  samples.sort();
  return {
    keys: keyCount,
    scenario: scenario.name,
    opsPerSecond: Math.round(MEASURED / (elapsedNs / 1e9)),
    p50Micros: percentile(samples, 0.5) / 1000,
    p99Micros: percentile(samples, 0.99) / 1000,
    maxMicros: percentile(samples, 1) / 1000,
  };
}

function format(results: readonly Result[]): string {
  const header = '| keys | scenario | pick+release ops/s | pick p50 (µs) | pick p99 (µs) | pick max (µs) |';
  const divider = '|---:|---|---:|---:|---:|---:|';
  const rows = results.map(
    (result) =>
      `| ${result.keys.toLocaleString('en-US')} | ${result.scenario} | ${result.opsPerSecond.toLocaleString('en-US')} | ${result.p50Micros.toFixed(2)} | ${result.p99Micros.toFixed(2)} | ${result.maxMicros.toFixed(1)} |`,
  );
  return [header, divider, ...rows].join('\n');
}

const results: Result[] = [];
for (const keyCount of KEY_COUNTS) {
  for (const scenario of SCENARIOS) results.push(run(keyCount, scenario));
}
console.log(
  `key-pool pick benchmark — Node ${process.version}, ${MEASURED.toLocaleString('en-US')} picks per row\n`,
);
console.log(format(results));
const worstP99 = Math.max(
  ...results.filter((result) => result.keys === 10_000).map((result) => result.p99Micros),
);
console.log(
  `\np99 pick at 10,000 keys: ${worstP99.toFixed(2)} µs (target < 50 µs) — ${worstP99 < 50 ? 'met' : 'NOT met'}`,
);
