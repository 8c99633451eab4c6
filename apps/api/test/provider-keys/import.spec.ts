import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type MockProvider, startMockProvider } from '@switchyard/testing';
import pg from 'pg';
import { signedInAs } from '../support/admin-session.js';
import { startKeysTestApp, type KeysTestApp } from './keys-test-app.js';

const newSecret = (prefix = 'sk-imp') => `${prefix}-${randomBytes(12).toString('hex')}`;

describe('provider key import', () => {
  let api: KeysTestApp;
  let mock: MockProvider;
  let otherMock: MockProvider;
  let admin: string;

  beforeAll(async () => {
    mock = await startMockProvider();
    otherMock = await startMockProvider();
    api = await startKeysTestApp();
    admin = (await signedInAs(api, 'admin')).authorization;
    for (const [name, type] of [
      ['openai', 'openai'],
      ['anthropic', 'anthropic'],
      ['gemini', 'gemini'],
      ['openrouter', 'openai'],
    ] as const) {
      await api.http
        .patch(`/admin/providers/${name}`)
        .set('authorization', admin)
        .send({ baseUrl: name === 'openrouter' ? `${mock.url}/openrouter/v1` : mock.baseUrl(type) })
        .expect(200);
    }
  });

  afterAll(async () => {
    await api.close();
    await mock.close();
    await otherMock.close();
  });

  const importKeys = (body: Record<string, unknown>) =>
    api.http.post('/admin/provider-keys/import').set('authorization', admin).send(body);

  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const client = new pg.Client({ connectionString: api.database.url });
    await client.connect();
    try {
      return Number((await client.query(sql, params)).rows[0].count);
    } finally {
      await client.end();
    }
  }
  const liveKeys = () => count('SELECT count(*) FROM provider_keys WHERE deleted_at IS NULL');
  const auditCount = (action: string) =>
    count('SELECT count(*) FROM audit_events WHERE action = $1', [action]);

  describe('.env', () => {
    it('imports PROVIDER_API_KEY[_N] lines, skipping comments and reading export and quotes', async () => {
      const [a, b, c] = [newSecret(), newSecret('AIza'), newSecret('sk-ant')];
      const content = [
        '# keys for the gateway',
        '',
        `OPENAI_API_KEY_1=${a}`,
        `export GEMINI_API_KEY_2="${b}"`,
        `ANTHROPIC_API_KEY='${c}'   # the team account`,
      ].join('\n');
      const before = await liveKeys();
      const response = await importKeys({ format: 'env', content, tier: 'daily' }).expect(201);
      expect(response.body).toMatchObject({
        dryRun: false,
        accepted: true,
        saved: true,
        summary: { created: 3, duplicate: 0, invalid: 0, validation_failed: 0, skipped: 0 },
        providersCreated: [],
        entries: [
          { line: 3, provider: 'openai', last4: a.slice(-4), status: 'created' },
          { line: 4, provider: 'gemini', last4: b.slice(-4), status: 'created' },
          { line: 5, provider: 'anthropic', last4: c.slice(-4), status: 'created' },
        ],
      });
      expect(await liveKeys()).toBe(before + 3);
      for (const secret of [a, b, c]) expect(mock.requests(secret)).toBe(1);
      const list = await api.http
        .get('/admin/provider-keys?tier=daily')
        .set('authorization', admin)
        .expect(200);
      expect(list.body.items.map((k: { label: string }) => k.label).sort()).toEqual([
        'ANTHROPIC_API_KEY',
        'GEMINI_API_KEY_2',
        'OPENAI_API_KEY_1',
      ]);
      expect(list.body.items.every((k: { lastTestOk: boolean }) => k.lastTestOk)).toBe(true);
    });

    it('previews with a dry run: the report, nothing saved, nothing audited', async () => {
      const secret = newSecret();
      const before = [await liveKeys(), await auditCount('provider_key.import')];
      const response = await importKeys({
        format: 'env',
        content: `OPENROUTER_API_KEY_3=${secret}`,
        dryRun: true,
        validate: false,
      }).expect(200);
      expect(response.body).toMatchObject({
        dryRun: true,
        accepted: true,
        saved: false,
        entries: [{ line: 1, provider: 'openrouter', last4: secret.slice(-4), status: 'created' }],
      });
      expect([await liveKeys(), await auditCount('provider_key.import')]).toEqual(before);
    });

    it('reports duplicates, stored or repeated in the file, and skips them', async () => {
      const [stored, fresh] = [newSecret(), newSecret()];
      await importKeys({ format: 'env', content: `OPENAI_API_KEY=${stored}`, validate: false }).expect(201);
      const again = await importKeys({ format: 'env', content: `OPENAI_API_KEY=${stored}`, validate: false });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        saved: false,
        accepted: true,
        entries: [{ line: 1, status: 'duplicate', error: 'already stored' }],
      });

      const before = await liveKeys();
      const mixed = await importKeys({
        format: 'env',
        content: [
          `OPENAI_API_KEY_1=${stored}`,
          `OPENAI_API_KEY_2=${fresh}`,
          `OPENAI_API_KEY_3=${fresh}`,
        ].join('\n'),
        validate: false,
      }).expect(201);
      expect(mixed.body.entries.map((e: { status: string }) => e.status)).toEqual([
        'duplicate',
        'created',
        'duplicate',
      ]);
      expect(mixed.body.entries[2].error).toBe('repeats an earlier entry');
      expect(await liveKeys()).toBe(before + 1);
    });

    it("skips a .env's other lines, such as the seed proxy's PROXY_API_KEY, and imports its keys", async () => {
      const [good, proxyKey] = [newSecret(), newSecret()];
      const response = await importKeys({
        format: 'env',
        content: ['PORT=8080', `PROXY_API_KEY=${proxyKey}`, `OPENAI_API_KEY_1=${good}`].join('\n'),
        validate: false,
      }).expect(201);
      expect(response.body.summary).toMatchObject({ created: 1, skipped: 2, invalid: 0 });
      expect(response.body.entries).toEqual([
        {
          line: 1,
          provider: null,
          last4: null,
          status: 'skipped',
          error: 'PORT is not a PROVIDER_API_KEY[_N] variable',
        },
        {
          line: 2,
          provider: 'proxy',
          last4: null,
          status: 'skipped',
          error: 'no provider named proxy, so it is not a provider key',
        },
        { line: 3, provider: 'openai', last4: good.slice(-4), status: 'created' },
      ]);
      expect(JSON.stringify(response.body)).not.toContain(proxyKey.slice(-4));
    });

    it('is all or nothing: one bad key line and nothing is saved, with a report per line', async () => {
      const good = newSecret();
      const before = [await liveKeys(), await auditCount('provider_key.create')];
      const response = await importKeys({
        format: 'env',
        content: [
          `OPENAI_API_KEY_1=${good}`,
          `COHERE_API_KEY=${newSecret()}`,
          'DATABASE_URL=postgres://user:hunter2@db/x',
          'GROQ_API_KEY=',
          'MISTRAL_API_KEY=short',
        ].join('\n'),
        validate: false,
      }).expect(400);
      expect(response.body.error).toMatchObject({ code: 'import_rejected', param: 'content' });
      expect(response.body.error.message).toMatch(/^2 of 5 entries cannot be imported \(line 4: invalid/);
      expect(response.body).toMatchObject({ accepted: false, saved: false });
      expect(response.body.entries).toEqual([
        { line: 1, provider: 'openai', last4: good.slice(-4), status: 'created' },
        {
          line: 2,
          provider: 'cohere',
          last4: null,
          status: 'skipped',
          error: 'no provider named cohere, so it is not a provider key',
        },
        {
          line: 3,
          provider: null,
          last4: null,
          status: 'skipped',
          error: 'DATABASE_URL is not a PROVIDER_API_KEY[_N] variable',
        },
        { line: 4, provider: 'groq', last4: null, status: 'invalid', error: 'GROQ_API_KEY has no value' },
        {
          line: 5,
          provider: 'mistral',
          last4: 'hort',
          status: 'invalid',
          error: 'secret must be at least 8 characters',
        },
      ]);
      expect(JSON.stringify(response.body)).not.toContain('hunter2');
      expect([await liveKeys(), await auditCount('provider_key.create')]).toEqual(before);
    });

    it('refuses the whole import when a key fails live validation, unless validation is off', async () => {
      const [good, bad] = [newSecret(), newSecret()];
      mock.script(bad, { failure: { type: 'auth' } });
      const content = `OPENAI_API_KEY_1=${good}\nOPENAI_API_KEY_2=${bad}\n`;
      const before = await liveKeys();
      const refused = await importKeys({ format: 'env', content }).expect(400);
      expect(refused.body.entries).toEqual([
        { line: 1, provider: 'openai', last4: good.slice(-4), status: 'created' },
        {
          line: 2,
          provider: 'openai',
          last4: bad.slice(-4),
          status: 'validation_failed',
          error: expect.stringMatching(/^auth HTTP 401/),
        },
      ]);
      expect(await liveKeys()).toBe(before);
      const preview = await importKeys({ format: 'env', content, dryRun: true, validate: true }).expect(200);
      expect(preview.body).toMatchObject({ accepted: false, saved: false });
      // A dry run calls no provider unless validation is asked for.
      const calls = [mock.requests(good), mock.requests(bad)];
      const offline = await importKeys({ format: 'env', content, dryRun: true }).expect(200);
      expect(offline.body).toMatchObject({ accepted: true, saved: false });
      expect([mock.requests(good), mock.requests(bad)]).toEqual(calls);
      await importKeys({ format: 'env', content, validate: false }).expect(201);
      expect(await liveKeys()).toBe(before + 2);
    });

    it.each([
      ['OPENAI_API_KEY=sk-fine-000000001\nthis is not an assignment', 2, 'expected NAME=value'],
      ['\n\nOPENAI_API_KEY="sk-unterminated', 3, 'unterminated double quote'],
      ["OPENAI_API_KEY='sk-x' trailing", 1, 'unexpected text after the closing quote'],
    ])(
      'reports an unreadable .env line %# on its own line, and refuses the import for it',
      async (content, line, reason) => {
        const preview = await importKeys({ format: 'env', content, dryRun: true, validate: false }).expect(
          200,
        );
        expect(preview.body.accepted).toBe(false);
        expect(preview.body.entries).toContainEqual({
          line,
          provider: null,
          last4: null,
          status: 'invalid',
          error: reason,
        });
        const refused = await importKeys({ format: 'env', content, validate: false }).expect(400);
        expect(refused.body.error.code).toBe('import_rejected');
      },
    );

    it('with skipInvalid saves the valid keys and reports the bad lines', async () => {
      const good = newSecret();
      const before = await liveKeys();
      const response = await importKeys({
        format: 'env',
        content: [`OPENAI_API_KEY_1=${good}`, 'a line that is no key', 'GROQ_API_KEY=short'].join('\n'),
        validate: false,
        skipInvalid: true,
      }).expect(201);
      expect(response.body).toMatchObject({
        accepted: false,
        saved: true,
        summary: { created: 1, invalid: 2 },
      });
      expect(await liveKeys()).toBe(before + 1);
    });
  });

  describe('tiered YAML', () => {
    it('imports primary, daily and fallback lists, creating providers for new base URLs', async () => {
      const secrets = Array.from({ length: 5 }, () => newSecret());
      const otherBase = otherMock.baseUrl('openai');
      const hostName = `127-0-0-1-${otherMock.port}`;
      const content = [
        'primary:',
        '  - provider: openai',
        `    api_key: ${secrets[0]}`,
        '    models: [gpt-4o-mini, gpt-4o]',
        '    label: main',
        '    weight: 5',
        'daily:',
        '  - provider: anthropic',
        `    base_url: ${mock.baseUrl('anthropic')}/`,
        '    api_keys:',
        `      - ${secrets[1]}`,
        `      - "${secrets[2]}"`,
        'fallback:',
        '  - provider: custom',
        `    base_url: ${otherBase}`,
        `    api_key: ${secrets[3]}`,
        '    models: llama-3, qwen',
        '  - name: team-proxy',
        '    type: anthropic',
        `    base_url: ${otherBase}`,
        `    api_key: ${secrets[4]}`,
        '    unknown_setting: ignored',
      ].join('\n');
      const response = await importKeys({ format: 'yaml', content, tier: 'primary' }).expect(201);
      expect(response.body.summary).toEqual({
        created: 5,
        duplicate: 0,
        invalid: 0,
        validation_failed: 0,
        skipped: 0,
      });
      expect(response.body.providersCreated).toEqual([
        { name: hostName, type: 'openai', baseUrl: otherBase },
        { name: 'team-proxy', type: 'anthropic', baseUrl: otherBase },
      ]);
      expect(response.body.entries).toEqual([
        { line: 3, provider: 'openai', last4: secrets[0]!.slice(-4), status: 'created' },
        { line: 11, provider: 'anthropic', last4: secrets[1]!.slice(-4), status: 'created' },
        { line: 12, provider: 'anthropic', last4: secrets[2]!.slice(-4), status: 'created' },
        { line: 16, provider: hostName, last4: secrets[3]!.slice(-4), status: 'created' },
        { line: 21, provider: 'team-proxy', last4: secrets[4]!.slice(-4), status: 'created' },
      ]);
      expect(otherMock.requests(secrets[3]!)).toBe(1);
      expect(otherMock.lastRequest(secrets[4]!)?.headers['x-api-key']).toBe(secrets[4]);

      const keys = await api.http
        .get('/admin/provider-keys?limit=200')
        .set('authorization', admin)
        .expect(200);
      const byLast4 = new Map(keys.body.items.map((k: { last4: string }) => [k.last4, k]));
      expect(byLast4.get(secrets[0]!.slice(-4))).toMatchObject({
        tier: 'primary',
        label: 'main',
        weight: 5,
        models: ['gpt-4o-mini', 'gpt-4o'],
      });
      expect(byLast4.get(secrets[1]!.slice(-4))).toMatchObject({ tier: 'daily', provider: 'anthropic' });
      expect(byLast4.get(secrets[3]!.slice(-4))).toMatchObject({
        tier: 'fallback',
        provider: hostName,
        models: ['llama-3', 'qwen'],
      });
      const created = await api.http
        .get(`/admin/providers/${hostName}`)
        .set('authorization', admin)
        .expect(200);
      expect(created.body).toMatchObject({ type: 'openai', builtIn: false, keyCount: 1 });
      expect(await auditCount('provider.create')).toBe(2);
    });

    it('reports invalid entries per line and saves nothing', async () => {
      const content = [
        'primary:',
        '  - provider: openai',
        '    models: [a]',
        '  - provider: nobody',
        `    api_key: ${newSecret()}`,
        '  - provider: openai',
        `    base_url: ftp://example.com/v1`,
        `    api_key: ${newSecret()}`,
        '  - name: openai',
        `    base_url: https://elsewhere.example/v1`,
        `    api_key: ${newSecret()}`,
        '  - provider: openai',
        '    api_key: 12345678',
        '    weight: 0',
      ].join('\n');
      const before = [await liveKeys(), await count('SELECT count(*) FROM providers')];
      const response = await importKeys({ format: 'yaml', content, validate: false }).expect(400);
      expect(response.body.entries.map((e: { line: number; error: string }) => [e.line, e.error])).toEqual([
        [2, 'api_key is required'],
        [5, 'no provider named nobody'],
        [8, 'base_url must be an http:// or https:// URL'],
        [11, `provider openai already exists with base URL ${mock.baseUrl('openai')}`],
        [13, 'api_key must be text'],
      ]);
      expect([await liveKeys(), await count('SELECT count(*) FROM providers')]).toEqual(before);
    });

    it.each([
      ['primary:\n  - provider: openai\n   api_key: sk-bad-indent-0001\n', 3],
      ['primery:\n  - provider: openai\n', 1],
      ['primary:\n  - provider: openai\n    api_key: sk-one-000000000001\ndaily: not-a-list\n', 4],
      ['primary:\n  - just a string\n', 2],
      ['- a\n- b\n', 1],
      ['# nothing here\n', 1],
      ['primary:\n  - provider: openai\n    provider: gemini\n', 3],
    ])('refuses malformed YAML %#, naming the line', async (content, line) => {
      const response = await importKeys({ format: 'yaml', content }).expect(400);
      expect(response.body.error.code).toBe('import_malformed');
      expect(response.body.error.param).toBe('content');
      expect(response.body.error.message).toMatch(new RegExp(`^content is not valid YAML: line ${line}: `));
      expect(response.body.error.message).not.toContain('sk-');
    });
  });

  describe('request checks', () => {
    it.each([
      [{ content: 'OPENAI_API_KEY=sk-abcdefgh' }, 'format'],
      [{ format: 'toml', content: 'x' }, 'format'],
      [{ format: 'env' }, 'content'],
      [{ format: 'env', content: '' }, 'content'],
      [{ format: 'env', content: 'x'.repeat(1024 * 1024 + 1) }, 'content'],
      [{ format: 'env', content: 'OPENAI_API_KEY=sk-abcdefgh', dryRun: 'yes' }, 'dryRun'],
      [{ format: 'env', content: 'OPENAI_API_KEY=sk-abcdefgh', tier: 'gold' }, 'tier'],
      [{ format: 'env', content: 'OPENAI_API_KEY=sk-abcdefgh', extra: true }, 'extra'],
    ])('refuses body %# with a 400 naming its field', async (body, param) => {
      const response = await importKeys(body).expect(400);
      expect(response.body.error).toMatchObject({ code: 'invalid_request', param });
    });

    it('refuses files without keys and files with too many', async () => {
      const empty = await importKeys({ format: 'env', content: '# only a comment\n\n' }).expect(400);
      expect(empty.body.error).toMatchObject({ code: 'import_empty', param: 'content' });
      const lines = Array.from(
        { length: 1001 },
        (_, i) => `OPENAI_API_KEY_${i}=sk-many-${String(i).padStart(8, '0')}`,
      );
      const many = await importKeys({ format: 'env', content: lines.join('\n') }).expect(400);
      expect(many.body.error).toMatchObject({ code: 'import_too_large', param: 'content' });
    });

    it('audits every key it creates and the import itself', async () => {
      const secret = newSecret();
      const response = await importKeys({
        format: 'env',
        content: `OPENAI_API_KEY=${secret}`,
        validate: false,
      });
      expect(response.status).toBe(201);
      const client = new pg.Client({ connectionString: api.database.url });
      await client.connect();
      const { rows } = await client.query(
        "SELECT action, target_id, after FROM audit_events WHERE action IN ('provider_key.create', 'provider_key.import') ORDER BY seq DESC LIMIT 2",
      );
      await client.end();
      const [summary, created] = rows;
      expect(summary.action).toBe('provider_key.import');
      expect(summary.after).toMatchObject({ format: 'env', validated: false, providersCreated: [] });
      expect(summary.after.created).toEqual([
        { id: created.target_id, provider: 'openai', last4: secret.slice(-4) },
      ]);
      expect(created.after).toMatchObject({
        via: 'import',
        label: 'OPENAI_API_KEY',
        last4: secret.slice(-4),
      });
    });
  });
});
