import { describe, expect, it } from '@jest/globals';
import { createHarness, leaseNow, openAiKey } from '../test/support/pool-harness.js';

const PRICED = new Set(['gpt-4o', 'gpt-4o-mini']);
const MODEL_NOT_FOUND = {
  status: 404,
  body: { error: { code: 'model_not_found', message: 'no such model' } },
};

/** A pool that keeps state for priced models only, as the gateway runs it. */
function boundedPool(keys = [openAiKey('a'), openAiKey('b')]) {
  return createHarness(keys, {
    isKnownModel: (provider, model) => provider === 'openai' && PRICED.has(model),
    untrackedModelsPerKey: 8,
    untrackedIdleMs: 60_000,
  });
}

const modelsInView = (harness: ReturnType<typeof createHarness>) =>
  harness.pool.snapshot().flatMap((key) => key.models.map((model) => `${key.keyId}:${model.model}`));

describe('state for models no key declares', () => {
  it('does not grow with thousands of made-up model names', () => {
    const harness = boundedPool();
    for (let index = 0; index < 5_000; index += 1) {
      const lease = leaseNow(harness.pool, `openai/made-up-${index}`);
      if (index % 2 === 0) lease.failure(MODEL_NOT_FOUND);
      else lease.abort();
    }
    expect(harness.pool.stats().models).toBeLessThanOrEqual(2 * 8);
    expect(modelsInView(harness)).toEqual([]);
    expect(harness.pool.snapshotState().rows.length).toBeLessThanOrEqual(2 + 2 * 8);
    expect(harness.pool.stats()).toMatchObject({ inFlight: 0, activeLeases: 0 });
  });

  it('keeps the models that are known, declared or served, whatever else is asked for', () => {
    const harness = boundedPool([openAiKey('a'), openAiKey('declares', { models: ['o3'] })]);
    leaseNow(harness.pool, 'openai/gpt-4o').failure(MODEL_NOT_FOUND);
    leaseNow(harness.pool, 'openai/o3', { exclude: ['a'] }).abort();
    leaseNow(harness.pool, 'openai/fine-tuned-1').success();
    for (let index = 0; index < 100; index += 1) leaseNow(harness.pool, `openai/junk-${index}`).abort();
    harness.clock.advance(10 * 60_000);
    expect(modelsInView(harness).sort()).toEqual(['a:fine-tuned-1', 'a:gpt-4o', 'a:o3', 'declares:o3']);
    expect(harness.pool.stats().models).toBe(3);
  });

  it('drops an unused one once idle and not resting, and builds it again when asked for', () => {
    const harness = boundedPool();
    const lease = leaseNow(harness.pool, 'openai/preview-model');
    lease.failure({ status: 429, headers: { 'retry-after': '120' } });
    harness.clock.advance(90_000);
    expect(harness.pool.stats().models).toBe(1);
    const other = leaseNow(harness.pool, 'openai/preview-model');
    expect(other.keyId).not.toBe(lease.keyId);
    other.abort();
    harness.clock.advance(200_000);
    expect(harness.pool.stats().models).toBe(0);
    const again = leaseNow(harness.pool, 'openai/preview-model');
    expect(['a', 'b']).toContain(again.keyId);
    again.success();
    harness.clock.advance(200_000);
    expect(harness.pool.stats().models).toBe(1);
  });

  it('remembers across a restart which models an upstream served', () => {
    const before = boundedPool();
    leaseNow(before.pool, 'openai/served-model').success();
    const after = boundedPool();
    after.pool.restoreState(before.pool.snapshotState());
    after.clock.advance(10 * 60_000);
    expect(modelsInView(after)).toContain('a:served-model');
  });

  it('keeps every model without isKnownModel, as before', () => {
    const harness = createHarness([openAiKey('a')]);
    for (let index = 0; index < 20; index += 1) leaseNow(harness.pool, `openai/m-${index}`).abort();
    harness.clock.advance(60 * 60_000);
    expect(harness.pool.stats().models).toBe(20);
  });
});
