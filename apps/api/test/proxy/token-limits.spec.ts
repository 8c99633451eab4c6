import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startReplica, type Replica } from '../proxy-tokens/replica.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';
import { waitFor } from '../credits/support/wait-for.js';

const REDIS = { REDIS_URL: 'redis://127.0.0.1:6379' };

describe("a token's rpm and tpm: reported tokens, shared by two replicas, told in headers and refusals", () => {
  let gw: Gateway;
  let second: Replica;

  beforeAll(async () => {
    gw = await startGateway(REDIS);
    gw.mock.script('sk-limits', { replyWords: 990 });
    await gw.addKey('openai', 'sk-limits');
    second = await startReplica(gw.api, REDIS);
  });

  afterAll(async () => {
    await second?.close();
    await gw.close();
  });

  const ask = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

  it('counts the tokens the upstream reported, on every replica, and names the limit it refuses for', async () => {
    const { token } = await gw.issueToken({ rpm: 5, tpm: 1_000 });
    const first = await gw.api.http
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${token}`)
      .send(ask);
    expect(first.status).toBe(200);
    expect(first.body.usage.total_tokens).toBeGreaterThan(990);
    expect(first.headers).toMatchObject({
      'x-ratelimit-limit-requests': '5',
      'x-ratelimit-remaining-requests': '4',
      'x-ratelimit-limit-tokens': '1000',
    });
    // At admission only the prompt's estimate was counted: far below what the answer used.
    expect(Number(first.headers['x-ratelimit-remaining-tokens'])).toBeGreaterThan(900);

    // Settlement corrects the count to the reported tokens, in Redis: the other replica sees the window nearly spent.
    let refused: Awaited<ReturnType<typeof second.http.post>> | undefined;
    await waitFor(async () => {
      refused = await second.http
        .post('/v1/chat/completions')
        .set('authorization', `Bearer ${token}`)
        .send(ask);
      return refused.status === 429;
    });
    expect(refused!.body.error).toMatchObject({
      code: 'rate_limit_exceeded',
      scope: 'token',
      limit: 1_000,
      window: 'minute',
    });
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused!.headers['x-ratelimit-limit-tokens']).toBe('1000');
    expect(refused!.headers['x-ratelimit-remaining-tokens']).toBe('0');
    expect(refused!.headers['x-ratelimit-limit-requests']).toBe('5');
  });

  it('refuses the request over rpm with its limit, and tells every answer what is left', async () => {
    const { token } = await gw.issueToken({ rpm: 2 });
    const one = await gw.api.http
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${token}`)
      .send({ ...ask, max_tokens: 5 });
    expect(one.status).toBe(200);
    expect(one.headers['x-ratelimit-remaining-requests']).toBe('1');
    expect(one.headers['x-ratelimit-limit-tokens']).toBeUndefined();
    const two = await second.http
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${token}`)
      .send({ ...ask, max_tokens: 5 });
    expect(two.status).toBe(200);
    expect(two.headers['x-ratelimit-remaining-requests']).toBe('0');
    const three = await gw.api.http
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${token}`)
      .send({ ...ask, max_tokens: 5 });
    expect(three.status).toBe(429);
    expect(three.body.error).toMatchObject({ scope: 'token', limit: 2, window: 'minute' });
    expect(three.headers['x-ratelimit-limit-requests']).toBe('2');
    // A refusal before the limits were counted (a model the token may not use) still carries the window.
    const notAllowed = await gw.api.http
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${token}`)
      .send({ ...ask, model: 'nope' });
    expect(notAllowed.status).toBe(400);
    expect(notAllowed.headers['x-ratelimit-limit-requests']).toBe('2');
  });

  it('tells a streamed answer the same, in the headers it opens the stream with', async () => {
    const { token } = await gw.issueToken({ rpm: 3, tpm: 100_000 });
    const streamed = await gw.api.http
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${token}`)
      .send({ ...ask, stream: true, max_tokens: 5 });
    expect(streamed.status).toBe(200);
    expect(streamed.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(streamed.headers).toMatchObject({
      'x-ratelimit-limit-requests': '3',
      'x-ratelimit-remaining-requests': '2',
      'x-ratelimit-limit-tokens': '100000',
      'x-switchyard-attempts': '1',
    });
    expect(Number(streamed.headers['x-ratelimit-remaining-tokens'])).toBeLessThan(100_000);
    expect(streamed.headers['x-switchyard-overhead-ms']).toMatch(/^\d+$/);
    expect(streamed.headers['x-request-id']).toBeTruthy();
  });
});
