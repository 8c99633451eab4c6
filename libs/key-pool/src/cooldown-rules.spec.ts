import { describe, expect, it } from '@jest/globals';
import {
  createHarness,
  keyState,
  leaseNow,
  modelState,
  openAiKey,
  refusal,
  START,
} from '../test/support/pool-harness.js';
import type { UpstreamFailure } from './error-class.js';
import { KeysUnavailableError, NoKeyForRouteError } from './pool-errors.js';

const SECOND = 1000;
const HOUR = 3_600_000;
const ROUTE = 'openai/gpt-4o';
const RATE_LIMITED: UpstreamFailure = {
  status: 429,
  body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
};
const SERVER_ERROR: UpstreamFailure = {
  status: 500,
  body: { error: { message: 'boom', type: 'server_error' } },
};

function failOnce(harness: ReturnType<typeof createHarness>, failure: UpstreamFailure, route = ROUTE) {
  const lease = leaseNow(harness.pool, route);
  return { lease, classified: lease.failure(failure) };
}

function coolingFor(
  harness: ReturnType<typeof createHarness>,
  keyId = 'k1',
  model = 'gpt-4o',
): number | null {
  const until = modelState(harness.pool, keyId, model).cooldownUntil;
  return until === null ? null : until - harness.clock.now();
}

describe('rate limits', () => {
  it('escalate 10 s → 30 s → 60 s → 120 s → 300 s and stay at 300 s', () => {
    const harness = createHarness([openAiKey('k1')]);
    const observed: (number | null)[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      failOnce(harness, RATE_LIMITED);
      const rest = coolingFor(harness);
      observed.push(rest);
      harness.clock.advance(rest ?? 0);
    }
    expect(observed).toEqual([10, 30, 60, 120, 300, 300].map((seconds) => seconds * SECOND));
  });

  it('keep the key out of rotation until the cooldown ends, and say when it ends', async () => {
    const harness = createHarness([openAiKey('k1')]);
    failOnce(harness, RATE_LIMITED);
    harness.clock.advance(9_999);
    const thrown = await refusal(harness.pool, ROUTE);
    expect(thrown).toBeInstanceOf(KeysUnavailableError);
    expect(thrown).toMatchObject({ reason: 'cooling', retryAt: START + 10_000, retryAfterMs: 1 });
    harness.clock.advance(1);
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe('k1');
  });

  it('cool only the key × model that was limited', () => {
    const harness = createHarness([openAiKey('k1')]);
    failOnce(harness, RATE_LIMITED);
    expect(leaseNow(harness.pool, 'openai/gpt-4o-mini').keyId).toBe('k1');
    expect(keyState(harness.pool, 'k1').status).toBe('ready');
    expect(modelState(harness.pool, 'k1', 'gpt-4o').status).toBe('cooling');
  });

  it('decay with success: each success takes one step off the escalation', () => {
    const harness = createHarness([openAiKey('k1')]);
    failOnce(harness, RATE_LIMITED);
    harness.clock.advance(10 * SECOND);
    failOnce(harness, RATE_LIMITED);
    harness.clock.advance(30 * SECOND);
    leaseNow(harness.pool, ROUTE).success();
    failOnce(harness, RATE_LIMITED);
    expect(coolingFor(harness)).toBe(30 * SECOND);
    harness.clock.advance(30 * SECOND);
    leaseNow(harness.pool, ROUTE).success();
    leaseNow(harness.pool, ROUTE).success();
    failOnce(harness, RATE_LIMITED);
    expect(coolingFor(harness)).toBe(10 * SECOND);
  });

  it('follow the configured schedule', () => {
    const harness = createHarness([openAiKey('k1')], { cooldowns: { rateLimitMs: [1_000, 4_000] } });
    failOnce(harness, RATE_LIMITED);
    expect(coolingFor(harness)).toBe(1_000);
    harness.clock.advance(1_000);
    failOnce(harness, RATE_LIMITED);
    expect(coolingFor(harness)).toBe(4_000);
  });
});

describe('upstream hints come first', () => {
  it.each<[string, UpstreamFailure, number]>([
    ['Retry-After seconds', { status: 429, headers: { 'retry-after': '7' } }, 7 * SECOND],
    [
      'Retry-After HTTP date',
      { status: 429, headers: { 'retry-after': new Date(START + 45 * SECOND).toUTCString() } },
      45 * SECOND,
    ],
    [
      'x-ratelimit-reset-requests of the exhausted window',
      {
        status: 429,
        headers: {
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': '6m0s',
          'x-ratelimit-remaining-tokens': '5000',
          'x-ratelimit-reset-tokens': '20ms',
        },
      },
      360 * SECOND,
    ],
    [
      'x-ratelimit-reset-tokens of the exhausted window',
      { status: 429, headers: { 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '1.5s' } },
      1_500,
    ],
    [
      'anthropic-ratelimit-*-reset (RFC 3339)',
      {
        status: 429,
        headers: {
          'anthropic-ratelimit-tokens-remaining': '0',
          'anthropic-ratelimit-tokens-reset': new Date(START + 12 * SECOND).toISOString(),
        },
      },
      12 * SECOND,
    ],
    [
      'Gemini RetryInfo.retryDelay',
      {
        status: 429,
        body: {
          error: {
            code: 429,
            status: 'RESOURCE_EXHAUSTED',
            message: 'Quota exceeded',
            details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '20s' }],
          },
        },
      },
      20 * SECOND,
    ],
    [
      '"try again in 20s" in the body',
      { status: 429, body: 'Rate limited. Please try again in 20s.' },
      20 * SECOND,
    ],
    ['"Please retry in 3.5s" in the body', { status: 429, body: 'Please retry in 3.5s' }, 3_500],
  ])('%s', (_name, failure, expectedMs) => {
    const harness = createHarness([openAiKey('k1')]);
    failOnce(harness, failure);
    expect(coolingFor(harness)).toBe(expectedMs);
  });

  it('caps an absurd hint', () => {
    const harness = createHarness([openAiKey('k1')], { cooldowns: { maxHintMs: HOUR } });
    failOnce(harness, { status: 429, headers: { 'retry-after': String(365 * 24 * 3600) } });
    expect(coolingFor(harness)).toBe(HOUR);
  });

  it('turns a server error with Retry-After into an immediate rest', () => {
    const harness = createHarness([openAiKey('k1')]);
    failOnce(harness, { status: 503, headers: { 'retry-after': '4' } });
    expect(coolingFor(harness)).toBe(4 * SECOND);
  });
});

describe('a second cooldown never shortens the first', () => {
  it('keeps the longer rest when two requests in flight fail with different hints', () => {
    const harness = createHarness([openAiKey('k1')]);
    const first = leaseNow(harness.pool, ROUTE);
    const second = leaseNow(harness.pool, ROUTE);
    first.failure({ status: 429, headers: { 'retry-after': '60' } });
    second.failure({ status: 429, headers: { 'retry-after': '5' } });
    expect(coolingFor(harness)).toBe(60 * SECOND);
  });

  it('lengthens it when the second is longer', () => {
    const harness = createHarness([openAiKey('k1')]);
    const first = leaseNow(harness.pool, ROUTE);
    const second = leaseNow(harness.pool, ROUTE);
    first.failure({ status: 429, headers: { 'retry-after': '5' } });
    second.failure({ status: 429, headers: { 'retry-after': '60' } });
    expect(coolingFor(harness)).toBe(60 * SECOND);
  });
});

describe('quota exhaustion', () => {
  it('rests the key × model until the next daily reset', () => {
    const harness = createHarness([openAiKey('k1', { quotaResetUtc: '08:00' })]);
    failOnce(harness, {
      status: 429,
      body: {
        error: {
          message: 'Rate limit reached for gpt-4o on requests per day (RPD)',
          code: 'rate_limit_exceeded',
        },
      },
    });
    expect(modelState(harness.pool, 'k1', 'gpt-4o')).toMatchObject({
      status: 'exhausted',
      reason: 'quota_exhausted',
      cooldownUntil: Date.parse('2030-01-02T08:00:00.000Z'),
    });
    expect(leaseNow(harness.pool, 'openai/gpt-4o-mini').keyId).toBe('k1');
  });

  it('believes a hint that reaches past the reset', () => {
    const harness = createHarness([openAiKey('k1')]);
    const pastReset = 20 * HOUR;
    failOnce(harness, {
      status: 429,
      headers: { 'retry-after': String(pastReset / 1000) },
      body: { error: { message: 'daily limit reached', code: 'rate_limit_exceeded' } },
    });
    expect(coolingFor(harness)).toBe(pastReset);
  });
});

describe('billing failures', () => {
  it('rest the whole key 5 h → 10 h → 20 h → 24 h', async () => {
    const harness = createHarness([openAiKey('k1')]);
    const rests: (number | null)[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      failOnce(harness, { status: 402, body: { error: { message: 'Insufficient credits', code: 402 } } });
      const view = keyState(harness.pool, 'k1');
      expect(view.status).toBe('cooling');
      expect(view.reason).toBe('billing');
      rests.push(view.cooldownUntil === null ? null : view.cooldownUntil - harness.clock.now());
      expect(await refusal(harness.pool, 'openai/gpt-4o-mini')).toBeInstanceOf(KeysUnavailableError);
      harness.clock.advance(rests.at(-1) ?? 0);
    }
    expect(rests).toEqual([5, 10, 20, 24, 24].map((hours) => hours * HOUR));
  });
});

describe('auth and permission failures', () => {
  it.each<[string, UpstreamFailure]>([
    [
      'auth',
      { status: 401, body: { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } } },
    ],
    [
      'forbidden',
      { status: 403, body: { type: 'error', error: { type: 'permission_error', message: 'no' } } },
    ],
  ])('%s disables the key until an admin reinstates it', async (errorClass, failure) => {
    const harness = createHarness([openAiKey('k1')]);
    failOnce(harness, failure);
    expect(keyState(harness.pool, 'k1')).toMatchObject({ status: 'auth_failed', reason: errorClass });
    harness.clock.advance(30 * 24 * HOUR);
    expect(await refusal(harness.pool, ROUTE)).toBeInstanceOf(NoKeyForRouteError);
    expect(harness.events.filter((event) => event.type === 'disabled')).toHaveLength(1);

    expect(harness.pool.reinstate('k1')).toBe(true);
    expect(keyState(harness.pool, 'k1').status).toBe('ready');
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe('k1');
    expect(harness.events.some((event) => event.type === 'reinstated')).toBe(true);
  });

  it('a key synced from storage as auth_failed stays out until reinstated', async () => {
    const harness = createHarness([openAiKey('k1', { status: 'auth_failed' })]);
    expect(await refusal(harness.pool, ROUTE)).toBeInstanceOf(NoKeyForRouteError);
    harness.pool.reinstate('k1');
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe('k1');
  });

  it('a database sync that still says active does not lift a fresh auth failure', () => {
    const harness = createHarness([openAiKey('k1')]);
    failOnce(harness, { status: 401 });
    harness.pool.syncKeys([openAiKey('k1', { status: 'active' })]);
    expect(keyState(harness.pool, 'k1').status).toBe('auth_failed');
  });
});

describe('model not found', () => {
  it('rests only that key × model for an hour', () => {
    const harness = createHarness([openAiKey('k1')]);
    failOnce(harness, {
      status: 404,
      body: { error: { message: 'The model `gpt-4o` does not exist', code: 'model_not_found' } },
    });
    expect(coolingFor(harness)).toBe(HOUR);
    expect(leaseNow(harness.pool, 'openai/gpt-4o-mini').keyId).toBe('k1');
  });
});

describe('server errors and timeouts: the circuit breaker', () => {
  it('tolerates two failures and opens for 30 s on the third within 60 s', () => {
    const harness = createHarness([openAiKey('k1')]);
    failOnce(harness, SERVER_ERROR);
    harness.clock.advance(20 * SECOND);
    failOnce(harness, { networkError: { code: 'ETIMEDOUT', message: 'timed out' } });
    expect(coolingFor(harness)).toBeNull();
    harness.clock.advance(20 * SECOND);
    const { classified } = failOnce(harness, SERVER_ERROR);
    expect(classified.rotate).toBe(true);
    expect(coolingFor(harness)).toBe(30 * SECOND);
    expect(modelState(harness.pool, 'k1', 'gpt-4o').reason).toBe('server');
  });

  it('forgets failures older than the window', () => {
    const harness = createHarness([openAiKey('k1')]);
    for (let failure = 0; failure < 10; failure += 1) {
      failOnce(harness, SERVER_ERROR);
      harness.clock.advance(31 * SECOND);
    }
    expect(coolingFor(harness)).toBeNull();
  });

  it('re-opens on the first failure after the rest, and closes on a success', () => {
    const harness = createHarness([openAiKey('k1')]);
    for (let failure = 0; failure < 3; failure += 1) failOnce(harness, SERVER_ERROR);
    harness.clock.advance(30 * SECOND);
    failOnce(harness, SERVER_ERROR);
    expect(coolingFor(harness)).toBe(30 * SECOND);
    harness.clock.advance(30 * SECOND);
    leaseNow(harness.pool, ROUTE).success();
    failOnce(harness, SERVER_ERROR);
    failOnce(harness, SERVER_ERROR);
    expect(coolingFor(harness)).toBeNull();
  });

  it('honours a configured threshold (LiteLLM allowed_fails)', () => {
    const harness = createHarness([openAiKey('k1')], {
      cooldowns: { breaker: { failureThreshold: 1, openMs: 5_000 } },
    });
    failOnce(harness, { status: 504 });
    expect(coolingFor(harness)).toBe(5_000);
    expect(modelState(harness.pool, 'k1', 'gpt-4o').reason).toBe('timeout');
  });
});

describe('client errors', () => {
  it('do not rotate, do not rest the key and do not count against it', () => {
    const harness = createHarness([openAiKey('k1')]);
    const { classified } = failOnce(harness, {
      status: 400,
      body: {
        error: {
          message: "This model's maximum context length is 8192 tokens",
          code: 'context_length_exceeded',
        },
      },
    });
    expect(classified).toMatchObject({ errorClass: 'bad_request', rotate: false, scope: 'none' });
    expect(modelState(harness.pool, 'k1', 'gpt-4o')).toMatchObject({
      status: 'ready',
      failures: 0,
      consecutiveFailures: 0,
    });
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe('k1');
  });
});

describe('proactive cooling on successful answers', () => {
  it('rests the key × model until the OpenAI window resets when nothing remains', () => {
    const harness = createHarness([openAiKey('k1')]);
    leaseNow(harness.pool, ROUTE).success(undefined, {
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '2s',
      'x-ratelimit-remaining-tokens': '1000',
    });
    expect(coolingFor(harness)).toBe(2 * SECOND);
    expect(harness.events.find((event) => event.type === 'cooled')).toMatchObject({
      source: 'proactive',
      reason: 'rate_limit',
    });
  });

  it('reads Anthropic token windows', () => {
    const harness = createHarness([openAiKey('k1')]);
    leaseNow(harness.pool, ROUTE).success(undefined, {
      'anthropic-ratelimit-requests-remaining': '40',
      'anthropic-ratelimit-output-tokens-remaining': '0',
      'anthropic-ratelimit-output-tokens-reset': new Date(START + 8 * SECOND).toISOString(),
    });
    expect(coolingFor(harness)).toBe(8 * SECOND);
  });

  it('leaves the key alone while anything remains', () => {
    const harness = createHarness([openAiKey('k1')]);
    leaseNow(harness.pool, ROUTE).success(undefined, {
      'x-ratelimit-remaining-requests': '1',
      'x-ratelimit-reset-requests': '2s',
    });
    expect(coolingFor(harness)).toBeNull();
  });

  it('rests briefly when the window says nothing about its reset', () => {
    const harness = createHarness([openAiKey('k1')], { cooldowns: { proactiveFallbackMs: 750 } });
    leaseNow(harness.pool, ROUTE).success(undefined, { 'X-RateLimit-Remaining': '0' });
    expect(coolingFor(harness)).toBe(750);
  });
});

describe('restoration', () => {
  it('announces when a rest ends, on the clock and without a request', () => {
    const harness = createHarness([openAiKey('k1')]);
    failOnce(harness, RATE_LIMITED);
    harness.clock.advance(10 * SECOND);
    expect(harness.events.filter((event) => event.type === 'restored')).toEqual([
      { type: 'restored', keyId: 'k1', provider: 'openai', model: 'gpt-4o', at: START + 10 * SECOND },
    ]);
  });
});
