import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

describe('/v1/chat/completions', () => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway();
    await gw.addKey('openai', 'sk-healthy-1');
  });

  beforeEach(() => gw.mock.reset());

  afterAll(async () => {
    await gw.close();
  });

  const chat = (body: Record<string, unknown>, token = gw.token) =>
    gw.api.http.post('/v1/chat/completions').set('authorization', `Bearer ${token}`).send(body);

  it('answers a chat request in OpenAI format with the gateway headers', async () => {
    const response = await chat({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'hello' }],
    }).expect(200);
    expect(response.body.object).toBe('chat.completion');
    expect(response.body.choices[0].message.role).toBe('assistant');
    expect(response.body.usage.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers['x-request-id']).toBeDefined();
    expect(response.headers['x-switchyard-attempts']).toBe('1');
    expect(Number(response.headers['x-switchyard-overhead-ms'])).toBeGreaterThanOrEqual(0);
    const upstream = gw.mock.lastRequest('sk-healthy-1');
    expect(upstream?.body).toMatchObject({ model: 'gpt-4o-mini' });
  });

  it('streams SSE and ends with [DONE]', async () => {
    const response = await chat({
      model: 'openai/gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'hello' }],
    })
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = String(response.body).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(String(response.body)).not.toContain('"usage":{');
  });

  it('relays each streamed event as it arrives, not at the end', async () => {
    gw.mock.script('sk-healthy-1', { chunkDelayMs: 150, replyWords: 3 });
    const arrivals: { at: number; text: string }[] = [];
    const started = Date.now();
    await chat({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] })
      .buffer(true)
      .parse((res, done) => {
        res.on('data', (chunk: Buffer) =>
          arrivals.push({ at: Date.now() - started, text: chunk.toString() }),
        );
        res.on('end', () => done(null, null));
      })
      .expect(200);
    const firstWord = arrivals.findIndex((arrival) => arrival.text.includes('"content":"'));
    expect(firstWord).toBeGreaterThanOrEqual(0);
    expect(arrivals.at(-1)?.text).toContain('[DONE]');
    // Three words 150 ms apart: the first must reach the client long before the stream ends.
    expect(arrivals.at(-1)!.at - arrivals[firstWord]!.at).toBeGreaterThan(200);
  });

  it('records usage with cost for every request, failed ones included', async () => {
    await chat({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'count me' }] }).expect(
      200,
    );
    await chat({ model: 'nope' }).expect(400);
    await gw.flushUsage();
    const client = new pg.Client({ connectionString: gw.api.database.url });
    await client.connect();
    const rows = await client.query(
      `SELECT model, provider, status, prompt_tokens, cost_micros, team_id, error_class FROM usage_events ORDER BY id DESC LIMIT 2`,
    );
    await client.end();
    const [refused, served] = rows.rows;
    expect(served).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      status: 200,
      team_id: gw.teamId,
    });
    expect(BigInt(served.cost_micros)).toBeGreaterThan(0n);
    expect(refused).toMatchObject({ status: 400, team_id: gw.teamId });
  });

  it('refuses bad input with OpenAI-shaped errors naming the field', async () => {
    const badJson = await gw.api.http
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${gw.token}`)
      .set('content-type', 'application/json')
      .send('{"model":')
      .expect(400);
    expect(badJson.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
    const noModel = await chat({ messages: [{ role: 'user', content: 'x' }] }).expect(400);
    expect(noModel.body.error.param).toBe('model');
    const noMessages = await chat({ model: 'openai/gpt-4o-mini' }).expect(400);
    expect(noMessages.body.error.param).toBe('messages');
    const unknown = await chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }).expect(
      400,
    );
    expect(unknown.body.error).toMatchObject({ code: 'model_not_found', param: 'model' });
    const noKey = await chat({
      model: 'mistral/mistral-large',
      messages: [{ role: 'user', content: 'x' }],
    }).expect(400);
    expect(noKey.body.error.code).toBe('model_not_found');
  });

  it('refuses a disallowed model, a bad token and a revoked token', async () => {
    const limited = await gw.issueToken({ allowedModels: ['openai/gpt-4o'] });
    const disallowed = await chat(
      { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
      limited.token,
    ).expect(400);
    expect(disallowed.body.error).toMatchObject({ code: 'model_not_allowed', param: 'model' });
    await chat({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] }, limited.token).expect(
      200,
    );
    const bad = await chat({ model: 'openai/gpt-4o', messages: [] }, 'sy-not-a-real-token').expect(401);
    expect(bad.body.error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    const missing = await gw.api.http.post('/v1/chat/completions').send({}).expect(401);
    expect(missing.body.error.code).toBe('missing_api_key');
    await gw.api.http.delete(`/admin/tokens/${limited.id}`).set('authorization', gw.admin).expect(200);
    await chat({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] }, limited.token).expect(
      401,
    );
  });

  it('refuses an oversized body with 413', async () => {
    const small = await startGateway({ SWITCHYARD_MAX_BODY_MB: '0.01' });
    try {
      const response = await small.api.http
        .post('/v1/chat/completions')
        .set('authorization', `Bearer ${small.token}`)
        .send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(20_000) }] })
        .expect(413);
      expect(response.body.error.type).toBe('request_too_large');
    } finally {
      await small.close();
    }
  });

  it('passes the provider’s own client errors through without rotating', async () => {
    gw.mock.script('sk-healthy-1', { failure: { type: 'bad_request' } });
    const response = await chat({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
    }).expect(400);
    expect(response.headers['x-switchyard-attempts']).toBe('1');
    expect(response.body.error.message).toMatch(/too long|context/i);
  });

  it('enforces the token rpm limit with 429 and Retry-After', async () => {
    const limited = await gw.issueToken({ rpm: 2 });
    await chat(
      { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
      limited.token,
    ).expect(200);
    await chat(
      { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
      limited.token,
    ).expect(200);
    const third = await chat(
      { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
      limited.token,
    ).expect(429);
    expect(third.body.error.code).toBe('rate_limit_exceeded');
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('exposes Prometheus metrics for requests, overhead, spend and key state', async () => {
    await chat({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }).expect(200);
    const scraper = await gw.api.http
      .post('/admin/api-keys')
      .set('authorization', gw.admin)
      .send({ name: 'prometheus', role: 'auditor' })
      .expect(201);
    const metrics = await gw.api.http
      .get('/metrics')
      .set('authorization', `Bearer ${scraper.body.key}`)
      .expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0.0.4/);
    expect(metrics.text).toMatch(
      /switchyard_requests_total\{endpoint="\/v1\/chat\/completions",status="200",provider="openai",outcome="ok"\} \d+/,
    );
    expect(metrics.text).toMatch(
      /switchyard_overhead_seconds_count\{endpoint="\/v1\/chat\/completions"\} \d+/,
    );
    expect(metrics.text).toMatch(/switchyard_spend_usd_total\{team="[0-9a-f-]+"\} [0-9.e-]+/);
    expect(metrics.text).toMatch(
      /switchyard_key_status\{key="[0-9a-f-]+",provider="openai",status="ready"\} 1/,
    );
    expect(metrics.text).not.toContain('sk-healthy-1');
  });
});
