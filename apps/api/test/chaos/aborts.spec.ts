import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type RoundRobinFront, startRoundRobin } from '../../../../scripts/round-robin.mjs';
import {
  METRICS_TOKEN,
  startChaosCluster,
  type ChaosCluster,
  type Replica,
} from './support/chaos-cluster.js';
import { expectLedgerMatches } from './support/ledger-check.js';
import { chat, type ChatOptions, inParallel, report, statusCounts } from './support/traffic.js';

const KEY = 'sk-chaos-aborts';
/** The upstream answers after this long, then streams a word every `CHUNK_DELAY_MS`: every moment can be hit. */
const UPSTREAM_LATENCY_MS = 200;
const CHUNK_DELAY_MS = 30;
const REPLY_WORDS = 40;

/** A small seeded generator, so that a failing run can be replayed with `CHAOS_SEED`. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Moment = 'while admitted' | 'before headers' | 'mid-stream' | 'before the answer';

/**
 * The token has a rate limit, so each request's admission asks Redis. Redis is held this long while the first
 * `ADMITTED` requests wait for it, and their clients leave within `ADMISSION_ABORTS_WITHIN_MS`: each replica sees them
 * go before admission resumes (when Redis answers, or its command times out and the replica counts alone).
 */
const ADMISSION_HOLD_MS = 1500;
const ADMISSION_ABORTS_WITHIN_MS = 500;
const ADMITTED = 20;

/** Requests in flight on every key of a replica, as its `/metrics` reports them. */
async function inFlightOn(replica: Replica): Promise<number> {
  const text = await (
    await fetch(`${replica.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  let total = 0;
  for (const match of text.matchAll(/^switchyard_key_in_flight\{[^}]*\} (\d+)$/gm)) total += Number(match[1]);
  return total;
}

/** Waits up to 10 s for every replica's in-flight count to fall to 0; answers the counts as they last stood. */
async function noneInFlight(replicas: readonly Replica[]): Promise<number[]> {
  const deadline = Date.now() + 10_000;
  let counts = await Promise.all(replicas.map(inFlightOn));
  while (counts.some((count) => count > 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    counts = await Promise.all(replicas.map(inFlightOn));
  }
  return counts;
}

/**
 * Two replicas behind the round-robin front; every request is cut by its client at a random moment: while it waits
 * to be admitted (Redis held for a moment), while it waits for the upstream, before its answer, or in the middle of
 * its stream. Nothing may stay counted in flight, and every request the gateway saw is recorded once, with its
 * tokens, and charged.
 */
describe('chaos: clients that go away', () => {
  let cluster: ChaosCluster;
  let front: RoundRobinFront;
  let frontUrl: string;

  beforeAll(async () => {
    cluster = await startChaosCluster(2);
    front = await startRoundRobin({ port: 0, targets: cluster.replicas.map((replica) => replica.port) });
    frontUrl = `http://127.0.0.1:${front.port}`;
    await cluster.addKey(KEY);
    await cluster.keysEverywhere(1);
    // A replica loads its tokenizer at its first estimate (its first request cut short), which holds its event loop
    // for a moment (seconds on a busy machine): done here, on a team of its own, so that the scenario's clients
    // leave while their requests wait for admission, not while the replica is busy loading.
    cluster.mock.script(KEY, { chunkDelayMs: CHUNK_DELAY_MS, replyWords: REPLY_WORDS });
    const warmUp = await cluster.team({ budgetUsd: 1 });
    for (const replica of cluster.replicas)
      await chat(replica.url, warmUp.token, { stream: true, abortAfterHeadersMs: CHUNK_DELAY_MS * 3 });
    await noneInFlight(cluster.replicas);
    cluster.mock.reset();
  }, 240_000);

  afterAll(async () => {
    await front?.close();
    await cluster?.close();
  });

  it('200 random aborts through the front: in-flight back to 0, every row has tokens, the ledger holds', async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 2 ** 31);
    const random = seededRandom(seed);
    cluster.mock.script(KEY, {
      latencyMs: UPSTREAM_LATENCY_MS,
      chunkDelayMs: CHUNK_DELAY_MS,
      replyWords: REPLY_WORDS,
    });
    const { teamId, token } = await cluster.team({ budgetUsd: 100, token: { rpm: 1_000_000 } });
    const streamMs = UPSTREAM_LATENCY_MS + CHUNK_DELAY_MS * REPLY_WORDS;
    // Streams and whole answers alternate in pairs, so that the front, which alternates replicas, gives each both.
    const plan = Array.from({ length: 200 }, (_, i): { moment: Moment; options: ChatOptions } => {
      const stream = i % 4 < 2;
      if (i < ADMITTED)
        return {
          moment: 'while admitted',
          options: { stream, abortAfterMs: 50 + Math.floor(random() * ADMISSION_ABORTS_WITHIN_MS) },
        };
      if (stream && i % 8 < 2)
        return {
          moment: 'mid-stream',
          options: { stream, abortAfterHeadersMs: Math.floor(random() * streamMs) },
        };
      const abortAfterMs = Math.floor(random() * (UPSTREAM_LATENCY_MS * 2));
      return { moment: stream ? 'before headers' : 'before the answer', options: { stream, abortAfterMs } };
    });
    const send = (i: number) => chat(frontUrl, token, plan[i]!.options);

    // The first requests wait on Redis to be counted against the token's rate limit; their clients leave meanwhile.
    cluster.redis.hang();
    const admitted = Promise.all(plan.slice(0, ADMITTED).map((_, i) => send(i)));
    try {
      await new Promise((resolve) => setTimeout(resolve, ADMISSION_HOLD_MS));
    } finally {
      cluster.redis.resume();
    }
    const outcomes = [
      ...(await admitted),
      ...(await inParallel(plan.length - ADMITTED, 20, (i) => send(ADMITTED + i))),
    ];

    const inFlight = await noneInFlight(cluster.replicas);
    const ledger = await expectLedgerMatches(cluster.postgres, teamId, outcomes);
    const rows = [...ledger.rowsById.values()];
    const abortedAt: Record<string, number> = {};
    outcomes.forEach((outcome, i) => {
      if (outcome.error === undefined) return;
      const moment = plan[i]!.moment;
      abortedAt[moment] = (abortedAt[moment] ?? 0) + 1;
    });
    const rowStatuses: Record<string, number> = {};
    for (const row of rows) rowStatuses[String(row.status)] = (rowStatuses[String(row.status)] ?? 0) + 1;
    report('200 random aborts', {
      seed,
      abortedAt,
      statuses: statusCounts(outcomes),
      rowStatuses,
      inFlightAfter: inFlight,
      rowsWithoutPromptTokens: rows.filter((row) => row.prompt_tokens <= 0).length,
      upstreamCalls: cluster.mock.requests(KEY),
      ...ledger,
      rowsById: undefined,
    });
    cluster.mock.reset();

    expect(inFlight).toEqual(cluster.replicas.map(() => 0));
    expect(rows.filter((row) => row.prompt_tokens <= 0)).toEqual([]);
    // The cuts landed at every moment, and the gateway noticed them.
    expect(Object.keys(abortedAt).sort()).toEqual([
      'before headers',
      'before the answer',
      'mid-stream',
      'while admitted',
    ]);
    expect(abortedAt['while admitted']).toBe(ADMITTED);
    expect(abortedAt['mid-stream']).toBeGreaterThan(25);
    expect(rowStatuses['499']).toBeGreaterThan(50);
  });
});
