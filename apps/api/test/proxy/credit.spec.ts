import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreditGate } from '../../src/modules/credits/credit-gate.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

describe('team credit on the proxy path', () => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway();
    await gw.addKey('openai', 'sk-credit-1');
    await gw.addKey('openai', 'sk-credit-2');
  });

  afterAll(async () => {
    await gw.close();
  });

  it('never lets settled spend pass the limit under 300 concurrent requests', async () => {
    // Each request reserves ≈14 µUSD at gpt-4o-mini prices: the limit covers about 50 of them.
    await gw.api.http
      .put(`/admin/teams/${gw.teamId}/budget`)
      .set('authorization', gw.admin)
      .send({ limitUsd: 0.0007, period: 'monthly' })
      .expect(200);
    const results = await Promise.all(
      Array.from({ length: 300 }, () =>
        fetch(`${gw.baseUrl}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'openai/gpt-4o-mini',
            max_tokens: 10,
            messages: [{ role: 'user', content: 'hi' }],
          }),
        }).then(async (response) => ({
          status: response.status,
          body: (await response.json()) as { error?: { code: string } },
        })),
      ),
    );
    const served = results.filter((r) => r.status === 200).length;
    const refused = results.filter((r) => r.status === 402);
    expect(served + refused.length).toBe(300);
    expect(served).toBeGreaterThanOrEqual(40);
    expect(refused.length).toBeGreaterThan(100);
    expect(refused[0]?.body.error?.code).toBe('credit_limit_exceeded');

    // A request's spend lands with its usage row, in the usage batch; only then is none of it still reserved.
    await gw.flushUsage();
    await gw.api.app.get(CreditGate, { strict: false }).flush({ returnUnused: true });
    const spend = await gw.api.http
      .get(`/admin/teams/${gw.teamId}/spend`)
      .set('authorization', gw.admin)
      .expect(200);
    expect(spend.body.spentUsd).toBeGreaterThan(0);
    expect(spend.body.spentUsd).toBeLessThanOrEqual(spend.body.limitUsd);
    expect(spend.body.reservedUsd).toBe(0);
    const usage = await gw.api.http
      .get('/admin/usage')
      .query({ groupBy: 'team', teamId: gw.teamId })
      .set('authorization', gw.admin)
      .expect(200);
    expect(usage.body.items[0].costUsd).toBeCloseTo(spend.body.spentUsd, 6);
  });
});
