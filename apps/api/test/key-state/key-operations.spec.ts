import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signedInAs } from '../support/admin-session.js';
import { eventually } from '../support/eventually.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

const chat = (gw: Gateway, model = 'openai/gpt-4o-mini') =>
  gw.api.http
    .post('/v1/chat/completions')
    .set('authorization', `Bearer ${gw.token}`)
    .send({ model, messages: [{ role: 'user', content: 'hi' }] });

describe('key-level operations', () => {
  let gw: Gateway;
  let auditor: string;

  beforeAll(async () => {
    gw = await startGateway();
    auditor = (await signedInAs(gw.api, 'auditor')).authorization;
  });
  afterAll(async () => {
    await gw.close();
  });

  /** A provider of its own, so that the pool has only this test's key to pick for its model. */
  let providers = 0;
  const ownProvider = async () => {
    const name = `own-${(providers += 1)}`;
    await gw.api.http
      .post('/admin/providers')
      .set('authorization', gw.admin)
      .send({ name, type: 'openai', baseUrl: gw.mock.baseUrl('openai') })
      .expect(201);
    return name;
  };

  const keyState = async (id: string) => {
    const response = await gw.api.http
      .get('/admin/key-state?limit=200')
      .set('authorization', gw.admin)
      .expect(200);
    return (
      response.body.items as { keyId: string; status: string; models: { model: string; status: string }[] }[]
    ).find((item) => item.keyId === id)!;
  };

  describe('POST /admin/provider-keys/:id/reset', () => {
    it('ends every rest of the key for every model, answers its live state, and is audited', async () => {
      const secret = 'sk-reset-0000000000000001';
      const provider = await ownProvider();
      // Declared, so the pool keeps their state for good: an unpriced name no key declares and no upstream has
      // served is kept only while used, and not shown.
      const id = await gw.addKey(provider, secret, { models: ['gpt-4o-mini', 'gpt-4o'] });
      gw.mock.script(secret, { failure: { type: 'rate_limit', retryAfterSeconds: 600 } });
      expect((await chat(gw, `${provider}/gpt-4o-mini`)).status).toBeGreaterThanOrEqual(400);
      expect((await chat(gw, `${provider}/gpt-4o`)).status).toBeGreaterThanOrEqual(400);
      const cooling = await keyState(id);
      expect(cooling.models.map((model) => model.status)).toEqual(['cooling', 'cooling']);

      gw.mock.script(secret, {});
      const reset = await gw.api.http
        .post(`/admin/provider-keys/${id}/reset`)
        .set('authorization', gw.admin)
        .expect(200);
      expect(reset.body).toMatchObject({ keyId: id, status: 'ready', cooldownUntil: null });
      expect(reset.body.models.map((model: { status: string }) => model.status)).toEqual(['ready', 'ready']);
      expect((await chat(gw, `${provider}/gpt-4o-mini`)).status).toBe(200);

      const audit = await gw.api.http
        .get(`/admin/audit?action=provider_key.reset&targetId=${id}`)
        .set('authorization', gw.admin)
        .expect(200);
      expect(audit.body.items).toHaveLength(1);
      expect(
        audit.body.items[0].before.coolingModels.map((model: { model: string }) => model.model).sort(),
      ).toEqual(['gpt-4o', 'gpt-4o-mini']);
      expect(audit.body.items[0].after).toMatchObject({ status: 'ready', coolingModels: [] });
    });

    it('is refused to an auditor and answers 404 for an unknown key and 400 for a malformed id', async () => {
      const id = await gw.addKey('openai', 'sk-reset-0000000000000002');
      await gw.api.http.post(`/admin/provider-keys/${id}/reset`).set('authorization', auditor).expect(403);
      const unknown = await gw.api.http
        .post('/admin/provider-keys/00000000-0000-4000-8000-000000000000/reset')
        .set('authorization', gw.admin)
        .expect(404);
      expect(unknown.body.error.code).toBe('provider_key_not_found');
      const malformed = await gw.api.http
        .post('/admin/provider-keys/not-a-uuid/reset')
        .set('authorization', gw.admin)
        .expect(400);
      expect(malformed.body.error.param).toBe('id');
    });
  });

  describe('GET /admin/provider-keys/:id/limits', () => {
    it('shows the last rate-limit headers seen for the key, with when and for which model', async () => {
      const secret = 'sk-limits-000000000000001';
      const provider = await ownProvider();
      const id = await gw.addKey(provider, secret);
      const before = await gw.api.http
        .get(`/admin/provider-keys/${id}/limits`)
        .set('authorization', auditor)
        .expect(200);
      expect(before.body).toEqual({
        keyId: id,
        provider,
        headers: null,
        openrouter: null,
        refreshed: null,
      });

      gw.mock.script(secret, {
        rateLimitHeaders: {
          limitRequests: 500,
          remainingRequests: 499,
          resetRequestsSeconds: 12,
          limitTokens: 30_000,
          remainingTokens: 29_000,
          resetTokensSeconds: 1,
        },
      });
      const sentAt = Date.now();
      expect((await chat(gw, `${provider}/gpt-4o-mini`)).status).toBe(200);
      const limits = await gw.api.http
        .get(`/admin/provider-keys/${id}/limits`)
        .set('authorization', auditor)
        .expect(200);
      expect(limits.body.headers).toMatchObject({
        model: 'gpt-4o-mini',
        windows: expect.arrayContaining([
          expect.objectContaining({ name: 'requests', limit: 500, remaining: 499 }),
          expect.objectContaining({ name: 'tokens', limit: 30_000, remaining: 29_000 }),
        ]),
      });
      const seenAt = Date.parse(limits.body.headers.seenAt);
      expect(seenAt).toBeGreaterThanOrEqual(sentAt - 1000);
      const requests = limits.body.headers.windows.find(
        (window: { name: string }) => window.name === 'requests',
      );
      expect(Date.parse(requests.resetAt) - seenAt).toBeGreaterThan(11_000);
    });

    it('with refresh=true makes one 1-token call for fresh figures, which an auditor may not ask for', async () => {
      const secret = 'sk-limits-000000000000002';
      const id = await gw.addKey('openai', secret, { models: ['gpt-4o', 'gpt-4o-mini'] });
      gw.mock.script(secret, { rateLimitHeaders: { limitRequests: 60, remainingRequests: 59 } });
      const refused = await gw.api.http
        .get(`/admin/provider-keys/${id}/limits?refresh=true`)
        .set('authorization', auditor)
        .expect(403);
      expect(refused.body.error.param).toBe('refresh');
      const calls = gw.mock.requests(secret);
      const refreshed = await gw.api.http
        .get(`/admin/provider-keys/${id}/limits?refresh=true`)
        .set('authorization', gw.admin)
        .expect(200);
      expect(refreshed.body.refreshed).toMatchObject({ ok: true, model: 'gpt-4o-mini' });
      expect(refreshed.body.headers).toMatchObject({
        model: 'gpt-4o-mini',
        windows: [expect.objectContaining({ name: 'requests', limit: 60, remaining: 59 })],
      });
      expect(gw.mock.requests(secret)).toBe(calls + 1);
      expect(gw.mock.lastRequest(secret)).toMatchObject({
        path: '/v1/chat/completions',
        body: { model: 'gpt-4o-mini', max_tokens: 1 },
      });
      await gw.api.http
        .get(`/admin/provider-keys/${id}/limits?refresh=maybe`)
        .set('authorization', gw.admin)
        .expect(400);
    });

    it("asks OpenRouter's key endpoint for the key's credit limit, usage and rate limit", async () => {
      const secret = 'sk-or-v1-limits-00000000001';
      const id = await gw.addKey('openrouter', secret);
      gw.mock.script(secret, { keyInfo: { limitUsd: 25, usageUsd: 3.5, requestsPer10s: 40 } });
      const limits = await gw.api.http
        .get(`/admin/provider-keys/${id}/limits`)
        .set('authorization', gw.admin)
        .expect(200);
      expect(limits.body.openrouter).toMatchObject({
        limitUsd: 25,
        usageUsd: 3.5,
        limitRemainingUsd: 21.5,
        rateLimit: { requests: 40, interval: '10s' },
      });
      expect(gw.mock.lastRequest(secret)?.path).toBe('/v1/key');
      gw.mock.script(secret, { failure: { type: 'auth' } });
      const refused = await gw.api.http
        .get(`/admin/provider-keys/${id}/limits`)
        .set('authorization', gw.admin)
        .expect(200);
      expect(refused.body.openrouter.error).toMatch(/401|invalid|auth/i);
    });
  });

  describe('checking a key', () => {
    it('before saving an OpenRouter key asks its key endpoint, which a wrong key fails, not /models', async () => {
      const bad = 'sk-or-v1-wrong-0000000000001';
      gw.mock.script(bad, { failure: { type: 'auth' } });
      const refused = await gw.api.http
        .post('/admin/provider-keys')
        .set('authorization', gw.admin)
        .send({ provider: 'openrouter', secret: bad, validate: true })
        .expect(400);
      expect(refused.body.error.code).toBe('key_validation_failed');
      expect(gw.mock.lastRequest(bad)?.path).toBe('/v1/key');

      const good = 'sk-or-v1-right-0000000000001';
      await gw.api.http
        .post('/admin/provider-keys')
        .set('authorization', gw.admin)
        .send({ provider: 'openrouter', secret: good, validate: true })
        .expect(201);
      expect(gw.mock.lastRequest(good)?.path).toBe('/v1/key');
    });

    it('puts a key back in service only when a 1-token completion passes, not when it merely lists models', async () => {
      const secret = 'sk-probe-0000000000000001';
      const provider = await ownProvider();
      const id = await gw.addKey(provider, secret, { models: ['gpt-4o-mini'] });
      gw.mock.script(secret, { failure: { type: 'auth' }, failCompletionsOnly: true });
      expect((await chat(gw, `${provider}/gpt-4o-mini`)).status).toBeGreaterThanOrEqual(400);
      await eventually(async () => expect((await keyState(id)).status).toBe('auth_failed'));

      const stillFailing = await gw.api.http
        .post(`/admin/provider-keys/${id}/test`)
        .set('authorization', gw.admin)
        .expect(200);
      expect(stillFailing.body).toMatchObject({ ok: false, keyStatus: 'auth_failed', model: 'gpt-4o-mini' });
      expect(gw.mock.lastRequest(secret)).toMatchObject({
        path: '/v1/chat/completions',
        body: { max_tokens: 1 },
      });
      await gw.api.http
        .patch(`/admin/provider-keys/${id}`)
        .set('authorization', gw.admin)
        .send({ enabled: true })
        .expect(400);

      gw.mock.script(secret, { failure: { type: 'insufficient_quota' }, failCompletionsOnly: true });
      const noQuota = await gw.api.http
        .post(`/admin/provider-keys/${id}/test`)
        .set('authorization', gw.admin)
        .expect(200);
      expect(noQuota.body).toMatchObject({ ok: false, keyStatus: 'auth_failed' });

      gw.mock.script(secret, {});
      const passing = await gw.api.http
        .post(`/admin/provider-keys/${id}/test`)
        .set('authorization', gw.admin)
        .expect(200);
      expect(passing.body).toMatchObject({ ok: true, keyStatus: 'active' });
      await eventually(async () => expect((await keyState(id)).status).toBe('ready'));
    });
  });
});
