import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FastifyRequest } from 'fastify';
import { ProxyAdmission } from '../../src/modules/proxy/proxy-admission.js';
import { type ProxyTokenPrincipal } from '../../src/modules/proxy-tokens/proxy-token-principal.js';
import { startGateway, type Gateway } from '../support/gateway-fixture.js';

const HELLO = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] };
const CHAT = { producesOutput: true };
const withToken = (token: string | undefined) =>
  ({ headers: token === undefined ? {} : { authorization: `Bearer ${token}` } }) as FastifyRequest;

/** What `refusal` throws, for matching its code and status. */
function refusalOf(refusal: () => unknown): { code: string; status: number; retryAfter?: string } {
  try {
    refusal();
  } catch (error) {
    const http = (
      error as { toHttpError(): { code: string; status: number; headers?: Record<string, string> } }
    ).toHttpError();
    return { code: http.code, status: http.status, retryAfter: http.headers?.['retry-after'] };
  }
  throw new Error('expected a refusal');
}

describe('ProxyAdmission', () => {
  let gw: Gateway;
  let admission: ProxyAdmission;

  beforeAll(async () => {
    gw = await startGateway();
    admission = gw.api.app.get(ProxyAdmission, { strict: false });
  });

  afterAll(async () => {
    await gw.close();
  });

  const principalFor = async (body: Record<string, unknown> = {}): Promise<ProxyTokenPrincipal> => {
    const { token } = await gw.issueToken(body);
    return admission.authenticate(withToken(token));
  };

  it('knows a token from memory once it has been seen, and refuses missing and unknown ones', async () => {
    const { token } = await gw.issueToken();
    expect(admission.tryAuthenticate(withToken(token))).toBeUndefined();
    const principal = await admission.authenticate(withToken(token));
    expect(principal.teamId).toBe(gw.teamId);
    expect(admission.tryAuthenticate(withToken(token))).toBe(principal);
    expect(refusalOf(() => admission.tryAuthenticate(withToken(undefined)))).toMatchObject({
      code: 'missing_api_key',
      status: 401,
    });
    await expect(admission.authenticate(withToken('sy-unknown'))).rejects.toMatchObject({
      code: 'invalid_api_key',
    });
  });

  it('admits from memory with the route, a reservation and the prompt estimated from the body size', async () => {
    const principal = await principalFor();
    await admission.admit(principal, HELLO, 100, CHAT);
    const admitted = admission.tryAdmit(principal, HELLO, 101, CHAT);
    expect(admitted).toMatchObject({
      targets: [{ provider: 'openai', model: 'gpt-4o-mini' }],
      promptTokens: 51,
      reservation: { teamId: gw.teamId, limited: false },
    });
    expect(admitted!.reservation.reservedMicros).toBeGreaterThan(0n);
  });

  it('refuses unknown and disallowed models, and unpriced ones under a budget, naming the model', async () => {
    const principal = await principalFor({ allowedModels: ['openai/*', 'anthropic/claude-sonnet-4'] });
    expect(
      refusalOf(() => admission.tryAdmit(principal, { ...HELLO, model: 'gpt-4o' }, 10, CHAT)),
    ).toMatchObject({
      code: 'model_not_found',
      status: 400,
    });
    expect(
      refusalOf(() => admission.tryAdmit(principal, { ...HELLO, model: 'gemini/gemini-2.5-pro' }, 10, CHAT)),
    ).toMatchObject({ code: 'model_not_allowed', status: 400 });
    const unpriced = { ...HELLO, model: 'openai/made-up-model' };
    expect(admission.tryAdmit(principal, unpriced, 10, CHAT)?.reservation.reservedMicros).toBe(0n);
    const budgeted = await principalFor({ budgetUsd: 5, budgetPeriod: 'daily' });
    expect(refusalOf(() => admission.tryAdmit(budgeted, unpriced, 10, CHAT))).toMatchObject({
      code: 'model_unpriced',
      status: 400,
    });
    await gw.api.http
      .patch('/admin/settings')
      .set('authorization', gw.admin)
      .send({ allowUnpricedModels: true })
      .expect(200);
    try {
      const admitted = await admission.admit(budgeted, unpriced, 10, CHAT);
      expect(admitted.reservation.reservedMicros).toBe(0n);
      admitted.reservation.release();
    } finally {
      await gw.api.http
        .patch('/admin/settings')
        .set('authorization', gw.admin)
        .send({ allowUnpricedModels: false })
        .expect(200);
    }
  });

  it("counts requests against the token's rpm and refuses the one over it with a retry hint", async () => {
    const principal = await principalFor({ rpm: 2 });
    expect(admission.tryAdmit(principal, HELLO, 10, CHAT)).toBeDefined();
    expect(admission.tryAdmit(principal, HELLO, 10, CHAT)).toBeDefined();
    const refusal = refusalOf(() => admission.tryAdmit(principal, HELLO, 10, CHAT));
    expect(refusal).toMatchObject({ code: 'rate_limit_exceeded', status: 429 });
    expect(Number(refusal.retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('reserves against a team budget: waits once for the period, then answers from memory, and refuses what it cannot cover', async () => {
    await gw.api.http
      .put(`/admin/teams/${gw.teamId}/budget`)
      .set('authorization', gw.admin)
      .send({ limitUsd: 0.01, period: 'monthly' })
      .expect(200);
    try {
      const principal = await principalFor();
      expect(admission.tryAdmit(principal, HELLO, 10, CHAT)).toBeUndefined();
      const first = await admission.admit(principal, HELLO, 10, CHAT);
      expect(first.reservation.limited).toBe(true);
      first.reservation.release();
      const second = admission.tryAdmit(principal, HELLO, 10, CHAT);
      expect(second?.reservation.limited).toBe(true);
      second!.reservation.release();
      // A worst case the credit cannot cover runs shortened to what the credit pays for.
      const shortened = await admission.admit(principal, { ...HELLO, max_tokens: 5_000_000 }, 10, CHAT);
      expect(shortened.outputLimit).toBeGreaterThan(0);
      expect(shortened.outputLimit).toBeLessThan(5_000_000);
      expect(shortened.reservation.reservedMicros).toBeLessThanOrEqual(10_000n);
      shortened.reservation.release();
      // One whose prompt alone it cannot cover is refused.
      await expect(admission.admit(principal, HELLO, 200_000, CHAT)).rejects.toMatchObject({
        code: 'credit_limit_exceeded',
      });
    } finally {
      await gw.api.http.delete(`/admin/teams/${gw.teamId}/budget`).set('authorization', gw.admin).expect(200);
    }
  });
});
