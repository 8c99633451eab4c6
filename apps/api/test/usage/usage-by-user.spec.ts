import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

interface Row {
  user?: string | null;
  teamId?: string | null;
  keyId?: string | null;
  model?: string | null;
  day?: string | null;
  requests: number;
  refusals: number;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('usage per person behind a shared token', () => {
  let gw: Gateway;
  let openaiKey: string;
  let anthropicKey: string;
  const LONG_NAME = `${'ü'.repeat(150)}${'😀'.repeat(100)}`;

  const chat = (body: Record<string, unknown>, headers: Record<string, string> = {}, token = gw.token) =>
    gw.api.http
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${token}`)
      .set(headers)
      .send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...body });

  const messages = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    gw.api.http
      .post('/v1/messages')
      .set('x-api-key', gw.token)
      .set(headers)
      .send({
        model: 'anthropic/claude-sonnet-4',
        max_tokens: 20,
        messages: [{ role: 'user', content: 'hi' }],
        ...body,
      });

  const usage = async (query: string): Promise<Row[]> => {
    const response = await gw.api.http.get(`/admin/usage?${query}`).set('authorization', gw.admin);
    expect(response.status).toBe(200);
    return response.body.items as Row[];
  };

  beforeAll(async () => {
    gw = await startGateway();
    openaiKey = await gw.addKey('openai', 'sk-openai-attribution');
    anthropicKey = await gw.addKey('anthropic', 'sk-ant-attribution');
    // The header wins over the body's own field.
    await chat({ user: 'not-this-one' }, { 'x-switchyard-user': 'header@example.com' }).expect(200);
    await messages(
      { metadata: { user_id: 'not-this-one' } },
      { 'x-switchyard-user': 'header@example.com' },
    ).expect(200);
    await chat({ user: 'openai-body@example.com' }).expect(200);
    await chat({ user: 'openai-body@example.com', stream: true }).expect(200);
    await gw.api.http
      .post('/v1/embeddings')
      .set('authorization', `Bearer ${gw.token}`)
      .send({ model: 'openai/text-embedding-3-small', input: 'x', user: 'openai-body@example.com' })
      .expect(200);
    await messages({ metadata: { user_id: 'anthropic-metadata@example.com' } }).expect(200);
    await chat({}).expect(200);
    await chat({ user: '   ' }).expect(200);
    await chat({ user: LONG_NAME }).expect(200);
    // A refused request is attributed too.
    await chat({ user: 'refused@example.com', model: 'openai/no-such-model-anywhere', messages: 'x' }).expect(
      400,
    );
    await gw.flushUsage();
  });

  afterAll(async () => {
    await gw.close();
  });

  it('groups by user, from the header, the OpenAI body user and the Anthropic metadata.user_id', async () => {
    const rows = await usage('groupBy=user');
    const byUser = new Map(rows.map((row) => [row.user, row]));
    expect(byUser.get('header@example.com')?.requests).toBe(2);
    expect(byUser.get('openai-body@example.com')?.requests).toBe(3);
    expect(byUser.get('anthropic-metadata@example.com')?.requests).toBe(1);
    expect(byUser.get(null)?.requests).toBe(2);
    expect(byUser.get('refused@example.com')).toMatchObject({ requests: 1, refusals: 1 });
    expect(byUser.has('not-this-one')).toBe(false);
    // Capped at 200 characters, counted as characters: no emoji is cut in half.
    const long = rows.find((row) => row.user?.startsWith('ü'));
    expect(Array.from(long!.user!)).toHaveLength(200);
    expect(long!.user).toBe(Array.from(LONG_NAME).slice(0, 200).join(''));
    for (const row of rows) expect(Object.keys(row)).not.toContain('teamId');
  });

  it('filters by user', async () => {
    const rows = await usage('groupBy=model&user=openai-body@example.com');
    expect(rows).toEqual([
      expect.objectContaining({ model: 'openai/gpt-4o-mini', requests: 2 }),
      expect.objectContaining({ model: 'openai/text-embedding-3-small', requests: 1 }),
    ]);
    expect(await usage('groupBy=user&user=nobody@example.com')).toEqual([]);
  });

  it('groups by up to three dimensions: one row per combination', async () => {
    const teamUser = await usage('groupBy=team,user');
    expect(teamUser).toContainEqual(
      expect.objectContaining({ teamId: gw.teamId, user: 'header@example.com', requests: 2 }),
    );
    expect(teamUser.every((row) => row.teamId === gw.teamId)).toBe(true);
    expect(teamUser.map((row) => row.user ?? '')).toEqual(
      [...teamUser.map((row) => row.user ?? '')].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );

    const keyModelDay = await usage('groupBy=key,model,day');
    expect(keyModelDay).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ keyId: openaiKey, model: 'openai/gpt-4o-mini', day: today(), requests: 6 }),
        expect.objectContaining({ keyId: openaiKey, model: 'openai/text-embedding-3-small', day: today() }),
        expect.objectContaining({ keyId: anthropicKey, model: 'anthropic/claude-sonnet-4', requests: 2 }),
        // The refused request reached no key.
        expect.objectContaining({ keyId: null, model: 'openai/no-such-model-anywhere', requests: 1 }),
      ]),
    );
    expect(keyModelDay).toHaveLength(4);
    const totals = await usage('groupBy=day');
    expect(keyModelDay.reduce((sum, row) => sum + row.requests, 0)).toBe(totals[0]!.requests);
  });

  it('pages through combinations with a cursor', async () => {
    const all = await usage('groupBy=model,user');
    const seen: Row[] = [];
    let cursor: string | null = null;
    do {
      const response = await gw.api.http
        .get(`/admin/usage?groupBy=model,user&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set('authorization', gw.admin)
        .expect(200);
      seen.push(...(response.body.items as Row[]));
      cursor = response.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(all.length).toBeGreaterThan(3);
  });

  it('gives the CSV one column per dimension', async () => {
    const response = await gw.api.http
      .get('/admin/usage.csv?groupBy=team,user')
      .set('authorization', gw.admin)
      .expect(200);
    expect(response.headers['content-disposition']).toContain('usage-by-team-user.csv');
    const lines = (response.text as string).trim().split('\n');
    expect(lines[0]).toBe(
      'teamId,user,requests,promptTokens,completionTokens,costUsd,p50Ms,p95Ms,errors,refusals,unpricedRequests',
    );
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${gw.teamId},header@example.com,2,`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${gw.teamId},,2,`)));
    const byUser = await gw.api.http.get('/admin/usage.csv?groupBy=user').set('authorization', gw.admin);
    expect(byUser.text.split('\n')[0]).toMatch(/^user,requests,/);
  });

  it.each([
    ['groupBy=team,nope', 'nope'],
    ['groupBy=team,user,model,day', 'at most 3'],
    ['groupBy=user,user', 'twice'],
    ['groupBy=', 'is not one of'],
  ])('refuses %s with a 400 naming groupBy', async (query, message) => {
    const response = await gw.api.http.get(`/admin/usage?${query}`).set('authorization', gw.admin);
    expect(response.status).toBe(400);
    expect(response.body.error.param).toBe('groupBy');
    expect(response.body.error.message).toContain(message);
  });

  it('refuses a user filter longer than a user can be', async () => {
    const response = await gw.api.http
      .get(`/admin/usage?groupBy=user&user=${'x'.repeat(201)}`)
      .set('authorization', gw.admin);
    expect(response.status).toBe(400);
    expect(response.body.error.param).toBe('user');
  });

  it('refuses a request naming no user when its token requires one', async () => {
    const issued = await gw.issueToken({ name: 'agents', requireUser: true });
    const view = await gw.api.http
      .get(`/admin/tokens/${issued.id}`)
      .set('authorization', gw.admin)
      .expect(200);
    expect(view.body.requireUser).toBe(true);

    const refused = await chat({}, {}, issued.token);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'user_required', param: 'user' });
    const blank = await chat({ user: '' }, {}, issued.token);
    expect(blank.status).toBe(400);
    const anthropic = await gw.api.http
      .post('/v1/messages')
      .set('x-api-key', issued.token)
      .send({
        model: 'anthropic/claude-sonnet-4',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'hi' }],
      });
    expect(anthropic.status).toBe(400);
    expect(anthropic.body.error).toMatchObject({ code: 'user_required', param: 'metadata.user_id' });

    await chat({}, { 'x-switchyard-user': 'named@example.com' }, issued.token).expect(200);
    await chat({ user: 'named@example.com' }, {}, issued.token).expect(200);
    await gw.api.http
      .post('/v1/messages')
      .set('x-api-key', issued.token)
      .send({
        model: 'anthropic/claude-sonnet-4',
        max_tokens: 5,
        metadata: { user_id: 'named@example.com' },
        messages: [{ role: 'user', content: 'hi' }],
      })
      .expect(200);

    const patched = await gw.api.http
      .patch(`/admin/tokens/${issued.id}`)
      .set('authorization', gw.admin)
      .send({ requireUser: false })
      .expect(200);
    expect(patched.body.requireUser).toBe(false);
    await chat({}, {}, issued.token).expect(200);

    const bad = await gw.api.http
      .patch(`/admin/tokens/${issued.id}`)
      .set('authorization', gw.admin)
      .send({ requireUser: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('requireUser');

    await gw.flushUsage();
    const rows = await usage(`groupBy=token,user`);
    const agents = rows.filter((row) => (row as { tokenId?: string }).tokenId === issued.id);
    expect(agents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user: null, requests: 4, refusals: 3 }),
        expect.objectContaining({ user: 'named@example.com', requests: 3, refusals: 0 }),
      ]),
    );
  });
});
