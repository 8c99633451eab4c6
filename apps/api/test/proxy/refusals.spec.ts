import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

describe('policy refusals are counted apart from upstream errors', () => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway();
    await gw.addKey('openai', 'sk-refusals-0000000000001');
  });
  afterAll(async () => {
    await gw.close();
  });

  it('a disallowed model, a rate limit of the token and a missing field are refusals; a failed upstream is an error', async () => {
    const { token } = await gw.issueToken({ name: 'limited', allowedModels: ['openai/gpt-4o-mini'], rpm: 2 });
    const chat = (model: string, body: Record<string, unknown> = {}) =>
      gw.api.http
        .post('/v1/chat/completions')
        .set('authorization', `Bearer ${token}`)
        .send({ model, messages: [{ role: 'user', content: 'hi' }], ...body });
    expect((await chat('openai/gpt-4o-mini')).status).toBe(200);
    expect((await chat('openai/gpt-4o')).status).toBe(400);
    gw.mock.script('sk-refusals-0000000000001', { failure: { type: 'server' } });
    expect((await chat('openai/gpt-4o-mini')).status).toBe(502);
    gw.mock.script('sk-refusals-0000000000001', {});
    expect((await chat('openai/gpt-4o-mini')).status).toBe(429);
    expect((await chat('openai/gpt-4o-mini', { messages: 'not a list' })).status).toBe(400);
    await gw.flushUsage();

    const usage = await gw.api.http
      .get('/admin/usage')
      .query({ groupBy: 'token', teamId: gw.teamId })
      .set('authorization', gw.admin)
      .expect(200);
    const row = usage.body.items.find((item: { requests: number }) => item.requests === 5);
    expect(row).toMatchObject({ requests: 5, errors: 1, refusals: 3 });
  });
});
