import { randomBytes } from 'node:crypto';
import { expect } from '@jest/globals';
import { type MockProvider, startMockProvider } from '@switchyard/testing';
import pg from 'pg';
import { UsageRecorder } from '../../src/modules/usage/usage-recorder.js';
import { signedInAs, TEST_PASSWORD } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { sampleUsageEvent } from '../support/usage-event.js';
import { addMember, type Session, teamUser, uniqueName } from '../teams/team-fixtures.js';

/** The callers the matrix tries every route as. */
export const PRINCIPALS = [
  'owner',
  'admin',
  'auditor',
  /** Global role team_admin, team_admin of team A. */
  'teamAdmin',
  /** Global role member, member of team A. */
  'member',
  /** Global role team_admin, but only a plain member of team A: passes the guard, not the team check. */
  'teamAdminAsMember',
  'adminKey',
  'auditorKey',
] as const;

export type PrincipalName = (typeof PRINCIPALS)[number];

/** A webhook URL for channels whose deliveries no test reads. */
export const NOWHERE_WEBHOOK = 'https://hooks.example.invalid/matrix';

export interface Principal {
  name: PrincipalName;
  authorization: string;
  /** What the audit log names the actor: a user's email, an API key's name. */
  label: string;
  teamScoped: boolean;
}

export interface MatrixWorld {
  api: TestApp;
  mock: MockProvider;
  db: pg.Client;
  owner: Session;
  principals: Record<PrincipalName, Principal>;
  teamA: string;
  teamB: string;
  /** The request id of a usage event recorded in each team. */
  requestOf: Record<string, string>;
  /** A custom provider of type openai pointing at the mock, so key tests never leave the machine. */
  mockProvider: string;
  /** Resources made fresh, as the first owner, for one call each. */
  make: Factories;
}

export interface Factories {
  team(): Promise<string>;
  teamWithBudget(teamId?: string): Promise<string>;
  user(role?: 'member' | 'owner'): Promise<string>;
  /** Signs a user in once more: a session of theirs that a test may end. */
  sessionOf(email: string): Promise<{ token: string; id: string }>;
  memberOf(teamId: string): Promise<string>;
  token(teamId: string): Promise<string>;
  apiKey(): Promise<string>;
  price(): Promise<{ provider: string; model: string }>;
  route(): Promise<string>;
  provider(): Promise<string>;
  providerKey(): Promise<string>;
  notificationChannel(): Promise<string>;
}

export const newSecret = () => `sk-matrix-${randomBytes(12).toString('hex')}`;

export async function startMatrixWorld(): Promise<MatrixWorld> {
  const mock = await startMockProvider();
  const api = await startTestApp();
  const db = new pg.Client({ connectionString: api.database.url });
  await db.connect();
  const owner = await signedInAs(api, 'owner');
  const as = { authorization: owner.authorization };

  const post = async (path: string, body: object, status = 201) =>
    (await api.http.post(path).set(as).send(body).expect(status)).body as Record<string, unknown>;

  const team = async () => (await post('/admin/teams', { name: uniqueName('matrix') })).id as string;
  const user = async (role: 'member' | 'owner' = 'member') =>
    (
      await post('/admin/users', {
        email: `${uniqueName('user')}@example.com`,
        password: 'long-enough-password',
        role,
      })
    ).id as string;

  const mockProvider = uniqueName('mockup');
  await post('/admin/providers', { name: mockProvider, type: 'openai', baseUrl: mock.baseUrl('openai') });

  const make: Factories = {
    team,
    user,
    async sessionOf(email) {
      const login = await api.http
        .post('/admin/auth/login')
        .send({ email, password: TEST_PASSWORD })
        .expect(200);
      const token = login.body.accessToken as string;
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
        sid: string;
      };
      return { token, id: claims.sid };
    },
    async teamWithBudget(teamId) {
      const id = teamId ?? (await team());
      await api.http
        .put(`/admin/teams/${id}/budget`)
        .set(as)
        .send({ limitUsd: 100, period: 'monthly' })
        .expect(200);
      return id;
    },
    async memberOf(teamId) {
      const userId = await user();
      await addMember(api, owner, teamId, userId, 'member');
      return userId;
    },
    async token(teamId) {
      return (await post(`/admin/teams/${teamId}/tokens`, { name: uniqueName('token') })).id as string;
    },
    async apiKey() {
      return (await post('/admin/api-keys', { name: uniqueName('key'), role: 'auditor' })).id as string;
    },
    async price() {
      const price = { provider: 'openai', model: uniqueName('model') };
      await api.http
        .put('/admin/pricing')
        .set(as)
        .send({ ...price, inputUsdPerMTok: 1, outputUsdPerMTok: 2 })
        .expect(200);
      return price;
    },
    async route() {
      const alias = uniqueName('alias');
      await post('/admin/routes', { alias, targets: ['openai/gpt-4o-mini'] }, 201);
      return alias;
    },
    async provider() {
      const name = uniqueName('custom');
      await post('/admin/providers', { name, type: 'openai', baseUrl: mock.baseUrl('openai') });
      return name;
    },
    async providerKey() {
      return (
        await post('/admin/provider-keys', {
          provider: mockProvider,
          secret: newSecret(),
          // The model its live test calls.
          models: ['gpt-4o-mini'],
          validate: false,
        })
      ).id as string;
    },
    async notificationChannel() {
      // A name that resolves nowhere here: deliveries fail fast, and no traffic leaves the machine.
      return (
        await post('/admin/notifications', {
          kind: 'webhook',
          url: NOWHERE_WEBHOOK,
          events: ['key.exhausted'],
        })
      ).id as string;
    },
  };

  const teamA = await team();
  const teamB = await team();
  const orgUser = async (name: PrincipalName, role: Parameters<typeof signedInAs>[1]): Promise<Principal> => {
    const session = await signedInAs(api, role);
    return { name, authorization: session.authorization, label: session.email, teamScoped: false };
  };
  const inTeamA = async (
    name: PrincipalName,
    teamRole: 'team_admin' | 'member',
    globalRole: 'team_admin' | 'member',
  ): Promise<Principal> => {
    const session = await teamUser(api, owner, teamA, teamRole, globalRole);
    return { name, authorization: session.authorization, label: session.email, teamScoped: true };
  };
  const apiKey = async (name: PrincipalName, role: 'admin' | 'auditor'): Promise<Principal> => {
    const label = uniqueName(name);
    const created = await post('/admin/api-keys', { name: label, role });
    return { name, authorization: `Bearer ${created.key as string}`, label, teamScoped: false };
  };
  const principals: Record<PrincipalName, Principal> = {
    owner: { name: 'owner', authorization: owner.authorization, label: owner.email, teamScoped: false },
    admin: await orgUser('admin', 'admin'),
    auditor: await orgUser('auditor', 'auditor'),
    teamAdmin: await inTeamA('teamAdmin', 'team_admin', 'team_admin'),
    member: await inTeamA('member', 'member', 'member'),
    teamAdminAsMember: await inTeamA('teamAdminAsMember', 'member', 'team_admin'),
    adminKey: await apiKey('adminKey', 'admin'),
    auditorKey: await apiKey('auditorKey', 'auditor'),
  };

  // Usage in both teams, so a filtered answer is visibly filtered rather than empty for want of data.
  const recorder = api.app.get(UsageRecorder, { strict: false });
  const requestOf: Record<string, string> = {};
  for (const teamId of [teamA, teamB]) {
    const event = sampleUsageEvent({ teamId });
    requestOf[teamId] = event.requestId;
    recorder.record(event);
  }
  await recorder.flush();

  return { api, mock, db, owner, principals, teamA, teamB, requestOf, mockProvider, make };
}

export async function stopMatrixWorld(world: MatrixWorld | undefined): Promise<void> {
  await world?.db.end();
  await world?.api.close();
  await world?.mock.close();
}

/** Every audit event written while serving one request. */
export async function auditOfRequest(world: MatrixWorld, requestId: string) {
  const result = await world.db.query<{
    action: string;
    actor_label: string | null;
    target_type: string | null;
    target_id: string | null;
  }>('SELECT action, actor_label, target_type, target_id FROM audit_events WHERE request_id = $1', [
    requestId,
  ]);
  return result.rows;
}

export const expectNoDeniedAudit = async (world: MatrixWorld, requestId: string) =>
  expect((await auditOfRequest(world, requestId)).map((row) => row.action)).not.toContain('access.denied');
