import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signedInAs, TEST_PASSWORD } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Sends only a request's head and reads whatever the server answers before the body it promised arrives. */
function headOnly(port: number, head: string, waitMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(answer);
    }, waitMs);
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n\r\n')) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', reject);
    socket.write(head);
  });
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('requests without valid credentials', () => {
  let api: TestApp;
  let owner: Awaited<ReturnType<typeof signedInAs>>;
  let port: number;
  let token: string;

  beforeAll(async () => {
    api = await startTestApp();
    owner = await signedInAs(api, 'owner');
    const team = await api.http
      .post('/admin/teams')
      .set('authorization', owner.authorization)
      .send({ name: 'hardening' })
      .expect(201);
    const issued = await api.http
      .post(`/admin/teams/${team.body.id as string}/tokens`)
      .set('authorization', owner.authorization)
      .send({ name: 'app' })
      .expect(201);
    token = issued.body.token as string;
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(await api.app.getUrl()).port);
  });

  afterAll(async () => {
    await api.close();
  });

  it('are answered on /admin before their body is read', async () => {
    const answer = await headOnly(
      port,
      'POST /admin/teams HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n',
      3000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
  });

  it('are answered on /v1 before their body is read, with no token or a bad one', async () => {
    for (const credential of [
      '',
      'Authorization: Bearer sy-not0a0real0token\r\n',
      'x-api-key: nonsense\r\n',
    ]) {
      const answer = await headOnly(
        port,
        `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n${credential}Content-Type: application/json\r\nContent-Length: 10485760\r\n\r\n`,
        3000,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    }
  });

  it('never parse a large nested /v1 body sent without a valid token, and others are still answered', async () => {
    const bomb = `{"model":"openai/gpt-4o-mini","messages":${nested(5 * 1024 * 1024)}}`;
    const attacks = [undefined, 'Bearer sy-not0a0real0token', 'Bearer sk-some-provider-key'].map(
      (authorization) => {
        const request = api.http.post('/v1/chat/completions').set('content-type', 'application/json');
        return (authorization ? request.set('authorization', authorization) : request).send(bomb);
      },
    );
    const [health, ...refused] = await Promise.all([api.http.get('/health/live'), ...attacks]);
    expect(health.status).toBe(200);
    for (const answer of refused) {
      // Parsed, this body would be a 413 (too large) or a 400 json_too_deep: a 401 means it was never read.
      expect(answer.status).toBe(401);
      expect(answer.body.error.type).toBe('authentication_error');
    }
  });

  it('may send at most 64 KB on the sign-in routes', async () => {
    await api.http
      .post('/admin/auth/login')
      .send({ email: 'a@example.com', password: 'x'.repeat(100_000) })
      .expect(413);
  });

  it('cannot nest JSON past the depth limit, anywhere', async () => {
    const anonymous = await api.http
      .post('/admin/auth/login')
      .set('content-type', 'application/json')
      .send(`{"email":"a@example.com","password":${nested(5000)}}`)
      .expect(400);
    expect(anonymous.body.error.code).toBe('json_too_deep');
    const withToken = await api.http
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/json')
      .send(`{"model":"x","messages":${nested(5000)}}`)
      .expect(400);
    expect(withToken.body.error.code).toBe('json_too_deep');
    const signedIn = await api.http
      .post('/admin/teams')
      .set('authorization', owner.authorization)
      .set('content-type', 'application/json')
      .send(`{"name":${nested(200)}}`)
      .expect(400);
    expect(signedIn.body.error.code).toBe('json_too_deep');
    // Brackets inside strings are text, not nesting.
    const name = `${'['.repeat(150)}\\"${'{'.repeat(40)}`;
    const created = await api.http
      .post('/admin/users')
      .set('authorization', owner.authorization)
      .send({ email: 'brackets@example.com', password: TEST_PASSWORD, role: 'member', name })
      .expect(201);
    expect(created.body.name).toBe(name);
  });

  it('keeps even a signed-in caller to 4 MB on /admin', async () => {
    const answer = await api.http
      .post('/admin/teams')
      .set('authorization', owner.authorization)
      .send({ name: 'x'.repeat(5 * 1024 * 1024) })
      .expect(413);
    expect(answer.body.error.code).toBe('body_too_large');
  });
});

describe('the per-address limit on unauthenticated requests', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ SWITCHYARD_UNAUTHENTICATED_PER_MINUTE: '5' });
  });

  afterAll(async () => {
    await api.close();
  });

  it('refuses an address past its limit for the rest of the minute, and no other address', async () => {
    const owner = await signedInAs(api, 'owner');
    const from = (address: string) => ({ 'x-forwarded-for': address });
    for (let i = 0; i < 20; i += 1)
      await api.http
        .get('/admin/auth/me')
        .set(from('198.51.100.9'))
        .set('authorization', owner.authorization)
        .expect(200);
    for (let i = 0; i < 5; i += 1) await api.http.get('/admin/auth/me').set(from('198.51.100.7')).expect(401);
    const refused = await api.http.get('/admin/auth/me').set(from('198.51.100.7')).expect(429);
    expect(refused.body.error.code).toBe('too_many_unauthenticated_requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await api.http.post('/v1/chat/completions').set(from('198.51.100.7')).send({}).expect(429);
    await api.http.get('/admin/auth/me').set(from('198.51.100.8')).expect(401);
    await api.http.get('/health/live').set(from('198.51.100.8')).expect(200);
  });
});

describe('cross-site requests to the admin API', () => {
  let api: TestApp;
  let owner: Awaited<ReturnType<typeof signedInAs>>;
  let cookie: string;
  const body = () => ({
    email: `csrf-${Math.random().toString(36).slice(2)}@example.com`,
    password: TEST_PASSWORD,
    role: 'admin',
  });

  beforeAll(async () => {
    api = await startTestApp({ SWITCHYARD_PUBLIC_URL: 'https://console.example.com' });
    owner = await signedInAs(api, 'owner');
    const login = await api.http
      .post('/admin/auth/login')
      .send({ email: owner.email, password: TEST_PASSWORD })
      .expect(200);
    cookie = [login.headers['set-cookie']]
      .flat()
      .find((c) => c?.startsWith('switchyard_session='))!
      .split(';')[0]!;
  });

  afterAll(async () => {
    await api.close();
  });

  it('refuses form-encoded and other non-JSON bodies', async () => {
    const form = await api.http
      .post('/admin/users')
      .set('cookie', cookie)
      .set('origin', 'https://console.example.com')
      .type('form')
      .send(body())
      .expect(415);
    expect(form.body.error.code).toBe('unsupported_media_type');
    await api.http
      .post('/admin/users')
      .set('authorization', owner.authorization)
      .set('content-type', 'text/plain')
      .send(JSON.stringify(body()))
      .expect(415);
  });

  it('takes the session cookie only from the console’s own origin', async () => {
    const foreign = await api.http
      .post('/admin/users')
      .set('cookie', cookie)
      .set('origin', 'https://evil.example.net')
      .send(body())
      .expect(403);
    expect(foreign.body.error.code).toBe('cross_origin_request');
    await api.http
      .post('/admin/api-keys')
      .set('cookie', cookie)
      .send({ name: 'x', role: 'owner' })
      .expect(403);
    await api.http
      .post('/admin/users')
      .set('cookie', cookie)
      .set('origin', 'https://console.example.com')
      .send(body())
      .expect(201);
    // Reading with the cookie needs no Origin; a Bearer credential is not sent by browsers on their own.
    await api.http.get('/admin/users').set('cookie', cookie).expect(200);
    await api.http
      .post('/admin/users')
      .set('authorization', owner.authorization)
      .set('origin', 'https://evil.example.net')
      .send(body())
      .expect(201);
  });

  it('never takes an API key from a cookie', async () => {
    const key = await api.http
      .post('/admin/api-keys')
      .set('authorization', owner.authorization)
      .send({ name: 'browserless', role: 'admin' })
      .expect(201);
    await api.http.get('/admin/auth/me').set('cookie', `switchyard_session=${key.body.key}`).expect(401);
    await api.http.get('/admin/auth/me').set('authorization', `Bearer ${key.body.key}`).expect(200);
  });
});

describe('bad input that used to answer 500', () => {
  let api: TestApp;
  let owner: Awaited<ReturnType<typeof signedInAs>>;

  beforeAll(async () => {
    api = await startTestApp();
    owner = await signedInAs(api, 'owner');
  });

  afterAll(async () => {
    await api.close();
  });

  it.each([
    ['a NUL in a team name', '/admin/teams', { name: 'a\u0000b' }, 'name'],
    ['a lone surrogate in a team name', '/admin/teams', { name: 'a\ud800b' }, 'name'],
    [
      'a NUL in a user name',
      '/admin/users',
      { email: 'nul@example.com', password: TEST_PASSWORD, role: 'member', name: 'x\u0000' },
      'name',
    ],
    [
      'a lone low surrogate in an API key name',
      '/admin/api-keys',
      { name: '\udc00', role: 'auditor' },
      'name',
    ],
  ])('%s is a 400 naming the field', async (_what, path, body, param) => {
    const answer = await api.http.post(path).set('authorization', owner.authorization).send(body).expect(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid_request', param });
  });

  it('a NUL in a credit note, a filter or a path is a 400', async () => {
    const team = await api.http
      .post('/admin/teams')
      .set('authorization', owner.authorization)
      .send({ name: 'noted' })
      .expect(201);
    await api.http
      .put(`/admin/teams/${team.body.id}/budget`)
      .set('authorization', owner.authorization)
      .send({ limitUsd: 10, period: 'monthly' })
      .expect(200);
    const note = await api.http
      .post(`/admin/teams/${team.body.id}/credits/adjust`)
      .set('authorization', owner.authorization)
      .send({ amountUsd: 1, note: 'refund\u0000' })
      .expect(400);
    expect(note.body.error.param).toBe('note');
    const filter = await api.http
      .get('/admin/audit?actor=a%00b')
      .set('authorization', owner.authorization)
      .expect(400);
    expect(filter.body.error.param).toBe('actor');
    await api.http.get('/admin/usage?model=x%00').set('authorization', owner.authorization).expect(400);
    await api.http.get('/admin/providers/a%00b').set('authorization', owner.authorization).expect(400);
  });

  it('a forged cursor on /admin/api-keys, or one holding a NUL, is a 400 naming it', async () => {
    for (const forged of ['not-a-uuid', 'a\u0000b']) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
      const answer = await api.http
        .get('/admin/api-keys')
        .query({ cursor })
        .set('authorization', owner.authorization)
        .expect(400);
      expect(answer.body.error.param).toBe('cursor');
    }
    const users = Buffer.from(JSON.stringify('\u0000')).toString('base64url');
    await api.http
      .get('/admin/users')
      .query({ cursor: users })
      .set('authorization', owner.authorization)
      .expect(400);
    const huge = Buffer.from(JSON.stringify('9'.repeat(40))).toString('base64url');
    await api.http
      .get('/admin/audit')
      .query({ cursor: huge })
      .set('authorization', owner.authorization)
      .expect(400);
  });
});
