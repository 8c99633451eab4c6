import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type RequestRow } from '@switchyard/contracts';
import { UsageRecorder } from '../../src/modules/usage/usage-recorder.js';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { sampleUsageEvent as event } from '../support/usage-event.js';
import { createTeam, type Session, teamUser } from '../teams/team-fixtures.js';

const MINUTE = 60_000;

/** Request ids are UUIDs; these carry the event's index in their last digits. */
const requestIdOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const indexOf = (requestId: string) => Number(requestId.slice(-12));

describe('GET /admin/requests', () => {
  let api: TestApp;
  let owner: Session;
  let teamA: string;
  let teamB: string;
  let teamC: string;
  const tokenA = randomUUID();
  const keyId = randomUUID();
  const start = Date.now() - 60 * MINUTE;
  /** Request ids, newest first, as every listing of everything must answer them. */
  const newestFirst: string[] = [];

  interface Listed {
    status: number;
    body: { items: RequestRow[]; nextCursor: string | null; error?: { param: string; code: string } };
  }

  const list = (query: Record<string, string | number | null>, as: Session = owner) =>
    api.http
      .get('/admin/requests')
      .query(Object.fromEntries(Object.entries(query).filter(([, value]) => value !== null)))
      .set('authorization', as.authorization);

  const ids = (response: Listed) => response.body.items.map((row) => row.requestId);

  beforeAll(async () => {
    api = await startTestApp();
    owner = await signedInAs(api, 'owner');
    teamA = (await createTeam(api, owner)).id;
    teamB = (await createTeam(api, owner)).id;
    teamC = (await createTeam(api, owner)).id;
    const recorder = api.app.get(UsageRecorder, { strict: false });
    const teams = [teamA, teamB, teamC];
    for (let i = 0; i < 30; i += 1) {
      const requestId = requestIdOf(i);
      // Pairs share one instant: paging must break the tie by row, never skip or repeat one.
      const at = new Date(start + Math.floor(i / 2) * MINUTE);
      const kind = i % 10 === 3 ? 'error' : i % 10 === 7 ? 'refused' : 'ok';
      recorder.record(
        event({
          requestId,
          at,
          teamId: teams[i % 3]!,
          tokenId: i % 3 === 0 ? tokenA : randomUUID(),
          keyId: kind === 'refused' ? null : keyId,
          provider: kind === 'refused' ? null : i % 2 === 0 ? 'openai' : 'anthropic',
          model: kind === 'refused' ? 'openai/gpt-4o' : i % 2 === 0 ? 'gpt-4o' : 'claude-sonnet-4',
          user: i % 4 === 0 ? 'ada@example.com' : null,
          status: kind === 'error' ? 502 : kind === 'refused' ? 429 : 200,
          errorClass: kind === 'error' ? 'server' : kind === 'refused' ? 'rate_limit_exceeded' : null,
          refused: kind === 'refused',
          attempts: kind === 'error' ? 3 : kind === 'refused' ? 0 : 1,
          latencyMs: 100 + i,
          costMicros: BigInt(1000 + i),
        }),
      );
    }
    await recorder.flush();
    const all = await list({ limit: 200 }).expect(200);
    newestFirst.push(...ids(all));
  });

  afterAll(async () => {
    await api.close();
  });

  it('lists one row per request, newest first, with every field', async () => {
    expect(newestFirst).toHaveLength(30);
    const times = (await list({ limit: 200 })).body.items.map((row: RequestRow) => row.at);
    expect(times).toEqual([...times].sort().reverse());
    const response = await list({ limit: 200 }).expect(200);
    const row = (response.body.items as RequestRow[]).find((item) => item.requestId === requestIdOf(3))!;
    expect(row).toEqual({
      requestId: requestIdOf(3),
      at: new Date(start + MINUTE).toISOString(),
      teamId: teamA,
      teamName: expect.any(String),
      tokenId: expect.any(String),
      tokenName: null,
      user: null,
      model: 'anthropic/claude-sonnet-4',
      keyId,
      keyLabel: null,
      endpoint: '/v1/chat/completions',
      stream: false,
      attempts: 3,
      status: 'error',
      httpStatus: 502,
      errorClass: 'server',
      promptTokens: 10,
      completionTokens: 5,
      cachedTokens: 0,
      costUsd: 0.001003,
      unpriced: false,
      latencyMs: 103,
    });
    const refused = (response.body.items as RequestRow[]).find((item) => item.requestId === requestIdOf(7))!;
    expect(refused).toMatchObject({
      status: 'refused',
      httpStatus: 429,
      model: 'openai/gpt-4o',
      keyId: null,
    });
  });

  it('pages on the server with a cursor, without skipping or repeating a row', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response: Listed = await list({ limit: 4, cursor }).expect(200);
      expect(response.body.items.length).toBeLessThanOrEqual(4);
      seen.push(...ids(response));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(newestFirst);

    const forged = await list({ cursor: Buffer.from('["x"]').toString('base64url') });
    expect(forged.status).toBe(400);
    expect(forged.body.error.param).toBe('cursor');
  });

  it.each([
    ['team', () => ({ teamId: teamB }), (i: number) => i % 3 === 1],
    ['token', () => ({ tokenId: tokenA }), (i: number) => i % 3 === 0],
    ['user', () => ({ user: 'ada@example.com' }), (i: number) => i % 4 === 0],
    [
      'model',
      () => ({ model: 'openai/gpt-4o' }),
      // Served by openai, or refused while asking for it.
      (i: number) => i % 2 === 0 || i % 10 === 7,
    ],
    ['key', () => ({ keyId }), (i: number) => i % 10 !== 7],
    ['status=error', () => ({ status: 'error' }), (i: number) => i % 10 === 3],
    ['status=refused', () => ({ status: 'refused' }), (i: number) => i % 10 === 7],
    ['status=ok', () => ({ status: 'ok' }), (i: number) => i % 10 !== 3 && i % 10 !== 7],
    [
      'time range',
      () => ({
        from: new Date(start + 5 * MINUTE).toISOString(),
        to: new Date(start + 10 * MINUTE).toISOString(),
      }),
      (i: number) => Math.floor(i / 2) >= 5 && Math.floor(i / 2) < 10,
    ],
    ['team and user', () => ({ teamId: teamA, user: 'ada@example.com' }), (i: number) => i % 12 === 0],
  ])('filters by %s', async (_name, query, matches) => {
    const wanted = newestFirst.filter((id) => matches(indexOf(id)));
    expect(wanted.length).toBeGreaterThan(0);
    const response = await list({ ...query(), limit: 200 }).expect(200);
    expect(ids(response)).toEqual(wanted);
    // And through pages of two.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Listed = await list({ ...query(), limit: 2, cursor }).expect(200);
      paged.push(...ids(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(wanted);
  });

  it('refuses bad filters with a 400 naming the field', async () => {
    for (const [query, param] of [
      [{ status: 'failed' }, 'status'],
      [{ teamId: 'nope' }, 'teamId'],
      [{ from: 'yesterday' }, 'from'],
      [{ from: '2026-02-01', to: '2026-01-01' }, 'from'],
      [{ limit: 500 }, 'limit'],
      [{ user: 'x'.repeat(201) }, 'user'],
    ] as const) {
      const response = await list(query);
      expect(response.status).toBe(400);
      expect(response.body.error.param).toBe(param);
    }
  });

  it('shows team roles only their own teams, and no provider keys', async () => {
    const member = await teamUser(api, owner, teamA, 'member');
    const response = await list({ limit: 200 }, member).expect(200);
    expect(ids(response)).toEqual(newestFirst.filter((id) => indexOf(id) % 3 === 0));
    expect((response.body.items as RequestRow[]).every((row) => row.keyId === null)).toBe(true);
    expect(ids(await list({ teamId: teamB }, member).expect(200))).toEqual([]);
    const byKey = await list({ keyId }, member);
    expect(byKey.status).toBe(403);
    expect(byKey.body.error.code).toBe('keys_not_visible');

    // Two teams: merged newest first, paged.
    const admin = await teamUser(api, owner, teamA, 'team_admin');
    await api.http
      .post(`/admin/teams/${teamC}/members`)
      .set('authorization', owner.authorization)
      .send({ userId: admin.user.id, role: 'member' })
      .expect(201);
    const twoTeams = newestFirst.filter((id) => indexOf(id) % 3 !== 1);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Listed = await list({ limit: 3, cursor }, admin).expect(200);
      paged.push(...ids(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(twoTeams);

    const outsider = await signedInAs(api, 'member');
    expect((await list({}, outsider).expect(200)).body.items).toEqual([]);
  });

  it('opens one request with its details; another team’s answers 404', async () => {
    const detail = await api.http
      .get(`/admin/requests/${requestIdOf(3)}`)
      .set('authorization', owner.authorization)
      .expect(200);
    expect(detail.body).toMatchObject({
      requestId: requestIdOf(3),
      provider: 'anthropic',
      status: 'error',
      attempts: 3,
      upstreamMs: 110,
      overheadMs: 1,
      inputUsdPerMTok: 0.15,
      outputUsdPerMTok: 0.6,
      cachedInputUsdPerMTok: null,
      estimated: false,
    });
    const member = await teamUser(api, owner, teamB, 'member');
    const hidden = await api.http
      .get(`/admin/requests/${requestIdOf(3)}`)
      .set('authorization', member.authorization);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('request_not_found');
    await api.http
      .get(`/admin/requests/${requestIdOf(4)}`)
      .set('authorization', member.authorization)
      .expect(200);
    const missing = await api.http
      .get(`/admin/requests/${randomUUID()}`)
      .set('authorization', owner.authorization);
    expect(missing.status).toBe(404);
    const malformed = await api.http
      .get(`/admin/requests/${encodeURIComponent('bad id!')}`)
      .set('authorization', owner.authorization);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.param).toBe('requestId');
  });
});
