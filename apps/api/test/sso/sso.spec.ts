import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startOidcProvider, type OidcTestProvider } from '@switchyard/testing/oidc';
import { signedInAs, TEST_PASSWORD } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PUBLIC_URL = 'http://127.0.0.1:3999';

function ssoEnv(provider: OidcTestProvider, extra: Record<string, string> = {}) {
  return {
    SWITCHYARD_PUBLIC_URL: PUBLIC_URL,
    SWITCHYARD_OIDC_ISSUER: provider.issuer,
    SWITCHYARD_OIDC_CLIENT_ID: provider.clientId,
    SWITCHYARD_OIDC_CLIENT_SECRET: provider.clientSecret,
    SWITCHYARD_OIDC_ROLE_MAP: 'platform-admins=admin,finance=auditor,eng=member',
    SWITCHYARD_OIDC_TEAM_MAP: 'team-search=search:team_admin,eng=search:member',
    ...extra,
  };
}

/** What the dashboard does: start, send the browser to the provider, hand the callback back. */
async function ssoSignIn(api: TestApp, provider: OidcTestProvider, login: string, status: number) {
  const started = await api.http.post('/admin/auth/sso/start').expect(200);
  const callback = await provider.signIn(started.body.authorizationUrl as string, login);
  return api.http
    .post('/admin/auth/sso/callback')
    .send({ query: callback.search, transaction: started.body.transaction })
    .expect(status);
}

describe('single sign-on with OpenID Connect', () => {
  let provider: OidcTestProvider;
  let api: TestApp;
  let owner: Awaited<ReturnType<typeof signedInAs>>;
  let searchTeam: string;

  beforeAll(async () => {
    provider = await startOidcProvider({
      redirectUri: `${PUBLIC_URL}/auth/callback`,
      accounts: {
        alice: { email: 'alice@corp.example', name: 'Alice', groups: ['platform-admins', 'team-search'] },
        eve: { email: 'eve@corp.example', groups: ['marketing'] },
        nina: { email: 'nina@corp.example', groups: [] },
        dora: { email: 'dora@corp.example', groups: ['finance'] },
      },
    });
    api = await startTestApp(ssoEnv(provider));
    owner = await signedInAs(api, 'owner');
    searchTeam = (
      await api.http
        .post('/admin/teams')
        .set('authorization', owner.authorization)
        .send({ name: 'search' })
        .expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await api?.close();
    await provider?.close();
  });

  const userByEmail = async (email: string) =>
    (
      (
        await api.http
          .get('/admin/users')
          .query({ limit: 200 })
          .set('authorization', owner.authorization)
          .expect(200)
      ).body.items as {
        email: string;
        id: string;
        role: string;
        teams: { teamId: string; role: string }[];
        sso: boolean;
      }[]
    ).find((user) => user.email === email);

  it('says whether SSO is on, and where the provider must send people back', async () => {
    const status = await api.http.get('/admin/auth/sso').expect(200);
    expect(status.body).toEqual({
      enabled: true,
      passwordLoginOwnersOnly: false,
      redirectUri: `${PUBLIC_URL}/auth/callback`,
    });
  });

  it('starts with PKCE, state and nonce', async () => {
    const started = await api.http.post('/admin/auth/sso/start').expect(200);
    const url = new URL(started.body.authorizationUrl);
    expect(url.origin).toBe(provider.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: provider.clientId,
      redirect_uri: `${PUBLIC_URL}/auth/callback`,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(started.headers['cache-control']).toBe('no-store');
  });

  it('creates the account at the first sign-in with the mapped role and team, and signs them in', async () => {
    const answer = await ssoSignIn(api, provider, 'alice', 200);
    expect(answer.body.user).toMatchObject({
      email: 'alice@corp.example',
      name: 'Alice',
      role: 'admin',
      sso: true,
    });
    expect(answer.body.user.teams).toEqual([{ teamId: searchTeam, role: 'team_admin' }]);
    const me = await api.http
      .get('/admin/auth/me')
      .set('authorization', `Bearer ${answer.body.accessToken}`)
      .expect(200);
    expect(me.body).toMatchObject({
      kind: 'user',
      email: 'alice@corp.example',
      role: 'admin',
      hasPassword: false,
    });
    const sessions = await api.http
      .get('/admin/auth/sessions')
      .set('authorization', `Bearer ${answer.body.accessToken}`)
      .expect(200);
    expect(sessions.body.items).toEqual([expect.objectContaining({ method: 'sso', current: true })]);
    // An SSO account has no password to sign in with.
    await api.http
      .post('/admin/auth/login')
      .send({ email: 'alice@corp.example', password: TEST_PASSWORD })
      .expect(401);
  });

  it('re-evaluates the role and the mapped teams at every sign-in', async () => {
    provider.setAccount('alice', { email: 'alice@corp.example', name: 'Alice', groups: ['eng'] });
    const asMember = await ssoSignIn(api, provider, 'alice', 200);
    expect(asMember.body.user).toMatchObject({
      role: 'member',
      teams: [{ teamId: searchTeam, role: 'member' }],
    });

    provider.setAccount('alice', { email: 'alice@corp.example', name: 'Alice', groups: ['finance'] });
    const asAuditor = await ssoSignIn(api, provider, 'alice', 200);
    expect(asAuditor.body.user).toMatchObject({ role: 'auditor', teams: [] });
    expect((await userByEmail('alice@corp.example'))?.role).toBe('auditor');

    const audit = await api.http
      .get('/admin/audit')
      .query({ targetId: asAuditor.body.user.id, action: 'user.*' })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'user.update',
      'user.update',
      'user.create',
    ]);
  });

  it('refuses someone whose groups map to no role, and makes no account for them', async () => {
    for (const login of ['eve', 'nina']) {
      const refused = await ssoSignIn(api, provider, login, 403);
      expect(refused.body.error).toMatchObject({ type: 'permission_error', code: 'sso_no_role' });
    }
    expect(await userByEmail('eve@corp.example')).toBeUndefined();
    expect(await userByEmail('nina@corp.example')).toBeUndefined();
    const audit = await api.http
      .get('/admin/audit')
      .query({ action: 'auth.sso.refused', targetId: 'eve@corp.example' })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({ after: { reason: 'no_role', groups: ['marketing'] } });
  });

  it('links an existing account by email, and refuses a disabled one', async () => {
    const created = await api.http
      .post('/admin/users')
      .set('authorization', owner.authorization)
      .send({ email: 'dora@corp.example', password: TEST_PASSWORD, role: 'member' })
      .expect(201);
    const linked = await ssoSignIn(api, provider, 'dora', 200);
    expect(linked.body.user).toMatchObject({
      id: created.body.id,
      role: 'auditor',
      sso: true,
      hasPassword: true,
    });

    await api.http
      .patch(`/admin/users/${created.body.id}`)
      .set('authorization', owner.authorization)
      .send({ disabled: true })
      .expect(200);
    const refused = await ssoSignIn(api, provider, 'dora', 403);
    expect(refused.body.error.code).toBe('account_disabled');
  });

  it('checks state, the browser’s transaction and the code', async () => {
    const first = await api.http.post('/admin/auth/sso/start').expect(200);
    const second = await api.http.post('/admin/auth/sso/start').expect(200);
    const callback = await provider.signIn(first.body.authorizationUrl as string, 'alice');

    // The callback of one sign-in with the transaction of another: the state does not match.
    const mismatched = await api.http
      .post('/admin/auth/sso/callback')
      .send({ query: callback.search, transaction: second.body.transaction })
      .expect(400);
    expect(mismatched.body.error.code).toBe('sso_failed');

    const forged = await api.http
      .post('/admin/auth/sso/callback')
      .send({ query: callback.search, transaction: `${String(first.body.transaction).slice(0, -4)}AAAA` })
      .expect(400);
    expect(forged.body.error).toMatchObject({ code: 'sso_expired', param: 'transaction' });

    await api.http
      .post('/admin/auth/sso/callback')
      .send({ query: callback.search, transaction: first.body.transaction })
      .expect(200);
    // A code is good once.
    const replayed = await api.http
      .post('/admin/auth/sso/callback')
      .send({ query: callback.search, transaction: first.body.transaction })
      .expect(400);
    expect(replayed.body.error.code).toBe('sso_failed');

    const cancelled = await api.http
      .post('/admin/auth/sso/callback')
      .send({
        query: `?error=access_denied&state=${new URL(first.body.authorizationUrl).searchParams.get('state')}&iss=${encodeURIComponent(provider.issuer)}`,
        transaction: first.body.transaction,
      })
      .expect(400);
    expect(cancelled.body.error.message).toMatch(/access_denied/);
  });

  it('with SWITCHYARD_OIDC_ONLY=true, leaves password sign-in to owners only', async () => {
    const strict = await startTestApp(ssoEnv(provider, { SWITCHYARD_OIDC_ONLY: 'true' }));
    try {
      const member = await signedInAs(strict, 'owner');
      const admin = await (async () => {
        const { UsersRepository } = await import('../../src/modules/users/users.repository.js');
        const { hashPassword } = await import('../../src/modules/auth/passwords.js');
        return strict.app.get(UsersRepository, { strict: false }).create({
          email: 'admin@corp.example',
          role: 'admin',
          passwordHash: await hashPassword(TEST_PASSWORD),
        });
      })();
      const refused = await strict.http
        .post('/admin/auth/login')
        .send({ email: admin.email, password: TEST_PASSWORD })
        .expect(403);
      expect(refused.body.error.code).toBe('password_login_disabled');
      await strict.http
        .post('/admin/auth/login')
        .send({ email: member.email, password: TEST_PASSWORD })
        .expect(200);
      expect((await strict.http.get('/admin/auth/sso').expect(200)).body.passwordLoginOwnersOnly).toBe(true);
    } finally {
      await strict.close();
    }
  });

  it('answers 503 while the identity provider cannot be reached, and 404 when SSO is off', async () => {
    const unreachable = await startTestApp({
      ...ssoEnv(provider),
      SWITCHYARD_OIDC_ISSUER: 'http://127.0.0.1:9/nowhere',
    });
    try {
      const answer = await unreachable.http.post('/admin/auth/sso/start').expect(503);
      expect(answer.body.error.code).toBe('sso_unavailable');
    } finally {
      await unreachable.close();
    }
    const off = await startTestApp();
    try {
      expect((await off.http.get('/admin/auth/sso').expect(200)).body).toMatchObject({ enabled: false });
      expect((await off.http.post('/admin/auth/sso/start').expect(404)).body.error.code).toBe(
        'sso_not_configured',
      );
    } finally {
      await off.close();
    }
  });
});
