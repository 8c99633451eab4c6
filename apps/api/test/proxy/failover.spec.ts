import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import pg from 'pg';
import { GatewayKeyPool } from '../../src/modules/gateway-pool/gateway-key-pool.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

describe('failover across keys', () => {
  let gw: Gateway;
  let openai: OpenAI;

  beforeAll(async () => {
    gw = await startGateway();
    await gw.addKey('openai', 'sk-always-429');
    await gw.addKey('openai', 'sk-flaky-500');
    await gw.addKey('openai', 'sk-healthy');
    openai = new OpenAI({ baseURL: `${gw.baseUrl}/v1`, apiKey: gw.token, maxRetries: 0 });
  });

  afterAll(async () => {
    await gw.close();
  });

  const ask = () =>
    openai.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'hello' }],
    });

  it('serves 200 sequential and 200 concurrent requests with one key always 429 and one failing half the time', async () => {
    gw.mock.script('sk-always-429', { failure: { type: 'rate_limit' } });
    gw.mock.script('sk-flaky-500', { failure: { type: 'server' }, failProbability: 0.5, seed: 7 });
    for (let i = 0; i < 200; i += 1) await ask();
    const concurrent = await Promise.allSettled(Array.from({ length: 200 }, () => ask()));
    expect(concurrent.filter((result) => result.status === 'rejected')).toEqual([]);

    const keys = await gw.api.http.get('/admin/key-state').set('authorization', gw.admin).expect(200);
    const byLabel = (secretSuffix: string) =>
      keys.body.items.find((item: { last4: string }) => secretSuffix.endsWith(item.last4));
    expect(byLabel('sk-always-429').models[0]).toMatchObject({ status: 'cooling', reason: 'rate_limit' });
    expect(byLabel('sk-healthy').status).toBe('ready');
    expect(byLabel('sk-healthy').models[0].requests).toBeGreaterThan(300);
    // The always-failing key was tried once, then rested: it did not eat a retry on every request.
    expect(gw.mock.requests('sk-always-429')).toBeLessThan(10);
  });

  it('answers 429 with the upstream Retry-After when every key is rate-limited', async () => {
    gw.mock.reset();
    const fresh = await startGateway();
    try {
      for (const secret of ['sk-limited-aaaa', 'sk-limited-bbbb', 'sk-limited-cccc']) {
        await fresh.addKey('openai', secret);
        fresh.mock.script(secret, { failure: { type: 'rate_limit', retryAfterSeconds: 7 } });
      }
      const first = await fresh.api.http
        .post('/v1/chat/completions')
        .set('authorization', `Bearer ${fresh.token}`)
        .send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
        .expect(429);
      expect(Number(first.headers['retry-after'])).toBeGreaterThanOrEqual(6);
      expect(Number(first.headers['retry-after'])).toBeLessThanOrEqual(7);
      expect(first.headers['x-switchyard-attempts']).toBe('3');
      const next = await fresh.api.http
        .post('/v1/chat/completions')
        .set('authorization', `Bearer ${fresh.token}`)
        .send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
        .expect(429);
      expect(next.body.error.code).toBe('keys_cooling_down');
      expect(Number(next.headers['retry-after'])).toBeGreaterThanOrEqual(6);
      expect(Number(next.headers['retry-after'])).toBeLessThanOrEqual(7);
      expect(next.headers['x-switchyard-attempts']).toBe('0');
    } finally {
      await fresh.close();
    }
  });

  it('falls back to the next target of an alias when the first provider fails', async () => {
    gw.mock.reset();
    await gw.addKey('openrouter', 'sk-openrouter-1');
    await gw.api.http
      .post('/admin/routes')
      .set('authorization', gw.admin)
      .send({ alias: 'smart', targets: ['groq/llama-3.3-70b', 'openrouter/openai/gpt-4o-mini'] })
      .expect(201);
    const completion = await openai.chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(completion.choices[0]?.message.content).toEqual(expect.any(String));
    expect(gw.mock.lastRequest('sk-openrouter-1')?.body).toMatchObject({ model: 'openai/gpt-4o-mini' });
  });

  it('disables a key the provider rejects for auth, and records it', async () => {
    const fresh = await startGateway();
    try {
      const bad = await fresh.addKey('openai', 'sk-revoked-upstream');
      await fresh.addKey('openai', 'sk-good-key-1');
      fresh.mock.script('sk-revoked-upstream', { failure: { type: 'auth' } });
      for (let i = 0; i < 6; i += 1) {
        await fresh.api.http
          .post('/v1/chat/completions')
          .set('authorization', `Bearer ${fresh.token}`)
          .send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
          .expect(200);
      }
      expect(fresh.mock.requests('sk-revoked-upstream')).toBe(1);
      for (let i = 0; i < 50 && (await keyStatus(fresh, bad)) !== 'auth_failed'; i += 1)
        await new Promise((r) => setTimeout(r, 50));
      expect(await keyStatus(fresh, bad)).toBe('auth_failed');
    } finally {
      await fresh.close();
    }
  });
});

async function keyStatus(gw: Gateway, id: string): Promise<string> {
  const response = await gw.api.http.get(`/admin/provider-keys/${id}`).set('authorization', gw.admin);
  return response.body.status as string;
}

describe('streams that break, and clients that leave', () => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway();
    await gw.addKey('openai', 'sk-stream');
  });

  afterAll(async () => {
    await gw.close();
  });

  it('ends a stream that drops mid-way with an error event and [DONE]', async () => {
    gw.mock.script('sk-stream', { failure: { type: 'drop_mid_stream', afterChunks: 3 } });
    const response = await fetch(`${gw.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'openai/gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'x' }],
      }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    const events = text.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(events.at(-2)).toMatch(/^data: \{"error":/);
    gw.mock.reset();
  });

  it('accounts for a client abort mid-stream: in-flight back to 0 and a usage row with the partial tokens', async () => {
    gw.mock.script('sk-stream', { chunkDelayMs: 50, replyWords: 200 });
    const controller = new AbortController();
    const response = await fetch(`${gw.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'openai/gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'x' }],
      }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let received = 0;
    while (received < 5) {
      const { value } = await reader.read();
      received += (new TextDecoder().decode(value).match(/data: /g) ?? []).length;
    }
    controller.abort();
    const pool = gw.api.app.get(GatewayKeyPool, { strict: false });
    for (let i = 0; i < 100 && pool.stats().inFlight > 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(pool.stats().inFlight).toBe(0);
    await new Promise((r) => setTimeout(r, 100));
    await gw.flushUsage();
    const client = new pg.Client({ connectionString: gw.api.database.url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT status, completion_tokens, cost_micros, estimated FROM usage_events WHERE stream ORDER BY id DESC LIMIT 1`,
    );
    await client.end();
    expect(rows[0].status).toBe(499);
    expect(rows[0].completion_tokens).toBeGreaterThanOrEqual(4);
    expect(rows[0].completion_tokens).toBeLessThan(200);
    expect(BigInt(rows[0].cost_micros)).toBeGreaterThan(0n);
    gw.mock.reset();
  });

  it('times out a hanging upstream with 504 after its attempts', async () => {
    const slow = await startGateway({ SWITCHYARD_UPSTREAM_TIMEOUT_MS: '1000', SWITCHYARD_MAX_ATTEMPTS: '2' });
    try {
      await slow.addKey('openai', 'sk-hang-1');
      await slow.addKey('openai', 'sk-hang-2');
      slow.mock.script('sk-hang-1', { failure: { type: 'hang' } });
      slow.mock.script('sk-hang-2', { failure: { type: 'hang' } });
      const response = await slow.api.http
        .post('/v1/chat/completions')
        .set('authorization', `Bearer ${slow.token}`)
        .send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
      expect(response.status).toBe(504);
      expect(response.headers['x-switchyard-attempts']).toBe('2');
    } finally {
      await slow.close();
    }
  }, 30_000);
});
