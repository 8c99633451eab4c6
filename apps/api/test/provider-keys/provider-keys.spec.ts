import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type MockProvider, startMockProvider } from '@switchyard/testing';
import pg from 'pg';
import { type ProviderKeysChange } from '../../src/modules/providers/provider-change-feed.js';
import { ProviderKeysService } from '../../src/modules/provider-keys/provider-keys.service.js';
import { signedInAs } from '../support/admin-session.js';
import { startKeysTestApp, type KeysTestApp } from './keys-test-app.js';

const newSecret = (prefix = 'sk-test') => `${prefix}-${randomBytes(12).toString('hex')}`;

describe('provider keys', () => {
  let api: KeysTestApp;
  let mock: MockProvider;
  let admin: string;
  let auditor: string;
  let service: ProviderKeysService;
  const changes: ProviderKeysChange[] = [];

  beforeAll(async () => {
    mock = await startMockProvider();
    api = await startKeysTestApp();
    admin = (await signedInAs(api, 'admin')).authorization;
    auditor = (await signedInAs(api, 'auditor')).authorization;
    for (const type of ['openai', 'anthropic', 'gemini'] as const) {
      await api.http
        .patch(`/admin/providers/${type}`)
        .set('authorization', admin)
        .send({ baseUrl: mock.baseUrl(type) })
        .expect(200);
    }
    service = api.app.get(ProviderKeysService, { strict: false });
    service.onKeysChanged((change) => void changes.push(change));
  });

  afterAll(async () => {
    await api.close();
    await mock.close();
  });

  const create = (body: Record<string, unknown>, as = admin) =>
    api.http.post('/admin/provider-keys').set('authorization', as).send(body);

  async function auditRows(targetId: string) {
    const client = new pg.Client({ connectionString: api.database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT action, actor_type, actor_label, before, after FROM audit_events WHERE target_id = $1 ORDER BY seq',
        [targetId],
      );
      return rows as {
        action: string;
        actor_type: string;
        actor_label: string;
        before: Record<string, unknown> | null;
        after: Record<string, unknown> | null;
      }[];
    } finally {
      await client.end();
    }
  }

  describe('creating', () => {
    it.each(['openai', 'anthropic', 'gemini'] as const)(
      'validates a %s key with one live call before saving it',
      async (provider) => {
        const secret = newSecret();
        const response = await create({
          provider,
          secret,
          tier: 'daily',
          models: ['m-1', 'm-1', 'm-2'],
        }).expect(201);
        expect(response.body).toMatchObject({
          provider,
          providerType: provider,
          last4: secret.slice(-4),
          label: `${provider} …${secret.slice(-4)}`,
          tier: 'daily',
          weight: 1,
          maxConcurrency: null,
          models: ['m-1', 'm-2'],
          status: 'active',
          lastTestOk: true,
          lastTestError: null,
        });
        expect(typeof response.body.lastTestedAt).toBe('string');
        expect(mock.requests(secret)).toBe(1);
        expect(mock.lastRequest(secret)).toMatchObject({ method: 'GET' });
        expect(mock.lastRequest(secret)?.path).toMatch(/\/models$/);
      },
    );

    it('refuses a key the provider rejects, saving nothing and never echoing it', async () => {
      const secret = newSecret();
      mock.script(secret, { failure: { type: 'auth' } });
      const response = await create({ provider: 'openai', secret, label: 'rejected one' }).expect(400);
      expect(response.body.error).toMatchObject({
        type: 'invalid_request_error',
        code: 'key_validation_failed',
        param: 'secret',
      });
      expect(response.body.error.message).toMatch(/^openai refused the key: auth HTTP 401/);
      expect(JSON.stringify(response.body)).not.toContain(secret);
      const list = await api.http
        .get('/admin/provider-keys?limit=200')
        .set('authorization', admin)
        .expect(200);
      expect(list.body.items.some((k: { label: string }) => k.label === 'rejected one')).toBe(false);
    });

    it('redacts a provider message that quotes the key back', async () => {
      const secret = newSecret();
      mock.script(secret, {
        failure: {
          type: 'status',
          status: 401,
          body: { error: { message: `Incorrect API key provided: ${secret}`, code: 'invalid_api_key' } },
        },
      });
      const response = await create({ provider: 'openai', secret }).expect(400);
      expect(response.body.error.code).toBe('key_validation_failed');
      expect(response.body.error.message).toContain('[redacted]');
      expect(JSON.stringify(response.body)).not.toContain(secret);
      expect(JSON.stringify(response.body)).not.toContain(secret.slice(8));
    });

    it('fails validation when the provider cannot be reached', async () => {
      await api.http
        .post('/admin/providers')
        .set('authorization', admin)
        .send({ name: 'unreachable', type: 'openai', baseUrl: 'http://127.0.0.1:9/v1' })
        .expect(201);
      const response = await create({ provider: 'unreachable', secret: newSecret() }).expect(400);
      expect(response.body.error.code).toBe('key_validation_failed');
      const saved = await create({ provider: 'unreachable', secret: newSecret(), validate: false }).expect(
        201,
      );
      expect(saved.body).toMatchObject({ status: 'active', lastTestedAt: null, lastTestOk: null });
    });

    it('skips the live call when validate is false', async () => {
      const secret = newSecret();
      mock.script(secret, { failure: { type: 'auth' } });
      const response = await create({
        provider: 'openai',
        secret,
        validate: false,
        label: 'unchecked',
        weight: 7,
        maxConcurrency: 3,
        dailyRequestQuota: 1000,
        dailyTokenQuota: 2_000_000,
        quotaResetUtc: '07:30',
      }).expect(201);
      expect(mock.requests(secret)).toBe(0);
      expect(response.body).toMatchObject({
        label: 'unchecked',
        tier: 'primary',
        weight: 7,
        maxConcurrency: 3,
        dailyRequestQuota: 1000,
        dailyTokenQuota: 2_000_000,
        quotaResetUtc: '07:30',
        lastTestOk: null,
      });
    });

    it('refuses the same secret twice for one provider, but not for another or once deleted', async () => {
      const secret = newSecret();
      const first = await create({ provider: 'openai', secret, validate: false }).expect(201);
      const again = await create({ provider: 'openai', secret, validate: false }).expect(409);
      expect(again.body.error).toMatchObject({ code: 'duplicate_key', param: 'secret' });
      expect(JSON.stringify(again.body)).not.toContain(secret);
      await create({ provider: 'groq', secret, validate: false }).expect(201);
      await api.http.delete(`/admin/provider-keys/${first.body.id}`).set('authorization', admin).expect(204);
      await create({ provider: 'openai', secret, validate: false }).expect(201);
    });

    it.each<[string, Record<string, unknown>]>([
      ['provider', { secret: 'sk-abcdefgh' }],
      ['provider', { provider: 'Open AI', secret: 'sk-abcdefgh' }],
      ['secret', { provider: 'openai' }],
      ['secret', { provider: 'openai', secret: 'short' }],
      ['secret', { provider: 'openai', secret: 'sk-with space-inside' }],
      ['secret', { provider: 'openai', secret: 'x'.repeat(1025) }],
      ['label', { provider: 'openai', secret: 'sk-abcdefgh', label: '' }],
      ['label', { provider: 'openai', secret: 'sk-abcdefgh', label: 'l'.repeat(101) }],
      ['tier', { provider: 'openai', secret: 'sk-abcdefgh', tier: 'gold' }],
      ['weight', { provider: 'openai', secret: 'sk-abcdefgh', weight: 0 }],
      ['weight', { provider: 'openai', secret: 'sk-abcdefgh', weight: 1001 }],
      ['weight', { provider: 'openai', secret: 'sk-abcdefgh', weight: 1.5 }],
      ['maxConcurrency', { provider: 'openai', secret: 'sk-abcdefgh', maxConcurrency: 0 }],
      ['maxConcurrency', { provider: 'openai', secret: 'sk-abcdefgh', maxConcurrency: 10_001 }],
      ['models', { provider: 'openai', secret: 'sk-abcdefgh', models: 'gpt-4o' }],
      ['models.0', { provider: 'openai', secret: 'sk-abcdefgh', models: [''] }],
      ['dailyRequestQuota', { provider: 'openai', secret: 'sk-abcdefgh', dailyRequestQuota: -1 }],
      ['dailyTokenQuota', { provider: 'openai', secret: 'sk-abcdefgh', dailyTokenQuota: 'lots' }],
      ['quotaResetUtc', { provider: 'openai', secret: 'sk-abcdefgh', quotaResetUtc: '24:00' }],
      ['validate', { provider: 'openai', secret: 'sk-abcdefgh', validate: 'yes' }],
    ])('refuses a bad %s with a 400 naming it, without echoing the secret', async (param, body) => {
      const response = await create(body).expect(400);
      expect(response.body.error).toMatchObject({ code: 'invalid_request', param });
      if (typeof body.secret === 'string') expect(JSON.stringify(response.body)).not.toContain(body.secret);
    });

    it('refuses unknown fields and unknown providers', async () => {
      const extra = await create({ provider: 'openai', secret: 'sk-abcdefgh', apiKey: 'x' }).expect(400);
      expect(extra.body.error).toMatchObject({ code: 'invalid_request', param: 'apiKey' });
      const unknown = await create({ provider: 'nobody', secret: 'sk-abcdefgh' }).expect(400);
      expect(unknown.body.error).toMatchObject({ code: 'unknown_provider', param: 'provider' });
    });
  });

  describe('reading', () => {
    it('lists with filters and server-side paging, newest first', async () => {
      await api.http
        .post('/admin/providers')
        .set('authorization', admin)
        .send({ name: 'listing', type: 'openai', baseUrl: mock.baseUrl('openai') })
        .expect(201);
      const ids: string[] = [];
      for (const tier of ['primary', 'daily', 'fallback', 'daily', 'daily']) {
        ids.push((await create({ provider: 'listing', secret: newSecret(), tier, validate: false })).body.id);
      }
      await api.http
        .patch(`/admin/provider-keys/${ids[4]}`)
        .set('authorization', admin)
        .send({ enabled: false })
        .expect(200);

      const all = await api.http
        .get('/admin/provider-keys?provider=listing')
        .set('authorization', auditor)
        .expect(200);
      expect(all.body.items.map((k: { id: string }) => k.id)).toEqual([...ids].reverse());

      const daily = await api.http
        .get('/admin/provider-keys?provider=listing&tier=daily&status=active')
        .set('authorization', auditor)
        .expect(200);
      expect(daily.body.items.map((k: { id: string }) => k.id)).toEqual([ids[3], ids[1]]);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await api.http
          .get(`/admin/provider-keys?provider=listing&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set('authorization', admin)
          .expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((k) => k.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());

      for (const [query, param] of [
        ['tier=gold', 'tier'],
        ['status=cooling', 'status'],
        ['provider=NOPE', 'provider'],
        ['cursor=abc', 'cursor'],
      ]) {
        const bad = await api.http
          .get(`/admin/provider-keys?${query}`)
          .set('authorization', admin)
          .expect(400);
        expect(bad.body.error.param).toBe(param);
      }
    });

    it('gets one key by id; 404 for unknown or deleted ones, 400 for a malformed id', async () => {
      const created = await create({ provider: 'openai', secret: newSecret(), validate: false }).expect(201);
      const got = await api.http
        .get(`/admin/provider-keys/${created.body.id}`)
        .set('authorization', auditor)
        .expect(200);
      expect(got.body).toEqual(created.body);
      const missing = await api.http
        .get('/admin/provider-keys/00000000-0000-4000-8000-000000000000')
        .set('authorization', admin)
        .expect(404);
      expect(missing.body.error.code).toBe('provider_key_not_found');
      const malformed = await api.http
        .get('/admin/provider-keys/not-a-uuid')
        .set('authorization', admin)
        .expect(400);
      expect(malformed.body.error.param).toBe('id');
    });
  });

  describe('changing', () => {
    it('patches settings, clears optional ones with null, and audits before and after', async () => {
      const created = await create({
        provider: 'openai',
        secret: newSecret(),
        validate: false,
        maxConcurrency: 5,
        dailyTokenQuota: 100,
      }).expect(201);
      const id = created.body.id as string;
      const patched = await api.http
        .patch(`/admin/provider-keys/${id}`)
        .set('authorization', admin)
        .send({
          label: 'renamed',
          tier: 'fallback',
          weight: 50,
          maxConcurrency: null,
          models: ['gpt-4o-mini'],
          dailyRequestQuota: 10,
          dailyTokenQuota: null,
          quotaResetUtc: '23:59',
        })
        .expect(200);
      expect(patched.body).toMatchObject({
        label: 'renamed',
        tier: 'fallback',
        weight: 50,
        maxConcurrency: null,
        models: ['gpt-4o-mini'],
        dailyRequestQuota: 10,
        dailyTokenQuota: null,
        quotaResetUtc: '23:59',
        status: 'active',
      });
      const update = (await auditRows(id)).find((row) => row.action === 'provider_key.update')!;
      expect(update.before).toMatchObject({ tier: 'primary', maxConcurrency: 5, dailyTokenQuota: 100 });
      expect(update.after).toMatchObject({ tier: 'fallback', maxConcurrency: null, label: 'renamed' });

      for (const [body, param] of [
        [{}, null],
        [{ weight: 0 }, 'weight'],
        [{ enabled: 'no' }, 'enabled'],
        [{ secret: 'sk-new-secret-1234' }, 'secret'],
        [{ provider: 'groq' }, 'provider'],
      ] as const) {
        const bad = await api.http.patch(`/admin/provider-keys/${id}`).set('authorization', admin).send(body);
        expect(bad.status).toBe(400);
        expect(bad.body.error.param).toBe(param);
      }
    });

    it('disables and re-enables a key', async () => {
      const created = await create({ provider: 'openai', secret: newSecret(), validate: false }).expect(201);
      const id = created.body.id as string;
      const patch = (enabled: boolean) =>
        api.http
          .patch(`/admin/provider-keys/${id}`)
          .set('authorization', admin)
          .send({ enabled })
          .expect(200);
      expect((await patch(false)).body.status).toBe('disabled');
      expect((await patch(false)).body.status).toBe('disabled');
      expect((await patch(true)).body.status).toBe('active');
      const actions = (await auditRows(id)).map((row) => [row.action, row.after?.status]);
      expect(actions).toEqual([
        ['provider_key.create', 'active'],
        ['provider_key.update', 'disabled'],
        ['provider_key.update', 'active'],
      ]);
    });

    it('tests a key live and records the outcome', async () => {
      const secret = newSecret();
      const created = await create({ provider: 'anthropic', secret, validate: false }).expect(201);
      const id = created.body.id as string;
      const passed = await api.http
        .post(`/admin/provider-keys/${id}/test`)
        .set('authorization', admin)
        .expect(200);
      expect(passed.body).toEqual({
        ok: true,
        latencyMs: expect.any(Number),
        model: 'claude-3-5-haiku-latest',
        keyStatus: 'active',
      });
      // A 1-token completion: listing models passes keys that cannot serve.
      expect(mock.lastRequest(secret)).toMatchObject({ path: '/v1/messages', body: { max_tokens: 1 } });

      mock.script(secret, { failure: { type: 'rate_limit', retryAfterSeconds: 30 } });
      const failed = await api.http
        .post(`/admin/provider-keys/${id}/test`)
        .set('authorization', admin)
        .expect(200);
      expect(failed.body).toMatchObject({ ok: false, keyStatus: 'active' });
      expect(failed.body.error).toMatch(/rate_limit/);
      const after = await api.http.get(`/admin/provider-keys/${id}`).set('authorization', admin).expect(200);
      expect(after.body).toMatchObject({
        lastTestOk: false,
        lastTestError: failed.body.error,
        status: 'active',
      });
      const tests = (await auditRows(id)).filter((row) => row.action === 'provider_key.test');
      expect(tests.map((row) => row.after?.ok)).toEqual([true, false]);
      await api.http
        .post('/admin/provider-keys/00000000-0000-4000-8000-000000000000/test')
        .set('authorization', admin)
        .expect(404);
    });

    it('keeps a key the pool disabled for auth out until a live test passes', async () => {
      const secret = newSecret();
      const created = await create({ provider: 'openai', secret }).expect(201);
      const id = created.body.id as string;

      mock.script(secret, { failure: { type: 'auth' } });
      expect(await service.markAuthFailed(id, `401 Incorrect API key provided: ${secret}`)).toBe(true);
      expect(await service.markAuthFailed(id, 'again')).toBe(false);
      const failed = await api.http.get(`/admin/provider-keys/${id}`).set('authorization', admin).expect(200);
      expect(failed.body).toMatchObject({ status: 'auth_failed', lastTestOk: false });
      expect(failed.body.lastTestError).not.toContain(secret);
      const marked = (await auditRows(id)).find((row) => row.action === 'provider_key.auth_failed')!;
      expect(marked).toMatchObject({ actor_type: 'system', actor_label: 'key-pool' });
      expect(JSON.stringify(marked)).not.toContain(secret);

      const stillOut = await api.http
        .patch(`/admin/provider-keys/${id}`)
        .set('authorization', admin)
        .send({ enabled: false })
        .expect(200);
      expect(stillOut.body.status).toBe('auth_failed');

      const refused = await api.http
        .patch(`/admin/provider-keys/${id}`)
        .set('authorization', admin)
        .send({ enabled: true })
        .expect(400);
      expect(refused.body.error).toMatchObject({ code: 'key_validation_failed', param: 'enabled' });
      const test = await api.http
        .post(`/admin/provider-keys/${id}/test`)
        .set('authorization', admin)
        .expect(200);
      expect(test.body).toMatchObject({ ok: false, keyStatus: 'auth_failed' });

      mock.script(secret, {});
      const reenabled = await api.http
        .patch(`/admin/provider-keys/${id}`)
        .set('authorization', admin)
        .send({ enabled: true })
        .expect(200);
      expect(reenabled.body).toMatchObject({ status: 'active', lastTestOk: true, lastTestError: null });

      expect(await service.markAuthFailed(id, 'revoked upstream')).toBe(true);
      const healed = await api.http
        .post(`/admin/provider-keys/${id}/test`)
        .set('authorization', admin)
        .expect(200);
      expect(healed.body).toEqual({
        ok: true,
        latencyMs: expect.any(Number),
        model: 'gpt-4o-mini',
        keyStatus: 'active',
      });
      expect(changes.filter((c) => c.keyIds.includes(id)).map((c) => c.reason)).toEqual([
        'key_created',
        'key_status',
        'key_status',
        'key_status',
        'key_status',
      ]);
    });

    it('soft-deletes a key: gone from reads and the pool, kept in the table, audited', async () => {
      const created = await create({ provider: 'openai', secret: newSecret(), validate: false }).expect(201);
      const id = created.body.id as string;
      await api.http.delete(`/admin/provider-keys/${id}`).set('authorization', admin).expect(204);
      await api.http.get(`/admin/provider-keys/${id}`).set('authorization', admin).expect(404);
      await api.http.delete(`/admin/provider-keys/${id}`).set('authorization', admin).expect(404);
      await api.http
        .patch(`/admin/provider-keys/${id}`)
        .set('authorization', admin)
        .send({ label: 'x' })
        .expect(404);
      const list = await api.http
        .get('/admin/provider-keys?limit=200')
        .set('authorization', admin)
        .expect(200);
      expect(list.body.items.some((k: { id: string }) => k.id === id)).toBe(false);
      expect((await service.loadActiveKeysWithSecrets()).some((k) => k.id === id)).toBe(false);
      const client = new pg.Client({ connectionString: api.database.url });
      await client.connect();
      const { rows } = await client.query('SELECT deleted_at FROM provider_keys WHERE id = $1', [id]);
      await client.end();
      expect(rows[0].deleted_at).toBeInstanceOf(Date);
      const deleted = (await auditRows(id)).find((row) => row.action === 'provider_key.delete')!;
      expect(deleted.before).toMatchObject({ id, provider: 'openai' });
    });
  });

  describe('for the gateway', () => {
    it('loads every live key decrypted, with its provider and status', async () => {
      const secret = newSecret();
      const created = await create({
        provider: 'gemini',
        secret,
        validate: false,
        tier: 'fallback',
        weight: 3,
        models: ['gemini-2.0-flash'],
        quotaResetUtc: '08:00',
      }).expect(201);
      await api.http
        .patch(`/admin/provider-keys/${created.body.id}`)
        .set('authorization', admin)
        .send({ enabled: false })
        .expect(200);
      const keys = await service.loadActiveKeysWithSecrets();
      expect(keys.find((k) => k.id === created.body.id)).toEqual({
        id: created.body.id,
        provider: { name: 'gemini', type: 'gemini', baseUrl: mock.baseUrl('gemini'), servesResponses: false },
        secret,
        label: created.body.label,
        tier: 'fallback',
        weight: 3,
        maxConcurrency: null,
        models: ['gemini-2.0-flash'],
        dailyRequestQuota: null,
        dailyTokenQuota: null,
        quotaResetUtc: '08:00',
        status: 'disabled',
      });
      expect((await service.loadKeyWithSecret(created.body.id))?.secret).toBe(secret);
      expect(keys.every((k) => k.secret.length >= 8)).toBe(true);
    });

    it('announces changes to keys and providers, and stops when unsubscribed', async () => {
      const seen: ProviderKeysChange[] = [];
      const unsubscribe = service.onKeysChanged((change) => void seen.push(change));
      const created = await create({ provider: 'openai', secret: newSecret(), validate: false }).expect(201);
      await api.http
        .patch(`/admin/provider-keys/${created.body.id}`)
        .set('authorization', admin)
        .send({ weight: 2 })
        .expect(200);
      await api.http
        .delete(`/admin/provider-keys/${created.body.id}`)
        .set('authorization', admin)
        .expect(204);
      await api.http
        .patch('/admin/providers/mistral')
        .set('authorization', admin)
        .send({ baseUrl: 'https://eu.mistral.example/v1' })
        .expect(200);
      unsubscribe();
      await create({ provider: 'openai', secret: newSecret(), validate: false }).expect(201);
      expect(seen).toEqual([
        { reason: 'key_created', keyIds: [created.body.id], provider: 'openai' },
        { reason: 'key_updated', keyIds: [created.body.id], provider: 'openai' },
        { reason: 'key_deleted', keyIds: [created.body.id], provider: 'openai' },
        { reason: 'provider_updated', keyIds: [], provider: 'mistral' },
      ]);
    });
  });

  describe('permissions', () => {
    it('lets auditors read keys but change nothing', async () => {
      const created = await create({ provider: 'openai', secret: newSecret(), validate: false }).expect(201);
      const id = created.body.id as string;
      await api.http.get('/admin/provider-keys').set('authorization', auditor).expect(200);
      await api.http.get(`/admin/provider-keys/${id}`).set('authorization', auditor).expect(200);
      await create({ provider: 'openai', secret: newSecret(), validate: false }, auditor).expect(403);
      await api.http
        .patch(`/admin/provider-keys/${id}`)
        .set('authorization', auditor)
        .send({ label: 'x' })
        .expect(403);
      await api.http.delete(`/admin/provider-keys/${id}`).set('authorization', auditor).expect(403);
      await api.http.post(`/admin/provider-keys/${id}/test`).set('authorization', auditor).expect(403);
      await api.http
        .post('/admin/provider-keys/import')
        .set('authorization', auditor)
        .send({ format: 'env', content: 'OPENAI_API_KEY=sk-abcdefgh' })
        .expect(403);
    });

    it.each(['team_admin', 'member'] as const)('hides keys from %s entirely', async (role) => {
      const created = await create({ provider: 'openai', secret: newSecret(), validate: false }).expect(201);
      const header = (await signedInAs(api, role)).authorization;
      const list = await api.http.get('/admin/provider-keys').set('authorization', header).expect(403);
      expect(list.body.error.type).toBe('permission_error');
      await api.http.get(`/admin/provider-keys/${created.body.id}`).set('authorization', header).expect(403);
      await create({ provider: 'openai', secret: newSecret() }, header).expect(403);
      await api.http
        .post(`/admin/provider-keys/${created.body.id}/test`)
        .set('authorization', header)
        .expect(403);
    });

    it('refuses anonymous callers', async () => {
      await api.http.get('/admin/provider-keys').expect(401);
      await api.http
        .post('/admin/provider-keys')
        .send({ provider: 'openai', secret: 'sk-abcdefgh' })
        .expect(401);
    });
  });
});
