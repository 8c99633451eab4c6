import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProxyTokenAuthenticator } from '../../src/modules/proxy-tokens/proxy-token.authenticator.js';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { auditOf, createTeam, type Session, type TeamBody, teamUser, uniqueName } from './team-fixtures.js';

describe('teams and members', () => {
  let api: TestApp;
  let owner: Session;

  beforeAll(async () => {
    api = await startTestApp();
    owner = await signedInAs(api, 'owner');
  });

  afterAll(async () => {
    await api.close();
  });

  const as = (session: Session) => ({ authorization: session.authorization });

  it('creates, reads, renames and lists teams, and audits each change', async () => {
    const name = uniqueName('platform');
    const created = await api.http
      .post('/admin/teams')
      .set(as(owner))
      .send({ name: `  ${name}  ` })
      .expect(201);
    expect(created.body).toMatchObject({ name, deletedAt: null, members: [] });
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(created.body.createdAt)).not.toBeNaN();

    const clash = await api.http.post('/admin/teams').set(as(owner)).send({ name }).expect(409);
    expect(clash.body.error).toMatchObject({
      code: 'team_name_taken',
      param: 'name',
      type: 'conflict_error',
    });

    const renamed = await api.http
      .patch(`/admin/teams/${created.body.id}`)
      .set(as(owner))
      .send({ name: `${name}-renamed` })
      .expect(200);
    expect(renamed.body.name).toBe(`${name}-renamed`);
    // Renaming a team to its own name is not a clash.
    await api.http
      .patch(`/admin/teams/${created.body.id}`)
      .set(as(owner))
      .send({ name: `${name}-renamed` })
      .expect(200);
    const other = await createTeam(api, owner);
    const renameClash = await api.http
      .patch(`/admin/teams/${other.id}`)
      .set(as(owner))
      .send({ name: `${name}-renamed` })
      .expect(409);
    expect(renameClash.body.error.code).toBe('team_name_taken');

    const read = await api.http.get(`/admin/teams/${created.body.id}`).set(as(owner)).expect(200);
    expect(read.body).toMatchObject({ id: created.body.id, name: `${name}-renamed`, members: [] });
    await api.http.get(`/admin/teams/${randomUUID()}`).set(as(owner)).expect(404);

    const audit = await auditOf(api, owner, created.body.id);
    expect(audit.map((e) => e.action)).toEqual(['team.update', 'team.update', 'team.create']);
    expect(audit[2]).toMatchObject({ actor: { label: owner.email }, after: { name } });
    expect(audit[1]).toMatchObject({ before: { name }, after: { name: `${name}-renamed` } });
  });

  it('pages the team list on the server, in name order', async () => {
    const stem = uniqueName('paging');
    for (const suffix of ['c', 'a', 'b']) await createTeam(api, owner, `${stem}-${suffix}`);
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.http
        .get('/admin/teams')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(as(owner))
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      names.push(...page.body.items.map((t: TeamBody) => t.name));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(names.filter((n) => n.startsWith(stem))).toEqual([`${stem}-a`, `${stem}-b`, `${stem}-c`]);
    expect(new Set(names).size).toBe(names.length);
    await api.http.get('/admin/teams').query({ limit: 201 }).set(as(owner)).expect(400);
    await api.http.get('/admin/teams').query({ cursor: 'garbage' }).set(as(owner)).expect(400);
  });

  it('refuses malformed bodies and parameters with a 400 naming the field', async () => {
    const team = await createTeam(api, owner);
    const cases: [string, string, object, string][] = [
      ['post', '/admin/teams', {}, 'name'],
      ['post', '/admin/teams', { name: 42 }, 'name'],
      ['post', '/admin/teams', { name: '   ' }, 'name'],
      ['post', '/admin/teams', { name: 'x'.repeat(101) }, 'name'],
      ['patch', `/admin/teams/${team.id}`, { name: null }, 'name'],
      ['post', `/admin/teams/${team.id}/members`, { role: 'member' }, 'userId'],
      ['post', `/admin/teams/${team.id}/members`, { userId: 'not-a-uuid', role: 'member' }, 'userId'],
      ['post', `/admin/teams/${team.id}/members`, { userId: owner.user.id, role: 'owner' }, 'role'],
      ['post', `/admin/teams/${team.id}/members`, { userId: owner.user.id }, 'role'],
      ['post', '/admin/teams/not-a-uuid/members', { userId: owner.user.id, role: 'member' }, 'teamId'],
    ];
    for (const [method, path, body, param] of cases) {
      const response = await (method === 'post' ? api.http.post(path) : api.http.patch(path))
        .set(as(owner))
        .send(body)
        .expect(400);
      expect({ path, body, error: response.body.error }).toMatchObject({
        error: { code: 'invalid_request', param, type: 'invalid_request_error' },
      });
    }
    const unknownField = await api.http
      .post('/admin/teams')
      .set(as(owner))
      .send({ name: uniqueName('x'), budget: 10 })
      .expect(400);
    expect(unknownField.body.error.message).toContain('budget');
    await api.http.get('/admin/teams/not-a-uuid').set(as(owner)).expect(400);
    await api.http.delete(`/admin/teams/${team.id}/members/nope`).set(as(owner)).expect(400);
  });

  it('adds, updates and removes members, shows them on the team, and audits it', async () => {
    const team = await createTeam(api, owner);
    const alice = await signedInAs(api, 'member');
    const added = await api.http
      .post(`/admin/teams/${team.id}/members`)
      .set(as(owner))
      .send({ userId: alice.user.id, role: 'member' })
      .expect(201);
    expect(added.body).toMatchObject({
      teamId: team.id,
      userId: alice.user.id,
      email: alice.email,
      role: 'member',
    });
    await api.http
      .post(`/admin/teams/${team.id}/members`)
      .set(as(owner))
      .send({ userId: alice.user.id, role: 'team_admin' })
      .expect(201);
    const read = await api.http.get(`/admin/teams/${team.id}`).set(as(owner)).expect(200);
    expect(read.body.members).toEqual([
      expect.objectContaining({ userId: alice.user.id, email: alice.email, role: 'team_admin' }),
    ]);
    const listed = await api.http.get('/admin/teams').query({ limit: 200 }).set(as(owner)).expect(200);
    expect(listed.body.items.find((t: TeamBody) => t.id === team.id)).toMatchObject({ memberCount: 1 });

    const unknownUser = await api.http
      .post(`/admin/teams/${team.id}/members`)
      .set(as(owner))
      .send({ userId: randomUUID(), role: 'member' })
      .expect(404);
    expect(unknownUser.body.error).toMatchObject({ code: 'user_not_found', param: 'userId' });

    await api.http.delete(`/admin/teams/${team.id}/members/${alice.user.id}`).set(as(owner)).expect(200);
    const notMember = await api.http
      .delete(`/admin/teams/${team.id}/members/${alice.user.id}`)
      .set(as(owner))
      .expect(404);
    expect(notMember.body.error.code).toBe('member_not_found');
    expect((await api.http.get(`/admin/teams/${team.id}`).set(as(owner)).expect(200)).body.members).toEqual(
      [],
    );

    const audit = await auditOf(api, owner, team.id);
    expect(audit.map((e) => e.action)).toEqual([
      'team.member.remove',
      'team.member.update',
      'team.member.add',
      'team.create',
    ]);
    expect(audit[1]).toMatchObject({
      before: { userId: alice.user.id, role: 'member' },
      after: { userId: alice.user.id, role: 'team_admin' },
    });
  });

  it('lets a team_admin manage their own team only, and hides other teams behind 404', async () => {
    const teamA = await createTeam(api, owner);
    const teamB = await createTeam(api, owner);
    const admin = await teamUser(api, owner, teamA.id, 'team_admin');
    const newcomer = await signedInAs(api, 'member');
    const inB = await teamUser(api, owner, teamB.id, 'member');

    const listed = await api.http.get('/admin/teams').query({ limit: 200 }).set(as(admin)).expect(200);
    expect(listed.body.items.map((t: TeamBody) => t.id)).toEqual([teamA.id]);
    await api.http.get(`/admin/teams/${teamA.id}`).set(as(admin)).expect(200);

    await api.http
      .post(`/admin/teams/${teamA.id}/members`)
      .set(as(admin))
      .send({ userId: newcomer.user.id, role: 'team_admin' })
      .expect(201);
    await api.http
      .post(`/admin/teams/${teamA.id}/members`)
      .set(as(admin))
      .send({ userId: newcomer.user.id, role: 'member' })
      .expect(201);
    // Nothing above team_admin can be granted through a team.
    const promote = await api.http
      .post(`/admin/teams/${teamA.id}/members`)
      .set(as(admin))
      .send({ userId: newcomer.user.id, role: 'admin' })
      .expect(400);
    expect(promote.body.error.param).toBe('role');
    await api.http.delete(`/admin/teams/${teamA.id}/members/${newcomer.user.id}`).set(as(admin)).expect(200);

    const hidden = await api.http.get(`/admin/teams/${teamB.id}`).set(as(admin)).expect(404);
    expect(hidden.body.error.code).toBe('team_not_found');
    const missing = await api.http.get(`/admin/teams/${randomUUID()}`).set(as(admin)).expect(404);
    expect(missing.body.error.code).toBe(hidden.body.error.code);
    await api.http
      .post(`/admin/teams/${teamB.id}/members`)
      .set(as(admin))
      .send({ userId: newcomer.user.id, role: 'member' })
      .expect(404);
    await api.http.delete(`/admin/teams/${teamB.id}/members/${inB.user.id}`).set(as(admin)).expect(404);
    const stillInB = await api.http.get(`/admin/teams/${teamB.id}`).set(as(owner)).expect(200);
    expect(stillInB.body.members.map((m: { userId: string }) => m.userId)).toEqual([inB.user.id]);

    // Organisation-level changes stay with owners and admins.
    await api.http
      .post('/admin/teams')
      .set(as(admin))
      .send({ name: uniqueName('mine') })
      .expect(403);
    await api.http
      .patch(`/admin/teams/${teamA.id}`)
      .set(as(admin))
      .send({ name: uniqueName('x') })
      .expect(403);
    await api.http.delete(`/admin/teams/${teamA.id}`).set(as(admin)).expect(403);
  });

  it('lets a member read only their team, and a team_admin who is a plain member of a team not manage it', async () => {
    const team = await createTeam(api, owner);
    const other = await createTeam(api, owner);
    const member = await teamUser(api, owner, team.id, 'member');
    const listed = await api.http.get('/admin/teams').set(as(member)).expect(200);
    expect(listed.body.items.map((t: TeamBody) => t.id)).toEqual([team.id]);
    await api.http.get(`/admin/teams/${other.id}`).set(as(member)).expect(404);
    await api.http
      .post(`/admin/teams/${team.id}/members`)
      .set(as(member))
      .send({ userId: member.user.id, role: 'team_admin' })
      .expect(403);

    const adminElsewhere = await teamUser(api, owner, team.id, 'member', 'team_admin');
    const refused = await api.http
      .post(`/admin/teams/${team.id}/members`)
      .set(as(adminElsewhere))
      .send({ userId: adminElsewhere.user.id, role: 'team_admin' })
      .expect(403);
    expect(refused.body.error.code).toBe('not_team_admin');

    const noTeams = await signedInAs(api, 'team_admin');
    expect((await api.http.get('/admin/teams').set(as(noTeams)).expect(200)).body).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('soft-deletes a team: hidden from lists, readable by id for organisation roles, tokens revoked', async () => {
    const team = await createTeam(api, owner);
    const admin = await teamUser(api, owner, team.id, 'team_admin');
    const auditor = await signedInAs(api, 'auditor');
    const issued = await api.http
      .post(`/admin/teams/${team.id}/tokens`)
      .set(as(admin))
      .send({ name: 'ci' })
      .expect(201);
    const authenticator = api.app.get(ProxyTokenAuthenticator, { strict: false });
    expect(await authenticator.authenticate(issued.body.token)).not.toBeNull();

    const deleted = await api.http.delete(`/admin/teams/${team.id}`).set(as(owner)).expect(200);
    expect(deleted.body.deletedAt).not.toBeNull();
    expect(await authenticator.authenticate(issued.body.token)).toBeNull();

    const listed = await api.http.get('/admin/teams').query({ limit: 200 }).set(as(owner)).expect(200);
    expect(listed.body.items.map((t: TeamBody) => t.id)).not.toContain(team.id);
    for (const reader of [owner, auditor]) {
      const read = await api.http.get(`/admin/teams/${team.id}`).set(as(reader)).expect(200);
      expect(read.body).toMatchObject({ id: team.id, deletedAt: deleted.body.deletedAt });
    }
    await api.http.get(`/admin/teams/${team.id}`).set(as(admin)).expect(404);
    expect((await api.http.get('/admin/teams').set(as(admin)).expect(200)).body.items).toEqual([]);

    const token = await api.http.get(`/admin/tokens/${issued.body.id}`).set(as(owner)).expect(200);
    expect(token.body.revokedAt).not.toBeNull();

    const renamed = await api.http
      .patch(`/admin/teams/${team.id}`)
      .set(as(owner))
      .send({ name: uniqueName('again') })
      .expect(409);
    expect(renamed.body.error.code).toBe('team_deleted');
    await api.http
      .post(`/admin/teams/${team.id}/members`)
      .set(as(owner))
      .send({ userId: owner.user.id, role: 'member' })
      .expect(409);
    await api.http.post(`/admin/teams/${team.id}/tokens`).set(as(owner)).send({ name: 'late' }).expect(409);

    // Deleting again changes nothing and records nothing new; the name is free for a new team.
    const again = await api.http.delete(`/admin/teams/${team.id}`).set(as(owner)).expect(200);
    expect(again.body.deletedAt).toBe(deleted.body.deletedAt);
    await createTeam(api, owner, team.name);

    const teamAudit = (await auditOf(api, owner, team.id)).map((e) => e.action);
    expect(teamAudit.filter((a) => a === 'team.delete')).toHaveLength(1);
    expect(teamAudit).toContain('token.revoke_all');
    const revokeAll = (await auditOf(api, owner, team.id)).find((e) => e.action === 'token.revoke_all');
    expect(revokeAll?.after).toEqual({ reason: 'team.delete', revokedCount: 1 });
  });
});
