import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type MockProvider, startMockProvider } from '@switchyard/testing';
import { signedInAs } from '../support/admin-session.js';
import { startKeysTestApp, type KeysTestApp } from '../provider-keys/keys-test-app.js';

interface LogLine {
  msg: string;
  requestId?: string;
}

describe('log lines written while serving a request', () => {
  let api: KeysTestApp;
  let mock: MockProvider;
  let admin: string;

  const linesSince = (from: number): LogLine[] =>
    api.logLines.slice(from).flatMap((chunk) =>
      chunk
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as LogLine),
    );

  beforeAll(async () => {
    mock = await startMockProvider();
    api = await startKeysTestApp({ captureLogs: true });
    admin = (await signedInAs(api, 'owner')).authorization;
    await api.http
      .patch('/admin/providers/openai')
      .set('authorization', admin)
      .send({ baseUrl: mock.baseUrl('openai') })
      .expect(200);
  });

  afterAll(async () => {
    await api?.close();
    await mock?.close();
  });

  it('carry the request id of an admin request, from the service lines to the access line', async () => {
    const from = api.logLines.length;
    const created = await api.http
      .post('/admin/provider-keys')
      .set('authorization', admin)
      .send({ provider: 'openai', secret: 'sk-logged-request-1' })
      .expect(201);
    const requestId = created.headers['x-request-id'] as string;
    const lines = linesSince(from);
    expect(lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['provider key checked', 'provider key created', 'request completed']),
    );
    for (const line of lines) expect(line.requestId).toBe(requestId);
  });

  it('carry the request id of a streamed proxy request and of a refused one', async () => {
    const team = await api.http.post('/admin/teams').set('authorization', admin).send({ name: 'logs' });
    const issued = await api.http
      .post(`/admin/teams/${team.body.id as string}/tokens`)
      .set('authorization', admin)
      .send({ name: 'logs' })
      .expect(201);
    const from = api.logLines.length;
    const streamed = await api.http
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${issued.body.token as string}`)
      .send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true })
      .expect(200);
    const refused = await api.http
      .post('/v1/chat/completions')
      .set('authorization', 'Bearer sy-notatoken')
      .send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .expect(401);
    const completed = linesSince(from).filter((line) => line.msg === 'request completed');
    expect(completed.map((line) => line.requestId)).toEqual([
      streamed.headers['x-request-id'],
      refused.headers['x-request-id'],
    ]);
  });
});
