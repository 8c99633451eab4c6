import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type MockProvider, startMockProvider } from '@switchyard/testing';
import pg from 'pg';
import { type Response } from 'supertest';
import { ProviderKeysService } from '../../src/modules/provider-keys/provider-keys.service.js';
import { signedInAs } from '../support/admin-session.js';
import { startKeysTestApp, type KeysTestApp } from './keys-test-app.js';

/** The random part alone is searched too, so a secret cannot hide behind a stripped or rewritten prefix. */
const newSecret = () => {
  const body = randomBytes(16).toString('hex');
  return { secret: `sk-leak-${body}`, body };
};

describe('provider key secrets never leak', () => {
  let api: KeysTestApp;
  let mock: MockProvider;
  let admin: string;
  const secrets: { secret: string; body: string }[] = [];
  const responses: Response[] = [];

  const track = (response: Response) => {
    responses.push(response);
    return response;
  };

  function expectNoSecretIn(text: string) {
    for (const { secret, body } of secrets) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(body);
      expect(text).not.toContain(Buffer.from(secret).toString('hex'));
      expect(text).not.toContain(Buffer.from(secret).toString('base64'));
    }
  }

  async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: api.database.url });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    mock = await startMockProvider();
    api = await startKeysTestApp({ captureLogs: true });
    admin = (await signedInAs(api, 'owner')).authorization;
    await api.http
      .patch('/admin/providers/openai')
      .set('authorization', admin)
      .send({ baseUrl: mock.baseUrl('openai') })
      .expect(200);

    const [live, rejected, echoed, fromEnv, fromYaml] = Array.from({ length: 5 }, newSecret) as [
      ReturnType<typeof newSecret>,
      ...ReturnType<typeof newSecret>[],
    ];
    secrets.push(live, rejected!, echoed!, fromEnv!, fromYaml!);
    mock.script(rejected!.secret, { failure: { type: 'auth' } });
    mock.script(echoed!.secret, {
      failure: {
        type: 'status',
        status: 401,
        body: {
          error: { message: `Incorrect API key provided: ${echoed!.secret}`, code: 'invalid_api_key' },
        },
      },
    });

    const post = (path: string, body: Record<string, unknown>) =>
      api.http.post(path).set('authorization', admin).send(body);
    const created = track(await post('/admin/provider-keys', { provider: 'openai', secret: live.secret }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    track(await post('/admin/provider-keys', { provider: 'openai', secret: live.secret }));
    track(await post('/admin/provider-keys', { provider: 'openai', secret: rejected!.secret }));
    track(await post('/admin/provider-keys', { provider: 'openai', secret: echoed!.secret }));
    track(await post('/admin/provider-keys', { provider: 'nobody', secret: live.secret }));
    track(await post('/admin/provider-keys', { provider: 'openai', secret: `${live.secret} x` }));
    track(await api.http.get('/admin/provider-keys').set('authorization', admin));
    track(await api.http.get(`/admin/provider-keys/${id}`).set('authorization', admin));
    track(
      await api.http
        .patch(`/admin/provider-keys/${id}`)
        .set('authorization', admin)
        .send({ label: 'patched', enabled: false }),
    );
    track(await post(`/admin/provider-keys/${id}/test`, {}));
    const envFile = `OPENAI_API_KEY_1=${fromEnv!.secret}\nOPENAI_API_KEY_2="${live.secret}"\n`;
    const yamlFile = `primary:\n  - provider: openai\n    api_key: ${fromYaml!.secret}\n`;
    track(await post('/admin/provider-keys/import', { format: 'env', content: envFile, dryRun: true }));
    track(await post('/admin/provider-keys/import', { format: 'env', content: envFile }));
    track(await post('/admin/provider-keys/import', { format: 'yaml', content: yamlFile }));
    track(
      await post('/admin/provider-keys/import', {
        format: 'env',
        content: `OPENAI_API_KEY=${rejected!.secret}\nBROKEN ${live.secret}`,
      }),
    );
    track(
      await post('/admin/provider-keys/import', {
        format: 'yaml',
        content: `primary:\n  - provider: openai\n    api_key: ${echoed!.secret}\n`,
      }),
    );
    track(
      await post('/admin/provider-keys/import', {
        format: 'yaml',
        content: `primary:\n  - provider: openai\n    api_key: [${live.secret}\n`,
      }),
    );
    track(await api.http.get('/admin/audit?limit=200').set('authorization', admin));
    api.logger.flush();
  });

  afterAll(async () => {
    await api.close();
    await mock.close();
  });

  it('exercised every endpoint, including the failure paths', () => {
    expect(responses.map((r) => r.status)).toEqual([
      201, 409, 400, 400, 400, 400, 200, 200, 200, 200, 200, 201, 201, 400, 400, 400, 200,
    ]);
  });

  it('stores only ciphertext: no column of provider_keys holds the secret', async () => {
    const rows = await query<Record<string, unknown>>('SELECT * FROM provider_keys');
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null) continue;
        const text = Buffer.isBuffer(value) ? value.toString('latin1') : JSON.stringify(value);
        expectNoSecretIn(text);
        if (Buffer.isBuffer(value)) expectNoSecretIn(value.toString('hex'));
        expect(column).not.toMatch(/^(secret|api_key|plaintext)$/);
      }
      expect(Buffer.isBuffer(row.ciphertext) && row.ciphertext.length).toBeGreaterThan(0);
      expect(row.iv).toHaveLength(12);
      expect(row.tag).toHaveLength(16);
    }
  });

  it('leaves no trace of the secret anywhere in the database', async () => {
    const tables = await query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    );
    for (const { tablename } of tables) {
      const rows = await query<{ row: string }>(`SELECT t::text AS row FROM "${tablename}" t`);
      expectNoSecretIn(rows.map((r) => r.row).join('\n'));
    }
  });

  it('gives the secret back only through the service, decrypted', async () => {
    const service = api.app.get(ProviderKeysService, { strict: false });
    const keys = await service.loadActiveKeysWithSecrets();
    const [live, , , fromEnv, fromYaml] = secrets;
    expect(keys.map((k) => k.secret).sort()).toEqual(
      [live!.secret, fromEnv!.secret, fromYaml!.secret].sort(),
    );
  });

  it('never returns it in an API response', () => {
    for (const response of responses) {
      expectNoSecretIn(response.text);
      expectNoSecretIn(JSON.stringify(response.headers));
    }
  });

  it('never writes it to the audit log', async () => {
    const rows = await query<Record<string, unknown>>('SELECT * FROM audit_events');
    const actions = rows.map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'provider_key.create',
        'provider_key.update',
        'provider_key.test',
        'provider_key.import',
      ]),
    );
    expectNoSecretIn(JSON.stringify(rows));
  });

  it('never logs it, even at debug level', () => {
    const logs = api.logLines.join('');
    expect(api.logLines.length).toBeGreaterThan(10);
    expect(logs).toContain('"level":20');
    expect(logs).toContain('provider key created');
    expectNoSecretIn(logs);
  });
});
