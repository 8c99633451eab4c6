import { describe, expect, it } from '@jest/globals';
import { createHarness, keyState, leaseNow, modelState, openAiKey } from '../test/support/pool-harness.js';
import { MemoryStateStore } from './memory-store.js';
import { KeyPool } from './key-pool.js';
import { settlePromises } from '../test/support/manual-clock.js';

const GPT4O = 'openai/gpt-4o';
const MINI = 'openai/gpt-4o-mini';

describe('resetKey', () => {
  it('ends every rest of the key, for every model, and escalation starts again from the first step', () => {
    const harness = createHarness([openAiKey('a')]);
    const { pool, clock } = harness;
    for (let step = 0; step < 3; step += 1) {
      leaseNow(pool, GPT4O).failure({ status: 429 });
      clock.advance(modelState(pool, 'a', 'gpt-4o').cooldownUntil! - clock.now());
    }
    leaseNow(pool, GPT4O).failure({ status: 429 });
    leaseNow(pool, MINI).failure({ status: 402, body: { error: { message: 'insufficient credits' } } });
    expect(keyState(pool, 'a').status).toBe('cooling');
    expect(modelState(pool, 'a', 'gpt-4o').consecutiveFailures).toBeGreaterThan(0);

    expect(pool.resetKey('a')).toBe(true);
    expect(keyState(pool, 'a')).toMatchObject({ status: 'ready', cooldownUntil: null });
    expect(modelState(pool, 'a', 'gpt-4o')).toMatchObject({
      status: 'ready',
      cooldownUntil: null,
      consecutiveFailures: 0,
    });
    expect(leaseNow(pool, GPT4O).keyId).toBe('a');
    expect(harness.events.filter((event) => event.type === 'key_reset')).toEqual([
      expect.objectContaining({ keyId: 'a', source: 'admin' }),
    ]);
  });

  it('forgets escalation: the next rate limit rests for the first step again', () => {
    const { pool, clock } = createHarness([openAiKey('a')]);
    leaseNow(pool, GPT4O).failure({ status: 429 });
    const first = modelState(pool, 'a', 'gpt-4o').cooldownUntil! - clock.now();
    clock.advance(first);
    leaseNow(pool, GPT4O).failure({ status: 429 });
    const second = modelState(pool, 'a', 'gpt-4o').cooldownUntil! - clock.now();
    expect(second).toBeGreaterThan(first);
    pool.resetKey('a');
    leaseNow(pool, GPT4O).failure({ status: 429 });
    expect(modelState(pool, 'a', 'gpt-4o').cooldownUntil! - clock.now()).toBe(first);
  });

  it('closes an open breaker', () => {
    const { pool } = createHarness([openAiKey('a')]);
    for (let failure = 0; failure < 3; failure += 1) leaseNow(pool, GPT4O).failure({ status: 500 });
    expect(modelState(pool, 'a', 'gpt-4o').status).toBe('cooling');
    pool.resetKey('a');
    // Half-open would re-open at the next failure; closed needs three again.
    leaseNow(pool, GPT4O).failure({ status: 500 });
    expect(modelState(pool, 'a', 'gpt-4o').status).toBe('ready');
  });

  it('does not lift an auth failure, which only a passing probe may', () => {
    const { pool } = createHarness([openAiKey('a')]);
    leaseNow(pool, GPT4O).failure({ status: 401 });
    pool.resetKey('a');
    expect(keyState(pool, 'a').status).toBe('auth_failed');
    expect(pool.resetKey('unknown')).toBe(false);
  });

  it('reaches every pool sharing the store, and a pool connecting later loads none of the old rests', async () => {
    const store = new MemoryStateStore();
    const one = new KeyPool({ keys: [openAiKey('a')], store });
    const two = new KeyPool({ keys: [openAiKey('a')], store });
    await Promise.all([one.ready(), two.ready()]);
    leaseNow(one, GPT4O).failure({ status: 429 });
    await settlePromises();
    expect(keyState(two, 'a').status).toBe('ready');
    expect(modelState(two, 'a', 'gpt-4o').status).toBe('cooling');

    two.resetKey('a');
    await settlePromises();
    expect(modelState(one, 'a', 'gpt-4o').status).toBe('ready');
    const three = new KeyPool({ keys: [openAiKey('a')], store });
    await three.ready();
    expect(leaseNow(three, GPT4O).keyId).toBe('a');
    await Promise.all([one.close(), two.close(), three.close()]);
  });
});

describe('lastSeenLimits', () => {
  it('keeps the rate-limit headers of the last answer that had any, success or failure, with when they came', async () => {
    const { pool, clock } = createHarness([openAiKey('a')]);
    expect(await pool.lastSeenLimits('a')).toBeNull();
    leaseNow(pool, GPT4O).success(undefined, {
      'x-ratelimit-limit-requests': '500',
      'x-ratelimit-remaining-requests': '499',
      'x-ratelimit-reset-requests': '120ms',
      'x-ratelimit-limit-tokens': '30000',
      'x-ratelimit-remaining-tokens': '29000',
      'x-ratelimit-reset-tokens': '2s',
    });
    const seenAt = clock.now();
    expect(await pool.lastSeenLimits('a')).toEqual({
      seenAt,
      model: 'gpt-4o',
      windows: [
        { name: 'requests', limit: 500, remaining: 499, resetAt: seenAt + 120 },
        { name: 'tokens', limit: 30000, remaining: 29000, resetAt: seenAt + 2000 },
      ],
    });
    clock.advance(5_000);
    leaseNow(pool, MINI).success(undefined, { 'content-type': 'application/json' });
    expect((await pool.lastSeenLimits('a'))?.seenAt).toBe(seenAt);
    leaseNow(pool, MINI).failure({
      status: 429,
      headers: {
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '0',
        'anthropic-ratelimit-requests-reset': new Date(clock.now() + 30_000).toISOString(),
      },
    });
    expect(await pool.lastSeenLimits('a')).toEqual({
      seenAt: clock.now(),
      model: 'gpt-4o-mini',
      windows: [{ name: 'requests', limit: 50, remaining: 0, resetAt: clock.now() + 30_000 }],
    });
  });

  it('reads what another pool of the store saw, and keeps the later sighting', async () => {
    const store = new MemoryStateStore();
    const one = new KeyPool({ keys: [openAiKey('a')], store });
    const two = new KeyPool({ keys: [openAiKey('a')], store });
    leaseNow(one, GPT4O).success(undefined, { 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '19' });
    expect(await two.lastSeenLimits('a')).toMatchObject({
      model: 'gpt-4o',
      windows: [{ name: 'requests', limit: 20, remaining: 19, resetAt: null }],
    });
    await Promise.all([one.close(), two.close()]);
  });
});
