import { issueToken } from '@switchyard/crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('POST /admin/config/apply', () => {
  let api: TestApp;
  let admin: string;
  const token = issueToken('sy').token;
  const file = [
    'providers:',
    '  - { name: in-house, type: openai, base_url: "http://10.0.0.5:8080/v1" }',
    'primary:',
    '  - provider: in-house',
    '    api_key: sk-apply-0000000000000001',
    'teams:',
    '  - name: search',
    '    budget: { limit_usd: 100, period: monthly, alert_at_percent: 80 }',
    '    tokens:',
    `      - { name: backend, token: ${token}, rpm: 600 }`,
    'routes:',
    '  - { alias: fast, targets: [in-house/llama-3-70b] }',
    'prices:',
    '  - { provider: in-house, model: llama-3-70b, input_usd_per_mtok: 0.5, output_usd_per_mtok: 1.5 }',
    'settings:',
    '  allow_unpriced_models: true',
  ].join('\n');

  const apply = (content: string, dryRun?: boolean) =>
    api.http
      .post('/admin/config/apply')
      .set('authorization', admin)
      .send(dryRun === undefined ? { content } : { content, dryRun });
  const auditCount = async () =>
    (await api.http.get('/admin/audit?limit=200').set('authorization', admin).expect(200)).body.items
      .length as number;

  beforeAll(async () => {
    api = await startTestApp();
    admin = (await signedInAs(api, 'admin')).authorization;
  });
  afterAll(async () => {
    await api.close();
  });

  it('plans without writing on a dry run, applies as the actor config, and changes nothing the second time', async () => {
    const auditBefore = await auditCount();
    const planned = await apply(file, true).expect(200);
    expect(planned.body.dryRun).toBe(true);
    expect(planned.body.changes).toEqual([
      { kind: 'provider', name: 'in-house', action: 'create', fields: ['type', 'base_url'] },
      { kind: 'key', name: 'in-house …0001', action: 'create', fields: ['api_key'] },
      { kind: 'team', name: 'search', action: 'create', fields: ['name'] },
      {
        kind: 'budget',
        name: 'search',
        action: 'create',
        fields: ['limit_usd', 'period', 'alert_at_percent'],
      },
      { kind: 'token', name: 'search/backend', action: 'create', fields: ['name', 'rpm'] },
      { kind: 'route', name: 'fast', action: 'create', fields: ['targets'] },
      {
        kind: 'price',
        name: 'in-house/llama-3-70b',
        action: 'create',
        fields: [
          'input_usd_per_mtok',
          'output_usd_per_mtok',
          'cached_input_usd_per_mtok',
          'cache_write_usd_per_mtok',
          'max_output_tokens',
        ],
      },
      {
        kind: 'setting',
        name: 'allow_unpriced_models',
        action: 'update',
        fields: ['allow_unpriced_models'],
      },
    ]);
    expect(await auditCount()).toBe(auditBefore);
    const teams = await api.http.get('/admin/teams').set('authorization', admin).expect(200);
    expect(teams.body.items.map((team: { name: string }) => team.name)).not.toContain('search');

    const applied = await apply(file).expect(200);
    expect(applied.body.dryRun).toBe(false);
    expect(applied.body.changes).toEqual(planned.body.changes);
    const settings = await api.http.get('/admin/settings').set('authorization', admin).expect(200);
    expect(settings.body.allowUnpricedModels).toBe(true);
    const prices = await api.http
      .get('/admin/pricing?provider=in-house')
      .set('authorization', admin)
      .expect(200);
    expect(prices.body.items).toEqual([
      expect.objectContaining({ model: 'llama-3-70b', inputUsdPerMTok: 0.5, outputUsdPerMTok: 1.5 }),
    ]);
    const events = (await api.http.get('/admin/audit?limit=200').set('authorization', admin).expect(200)).body
      .items as { action: string; actor: { type: string; label: string | null } }[];
    const fromFile = events.slice(0, events.length - auditBefore);
    expect(new Set(fromFile.map((event) => event.action))).toEqual(
      new Set([
        'provider.create',
        'provider_key.create',
        'provider_key.import',
        'team.create',
        'budget.set',
        'token.create',
        'route.create',
        'pricing.create',
        'settings.update',
        'config.apply',
      ]),
    );
    for (const event of fromFile.filter((e) => e.action !== 'config.apply')) {
      expect(event.actor).toMatchObject({ type: 'system', label: 'config' });
    }
    expect(fromFile.find((e) => e.action === 'config.apply')?.actor.type).toBe('user');
    expect(JSON.stringify(events)).not.toContain(token);
    expect(JSON.stringify(events)).not.toContain('sk-apply-0000000000000001');

    const again = await apply(file).expect(200);
    expect(again.body.changes.map((change: { action: string }) => change.action)).toEqual(
      Array(8).fill('unchanged'),
    );
    expect(await auditCount()).toBe(events.length);
  });

  it('names what an edit changes, field by field', async () => {
    const edited = file
      .replace('limit_usd: 100', 'limit_usd: 150')
      .replace('rpm: 600', 'rpm: 900')
      .replace('output_usd_per_mtok: 1.5', 'output_usd_per_mtok: 2');
    const planned = await apply(edited, true).expect(200);
    const changed = planned.body.changes.filter(
      (change: { action: string }) => change.action !== 'unchanged',
    );
    expect(changed).toEqual([
      { kind: 'budget', name: 'search', action: 'update', fields: ['limit_usd'] },
      { kind: 'token', name: 'search/backend', action: 'update', fields: ['rpm'] },
      { kind: 'price', name: 'in-house/llama-3-70b', action: 'update', fields: ['output_usd_per_mtok'] },
    ]);
  });

  it('sets whether a provider serves the Responses API, only for an openai-type provider', async () => {
    const declared = file.replace(
      '"http://10.0.0.5:8080/v1" }',
      '"http://10.0.0.5:8080/v1", serves_responses: true }',
    );
    const planned = await apply(declared, true).expect(200);
    expect(planned.body.changes[0]).toEqual({
      kind: 'provider',
      name: 'in-house',
      action: 'update',
      fields: ['serves_responses'],
    });
    await apply(declared).expect(200);
    const provider = await api.http.get('/admin/providers/in-house').set('authorization', admin).expect(200);
    expect(provider.body.servesResponses).toBe(true);
    const refused = await apply(
      'providers:\n  - { name: gemini, type: gemini, base_url: "https://generativelanguage.googleapis.com/v1beta", serves_responses: true }',
    ).expect(400);
    expect(refused.body.problems).toEqual([
      expect.objectContaining({ line: 2, field: 'providers.0.serves_responses' }),
    ]);
  });

  it('refuses a broken file with every problem by line, and applies none of it', async () => {
    const broken = [
      'teams:',
      '  - name: other',
      '    budget: { limit_usd: -1, period: weekly }',
      'prices:',
      '  - { provider: x }',
    ].join('\n');
    const refused = await apply(broken).expect(400);
    expect(refused.body.error).toMatchObject({ code: 'config_rejected', param: 'content' });
    expect(refused.body.error.message).toMatch(/^nothing was applied: line 3: teams\.0\.budget\.limit_usd: /);
    expect(refused.body.problems.map((problem: { line: number }) => problem.line)).toEqual([3, 3, 5, 5, 5]);
    const teams = await api.http.get('/admin/teams').set('authorization', admin).expect(200);
    expect(teams.body.items.map((team: { name: string }) => team.name)).not.toContain('other');
    const malformed = await api.http
      .post('/admin/config/apply')
      .set('authorization', admin)
      .send({ content: 3 })
      .expect(400);
    expect(malformed.body.error.param).toBe('content');
  });

  it('is refused to an auditor', async () => {
    const auditor = (await signedInAs(api, 'auditor')).authorization;
    await api.http
      .post('/admin/config/apply')
      .set('authorization', auditor)
      .send({ content: file, dryRun: true })
      .expect(403);
  });
});
