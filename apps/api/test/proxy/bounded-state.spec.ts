import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GatewayKeyPool } from '../../src/modules/gateway-pool/gateway-key-pool.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

const MADE_UP_MODELS = 3_000;
const CONCURRENCY = 50;

describe('model names that clients make up', () => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway();
    // A key that serves every model of its provider, whose upstream knows none of the names asked for.
    await gw.addKey('openai', 'sk-strict');
    gw.mock.script('sk-strict', { failure: { type: 'model_not_found' } });
  });

  afterAll(async () => {
    await gw.close();
  });

  const ask = (model: string) =>
    gw.api.http
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${gw.token}`)
      .send({ model, messages: [{ role: 'user', content: 'x' }] });

  const scrape = async (scraper: string) =>
    (await gw.api.http.get('/metrics').set('authorization', `Bearer ${scraper}`).expect(200)).text;

  it('grow neither /metrics nor the key pool', async () => {
    const scraper = await gw.api.http
      .post('/admin/api-keys')
      .set('authorization', gw.admin)
      .send({ name: 'prometheus', role: 'auditor' })
      .expect(201);
    await ask('openai/made-up-warm-up');
    const before = await scrape(scraper.body.key);
    for (let start = 0; start < MADE_UP_MODELS; start += CONCURRENCY) {
      const batch = Array.from({ length: CONCURRENCY }, (_, index) => ask(`openai/made-up-${start + index}`));
      for (const response of await Promise.all(batch)) expect(response.status).toBeGreaterThanOrEqual(400);
    }
    const after = await scrape(scraper.body.key);
    expect(after).not.toContain('made-up');
    expect(after.length - before.length).toBeLessThan(500);

    const pool = gw.api.app.get(GatewayKeyPool, { strict: false });
    expect(pool.stats()).toMatchObject({ keys: 1, inFlight: 0 });
    expect(pool.stats().models).toBeLessThanOrEqual(64);
    const keyState = await gw.api.http.get('/admin/key-state').set('authorization', gw.admin).expect(200);
    expect(keyState.body.items[0].models).toEqual([]);
  }, 120_000);

  it('keeps the state of a model the upstream serves, and of a priced one', async () => {
    gw.mock.reset();
    await ask('openai/my-fine-tune').expect(200);
    gw.mock.script('sk-strict', { failure: { type: 'model_not_found' } });
    await ask('openai/gpt-4o');
    const keyState = await gw.api.http.get('/admin/key-state').set('authorization', gw.admin).expect(200);
    expect(keyState.body.items[0].models.map((model: { model: string }) => model.model)).toEqual([
      'gpt-4o',
      'my-fine-tune',
    ]);
  });
});
