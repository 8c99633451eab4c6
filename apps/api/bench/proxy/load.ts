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
  /** Requests per second over all connections; unset for as fast as the target answers. */
  overallRate?: number;
}

export interface LoadResult {
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

interface Samples {
  latencies: number[];
  failed: number;
  seconds: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/**
 * Latencies are taken from every response rather than from autocannon's histogram, which keeps whole
 * milliseconds only (too coarse for sub-millisecond differences) and, at a fixed rate, pads them with
 * synthetic samples spaced 1 ms apart.
 */
async function sample(target: Target, body: string, shape: LoadShape): Promise<Samples> {
  const latencies: number[] = [];
  let failed = 0;
  const instance = autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: target.authorization },
    body,
    connections: shape.connections,
    duration: shape.seconds,
    overallRate: shape.overallRate,
    timeout: 10,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode === 200) latencies.push(responseTimeMs);
    else failed += 1;
  });
  const result = await instance;
  return { latencies, failed: failed + result.errors + result.timeouts, seconds: result.duration };
}

interface Accounting {
  loadAverage: number;
  cpuMs: number;
}

function startAccounting(target: Target): Accounting {
  return { loadAverage: os.loadavg()[0]!, cpuMs: cpuMsOf(target.pid) };
}

function summarize(target: Target, runs: readonly Samples[], started: Accounting): LoadResult {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const seconds = Math.max(...runs.map((run) => run.seconds));
  return {
    rps: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    ok: latencies.length,
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
    cpuUsPerRequest: ((cpuMsOf(target.pid) - started.cpuMs) * 1000) / latencies.length,
    loadAverage: started.loadAverage,
  };
}

export async function runLoad(target: Target, body: string, shape: LoadShape): Promise<LoadResult> {
  const started = startAccounting(target);
  return summarize(target, [await sample(target, body, shape)], started);
}

/**
 * The same rate as one `overallRate` run, spread over the second: `streams` single-connection generators, each
 * at rate/streams, started 1/streams of a second apart. autocannon paces a connection by sending its share for
 * the second back to back and then pausing, so one generator with many connections arrives as a burst of
 * `connections` concurrent requests every second; staggered single connections keep concurrency near what a
 * steady arrival rate gives.
 */
export async function runPacedLoad(
  target: Target,
  body: string,
  rate: number,
  streams: number,
  seconds: number,
): Promise<LoadResult> {
  const started = startAccounting(target);
  const runs: Promise<Samples>[] = [];
  for (let i = 0; i < streams; i += 1) {
    runs.push(sample(target, body, { connections: 1, seconds, overallRate: rate / streams }));
    await new Promise((resolve) => setTimeout(resolve, 1000 / streams));
  }
  return summarize(target, await Promise.all(runs), started);
}
