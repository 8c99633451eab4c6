import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

describe('graceful shutdown', () => {
  let gw: Gateway;

  afterAll(async () => {
    await gw.api.database.drop();
    await gw.mock.close();
  });

  it('finishes in-flight requests and writes every usage event before the app closes', async () => {
    gw = await startGateway();
    await gw.addKey('openai', 'sk-slow-upstream');
    gw.mock.script('sk-slow-upstream', { latencyMs: 400 });
    const send = (stream: boolean) =>
      fetch(`${gw.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'openai/gpt-4o-mini',
          stream,
          messages: [{ role: 'user', content: 'x' }],
        }),
      }).then(async (response) => ({ status: response.status, body: await response.text() }));
    const inFlight = [
      ...Array.from({ length: 20 }, () => send(false)),
      ...Array.from({ length: 5 }, () => send(true)),
    ];
    // Shutdown starts once every request is in the gateway's hands (being answered upstream).
    for (let i = 0; i < 200 && gw.mock.requests('sk-slow-upstream') < 25; i += 1)
      await new Promise((r) => setTimeout(r, 10));
    expect(gw.mock.requests('sk-slow-upstream')).toBe(25);

    await gw.api.app.close();
    const results = await Promise.all(inFlight);
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 25 }, () => 200));
    expect(results.slice(20).every((r) => r.body.trimEnd().endsWith('data: [DONE]'))).toBe(true);

    const client = new pg.Client({ connectionString: gw.api.database.url });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM usage_events WHERE status = 200`);
    await client.end();
    expect(rows[0].n).toBe(25);
  });
});
