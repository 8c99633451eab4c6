import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueToken } from '@switchyard/crypto';
import { type MockProvider, startMockProvider } from '@switchyard/testing';
import { ConfigError } from '../../src/config/load-config.js';
import { signedInAs } from '../support/admin-session.js';
import { type TestApp } from '../support/test-app.js';
import { configDeployment, type ConfigDeployment, lineHolding } from './config-boot.js';

interface AuditItem {
  action: string;
  target: { type: string | null; id: string | null };
  actor: { type: string; label: string | null };
}

const OPENAI_KEY = `sk-config-openai-${randomBytes(8).toString('hex')}`;
const HOUSE_KEY = `sk-config-house-${randomBytes(8).toString('hex')}`;
const SEARCH_BACKEND = issueToken('sy').token;
const SEARCH_BATCH = issueToken('sy').token;
const SUPPORT_BOT = issueToken('sy').token;
const SECRETS = [OPENAI_KEY, HOUSE_KEY, SEARCH_BACKEND, SEARCH_BATCH, SUPPORT_BOT];

/** The deployment's file; `edit` changes what a spec needs changed, the rest stays as it was first applied. */
function configFile(
  mockUrl: string,
  edit: { searchLimit?: number; searchAlert?: string; batchRpm?: number } = {},
) {
  return `# Switchyard, as code
providers:
  - name: openai
    type: openai
    base_url: ${mockUrl}
  - name: house
    type: openai
    base_url: ${mockUrl}

primary:
  - provider: openai
    api_key: ${OPENAI_KEY}
  - provider: house
    api_key: ${HOUSE_KEY}
    models: [house-model]

teams:
  - name: search
    budget:
      limit_usd: ${edit.searchLimit ?? 100}
      period: monthly
${edit.searchAlert ?? '      alert_at_percent: 80'}
    tokens:
      - name: search-backend
        token: ${SEARCH_BACKEND}
        allowed_models: [openai/gpt-4o-mini]
      - name: search-batch
        token: ${SEARCH_BATCH}
        rpm: ${edit.batchRpm ?? 60}
        tpm: 100000
  - name: support
    budget:
      limit_usd: 5.5
      period: daily
    tokens:
      - name: support-bot
        token: ${SUPPORT_BOT}
        budget_usd: 2.5
        expires_at: 2031-01-01T00:00:00Z

routes:
  - alias: in-house
    targets: [house/house-model, openai/gpt-4o-mini]
`;
}

describe('SWITCHYARD_CONFIG with teams, budgets, tokens and routes', () => {
  let mock: MockProvider;
  let deployment: ConfigDeployment;
  let dir: string;
  let api: TestApp;
  let admin: string;

  const write = async (name: string, content: string) => {
    const file = path.join(dir, name);
    await writeFile(file, content);
    return file;
  };
  const restart = async (file: string) => {
    await api.close();
    api = await deployment.start(file);
    admin = (await signedInAs(api, 'owner')).authorization;
  };
  const get = async (url: string) =>
    (await api.http.get(url).set('authorization', admin).expect(200)).body as Record<string, unknown>;
  const configAudit = async () =>
    ((await get('/admin/audit?actor=SWITCHYARD_CONFIG&limit=200')).items as AuditItem[]).reverse();
  const teamIds = async () => {
    const items = (await get('/admin/teams')).items as { id: string; name: string }[];
    return Object.fromEntries(items.map((team) => [team.name, team.id]));
  };
  const tokensOf = async (teamId: string) =>
    (await get(`/admin/tokens?teamId=${teamId}&includeRevoked=true`)).items as Record<string, unknown>[];
  const modelsFor = (token: string) => api.http.get('/v1/models').set('authorization', `Bearer ${token}`);
  /** The gateway's key pool picks up imported keys from a change notification, a moment after the import. */
  const modelIdsOnceSynced = async (token: string, expected: string) => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const ids = ((await modelsFor(token).expect(200)).body.data as { id: string }[]).map((m) => m.id);
      if (ids.includes(expected) || Date.now() > deadline) return ids;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const refusal = async (file: string): Promise<ConfigError> => {
    const error = await deployment.start(file).then(
      async (app) => {
        await app.close();
        throw new Error('the start was not refused');
      },
      (refused: unknown) => refused,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  };

  beforeAll(async () => {
    mock = await startMockProvider();
    dir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-config-teams-'));
    deployment = await configDeployment();
    api = await deployment.start(await write('switchyard.yaml', configFile(mock.baseUrl('openai'))));
    admin = (await signedInAs(api, 'owner')).authorization;
  });

  afterAll(async () => {
    await api.close();
    await deployment.drop();
    await mock.close();
  });

  it('creates the teams with their budgets and tokens, and the tokens work at once', async () => {
    expect(await modelIdsOnceSynced(SEARCH_BACKEND, 'openai/gpt-4o-mini')).toEqual(['openai/gpt-4o-mini']);
    // No allow-list: every priced model of a provider with keys, and every alias.
    const supportModels = await modelIdsOnceSynced(SUPPORT_BOT, 'openai/gpt-4o-mini');
    expect(supportModels).toEqual(
      expect.arrayContaining(['in-house', 'openai/gpt-4o', 'openai/gpt-4o-mini']),
    );
    await modelsFor(SEARCH_BATCH).expect(200);
    await modelsFor(issueToken('sy').token).expect(401);

    const chat = await api.http
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${SEARCH_BACKEND}`)
      .send({
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: 'echo: declared in a file' }],
      })
      .expect(200);
    expect(chat.body.choices[0].message.content).toBe('declared in a file');
    expect(mock.lastRequest(OPENAI_KEY)).toBeDefined();

    const teams = await teamIds();
    expect(Object.keys(teams).sort()).toEqual(['search', 'support']);
    expect(await get(`/admin/teams/${teams.search}/spend`)).toMatchObject({
      limitUsd: 100,
      period: 'monthly',
      alertAtPercent: 80,
    });
    expect(await get(`/admin/teams/${teams.support}/spend`)).toMatchObject({
      limitUsd: 5.5,
      period: 'daily',
      alertAtPercent: null,
    });

    const byName = (tokens: Record<string, unknown>[]) =>
      Object.fromEntries(tokens.map((token) => [token.name as string, token]));
    expect(byName(await tokensOf(teams.search!))).toEqual({
      'search-backend': expect.objectContaining({
        prefix: SEARCH_BACKEND.slice(0, 'sy-'.length + 8),
        allowedModels: ['openai/gpt-4o-mini'],
        rpm: null,
        budgetUsd: null,
        revokedAt: null,
      }),
      'search-batch': expect.objectContaining({ prefix: SEARCH_BATCH.slice(0, 11), rpm: 60, tpm: 100000 }),
    });
    expect(byName(await tokensOf(teams.support!))).toEqual({
      'support-bot': expect.objectContaining({
        budgetUsd: 2.5,
        expiresAt: '2031-01-01T00:00:00.000Z',
        allowedModels: [],
      }),
    });

    expect(await get('/admin/providers/openai')).toMatchObject({
      baseUrl: mock.baseUrl('openai'),
      builtIn: true,
    });
    expect(await get('/admin/providers/house')).toMatchObject({
      type: 'openai',
      builtIn: false,
      keyCount: 1,
    });
    expect((await get('/admin/routes')).items).toEqual([
      expect.objectContaining({ alias: 'in-house', targets: ['house/house-model', 'openai/gpt-4o-mini'] }),
    ]);
  });

  it('audits every change as SWITCHYARD_CONFIG, and no token or key appears in the audit log or the logs', async () => {
    const audit = await configAudit();
    expect(audit.every((event) => event.actor.type === 'system')).toBe(true);
    expect(audit.map((event) => event.action).sort()).toEqual(
      [
        'provider.update',
        'provider.create',
        'provider_key.create',
        'provider_key.create',
        'provider_key.import',
        'team.create',
        'team.create',
        'budget.set',
        'budget.set',
        'token.create',
        'token.create',
        'token.create',
        'route.create',
      ].sort(),
    );
    const everything = JSON.stringify((await get('/admin/audit?limit=200')).items);
    const logs = deployment.logLines.join('\n');
    for (const secret of SECRETS) {
      expect(everything).not.toContain(secret);
      expect(logs).not.toContain(secret);
      // Not even the body after the display prefix.
      expect(logs).not.toContain(secret.slice(11));
    }
    const applied = deployment.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(applied.find((line) => line.msg === 'applied SWITCHYARD_CONFIG')).toMatchObject({
      providersCreated: 1,
      providersUpdated: 1,
      keysCreated: 2,
      teamsCreated: 2,
      budgetsSet: 2,
      tokensCreated: 3,
      tokensUpdated: 0,
      routesSaved: 1,
    });
  });

  it('changes nothing when started again with the same file', async () => {
    const before = await configAudit();
    const teamsBefore = await teamIds();
    await restart(path.join(dir, 'switchyard.yaml'));
    expect(await configAudit()).toEqual(before);
    expect(await teamIds()).toEqual(teamsBefore);
    expect(await tokensOf(teamsBefore.search!)).toHaveLength(2);
    expect(await tokensOf(teamsBefore.support!)).toHaveLength(1);
    expect((await get('/admin/provider-keys')).items).toHaveLength(2);
    const lines = deployment.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.msg === 'applied SWITCHYARD_CONFIG').at(-1)).toMatchObject({
      providersCreated: 0,
      providersUpdated: 0,
      keysCreated: 0,
      teamsCreated: 0,
      budgetsSet: 0,
      budgetsRemoved: 0,
      tokensCreated: 0,
      tokensUpdated: 0,
      routesSaved: 0,
    });
    await modelsFor(SEARCH_BACKEND).expect(200);
  });

  it('applies an edited budget and token settings at the next start, auditing only those', async () => {
    const before = await configAudit();
    const edited = configFile(mock.baseUrl('openai'), { searchLimit: 150, searchAlert: '', batchRpm: 120 });
    await restart(await write('switchyard.yaml', edited));
    const teams = await teamIds();
    expect(await get(`/admin/teams/${teams.search}/spend`)).toMatchObject({
      limitUsd: 150,
      period: 'monthly',
      alertAtPercent: null,
    });
    const batch = (await tokensOf(teams.search!)).find((token) => token.name === 'search-batch');
    expect(batch).toMatchObject({ rpm: 120, tpm: 100000, revokedAt: null });
    const added = (await configAudit()).slice(before.length);
    expect(added.map((event) => [event.action, event.target.id])).toEqual([
      ['budget.set', teams.search],
      ['token.update', batch!.id],
    ]);
    await modelsFor(SEARCH_BATCH).expect(200);
  });

  it('refuses a broken file, one line per problem naming the line and field, and writes none of it', async () => {
    const valid = configFile(mock.baseUrl('openai'), { searchLimit: 150, searchAlert: '', batchRpm: 120 });
    const auditBefore = await configAudit();

    const badShape = valid.replace(SEARCH_BACKEND, 'sy-tooShort').replace('period: daily', 'period: weekly');
    const shapeRefusal = await refusal(await write('bad-shape.yaml', badShape));
    expect(shapeRefusal.problems).toEqual([
      `SWITCHYARD_CONFIG line ${lineHolding(badShape, 'sy-tooShort')}: teams.0.tokens.0.token: must be "sy-" followed by 40 letters and digits, the shape the API issues`,
      `SWITCHYARD_CONFIG line ${lineHolding(badShape, 'weekly')}: teams.1.budget.period: must be one of daily, monthly, total`,
    ]);

    // The search team claims support's token; a new team, key and token, fine on their own, must not be written.
    const newcomer = issueToken('sy').token;
    const freshSupportToken = issueToken('sy').token;
    const newKey = `sk-config-late-${randomBytes(8).toString('hex')}`;
    const moved = valid
      .replace(SUPPORT_BOT, freshSupportToken)
      .replace(SEARCH_BATCH, SUPPORT_BOT)
      .replace(`api_key: ${OPENAI_KEY}`, `api_key: ${newKey}`)
      .replace(
        '\nroutes:',
        `  - name: ops\n    tokens:\n      - name: ops-bot\n        token: ${newcomer}\n\nroutes:`,
      );
    const movedRefusal = await refusal(await write('moved.yaml', moved));
    expect(movedRefusal.problems).toEqual([
      `SWITCHYARD_CONFIG line ${lineHolding(moved, SUPPORT_BOT)}: teams.0.tokens.1.token: is already a token of team "support"; a token cannot move between teams`,
    ]);
    expect(Object.keys(await teamIds()).sort()).toEqual(['search', 'support']);
    await modelsFor(newcomer).expect(401);
    await modelsFor(freshSupportToken).expect(401);
    expect((await get('/admin/provider-keys')).items).toHaveLength(2);

    const malformed = await refusal(
      await write('malformed.yaml', 'teams:\n  - name: search\n    tokens: [unclosed\n'),
    );
    expect(malformed.problems).toEqual([expect.stringMatching(/^SWITCHYARD_CONFIG line \d+: invalid YAML/)]);

    const misspelt = valid.replace('rpm: 120', 'rmp: 120').replace('routes:', 'route:');
    const misspeltRefusal = await refusal(await write('misspelt.yaml', misspelt));
    expect(misspeltRefusal.problems).toEqual([
      `SWITCHYARD_CONFIG line ${lineHolding(misspelt, 'rmp: 120')}: teams.0.tokens.1.rmp: is not a known field`,
      `SWITCHYARD_CONFIG line ${lineHolding(misspelt, 'route:')}: unknown section "route"; expected primary, daily, fallback, providers, teams, routes, prices or settings`,
    ]);

    expect(await configAudit()).toEqual(auditBefore);
    const refusals = [shapeRefusal, movedRefusal, malformed, misspeltRefusal];
    const said = JSON.stringify(refusals.map((refused) => refused.problems)) + deployment.logLines.join('\n');
    for (const secret of [...SECRETS, newcomer, freshSupportToken, newKey])
      expect(said).not.toContain(secret);
  });

  it('refuses a token that was revoked since, naming its line', async () => {
    const teams = await teamIds();
    const batch = (await tokensOf(teams.search!)).find((token) => token.name === 'search-batch');
    await api.http.delete(`/admin/tokens/${batch!.id}`).set('authorization', admin).expect(200);
    const content = configFile(mock.baseUrl('openai'), { searchLimit: 150, searchAlert: '', batchRpm: 120 });
    const refused = await refusal(path.join(dir, 'switchyard.yaml'));
    expect(refused.problems).toEqual([
      `SWITCHYARD_CONFIG line ${lineHolding(content, SEARCH_BATCH)}: teams.0.tokens.1.token: has been revoked; a revoked token cannot come back, so declare a new one`,
    ]);
  });
});
