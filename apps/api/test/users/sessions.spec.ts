import { hkdfSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { signedInAs, TEST_PASSWORD } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startReplica, type Replica } from '../proxy-tokens/replica.js';

interface SessionItem {
  id: string;
  method: string;
  current: boolean;
  userAgent: string | null;
}

describe('console sessions', () => {
  let api: TestApp;
  let replica: Replica;

  beforeAll(async () => {
    api = await startTestApp();
    replica = await startReplica(api);
  });

  afterAll(async () => {
    await replica.close();
    await api.close();
  });

  it('ends the bearer token at logout, on every replica', async () => {
    const user = await signedInAs(api, 'admin');
    await replica.http.get('/admin/auth/me').set('authorization', user.authorization).expect(200);
    await api.http.post('/admin/auth/logout').set('authorization', user.authorization).expect(200);
    await api.http.get('/admin/auth/me').set('authorization', user.authorization).expect(401);
    await replica.http.get('/admin/auth/me').set('authorization', user.authorization).expect(401);
  });

  it('lists a user’s own live sessions, marks the current one, and ends one on request', async () => {
    const user = await signedInAs(api, 'member');
    const laptop = await api.http
      .post('/admin/auth/login')
      .set('user-agent', 'laptop-browser')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(200);
    const listed = await api.http
      .get('/admin/auth/sessions')
      .set('authorization', user.authorization)
      .expect(200);
    const items = listed.body.items as SessionItem[];
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const other = items.find((s) => !s.current)!;
    expect(other).toMatchObject({ method: 'password', userAgent: 'laptop-browser' });

    await api.http
      .delete(`/admin/auth/sessions/${other.id}`)
      .set('authorization', user.authorization)
      .expect(200);
    await replica.http
      .get('/admin/auth/me')
      .set('authorization', `Bearer ${laptop.body.accessToken}`)
      .expect(401);
    await api.http.get('/admin/auth/me').set('authorization', user.authorization).expect(200);
    const after = await api.http
      .get('/admin/auth/sessions')
      .set('authorization', user.authorization)
      .expect(200);
    expect(after.body.items).toHaveLength(1);

    // Someone else's session is not found, as if it did not exist.
    const stranger = await signedInAs(api, 'admin');
    const current = items.find((s) => s.current)!;
    const refused = await api.http
      .delete(`/admin/auth/sessions/${current.id}`)
      .set('authorization', stranger.authorization)
      .expect(404);
    expect(refused.body.error.code).toBe('session_not_found');
    await api.http.get('/admin/auth/me').set('authorization', user.authorization).expect(200);
    await api.http.delete('/admin/auth/sessions/nope').set('authorization', user.authorization).expect(400);
    const audit = await api.http
      .get('/admin/audit')
      .query({ action: 'auth.session.end' })
      .set('authorization', stranger.authorization)
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({ actor: { label: user.email }, target: { id: other.id } });
  });

  it('refuses a session token without an expiry, even one signed with the right key', async () => {
    const user = await signedInAs(api, 'admin');
    const jwt = new JwtService({
      secret: Buffer.from(
        hkdfSync(
          'sha256',
          Buffer.from(api.config.masterKey!, 'base64'),
          Buffer.alloc(0),
          'switchyard session tokens',
          32,
        ),
      ),
    });
    const { sid } = jwt.decode<{ sid: string }>(user.authorization.slice('Bearer '.length));
    const forever = jwt.sign(
      { sub: user.user.id, sid, typ: 'session' },
      { algorithm: 'HS256', issuer: 'switchyard' },
    );
    await api.http.get('/admin/auth/me').set('authorization', `Bearer ${forever}`).expect(401);
    const withExpiry = jwt.sign(
      { sub: user.user.id, sid, typ: 'session' },
      { algorithm: 'HS256', issuer: 'switchyard', expiresIn: 60 },
    );
    await api.http.get('/admin/auth/me').set('authorization', `Bearer ${withExpiry}`).expect(200);
  });

  it('answers the sign-in with Cache-Control: no-store', async () => {
    const user = await signedInAs(api, 'member');
    const answer = await api.http
      .post('/admin/auth/login')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(200);
    expect(answer.headers['cache-control']).toBe('no-store');
  });
});
