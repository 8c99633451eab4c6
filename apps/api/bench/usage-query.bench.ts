// Seeds 1,000,000 usage events through the real batched writer (events plus hourly rollups), then times
// GET /admin/usage for each grouping through the real HTTP stack.
// Run: npm run bench:usage -w @switchyard/api   (needs DATABASE_URL or the local PostgreSQL on 127.0.0.1:5432)
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, ensureTemplateDatabase } from '@switchyard/testing';
import { percentileOf, startBenchApi } from './support/bench-api.js';
import { type UsageEventInput } from '../src/modules/usage/usage-event.js';
import { UsageRepository } from '../src/modules/usage/usage.repository.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const DAYS = 30;
const TEAMS = 50;
const TOKENS_PER_TEAM = 10;
const KEYS = 20;
const MODELS = [
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-4.1',
  'gpt-4.1-mini',
  'o4-mini',
  'claude-sonnet-4',
  'claude-3-5-haiku',
  'gemini-2.5-flash',
  'gemini-2.5-pro',
  'text-embedding-3-small',
];
const RUNS = 20;

const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const teams = Array.from({ length: TEAMS }, () => ({
  id: randomUUID(),
  tokens: Array.from({ length: TOKENS_PER_TEAM }, () => randomUUID()),
}));
const keys = Array.from({ length: KEYS }, () => randomUUID());

let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;

function syntheticEvent(index: number): UsageEventInput {
  const team = pick(teams);
  const model = pick(MODELS);
  const prompt = 50 + Math.floor(random() * 2000);
  const completion = Math.floor(random() * 800);
  const failed = random() < 0.02;
  return {
    at: new Date(Date.now() - (index / EVENTS) * DAYS * 86_400_000),
    requestId: `bench-${index}`,
    teamId: team.id,
    tokenId: pick(team.tokens),
    keyId: pick(keys),
    provider: model.startsWith('claude') ? 'anthropic' : model.startsWith('gemini') ? 'gemini' : 'openai',
    model,
    endpoint: '/v1/chat/completions',
    stream: random() < 0.5,
    attempts: 1,
    promptTokens: failed ? 0 : prompt,
    completionTokens: failed ? 0 : completion,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costMicros: failed ? 0n : BigInt(prompt * 2 + completion * 8),
    inputPerMTok: 2_000_000n,
    outputPerMTok: 8_000_000n,
    cachedInputPerMTok: null,
    cacheWritePerMTok: null,
    unpriced: false,
    estimated: false,
    latencyMs: 80 + Math.floor(random() * 3000),
    ttftMs: null,
    upstreamMs: null,
    overheadMs: 1,
    status: failed ? 429 : 200,
    errorClass: failed ? 'rate_limit' : null,
    refused: false,
    user: null,
  };
}

async function main(): Promise<void> {
  const template = await ensureTemplateDatabase(workspaceRoot);
  const database = await createTestDatabase(template);
  const api = await startBenchApi(database.url);
  const app = api.app;
  const base = api.base;
  try {
    const repository = app.get(UsageRepository, { strict: false });
    const started = Date.now();
    for (let i = 0; i < EVENTS; i += 1000) {
      await repository.insertBatch(
        Array.from({ length: Math.min(1000, EVENTS - i) }, (_, j) => syntheticEvent(i + j)),
      );
      if (i % 100_000 === 0) process.stderr.write(`seeded ${i} events\n`);
    }
    const seedSeconds = (Date.now() - started) / 1000;
    const { accessToken } = await api.signIn('owner');

    console.log(
      `\n${EVENTS.toLocaleString('en-US')} usage events over ${DAYS} days (seeded in ${seedSeconds.toFixed(0)} s), ${RUNS} runs each\n`,
    );
    console.log('| query | rows | p50 ms | p95 ms | max ms |');
    console.log('|---|---|---|---|---|');
    for (const groupBy of ['day', 'team', 'model', 'key', 'token']) {
      const timings: number[] = [];
      let rows = 0;
      for (let run = 0; run < RUNS + 2; run += 1) {
        const t0 = performance.now();
        const response = await fetch(`${base}/admin/usage?groupBy=${groupBy}`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        const body = (await response.json()) as { items: unknown[] };
        if (response.status !== 200) throw new Error(`groupBy=${groupBy} answered ${response.status}`);
        if (run >= 2) timings.push(performance.now() - t0);
        rows = body.items.length;
      }
      console.log(
        `| groupBy=${groupBy} | ${rows} | ${percentileOf(timings, 0.5).toFixed(1)} | ${percentileOf(timings, 0.95).toFixed(1)} | ${Math.max(...timings).toFixed(1)} |`,
      );
    }
  } finally {
    await api.close();
    await database.drop();
  }
}

await main();
