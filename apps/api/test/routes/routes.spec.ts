import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '../../src/database/prisma.service.js';
import { RouteTable } from '../../src/modules/routes/route-table.js';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startSecondReplica } from '../credits/support/replicas.js';
import { waitFor } from '../credits/support/wait-for.js';

type Session = Awaited<ReturnType<typeof signedInAs>>;

describe('model routes', () => {
  let api: TestApp;
  let second: NestFastifyApplication;
  let owner: Session;
  let catalog: RouteTable;

  beforeAll(async () => {
    api = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:6379' });
    second = await startSecondReplica(api);
    owner = await signedInAs(api, 'owner');
    catalog = api.app.get(RouteTable, { strict: false });
  });

  afterAll(async () => {
    await second.close();
    await api.close();
  });

  const post = (body: unknown, session = owner) =>
    api.http
      .post('/admin/routes')
      .set('authorization', session.authorization)
      .send(body as object);
  const list = (query: Record<string, string | number> = {}, session = owner) =>
    api.http.get('/admin/routes').query(query).set('authorization', session.authorization);
  const remove = (alias: string, session = owner) =>
    api.http.delete(`/admin/routes/${encodeURIComponent(alias)}`).set('authorization', session.authorization);

  it('resolves provider/model ids at the first slash, and nothing else without an alias', () => {
    expect(catalog.resolve('openai/gpt-4o-mini')).toEqual({
      alias: null,
      targets: [{ provider: 'openai', model: 'gpt-4o-mini' }],
    });
    expect(catalog.resolve('openrouter/openai/gpt-4o-mini')?.targets).toEqual([
      { provider: 'openrouter', model: 'openai/gpt-4o-mini' },
    ]);
    expect(catalog.resolve('gpt-4o-mini')).toBeNull();
  });

  it('creates an alias with a fallback chain that resolves in order, on every replica', async () => {
    const created = await post({
      alias: 'fast',
      targets: ['openai/gpt-4o-mini', 'openrouter/openai/gpt-4o-mini'],
    }).expect(201);
    expect(created.body).toMatchObject({
      alias: 'fast',
      targets: ['openai/gpt-4o-mini', 'openrouter/openai/gpt-4o-mini'],
    });
    const expected = {
      alias: 'fast',
      targets: [
        { provider: 'openai', model: 'gpt-4o-mini' },
        { provider: 'openrouter', model: 'openai/gpt-4o-mini' },
      ],
    };
    expect(catalog.resolve('fast')).toEqual(expected);
    const other = second.get(RouteTable, { strict: false });
    await waitFor(async () => other.resolve('fast')?.targets.length === 2);
    expect(other.resolve('fast')).toEqual(expected);
  });

  it('replaces the targets of an existing alias, audits both versions, and deletes it', async () => {
    await post({ alias: 'team-a/chat', targets: ['anthropic/claude-sonnet-4'] }).expect(201);
    const updated = await post({
      alias: 'team-a/chat',
      targets: ['gemini/gemini-2.5-flash', 'anthropic/claude-sonnet-4'],
    }).expect(201);
    expect(updated.body.targets).toEqual(['gemini/gemini-2.5-flash', 'anthropic/claude-sonnet-4']);
    expect(catalog.resolve('team-a/chat')?.targets[0]).toEqual({
      provider: 'gemini',
      model: 'gemini-2.5-flash',
    });
    const removed = await remove('team-a/chat').expect(200);
    expect(removed.body.alias).toBe('team-a/chat');
    expect(catalog.resolve('team-a/chat')).toEqual({
      alias: null,
      targets: [{ provider: 'team-a', model: 'chat' }],
    });
    expect((await remove('team-a/chat').expect(404)).body.error.code).toBe('route_not_found');
    const audit = await api.http
      .get('/admin/audit')
      .query({ targetType: 'route', targetId: 'team-a/chat' })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'route.delete',
      'route.update',
      'route.create',
    ]);
    expect(audit.body.items[1]).toMatchObject({
      before: { targets: ['anthropic/claude-sonnet-4'] },
      after: { targets: ['gemini/gemini-2.5-flash', 'anthropic/claude-sonnet-4'] },
    });
  });

  it('refuses aliases that are or start with a provider name, built-in or configured', async () => {
    for (const alias of ['openai', 'openai/fast', 'together/x', 'gemini/gemini-2.5-pro']) {
      const response = await post({ alias, targets: ['openai/gpt-4o'] }).expect(400);
      expect([alias, response.body.error.code, response.body.error.param]).toEqual([
        alias,
        'alias_shadows_provider',
        'alias',
      ]);
    }
    await api.app
      .get(PrismaService, { strict: false })
      .provider.create({ data: { name: 'acme', type: 'openai', baseUrl: 'https://llm.acme.test/v1' } });
    await post({ alias: 'acme/fast', targets: ['openai/gpt-4o'] }).expect(400);
    await post({ alias: 'openai-fast', targets: ['acme/acme-1'] }).expect(201);
    await post({ alias: 'claude:latest', targets: ['anthropic/claude-sonnet-4-5'] }).expect(201);
  });

  it('refuses targets on unknown providers, naming the target', async () => {
    const response = await post({ alias: 'x', targets: ['openai/gpt-4o', 'nobody/model'] }).expect(400);
    expect(response.body.error).toMatchObject({ code: 'unknown_provider', param: 'targets.1' });
  });

  it('refuses invalid routes with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ targets: ['openai/gpt-4o'] }, 'alias'],
      [{ alias: '', targets: ['openai/gpt-4o'] }, 'alias'],
      [{ alias: 'a'.repeat(101), targets: ['openai/gpt-4o'] }, 'alias'],
      [{ alias: 'has space', targets: ['openai/gpt-4o'] }, 'alias'],
      [{ alias: 'emoji-✨', targets: ['openai/gpt-4o'] }, 'alias'],
      [{ alias: 7, targets: ['openai/gpt-4o'] }, 'alias'],
      [{ alias: 'x' }, 'targets'],
      [{ alias: 'x', targets: [] }, 'targets'],
      [{ alias: 'x', targets: 'openai/gpt-4o' }, 'targets'],
      [{ alias: 'x', targets: Array.from({ length: 11 }, (_, i) => `openai/m${i}`) }, 'targets'],
      [{ alias: 'x', targets: ['gpt-4o'] }, 'targets.0'],
      [{ alias: 'x', targets: ['openai/gpt-4o', 'openai/'] }, 'targets.1'],
      [{ alias: 'x', targets: ['OpenAI/gpt-4o'] }, 'targets.0'],
      [{ alias: 'x', targets: ['openai/gpt 4o'] }, 'targets.0'],
      [{ alias: 'x', targets: [42] }, 'targets.0'],
      [{ alias: 'x', targets: ['openai/gpt-4o', 'openai/gpt-4o'] }, 'targets.1'],
      [{ alias: 'x', targets: [`openai/${'m'.repeat(250)}`] }, 'targets.0'],
    ];
    for (const [body, param] of cases) {
      const response = await post(body).expect(400);
      expect([JSON.stringify(body).slice(0, 80), response.body.error.param]).toEqual([
        JSON.stringify(body).slice(0, 80),
        param,
      ]);
    }
    expect(
      (await post({ alias: 'x', targets: ['openai/a'], weight: 1 }).expect(400)).body.error.message,
    ).toContain('"weight"');
    expect((await remove('bad alias').expect(400)).body.error.param).toBe('alias');
  });

  it('pages routes by alias', async () => {
    for (const alias of ['page-a', 'page-b', 'page-c'])
      await post({ alias, targets: ['openai/gpt-4o'] }).expect(201);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
      seen.push(...page.body.items.map((r: { alias: string }) => r.alias));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expect.arrayContaining(['fast', 'page-a', 'page-b', 'page-c']));
  });

  it('lets an auditor read routes but not change them; team roles neither', async () => {
    const auditor = await signedInAs(api, 'auditor');
    await list({}, auditor).expect(200);
    await post({ alias: 'sneaky', targets: ['openai/gpt-4o'] }, auditor).expect(403);
    await remove('fast', auditor).expect(403);
    for (const role of ['team_admin', 'member'] as const) {
      const session = await signedInAs(api, role);
      await list({}, session).expect(403);
      await post({ alias: 'sneaky', targets: ['openai/gpt-4o'] }, session).expect(403);
    }
  });
});
