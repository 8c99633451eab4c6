import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PUBLIC_ADMIN_ROUTES } from '../../src/modules/auth/admin-request-gate.js';
import { TEST_PASSWORD } from '../support/admin-session.js';
import { uniqueName } from '../teams/team-fixtures.js';
import { adminRoutes, type OpenApiPaths, openApiRouteKeys } from './admin-routes.js';
import {
  auditOfRequest,
  type MatrixWorld,
  newSecret,
  NOWHERE_WEBHOOK,
  type Principal,
  type PrincipalName,
  PRINCIPALS,
  startMatrixWorld,
  stopMatrixWorld,
} from './matrix-world.js';

interface Call {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body?: object;
  query?: Record<string, string>;
}

interface CheckContext {
  world: MatrixWorld;
  principal: Principal;
  teamId: string;
}

interface Row {
  /** The route as OpenAPI names it: `METHOD /admin/path/{param}`. */
  route: string;
  /** Tells apart rows that try one route in different ways. */
  variant?: string;
  /** Who gets a 2xx (on their own team, for rows that hang off a team). Everyone else gets 403. */
  allow: readonly PrincipalName[];
  /** Denied by the service once the route's permission passed: in another team they get its 404 instead. */
  deniedByService?: readonly PrincipalName[];
  /**
   * Set on rows that hang off a team: tried on team A, which the team roles belong to, and on team B, which
   * they do not. `hidden`: another team's resource answers 404. `filtered`: the answer leaves it out.
   */
  team?: 'hidden' | 'filtered';
  /** The success status; 201 for POST and 200 otherwise unless given. */
  status?: number;
  /** Makes whatever the call needs, fresh, and says what to send. */
  call(world: MatrixWorld, teamId: string, principal: Principal): Promise<Call> | Call;
  /** The call ends the session it is made with (logout): a user principal makes it with a fresh one. */
  endsSession?: boolean;
  /** Further checks on a successful answer. */
  check?(body: unknown, context: CheckContext & { filtered: boolean }): void;
}

const ADMINS = ['owner', 'admin', 'adminKey'] as const;
const ORGANISATION = [...ADMINS, 'auditor', 'auditorKey'] as const;
const TEAM_ROLES = ['teamAdmin', 'member', 'teamAdminAsMember'] as const;
const EVERYONE = [...ORGANISATION, ...TEAM_ROLES] as const;
const TOKEN_READERS = [...ORGANISATION, 'teamAdmin', 'teamAdminAsMember'] as const;
const TEAM_MANAGERS = [...ADMINS, 'teamAdmin'] as const;
const API_KEYS = ['adminKey', 'auditorKey'] as const;
const USERS = EVERYONE.filter((name) => !(API_KEYS as readonly string[]).includes(name));

/** Routes anyone may call without credentials. */
const PUBLIC_ROUTES = [...PUBLIC_ADMIN_ROUTES];

const itemsOf = (body: unknown) => (body as { items: Record<string, unknown>[] }).items;

const ROWS: Row[] = [
  // auth
  { route: 'GET /admin/auth/me', allow: EVERYONE, call: () => ({ method: 'get', path: '/admin/auth/me' }) },
  {
    route: 'POST /admin/auth/logout',
    allow: EVERYONE,
    status: 200,
    endsSession: true,
    call: () => ({ method: 'post', path: '/admin/auth/logout' }),
  },
  {
    route: 'POST /admin/auth/password',
    allow: USERS,
    deniedByService: API_KEYS,
    status: 200,
    call: () => ({
      method: 'post',
      path: '/admin/auth/password',
      body: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD },
    }),
  },
  {
    route: 'GET /admin/auth/sessions',
    allow: USERS,
    deniedByService: API_KEYS,
    call: () => ({ method: 'get', path: '/admin/auth/sessions' }),
    check: (body) => expect(itemsOf(body).filter((session) => session.current)).toHaveLength(1),
  },
  {
    route: 'DELETE /admin/auth/sessions/{id}',
    allow: USERS,
    deniedByService: API_KEYS,
    call: async (w, _teamId, principal) => ({
      method: 'delete',
      path: `/admin/auth/sessions/${API_KEYS.some((key) => key === principal.name) ? randomUUID() : (await w.make.sessionOf(principal.label)).id}`,
    }),
  },

  // api-keys
  { route: 'GET /admin/api-keys', allow: ADMINS, call: () => ({ method: 'get', path: '/admin/api-keys' }) },
  {
    route: 'POST /admin/api-keys',
    allow: ADMINS,
    call: () => ({
      method: 'post',
      path: '/admin/api-keys',
      body: { name: uniqueName('ci'), role: 'auditor' },
    }),
  },
  {
    route: 'POST /admin/api-keys',
    variant: 'an owner key',
    allow: ['owner'],
    deniedByService: ['admin', 'adminKey'],
    call: () => ({
      method: 'post',
      path: '/admin/api-keys',
      body: { name: uniqueName('root'), role: 'owner' },
    }),
  },
  {
    route: 'DELETE /admin/api-keys/{id}',
    allow: ADMINS,
    call: async (w) => ({ method: 'delete', path: `/admin/api-keys/${await w.make.apiKey()}` }),
  },

  // audit
  { route: 'GET /admin/audit', allow: ORGANISATION, call: () => ({ method: 'get', path: '/admin/audit' }) },
  {
    route: 'GET /admin/audit/verify',
    allow: ORGANISATION,
    call: () => ({ method: 'get', path: '/admin/audit/verify' }),
    check: (body) => expect(body).toMatchObject({ ok: true }),
  },

  // users
  { route: 'GET /admin/users', allow: ORGANISATION, call: () => ({ method: 'get', path: '/admin/users' }) },
  {
    route: 'POST /admin/users',
    allow: ADMINS,
    call: () => ({
      method: 'post',
      path: '/admin/users',
      body: { email: `${uniqueName('new')}@example.com`, password: 'long-enough-password', role: 'member' },
    }),
  },
  {
    route: 'GET /admin/users/{id}',
    allow: ORGANISATION,
    call: async (w) => ({ method: 'get', path: `/admin/users/${await w.make.user()}` }),
  },
  {
    route: 'PATCH /admin/users/{id}',
    allow: ADMINS,
    call: async (w) => ({
      method: 'patch',
      path: `/admin/users/${await w.make.user()}`,
      body: { name: uniqueName('renamed'), role: 'auditor' },
    }),
  },
  {
    route: 'PATCH /admin/users/{id}',
    variant: 'an owner',
    allow: ['owner'],
    deniedByService: ['admin', 'adminKey'],
    call: async (w) => ({
      method: 'patch',
      path: `/admin/users/${await w.make.user('owner')}`,
      body: { disabled: true },
    }),
  },
  {
    route: 'DELETE /admin/users/{id}',
    allow: ADMINS,
    call: async (w) => ({ method: 'delete', path: `/admin/users/${await w.make.user()}` }),
  },
  {
    route: 'POST /admin/users/{id}/password',
    allow: ADMINS,
    status: 200,
    call: async (w) => ({
      method: 'post',
      path: `/admin/users/${await w.make.user()}/password`,
      body: { password: 'another long passphrase' },
    }),
  },
  {
    route: 'POST /admin/users',
    variant: 'an owner',
    allow: ['owner'],
    deniedByService: ['admin', 'adminKey'],
    call: () => ({
      method: 'post',
      path: '/admin/users',
      body: { email: `${uniqueName('boss')}@example.com`, password: 'long-enough-password', role: 'owner' },
    }),
  },

  // teams
  {
    route: 'GET /admin/teams',
    allow: EVERYONE,
    call: () => ({ method: 'get', path: '/admin/teams', query: { limit: '200' } }),
    check: (body, { world, principal }) => {
      const ids = itemsOf(body).map((team) => team.id);
      if (principal.teamScoped) expect(ids).toEqual([world.teamA]);
      else expect(ids).toEqual(expect.arrayContaining([world.teamA, world.teamB]));
    },
  },
  {
    route: 'POST /admin/teams',
    allow: ADMINS,
    call: () => ({ method: 'post', path: '/admin/teams', body: { name: uniqueName('team') } }),
  },
  {
    route: 'GET /admin/teams/{teamId}',
    allow: EVERYONE,
    team: 'hidden',
    call: (_w, teamId) => ({ method: 'get', path: `/admin/teams/${teamId}` }),
  },
  {
    route: 'PATCH /admin/teams/{teamId}',
    allow: ADMINS,
    team: 'hidden',
    call: (_w, teamId) => ({
      method: 'patch',
      path: `/admin/teams/${teamId}`,
      body: { name: uniqueName('renamed') },
    }),
  },
  {
    route: 'DELETE /admin/teams/{teamId}',
    allow: ADMINS,
    call: async (w) => ({ method: 'delete', path: `/admin/teams/${await w.make.team()}` }),
  },
  {
    route: 'POST /admin/teams/{teamId}/members',
    allow: TEAM_MANAGERS,
    deniedByService: ['teamAdminAsMember'],
    team: 'hidden',
    call: async (w, teamId) => ({
      method: 'post',
      path: `/admin/teams/${teamId}/members`,
      body: { userId: await w.make.user(), role: 'member' },
    }),
  },
  {
    route: 'DELETE /admin/teams/{teamId}/members/{userId}',
    allow: TEAM_MANAGERS,
    deniedByService: ['teamAdminAsMember'],
    team: 'hidden',
    call: async (w, teamId) => ({
      method: 'delete',
      path: `/admin/teams/${teamId}/members/${await w.make.memberOf(teamId)}`,
    }),
  },

  // credits
  {
    route: 'PUT /admin/teams/{teamId}/budget',
    allow: ADMINS,
    team: 'hidden',
    call: (_w, teamId) => ({
      method: 'put',
      path: `/admin/teams/${teamId}/budget`,
      body: { limitUsd: 250, period: 'monthly', alertAtPercent: 80 },
    }),
  },
  {
    route: 'DELETE /admin/teams/{teamId}/budget',
    allow: ADMINS,
    team: 'hidden',
    call: async (w, teamId) => ({
      method: 'delete',
      path: `/admin/teams/${await w.make.teamWithBudget(teamId)}/budget`,
    }),
  },
  {
    route: 'GET /admin/teams/{teamId}/spend',
    allow: EVERYONE,
    team: 'hidden',
    call: (_w, teamId) => ({ method: 'get', path: `/admin/teams/${teamId}/spend` }),
  },
  {
    route: 'POST /admin/teams/{teamId}/credits/adjust',
    allow: ADMINS,
    team: 'hidden',
    status: 200,
    call: async (w, teamId) => ({
      method: 'post',
      path: `/admin/teams/${await w.make.teamWithBudget(teamId)}/credits/adjust`,
      body: { amountUsd: 1.5, note: 'goodwill credit' },
    }),
  },
  {
    route: 'GET /admin/teams/{teamId}/ledger',
    allow: EVERYONE,
    team: 'hidden',
    call: (_w, teamId) => ({ method: 'get', path: `/admin/teams/${teamId}/ledger` }),
  },

  // proxy tokens
  {
    route: 'GET /admin/teams/{teamId}/tokens',
    allow: TOKEN_READERS,
    team: 'hidden',
    call: (_w, teamId) => ({ method: 'get', path: `/admin/teams/${teamId}/tokens` }),
  },
  {
    route: 'POST /admin/teams/{teamId}/tokens',
    allow: TEAM_MANAGERS,
    deniedByService: ['teamAdminAsMember'],
    team: 'hidden',
    call: (_w, teamId) => ({
      method: 'post',
      path: `/admin/teams/${teamId}/tokens`,
      body: { name: uniqueName('svc'), allowedModels: ['openai/*'], rpm: 60 },
    }),
  },
  {
    route: 'GET /admin/tokens',
    allow: TOKEN_READERS,
    call: async (w) => {
      await w.make.token(w.teamB);
      return { method: 'get', path: '/admin/tokens', query: { limit: '200' } };
    },
    check: (body, { world, principal }) => {
      const teams = new Set(itemsOf(body).map((token) => token.teamId));
      if (principal.teamScoped) expect([...teams]).toEqual([world.teamA]);
      else expect(teams.has(world.teamB)).toBe(true);
    },
  },
  {
    route: 'GET /admin/tokens',
    variant: 'of one team',
    allow: TOKEN_READERS,
    team: 'hidden',
    call: async (w, teamId) => {
      await w.make.token(teamId);
      return { method: 'get', path: '/admin/tokens', query: { teamId } };
    },
    check: (body, { teamId }) => {
      expect(itemsOf(body).length).toBeGreaterThan(0);
      expect(itemsOf(body).every((token) => token.teamId === teamId)).toBe(true);
    },
  },
  {
    route: 'GET /admin/tokens/{tokenId}',
    allow: TOKEN_READERS,
    team: 'hidden',
    call: async (w, teamId) => ({ method: 'get', path: `/admin/tokens/${await w.make.token(teamId)}` }),
  },
  {
    route: 'GET /admin/tokens/{tokenId}/spend',
    allow: EVERYONE,
    team: 'hidden',
    call: async (w, teamId) => ({ method: 'get', path: `/admin/tokens/${await w.make.token(teamId)}/spend` }),
  },
  {
    route: 'DELETE /admin/tokens/{tokenId}',
    allow: TEAM_MANAGERS,
    deniedByService: ['teamAdminAsMember'],
    team: 'hidden',
    call: async (w, teamId) => ({ method: 'delete', path: `/admin/tokens/${await w.make.token(teamId)}` }),
    check: (body) => expect((body as { revokedAt: string | null }).revokedAt).not.toBeNull(),
  },
  {
    route: 'POST /admin/tokens/{tokenId}/rotate',
    allow: TEAM_MANAGERS,
    deniedByService: ['teamAdminAsMember'],
    team: 'hidden',
    call: async (w, teamId) => ({
      method: 'post',
      path: `/admin/tokens/${await w.make.token(teamId)}/rotate`,
    }),
  },
  {
    route: 'PATCH /admin/tokens/{tokenId}',
    allow: TEAM_MANAGERS,
    deniedByService: ['teamAdminAsMember'],
    team: 'hidden',
    status: 200,
    call: async (w, teamId) => ({
      method: 'patch',
      path: `/admin/tokens/${await w.make.token(teamId)}`,
      body: { rpm: 30 },
    }),
    check: (body) => expect(body).toMatchObject({ rpm: 30 }),
  },

  // providers
  {
    route: 'GET /admin/providers',
    allow: ORGANISATION,
    call: () => ({ method: 'get', path: '/admin/providers' }),
  },
  {
    route: 'GET /admin/providers/{name}',
    allow: ORGANISATION,
    call: (w) => ({ method: 'get', path: `/admin/providers/${w.mockProvider}` }),
  },
  {
    route: 'POST /admin/providers',
    allow: ADMINS,
    call: (w) => ({
      method: 'post',
      path: '/admin/providers',
      body: { name: uniqueName('prov'), type: 'anthropic', baseUrl: w.mock.baseUrl('anthropic') },
    }),
  },
  {
    route: 'PATCH /admin/providers/{name}',
    allow: ADMINS,
    call: async (w) => ({
      method: 'patch',
      path: `/admin/providers/${await w.make.provider()}`,
      body: { baseUrl: `${w.mock.url}/elsewhere/v1` },
    }),
  },
  {
    route: 'DELETE /admin/providers/{name}',
    allow: ADMINS,
    status: 204,
    call: async (w) => ({ method: 'delete', path: `/admin/providers/${await w.make.provider()}` }),
  },

  // provider keys
  {
    route: 'GET /admin/provider-keys',
    allow: ORGANISATION,
    call: () => ({ method: 'get', path: '/admin/provider-keys' }),
  },
  {
    route: 'POST /admin/provider-keys',
    allow: ADMINS,
    call: (w) => ({
      method: 'post',
      path: '/admin/provider-keys',
      body: {
        provider: w.mockProvider,
        secret: newSecret(),
        label: 'matrix',
        tier: 'daily',
        validate: false,
      },
    }),
  },
  {
    route: 'POST /admin/provider-keys/import',
    allow: ADMINS,
    call: () => ({
      method: 'post',
      path: '/admin/provider-keys/import',
      body: { format: 'env', content: `OPENAI_API_KEY_1=${newSecret()}\n`, validate: false },
    }),
  },
  {
    route: 'GET /admin/provider-keys/{id}',
    allow: ORGANISATION,
    call: async (w) => ({ method: 'get', path: `/admin/provider-keys/${await w.make.providerKey()}` }),
  },
  {
    route: 'PATCH /admin/provider-keys/{id}',
    allow: ADMINS,
    call: async (w) => ({
      method: 'patch',
      path: `/admin/provider-keys/${await w.make.providerKey()}`,
      body: { label: 'relabelled', weight: 3 },
    }),
  },
  {
    route: 'DELETE /admin/provider-keys/{id}',
    allow: ADMINS,
    status: 204,
    call: async (w) => ({ method: 'delete', path: `/admin/provider-keys/${await w.make.providerKey()}` }),
  },
  {
    route: 'POST /admin/provider-keys/{id}/test',
    allow: ADMINS,
    status: 200,
    call: async (w) => ({ method: 'post', path: `/admin/provider-keys/${await w.make.providerKey()}/test` }),
    check: (body) => expect(body).toMatchObject({ ok: true }),
  },
  {
    route: 'POST /admin/provider-keys/{id}/reset',
    allow: ADMINS,
    status: 200,
    call: async (w) => ({ method: 'post', path: `/admin/provider-keys/${await w.make.providerKey()}/reset` }),
    check: (body) => expect(body).toMatchObject({ status: 'ready' }),
  },
  {
    route: 'GET /admin/provider-keys/{id}/limits',
    allow: ORGANISATION,
    call: async (w) => ({ method: 'get', path: `/admin/provider-keys/${await w.make.providerKey()}/limits` }),
    check: (body) => expect(body).toMatchObject({ headers: null, refreshed: null }),
  },

  // pricing
  { route: 'GET /admin/pricing', allow: EVERYONE, call: () => ({ method: 'get', path: '/admin/pricing' }) },
  {
    route: 'PUT /admin/pricing',
    allow: ADMINS,
    call: () => ({
      method: 'put',
      path: '/admin/pricing',
      body: { provider: 'openai', model: uniqueName('model'), inputUsdPerMTok: 0.5, outputUsdPerMTok: 1.5 },
    }),
  },
  {
    route: 'DELETE /admin/pricing/{provider}/{model}',
    allow: ADMINS,
    call: async (w) => {
      const price = await w.make.price();
      return { method: 'delete', path: `/admin/pricing/${price.provider}/${price.model}` };
    },
  },

  // routes
  { route: 'GET /admin/routes', allow: ORGANISATION, call: () => ({ method: 'get', path: '/admin/routes' }) },
  {
    route: 'POST /admin/routes',
    allow: ADMINS,
    call: () => ({
      method: 'post',
      path: '/admin/routes',
      body: {
        alias: uniqueName('alias'),
        targets: ['openai/gpt-4o-mini', 'anthropic/claude-3-5-haiku-latest'],
      },
    }),
  },
  {
    route: 'DELETE /admin/routes/{alias}',
    allow: ADMINS,
    call: async (w) => ({ method: 'delete', path: `/admin/routes/${await w.make.route()}` }),
  },

  // settings
  {
    route: 'GET /admin/settings',
    allow: ORGANISATION,
    call: () => ({ method: 'get', path: '/admin/settings' }),
  },
  {
    route: 'PATCH /admin/settings',
    allow: ADMINS,
    call: () => ({ method: 'patch', path: '/admin/settings', body: { allowUnpricedModels: false } }),
  },
  {
    route: 'POST /admin/config/apply',
    allow: ADMINS,
    status: 200,
    call: () => ({
      method: 'post',
      path: '/admin/config/apply',
      body: { content: 'settings: { allow_unpriced_models: false }', dryRun: true },
    }),
    check: (body) =>
      expect(body).toMatchObject({ dryRun: true, changes: [expect.objectContaining({ kind: 'setting' })] }),
  },

  // notification channels
  {
    route: 'GET /admin/notifications',
    allow: ORGANISATION,
    call: () => ({ method: 'get', path: '/admin/notifications' }),
  },
  {
    route: 'POST /admin/notifications',
    allow: ADMINS,
    call: () => ({
      method: 'post',
      path: '/admin/notifications',
      body: { kind: 'slack', url: NOWHERE_WEBHOOK, events: ['budget.threshold'] },
    }),
  },
  {
    route: 'GET /admin/notifications/{id}',
    allow: ORGANISATION,
    call: async (w) => ({
      method: 'get',
      path: `/admin/notifications/${await w.make.notificationChannel()}`,
    }),
  },
  {
    route: 'PATCH /admin/notifications/{id}',
    allow: ADMINS,
    call: async (w) => ({
      method: 'patch',
      path: `/admin/notifications/${await w.make.notificationChannel()}`,
      body: { events: ['key.auth_failed'] },
    }),
  },
  {
    route: 'DELETE /admin/notifications/{id}',
    allow: ADMINS,
    call: async (w) => ({
      method: 'delete',
      path: `/admin/notifications/${await w.make.notificationChannel()}`,
    }),
  },
  {
    route: 'GET /admin/notifications/{id}/deliveries',
    allow: ORGANISATION,
    call: async (w) => ({
      method: 'get',
      path: `/admin/notifications/${await w.make.notificationChannel()}/deliveries`,
    }),
  },
  {
    route: 'POST /admin/notifications/{id}/test',
    allow: ADMINS,
    status: 200,
    call: async (w) => ({
      method: 'post',
      path: `/admin/notifications/${await w.make.notificationChannel()}/test`,
    }),
  },

  // key state
  {
    route: 'GET /admin/key-state',
    allow: ORGANISATION,
    call: () => ({ method: 'get', path: '/admin/key-state' }),
  },

  // usage
  {
    route: 'GET /admin/usage',
    allow: EVERYONE,
    call: () => ({ method: 'get', path: '/admin/usage', query: { groupBy: 'team' } }),
    check: (body, { world, principal }) => {
      const teams = itemsOf(body).map((row) => row.teamId);
      if (principal.teamScoped) expect(teams).toEqual([world.teamA]);
      else expect(teams).toEqual(expect.arrayContaining([world.teamA, world.teamB]));
    },
  },
  {
    route: 'GET /admin/usage',
    variant: 'of one team',
    allow: EVERYONE,
    team: 'filtered',
    call: (_w, teamId) => ({ method: 'get', path: '/admin/usage', query: { groupBy: 'team', teamId } }),
    check: (body, { teamId, filtered }) =>
      expect(itemsOf(body).map((row) => row.teamId)).toEqual(filtered ? [] : [teamId]),
  },
  {
    route: 'GET /admin/usage',
    variant: 'by provider key',
    allow: ORGANISATION,
    deniedByService: TEAM_ROLES,
    call: () => ({ method: 'get', path: '/admin/usage', query: { groupBy: 'key' } }),
  },
  {
    route: 'GET /admin/usage.csv',
    allow: EVERYONE,
    call: () => ({ method: 'get', path: '/admin/usage.csv', query: { groupBy: 'team' } }),
  },
  {
    route: 'GET /admin/usage.csv',
    variant: 'by provider key',
    allow: ORGANISATION,
    deniedByService: TEAM_ROLES,
    call: () => ({ method: 'get', path: '/admin/usage.csv', query: { groupBy: 'key' } }),
  },

  // requests
  {
    route: 'GET /admin/requests',
    allow: EVERYONE,
    call: () => ({ method: 'get', path: '/admin/requests', query: { limit: '200' } }),
    check: (body, { world, principal }) => {
      const teams = new Set(itemsOf(body).map((row) => row.teamId));
      if (principal.teamScoped) expect([...teams]).toEqual([world.teamA]);
      else expect([...teams]).toEqual(expect.arrayContaining([world.teamA, world.teamB]));
    },
  },
  {
    route: 'GET /admin/requests',
    variant: 'of one team',
    allow: EVERYONE,
    team: 'filtered',
    call: (_w, teamId) => ({ method: 'get', path: '/admin/requests', query: { teamId } }),
    check: (body, { teamId, filtered }) => {
      const teams = new Set(itemsOf(body).map((row) => row.teamId));
      expect([...teams]).toEqual(filtered ? [] : [teamId]);
    },
  },
  {
    route: 'GET /admin/requests',
    variant: 'by provider key',
    allow: ORGANISATION,
    deniedByService: TEAM_ROLES,
    call: () => ({ method: 'get', path: '/admin/requests', query: { keyId: randomUUID() } }),
  },
  {
    route: 'GET /admin/requests/{requestId}',
    allow: EVERYONE,
    team: 'hidden',
    call: (w, teamId) => ({ method: 'get', path: `/admin/requests/${w.requestOf[teamId]}` }),
  },
  {
    route: 'GET /admin/usage/{requestId}/body',
    allow: ORGANISATION,
    async call(world, teamId) {
      const requestId = randomUUID();
      await world.db.query(
        `INSERT INTO request_bodies (request_id, at, team_id, endpoint, request, response)
         VALUES ($1, now(), $2, '/v1/chat/completions', '{}', '{}')`,
        [requestId, teamId],
      );
      return { method: 'get', path: `/admin/usage/${requestId}/body` };
    },
  },
];

type Scope = 'own team' | 'other team';

type Outcome =
  { kind: 'allowed'; status: number } | { kind: 'filtered' } | { kind: 'denied' } | { kind: 'hidden' };

function outcomeFor(row: Row, principal: Principal, scope: Scope): Outcome {
  const allowed = row.allow.includes(principal.name);
  const passesGuard = allowed || (row.deniedByService ?? []).includes(principal.name);
  if (scope === 'other team' && principal.teamScoped && passesGuard) {
    return row.team === 'filtered' ? { kind: 'filtered' } : { kind: 'hidden' };
  }
  if (!allowed) return { kind: 'denied' };
  const call = row.route.split(' ')[0];
  return { kind: 'allowed', status: row.status ?? (call === 'POST' ? 201 : 200) };
}

const describeOutcome = (row: Row, name: PrincipalName, scope: Scope, teamScoped: boolean) => {
  const fake: Principal = { name, authorization: '', label: '', teamScoped };
  const outcome = outcomeFor(row, fake, scope);
  return outcome.kind === 'allowed'
    ? `${outcome.status}`
    : outcome.kind === 'denied'
      ? '403'
      : outcome.kind === 'hidden'
        ? '404'
        : '200, filtered';
};

const TEAM_SCOPED: ReadonlySet<PrincipalName> = new Set(TEAM_ROLES);

const CASES = ROWS.flatMap((row) =>
  (row.team ? (['own team', 'other team'] as const) : (['own team'] as const)).flatMap((scope) =>
    PRINCIPALS.map((name) => ({
      row,
      scope,
      name,
      title: `${row.route}${row.variant ? ` (${row.variant})` : ''}${row.team ? ` on ${scope}` : ''} as ${name} → ${describeOutcome(row, name, scope, TEAM_SCOPED.has(name))}`,
    })),
  ),
);

describe('role × endpoint matrix', () => {
  let world: MatrixWorld;

  beforeAll(async () => {
    world = await startMatrixWorld();
  }, 60_000);

  afterAll(async () => {
    await stopMatrixWorld(world);
  });

  it('covers every /admin route the app serves and OpenAPI documents', async () => {
    const covered = [...new Set([...ROWS.map((row) => row.route), ...PUBLIC_ROUTES])].sort();
    const served = adminRoutes(world.api.app).map((route) => route.key);
    const document = await world.api.http.get('/docs/json').expect(200);
    expect(covered).toEqual(served);
    expect(covered).toEqual(openApiRouteKeys(document.body.paths as OpenApiPaths));
  });

  it('lists only service-level denials for principals the table denies', () => {
    for (const row of ROWS) {
      for (const name of row.deniedByService ?? [])
        expect({ row: row.route, allowed: row.allow.includes(name) }).toEqual({
          row: row.route,
          allowed: false,
        });
    }
  });

  it.each(CASES)('$title', async ({ row, scope, name }) => {
    const principal = world.principals[name];
    const teamId = scope === 'own team' ? world.teamA : world.teamB;
    const call = await row.call(world, teamId, principal);
    const requestId = `matrix-${randomUUID()}`;
    const authorization =
      row.endsSession && !API_KEYS.some((key) => key === name)
        ? `Bearer ${(await world.make.sessionOf(principal.label)).token}`
        : principal.authorization;
    let request = world.api.http[call.method](call.path)
      .set('authorization', authorization)
      .set('x-request-id', requestId);
    if (call.query) request = request.query(call.query);
    if (call.body) request = request.send(call.body);
    const response = await request;
    const outcome = outcomeFor(row, principal, scope);
    const audit = await auditOfRequest(world, requestId);
    const denials = audit.filter((event) => event.action === 'access.denied');
    const answer = {
      status: response.status,
      error: (response.body as { error?: unknown } | undefined)?.error,
    };

    switch (outcome.kind) {
      case 'allowed':
      case 'filtered':
        expect(answer).toEqual({
          status: outcome.kind === 'allowed' ? outcome.status : 200,
          error: undefined,
        });
        row.check?.(response.body, { world, principal, teamId, filtered: outcome.kind === 'filtered' });
        expect(denials).toEqual([]);
        break;
      case 'hidden':
        expect(answer).toEqual({ status: 404, error: expect.objectContaining({ type: 'not_found_error' }) });
        expect(denials).toEqual([]);
        break;
      case 'denied':
        expect(answer).toEqual({ status: 403, error: expect.objectContaining({ type: 'permission_error' }) });
        expect(denials).toEqual([
          {
            action: 'access.denied',
            actor_label: principal.label,
            target_type: 'route',
            target_id: `${call.method.toUpperCase()} ${call.path}`,
          },
        ]);
        break;
    }
  });
});
