import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signedInAs, TEST_PASSWORD } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startReplica, type Replica } from '../proxy-tokens/replica.js';

const NEW_PASSWORD = 'a brand new passphrase';

describe('the user lifecycle', () => {
  let api: TestApp;
  let replica: Replica;
  let owner: Awaited<ReturnType<typeof signedInAs>>;
  let admin: Awaited<ReturnType<typeof signedInAs>>;

  beforeAll(async () => {
    api = await startTestApp();
    replica = await startReplica(api);
    owner = await signedInAs(api, 'owner');
    admin = await signedInAs(api, 'admin');
  });

  afterAll(async () => {
    await replica.close();
    await api.close();
  });

  const login = (email: string, password = TEST_PASSWORD) =>
    api.http.post('/admin/auth/login').send({ email, password });

  const auditOf = async (targetId: string) =>
    (
      await api.http
        .get('/admin/audit')
        .query({ targetId, action: 'user.*' })
        .set('authorization', owner.authorization)
        .expect(200)
    ).body.items as { action: string; before: Record<string, unknown>; after: Record<string, unknown> }[];

  it('disables a user: their sessions end on the next request on every replica, and they cannot sign in', async () => {
    const member = await signedInAs(api, 'member');
    await replica.http.get('/admin/auth/me').set('authorization', member.authorization).expect(200);
    const disabled = await api.http
      .patch(`/admin/users/${member.user.id}`)
      .set('authorization', admin.authorization)
      .send({ disabled: true })
      .expect(200);
    expect(disabled.body).toMatchObject({ id: member.user.id, disabled: true });
    await replica.http.get('/admin/auth/me').set('authorization', member.authorization).expect(401);
    await api.http.get('/admin/auth/me').set('authorization', member.authorization).expect(401);
    await login(member.email).expect(401);

    await api.http
      .patch(`/admin/users/${member.user.id}`)
      .set('authorization', admin.authorization)
      .send({ disabled: false })
      .expect(200);
    await login(member.email).expect(200);
    // Enabling does not bring an ended session back.
    await api.http.get('/admin/auth/me').set('authorization', member.authorization).expect(401);
    expect((await auditOf(member.user.id)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['user.disable', 'user.enable']),
    );
  });

  it('changes a role and a name: the change holds at once, the old sessions end, and it is audited', async () => {
    const member = await signedInAs(api, 'member');
    const changed = await api.http
      .patch(`/admin/users/${member.user.id}`)
      .set('authorization', admin.authorization)
      .send({ role: 'auditor', name: 'Finance reader' })
      .expect(200);
    expect(changed.body).toMatchObject({ role: 'auditor', name: 'Finance reader' });
    await replica.http.get('/admin/auth/me').set('authorization', member.authorization).expect(401);
    const again = await login(member.email).expect(200);
    await api.http.get('/admin/audit').set('authorization', `Bearer ${again.body.accessToken}`).expect(200);
    const [event] = await auditOf(member.user.id);
    expect(event).toMatchObject({
      action: 'user.update',
      before: { role: 'member', name: null },
      after: { role: 'auditor', name: 'Finance reader', endedSessions: 1 },
    });
  });

  it('validates the patch: unknown fields, bad roles, an empty body and unknown ids', async () => {
    const member = await signedInAs(api, 'member');
    const path = `/admin/users/${member.user.id}`;
    const auth = admin.authorization;
    expect(
      (await api.http.patch(path).set('authorization', auth).send({ role: 'god' }).expect(400)).body.error
        .param,
    ).toBe('role');
    expect(
      (await api.http.patch(path).set('authorization', auth).send({ email: 'x@y.z' }).expect(400)).body.error
        .param,
    ).toBe('email');
    await api.http.patch(path).set('authorization', auth).send({}).expect(400);
    await api.http.patch(path).set('authorization', auth).send({ disabled: 'yes' }).expect(400);
    await api.http
      .patch('/admin/users/00000000-0000-4000-8000-000000000000')
      .set('authorization', auth)
      .send({ disabled: true })
      .expect(404);
    const auditor = await signedInAs(api, 'auditor');
    await api.http
      .patch(path)
      .set('authorization', auditor.authorization)
      .send({ disabled: true })
      .expect(403);
  });

  it('deletes softly: the user leaves every list and team, cannot sign in, and API keys they made keep working', async () => {
    const leaver = await signedInAs(api, 'admin');
    const key = await api.http
      .post('/admin/api-keys')
      .set('authorization', leaver.authorization)
      .send({ name: 'nightly export', role: 'auditor' })
      .expect(201);
    const team = await api.http
      .post('/admin/teams')
      .set('authorization', owner.authorization)
      .send({ name: 'leavers' })
      .expect(201);
    await api.http
      .post(`/admin/teams/${team.body.id}/members`)
      .set('authorization', owner.authorization)
      .send({ userId: leaver.user.id, role: 'member' })
      .expect(201);

    const deleted = await api.http
      .delete(`/admin/users/${leaver.user.id}`)
      .set('authorization', owner.authorization)
      .expect(200);
    expect(deleted.body).toMatchObject({ deleted: true, teams: [] });
    await replica.http.get('/admin/auth/me').set('authorization', leaver.authorization).expect(401);
    await login(leaver.email).expect(401);
    await api.http.get('/admin/auth/me').set('authorization', `Bearer ${key.body.key}`).expect(200);

    const users = await api.http
      .get('/admin/users')
      .query({ limit: 200 })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(users.body.items.map((u: { id: string }) => u.id)).not.toContain(leaver.user.id);
    const shown = await api.http
      .get(`/admin/users/${leaver.user.id}`)
      .set('authorization', owner.authorization)
      .expect(200);
    expect(shown.body).toMatchObject({ email: leaver.email, deleted: true });
    const members = await api.http
      .get(`/admin/teams/${team.body.id}`)
      .set('authorization', owner.authorization)
      .expect(200);
    expect(members.body.members).toEqual([]);
    await api.http
      .post(`/admin/teams/${team.body.id}/members`)
      .set('authorization', owner.authorization)
      .send({ userId: leaver.user.id, role: 'member' })
      .expect(404);
    await api.http
      .delete(`/admin/users/${leaver.user.id}`)
      .set('authorization', owner.authorization)
      .expect(404);

    const [event] = await auditOf(leaver.user.id);
    expect(event).toMatchObject({ action: 'user.delete', after: { deleted: true, endedSessions: 1 } });
    // The address can be given to a new account.
    await api.http
      .post('/admin/users')
      .set('authorization', owner.authorization)
      .send({ email: leaver.email, password: TEST_PASSWORD, role: 'member' })
      .expect(201);
  });

  it('resets a password as an admin: the old one and every session stop working', async () => {
    const member = await signedInAs(api, 'member');
    const weak = await api.http
      .post(`/admin/users/${member.user.id}/password`)
      .set('authorization', admin.authorization)
      .send({ password: 'aaaaaaaaaaaaaaaa' })
      .expect(400);
    expect(weak.body.error).toMatchObject({ param: 'password' });
    const common = await api.http
      .post(`/admin/users/${member.user.id}/password`)
      .set('authorization', admin.authorization)
      .send({ password: 'Password1234' })
      .expect(400);
    expect(common.body.error.message).toMatch(/common/);

    const reset = await api.http
      .post(`/admin/users/${member.user.id}/password`)
      .set('authorization', admin.authorization)
      .send({ password: NEW_PASSWORD })
      .expect(200);
    expect(reset.body).toEqual({ id: member.user.id, endedSessions: 1 });
    expect(JSON.stringify(reset.body)).not.toContain(NEW_PASSWORD);
    await api.http.get('/admin/auth/me').set('authorization', member.authorization).expect(401);
    await login(member.email).expect(401);
    await login(member.email, NEW_PASSWORD).expect(200);
    const [event] = await auditOf(member.user.id);
    expect(event).toMatchObject({ action: 'user.password_reset' });
    expect(JSON.stringify(event)).not.toContain(NEW_PASSWORD);
  });

  it('lets a user change their own password: their other sessions end, this one goes on', async () => {
    const member = await signedInAs(api, 'member');
    const other = await login(member.email).expect(200);
    const wrong = await api.http
      .post('/admin/auth/password')
      .set('authorization', member.authorization)
      .send({ currentPassword: 'not the password', newPassword: NEW_PASSWORD })
      .expect(400);
    expect(wrong.body.error).toMatchObject({ code: 'current_password_incorrect', param: 'currentPassword' });
    const changed = await api.http
      .post('/admin/auth/password')
      .set('authorization', member.authorization)
      .send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })
      .expect(200);
    expect(changed.body).toEqual({ ok: true, endedSessions: 1 });
    expect(changed.headers['cache-control']).toBe('no-store');
    await api.http.get('/admin/auth/me').set('authorization', member.authorization).expect(200);
    await replica.http
      .get('/admin/auth/me')
      .set('authorization', `Bearer ${other.body.accessToken}`)
      .expect(401);
    await login(member.email).expect(401);
    await login(member.email, NEW_PASSWORD).expect(200);

    const key = await api.http
      .post('/admin/api-keys')
      .set('authorization', owner.authorization)
      .send({ name: 'robot', role: 'auditor' })
      .expect(201);
    await api.http
      .post('/admin/auth/password')
      .set('authorization', `Bearer ${key.body.key}`)
      .send({ currentPassword: 'x', newPassword: NEW_PASSWORD })
      .expect(403);
  });

  describe('owners', () => {
    it('may only be changed by an owner', async () => {
      const other = await signedInAs(api, 'owner');
      const path = `/admin/users/${other.user.id}`;
      const refusals = [
        await api.http.patch(path).set('authorization', admin.authorization).send({ disabled: true }),
        await api.http.patch(path).set('authorization', admin.authorization).send({ role: 'admin' }),
        await api.http.delete(path).set('authorization', admin.authorization),
        await api.http
          .post(`${path}/password`)
          .set('authorization', admin.authorization)
          .send({ password: NEW_PASSWORD }),
      ];
      for (const refusal of refusals) {
        expect(refusal.status).toBe(403);
        expect(refusal.body.error.code).toBe('owner_only');
      }
      const member = await signedInAs(api, 'member');
      const promote = await api.http
        .patch(`/admin/users/${member.user.id}`)
        .set('authorization', admin.authorization)
        .send({ role: 'owner' })
        .expect(403);
      expect(promote.body.error).toMatchObject({ code: 'owner_only', param: 'role' });
      await api.http.get('/admin/auth/me').set('authorization', other.authorization).expect(200);
      const denied = await api.http
        .get('/admin/audit')
        .query({ action: 'access.denied', actor: admin.email })
        .set('authorization', owner.authorization)
        .expect(200);
      expect(denied.body.items.length).toBeGreaterThanOrEqual(5);
    });

    it('always keeps one: the last owner cannot be demoted, disabled or deleted', async () => {
      const solo = await startTestApp();
      try {
        const only = await signedInAs(solo, 'owner');
        const path = `/admin/users/${only.user.id}`;
        const attempts = [
          await solo.http.patch(path).set('authorization', only.authorization).send({ role: 'admin' }),
          await solo.http.patch(path).set('authorization', only.authorization).send({ disabled: true }),
          await solo.http.delete(path).set('authorization', only.authorization),
        ];
        for (const attempt of attempts) {
          expect(attempt.status).toBe(409);
          expect(attempt.body.error.code).toBe('last_owner');
        }
        await solo.http.get('/admin/auth/me').set('authorization', only.authorization).expect(200);

        // With a second owner either may step down, but two owners demoting each other at once leave one.
        const second = await signedInAs(solo, 'owner');
        const [a, b] = await Promise.all([
          solo.http.patch(path).set('authorization', second.authorization).send({ role: 'admin' }),
          solo.http
            .patch(`/admin/users/${second.user.id}`)
            .set('authorization', only.authorization)
            .send({ role: 'admin' }),
        ]);
        expect([a.status, b.status].sort()).toEqual([200, 409]);
        const owners = await solo.http
          .get('/admin/users')
          .set('authorization', `Bearer ${await createOwnerKey(solo)}`)
          .expect(200);
        expect(owners.body.items.filter((u: { role: string }) => u.role === 'owner')).toHaveLength(1);
      } finally {
        await solo.close();
      }
    });
  });

  it('answers ten concurrent creates of one user with one 201 and nine 409s', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.http
          .post('/admin/users')
          .set('authorization', owner.authorization)
          .send({ email: 'race@example.com', password: TEST_PASSWORD, role: 'member' }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    for (const answer of answers.filter((a) => a.status === 409))
      expect(answer.body.error).toMatchObject({ code: 'email_taken', param: 'email' });
  });
});

/** An owner API key made straight in the database, for a spec whose owners are being demoted. */
async function createOwnerKey(api: TestApp): Promise<string> {
  const { issueToken } = await import('@switchyard/crypto');
  const { ApiCredentialsRepository } =
    await import('../../src/modules/api-keys/api-credentials.repository.js');
  const issued = issueToken('sya');
  await api.app.get(ApiCredentialsRepository, { strict: false }).create({
    name: 'test owner key',
    role: 'owner',
    hash: issued.hash,
    prefix: issued.prefix,
    createdById: null,
    expiresAt: null,
  });
  return issued.token;
}
