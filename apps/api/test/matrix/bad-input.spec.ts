import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp } from '../support/test-app.js';
import { adminRoutes, type OpenApiOperation, type OpenApiPaths } from './admin-routes.js';

/*
 * Bad input for every /admin route, generated from what the app serves and documents: each body field the
 * OpenAPI schema declares is sent missing, mistyped, outside its enum, oversized and alongside an unknown
 * field; each query parameter out of range; each path parameter malformed. Every one must be a 400 naming
 * the field. The cases are built at load time, from the running app, so a new route or field is covered
 * without anyone listing it, and a route the table cannot build a valid request for fails the suite.
 */

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxItems?: number;
  items?: JsonSchema;
  format?: string;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

const api = await startTestApp();
const owner = await signedInAs(api, 'owner');
const liveTeam = (
  await api.http
    .post('/admin/teams')
    .set('authorization', owner.authorization)
    .send({ name: `bad-input-${randomUUID().slice(0, 8)}` })
    .expect(201)
).body.id as string;
const document = (await api.http.get('/docs/json').expect(200)).body as { paths: OpenApiPaths };
const routes = adminRoutes(api.app);

afterAll(async () => {
  await api.close();
});

const future = () => new Date(Date.now() + 86_400_000).toISOString();

/** A body each route accepts as far as validation goes; every case breaks exactly one thing in it. */
const VALID_BODIES: Record<string, () => Record<string, unknown>> = {
  'POST /admin/auth/login': () => ({ email: 'someone@example.com', password: 'a password' }),
  'POST /admin/api-keys': () => ({ name: 'ci', role: 'auditor', expiresAt: future() }),
  'POST /admin/users': () => ({
    email: 'new@example.com',
    password: 'long-enough-password',
    role: 'member',
    name: 'New Person',
  }),
  'POST /admin/auth/sso/callback': () => ({ query: '?code=abc&state=def', transaction: 'sealed' }),
  'POST /admin/auth/password': () => ({
    currentPassword: 'the old one',
    newPassword: 'long-enough-password',
  }),
  'PATCH /admin/users/{id}': () => ({ role: 'auditor', name: 'Renamed', disabled: false }),
  'POST /admin/users/{id}/password': () => ({ password: 'long-enough-password' }),
  'POST /admin/teams': () => ({ name: 'platform' }),
  'PATCH /admin/teams/{teamId}': () => ({ name: 'platform' }),
  'POST /admin/teams/{teamId}/members': () => ({ userId: randomUUID(), role: 'member' }),
  'PUT /admin/teams/{teamId}/budget': () => ({ limitUsd: 10, period: 'monthly', alertAtPercent: 80 }),
  'POST /admin/teams/{teamId}/credits/adjust': () => ({ amountUsd: 1.25, note: 'refund' }),
  'POST /admin/teams/{teamId}/tokens': () => ({
    name: 'backend',
    allowedModels: ['openai/gpt-4o-mini'],
    rpm: 60,
    tpm: 1000,
    budgetUsd: 5,
    expiresAt: future(),
  }),
  'POST /admin/providers': () => ({ name: 'local', type: 'openai', baseUrl: 'https://llm.example.com/v1' }),
  'PATCH /admin/providers/{name}': () => ({ baseUrl: 'https://llm.example.com/v1' }),
  'POST /admin/provider-keys': () => ({
    provider: 'openai',
    secret: 'sk-valid-secret-0001',
    label: 'main',
    tier: 'primary',
    weight: 1,
    maxConcurrency: 4,
    models: ['gpt-4o-mini'],
    dailyRequestQuota: 1000,
    dailyTokenQuota: 100000,
    quotaResetUtc: '00:00',
    validate: false,
  }),
  'PATCH /admin/provider-keys/{id}': () => ({
    label: 'main',
    tier: 'daily',
    weight: 2,
    maxConcurrency: 4,
    models: ['gpt-4o-mini'],
    dailyRequestQuota: 1000,
    dailyTokenQuota: 100000,
    quotaResetUtc: '00:00',
    enabled: true,
  }),
  'POST /admin/provider-keys/import': () => ({
    format: 'env',
    content: 'OPENAI_API_KEY=sk-valid-secret-0001',
    validate: false,
    dryRun: true,
    tier: 'primary',
  }),
  'POST /admin/config/apply': () => ({ content: 'routes: []', dryRun: true }),
  'PATCH /admin/tokens/{tokenId}': () => ({
    name: 'renamed',
    allowedModels: ['openai/gpt-4o-mini'],
    rpm: 60,
    tpm: 1000,
    budgetUsd: 5,
    expiresAt: future(),
  }),
  'POST /admin/tokens/{tokenId}/rotate': () => ({ graceSeconds: 60 }),
  'PUT /admin/pricing': () => ({
    provider: 'openai',
    model: 'gpt-4o-mini',
    inputUsdPerMTok: 0.15,
    outputUsdPerMTok: 0.6,
    cachedInputUsdPerMTok: 0.075,
  }),
  'POST /admin/routes': () => ({ alias: 'fast', targets: ['openai/gpt-4o-mini'] }),
  'PATCH /admin/settings': () => ({
    allowUnpricedModels: true,
    bodyLogRedactions: [{ name: 'email', pattern: '[a-z]+@[a-z.]+' }],
  }),
  'POST /admin/notifications': () => ({
    kind: 'webhook',
    url: 'https://hooks.example.invalid/in',
    events: ['budget.threshold'],
    secret: 'a-signing-secret-of-some-length',
  }),
  'PATCH /admin/notifications/{id}': () => ({
    kind: 'slack',
    url: 'https://hooks.example.invalid/in',
    events: ['key.exhausted'],
    secret: 'a-signing-secret-of-some-length',
  }),
};

/** Per path parameter: a well-formed value (real where a service must find it) and a malformed one. */
const PATH_PARAMS: Record<string, { valid: string; malformed: string }> = {
  teamId: { valid: liveTeam, malformed: 'not-a-uuid' },
  userId: { valid: randomUUID(), malformed: '12345' },
  tokenId: { valid: randomUUID(), malformed: 'sy-not-an-id' },
  id: { valid: randomUUID(), malformed: 'not-a-uuid' },
  name: { valid: 'openai', malformed: 'Not_A_Provider' },
  provider: { valid: 'openai', malformed: 'OpenAI!' },
  model: { valid: 'gpt-4o-mini', malformed: 'has%20a%20space' },
  alias: { valid: 'fast', malformed: 'no%20spaces%20allowed' },
  requestId: { valid: randomUUID(), malformed: 'not-a-request-id' },
};

function fillPath(template: string, broken?: string): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const values = PATH_PARAMS[name];
    if (!values) throw new Error(`No sample values for path parameter ${name}: add them to PATH_PARAMS`);
    return name === broken ? values.malformed : values.valid;
  });
}

interface BadCase {
  route: string;
  title: string;
  path: string;
  body?: Record<string, unknown>;
  query?: Record<string, string>;
  /** `error.param` of the 400; null when the problem belongs to no one field. */
  param: string | null;
}

const primary = (schema: JsonSchema): JsonSchema =>
  schema.type ? schema : (schema.anyOf?.find((option) => option.type && option.type !== 'null') ?? {});

const WRONG_TYPE: Record<string, unknown> = {
  string: 12345,
  number: 'twelve',
  integer: '12',
  boolean: 'yes',
  array: 'not-a-list',
  object: 'not-an-object',
};

function oversized(schema: JsonSchema, length: number): string {
  return schema.format === 'email' ? `${'a'.repeat(length)}@example.com` : 'a'.repeat(length + 1);
}

function bodyCases(route: string, path: string, schema: JsonSchema): BadCase[] {
  const valid = VALID_BODIES[route];
  if (!valid) throw new Error(`No valid body for ${route}: add one to VALID_BODIES`);
  const cases: BadCase[] = [];
  const add = (title: string, change: (body: Record<string, unknown>) => void, param: string | null) => {
    const body = valid();
    change(body);
    cases.push({ route, title, path, body, param });
  };
  add('an unknown field', (body) => (body.unexpectedField = true), 'unexpectedField');
  for (const field of schema.required ?? []) add(`${field} missing`, (body) => delete body[field], field);
  for (const [field, declared] of Object.entries(schema.properties ?? {})) {
    const property = primary(declared);
    if (property.type)
      add(`${field} of the wrong type`, (body) => (body[field] = WRONG_TYPE[property.type!]), field);
    if (property.enum) add(`${field} outside its enum`, (body) => (body[field] = 'not-a-choice'), field);
    if (property.maxLength !== undefined) {
      add(`${field} oversized`, (body) => (body[field] = oversized(property, property.maxLength!)), field);
    }
    if (property.maximum !== undefined)
      add(`${field} above its maximum`, (body) => (body[field] = property.maximum! + 1), field);
    if (property.minimum !== undefined)
      add(`${field} below its minimum`, (body) => (body[field] = property.minimum! - 1), field);
    if (property.exclusiveMinimum !== undefined) {
      add(`${field} at its exclusive minimum`, (body) => (body[field] = property.exclusiveMinimum), field);
    }
    if (property.type === 'array') {
      const item = primary(property.items ?? {});
      const sample = () => (valid()[field] as unknown[])[0]!;
      if (item.maxLength !== undefined) {
        add(
          `an oversized ${field} entry`,
          (body) => (body[field] = [sample(), 'a'.repeat(item.maxLength! + 1)]),
          `${field}.1`,
        );
      }
      if (property.maxItems !== undefined) {
        // Distinct entries: strings get a suffix, objects a distinct name.
        const many = () =>
          Array.from({ length: property.maxItems! + 1 }, (_, i) => {
            const entry = sample();
            return typeof entry === 'string' ? `${entry}-${i}` : { ...(entry as object), name: `entry-${i}` };
          });
        add(`too many ${field}`, (body) => (body[field] = many()), field);
      }
    }
  }
  return cases;
}

function queryCases(route: string, path: string, operation: OpenApiOperation): BadCase[] {
  const cases: BadCase[] = [];
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== 'query') continue;
    const schema = primary((parameter as { schema?: JsonSchema }).schema ?? {});
    const add = (title: string, value: string) =>
      cases.push({
        route,
        title: `?${parameter.name} ${title}`,
        path,
        query: { [parameter.name]: value },
        param: parameter.name,
      });
    if (schema.type === 'integer') add('not a number', 'abc');
    if (schema.maximum !== undefined) add('above its maximum', String(schema.maximum + 1));
    if (schema.minimum !== undefined) add('below its minimum', String(schema.minimum - 1));
    if (schema.enum) add('outside its enum', 'not-a-choice');
    if (schema.maxLength !== undefined) add('oversized', 'a'.repeat(schema.maxLength + 1));
    if (schema.format === 'uuid') add('not a UUID', 'not-a-uuid');
  }
  return cases;
}

function pathCases(route: string, template: string): BadCase[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    route,
    title: `malformed path parameter ${name}`,
    path: fillPath(template, name),
    body: VALID_BODIES[route]?.(),
    param: name!,
  }));
}

/** What the generated cases cannot know: rules beyond a field's type and size. */
const SPECIFIC_CASES: BadCase[] = [
  {
    route: 'POST /admin/notifications',
    title: 'a channel on this machine, without SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS',
    path: '/admin/notifications',
    body: { kind: 'webhook', url: 'http://127.0.0.1:9/hook', events: ['key.exhausted'] },
    param: 'url',
  },
  {
    route: 'POST /admin/auth/login',
    title: 'an email that is not one',
    path: '/admin/auth/login',
    body: { email: 'not-an-email', password: 'x' },
    param: 'email',
  },
  {
    route: 'POST /admin/api-keys',
    title: 'expiresAt not a date',
    path: '/admin/api-keys',
    body: { name: 'ci', role: 'auditor', expiresAt: 'next tuesday' },
    param: 'expiresAt',
  },
  {
    route: 'POST /admin/users',
    title: 'a password too short',
    path: '/admin/users',
    body: { email: 'short@example.com', password: 'short', role: 'member' },
    param: 'password',
  },
  {
    route: 'POST /admin/users',
    title: 'one character repeated',
    path: '/admin/users',
    body: { email: 'same@example.com', password: 'zzzzzzzzzzzzzzzz', role: 'member' },
    param: 'password',
  },
  {
    route: 'POST /admin/users/{id}/password',
    title: 'a common password',
    path: `/admin/users/${randomUUID()}/password`,
    body: { password: 'qwertyuiop123' },
    param: 'password',
  },
  {
    route: 'POST /admin/auth/password',
    title: 'a common new password',
    path: '/admin/auth/password',
    body: { currentPassword: 'whatever', newPassword: 'passwordpassword' },
    param: 'newPassword',
  },
  {
    route: 'PATCH /admin/users/{id}',
    title: 'an empty change',
    path: `/admin/users/${randomUUID()}`,
    body: {},
    param: null,
  },
  {
    route: 'POST /admin/teams/{teamId}/members',
    title: 'userId not a UUID',
    path: `/admin/teams/${liveTeam}/members`,
    body: { userId: 'bob', role: 'member' },
    param: 'userId',
  },
  {
    route: 'POST /admin/teams/{teamId}/members',
    title: 'an organisation role',
    path: `/admin/teams/${liveTeam}/members`,
    body: { userId: randomUUID(), role: 'owner' },
    param: 'role',
  },
  {
    route: 'PUT /admin/teams/{teamId}/budget',
    title: 'limitUsd finer than a micro-dollar',
    path: `/admin/teams/${liveTeam}/budget`,
    body: { limitUsd: 1.0000001, period: 'daily' },
    param: 'limitUsd',
  },
  {
    route: 'POST /admin/teams/{teamId}/credits/adjust',
    title: 'an adjustment of zero',
    path: `/admin/teams/${liveTeam}/credits/adjust`,
    body: { amountUsd: 0, note: 'nothing' },
    param: 'amountUsd',
  },
  {
    route: 'POST /admin/teams/{teamId}/credits/adjust',
    title: 'a blank note',
    path: `/admin/teams/${liveTeam}/credits/adjust`,
    body: { amountUsd: 1, note: '   ' },
    param: 'note',
  },
  {
    route: 'POST /admin/teams/{teamId}/tokens',
    title: 'expiresAt in the past',
    path: `/admin/teams/${liveTeam}/tokens`,
    body: { name: 'old', expiresAt: '2001-01-01T00:00:00Z' },
    param: 'expiresAt',
  },
  {
    route: 'POST /admin/teams/{teamId}/tokens',
    title: 'a malformed model pattern',
    path: `/admin/teams/${liveTeam}/tokens`,
    body: { name: 'svc', allowedModels: ['openai/gpt 4o'] },
    param: 'allowedModels.0',
  },
  {
    route: 'POST /admin/providers',
    title: 'a base URL that is not a URL',
    path: '/admin/providers',
    body: { name: 'local', type: 'openai', baseUrl: 'not a url' },
    param: 'baseUrl',
  },
  {
    route: 'POST /admin/providers',
    title: 'a name with capitals',
    path: '/admin/providers',
    body: { name: 'Local', type: 'openai', baseUrl: 'https://llm.example.com/v1' },
    param: 'name',
  },
  {
    route: 'POST /admin/provider-keys',
    title: 'a secret with whitespace',
    path: '/admin/provider-keys',
    body: { provider: 'openai', secret: 'sk-has a-space', validate: false },
    param: 'secret',
  },
  {
    route: 'POST /admin/provider-keys',
    title: 'quotaResetUtc not HH:MM',
    path: '/admin/provider-keys',
    body: { provider: 'openai', secret: 'sk-valid-secret-0001', quotaResetUtc: '25:00', validate: false },
    param: 'quotaResetUtc',
  },
  {
    route: 'PATCH /admin/provider-keys/{id}',
    title: 'an empty change',
    path: `/admin/provider-keys/${randomUUID()}`,
    body: {},
    param: null,
  },
  {
    route: 'POST /admin/provider-keys/import',
    title: 'empty content',
    path: '/admin/provider-keys/import',
    body: { format: 'env', content: '' },
    param: 'content',
  },
  {
    route: 'POST /admin/provider-keys/import',
    title: 'content over 1 MB',
    path: '/admin/provider-keys/import',
    body: { format: 'env', content: 'x'.repeat(1024 * 1024 + 1) },
    param: 'content',
  },
  {
    route: 'PUT /admin/pricing',
    title: 'a negative price',
    path: '/admin/pricing',
    body: { provider: 'openai', model: 'gpt-4o-mini', inputUsdPerMTok: -1, outputUsdPerMTok: 1 },
    param: 'inputUsdPerMTok',
  },
  {
    route: 'POST /admin/routes',
    title: 'no targets',
    path: '/admin/routes',
    body: { alias: 'fast', targets: [] },
    param: 'targets',
  },
  {
    route: 'POST /admin/routes',
    title: 'a repeated target',
    path: '/admin/routes',
    body: { alias: 'fast', targets: ['openai/gpt-4o-mini', 'openai/gpt-4o-mini'] },
    param: 'targets.1',
  },
  {
    route: 'POST /admin/routes',
    title: 'a target without a provider',
    path: '/admin/routes',
    body: { alias: 'fast', targets: ['gpt-4o-mini'] },
    param: 'targets.0',
  },
  {
    route: 'POST /admin/routes',
    title: 'an alias with spaces',
    path: '/admin/routes',
    body: { alias: 'my alias', targets: ['openai/gpt-4o-mini'] },
    param: 'alias',
  },
  {
    route: 'PATCH /admin/settings',
    title: 'an empty change',
    path: '/admin/settings',
    body: {},
    param: null,
  },
  {
    route: 'GET /admin/audit',
    title: '?from not a date',
    path: '/admin/audit',
    query: { from: 'last week' },
    param: 'from',
  },
  {
    route: 'GET /admin/usage',
    title: '?to not a date',
    path: '/admin/usage',
    query: { to: 'tomorrow-ish' },
    param: 'to',
  },
  {
    route: 'GET /admin/usage',
    title: '?from after ?to',
    path: '/admin/usage',
    query: { from: '2030-01-02T00:00:00Z', to: '2030-01-01T00:00:00Z' },
    param: 'from',
  },
];

/** Lists page with a cursor; a key's limits are no list, and the CSV export always starts at the first row. */
const takesCursor = (route: (typeof routes)[number]) =>
  (document.paths[route.path]?.get?.parameters ?? []).some(
    (parameter) => 'name' in parameter && parameter.name === 'cursor',
  );

/** A cursor no endpoint issued. */
const cursorCases = routes
  .filter(
    (route) =>
      route.method === 'GET' && route.takesQuery && takesCursor(route) && route.path !== '/admin/usage.csv',
  )
  .map((route): BadCase => ({
    route: route.key,
    title: '?cursor that no page issued',
    path: fillPath(route.path),
    query: { cursor: 'bm90LWEtY3Vyc29y' },
    param: 'cursor',
  }));

const operationOf = (method: string, path: string): OpenApiOperation => {
  const operation = document.paths[path]?.[method.toLowerCase() as 'get'];
  if (!operation) throw new Error(`${method} ${path} is not in the OpenAPI document`);
  return operation;
};

/** Login validates its body in a guard, before any argument is bound, so the route metadata shows no body. */
const takesBody = (route: (typeof routes)[number]) =>
  route.takesBody || route.key === 'POST /admin/auth/login';

const CASES: BadCase[] = [
  ...routes.flatMap((route) => {
    const operation = operationOf(route.method, route.path);
    const path = fillPath(route.path);
    const schema = operation.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined;
    return [
      ...(takesBody(route) ? bodyCases(route.key, path, schema ?? {}) : []),
      ...(route.takesQuery ? queryCases(route.key, path, operation) : []),
      ...pathCases(route.key, route.path),
    ];
  }),
  ...cursorCases,
  ...SPECIFIC_CASES,
];

const methodOf = (route: string) =>
  route.split(' ')[0]!.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';

describe('bad input on every /admin route', () => {
  it('has cases for every route that takes a body, a query or a path parameter', () => {
    const needing = routes.filter(
      (route) => takesBody(route) || route.takesQuery || route.path.includes('{'),
    );
    const covered = new Set(CASES.map((c) => c.route));
    expect(needing.map((route) => route.key).filter((key) => !covered.has(key))).toEqual([]);
    for (const route of routes.filter(takesBody)) {
      expect({
        route: route.key,
        documented: operationOf(route.method, route.path).requestBody !== undefined,
      }).toEqual({
        route: route.key,
        documented: true,
      });
    }
  });

  it.each(CASES.map((c) => ({ ...c, name: `${c.route}: ${c.title} → 400 naming ${c.param ?? 'no field'}` })))(
    '$name',
    async ({ route, path, body, query, param }) => {
      let request = api.http[methodOf(route)](path).set('authorization', owner.authorization);
      if (query) request = request.query(query);
      if (body) request = request.send(body);
      const response = await request;
      expect({ status: response.status, param: response.body.error?.param }).toEqual({ status: 400, param });
      expect(response.body.error.type).toBe('invalid_request_error');
      if (param) expect(response.body.error.message).toContain(param.split('.')[0]);
    },
  );
});

describe('malformed import files', () => {
  const importing = (format: 'env' | 'yaml', content: string) =>
    api.http
      .post('/admin/provider-keys/import')
      .set('authorization', owner.authorization)
      .send({ format, content, validate: false, dryRun: true });

  it.each([
    ['a line without =', 'this is not an assignment sk-secret-0001\nOPENAI_API_KEY=sk-fine-000000001\n', 1],
    ['an unterminated quote', '# keys\n\nOPENAI_API_KEY="sk-unterminated-0001\n', 3],
    ['text after a closing quote', "OPENAI_API_KEY='sk-quoted-00000001' trailing\n", 1],
  ] as const)('reports a .env with %s line by line, never quoting it', async (_what, content, line) => {
    const response = await importing('env', content);
    expect(response.status).toBe(200);
    expect(response.body.accepted).toBe(false);
    expect(response.body.entries).toContainEqual(expect.objectContaining({ line, status: 'invalid' }));
    expect(JSON.stringify(response.body)).not.toContain('sk-');
  });

  it.each([
    ['a bad indent', 'yaml', 'primary:\n  - provider: openai\n   api_key: sk-bad-indent-0001\n', 3],
    ['an unknown tier', 'yaml', 'primery:\n  - provider: openai\n', 1],
    [
      'a tier that is not a list',
      'yaml',
      'primary:\n  - provider: openai\n    api_key: sk-one-000000000001\ndaily: nope\n',
      4,
    ],
    ['a duplicated key', 'yaml', 'primary:\n  - provider: openai\n    provider: gemini\n', 3],
  ] as const)(
    'refuses %s with a 400 naming the line and never quoting it',
    async (_what, format, content, line) => {
      const response = await importing(format, content);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        type: 'invalid_request_error',
        code: 'import_malformed',
        param: 'content',
      });
      expect(response.body.error.message).toMatch(new RegExp(`^content is not valid YAML: line ${line}: `));
      expect(response.body.error.message).not.toContain('sk-');
    },
  );
});
