import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { stopGracefully } from '../../src/bootstrap/graceful-stop.js';
import { DrainState } from '../../src/common/lifecycle/drain-state.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';
import { queryRows } from '../support/query-rows.js';

const chat = (gw: Gateway, body: Record<string, unknown>, signal?: AbortSignal) =>
  fetch(`${gw.baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
      ...body,
    }),
    signal,
  });

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

describe('the shutdown sequence', () => {
  const gateways: Gateway[] = [];
  const gateway = async () => {
    const started = await startGateway();
    gateways.push(started);
    return started;
  };

  afterAll(async () => {
    for (const gw of gateways) {
      await gw.api.database.drop();
      await gw.mock.close();
    }
  });

  it('closes the listener first and answers requests it still reads with 503 in the OpenAI shape', async () => {
    const gw = await gateway();
    await gw.addKey('openai', 'sk-drain');
    gw.mock.script('sk-drain', { latencyMs: 800 });
    const inFlight = chat(gw, {});
    for (let i = 0; i < 100 && gw.mock.requests('sk-drain') < 1; i += 1)
      await new Promise((r) => setTimeout(r, 10));

    const stopped = stopGracefully(gw.api.app, 10_000, gw.api.logger);
    await expect(chat(gw, {})).rejects.toThrow();
    // A request on a connection that was already open is answered, not served.
    expect(gw.api.app.get(DrainState).draining).toBe(true);
    const refused = await gw.api.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/v1/chat/completions',
        headers: { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' },
        payload: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
      });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toEqual({
      error: {
        type: 'service_unavailable',
        code: 'shutting_down',
        message: 'The gateway is shutting down; retry the request',
        param: null,
      },
    });
    expect((await inFlight).status).toBe(200);
    await stopped;
    const rows = await queryRows<{ n: number }>(
      gw.api.database.url,
      'SELECT count(*)::int AS n FROM usage_events',
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('cuts streams at the grace deadline, records them as estimated and charges their credit', async () => {
    const gw = await gateway();
    await gw.api.http
      .put(`/admin/teams/${gw.teamId}/budget`)
      .set('authorization', gw.admin)
      .send({ limitUsd: 10, period: 'monthly' })
      .expect(200);
    await gw.addKey('openai', 'sk-long-stream');
    gw.mock.script('sk-long-stream', { chunkDelayMs: 50, replyWords: 400 });
    const streams = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const response = await chat(gw, { stream: true });
        const reader = response.body!.getReader();
        const decoder = new TextDecoder();
        let text = decoder.decode((await reader.read()).value);
        const rest = (async () => {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return text;
            text += decoder.decode(value);
          }
        })();
        return { status: response.status, body: rest };
      }),
    );

    await stopGracefully(gw.api.app, 500, gw.api.logger);
    for (const stream of streams) {
      expect(stream.status).toBe(200);
      const body = await stream.body;
      // Cut short with an error event, as any stream that breaks off mid-way.
      expect(body).toContain('"message":"The gateway is shutting down; retry the request"');
    }
    const rows = await queryRows<{
      status: number;
      error_class: string;
      estimated: boolean;
      prompt_tokens: number;
      completion_tokens: number;
      cost_micros: string;
    }>(
      gw.api.database.url,
      `SELECT status, error_class, estimated, prompt_tokens, completion_tokens, cost_micros::text
       FROM usage_events WHERE stream`,
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 503, error_class: 'shutdown', estimated: true });
      expect(row.prompt_tokens).toBeGreaterThan(0);
      expect(row.completion_tokens).toBeGreaterThan(5);
      expect(BigInt(row.cost_micros)).toBeGreaterThan(0n);
    }
    const [period] = await queryRows<{ spent: string; reserved: string }>(
      gw.api.database.url,
      'SELECT spent_micros::text AS spent, reserved_micros::text AS reserved FROM credit_periods WHERE team_id = $1',
      [gw.teamId],
    );
    const charged = rows.reduce((sum, row) => sum + BigInt(row.cost_micros), 0n);
    expect(BigInt(period!.spent)).toBe(charged);
    expect(period!.reserved).toBe('0');
  });

  it('charges the prompt at the input price when the client leaves before the first byte', async () => {
    const gw = await gateway();
    await gw.addKey('openai', 'sk-never-answers');
    gw.mock.script('sk-never-answers', { failure: { type: 'hang' } });
    const prompt = 'word '.repeat(2_000);
    const abort = new AbortController();
    const call = chat(gw, { messages: [{ role: 'user', content: prompt }] }, abort.signal);
    for (let i = 0; i < 100 && gw.mock.requests('sk-never-answers') < 1; i += 1)
      await new Promise((r) => setTimeout(r, 10));
    abort.abort();
    await expect(call).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 100));
    await gw.flushUsage();
    const rows = await queryRows<{
      status: number;
      estimated: boolean;
      prompt_tokens: number;
      completion_tokens: number;
      cost_micros: string;
      input_micros_per_mtok: string;
    }>(
      gw.api.database.url,
      `SELECT status, estimated, prompt_tokens, completion_tokens, cost_micros::text,
              input_micros_per_mtok::text FROM usage_events`,
    );
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ status: 499, estimated: true, completion_tokens: 0 });
    expect(row.prompt_tokens).toBeGreaterThan(1_000);
    expect(BigInt(row.cost_micros)).toBeGreaterThan(0n);
    // Priced at the input rate: the prompt's tokens and nothing else.
    expect(BigInt(row.cost_micros)).toBe(
      (BigInt(row.prompt_tokens) * BigInt(row.input_micros_per_mtok) + 999_999n) / 1_000_000n,
    );
    await gw.api.app.close();
  });
});
