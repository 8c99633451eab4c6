import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LoginThrottle, MAX_FAILED_LOGINS_GLOBAL } from '../../src/modules/auth/login-throttle.js';
import { signedInAs, TEST_PASSWORD } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('sign-in limits', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });

  afterAll(async () => {
    await api.close();
  });

  const login = (email: string, password: string, address: string) =>
    api.http.post('/admin/auth/login').set('x-forwarded-for', address).send({ email, password });

  it('limits failures per client address, whatever emails it tries', async () => {
    const user = await signedInAs(api, 'member');
    for (let i = 0; i < 50; i += 1)
      await login(`nobody-${i}@example.com`, 'wrong password', '198.51.100.40').expect(401);
    const refused = await login(user.email, TEST_PASSWORD, '198.51.100.40').expect(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(14 * 60);
    await login(user.email, TEST_PASSWORD, '198.51.100.41').expect(200);
    // An owner is never kept out by someone else's failures.
    const owner = await signedInAs(api, 'owner');
    await login(owner.email, TEST_PASSWORD, '198.51.100.40').expect(200);
  });

  it('makes an owner wait a little after repeated failures, never locks them out', async () => {
    const owner = await signedInAs(api, 'owner');
    for (let i = 0; i < 10; i += 1) await login(owner.email, `wrong-${i}`, `203.0.113.${i + 1}`).expect(401);
    const waiting = await login(owner.email, TEST_PASSWORD, '198.51.100.60').expect(429);
    expect(waiting.body.error.code).toBe('too_many_attempts');
    const seconds = Number(waiting.headers['retry-after']);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 100));
    await login(owner.email, TEST_PASSWORD, '198.51.100.60').expect(200);
    const audit = await api.http
      .get('/admin/audit')
      .query({ action: 'auth.backoff' })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(audit.body.items.length).toBeGreaterThan(0);
  });

  it('refuses every non-owner sign-in once failures across all addresses pass the global limit', async () => {
    const member = await signedInAs(api, 'member');
    const owner = await signedInAs(api, 'owner');
    const throttle = api.app.get(LoginThrottle, { strict: false });
    for (let i = 0; i < MAX_FAILED_LOGINS_GLOBAL; i += 1)
      await throttle.recordFailure(`spray-${i}@example.com`, `10.20.${i >> 8}.${i & 255}`, false);
    const refused = await login(member.email, TEST_PASSWORD, '198.51.100.70').expect(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
    await login(owner.email, TEST_PASSWORD, '198.51.100.70').expect(200);
  });
});

describe('the session cookie behind a TLS-terminating proxy', () => {
  it('is Secure when a trusted proxy says the request came over HTTPS, and only then', async () => {
    const behindLoopback = await startTestApp();
    const elsewhere = await startTestApp({ SWITCHYARD_TRUSTED_PROXIES: '10.1.1.1' });
    try {
      for (const [api, secure] of [
        [behindLoopback, true],
        [elsewhere, false],
      ] as const) {
        const user = await signedInAs(api, 'member');
        const answer = await api.http
          .post('/admin/auth/login')
          .set('x-forwarded-proto', 'https')
          .send({ email: user.email, password: TEST_PASSWORD })
          .expect(200);
        const cookie = [answer.headers['set-cookie']]
          .flat()
          .find((c) => c?.startsWith('switchyard_session='))!;
        expect({ secure: /;\s*Secure/i.test(cookie) }).toEqual({ secure });
        expect(answer.headers['cache-control']).toBe('no-store');
      }
    } finally {
      await behindLoopback.close();
      await elsewhere.close();
    }
  });
});
