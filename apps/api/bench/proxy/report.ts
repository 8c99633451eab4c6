import { type LoadResult } from './load.js';

/** One comparison of Switchyard against the bare proxy: per-round medians of each measure and of their ratio. */
export interface Comparison {
  mode: string;
  bare: LoadResult[];
  switchyard: LoadResult[];
}

export interface Unloaded {
  mode: string;
  bareP50Ms: number[];
  switchyardP50Ms: number[];
}

export interface PeakRss {
  bareMb: number;
  switchyardMb: number;
}

/** What Switchyard's resident memory was made of at its highest sample (see peak-memory.mjs), in bytes. */
export interface PeakMemory {
  rss: number;
  highWaterMark: number;
  fileBacked: number;
  heapSpaces: Record<string, number>;
  heapUsed: number;
  native: number;
  arrayBuffers: number;
}

export const TARGETS = { cpuRatio: 2.0, addedP50Ms: 0.5, rssMb: 200 };

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const fixed = (value: number, digits: number) => value.toFixed(digits);
const whole = (value: number) => Math.round(value).toLocaleString('en-US');
const verdict = (met: boolean) => (met ? 'met' : '**not met**');

/** The ratio of each round, bare and Switchyard measured minutes apart at most, then the median of those. */
function ratioOfRounds(
  comparison: Comparison,
  pick: (result: LoadResult) => number,
): { bare: number; switchyard: number; ratio: number } {
  const ratios = comparison.bare.map((bare, round) => pick(comparison.switchyard[round]!) / pick(bare));
  return {
    bare: median(comparison.bare.map(pick)),
    switchyard: median(comparison.switchyard.map(pick)),
    ratio: median(ratios),
  };
}

export function resultsTable(
  comparisons: readonly Comparison[],
  unloaded: readonly Unloaded[],
  rss: PeakRss,
): string {
  const lines = [
    '| measure | mode | bare proxy | Switchyard | Switchyard ÷ bare | target | verdict |',
    '|---|---|--:|--:|--:|--:|---|',
  ];
  for (const comparison of comparisons) {
    const cpu = ratioOfRounds(comparison, (result) => result.cpuUsPerRequest);
    lines.push(
      `| CPU µs/request | ${comparison.mode} | ${whole(cpu.bare)} | ${whole(cpu.switchyard)} | ${fixed(cpu.ratio, 2)}× | ≤ ${fixed(TARGETS.cpuRatio, 1)}× | ${verdict(cpu.ratio <= TARGETS.cpuRatio)} |`,
    );
  }
  for (const comparison of comparisons) {
    const rps = ratioOfRounds(comparison, (result) => result.rps);
    lines.push(
      `| RPS at ${comparison.bare[0]?.connections ?? '?'} connections | ${comparison.mode} | ${whole(rps.bare)} | ${whole(rps.switchyard)} | ${fixed(rps.ratio, 2)}× | — | — |`,
    );
  }
  for (const row of unloaded) {
    const added = median(row.switchyardP50Ms.map((p50, round) => p50 - row.bareP50Ms[round]!));
    lines.push(
      `| unloaded p50 ms (added) | ${row.mode} | ${fixed(median(row.bareP50Ms), 3)} | ${fixed(median(row.switchyardP50Ms), 3)} | +${fixed(added, 3)} ms | ≤ +${TARGETS.addedP50Ms} ms | ${verdict(added <= TARGETS.addedP50Ms)} |`,
    );
  }
  lines.push(
    `| peak RSS MB | both | ${whole(rss.bareMb)} | ${whole(rss.switchyardMb)} | ${fixed(rss.switchyardMb / rss.bareMb, 1)}× | ≤ ${TARGETS.rssMb} MB | ${verdict(rss.switchyardMb <= TARGETS.rssMb)} |`,
  );
  return lines.join('\n');
}

/** Every round as measured, for judging how noisy the medians are. */
export function roundsTable(comparisons: readonly Comparison[]): string {
  const lines = [
    '| mode | round | bare RPS | Switchyard RPS | bare CPU µs/req | Switchyard CPU µs/req | CPU ratio | failed | load 1m |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const { mode, bare, switchyard } of comparisons) {
    bare.forEach((b, round) => {
      const s = switchyard[round]!;
      lines.push(
        `| ${mode} | ${round + 1} | ${whole(b.rps)} | ${whole(s.rps)} | ${whole(b.cpuUsPerRequest)} | ${whole(s.cpuUsPerRequest)} | ${fixed(s.cpuUsPerRequest / b.cpuUsPerRequest, 2)}× | ${b.failed + s.failed} | ${s.loadAverage.toFixed(1)} |`,
      );
    });
  }
  return lines.join('\n');
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Switchyard's peak resident memory split into the Node binary, V8's heap by space, and native memory. */
export function peakMemoryLine(peak: PeakMemory): string {
  const space = (name: string) => peak.heapSpaces[name] ?? 0;
  const heap = Object.values(peak.heapSpaces).reduce((sum, size) => sum + size, 0);
  const named = ['new_space', 'old_space', 'large_object_space', 'code_space'].reduce(
    (sum, name) => sum + space(name),
    0,
  );
  return (
    `Switchyard at its highest sample (${mb(peak.rss)} MB; the kernel's high mark ${mb(peak.highWaterMark)} MB): ` +
    `${mb(peak.fileBacked)} MB file-backed (the Node binary and libraries), ` +
    `${mb(heap)} MB V8 heap (new space ${mb(space('new_space'))}, old ${mb(space('old_space'))}, ` +
    `large objects ${mb(space('large_object_space'))}, code ${mb(space('code_space'))}, other ${mb(heap - named)}; ` +
    `${mb(peak.heapUsed)} MB of it in use), ${mb(peak.native)} MB other native memory ` +
    `(malloc: compiler zones, buffers (${mb(peak.arrayBuffers)} MB of ArrayBuffers), WebAssembly)`
  );
}
