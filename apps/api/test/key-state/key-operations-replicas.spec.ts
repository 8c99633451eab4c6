import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import supertest from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { KeyPoolSync } from '../../src/modules/gateway-pool/key-pool-sync.js';
import { eventually } from '../support/eventually.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

describe('reset and limits across two replicas sharing Redis', () => {
  let gw: Gateway;
  let second: NestFastifyApplication;
  let secondHttp: ReturnType<typeof supertest>;

  beforeAll(async () => {
    gw = await startGateway({ REDIS_URL });
    second = await createApp({
      config: gw.api.config,
      databaseUrl: gw.api.database.url,
      logger: gw.api.logger,
    });
    await second.init();
    await second.getHttpAdapter().getInstance().ready();
    secondHttp = supertest(second.getHttpAdapter().getInstance().server);
  });
  afterAll(async () => {
    await second.close();
    await gw.close();
  });

  const statusOn = async (http: ReturnType<typeof supertest>, id: string) => {
    const response = await http.get('/admin/key-state?limit=200').set('authorization', gw.admin).expect(200);
    return (response.body.items as { keyId: string; status: string; models: { status: string }[] }[]).find(
      (item) => item.keyId === id,
    );
  };

  it('a reset on one replica ends the rests the other replica saw', async () => {
    const secret = 'sk-replica-reset-000000001';
    const id = await gw.addKey('anthropic', secret);
    await second.get(KeyPoolSync, { strict: false }).resync();
    gw.mock.script(secret, { failure: { type: 'billing' } });
    const refused = await secondHttp
      .post('/v1/messages')
      .set('x-api-key', gw.token)
      .send({
        model: 'anthropic/claude-sonnet-4',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'hi' }],
      });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    await eventually(async () => expect((await statusOn(gw.api.http, id))?.status).toBe('cooling'));
    expect((await statusOn(secondHttp, id))?.status).toBe('cooling');

    gw.mock.script(secret, {});
    await gw.api.http.post(`/admin/provider-keys/${id}/reset`).set('authorization', gw.admin).expect(200);
    await eventually(async () => expect((await statusOn(secondHttp, id))?.status).toBe('ready'));
    const served = await secondHttp
      .post('/v1/messages')
      .set('x-api-key', gw.token)
      .send({
        model: 'anthropic/claude-sonnet-4',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'hi' }],
      });
    expect(served.status).toBe(200);
  });

  it('the limits one replica saw in the headers are answered by the other', async () => {
    const secret = 'sk-replica-limits-00000001';
    const id = await gw.addKey('openai', secret);
    await second.get(KeyPoolSync, { strict: false }).resync();
    gw.mock.script(secret, { rateLimitHeaders: { limitRequests: 1000, remainingRequests: 998 } });
    const answered = await secondHttp
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${gw.token}`)
      .send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(answered.status).toBe(200);
    await eventually(async () => {
      const limits = await gw.api.http
        .get(`/admin/provider-keys/${id}/limits`)
        .set('authorization', gw.admin)
        .expect(200);
      expect(limits.body.headers).toMatchObject({
        model: 'gpt-4o-mini',
        windows: [expect.objectContaining({ name: 'requests', limit: 1000, remaining: 998 })],
      });
    });
  });
});
