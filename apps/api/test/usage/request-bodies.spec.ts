import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import { type Response } from 'supertest';
import { BodyLogRetention } from '../../src/modules/request-bodies/body-log-retention.js';
import { RequestBodiesRepository } from '../../src/modules/request-bodies/request-bodies.repository.js';
import { signedInAs } from '../support/admin-session.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

const collected = (res: Response, done: (error: Error | null, body: string) => void) => {
  let text = '';
  res.on('data', (chunk: Buffer) => (text += chunk.toString()));
  res.on('end', () => done(null, text));
};

/** A provider key shaped like no provider's, so only its exact value can be redacted. */
const PROVIDER_KEY = `vault${randomUUID().replaceAll('-', '')}`;
const PASTED_OPENAI_KEY = 'sk-proj-abcdefghijklmnop1234567890';
const PASTED_PROXY_TOKEN = `sy-${'a1B2'.repeat(10)}`;

describe('request body logging', () => {
  let gw: Gateway;
  let loggingTeamId: string;
  let loggingTeamToken: string;
  let loggingToken: string;

  const chat = (token: string, body: Record<string, unknown>) =>
    gw.api.http.post('/v1/chat/completions').set('authorization', `Bearer ${token}`).send(body);
  const bodyOf = (requestId: string, authorization = gw.admin) =>
    gw.api.http.get(`/admin/usage/${requestId}/body`).set('authorization', authorization);
  const requestIdOf = (response: { headers: Record<string, string> }) => response.headers['x-request-id']!;

  async function newTeam(body: Record<string, unknown>): Promise<string> {
    const team = await gw.api.http
      .post('/admin/teams')
      .set('authorization', gw.admin)
      .send({ name: `bodies-${randomUUID().slice(0, 8)}`, ...body })
      .expect(201);
    return team.body.id as string;
  }

  async function newToken(teamId: string, body: Record<string, unknown> = {}): Promise<string> {
    const issued = await gw.api.http
      .post(`/admin/teams/${teamId}/tokens`)
      .set('authorization', gw.admin)
      .send({ name: 'app', ...body })
      .expect(201);
    return issued.body.token as string;
  }

  beforeAll(async () => {
    gw = await startGateway();
    await gw.addKey('openai', PROVIDER_KEY);
    loggingTeamId = await newTeam({});
    loggingTeamToken = await newToken(loggingTeamId);
    const patched = await gw.api.http
      .patch(`/admin/teams/${loggingTeamId}`)
      .set('authorization', gw.admin)
      .send({ logBodies: true })
      .expect(200);
    expect(patched.body.logBodies).toBe(true);
    const quietTeam = await newTeam({});
    loggingToken = await newToken(quietTeam, { logBodies: true });
  });

  afterAll(async () => {
    await gw.close();
  });

  it('is off by default: nothing is stored for a team and token that did not ask', async () => {
    const answer = await chat(gw.token, {
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'not logged' }],
    }).expect(200);
    await gw.flushUsage();
    const read = await bodyOf(requestIdOf(answer)).expect(404);
    expect(read.body.error.code).toBe('request_body_not_found');
    const teams = await gw.api.http.get('/admin/teams').set('authorization', gw.admin).expect(200);
    expect((teams.body.items as { logBodies: boolean }[]).some((team) => team.logBodies === false)).toBe(
      true,
    );
  });

  it('stores the request and answer of a team that turned it on, and of a token that did', async () => {
    for (const token of [loggingTeamToken, loggingToken]) {
      const answer = await chat(token, {
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: 'hello there' }],
      }).expect(200);
      await gw.flushUsage();
      const read = await bodyOf(requestIdOf(answer)).expect(200);
      expect(JSON.parse(read.body.request as string)).toMatchObject({
        messages: [{ role: 'user', content: 'hello there' }],
      });
      expect(JSON.parse(read.body.response as string)).toEqual(answer.body);
      expect(read.body).toMatchObject({
        endpoint: '/v1/chat/completions',
        stream: false,
        requestTruncated: false,
        responseTruncated: false,
      });
    }
  });

  it('reassembles a streamed answer into one answer, in OpenAI and Anthropic formats', async () => {
    const openai = await chat(loggingToken, {
      model: 'openai/gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'stream me' }],
    })
      .buffer(true)
      .parse(collected)
      .expect(200);
    const streamedText = String(openai.body)
      .split('\n\n')
      .filter((event) => event.startsWith('data: {'))
      .map((event) => JSON.parse(event.slice(6)) as { choices: { delta: { content?: string } }[] })
      .map((chunk) => chunk.choices[0]?.delta.content ?? '')
      .join('');
    expect(streamedText.length).toBeGreaterThan(0);

    const anthropic = await gw.api.http
      .post('/v1/messages')
      .set('x-api-key', loggingToken)
      .send({
        model: 'openai/gpt-4o-mini',
        max_tokens: 50,
        stream: true,
        messages: [{ role: 'user', content: 'stream me' }],
      })
      .buffer(true)
      .parse(collected)
      .expect(200);

    await gw.flushUsage();
    const openaiBody = await bodyOf(requestIdOf(openai)).expect(200);
    expect(openaiBody.body.stream).toBe(true);
    const whole = JSON.parse(openaiBody.body.response as string);
    expect(whole.object).toBe('chat.completion');
    expect(whole.choices[0].message).toEqual({ role: 'assistant', content: streamedText });
    expect(whole.choices[0].finish_reason).toBe('stop');

    const anthropicBody = await bodyOf(requestIdOf(anthropic)).expect(200);
    const message = JSON.parse(anthropicBody.body.response as string);
    expect(message.type).toBe('message');
    expect(message.content[0].type).toBe('text');
    expect(message.content[0].text.length).toBeGreaterThan(0);
    expect(message.stop_reason).toBeDefined();
  });

  it('redacts secrets always and the patterns an admin configured', async () => {
    await gw.api.http
      .patch('/admin/settings')
      .set('authorization', gw.admin)
      .send({
        bodyLogRedactions: [
          { name: 'email', pattern: '[\\w.+-]+@[\\w-]+\\.[\\w.]+' },
          { name: 'card', pattern: '\\b\\d{4}(?: ?\\d{4}){3}\\b' },
        ],
      })
      .expect(200);
    const content = `key ${PASTED_OPENAI_KEY} token ${PASTED_PROXY_TOKEN} upstream ${PROVIDER_KEY} mail alice@example.com card 4111 1111 1111 1111`;
    const answer = await chat(loggingToken, {
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content }],
    }).expect(200);
    gw.mock.script(PROVIDER_KEY, {
      failure: {
        type: 'status',
        status: 400,
        body: { error: { message: `bad request with ${PROVIDER_KEY}`, type: 'invalid_request_error' } },
      },
    });
    const refused = await chat(loggingToken, {
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'echo my key' }],
    }).expect(400);
    gw.mock.reset();
    await gw.flushUsage();

    const stored = (await bodyOf(requestIdOf(answer)).expect(200)).text;
    for (const secret of [PASTED_OPENAI_KEY, PASTED_PROXY_TOKEN, PROVIDER_KEY, 'alice@example.com', '4111'])
      expect(stored).not.toContain(secret);
    expect(stored).toContain('[redacted:email]');
    expect(stored).toContain('[redacted:card]');
    const failed = (await bodyOf(requestIdOf(refused)).expect(200)).text;
    expect(failed).not.toContain(PROVIDER_KEY);
    expect(failed).toContain('[redacted]');

    const client = new pg.Client({ connectionString: gw.api.database.url });
    await client.connect();
    try {
      const rows = await client.query<{ row: string }>('SELECT t::text AS row FROM request_bodies t');
      const all = rows.rows.map((r) => r.row).join('\n');
      for (const secret of [PASTED_OPENAI_KEY, PASTED_PROXY_TOKEN, PROVIDER_KEY, 'alice@example.com'])
        expect(all).not.toContain(secret);
    } finally {
      await client.end();
    }
  });

  it('refuses a redaction pattern that is not a valid, bounded regular expression, naming the field', async () => {
    const patch = (bodyLogRedactions: unknown) =>
      gw.api.http.patch('/admin/settings').set('authorization', gw.admin).send({ bodyLogRedactions });
    for (const [pattern, message] of [
      ['([a-z', /valid regular expression/],
      ['(a+)+$', /exponential/],
      ['x'.repeat(201), /at most 200/],
    ] as const) {
      const refused = await patch([{ name: 'bad', pattern }]).expect(400);
      expect(refused.body.error.param).toBe('bodyLogRedactions.0.pattern');
      expect(refused.body.error.message).toMatch(message);
    }
    const unnamed = await patch([{ name: 'Not A Name', pattern: 'x' }]).expect(400);
    expect(unnamed.body.error.param).toBe('bodyLogRedactions.0.name');
    const settings = await gw.api.http.get('/admin/settings').set('authorization', gw.admin).expect(200);
    expect(settings.body.bodyLogRedactions.map((r: { name: string }) => r.name)).toEqual(['email', 'card']);
  });

  it('lets owners, admins and auditors read a body, auditing every read; team roles cannot', async () => {
    const answer = await chat(loggingTeamToken, {
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'who may read me' }],
    }).expect(200);
    await gw.flushUsage();
    const requestId = requestIdOf(answer);
    const auditor = await signedInAs(gw.api, 'auditor');
    await bodyOf(requestId, auditor.authorization).expect(200);
    for (const role of ['team_admin', 'member'] as const) {
      const user = await signedInAs(gw.api, 'member');
      await gw.api.http
        .post(`/admin/teams/${loggingTeamId}/members`)
        .set('authorization', gw.admin)
        .send({ userId: user.user.id, role })
        .expect((res) => expect([200, 201]).toContain(res.status));
      const denied = await bodyOf(requestId, user.authorization).expect(403);
      expect(denied.body.error.code).toBe('forbidden');
    }
    const audit = await gw.api.http
      .get('/admin/audit')
      .query({ action: 'request_body.read' })
      .set('authorization', gw.admin)
      .expect(200);
    const reads = (audit.body.items as { target: { id: string }; actor: { id: string } }[]).filter((event) =>
      JSON.stringify(event).includes(requestId),
    );
    expect(reads).toHaveLength(1);
    await bodyOf(requestId).expect(200);
    const after = await gw.api.http
      .get('/admin/audit')
      .query({ action: 'request_body.read' })
      .set('authorization', gw.admin)
      .expect(200);
    expect(
      (after.body.items as unknown[]).filter((event) => JSON.stringify(event).includes(requestId)),
    ).toHaveLength(2);
  });

  it('deletes bodies past the retention in bounded batches, and keeps the recent ones', async () => {
    const client = new pg.Client({ connectionString: gw.api.database.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO request_bodies (request_id, at, endpoint, request, response)
         SELECT gen_random_uuid()::text, now() - interval '8 days', '/v1/chat/completions', '{}', '{}'
         FROM generate_series(1, 2500)`,
      );
      const recent = randomUUID();
      await client.query(
        `INSERT INTO request_bodies (request_id, at, endpoint, request, response)
         VALUES ($1, now() - interval '6 days', '/v1/chat/completions', '{}', '{}')`,
        [recent],
      );
      const repository = gw.api.app.get(RequestBodiesRepository, { strict: false });
      const batches = jest.spyOn(repository, 'deleteBatchOlderThan');
      const deleted = await gw.api.app.get(BodyLogRetention, { strict: false }).run(new Date(), 1000);
      expect(deleted).toBe(2500);
      expect(batches.mock.calls.map(([, limit]) => limit)).toEqual([1000, 1000, 1000]);
      batches.mockRestore();
      const left = await client.query<{ old: number; kept: number }>(
        `SELECT count(*) FILTER (WHERE at < now() - interval '7 days')::int AS old,
                count(*) FILTER (WHERE request_id = $1)::int AS kept
         FROM request_bodies`,
        [recent],
      );
      expect(left.rows[0]).toEqual({ old: 0, kept: 1 });
    } finally {
      await client.end();
    }
  });
});
