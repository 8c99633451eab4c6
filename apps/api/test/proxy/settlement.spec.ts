import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FastifyRequest } from 'fastify';
import pg from 'pg';
import { CreditGate } from '../../src/modules/credits/credit-gate.js';
import { GatewayMetrics } from '../../src/modules/metrics/gateway-metrics.js';
import { type CallOutcome, CallRecord, refusedOutcome } from '../../src/modules/proxy/call-record.js';
import { ProxyAdmission } from '../../src/modules/proxy/proxy-admission.js';
import { ProxySettlement } from '../../src/modules/proxy/proxy-settlement.js';
import { type ProxyTokenPrincipal } from '../../src/modules/proxy-tokens/proxy-token-principal.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

const HELLO = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] };
const CHAT = { producesOutput: true };
const USAGE = {
  promptTokens: 1_000,
  completionTokens: 2_000,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  estimated: false,
};
const SERVED: CallOutcome = {
  status: 200,
  errorClass: null,
  refused: false,
  attempts: 2,
  usage: USAGE,
  lease: { keyId: randomUUID(), provider: 'openai', model: 'gpt-4o-mini' },
  upstreamMs: 40,
  firstByteAt: null,
};

describe('ProxySettlement', () => {
  let gw: Gateway;
  let admission: ProxyAdmission;
  let settlement: ProxySettlement;

  beforeAll(async () => {
    gw = await startGateway();
    admission = gw.api.app.get(ProxyAdmission, { strict: false });
    settlement = gw.api.app.get(ProxySettlement, { strict: false });
  });

  afterAll(async () => {
    await gw.close();
  });

  const principalFor = async (body: Record<string, unknown> = {}): Promise<ProxyTokenPrincipal> => {
    const { token } = await gw.issueToken(body);
    return admission.authenticate({ headers: { authorization: `Bearer ${token}` } } as FastifyRequest);
  };

  const usageRow = async (requestId: string) => {
    await gw.flushUsage();
    const client = new pg.Client({ connectionString: gw.api.database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT status, error_class, attempts, provider, model, key_id, prompt_tokens, completion_tokens,
                cost_micros, unpriced, refused, stream, upstream_ms FROM usage_events WHERE request_id = $1`,
        [requestId],
      );
      return rows[0];
    } finally {
      await client.end();
    }
  };

  it('prices what a served request used, charges its reservation and queues its usage event', async () => {
    await gw.api.http
      .put(`/admin/teams/${gw.teamId}/budget`)
      .set('authorization', gw.admin)
      .send({ limitUsd: 1, period: 'monthly' })
      .expect(200);
    try {
      const principal = await principalFor();
      const admitted = await admission.admit(principal, HELLO, 100, CHAT);
      const call = new CallRecord(randomUUID(), '/v1/chat/completions', principal);
      call.requestedModel = 'openai/gpt-4o-mini';
      settlement.settle(call, SERVED, admitted);

      // gpt-4o-mini: $0.15 per million prompt tokens, $0.60 per million completion tokens.
      const expectedMicros = 150n + 1_200n;
      expect(await usageRow(call.requestId)).toMatchObject({
        status: 200,
        error_class: null,
        attempts: 2,
        provider: 'openai',
        model: 'gpt-4o-mini',
        key_id: SERVED.lease!.keyId,
        prompt_tokens: 1_000,
        completion_tokens: 2_000,
        cost_micros: String(expectedMicros),
        unpriced: false,
        refused: false,
        upstream_ms: 40,
      });
      await gw.api.app.get(CreditGate, { strict: false }).flush({ returnUnused: true });
      const spend = await gw.api.http
        .get(`/admin/teams/${gw.teamId}/spend`)
        .set('authorization', gw.admin)
        .expect(200);
      expect(spend.body.spentUsd).toBeCloseTo(Number(expectedMicros) / 1e6, 6);
      expect(spend.body.reservedUsd).toBe(0);
    } finally {
      await gw.api.http.delete(`/admin/teams/${gw.teamId}/budget`).set('authorization', gw.admin).expect(200);
    }
  });

  it('records a refused request with its status and reason, at no cost, counted as a refusal', async () => {
    const principal = await principalFor();
    const call = new CallRecord(randomUUID(), '/v1/chat/completions', principal);
    call.requestedModel = 'nope';
    settlement.settle(call, refusedOutcome(400, 'model_not_found'), null);
    expect(await usageRow(call.requestId)).toMatchObject({
      status: 400,
      error_class: 'model_not_found',
      attempts: 0,
      provider: null,
      model: 'nope',
      key_id: null,
      cost_micros: '0',
      unpriced: false,
      refused: true,
    });
    const metrics = gw.api.app.get(GatewayMetrics, { strict: false }).requests.render();
    expect(metrics).toContain(
      'switchyard_requests_total{endpoint="/v1/chat/completions",status="400",provider="none",outcome="refused"}',
    );
  });

  it("counts the tokens a request used beyond its estimate against the token's tpm", async () => {
    const principal = await principalFor({ tpm: 2_500 });
    const admitted =
      admission.tryAdmit(principal, HELLO, 200, CHAT) ?? (await admission.admit(principal, HELLO, 200, CHAT));
    const call = new CallRecord(randomUUID(), '/v1/chat/completions', principal);
    settlement.settle(call, SERVED, admitted);
    // The request was counted as 100 prompt tokens when admitted; it used 3,000.
    expect(() => admission.tryAdmit(principal, HELLO, 200, CHAT)).toThrow(/2500 tokens per minute/);
  });
});
