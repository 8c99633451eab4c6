import { describe, expect, it } from '@jest/globals';
import { leaseNow, openAiKey, refusal, START } from '../test/support/pool-harness.js';
import type { KeyConfig } from './key-config.js';
import { KeyPool } from './key-pool.js';
import { ManualClock, settlePromises } from '../test/support/manual-clock.js';
import { MemoryStateStore } from './memory-store.js';
import { KeysUnavailableError } from './pool-errors.js';

const ROUTE = 'openai/gpt-4o';

function twoPools(keys: KeyConfig[]) {
  const clock = new ManualClock(START);
  const store = new MemoryStateStore(() => clock.now());
  const first = new KeyPool({ keys, clock, store });
  const second = new KeyPool({ keys, clock, store });
  return { clock, store, first, second };
}

describe('pools sharing a MemoryStateStore', () => {
  it('see each other’s cooldowns', async () => {
    const { first, second } = twoPools([openAiKey('a'), openAiKey('b')]);
    await Promise.all([first.ready(), second.ready()]);
    const lease = leaseNow(first, ROUTE);
    lease.failure({ status: 429, headers: { 'retry-after': '30' } });
    await settlePromises();
    const cooled = second.snapshot().find((view) => view.keyId === lease.keyId)?.models[0];
    expect(cooled).toMatchObject({ status: 'cooling', cooldownUntil: START + 30_000, reason: 'rate_limit' });
    for (let index = 0; index < 4; index += 1) expect(leaseNow(second, ROUTE).keyId).not.toBe(lease.keyId);
  });

  it('share auth failures and reinstatements', async () => {
    const { first, second } = twoPools([openAiKey('a')]);
    leaseNow(first, ROUTE).failure({ status: 401 });
    await settlePromises();
    expect(second.snapshot()[0]?.status).toBe('auth_failed');
    second.reinstate('a');
    await settlePromises();
    expect(first.snapshot()[0]?.status).toBe('ready');
  });

  it('share in-flight counts against a key’s concurrency limit', async () => {
    const { first, second } = twoPools([openAiKey('a', { maxConcurrency: 2 })]);
    leaseNow(first, ROUTE);
    const held = leaseNow(second, ROUTE);
    await settlePromises();
    expect(await refusal(first, ROUTE)).toBeInstanceOf(KeysUnavailableError);
    held.success();
    await settlePromises();
    expect(leaseNow(first, ROUTE).keyId).toBe('a');
  });

  it('share daily quota usage', async () => {
    const { first, second } = twoPools([openAiKey('a', { dailyRequestQuota: 4 })]);
    leaseNow(first, ROUTE).success();
    leaseNow(first, ROUTE).success();
    leaseNow(second, ROUTE).success();
    await settlePromises();
    leaseNow(second, ROUTE).success();
    await settlePromises();
    expect(await refusal(first, ROUTE)).toBeInstanceOf(KeysUnavailableError);
    expect(first.snapshot()[0]).toMatchObject({ status: 'exhausted', quota: { requests: 4 } });
  });

  it('give a pool that joins later the cooldowns already in force', async () => {
    const clock = new ManualClock(START);
    const store = new MemoryStateStore(() => clock.now());
    const early = new KeyPool({ keys: [openAiKey('a')], clock, store });
    leaseNow(early, ROUTE).failure({ status: 402 });
    const late = new KeyPool({ keys: [openAiKey('a')], clock, store });
    await late.ready();
    expect(late.snapshot()[0]).toMatchObject({ status: 'cooling', reason: 'billing' });
  });

  it('forget a closed pool’s requests in flight', async () => {
    const { first, second } = twoPools([openAiKey('a', { maxConcurrency: 1 })]);
    leaseNow(first, ROUTE);
    await settlePromises();
    expect(await refusal(second, ROUTE)).toBeInstanceOf(KeysUnavailableError);
    await first.close();
    await settlePromises();
    expect(leaseNow(second, ROUTE).keyId).toBe('a');
  });
});
