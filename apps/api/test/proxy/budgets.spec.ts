import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { CreditGate } from '../../src/modules/credits/credit-gate.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';
import { waitFor } from '../credits/support/wait-for.js';

/** A model whose answers run to 8,000 tokens, priced so that the worst case (8,192 tokens) is known exactly. */
const LONG_MODEL = 'openai/long-writer';
const LONG_PRICE = {
  provider: 'openai',
  model: 'long-writer',
  inputUsdPerMTok: 0.15,
  outputUsdPerMTok: 0.3,
  maxOutputTokens: 8_192,
};

interface Answer {
  status: number;
  headers: Headers;
  body: {
    usage?: { completion_tokens: number };
    error?: {
      code: string;
      message: string;
      scope?: string;
      limitUsd?: number;
      spentUsd?: number;
      resetsAt?: string | null;
    };
  };
}

describe('hard and soft budgets through /v1, with exact money', () => {
  let gw: Gateway;
  let db: pg.Client;

  beforeAll(async () => {
    gw = await startGateway();
    gw.mock.script('sk-long-1', { replyWords: 8_000 });
    gw.mock.script('sk-long-2', { replyWords: 8_000 });
    await gw.addKey('openai', 'sk-long-1');
    await gw.addKey('openai', 'sk-long-2');
    gw.mock.script('sk-claude', { promptCache: { readTokens: 100, writeTokens: 400 } });
    await gw.addKey('anthropic', 'sk-claude');
    await gw.api.http.put('/admin/pricing').set('authorization', gw.admin).send(LONG_PRICE).expect(200);
    db = new pg.Client({ connectionString: gw.api.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await gw.close();
  });

  const newTeam = async (budget: Record<string, unknown> | null) => {
    const team = await gw.api.http
      .post('/admin/teams')
      .set('authorization', gw.admin)
      .send({ name: `budget-${Math.random().toString(36).slice(2)}` })
      .expect(201);
    const teamId = team.body.id as string;
    if (budget) {
      await gw.api.http
        .put(`/admin/teams/${teamId}/budget`)
        .set('authorization', gw.admin)
        .send(budget)
        .expect(200);
    }
    const issued = await gw.api.http
      .post(`/admin/teams/${teamId}/tokens`)
      .set('authorization', gw.admin)
      .send({ name: 'app' })
      .expect(201);
    return { teamId, token: issued.body.token as string, tokenId: issued.body.id as string };
  };

  const chat = async (token: string, body: Record<string, unknown>): Promise<Answer> => {
    const response = await fetch(`${gw.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'write at length' }], ...body }),
    });
    const text = await response.text();
    const parsed = body.stream && response.status === 200 ? {} : (JSON.parse(text) as Answer['body']);
    return { status: response.status, headers: response.headers, body: parsed };
  };

  /** Flushes credit and usage, then reads the books exactly, in micro-USD. */
  const books = async (teamId: string) => {
    await gw.api.app.get(CreditGate, { strict: false }).flush({ returnUnused: true });
    await gw.flushUsage();
    const usage = await db.query<{ cost: string; rows: string; unpriced: string }>(
      `SELECT coalesce(sum(cost_micros), 0)::text AS cost, count(*)::text AS rows,
              count(*) FILTER (WHERE unpriced)::text AS unpriced
       FROM usage_events WHERE team_id = $1 AND NOT refused`,
      [teamId],
    );
    const ledger = await db.query<{ amount: string }>(
      `SELECT coalesce(sum(amount_micros), 0)::text AS amount FROM credit_ledger
       WHERE team_id = $1 AND kind = 'settlement'`,
      [teamId],
    );
    const period = await db.query<{ spent: string; limit: string; reserved: string }>(
      `SELECT spent_micros::text AS spent, limit_micros::text AS "limit", reserved_micros::text AS reserved
       FROM credit_periods WHERE team_id = $1 AND token_id = '00000000-0000-0000-0000-000000000000'`,
      [teamId],
    );
    return {
      usageCost: BigInt(usage.rows[0]!.cost),
      unpricedRows: Number(usage.rows[0]!.unpriced),
      ledger: BigInt(ledger.rows[0]!.amount),
      spent: BigInt(period.rows[0]?.spent ?? 0),
      limit: BigInt(period.rows[0]?.limit ?? 0),
      reserved: BigInt(period.rows[0]?.reserved ?? 0),
    };
  };

  it('serves 40 concurrent long answers within a small hard budget: ledger = Σ usage cost ≤ limit', async () => {
    const { teamId, token } = await newTeam({ limitUsd: 0.05, period: 'monthly' });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        chat(token, {
          model: LONG_MODEL,
          ...(i % 2 === 1 ? { stream: true, stream_options: { include_usage: true } } : {}),
        }),
      ),
    );
    const served = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 402);
    expect(served.length + refused.length).toBe(40);

    // The worst case of one request is its prompt plus 8,192 tokens at $0.30/MTok: just over 2,457 micro-USD.
    const worstCase = 2_458n;
    expect(served.length).toBeGreaterThanOrEqual(Number(50_000n / worstCase));
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.body.error).toMatchObject({
        code: 'credit_limit_exceeded',
        scope: 'team',
        limitUsd: 0.05,
        spentUsd: expect.any(Number),
      });
      expect(Date.parse(answer.body.error!.resetsAt!)).toBeGreaterThan(Date.now());
    }
    // A request the credit left could not cover at worst ran shortened, and says so.
    for (const answer of served.filter((a) => a.headers.has('x-switchyard-output-limit'))) {
      const limit = Number(answer.headers.get('x-switchyard-output-limit'));
      expect(limit).toBeGreaterThan(0);
      expect(limit).toBeLessThan(8_192);
      if (answer.body.usage) expect(answer.body.usage.completion_tokens).toBeLessThanOrEqual(limit);
    }

    const money = await books(teamId);
    expect(money.usageCost).toBeGreaterThan(0n);
    expect(money.ledger).toBe(money.usageCost);
    expect(money.spent).toBe(money.usageCost);
    expect(money.spent).toBeLessThanOrEqual(50_000n);
    expect(money.reserved).toBe(0n);
  });

  it('shortens a request the credit cannot cover at worst, and refuses one it cannot cover for one token', async () => {
    const { teamId, token } = await newTeam({ limitUsd: 0.001, period: 'total' });
    const shortened = await chat(token, { model: LONG_MODEL });
    expect(shortened.status).toBe(200);
    const limit = Number(shortened.headers.get('x-switchyard-output-limit'));
    // $0.001 less the prompt's worst case pays for about 3,300 output tokens at $0.30/MTok.
    expect(limit).toBeGreaterThan(3_000);
    expect(limit).toBeLessThan(3_334);
    expect(shortened.body.usage?.completion_tokens).toBe(limit);
    const money = await books(teamId);
    expect(money.spent).toBe(money.usageCost);
    expect(money.spent).toBeLessThanOrEqual(1_000n);
    // What is left pays for the prompt and a few tokens at most; a long prompt cannot be covered at all.
    const refused = await chat(token, {
      model: LONG_MODEL,
      messages: [{ role: 'user', content: 'x'.repeat(20_000) }],
    });
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({ scope: 'team', limitUsd: 0.001, resetsAt: null });
  });

  it('never refuses or shortens under a soft budget, records every charge, and raises each alert once', async () => {
    const { teamId, token } = await newTeam({
      limitUsd: 0.005,
      period: 'daily',
      mode: 'soft',
      alertAtPercent: 50,
    });
    for (let i = 0; i < 4; i += 1) {
      const answer = await chat(token, { model: LONG_MODEL });
      expect(answer.status).toBe(200);
      expect(answer.headers.has('x-switchyard-output-limit')).toBe(false);
      expect(answer.body.usage?.completion_tokens).toBe(8_000);
      await gw.api.app.get(CreditGate, { strict: false }).flush();
    }
    const money = await books(teamId);
    expect(money.spent).toBe(money.usageCost);
    expect(money.ledger).toBe(money.usageCost);
    expect(money.spent).toBeGreaterThan(money.limit);
    const spend = await gw.api.http
      .get(`/admin/teams/${teamId}/spend`)
      .set('authorization', gw.admin)
      .expect(200);
    expect(spend.body).toMatchObject({ mode: 'soft', limitUsd: 0.005 });
    const alertsOf = async (action: string) => {
      const audit = await gw.api.http
        .get('/admin/audit')
        .query({ action })
        .set('authorization', gw.admin)
        .expect(200);
      return audit.body.items.filter((item: { target: { id: string } }) => item.target.id === teamId);
    };
    await waitFor(async () => (await alertsOf('budget.exhausted')).length > 0);
    expect(await alertsOf('budget.alert')).toHaveLength(1);
    const [exhausted] = await alertsOf('budget.exhausted');
    expect(exhausted.after).toMatchObject({ teamId, limitUsd: 0.005 });
    expect(await alertsOf('budget.exhausted')).toHaveLength(1);
  });

  it('prices Anthropic prompt-cache writes at the cache-write rate and reads at the cached rate', async () => {
    const { teamId, token } = await newTeam({ limitUsd: 10, period: 'monthly' });
    const response = await fetch(`${gw.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': token, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: 'anthropic/claude-sonnet-4',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'hello there' }],
      }),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      usage: { input_tokens: number; output_tokens: number; cache_creation_input_tokens: number };
    };
    expect(answer.usage.cache_creation_input_tokens).toBe(400);
    await gw.flushUsage();
    const { rows } = await db.query<{
      prompt_tokens: number;
      cached_tokens: number;
      cache_write_tokens: number;
      completion_tokens: number;
      cost_micros: string;
      cache_write_micros_per_mtok: string;
    }>(
      `SELECT prompt_tokens, cached_tokens, cache_write_tokens, completion_tokens, cost_micros::text,
              cache_write_micros_per_mtok::text FROM usage_events WHERE team_id = $1`,
      [teamId],
    );
    const row = rows[0]!;
    expect(row).toMatchObject({
      cached_tokens: 100,
      cache_write_tokens: 400,
      cache_write_micros_per_mtok: '3750000',
    });
    const plain = BigInt(row.prompt_tokens - 500);
    // $3 input, $0.30 cache read, $3.75 cache write, $15 output, per million tokens; rounded up once.
    const scaled =
      plain * 3_000_000n + 100n * 300_000n + 400n * 3_750_000n + BigInt(row.completion_tokens) * 15_000_000n;
    expect(BigInt(row.cost_micros)).toBe((scaled + 999_999n) / 1_000_000n);
  });

  it('refuses a budgeted request for an unpriced model, naming it, unless unpriced models are allowed', async () => {
    const { teamId, token } = await newTeam({ limitUsd: 1, period: 'monthly' });
    const refused = await chat(token, { model: 'openai/no-price-yet', max_tokens: 5 });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'model_unpriced' });
    const message = refused.body.error!.message;
    expect(message).toContain('openai/no-price-yet');
    expect(message).toContain('price');
    // Without any budget the same model is served: nothing holds it to a price.
    const free = await newTeam(null);
    expect((await chat(free.token, { model: 'openai/no-price-yet', max_tokens: 5 })).status).toBe(200);
    await gw.api.http
      .patch('/admin/settings')
      .set('authorization', gw.admin)
      .send({ allowUnpricedModels: true })
      .expect(200);
    try {
      expect((await chat(token, { model: 'openai/no-price-yet', max_tokens: 5 })).status).toBe(200);
      const money = await books(teamId);
      expect(money.unpricedRows).toBe(1);
      expect(money.usageCost).toBe(0n);
    } finally {
      await gw.api.http
        .patch('/admin/settings')
        .set('authorization', gw.admin)
        .send({ allowUnpricedModels: false })
        .expect(200);
    }
  });

  it('holds a token to its own budget inside a large team budget; the tighter wins', async () => {
    const { teamId } = await newTeam({ limitUsd: 100, period: 'monthly' });
    const tight = await gw.api.http
      .post(`/admin/teams/${teamId}/tokens`)
      .set('authorization', gw.admin)
      .send({ name: 'tight', budgetUsd: 0.006, budgetPeriod: 'total' })
      .expect(201);
    expect(tight.body).toMatchObject({ budgetUsd: 0.006, budgetPeriod: 'total' });
    const other = await gw.api.http
      .post(`/admin/teams/${teamId}/tokens`)
      .set('authorization', gw.admin)
      .send({ name: 'other' })
      .expect(201);
    const statuses: number[] = [];
    let refusal: Answer['body']['error'];
    for (let i = 0; i < 6; i += 1) {
      const answer = await chat(tight.body.token as string, { model: LONG_MODEL });
      statuses.push(answer.status);
      if (answer.status === 402) refusal = answer.body.error;
    }
    // $0.006 pays for two whole answers (2,400 micro-USD each) and one shortened one.
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(2);
    expect(statuses).toContain(402);
    expect(refusal).toMatchObject({
      code: 'credit_limit_exceeded',
      scope: 'token',
      limitUsd: 0.006,
      resetsAt: null,
    });
    // The team still has plenty: its other token is served.
    expect((await chat(other.body.token as string, { model: LONG_MODEL, max_tokens: 10 })).status).toBe(200);

    const money = await books(teamId);
    await gw.flushUsage();
    const tokenUsage = await db.query<{ cost: string }>(
      `SELECT coalesce(sum(cost_micros), 0)::text AS cost FROM usage_events WHERE token_id = $1`,
      [tight.body.id],
    );
    const spend = await gw.api.http
      .get(`/admin/tokens/${tight.body.id}/spend`)
      .set('authorization', gw.admin)
      .expect(200);
    expect(spend.body).toMatchObject({
      teamId,
      tokenId: tight.body.id,
      mode: 'hard',
      period: 'total',
      limitUsd: 0.006,
      reservedUsd: 0,
    });
    expect(spend.body.spentUsd).toBeLessThanOrEqual(0.006);
    expect(BigInt(Math.round(spend.body.spentUsd * 1e6))).toBe(BigInt(tokenUsage.rows[0]!.cost));
    // The team's books count every token's spend once.
    expect(money.spent).toBe(money.usageCost);
    const unlimited = await gw.api.http
      .get(`/admin/tokens/${other.body.id}/spend`)
      .set('authorization', gw.admin)
      .expect(200);
    expect(unlimited.body).toMatchObject({ tokenId: other.body.id, limitUsd: null, mode: null });
  });
});
