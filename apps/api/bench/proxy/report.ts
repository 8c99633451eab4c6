import { type LoadResult } from './load.js';

const ms = (value: number) => value.toFixed(2);
const ratio = (value: number) => `${value.toFixed(2)}×`;
const whole = (value: number) => Math.round(value).toLocaleString('en-US');

export interface ThroughputRow {
  mode: string;
  target: string;
  result: LoadResult;
  direct: LoadResult;
  bare: LoadResult;
}

export function throughputTable(rows: readonly ThroughputRow[]): string {
  const lines = [
    '| mode | target | RPS | p50 ms | p99 ms | RPS ÷ direct | RPS ÷ bare | p50 ÷ direct | p50 ÷ bare | CPU µs/req | failed | load 1m |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const { mode, target, result, direct, bare } of rows) {
    lines.push(
      `| ${mode} | ${target} | ${whole(result.rps)} | ${ms(result.p50Ms)} | ${ms(result.p99Ms)} | ${ratio(result.rps / direct.rps)} | ${ratio(result.rps / bare.rps)} | ${ratio(result.p50Ms / direct.p50Ms)} | ${ratio(result.p50Ms / bare.p50Ms)} | ${whole(result.cpuUsPerRequest)} | ${result.failed} | ${result.loadAverage.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

export interface FixedRateRow {
  mode: string;
  shape: string;
  bare: LoadResult;
  switchyard: LoadResult;
}

export function fixedRateTable(rows: readonly FixedRateRow[]): string {
  const lines = [
    '| mode | arrival | bare RPS | bare p50 / p99 ms | Switchyard RPS | Switchyard p50 / p99 ms | added p50 ms | added p99 ms | CPU µs/req bare / Switchyard | failed | load 1m |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const { mode, shape, bare, switchyard } of rows) {
    lines.push(
      `| ${mode} | ${shape} | ${whole(bare.rps)} | ${ms(bare.p50Ms)} / ${ms(bare.p99Ms)} | ${whole(switchyard.rps)} | ${ms(switchyard.p50Ms)} / ${ms(switchyard.p99Ms)} | ${ms(switchyard.p50Ms - bare.p50Ms)} | ${ms(switchyard.p99Ms - bare.p99Ms)} | ${whole(bare.cpuUsPerRequest)} / ${whole(switchyard.cpuUsPerRequest)} | ${bare.failed + switchyard.failed} | ${switchyard.loadAverage.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

export function verdicts(
  throughput: readonly ThroughputRow[],
  fixedRate: readonly FixedRateRow[],
  rate: number,
): string {
  const lines: string[] = [];
  for (const row of throughput.filter((r) => r.target === 'Switchyard')) {
    const share = row.result.rps / row.bare.rps;
    lines.push(
      `- ${row.mode}: Switchyard serves ${(share * 100).toFixed(0)}% of the bare proxy's RPS (target ≥ 50%): ${share >= 0.5 ? 'met' : 'NOT met'}`,
    );
  }
  for (const row of fixedRate) {
    const addedP50 = row.switchyard.p50Ms - row.bare.p50Ms;
    const addedP99 = row.switchyard.p99Ms - row.bare.p99Ms;
    const met = addedP50 <= 1 && addedP99 <= 5;
    lines.push(
      `- ${row.mode}, ${rate} RPS ${row.shape}: added p50 ${ms(addedP50)} ms (≤ 1), added p99 ${ms(addedP99)} ms (≤ 5): ${met ? 'met' : 'NOT met'}`,
    );
  }
  return lines.join('\n');
}
