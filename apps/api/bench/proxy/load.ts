import os from 'node:os';
import autocannon from 'autocannon';
import { cpuMsOf } from './process-cpu.js';

export interface Target {
  name: string;
  url: string;
  authorization: string;
  /** The process that answers this target's requests, whose CPU time is charged to them. */
  pid: number;
}

export interface LoadShape {
  connections: number;
  seconds: number;
}

export interface LoadResult {
  connections: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  failed: number;
  /** CPU time the target's process spent per answered request, in µs. */
  cpuUsPerRequest: number;
  /** 1-minute load average when the run started: how busy the rest of the machine was. */
  loadAverage: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/**
 * Runs autocannon against the target as fast as it answers. Latencies are taken from every response rather than
 * from autocannon's histogram, which keeps whole milliseconds only (too coarse for sub-millisecond differences).
 */
export async function runLoad(target: Target, body: string, shape: LoadShape): Promise<LoadResult> {
  const loadAverage = os.loadavg()[0]!;
  const cpuBefore = cpuMsOf(target.pid);
  const latencies: number[] = [];
  let failed = 0;
  const instance = autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: target.authorization },
    body,
    connections: shape.connections,
    duration: shape.seconds,
    timeout: 10,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode === 200) latencies.push(responseTimeMs);
    else failed += 1;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    connections: shape.connections,
    rps: latencies.length / result.duration,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    ok: latencies.length,
    failed: failed + result.errors + result.timeouts,
    cpuUsPerRequest: ((cpuMsOf(target.pid) - cpuBefore) * 1000) / latencies.length,
    loadAverage,
  };
}
