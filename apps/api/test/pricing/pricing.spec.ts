import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_PRICES } from '../../src/modules/pricing/default-prices.js';
import { PriceTable } from '../../src/modules/pricing/price-table.js';
import { PricingService } from '../../src/modules/pricing/pricing.service.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { signedInAs } from '../support/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Session = Awaited<ReturnType<typeof signedInAs>>;

describe('model pricing', () => {
  let api: TestApp;
  let owner: Session;
  let catalog: PriceTable;

  beforeAll(async () => {
    api = await startTestApp();
    owner = await signedInAs(api, 'owner');
    catalog = api.app.get(PriceTable, { strict: false });
  });

  afterAll(async () => {
    await api.close();
  });

  const put = (body: unknown, session = owner) =>
    api.http
      .put('/admin/pricing')
      .set('authorization', session.authorization)
      .send(body as object);
  const list = (query: Record<string, string | number> = {}, session = owner) =>
    api.http.get('/admin/pricing').query(query).set('authorization', session.authorization);
  const remove = (provider: string, model: string, session = owner) =>
    api.http
      .delete(`/admin/pricing/${provider}/${encodeURIComponent(model)}`)
      .set('authorization', session.authorization);

  it('seeds current OpenAI, Anthropic and Gemini prices at start, in micro-USD per million tokens', async () => {
    const rows = await api.app.get(PrismaService, { strict: false }).modelPrice.findMany();
    expect(rows).toHaveLength(DEFAULT_PRICES.length);
    expect(rows.find((r) => r.provider === 'openai' && r.model === 'gpt-4o-mini')).toMatchObject({
      inputPerMTok: 150_000n,
      outputPerMTok: 600_000n,
      cachedInputPerMTok: 75_000n,
    });
    for (const model of [
      'gpt-4o',
      'gpt-4.1',
      'gpt-4.1-mini',
      'gpt-4.1-nano',
      'o3',
      'o4-mini',
      'text-embedding-3-small',
    ]) {
      expect(catalog.priceOf('openai', model)).not.toBeNull();
    }
    for (const model of ['claude-opus-4', 'claude-sonnet-4', 'claude-3-5-haiku']) {
      expect(catalog.priceOf('anthropic', model)).not.toBeNull();
    }
    for (const model of ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.0-flash']) {
      expect(catalog.priceOf('gemini', model)).not.toBeNull();
    }
    const page = await list({ provider: 'anthropic', limit: 200 }).expect(200);
    expect(page.body.items.every((p: { provider: string }) => p.provider === 'anthropic')).toBe(true);
    expect(page.body.items.find((p: { model: string }) => p.model === 'claude-sonnet-4')).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-4',
      inputUsdPerMTok: 3,
      outputUsdPerMTok: 15,
      cachedInputUsdPerMTok: 0.3,
      cacheWriteUsdPerMTok: 3.75,
      maxOutputTokens: 64_000,
      updatedAt: expect.any(String),
    });
  });

  it('finds dated snapshots under the listed model, and nothing for unpriced ones', () => {
    expect(catalog.priceOf('openai', 'gpt-4o-2024-08-06')?.model).toBe('gpt-4o');
    expect(catalog.priceOf('anthropic', 'claude-3-5-haiku-20241022')?.model).toBe('claude-3-5-haiku');
    expect(catalog.priceOf('openai', 'no-such-model')).toBeNull();
    expect(catalog.priceOf('groq', 'gpt-4o')).toBeNull();
  });

  it('upserts a price, audits before and after, and the catalog sees it at once', async () => {
    const created = await put({
      provider: 'openrouter',
      model: 'qwen/qwen3-coder',
      inputUsdPerMTok: 0.15,
      outputUsdPerMTok: 0.6,
    }).expect(200);
    expect(created.body).toMatchObject({
      inputUsdPerMTok: 0.15,
      outputUsdPerMTok: 0.6,
      cachedInputUsdPerMTok: null,
    });
    expect(catalog.priceOf('openrouter', 'qwen/qwen3-coder')).toEqual({
      provider: 'openrouter',
      model: 'qwen/qwen3-coder',
      inputMicrosPerMTok: 150_000n,
      outputMicrosPerMTok: 600_000n,
      cachedInputMicrosPerMTok: null,
      cacheWriteMicrosPerMTok: null,
      maxOutputTokens: null,
    });
    await put({
      provider: 'openrouter',
      model: 'qwen/qwen3-coder',
      inputUsdPerMTok: 0.16,
      outputUsdPerMTok: 0.64,
      cachedInputUsdPerMTok: 0.000001,
    }).expect(200);
    expect(catalog.priceOf('openrouter', 'qwen/qwen3-coder')?.cachedInputMicrosPerMTok).toBe(1n);
    const audit = await api.http
      .get('/admin/audit')
      .query({ targetType: 'model_price' })
      .set('authorization', owner.authorization)
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'pricing.update',
      'pricing.create',
    ]);
    expect(audit.body.items[0]).toMatchObject({
      target: { id: 'openrouter/qwen/qwen3-coder' },
      before: { inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, cachedInputUsdPerMTok: null },
      after: { inputUsdPerMTok: 0.16, outputUsdPerMTok: 0.64, cachedInputUsdPerMTok: 0.000001 },
    });
  });

  it('deletes a price by provider and URL-encoded model, 404 when there is none', async () => {
    await put({
      provider: 'groq',
      model: 'llama/3.3-70b',
      inputUsdPerMTok: 0.59,
      outputUsdPerMTok: 0.79,
    }).expect(200);
    const removed = await remove('groq', 'llama/3.3-70b').expect(200);
    expect(removed.body).toMatchObject({ provider: 'groq', model: 'llama/3.3-70b' });
    expect(catalog.priceOf('groq', 'llama/3.3-70b')).toBeNull();
    const again = await remove('groq', 'llama/3.3-70b').expect(404);
    expect(again.body.error.code).toBe('price_not_found');
    const bad = await remove('Not_A_Provider', 'x').expect(400);
    expect(bad.body.error.param).toBe('provider');
  });

  it('never overwrites an edited price nor brings back a deleted default when seeding again', async () => {
    await put({ provider: 'openai', model: 'gpt-4o', inputUsdPerMTok: 1, outputUsdPerMTok: 2 }).expect(200);
    await remove('openai', 'o1').expect(200);
    await api.app.get(PricingService, { strict: false }).seedDefaults();
    await catalog.refresh();
    expect(catalog.priceOf('openai', 'gpt-4o')?.inputMicrosPerMTok).toBe(1_000_000n);
    expect(catalog.priceOf('openai', 'o1')).toBeNull();
  });

  it('pages by provider and model with an opaque cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: 7, ...(cursor ? { cursor } : {}) }).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(7);
      seen.push(
        ...page.body.items.map((p: { provider: string; model: string }) => `${p.provider}/${p.model}`),
      );
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    const all = await list({ limit: 200 }).expect(200);
    expect(seen).toEqual(
      all.body.items.map((p: { provider: string; model: string }) => `${p.provider}/${p.model}`),
    );
    expect(new Set(seen).size).toBe(seen.length);
    expect((await list({ limit: 201 }).expect(400)).body.error.param).toBe('limit');
    expect((await list({ provider: 'OpenAI' }).expect(400)).body.error.param).toBe('provider');
  });

  it('refuses invalid prices with 400 naming the field', async () => {
    const valid = { provider: 'openai', model: 'x', inputUsdPerMTok: 1, outputUsdPerMTok: 1 };
    const cases: [unknown, string][] = [
      [{ ...valid, provider: undefined }, 'provider'],
      [{ ...valid, provider: 'Open AI' }, 'provider'],
      [{ ...valid, provider: 'p'.repeat(51) }, 'provider'],
      [{ ...valid, model: '' }, 'model'],
      [{ ...valid, model: 'gpt 4o' }, 'model'],
      [{ ...valid, model: 'm'.repeat(201) }, 'model'],
      [{ ...valid, inputUsdPerMTok: undefined }, 'inputUsdPerMTok'],
      [{ ...valid, inputUsdPerMTok: '1' }, 'inputUsdPerMTok'],
      [{ ...valid, inputUsdPerMTok: -0.01 }, 'inputUsdPerMTok'],
      [{ ...valid, outputUsdPerMTok: 0.0000001 }, 'outputUsdPerMTok'],
      [{ ...valid, outputUsdPerMTok: 1_000_001 }, 'outputUsdPerMTok'],
      [{ ...valid, cachedInputUsdPerMTok: 0.1234567 }, 'cachedInputUsdPerMTok'],
    ];
    for (const [body, param] of cases) {
      const response = await put(body).expect(400);
      expect([JSON.stringify(body).slice(0, 80), response.body.error.param]).toEqual([
        JSON.stringify(body).slice(0, 80),
        param,
      ]);
    }
    const unknown = await put({ ...valid, currency: 'EUR' }).expect(400);
    expect(unknown.body.error.message).toContain('"currency"');
  });

  it('lets every role read prices, and only owners and admins change them', async () => {
    for (const role of ['auditor', 'team_admin', 'member'] as const) {
      const session = await signedInAs(api, role);
      await list({}, session).expect(200);
      await put({ provider: 'openai', model: 'x', inputUsdPerMTok: 1, outputUsdPerMTok: 1 }, session).expect(
        403,
      );
      await remove('openai', 'gpt-4o-mini', session).expect(403);
    }
    const admin = await signedInAs(api, 'admin');
    await put(
      { provider: 'openai', model: 'by-admin', inputUsdPerMTok: 1, outputUsdPerMTok: 1 },
      admin,
    ).expect(200);
  });
});
