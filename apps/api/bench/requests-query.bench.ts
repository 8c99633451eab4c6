// Seeds BENCH_EVENTS usage events (default 1,000,000) straight into PostgreSQL with generate_series, in a database
// of its own that is dropped afterwards, then times the first page of GET /admin/requests under each filter
// through the real HTTP stack.
// Run: BENCH_EVENTS=10000000 npm run bench:requests -w @switchyard/api   (needs DATABASE_URL or 127.0.0.1:5432)
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, ensureTemplateDatabase } from '@switchyard/testing';
import pg from 'pg';
import { percentileOf, startBenchApi } from './support/bench-api.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const CHUNK = 500_000;
const DAYS = 30;
const TEAMS = 50;
const TOKENS = 500;
const KEYS = 20;
const USERS = 2000;
const RUNS = 20;
const PAGE = 50;
/** provider/model pairs, spread evenly. */
const MODELS = [
  ['openai', 'gpt-4o'],
  ['openai', 'gpt-4o-mini'],
  ['openai', 'gpt-4.1'],
  ['openai', 'o4-mini'],
  ['anthropic', 'claude-sonnet-4'],
  ['anthropic', 'claude-3-5-haiku'],
  ['gemini', 'gemini-2.5-flash'],
  ['gemini', 'gemini-2.5-pro'],
  ['openrouter', 'meta-llama/llama-3.3-70b-instruct'],
  ['openai', 'text-embedding-3-small'],
] as const;

const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const teams = Array.from({ length: TEAMS }, () => randomUUID());
const tokens = Array.from({ length: TOKENS }, () => randomUUID());
const keys = Array.from({ length: KEYS }, () => randomUUID());

/**
 * Rows g = first..last, newest at g = 1. Teams, tokens, keys and users come from independent hashes of g, so no
 * filter combination is empty by construction; 70% of requests name a user, 2% are upstream errors and 1%
 * refusals.
 */
const SEED_SQL = `
  INSERT INTO usage_events (at, request_id, team_id, token_id, key_id, provider, model, endpoint, stream, attempts,
    prompt_tokens, completion_tokens, cost_micros, input_micros_per_mtok, output_micros_per_mtok, latency_ms,
    upstream_ms, overhead_ms, status, error_class, refused, end_user)
  SELECT now() - (g::double precision / $3) * interval '${DAYS} days',
         'bench-' || g,
         ($4::uuid[])[1 + abs(hashtext('t' || g)) % ${TEAMS}],
         ($5::uuid[])[1 + abs(hashtext('k' || g)) % ${TOKENS}],
         CASE WHEN g % 100 = 42 THEN NULL ELSE ($6::uuid[])[1 + abs(hashtext('p' || g)) % ${KEYS}] END,
         CASE WHEN g % 100 = 42 THEN NULL ELSE ($7::text[])[1 + (g * 3) % ${MODELS.length}] END,
         CASE WHEN g % 100 = 42 THEN ($7::text[])[1 + (g * 3) % ${MODELS.length}] || '/' || ($8::text[])[1 + (g * 3) % ${MODELS.length}]
              ELSE ($8::text[])[1 + (g * 3) % ${MODELS.length}] END,
         '/v1/chat/completions', g % 2 = 0, CASE WHEN g % 100 = 42 THEN 0 ELSE 1 END,
         50 + g % 2000, g % 800, 100 + g % 9000, 2000000, 8000000, 80 + g % 3000, 70 + g % 3000, 1,
         CASE WHEN g % 100 = 42 THEN 429 WHEN g % 50 = 17 THEN 502 ELSE 200 END,
         CASE WHEN g % 100 = 42 THEN 'rate_limit_exceeded' WHEN g % 50 = 17 THEN 'server' END,
         g % 100 = 42,
         CASE WHEN g % 10 < 7 THEN 'user-' || abs(hashtext('u' || g)) % ${USERS} || '@example.com' END
  FROM generate_series($1::bigint, $2::bigint) AS g`;

async function seed(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  try {
    // Rows go in without their indexes, which are then built once each: maintained row by row, they made
    // seeding ten million rows take most of an hour on a 2-core machine.
    const indexes = await client.query<{ name: string; definition: string }>(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
       WHERE tablename = 'usage_events' AND indexname <> 'usage_events_pkey'`,
    );
    for (const { name } of indexes.rows) await client.query(`DROP INDEX "${name}"`);
    // This database only measures reads, and is dropped afterwards: its events need no write-ahead log.
    await client.query('ALTER TABLE usage_events SET UNLOGGED');
    for (const [index, id] of teams.entries())
      await client.query('INSERT INTO teams (id, name, updated_at) VALUES ($1, $2, now())', [
        id,
        `team-${index}`,
      ]);
    for (let first = 1; first <= EVENTS; first += CHUNK) {
      await client.query(SEED_SQL, [
        first,
        Math.min(EVENTS, first + CHUNK - 1),
        EVENTS,
        teams,
        tokens,
        keys,
        MODELS.map(([provider]) => provider),
        MODELS.map(([, model]) => model),
      ]);
      process.stderr.write(`seeded ${Math.min(EVENTS, first + CHUNK - 1).toLocaleString('en-US')} events\n`);
    }
    for (const { name, definition } of indexes.rows) {
      await client.query(definition);
      process.stderr.write(`built ${name}\n`);
    }
    await client.query('ANALYZE usage_events');
  } finally {
    await client.end();
  }
  return (Date.now() - started) / 1000;
}

async function main(): Promise<void> {
  const template = await ensureTemplateDatabase(workspaceRoot);
  const database = await createTestDatabase(template);
  try {
    const seedSeconds = await seed(database.url);
    const api = await startBenchApi(database.url);
    const base = api.base;
    try {
      const owner = await api.signIn('owner');
      const member = await api.signIn('member');
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      // The member belongs to three teams: their list merges three team ranges.
      for (const teamId of teams.slice(0, 3))
        await client.query(`INSERT INTO memberships (user_id, team_id, role) VALUES ($1, $2, 'member')`, [
          member.userId,
          teamId,
        ]);
      await client.end();
      const ownerToken = owner.accessToken;
      const memberToken = member.accessToken;

      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
      const firstPage = await (
        await fetch(`${base}/admin/requests?limit=${PAGE}`, {
          headers: { authorization: `Bearer ${ownerToken}` },
        })
      ).json();
      const cases: [string, string, string][] = [
        ['no filter', '', ownerToken],
        ['second page (cursor)', `cursor=${(firstPage as { nextCursor: string }).nextCursor}`, ownerToken],
        ['team', `teamId=${teams[5]}`, ownerToken],
        ['token', `tokenId=${tokens[5]}`, ownerToken],
        ['user', 'user=user-77@example.com', ownerToken],
        ['model', 'model=anthropic/claude-sonnet-4', ownerToken],
        ['key', `keyId=${keys[5]}`, ownerToken],
        ['status=error', 'status=error', ownerToken],
        ['status=refused', 'status=refused', ownerToken],
        ['status=ok', 'status=ok', ownerToken],
        ['last hour', `from=${hourAgo}`, ownerToken],
        ['week-old range', `to=${weekAgo}`, ownerToken],
        ['team + user', `teamId=${teams[5]}&user=user-77@example.com`, ownerToken],
        ['team + status=error', `teamId=${teams[5]}&status=error`, ownerToken],
        ['member of 3 teams', '', memberToken],
        ['member of 3 teams + user', 'user=user-77@example.com', memberToken],
      ];

      console.log(
        `\n${EVENTS.toLocaleString('en-US')} usage events over ${DAYS} days (seeded in ${seedSeconds.toFixed(0)} s), first page of ${PAGE}, ${RUNS} runs each\n`,
      );
      console.log('| filter | rows | p50 ms | p95 ms | max ms |');
      console.log('|---|---|---|---|---|');
      for (const [name, query, token] of cases) {
        const timings: number[] = [];
        let rows = 0;
        for (let run = 0; run < RUNS + 2; run += 1) {
          const t0 = performance.now();
          const response = await fetch(`${base}/admin/requests?limit=${PAGE}&${query}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          const body = (await response.json()) as { items: unknown[] };
          if (response.status !== 200) {
            rows = -response.status;
            break;
          }
          if (run >= 2) timings.push(performance.now() - t0);
          rows = body.items.length;
        }
        console.log(
          rows < 0
            ? `| ${name} | answered ${-rows} | | | |`
            : `| ${name} | ${rows} | ${percentileOf(timings, 0.5).toFixed(1)} | ${percentileOf(timings, 0.95).toFixed(1)} | ${Math.max(...timings).toFixed(1)} |`,
        );
      }
    } finally {
      await api.close();
    }
  } finally {
    await database.drop();
  }
}

await main();
