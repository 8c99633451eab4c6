import { describe, expect, it } from '@jest/globals';
import { createHarness, keyState, leaseNow, openAiKey, refusal } from '../test/support/pool-harness.js';
import { KeysUnavailableError } from './pool-errors.js';

const ROUTE = 'openai/gpt-4o';

describe('keys change at runtime', () => {
  it('serves a key as soon as it is added', () => {
    const harness = createHarness([]);
    expect(harness.pool.tryAcquire(ROUTE)).toBeUndefined();
    harness.pool.addKey(openAiKey('new'));
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe('new');
    expect(() => harness.pool.addKey(openAiKey('new'))).toThrow(RangeError);
  });

  it('re-orders a key whose tier changed', () => {
    const harness = createHarness([openAiKey('a'), openAiKey('b', { tier: 'fallback' })]);
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe('a');
    harness.pool.updateKey('a', { tier: 'fallback' });
    harness.pool.updateKey('b', { tier: 'primary' });
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe('b');
  });

  it('stops serving models a key no longer allows', () => {
    const harness = createHarness([openAiKey('a'), openAiKey('b')]);
    leaseNow(harness.pool, ROUTE).success();
    harness.pool.updateKey('a', { models: ['gpt-4o-mini'] });
    for (let index = 0; index < 4; index += 1) expect(leaseNow(harness.pool, ROUTE).keyId).toBe('b');
    expect(leaseNow(harness.pool, 'openai/gpt-4o-mini')).toBeDefined();
  });

  it('takes a disabled key out and puts it back', () => {
    const harness = createHarness([openAiKey('a')]);
    harness.pool.updateKey('a', { status: 'disabled' });
    expect(keyState(harness.pool, 'a').status).toBe('disabled');
    expect(harness.pool.tryAcquire(ROUTE)).toBeUndefined();
    harness.pool.updateKey('a', { status: 'active' });
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe('a');
  });

  it('removes a key with a request in flight, and the late release is harmless', () => {
    const harness = createHarness([openAiKey('a'), openAiKey('b')]);
    const lease = leaseNow(harness.pool, ROUTE);
    expect(harness.pool.removeKey(lease.keyId)).toBe(true);
    lease.failure({ status: 429 });
    expect(harness.pool.keyIds()).toHaveLength(1);
    expect(harness.pool.stats()).toMatchObject({ inFlight: 0, activeLeases: 0 });
    expect(leaseNow(harness.pool, ROUTE).keyId).not.toBe(lease.keyId);
  });

  it('syncs to the list the database holds', () => {
    const harness = createHarness([openAiKey('keep', { weight: 1 }), openAiKey('drop')]);
    const result = harness.pool.syncKeys([openAiKey('keep', { weight: 5 }), openAiKey('add')]);
    expect(result).toEqual({ added: ['add'], updated: ['keep'], removed: ['drop'] });
    expect(harness.pool.keyIds().sort()).toEqual(['add', 'keep']);
  });

  it('keeps runtime state across an update but starts afresh when the provider changes', () => {
    const harness = createHarness([openAiKey('a')]);
    leaseNow(harness.pool, ROUTE).failure({ status: 429 });
    harness.pool.upsertKey(openAiKey('a', { weight: 2 }));
    expect(keyState(harness.pool, 'a').models[0]?.status).toBe('cooling');
    harness.pool.upsertKey({ id: 'a', provider: 'openrouter' });
    expect(keyState(harness.pool, 'a')).toMatchObject({ provider: 'openrouter', models: [] });
  });

  it('rejects invalid configurations', () => {
    const harness = createHarness([]);
    expect(() => harness.pool.addKey({ id: '', provider: 'openai' })).toThrow(RangeError);
    expect(() => harness.pool.addKey({ id: 'x', provider: 'open/ai' })).toThrow(RangeError);
    expect(() => harness.pool.addKey(openAiKey('x', { weight: 0 }))).toThrow(RangeError);
    expect(() => harness.pool.addKey(openAiKey('x', { maxConcurrency: 0 }))).toThrow(RangeError);
    expect(() => harness.pool.addKey(openAiKey('x', { quotaResetUtc: '25:00' }))).toThrow(RangeError);
    expect(() => harness.pool.updateKey('missing', { weight: 2 })).toThrow(RangeError);
  });
});

describe('daily quotas', () => {
  it('stop a key at its request quota until the daily reset', async () => {
    const harness = createHarness([openAiKey('a', { dailyRequestQuota: 3, quotaResetUtc: '00:00' })]);
    for (let index = 0; index < 3; index += 1) leaseNow(harness.pool, ROUTE).success();
    expect(keyState(harness.pool, 'a')).toMatchObject({
      status: 'exhausted',
      reason: 'quota_exhausted',
      cooldownUntil: Date.parse('2030-01-02T00:00:00.000Z'),
      quota: { requests: 3, tokens: 0 },
    });
    const error = await refusal(harness.pool, ROUTE);
    expect(error).toBeInstanceOf(KeysUnavailableError);
    expect(error).toMatchObject({ reason: 'exhausted' });
    harness.clock.advance(12 * 3_600_000);
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe('a');
    expect(keyState(harness.pool, 'a').quota).toMatchObject({ requests: 1 });
  });

  it('count prompt and completion tokens against a token quota', () => {
    const harness = createHarness([openAiKey('a', { dailyTokenQuota: 100 })]);
    leaseNow(harness.pool, ROUTE).success({ promptTokens: 60, completionTokens: 30 });
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe('a');
    leaseNow(harness.pool, ROUTE).success({ totalTokens: 10 });
    expect(keyState(harness.pool, 'a').status).toBe('exhausted');
  });

  it('lets a key back at once when its quota is raised', () => {
    const harness = createHarness([openAiKey('a', { dailyRequestQuota: 1 })]);
    leaseNow(harness.pool, ROUTE).success();
    expect(keyState(harness.pool, 'a').status).toBe('exhausted');
    harness.pool.updateKey('a', { dailyRequestQuota: 10 });
    expect(keyState(harness.pool, 'a').status).toBe('ready');
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe('a');
  });
});
