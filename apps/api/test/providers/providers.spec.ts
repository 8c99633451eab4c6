import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { signedInAs } from '../support/admin-session.js';
import { startKeysTestApp, type KeysTestApp } from '../provider-keys/keys-test-app.js';

const BUILT_INS = {
  openai: ['openai', 'https://api.openai.com/v1'],
  anthropic: ['anthropic', 'https://api.anthropic.com/v1'],
  gemini: ['gemini', 'https://generativelanguage.googleapis.com/v1beta'],
  openrouter: ['openai', 'https://openrouter.ai/api/v1'],
  groq: ['openai', 'https://api.groq.com/openai/v1'],
  deepseek: ['openai', 'https://api.deepseek.com/v1'],
  mistral: ['openai', 'https://api.mistral.ai/v1'],
  together: ['openai', 'https://api.together.xyz/v1'],
};

describe('providers', () => {
  let api: KeysTestApp;
  let admin: string;
  let auditor: string;
  let replica: KeysTestApp | undefined;

  beforeAll(async () => {
    api = await startKeysTestApp();
    admin = (await signedInAs(api, 'admin')).authorization;
    auditor = (await signedInAs(api, 'auditor')).authorization;
  });

  afterAll(async () => {
    await replica?.stop();
    await api.close();
  });

  async function auditRows(action: string) {
    const client = new pg.Client({ connectionString: api.database.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT * FROM audit_events WHERE action = $1 ORDER BY seq', [
        action,
      ]);
      return rows;
    } finally {
      await client.end();
    }
  }

  it('seeds the eight built-ins once, and again on a restart only what is missing', async () => {
    const listed = await api.http.get('/admin/providers?limit=200').set('authorization', admin).expect(200);
    const byName = Object.fromEntries(
      listed.body.items.map((p: { name: string; type: string; baseUrl: string; builtIn: boolean }) => [
        p.name,
        [p.type, p.baseUrl, p.builtIn],
      ]),
    );
    for (const [name, [type, baseUrl]] of Object.entries(BUILT_INS)) {
      expect(byName[name]).toEqual([type, baseUrl, true]);
    }
    expect(await auditRows('provider.seed')).toHaveLength(1);

    await api.http
      .patch('/admin/providers/groq')
      .set('authorization', admin)
      .send({ baseUrl: 'https://eu.groq.example/openai/v1' })
      .expect(200);
    replica = await startKeysTestApp({
      database: api.database,
      env: { SWITCHYARD_MASTER_KEY: api.config.masterKey },
    });
    const groq = await api.http.get('/admin/providers/groq').set('authorization', admin).expect(200);
    expect(groq.body.baseUrl).toBe('https://eu.groq.example/openai/v1');
    expect(await auditRows('provider.seed')).toHaveLength(1);
    await api.http
      .patch('/admin/providers/groq')
      .set('authorization', admin)
      .send({ baseUrl: 'https://api.groq.com/openai/v1' })
      .expect(200);
  });

  it('pages the list on the server', async () => {
    const first = await api.http.get('/admin/providers?limit=3').set('authorization', auditor).expect(200);
    expect(first.body.items.map((p: { name: string }) => p.name)).toEqual([
      'anthropic',
      'deepseek',
      'gemini',
    ]);
    const second = await api.http
      .get(`/admin/providers?limit=3&cursor=${first.body.nextCursor as string}`)
      .set('authorization', auditor)
      .expect(200);
    expect(second.body.items.map((p: { name: string }) => p.name)).toEqual(['groq', 'mistral', 'openai']);
    const bad = await api.http
      .get('/admin/providers?cursor=nonsense')
      .set('authorization', admin)
      .expect(400);
    expect(bad.body.error.param).toBe('cursor');
    const tooMany = await api.http.get('/admin/providers?limit=201').set('authorization', admin).expect(400);
    expect(tooMany.body.error.param).toBe('limit');
  });

  it('creates a custom provider with a normalized base URL, audited', async () => {
    const created = await api.http
      .post('/admin/providers')
      .set('authorization', admin)
      .send({ name: 'my-proxy', type: 'openai', baseUrl: 'https://llm.example.com/v1/' })
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'my-proxy',
      type: 'openai',
      baseUrl: 'https://llm.example.com/v1',
      builtIn: false,
      keyCount: 0,
    });
    const [row] = await auditRows('provider.create');
    expect(row).toMatchObject({ target_type: 'provider', target_id: 'my-proxy', actor_type: 'user' });
    expect(row.after).toMatchObject({ name: 'my-proxy', baseUrl: 'https://llm.example.com/v1' });

    const taken = await api.http
      .post('/admin/providers')
      .set('authorization', admin)
      .send({ name: 'openai', type: 'openai', baseUrl: 'https://x.example/v1' })
      .expect(409);
    expect(taken.body.error).toMatchObject({ code: 'provider_exists', param: 'name' });
  });

  it.each([
    [{ name: 'Upper', type: 'openai', baseUrl: 'https://a.example/v1' }, 'name'],
    [{ name: 'a'.repeat(51), type: 'openai', baseUrl: 'https://a.example/v1' }, 'name'],
    [{ name: 'has space', type: 'openai', baseUrl: 'https://a.example/v1' }, 'name'],
    [{ name: 'ok', type: 'cohere', baseUrl: 'https://a.example/v1' }, 'type'],
    [{ name: 'ok', type: 'openai', baseUrl: 'ftp://a.example/v1' }, 'baseUrl'],
    [{ name: 'ok', type: 'openai', baseUrl: 'not a url' }, 'baseUrl'],
    [{ name: 'ok', type: 'openai', baseUrl: 'https://user:pw@a.example/v1' }, 'baseUrl'],
    [{ name: 'ok', type: 'openai', baseUrl: 'https://a.example/v1?key=1' }, 'baseUrl'],
    [{ name: 'ok', type: 'openai' }, 'baseUrl'],
    [{ name: 'ok', type: 'openai', baseUrl: 'https://a.example/v1', extra: 1 }, 'extra'],
  ])('refuses %j with a 400 naming %s', async (body, param) => {
    const response = await api.http
      .post('/admin/providers')
      .set('authorization', admin)
      .send(body)
      .expect(400);
    expect(response.body.error.code).toBe('invalid_request');
    expect(response.body.error.param).toBe(param);
  });

  it('lets an admin point a built-in elsewhere, audited with before and after', async () => {
    const updated = await api.http
      .patch('/admin/providers/openai')
      .set('authorization', admin)
      .send({ baseUrl: 'http://127.0.0.1:9/v1' })
      .expect(200);
    expect(updated.body).toMatchObject({ name: 'openai', baseUrl: 'http://127.0.0.1:9/v1', builtIn: true });
    const rows = await auditRows('provider.update');
    const row = rows.find((r) => r.target_id === 'openai');
    expect(row.before.baseUrl).toBe('https://api.openai.com/v1');
    expect(row.after.baseUrl).toBe('http://127.0.0.1:9/v1');
    const wrongField = await api.http
      .patch('/admin/providers/openai')
      .set('authorization', admin)
      .send({ type: 'gemini' })
      .expect(400);
    // A provider's type is fixed: the field is named as one the update does not take.
    expect(wrongField.body.error.param).toBe('type');
    const empty = await api.http
      .patch('/admin/providers/openai')
      .set('authorization', admin)
      .send({})
      .expect(400);
    expect(empty.body.error.param).toBe('baseUrl');
    expect(updated.body.servesResponses).toBe(true);
    const notOpenAI = await api.http
      .patch('/admin/providers/anthropic')
      .set('authorization', admin)
      .send({ servesResponses: true })
      .expect(400);
    expect(notOpenAI.body.error).toMatchObject({
      code: 'invalid_provider_setting',
      param: 'servesResponses',
    });
    const groq = await api.http
      .patch('/admin/providers/groq')
      .set('authorization', admin)
      .send({ servesResponses: true })
      .expect(200);
    expect(groq.body).toMatchObject({ name: 'groq', servesResponses: true });
    await api.http
      .patch('/admin/providers/nope')
      .set('authorization', admin)
      .send({ baseUrl: 'https://a.example/v1' })
      .expect(404);
  });

  it('refuses to delete a built-in or a provider with live keys, then deletes it', async () => {
    const builtIn = await api.http.delete('/admin/providers/openai').set('authorization', admin).expect(409);
    expect(builtIn.body.error.code).toBe('provider_built_in');

    await api.http
      .post('/admin/providers')
      .set('authorization', admin)
      .send({ name: 'doomed', type: 'anthropic', baseUrl: 'https://doomed.example/v1' })
      .expect(201);
    const key = await api.http
      .post('/admin/provider-keys')
      .set('authorization', admin)
      .send({ provider: 'doomed', secret: 'sk-doomed-0000000000000001', validate: false })
      .expect(201);
    const withKeys = await api.http.delete('/admin/providers/doomed').set('authorization', admin).expect(409);
    expect(withKeys.body.error.code).toBe('provider_has_keys');
    expect((await api.http.get('/admin/providers/doomed').set('authorization', admin)).body.keyCount).toBe(1);

    await api.http
      .delete(`/admin/provider-keys/${key.body.id as string}`)
      .set('authorization', admin)
      .expect(204);
    await api.http.delete('/admin/providers/doomed').set('authorization', admin).expect(204);
    await api.http.get('/admin/providers/doomed').set('authorization', admin).expect(404);
    const [row] = (await auditRows('provider.delete')).filter((r) => r.target_id === 'doomed');
    expect(row.before).toMatchObject({ name: 'doomed', type: 'anthropic' });
  });

  it('lets auditors read but not change providers, and hides them from team roles', async () => {
    await api.http.get('/admin/providers').set('authorization', auditor).expect(200);
    await api.http.get('/admin/providers/openai').set('authorization', auditor).expect(200);
    await api.http
      .post('/admin/providers')
      .set('authorization', auditor)
      .send({ name: 'nope', type: 'openai', baseUrl: 'https://a.example/v1' })
      .expect(403);
    await api.http
      .patch('/admin/providers/openai')
      .set('authorization', auditor)
      .send({ baseUrl: 'https://a.example/v1' })
      .expect(403);
    await api.http.delete('/admin/providers/openai').set('authorization', auditor).expect(403);
    for (const role of ['team_admin', 'member'] as const) {
      const header = (await signedInAs(api, role)).authorization;
      await api.http.get('/admin/providers').set('authorization', header).expect(403);
      await api.http.get('/admin/providers/openai').set('authorization', header).expect(403);
    }
    await api.http.get('/admin/providers').expect(401);
  });
});
