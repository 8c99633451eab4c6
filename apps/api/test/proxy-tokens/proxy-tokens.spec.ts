import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { hashToken } from '@switchyard/crypto';
import pg from 'pg';
import { LastUsedTracker } from '../../src/modules/proxy-tokens/last-used-tracker.js';
import { ProxyTokenAuthenticator } from '../../src/modules/proxy-tokens/proxy-token.authenticator.js';
import { ProxyTokensRepository } from '../../src/modules/proxy-tokens/proxy-tokens.repository.js';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { auditOf, createTeam, type Session, type TeamBody, teamUser } from '../teams/team-fixtures.js';

interface TokenBody {
  id: string;
  token?: string;
  prefix: string;
  teamId: string;
  name: string;
  revokedAt: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('proxy tokens', () => {
  let api: TestApp;
  let owner: Session;
  let team: TeamBody;
  let authenticator: ProxyTokenAuthenticator;

  beforeAll(async () => {
    api = await startTestApp();
    owner = await signedInAs(api, 'owner');
    team = await createTeam(api, owner);
    authenticator = api.app.get(ProxyTokenAuthenticator, { strict: false });
  });

  afterAll(async () => {
    await api.close();
  });

  const as = (session: Session) => ({ authorization: session.authorization });

  const issue = async (teamId: string, body: object = { name: 'svc' }, session = owner) =>
    (await api.http.post(`/admin/teams/${teamId}/tokens`).set(as(session)).send(body).expect(201))
      .body as TokenBody & { token: string };

  it('issues a token with its settings, shows it once, and stores only its hash', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await api.http
      .post(`/admin/teams/${team.id}/tokens`)
      .set(as(owner))
      .send({
        name: 'backend',
        allowedModels: ['openai/gpt-4o-mini', 'anthropic/*', 'openrouter/openai/gpt-4o', 'fast', 'fast'],
        rpm: 60,
        tpm: 100_000,
        budgetUsd: 12.345678,
        expiresAt,
      })
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'backend',
      teamId: team.id,
      allowedModels: ['openai/gpt-4o-mini', 'anthropic/*', 'openrouter/openai/gpt-4o', 'fast'],
      rpm: 60,
      tpm: 100_000,
      budgetUsd: 12.345678,
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    });
    const { token, prefix, id } = created.body as { token: string; prefix: string; id: string };
    expect(token).toMatch(/^sy-[A-Za-z0-9]{40}$/);
    expect(token.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThan(token.length);

    const client = new pg.Client({ connectionString: api.database.url });
    await client.connect();
    const { rows } = await client.query('SELECT * FROM proxy_tokens WHERE id = $1', [id]);
    await client.end();
    expect(rows[0].hash).toBe(hashToken(token));
    expect(rows[0].budget_limit_micros).toBe('12345678');
    expect(JSON.stringify(rows)).not.toContain(token);

    const principal = await authenticator.authenticate(token);
    expect(principal).toEqual({
      tokenId: id,
      teamId: team.id,
      name: 'backend',
      allowedModels: ['openai/gpt-4o-mini', 'anthropic/*', 'openrouter/openai/gpt-4o', 'fast'],
      rpm: 60,
      tpm: 100_000,
      budgetLimitMicros: 12_345_678n,
      budgetPeriod: 'monthly',
      expiresAt: new Date(expiresAt),
      logBodies: false,
      requireUser: false,
    });

    const later = [
      await api.http.get(`/admin/tokens/${id}`).set(as(owner)).expect(200),
      await api.http.get('/admin/tokens').query({ limit: 200 }).set(as(owner)).expect(200),
      await api.http.get(`/admin/teams/${team.id}/tokens`).set(as(owner)).expect(200),
      await api.http.get('/admin/audit').query({ limit: 200 }).set(as(owner)).expect(200),
    ];
    for (const response of later) {
      const text = JSON.stringify(response.body);
      expect(text).not.toContain(token);
      expect(text).not.toContain(hashToken(token));
    }
    expect(later[0]!.body).toMatchObject({ id, prefix, name: 'backend' });
    expect(later[0]!.body.token).toBeUndefined();

    const audit = await auditOf(api, owner, id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'token.create', after: { id, teamId: team.id, prefix } });
  });

  it('defaults to every model, no limits and no expiry', async () => {
    const created = await issue(team.id, { name: 'open' });
    expect(created).toMatchObject({
      allowedModels: [],
      rpm: null,
      tpm: null,
      budgetUsd: null,
      expiresAt: null,
    });
    expect(await authenticator.authenticate(created.token)).toMatchObject({
      allowedModels: [],
      rpm: null,
      tpm: null,
      budgetLimitMicros: null,
      expiresAt: null,
    });
  });

  it('refuses malformed token settings with a 400 naming the field', async () => {
    const cases: [object, string][] = [
      [{}, 'name'],
      [{ name: 7 }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 'a', rpm: 0 }, 'rpm'],
      [{ name: 'a', rpm: 1.5 }, 'rpm'],
      [{ name: 'a', rpm: '60' }, 'rpm'],
      [{ name: 'a', rpm: 1_000_000_001 }, 'rpm'],
      [{ name: 'a', tpm: -1 }, 'tpm'],
      [{ name: 'a', budgetUsd: -0.01 }, 'budgetUsd'],
      [{ name: 'a', budgetUsd: 1.0000001 }, 'budgetUsd'],
      [{ name: 'a', budgetUsd: '5' }, 'budgetUsd'],
      [{ name: 'a', expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ name: 'a', expiresAt: new Date(Date.now() - 1000).toISOString() }, 'expiresAt'],
      [{ name: 'a', allowedModels: 'openai/gpt-4o' }, 'allowedModels'],
      [{ name: 'a', allowedModels: Array.from({ length: 201 }, (_, i) => `p/m${i}`) }, 'allowedModels'],
      [{ name: 'a', allowedModels: [`openai/${'m'.repeat(200)}`] }, 'allowedModels.0'],
      [{ name: 'a', allowedModels: ['ok/model', 'has space'] }, 'allowedModels.1'],
      [{ name: 'a', allowedModels: ['*'] }, 'allowedModels.0'],
      [{ name: 'a', allowedModels: ['openai/gpt-*'] }, 'allowedModels.0'],
      [{ name: 'a', allowedModels: [42] }, 'allowedModels.0'],
    ];
    for (const [body, param] of cases) {
      const response = await api.http.post(`/admin/teams/${team.id}/tokens`).set(as(owner)).send(body);
      expect({ body, status: response.status, error: response.body.error }).toMatchObject({
        status: 400,
        error: { code: 'invalid_request', param, type: 'invalid_request_error' },
      });
    }
    const unknownField = await api.http
      .post(`/admin/teams/${team.id}/tokens`)
      .set(as(owner))
      .send({ name: 'a', teamId: randomUUID() })
      .expect(400);
    expect(unknownField.body.error.message).toContain('teamId');
    const badQuery = await api.http
      .get('/admin/tokens')
      .query({ includeRevoked: 'yes' })
      .set(as(owner))
      .expect(400);
    expect(badQuery.body.error.param).toBe('includeRevoked');
    const badTeam = await api.http.get('/admin/tokens').query({ teamId: 'x' }).set(as(owner)).expect(400);
    expect(badTeam.body.error.param).toBe('teamId');
    expect((await api.http.get('/admin/tokens/nope').set(as(owner)).expect(400)).body.error.param).toBe(
      'tokenId',
    );
    await api.http.post(`/admin/teams/${randomUUID()}/tokens`).set(as(owner)).send({ name: 'a' }).expect(404);
  });

  it('pages token lists on the server, newest first, leaving out revoked tokens unless asked', async () => {
    const own = await createTeam(api, owner);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await issue(own.id, { name: `t${i}` })).id);
    await api.http.delete(`/admin/tokens/${ids[1]}`).set(as(owner)).expect(200);

    const collect = async (path: string, query: Record<string, string | number>) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.http
          .get(path)
          .query({ ...query, limit: 2, ...(cursor ? { cursor } : {}) })
          .set(as(owner))
          .expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((t: TokenBody) => t.id));
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    const newestFirst = [...ids].reverse();
    expect(await collect(`/admin/teams/${own.id}/tokens`, {})).toEqual(
      newestFirst.filter((id) => id !== ids[1]),
    );
    expect(await collect(`/admin/teams/${own.id}/tokens`, { includeRevoked: 'true' })).toEqual(newestFirst);
    expect(await collect('/admin/tokens', { teamId: own.id, includeRevoked: 'true' })).toEqual(newestFirst);
    const everyTeam = await collect('/admin/tokens', {});
    expect(everyTeam).toEqual(expect.arrayContaining(newestFirst.filter((id) => id !== ids[1])));
    expect(everyTeam).not.toContain(ids[1]);
    const auditor = await signedInAs(api, 'auditor');
    const asAuditor = await api.http.get('/admin/tokens').query({ limit: 200 }).set(as(auditor)).expect(200);
    expect(asAuditor.body.items.length).toBeGreaterThanOrEqual(4);
  });

  it('revokes idempotently, and the token stops authenticating at once', async () => {
    const created = await issue(team.id);
    expect(await authenticator.authenticate(created.token)).not.toBeNull();
    const revoked = await api.http.delete(`/admin/tokens/${created.id}`).set(as(owner)).expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect(revoked.body.token).toBeUndefined();
    expect(await authenticator.authenticate(created.token)).toBeNull();
    const again = await api.http.delete(`/admin/tokens/${created.id}`).set(as(owner)).expect(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    await api.http.delete(`/admin/tokens/${randomUUID()}`).set(as(owner)).expect(404);
    expect((await auditOf(api, owner, created.id)).map((e) => e.action)).toEqual([
      'token.revoke',
      'token.create',
    ]);
  });

  it('rotates a token: same settings, new secret shown once, the old one dead', async () => {
    const created = await issue(team.id, {
      name: 'rotating',
      allowedModels: ['openai/*'],
      rpm: 5,
      budgetUsd: 3,
    });
    const rotated = await api.http.post(`/admin/tokens/${created.id}/rotate`).set(as(owner)).expect(201);
    expect(rotated.body).toMatchObject({
      name: 'rotating',
      teamId: team.id,
      allowedModels: ['openai/*'],
      rpm: 5,
      tpm: null,
      budgetUsd: 3,
      revokedAt: null,
      rotatedFromId: created.id,
    });
    expect(rotated.body.id).not.toBe(created.id);
    expect(rotated.body.token).toMatch(/^sy-/);
    expect(rotated.body.token).not.toBe(created.token);
    expect(await authenticator.authenticate(created.token)).toBeNull();
    expect(await authenticator.authenticate(rotated.body.token)).toMatchObject({ tokenId: rotated.body.id });
    const old = await api.http.get(`/admin/tokens/${created.id}`).set(as(owner)).expect(200);
    expect(old.body.revokedAt).not.toBeNull();
    const fresh = await api.http.get(`/admin/tokens/${rotated.body.id}`).set(as(owner)).expect(200);
    expect(JSON.stringify(fresh.body)).not.toContain(rotated.body.token);

    const twice = await api.http.post(`/admin/tokens/${created.id}/rotate`).set(as(owner)).expect(409);
    expect(twice.body.error.code).toBe('token_revoked');
    const audit = await auditOf(api, owner, created.id);
    expect(audit.map((e) => e.action)).toEqual(['token.rotate', 'token.create']);
    expect(JSON.stringify(audit)).not.toContain(rotated.body.token);
  });

  it('rotates with an overlap: both secrets work until it ends, which is shown and audited', async () => {
    const created = await issue(team.id, { name: 'overlapping' });
    const rotatedAt = Date.now();
    const rotated = await api.http
      .post(`/admin/tokens/${created.id}/rotate`)
      .set(as(owner))
      .send({ graceSeconds: 2 })
      .expect(201);
    const graceUntil = Date.parse(rotated.body.graceUntil as string);
    expect(graceUntil - rotatedAt).toBeGreaterThanOrEqual(1_900);
    expect(graceUntil - rotatedAt).toBeLessThan(3_000);
    expect(await authenticator.authenticate(created.token)).toMatchObject({ tokenId: created.id });
    expect(await authenticator.authenticate(rotated.body.token)).toMatchObject({ tokenId: rotated.body.id });
    const old = await api.http.get(`/admin/tokens/${created.id}`).set(as(owner)).expect(200);
    expect(old.body.revokedAt).toBe(rotated.body.graceUntil);
    // Still listed while it works, and it cannot be rotated or edited again.
    const listed = await api.http.get(`/admin/teams/${team.id}/tokens?limit=200`).set(as(owner)).expect(200);
    expect(listed.body.items.map((t: TokenBody) => t.id)).toContain(created.id);
    await api.http.post(`/admin/tokens/${created.id}/rotate`).set(as(owner)).expect(409);
    await api.http.patch(`/admin/tokens/${created.id}`).set(as(owner)).send({ rpm: 5 }).expect(409);
    const audit = await auditOf(api, owner, created.id);
    expect(audit[0]).toMatchObject({
      action: 'token.rotate',
      after: { graceSeconds: 2, graceUntil: rotated.body.graceUntil },
    });

    await sleep(Math.max(0, graceUntil - Date.now()) + 50);
    // The cached entry ends with the overlap too: no read of the database decides it.
    expect(await authenticator.authenticate(created.token)).toBeNull();
    expect(await authenticator.authenticate(rotated.body.token)).not.toBeNull();
  });

  it('ends an overlap at once when the old token is revoked, and refuses an overlap over 24 hours', async () => {
    const created = await issue(team.id, { name: 'cut short' });
    await api.http
      .post(`/admin/tokens/${created.id}/rotate`)
      .set(as(owner))
      .send({ graceSeconds: 3600 })
      .expect(201);
    expect(await authenticator.authenticate(created.token)).not.toBeNull();
    const revoked = await api.http.delete(`/admin/tokens/${created.id}`).set(as(owner)).expect(200);
    expect(Date.parse(revoked.body.revokedAt as string)).toBeLessThanOrEqual(Date.now());
    expect(await authenticator.authenticate(created.token)).toBeNull();
    const other = await issue(team.id, { name: 'too long' });
    const refused = await api.http
      .post(`/admin/tokens/${other.id}/rotate`)
      .set(as(owner))
      .send({ graceSeconds: 86_401 })
      .expect(400);
    expect(refused.body.error.param).toBe('graceSeconds');
  });

  it('edits a token in place: the fields given change, null clears one, the rest stay', async () => {
    const created = await issue(team.id, {
      name: 'editable',
      allowedModels: ['openai/*'],
      rpm: 10,
      budgetUsd: 5,
    });
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const edited = await api.http
      .patch(`/admin/tokens/${created.id}`)
      .set(as(owner))
      .send({ name: 'edited', rpm: null, tpm: 5000, expiresAt, budgetUsd: 7.5 })
      .expect(200);
    expect(edited.body).toMatchObject({
      id: created.id,
      name: 'edited',
      allowedModels: ['openai/*'],
      rpm: null,
      tpm: 5000,
      budgetUsd: 7.5,
      expiresAt,
    });
    expect(await authenticator.authenticate(created.token)).toMatchObject({
      name: 'edited',
      rpm: null,
      tpm: 5000,
    });
    const audit = await auditOf(api, owner, created.id);
    expect(audit[0]).toMatchObject({
      action: 'token.update',
      before: { name: 'editable', rpm: 10 },
      after: { name: 'edited' },
    });
    const empty = await api.http.patch(`/admin/tokens/${created.id}`).set(as(owner)).send({}).expect(400);
    expect(empty.body.error.message).toMatch(/must change at least one/);
    const past = await api.http
      .patch(`/admin/tokens/${created.id}`)
      .set(as(owner))
      .send({ expiresAt: '2020-01-01T00:00:00Z' })
      .expect(400);
    expect(past.body.error.param).toBe('expiresAt');
    await api.http.patch(`/admin/tokens/${randomUUID()}`).set(as(owner)).send({ rpm: 1 }).expect(404);
  });

  it('isolates tenants: a team_admin reaches only their own teams, and a member no tokens at all', async () => {
    const teamA = await createTeam(api, owner);
    const teamB = await createTeam(api, owner);
    const adminA = await teamUser(api, owner, teamA.id, 'team_admin');
    const memberA = await teamUser(api, owner, teamA.id, 'member');
    const plainInA = await teamUser(api, owner, teamA.id, 'member', 'team_admin');
    const tokenB = await issue(teamB.id, { name: 'b' });

    const mine = await issue(teamA.id, { name: 'a' }, adminA);
    await api.http.get(`/admin/teams/${teamA.id}/tokens`).set(as(adminA)).expect(200);
    const listed = await api.http.get('/admin/tokens').query({ limit: 200 }).set(as(adminA)).expect(200);
    expect(listed.body.items.map((t: TokenBody) => t.id)).toEqual([mine.id]);

    const notFound = [
      api.http.get(`/admin/teams/${teamB.id}/tokens`).set(as(adminA)),
      api.http.post(`/admin/teams/${teamB.id}/tokens`).set(as(adminA)).send({ name: 'sneaky' }),
      api.http.get('/admin/tokens').query({ teamId: teamB.id }).set(as(adminA)),
      api.http.get(`/admin/tokens/${tokenB.id}`).set(as(adminA)),
      api.http.delete(`/admin/tokens/${tokenB.id}`).set(as(adminA)),
      api.http.post(`/admin/tokens/${tokenB.id}/rotate`).set(as(adminA)),
    ];
    for (const request of notFound) expect((await request).status).toBe(404);
    // Another team's token answers exactly like a token that does not exist.
    const foreign = await api.http.get(`/admin/tokens/${tokenB.id}`).set(as(adminA)).expect(404);
    const absent = await api.http.get(`/admin/tokens/${randomUUID()}`).set(as(adminA)).expect(404);
    expect(foreign.body.error.code).toBe(absent.body.error.code);
    expect(await authenticator.authenticate(tokenB.token)).not.toBeNull();

    await api.http.post(`/admin/teams/${teamA.id}/tokens`).set(as(memberA)).send({ name: 'm' }).expect(403);
    await api.http.get(`/admin/teams/${teamA.id}/tokens`).set(as(memberA)).expect(403);
    await api.http.delete(`/admin/tokens/${mine.id}`).set(as(memberA)).expect(403);

    const refused = await api.http
      .post(`/admin/teams/${teamA.id}/tokens`)
      .set(as(plainInA))
      .send({ name: 'p' })
      .expect(403);
    expect(refused.body.error.code).toBe('not_team_admin');
    const cannotRevoke = await api.http.delete(`/admin/tokens/${mine.id}`).set(as(plainInA)).expect(403);
    expect(cannotRevoke.body.error.code).toBe('not_team_admin');
    await api.http.get(`/admin/tokens/${mine.id}`).set(as(plainInA)).expect(200);

    const auditor = await signedInAs(api, 'auditor');
    await api.http.post(`/admin/teams/${teamA.id}/tokens`).set(as(auditor)).send({ name: 'x' }).expect(403);

    const revoked = await api.http.delete(`/admin/tokens/${mine.id}`).set(as(adminA)).expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
  });

  it('answers a known token from memory, and an unknown one from memory for a second', async () => {
    const repository = api.app.get(ProxyTokensRepository, { strict: false });
    const reads = jest.spyOn(repository, 'findForAuthentication');
    try {
      const created = await issue(team.id);
      for (let i = 0; i < 20; i += 1) expect(await authenticator.authenticate(created.token)).not.toBeNull();
      expect(reads).toHaveBeenCalledTimes(1);

      reads.mockClear();
      const unknown = `sy-${'x'.repeat(40)}`;
      await Promise.all(Array.from({ length: 10 }, () => authenticator.authenticate(unknown)));
      expect(await authenticator.authenticate(unknown)).toBeNull();
      expect(reads).toHaveBeenCalledTimes(1);
      await sleep(1100);
      expect(await authenticator.authenticate(unknown)).toBeNull();
      expect(reads).toHaveBeenCalledTimes(2);

      reads.mockClear();
      for (const garbage of ['', 'sy-', 'sya-abc', 'Bearer sy-abc', `sy-${'a'.repeat(500)}`]) {
        expect(await authenticator.authenticate(garbage)).toBeNull();
      }
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
  });

  it('refuses a token once it expires', async () => {
    const created = await issue(team.id, {
      name: 'short',
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    expect(await authenticator.authenticate(created.token)).not.toBeNull();
    await sleep(1600);
    expect(await authenticator.authenticate(created.token)).toBeNull();
    const rotate = await api.http.post(`/admin/tokens/${created.id}/rotate`).set(as(owner)).expect(409);
    expect(rotate.body.error.code).toBe('token_expired');
  });

  it('records last use in batches, not on every request', async () => {
    const created = await issue(team.id);
    for (let i = 0; i < 5; i += 1) await authenticator.authenticate(created.token);
    const before = await api.http.get(`/admin/tokens/${created.id}`).set(as(owner)).expect(200);
    expect(before.body.lastUsedAt).toBeNull();
    const flushed = await api.app.get(LastUsedTracker, { strict: false }).flush();
    expect(flushed).toBeGreaterThanOrEqual(1);
    const after = await api.http.get(`/admin/tokens/${created.id}`).set(as(owner)).expect(200);
    expect(Date.now() - Date.parse(after.body.lastUsedAt)).toBeLessThan(10_000);
  });
});
