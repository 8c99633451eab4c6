import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { signedInAs, TEST_PASSWORD } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('admin authentication', () => {
  let api: TestApp;
  let owner: Awaited<ReturnType<typeof signedInAs>>;

  beforeAll(async () => {
    api = await startTestApp({
      SWITCHYARD_ADMIN_EMAIL: 'first-owner@example.com',
      SWITCHYARD_ADMIN_PASSWORD: 'a-very-long-password',
    });
    owner = await signedInAs(api, 'owner');
  });

  afterAll(async () => {
    await api.close();
  });

  it('bootstraps the first owner from the environment', async () => {
    const response = await api.http
      .post('/admin/auth/login')
      .send({ email: 'first-owner@example.com', password: 'a-very-long-password' })
      .expect(200);
    expect(response.body.user).toMatchObject({ email: 'first-owner@example.com', role: 'owner' });
    expect(response.body.user.passwordHash).toBeUndefined();
  });

  it('tells the sign-in page, without credentials, whether the install still needs its first owner', async () => {
    const empty = await startTestApp();
    try {
      expect((await empty.http.get('/admin/auth/setup').expect(200)).body).toEqual({ needsOwner: true });
    } finally {
      await empty.close();
    }
    expect((await api.http.get('/admin/auth/setup').expect(200)).body).toEqual({ needsOwner: false });
  });

  it('logs in with a session cookie and a Bearer token, both accepted by /me', async () => {
    const login = await api.http
      .post('/admin/auth/login')
      .send({ email: owner.email, password: TEST_PASSWORD })
      .expect(200);
    expect(login.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 3600,
      user: { email: owner.email, role: 'owner' },
    });
    const cookie = [login.headers['set-cookie']].flat().find((c) => c?.startsWith('switchyard_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    await api.http.get('/admin/auth/me').set('authorization', `Bearer ${login.body.accessToken}`).expect(200);
    const viaCookie = await api.http.get('/admin/auth/me').set('cookie', cookie!.split(';')[0]!).expect(200);
    expect(viaCookie.body).toMatchObject({ kind: 'user', email: owner.email });
  });

  it('refuses bad credentials with 401, and malformed bodies with 400 naming the field', async () => {
    const wrong = await api.http
      .post('/admin/auth/login')
      .send({ email: owner.email, password: 'nope' })
      .expect(401);
    expect(wrong.body.error).toMatchObject({ type: 'authentication_error', code: 'invalid_credentials' });
    const noEmail = await api.http.post('/admin/auth/login').send({ password: 'x' }).expect(400);
    expect(noEmail.body.error).toMatchObject({ code: 'invalid_request', param: 'email' });
    const badType = await api.http
      .post('/admin/auth/login')
      .send({ email: owner.email, password: 42 })
      .expect(400);
    expect(badType.body.error.param).toBe('password');
  });

  it('refuses missing, forged and expired credentials on admin routes', async () => {
    expect((await api.http.get('/admin/auth/me').expect(401)).body.error.code).toBe('unauthenticated');
    await api.http.get('/admin/auth/me').set('authorization', 'Bearer not-a-jwt').expect(401);
    await api.http.get('/admin/auth/me').set('authorization', 'Bearer sya-doesnotexist').expect(401);
  });

  it('locks an email out after 10 failures in 15 minutes, even for the right password', async () => {
    const victim = await signedInAs(api, 'admin');
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      await api.http
        .post('/admin/auth/login')
        .send({ email: victim.email, password: `wrong-${attempt}` })
        .expect(401);
    }
    const locked = await api.http
      .post('/admin/auth/login')
      .send({ email: victim.email, password: TEST_PASSWORD })
      .expect(429);
    expect(locked.body.error.code).toBe('locked_out');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const audit = await api.http
      .get('/admin/audit')
      .query({ action: 'auth.*', limit: 200 })
      .set('authorization', owner.authorization)
      .expect(200);
    const actions = audit.body.items
      .filter((e: { actor: { label: string } }) => e.actor.label === victim.email)
      .map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'auth.login.failed')).toHaveLength(10);
    expect(actions).toContain('auth.lockout');
    expect(actions).toContain('auth.login.refused_locked');
  });

  it('issues admin API keys shown once, usable as Bearer, and revocable', async () => {
    const created = await api.http
      .post('/admin/api-keys')
      .set('authorization', owner.authorization)
      .send({ name: 'ci', role: 'auditor' })
      .expect(201);
    expect(created.body.key).toMatch(/^sya-[A-Za-z0-9]{40}$/);
    const listed = await api.http
      .get('/admin/api-keys')
      .set('authorization', owner.authorization)
      .expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    const me = await api.http
      .get('/admin/auth/me')
      .set('authorization', `Bearer ${created.body.key}`)
      .expect(200);
    expect(me.body).toMatchObject({ kind: 'api_key', name: 'ci', role: 'auditor' });
    await api.http
      .delete(`/admin/api-keys/${created.body.id}`)
      .set('authorization', owner.authorization)
      .expect(200);
    await api.http.get('/admin/auth/me').set('authorization', `Bearer ${created.body.key}`).expect(401);
    const bad = await api.http
      .delete('/admin/api-keys/not-a-uuid')
      .set('authorization', owner.authorization)
      .expect(400);
    expect(bad.body.error.param).toBe('id');
  });

  it('denies a role what it may not do with 403, and audits the denial', async () => {
    const auditor = await signedInAs(api, 'auditor');
    const denied = await api.http
      .post('/admin/users')
      .set('authorization', auditor.authorization)
      .send({ email: 'x@example.com', password: 'long-enough-password', role: 'member' })
      .expect(403);
    expect(denied.body.error).toMatchObject({ type: 'permission_error', code: 'forbidden' });
    const audit = await api.http
      .get('/admin/audit')
      .query({ action: 'access.denied' })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'access.denied',
      actor: { label: auditor.email },
      target: { type: 'route', id: 'POST /admin/users' },
    });
  });

  it('creates users with validated fields and never returns password hashes', async () => {
    const bad = await api.http
      .post('/admin/users')
      .set('authorization', owner.authorization)
      .send({ email: 'new@example.com', password: 'short', role: 'member' })
      .expect(400);
    expect(bad.body.error.param).toBe('password');
    const badRole = await api.http
      .post('/admin/users')
      .set('authorization', owner.authorization)
      .send({ email: 'new@example.com', password: 'long-enough-password', role: 'god' })
      .expect(400);
    expect(badRole.body.error.param).toBe('role');
    const created = await api.http
      .post('/admin/users')
      .set('authorization', owner.authorization)
      .send({ email: 'New@Example.com', password: 'long-enough-password', role: 'member' })
      .expect(201);
    expect(created.body).toMatchObject({ email: 'new@example.com', role: 'member' });
    await api.http
      .post('/admin/users')
      .set('authorization', owner.authorization)
      .send({ email: 'new@example.com', password: 'long-enough-password', role: 'member' })
      .expect(409);
    const list = await api.http.get('/admin/users').set('authorization', owner.authorization).expect(200);
    expect(JSON.stringify(list.body)).not.toContain('argon2');
  });

  it('keeps a verifiable hash chain, and detects an out-of-band edit', async () => {
    const verified = await api.http
      .get('/admin/audit/verify')
      .set('authorization', owner.authorization)
      .expect(200);
    expect(verified.body.ok).toBe(true);
    expect(verified.body.checked).toBeGreaterThan(10);

    const client = new pg.Client({ connectionString: api.database.url });
    await client.connect();
    await expect(client.query(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(client.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    // An attacker with table-owner rights can disable the trigger; the chain still gives them away.
    await client.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete');
    const { rows } = await client.query(`SELECT seq FROM audit_events ORDER BY seq LIMIT 1 OFFSET 3`);
    await client.query(`UPDATE audit_events SET actor_label = 'someone-else' WHERE seq = $1`, [rows[0].seq]);
    await client.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete');
    await client.end();

    const broken = await api.http
      .get('/admin/audit/verify')
      .set('authorization', owner.authorization)
      .expect(200);
    expect(broken.body).toMatchObject({ ok: false, brokenAt: String(rows[0].seq) });
  });

  it('pages the audit log with an opaque cursor', async () => {
    const first = await api.http
      .get('/admin/audit')
      .query({ limit: 3 })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(first.body.items).toHaveLength(3);
    const second = await api.http
      .get('/admin/audit')
      .query({ limit: 3, cursor: first.body.nextCursor })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(BigInt(second.body.items[0].seq)).toBeLessThan(BigInt(first.body.items[2].seq));
    await api.http
      .get('/admin/audit')
      .query({ cursor: 'garbage' })
      .set('authorization', owner.authorization)
      .expect(400);
    await api.http
      .get('/admin/audit')
      .query({ limit: 500 })
      .set('authorization', owner.authorization)
      .expect(400);
  });

  it('authenticates concurrent requests independently', async () => {
    const auditor = await signedInAs(api, 'auditor');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api.http
          .get('/admin/auth/me')
          .set('authorization', i % 2 === 0 ? owner.authorization : auditor.authorization),
      ),
    );
    answers.forEach((answer, i) => {
      expect(answer.status).toBe(200);
      expect(answer.body.email).toBe(i % 2 === 0 ? owner.email : auditor.email);
    });
  });
});
