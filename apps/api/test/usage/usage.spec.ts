import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { UsageRecorder } from '../../src/modules/usage/usage-recorder.js';
import { UsageRepository } from '../../src/modules/usage/usage.repository.js';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { sampleUsageEvent as event } from '../support/usage-event.js';

async function queryDatabase(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

async function insertTeam(url: string, name: string): Promise<string> {
  const id = randomUUID();
  await queryDatabase(url, 'INSERT INTO teams (id, name, updated_at) VALUES ($1, $2, now())', [id, name]);
  return id;
}

describe('usage recording and queries', () => {
  let api: TestApp;
  let owner: Awaited<ReturnType<typeof signedInAs>>;
  let recorder: UsageRecorder;
  let teamA: string;
  let teamB: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-usage-'));
    api = await startTestApp({ SWITCHYARD_DATA_DIR: dataDir });
    owner = await signedInAs(api, 'owner');
    recorder = api.app.get(UsageRecorder, { strict: false });
    teamA = await insertTeam(api.database.url, 'usage-a');
    teamB = await insertTeam(api.database.url, 'usage-b');
    const yesterday = new Date(Date.now() - 86_400_000);
    for (let i = 0; i < 30; i += 1) recorder.record(event({ teamId: teamA, latencyMs: 100 + i }));
    for (let i = 0; i < 10; i += 1)
      recorder.record(event({ teamId: teamB, model: 'gpt-4o', costMicros: 10_000n, at: yesterday }));
    recorder.record(
      event({
        teamId: teamB,
        status: 429,
        errorClass: 'rate_limit',
        costMicros: 0n,
        promptTokens: 0,
        completionTokens: 0,
      }),
    );
    // The team's budget refused this one: a refusal, not an error.
    recorder.record(
      event({
        teamId: teamB,
        status: 402,
        errorClass: 'credit_limit_exceeded',
        refused: true,
        costMicros: 0n,
        promptTokens: 0,
        completionTokens: 0,
      }),
    );
    await recorder.flush();
  });

  afterAll(async () => {
    await api.close();
  });

  it('groups by team with tokens, exact cost in USD, latency percentiles and errors', async () => {
    const response = await api.http
      .get('/admin/usage')
      .query({ groupBy: 'team' })
      .set('authorization', owner.authorization)
      .expect(200);
    const a = response.body.items.find((row: { teamId: string }) => row.teamId === teamA);
    const b = response.body.items.find((row: { teamId: string }) => row.teamId === teamB);
    expect(a).toMatchObject({
      requests: 30,
      promptTokens: 300,
      completionTokens: 150,
      costUsd: 0.045,
      errors: 0,
      refusals: 0,
      unpricedRequests: 0,
    });
    expect(a.p50Ms).toBeGreaterThan(90);
    expect(a.p50Ms).toBeLessThan(150);
    expect(b).toMatchObject({ requests: 12, costUsd: 0.1, errors: 1, refusals: 1 });
  });

  it('groups by model and by UTC day', async () => {
    const byModel = await api.http
      .get('/admin/usage')
      .query({ groupBy: 'model' })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(byModel.body.items.map((row: { model: string }) => row.model)).toEqual([
      'openai/gpt-4o',
      'openai/gpt-4o-mini',
    ]);
    const byDay = await api.http
      .get('/admin/usage')
      .query({ groupBy: 'day' })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(byDay.body.items).toHaveLength(2);
    expect(byDay.body.items[1].day).toBe(new Date().toISOString().slice(0, 10));
  });

  it('filters by team and date range, and pages with a cursor', async () => {
    const filtered = await api.http
      .get('/admin/usage')
      .query({ groupBy: 'model', teamId: teamB })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(
      filtered.body.items.reduce((sum: number, row: { requests: number }) => sum + row.requests, 0),
    ).toBe(12);
    const today = await api.http
      .get('/admin/usage')
      .query({ groupBy: 'team', from: new Date(Date.now() - 3_600_000).toISOString() })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(today.body.items.find((row: { teamId: string }) => row.teamId === teamB).requests).toBe(2);
    const first = await api.http
      .get('/admin/usage')
      .query({ groupBy: 'team', limit: 1 })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await api.http
      .get('/admin/usage')
      .query({ groupBy: 'team', limit: 1, cursor: first.body.nextCursor })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(second.body.items[0].teamId).not.toBe(first.body.items[0].teamId);
  });

  it('exports the same rows as CSV', async () => {
    const response = await api.http
      .get('/admin/usage.csv')
      .query({ groupBy: 'team' })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.text.trim().split('\n');
    expect(lines[0]).toBe(
      'teamId,requests,promptTokens,completionTokens,costUsd,p50Ms,p95Ms,errors,refusals,unpricedRequests',
    );
    expect(lines.find((line) => line.startsWith(teamA))).toMatch(new RegExp(`^${teamA},30,300,150,0.045,`));
  });

  it('rejects bad queries naming the field', async () => {
    const badGroup = await api.http
      .get('/admin/usage')
      .query({ groupBy: 'planet' })
      .set('authorization', owner.authorization)
      .expect(400);
    expect(badGroup.body.error.param).toBe('groupBy');
    const badDate = await api.http
      .get('/admin/usage')
      .query({ from: 'yesterday-ish' })
      .set('authorization', owner.authorization)
      .expect(400);
    expect(badDate.body.error.param).toBe('from');
    const backwards = await api.http
      .get('/admin/usage')
      .query({ from: '2026-02-01', to: '2026-01-01' })
      .set('authorization', owner.authorization)
      .expect(400);
    expect(backwards.body.error.param).toBe('from');
  });

  it('shows a member only their own team', async () => {
    const member = await signedInAs(api, 'member');
    await queryDatabase(
      api.database.url,
      `INSERT INTO memberships (user_id, team_id, role) VALUES ($1, $2, 'member')`,
      [member.user.id, teamA],
    );
    const login = await api.http
      .post('/admin/auth/login')
      .send({ email: member.email, password: 'correct horse battery staple' })
      .expect(200);
    const authorization = `Bearer ${login.body.accessToken}`;
    const all = await api.http
      .get('/admin/usage')
      .query({ groupBy: 'team' })
      .set('authorization', authorization)
      .expect(200);
    expect(all.body.items.map((row: { teamId: string }) => row.teamId)).toEqual([teamA]);
    const other = await api.http
      .get('/admin/usage')
      .query({ groupBy: 'team', teamId: teamB })
      .set('authorization', authorization)
      .expect(200);
    expect(other.body.items).toEqual([]);
  });

  it('stores events carrying text Postgres cannot hold, with that text corrected, beside their batch', async () => {
    recorder.record(event({ requestId: 'nul-1', model: 'x\u0000y' }));
    recorder.record(event({ requestId: 'surrogate-\ud800', model: 'bad\udc00model' }));
    recorder.record(event({ requestId: 'plain-1' }));
    await recorder.flush();
    expect(recorder.pending).toBe(0);
    const stored = await queryDatabase(
      api.database.url,
      `SELECT request_id, model FROM usage_events
       WHERE request_id IN ('nul-1', 'surrogate-\ufffd', 'plain-1') ORDER BY request_id`,
    );
    expect(stored.rows).toEqual([
      { request_id: 'nul-1', model: 'x\ufffdy' },
      { request_id: 'plain-1', model: 'gpt-4o-mini' },
      { request_id: 'surrogate-\ufffd', model: 'bad\ufffdmodel' },
    ]);
  });

  it('writes a duplicate usage batch once, rows and rollups alike', async () => {
    const team = await insertTeam(api.database.url, 'usage-once');
    const repository = api.app.get(UsageRepository, { strict: false });
    const batch = Array.from({ length: 3 }, (_, i) => event({ teamId: team, requestId: `once-${i}` }));
    await repository.insertBatch(batch);
    // The same batch again, as after a lost commit acknowledgement, then one repeating an id within itself.
    await repository.insertBatch(batch);
    const fourth = event({ teamId: team, requestId: 'once-3' });
    await repository.insertBatch([batch[0]!, fourth, fourth]);
    const rows = await queryDatabase(
      api.database.url,
      `SELECT request_id FROM usage_events WHERE team_id = $1 ORDER BY request_id`,
      [team],
    );
    expect(rows.rows.map((row) => row.request_id)).toEqual(['once-0', 'once-1', 'once-2', 'once-3']);
    const usage = await api.http
      .get('/admin/usage')
      .query({ groupBy: 'team', teamId: team })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(usage.body.items).toEqual([
      expect.objectContaining({ teamId: team, requests: 4, promptTokens: 40, costUsd: 0.006 }),
    ]);
  });

  it('keeps an event the database refuses in the rejected file, and writes the rest of its batch', async () => {
    recorder.record(event({ requestId: 'before-refused' }));
    // Over Postgres int: refused on every attempt, so it must not hold the others back.
    recorder.record(event({ requestId: 'refused-1', promptTokens: 2 ** 31 }));
    recorder.record(event({ requestId: 'after-refused' }));
    await recorder.flush();
    expect(recorder.pending).toBe(0);
    const stored = await queryDatabase(
      api.database.url,
      `SELECT request_id FROM usage_events WHERE request_id LIKE '%refused%' ORDER BY request_id`,
    );
    expect(stored.rows.map((row) => row.request_id)).toEqual(['after-refused', 'before-refused']);
    const rejected = (await readFile(path.join(dataDir, 'spill', 'usage-rejected.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { reason: string; event: { requestId: string; promptTokens: number } },
      );
    expect(rejected).toEqual([
      {
        reason: expect.stringContaining('out of range'),
        event: expect.objectContaining({ requestId: 'refused-1', promptTokens: 2 ** 31 }),
      },
    ]);
  });

  it('writes full batches between timer flushes, and leaves a failing database to the timer', async () => {
    // The timer stays out of the way: every write here comes from a full batch or an explicit flush.
    const quiet = await startTestApp({ SWITCHYARD_USAGE_FLUSH_INTERVAL_MS: '60000' });
    try {
      const quietRecorder = quiet.app.get(UsageRecorder, { strict: false });
      const repository = quiet.app.get(UsageRepository, { strict: false });
      const writes: number[] = [];
      const insertBatch = repository.insertBatch.bind(repository);
      repository.insertBatch = async (events) => {
        writes.push(events.length);
        return insertBatch(events);
      };
      const count = async () =>
        (await queryDatabase(quiet.database.url, 'SELECT count(*)::int AS n FROM usage_events')).rows[0].n;

      for (let i = 0; i < 2_500; i += 1) quietRecorder.record(event({ requestId: `load-${i}` }));
      for (let waited = 0; (await count()) < 2_000 && waited < 10_000; waited += 20)
        await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(writes).toEqual([1_000, 1_000]);
      expect(quietRecorder.pending).toBe(500);

      await quietRecorder.flush();
      expect(writes).toEqual([1_000, 1_000, 500]);
      expect(await count()).toBe(2_500);

      await queryDatabase(quiet.database.url, 'ALTER TABLE usage_events RENAME TO usage_events_away');
      for (let i = 0; i < 1_000; i += 1) quietRecorder.record(event({ requestId: `outage-${i}` }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(writes).toEqual([1_000, 1_000, 500, 1_000]);
      // The failed batch went to the write-ahead file.
      expect(quietRecorder.pending).toBe(0);
      expect(quietRecorder.spilledBytes).toBeGreaterThan(0);
      for (let i = 1_000; i < 3_000; i += 1) quietRecorder.record(event({ requestId: `outage-${i}` }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The failed attempt is not repeated for the events that came after it.
      expect(writes).toEqual([1_000, 1_000, 500, 1_000]);
      expect(quietRecorder.pending).toBe(2_000);

      await queryDatabase(quiet.database.url, 'ALTER TABLE usage_events_away RENAME TO usage_events');
      await quietRecorder.flush();
      expect(quietRecorder.pending).toBe(0);
      expect(quietRecorder.spilledBytes).toBe(0);
      expect(await count()).toBe(5_500);
    } finally {
      await quiet.close();
    }
  });

  it('spills to disk what it cannot write at shutdown, and replays it at the next start', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-spill-'));
    const first = await startTestApp({ SWITCHYARD_DATA_DIR: dataDir });
    const firstRecorder = first.app.get(UsageRecorder, { strict: false });
    const client = new pg.Client({ connectionString: first.database.url });
    await client.connect();
    // Make every write fail, as an unreachable database would.
    await client.query('ALTER TABLE usage_events RENAME TO usage_events_away');
    firstRecorder.record(event({ requestId: 'spilled-1' }));
    firstRecorder.record(event({ requestId: 'spilled-2' }));
    // Refused by the database once it is back: set aside at replay, not spilled again for ever.
    firstRecorder.record(event({ requestId: 'spilled-refused', promptTokens: 2 ** 31 }));
    await first.app.close();
    await client.query('ALTER TABLE usage_events_away RENAME TO usage_events');
    expect((await client.query('SELECT count(*)::int AS n FROM usage_events')).rows[0].n).toBe(0);

    const { createApp } = await import('../../src/app.factory.js');
    const second = await createApp({
      config: first.config,
      databaseUrl: first.database.url,
      logger: first.logger,
    });
    try {
      await second.init();
      const replayed = await client.query(`SELECT request_id FROM usage_events ORDER BY request_id`);
      expect(replayed.rows.map((row) => row.request_id)).toEqual(['spilled-1', 'spilled-2']);
      const rejected = await readFile(path.join(dataDir, 'spill', 'usage-rejected.ndjson'), 'utf8');
      expect(rejected).toContain('"requestId":"spilled-refused"');
      expect((await readdir(path.join(dataDir, 'spill'))).filter((file) => file.endsWith('.wal'))).toEqual(
        [],
      );
    } finally {
      await second.close();
      await client.end();
      await first.database.drop();
    }
  });
});
