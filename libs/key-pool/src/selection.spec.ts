import { describe, expect, it } from '@jest/globals';
import { createHarness, leaseNow, openAiKey, refusal } from '../test/support/pool-harness.js';
import type { Lease } from './lease.js';
import { KeysUnavailableError, NoKeyForRouteError } from './pool-errors.js';

const ROUTE = 'openai/gpt-4o';
const RATE_LIMITED = { status: 429, headers: { 'retry-after': '30' } };

function pickSequence(harness: ReturnType<typeof createHarness>, count: number, route = ROUTE): string[] {
  const picked: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const lease = leaseNow(harness.pool, route);
    picked.push(lease.keyId);
    lease.success();
  }
  return picked;
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

describe('tiers', () => {
  it('uses the lowest tier while it has a ready key, then the next', () => {
    const harness = createHarness([
      openAiKey('fallback', { tier: 'fallback' }),
      openAiKey('daily', { tier: 'daily' }),
      openAiKey('primary', { tier: 'primary' }),
    ]);
    expect(pickSequence(harness, 3)).toEqual(['primary', 'primary', 'primary']);
    leaseNow(harness.pool, ROUTE).failure(RATE_LIMITED);
    expect(pickSequence(harness, 2)).toEqual(['daily', 'daily']);
    leaseNow(harness.pool, ROUTE).failure(RATE_LIMITED);
    expect(pickSequence(harness, 1)).toEqual(['fallback']);
  });

  it('orders numeric tiers among the named ones', () => {
    const harness = createHarness([
      openAiKey('beyond', { tier: 7 }),
      openAiKey('fallback', { tier: 'fallback' }),
      openAiKey('first', { tier: -1 }),
    ]);
    const order: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const lease = leaseNow(harness.pool, ROUTE);
      order.push(lease.keyId);
      lease.failure(RATE_LIMITED);
    }
    expect(order).toEqual(['first', 'fallback', 'beyond']);
  });
});

describe('load', () => {
  it('prefers the key × model with the fewest requests in flight', () => {
    const harness = createHarness([openAiKey('a'), openAiKey('b'), openAiKey('c')]);
    const held = [
      leaseNow(harness.pool, ROUTE),
      leaseNow(harness.pool, ROUTE),
      leaseNow(harness.pool, ROUTE),
    ];
    expect(new Set(held.map((lease) => lease.keyId)).size).toBe(3);
    const releasedKey = held[1]!.keyId;
    held[1]!.success();
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe(releasedKey);
  });

  it('then the key with the fewest in flight across its models', () => {
    const harness = createHarness([openAiKey('a'), openAiKey('b')]);
    const busyOnOtherModel = leaseNow(harness.pool, 'openai/gpt-4o-mini');
    const lease = leaseNow(harness.pool, ROUTE);
    expect(lease.keyId).not.toBe(busyOnOtherModel.keyId);
  });

  it('spreads sequential requests round-robin under equal weights', () => {
    const harness = createHarness([openAiKey('a'), openAiKey('b'), openAiKey('c')]);
    const picked = pickSequence(harness, 9);
    expect(picked.slice(0, 3).sort()).toEqual(['a', 'b', 'c']);
    expect(picked.slice(3, 6)).toEqual(picked.slice(0, 3));
    expect(picked.slice(6, 9)).toEqual(picked.slice(0, 3));
  });

  it('shares traffic in proportion to weight', () => {
    const harness = createHarness([openAiKey('heavy', { weight: 3 }), openAiKey('light', { weight: 1 })]);
    const counts = countBy(pickSequence(harness, 400));
    expect(counts['heavy']).toBeGreaterThanOrEqual(299);
    expect(counts['heavy']).toBeLessThanOrEqual(301);
  });

  it('gives a key with less quota left a smaller share, and never more than its quota', () => {
    const harness = createHarness([openAiKey('metered', { dailyRequestQuota: 100 }), openAiKey('unmetered')]);
    const counts = countBy(pickSequence(harness, 300));
    expect(counts['metered']).toBeLessThan(100);
    expect(counts['metered']).toBeGreaterThan(20);
    const moreCounts = countBy(pickSequence(harness, 2000));
    expect((counts['metered'] ?? 0) + (moreCounts['metered'] ?? 0)).toBeLessThanOrEqual(100);
  });

  it('gives a key that rejoins after a rest no burst of catch-up traffic', () => {
    const harness = createHarness([openAiKey('a'), openAiKey('b')]);
    pickSequence(harness, 10);
    const lease = leaseNow(harness.pool, ROUTE);
    lease.failure(RATE_LIMITED);
    pickSequence(harness, 50);
    harness.clock.advance(30_000);
    const counts = countBy(pickSequence(harness, 10));
    expect(counts[lease.keyId]).toBeGreaterThanOrEqual(4);
    expect(counts[lease.keyId]).toBeLessThanOrEqual(6);
  });
});

describe('concurrency limits', () => {
  it('skips a key at its own limit and reports busy when all are', async () => {
    const harness = createHarness([openAiKey('a', { maxConcurrency: 1 })]);
    const held = leaseNow(harness.pool, ROUTE);
    expect(await refusal(harness.pool, 'openai/gpt-4o-mini')).toBeInstanceOf(KeysUnavailableError);
    const error = await refusal(harness.pool, ROUTE);
    expect(error).toMatchObject({ reason: 'busy' });
    held.success();
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe('a');
  });

  it('limits one key × model without blocking the key for other models', async () => {
    const harness = createHarness([openAiKey('a', { modelMaxConcurrency: { 'gpt-4o': 1 } })]);
    leaseNow(harness.pool, ROUTE);
    expect(await refusal(harness.pool, ROUTE)).toBeInstanceOf(KeysUnavailableError);
    expect(leaseNow(harness.pool, 'openai/gpt-4o-mini').keyId).toBe('a');
    expect(leaseNow(harness.pool, 'openai/gpt-4o-mini').keyId).toBe('a');
  });

  it('applies a single per-model limit to every model', async () => {
    const harness = createHarness([openAiKey('a', { modelMaxConcurrency: 2 })]);
    leaseNow(harness.pool, ROUTE);
    leaseNow(harness.pool, ROUTE);
    expect(await refusal(harness.pool, ROUTE)).toBeInstanceOf(KeysUnavailableError);
    expect(leaseNow(harness.pool, 'openai/o3').keyId).toBe('a');
  });
});

describe('which keys serve a route', () => {
  it('honours allowed models and reports a route nobody serves', async () => {
    const harness = createHarness([openAiKey('only-4o', { models: ['gpt-4o'] }), openAiKey('any')]);
    expect(new Set(pickSequence(harness, 4, 'openai/gpt-4o-mini'))).toEqual(new Set(['any']));
    expect(await refusal(harness.pool, 'anthropic/claude-sonnet-4')).toBeInstanceOf(NoKeyForRouteError);
    const error = await refusal(harness.pool, 'anthropic/claude-sonnet-4');
    expect(error).toMatchObject({ reason: 'no_key', targets: ['anthropic/claude-sonnet-4'] });
  });

  it('never hands out a disabled key', async () => {
    const harness = createHarness([openAiKey('off', { status: 'disabled' }), openAiKey('on')]);
    expect(new Set(pickSequence(harness, 5))).toEqual(new Set(['on']));
    harness.pool.removeKey('on');
    const error = await refusal(harness.pool, ROUTE);
    expect(error).toBeInstanceOf(NoKeyForRouteError);
    expect(error).toMatchObject({ reason: 'all_disabled' });
  });
});

describe('fallback chains', () => {
  const chain = ['openai/gpt-4o-mini', 'openrouter/openai/gpt-4o-mini'];

  it('tries every tier of the first target before the next target', () => {
    const harness = createHarness([
      openAiKey('oa-primary'),
      openAiKey('oa-fallback', { tier: 'fallback' }),
      { id: 'or-primary', provider: 'openrouter' },
    ]);
    const seen: Lease[] = [];
    for (let index = 0; index < 3; index += 1) {
      const lease = leaseNow(harness.pool, chain);
      seen.push(lease);
      lease.failure(RATE_LIMITED);
    }
    expect(seen.map((lease) => [lease.keyId, lease.targetIndex])).toEqual([
      ['oa-primary', 0],
      ['oa-fallback', 0],
      ['or-primary', 1],
    ]);
    expect(seen[2]).toMatchObject({
      provider: 'openrouter',
      model: 'openai/gpt-4o-mini',
      target: 'openrouter/openai/gpt-4o-mini',
    });
  });

  it('accepts { targets } and reports every target when all are resting', async () => {
    const harness = createHarness([openAiKey('oa'), { id: 'or', provider: 'openrouter' }]);
    leaseNow(harness.pool, { targets: chain }).failure(RATE_LIMITED);
    leaseNow(harness.pool, { targets: chain }).failure({ status: 429, headers: { 'retry-after': '10' } });
    const error = await refusal(harness.pool, { targets: chain });
    expect(error).toBeInstanceOf(KeysUnavailableError);
    expect(error).toMatchObject({ targets: chain, retryAfterMs: 10_000 });
    expect((error as KeysUnavailableError).retryAfterSeconds).toBe(10);
  });
});

describe('excluding keys already tried', () => {
  it('skips excluded keys, and says so when nothing else is left', async () => {
    const harness = createHarness([openAiKey('a'), openAiKey('b')]);
    expect(leaseNow(harness.pool, ROUTE, { exclude: ['a'] }).keyId).toBe('b');
    const error = await refusal(harness.pool, ROUTE, { exclude: ['a', 'b'] });
    expect(error).toMatchObject({ reason: 'all_excluded' });
  });

  it('excludes a previous lease only for its own target', () => {
    const harness = createHarness([openAiKey('a')]);
    const first = leaseNow(harness.pool, ['openai/gpt-4o', 'openai/gpt-4o-mini']);
    first.failure({ status: 500 });
    const retry = leaseNow(harness.pool, ['openai/gpt-4o', 'openai/gpt-4o-mini'], { exclude: [first] });
    expect(retry).toMatchObject({ keyId: 'a', model: 'gpt-4o-mini', targetIndex: 1 });
  });

  it('still finds the best remaining key when the best ones are excluded', () => {
    const keys = Array.from({ length: 40 }, (_, index) => openAiKey(`k${index}`));
    const harness = createHarness(keys);
    const held: Lease[] = [];
    for (let index = 0; index < 70; index += 1) held.push(leaseNow(harness.pool, ROUTE));
    for (const lease of held.filter((_, index) => index % 3 === 0)) lease.success();
    const inFlight = new Map(harness.pool.snapshot().map((view) => [view.keyId, view.inFlight]));
    const leastLoaded = Math.min(...inFlight.values());
    const excluded = [...inFlight]
      .filter(([, load]) => load === leastLoaded)
      .map(([keyId]) => keyId)
      .slice(0, -1);
    const lease = leaseNow(harness.pool, ROUTE, { exclude: excluded });
    expect(excluded).not.toContain(lease.keyId);
    expect(inFlight.get(lease.keyId)).toBe(leastLoaded);
  });
});
