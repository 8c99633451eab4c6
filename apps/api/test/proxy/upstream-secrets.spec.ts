import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { type Response } from 'supertest';
import { KeyPoolSync } from '../../src/modules/gateway-pool/key-pool-sync.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

/**
 * Keys shaped like no provider's, so that only the exact secret can be searched for: no `sk-` prefix, a `/` and a
 * `+` as a base64 key would have.
 */
const newSecret = (label: string) =>
  `${label}Q/${randomBytes(12).toString('base64url')}+${randomBytes(6).toString('hex')}`;

const collected = (res: Response, done: (error: Error | null, body: string) => void) => {
  let text = '';
  res.on('data', (chunk: Buffer) => (text += chunk.toString()));
  res.on('end', () => done(null, text));
};

describe('an upstream error that quotes the key', () => {
  let gw: Gateway;
  const logLines: string[] = [];
  const badRequest = newSecret('client');
  const midStream = newSecret('stream');
  const early = newSecret('early');
  const revoked = newSecret('revoked');
  const anthropic = newSecret('anthro');
  const secrets = [badRequest, midStream, early, revoked, anthropic];

  function expectNoSecretIn(text: string) {
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
    }
  }

  const post = (path: string, body: Record<string, unknown>) =>
    gw.api.http.post(path).set('authorization', `Bearer ${gw.token}`).send(body);

  beforeAll(async () => {
    gw = await startGateway({ LOG_LEVEL: 'debug' }, { logLines });
    await gw.addKey('openai', badRequest, { models: ['leak-client'] });
    await gw.addKey('openai', midStream, { models: ['leak-stream'] });
    await gw.addKey('openai', early, { models: ['leak-early'] });
    await gw.addKey('openai', revoked, { models: ['leak-revoked'] });
    await gw.addKey('anthropic', anthropic, { models: ['leak-native'] });
    gw.mock.script(badRequest, {
      failure: {
        type: 'status',
        status: 400,
        body: { error: { message: `Bad request for key ${badRequest}`, type: 'invalid_request_error' } },
      },
    });
    gw.mock.script(midStream, {
      failure: {
        type: 'error_mid_stream',
        afterChunks: 2,
        body: { error: { message: `Overloaded, key ${midStream}`, type: 'server_error' } },
      },
    });
    gw.mock.script(early, {
      failure: {
        type: 'status',
        status: 500,
        body: { error: { message: `Internal error serving ${early}`, type: 'server_error' } },
      },
    });
    gw.mock.script(revoked, {
      failure: {
        type: 'status',
        status: 401,
        body: `invalid credentials: ${revoked}`,
      },
    });
    gw.mock.script(anthropic, {
      failure: {
        type: 'status',
        status: 400,
        body: {
          type: 'error',
          error: { type: 'invalid_request_error', message: `bad prompt sent with ${anthropic}` },
        },
      },
    });
  });

  afterAll(async () => {
    await gw.close();
  });

  it('is redacted in the answer to a chat request, streamed or not', async () => {
    const whole = await post('/v1/chat/completions', {
      model: 'openai/leak-client',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(whole.status).toBe(400);
    expect(whole.body.error.message).toContain('[redacted]');
    expectNoSecretIn(whole.text);

    const streamed = await post('/v1/chat/completions', {
      model: 'openai/leak-client',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    })
      .buffer(true)
      .parse(collected);
    expect(streamed.status).toBe(400);
    expectNoSecretIn(String(streamed.body));
  });

  it('is redacted in an error event the upstream sends mid-stream, relayed as is or translated', async () => {
    const sameFormat = await post('/v1/chat/completions', {
      model: 'openai/leak-stream',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    })
      .buffer(true)
      .parse(collected)
      .expect(200);
    const openaiText = String(sameFormat.body);
    expect(openaiText).toContain('Overloaded, key [redacted]');
    expectNoSecretIn(openaiText);

    const translated = await gw.api.http
      .post('/v1/messages')
      .set('x-api-key', gw.token)
      .send({
        model: 'openai/leak-stream',
        max_tokens: 20,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .buffer(true)
      .parse(collected)
      .expect(200);
    const anthropicText = String(translated.body);
    expect(anthropicText).toContain('event: error');
    expectNoSecretIn(anthropicText);
  });

  it('is redacted in the answer to messages and embeddings requests', async () => {
    const native = await gw.api.http
      .post('/v1/messages')
      .set('x-api-key', gw.token)
      .send({ model: 'anthropic/leak-native', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
    expect(native.status).toBe(400);
    expect(native.body.error.message).toContain('[redacted]');
    expectNoSecretIn(native.text);

    const translated = await gw.api.http
      .post('/v1/messages')
      .set('x-api-key', gw.token)
      .send({ model: 'openai/leak-client', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
    expect(translated.status).toBe(400);
    expectNoSecretIn(translated.text);

    const embeddings = await post('/v1/embeddings', { model: 'openai/leak-client', input: 'hello' });
    expect(embeddings.status).toBe(400);
    expect(embeddings.body.error.message).toContain('[redacted]');
    expectNoSecretIn(embeddings.text);
  });

  it('is redacted in the gateway error once every key failed, streamed or not', async () => {
    const whole = await post('/v1/chat/completions', {
      model: 'openai/leak-early',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(whole.status).toBe(502);
    expect(whole.body.error.message).toContain('[redacted]');
    expectNoSecretIn(whole.text);

    const revokedAnswer = await post('/v1/chat/completions', {
      model: 'openai/leak-revoked',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    })
      .buffer(true)
      .parse(collected);
    expect(revokedAnswer.status).toBe(502);
    expectNoSecretIn(String(revokedAnswer.body));
  });

  it('is redacted in what the dashboard, the database, the audit and the logs keep', async () => {
    await gw.api.app.get(KeyPoolSync, { strict: false }).saveSnapshot();
    await gw.flushUsage();
    const keys = await gw.api.http.get('/admin/provider-keys').set('authorization', gw.admin).expect(200);
    const failed = (keys.body.items as { lastTestError: string | null; status: string }[]).find(
      (key) => key.status === 'auth_failed',
    );
    expect(failed?.lastTestError).toContain('[redacted]');
    expectNoSecretIn(keys.text);
    const state = await gw.api.http.get('/admin/key-state').set('authorization', gw.admin).expect(200);
    expectNoSecretIn(state.text);
    const audit = await gw.api.http.get('/admin/audit?limit=200').set('authorization', gw.admin).expect(200);
    expectNoSecretIn(audit.text);

    const client = new pg.Client({ connectionString: gw.api.database.url });
    await client.connect();
    try {
      const tables = await client.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
      );
      for (const { tablename } of tables.rows) {
        const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM "${tablename}" t`);
        expectNoSecretIn(rows.rows.map((r) => r.row).join('\n'));
      }
    } finally {
      await client.end();
    }

    expect(logLines.join('')).toContain('provider key disabled: auth failed');
    expectNoSecretIn(logLines.join(''));
  });
});
