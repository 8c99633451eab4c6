import { describe, expect, it } from '@jest/globals';
import { createHarness, keyState, modelState, openAiKey } from '../test/support/pool-harness.js';
import type { Lease } from './lease.js';

const ROUTE = 'openai/gpt-4o';

/** Shaped like the OpenAI SDK's APIError: status, headers and the body's `error` object. */
class SdkError extends Error {
  constructor(
    readonly status: number,
    readonly error: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} error`);
  }
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

describe('pool.run', () => {
  it('rotates past a rate-limited key and returns the next key’s answer', async () => {
    const { pool } = createHarness([openAiKey('a'), openAiKey('b')]);
    const used: string[] = [];
    const answer = await pool.run(ROUTE, async (lease) => {
      used.push(lease.keyId);
      if (used.length === 1)
        throw new SdkError(429, { message: 'Rate limit reached', code: 'rate_limit_exceeded' });
      return { text: 'hello', usage: { prompt_tokens: 3, completion_tokens: 2 } };
    });
    expect(answer.text).toBe('hello');
    expect(new Set(used).size).toBe(2);
    expect(modelState(pool, used[0]!, 'gpt-4o').status).toBe('cooling');
    expect(pool.stats()).toMatchObject({ inFlight: 0, activeLeases: 0 });
  });

  it('hands a client error back without trying another key', async () => {
    const { pool } = createHarness([openAiKey('a'), openAiKey('b')]);
    let calls = 0;
    const badRequest = new SdkError(400, {
      message: 'maximum context length is 8192 tokens',
      code: 'context_length_exceeded',
    });
    await expect(
      pool.run(ROUTE, async () => {
        calls += 1;
        throw badRequest;
      }),
    ).rejects.toBe(badRequest);
    expect(calls).toBe(1);
    expect(pool.snapshot().every((view) => view.models.every((model) => model.status === 'ready'))).toBe(
      true,
    );
  });

  it('treats a fetch Response with an error status as a failure and returns the good one', async () => {
    const { pool } = createHarness([openAiKey('a'), openAiKey('b')]);
    const responses = [
      jsonResponse(503, { error: { message: 'overloaded' } }, { 'retry-after': '3' }),
      jsonResponse(
        200,
        { ok: true },
        { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '2s' },
      ),
    ];
    const leases: Lease[] = [];
    const response = await pool.run(ROUTE, async (lease) => {
      leases.push(lease);
      return responses.shift() as Response;
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(leases.map((lease) => lease.state)).toEqual(['failed', 'succeeded']);
    expect(modelState(pool, leases[0]!.keyId, 'gpt-4o').cooldownUntil).not.toBeNull();
    expect(modelState(pool, leases[1]!.keyId, 'gpt-4o')).toMatchObject({
      status: 'cooling',
      reason: 'rate_limit',
    });
  });

  it('returns a client-error Response as it is, body unread', async () => {
    const { pool } = createHarness([openAiKey('a'), openAiKey('b')]);
    const response = await pool.run(ROUTE, async () =>
      jsonResponse(400, { error: { message: 'bad temperature' } }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { message: 'bad temperature' } });
  });

  it('rotates on a network failure the way fetch reports it', async () => {
    const { pool } = createHarness([openAiKey('a'), openAiKey('b')]);
    let calls = 0;
    const result = await pool.run(ROUTE, async () => {
      calls += 1;
      if (calls === 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      return 'ok';
    });
    expect(result).toBe('ok');
  });

  it('does not rotate on bugs in the caller’s own code', async () => {
    const { pool } = createHarness([openAiKey('a'), openAiKey('b')]);
    let calls = 0;
    await expect(
      pool.run(ROUTE, async () => {
        calls += 1;
        throw new RangeError('my bug');
      }),
    ).rejects.toThrow('my bug');
    expect(calls).toBe(1);
    expect(pool.stats().inFlight).toBe(0);
    expect(pool.snapshot().every((view) => view.models.every((model) => model.failures === 0))).toBe(true);
  });

  it('gives up with the last upstream error when every key failed', async () => {
    const { pool } = createHarness([openAiKey('a'), openAiKey('b'), openAiKey('c')]);
    const errors: SdkError[] = [];
    const failure = pool.run(ROUTE, async () => {
      const error = new SdkError(500, { message: 'server error', type: 'server_error' });
      errors.push(error);
      throw error;
    });
    await expect(failure).rejects.toBeInstanceOf(SdkError);
    await failure.catch((error: unknown) => expect(error).toBe(errors.at(-1)));
    expect(errors).toHaveLength(3);
  });

  it('stops after maxAttempts', async () => {
    const { pool } = createHarness([openAiKey('a'), openAiKey('b'), openAiKey('c')]);
    let calls = 0;
    await expect(
      pool.run(
        ROUTE,
        async () => {
          calls += 1;
          throw new SdkError(503, { message: 'busy' });
        },
        { maxAttempts: 2 },
      ),
    ).rejects.toBeInstanceOf(SdkError);
    expect(calls).toBe(2);
  });

  it('counts the answer’s tokens against a token quota', async () => {
    const { pool } = createHarness([openAiKey('a', { dailyTokenQuota: 1000 })]);
    await pool.run(ROUTE, async () => ({ usage: { input_tokens: 300, output_tokens: 200 } }));
    expect(keyState(pool, 'a').quota).toMatchObject({ tokens: 500 });
  });

  it('releases the lease without blame when the caller aborts', async () => {
    const { pool } = createHarness([openAiKey('a'), openAiKey('b')]);
    const controller = new AbortController();
    let calls = 0;
    await expect(
      pool.run(
        ROUTE,
        async () => {
          calls += 1;
          controller.abort();
          throw new DOMException('This operation was aborted', 'AbortError');
        },
        { signal: controller.signal },
      ),
    ).rejects.toThrow('aborted');
    expect(calls).toBe(1);
    expect(pool.snapshot().every((view) => view.models.every((model) => model.failures === 0))).toBe(true);
  });
});
