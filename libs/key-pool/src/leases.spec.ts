import { describe, expect, it } from '@jest/globals';
import { createHarness, leaseNow, modelState, openAiKey } from '../test/support/pool-harness.js';
import type { Lease } from './lease.js';
import {
  AcquireAbortedError,
  KeysUnavailableError,
  NoKeyForRouteError,
  PoolClosedError,
} from './pool-errors.js';

const ROUTE = 'openai/gpt-4o';

async function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown; settled: boolean }> {
  const result: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  promise.then(
    (value) => Object.assign(result, { value, settled: true }),
    (error: unknown) => Object.assign(result, { error, settled: true }),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return result;
}

describe('releasing a lease', () => {
  it('takes effect once: later calls change nothing', () => {
    const harness = createHarness([openAiKey('a')]);
    const lease = leaseNow(harness.pool, ROUTE);
    expect(lease.released).toBe(false);
    lease.success();
    lease.success();
    lease.abort();
    const late = lease.failure({ status: 429 });
    expect(late.errorClass).toBe('rate_limit');
    expect(lease.state).toBe('succeeded');
    expect(harness.pool.stats()).toMatchObject({ inFlight: 0, activeLeases: 0 });
    expect(modelState(harness.pool, 'a', 'gpt-4o')).toMatchObject({
      status: 'ready',
      inFlight: 0,
      failures: 0,
    });
  });

  it('abort frees the key without judging it', () => {
    const harness = createHarness([openAiKey('a', { maxConcurrency: 1 })]);
    const lease = leaseNow(harness.pool, ROUTE);
    lease.abort();
    expect(lease.state).toBe('aborted');
    expect(modelState(harness.pool, 'a', 'gpt-4o')).toMatchObject({ failures: 0, consecutiveFailures: 0 });
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe('a');
  });

  it('records latency from the clock, or as given', () => {
    const harness = createHarness([openAiKey('a')]);
    const timed = leaseNow(harness.pool, ROUTE);
    harness.clock.advance(120);
    timed.success();
    for (const latency of [100, 200, 300, 400])
      leaseNow(harness.pool, ROUTE).success(undefined, undefined, latency);
    expect(modelState(harness.pool, 'a', 'gpt-4o')).toMatchObject({ p50Ms: 200, p95Ms: 400, requests: 5 });
  });

  it('is released by the time-to-live safety net when the caller forgets it', () => {
    const harness = createHarness([openAiKey('a')], { leaseTtlMs: 60_000 });
    const leaked = leaseNow(harness.pool, ROUTE);
    harness.clock.advance(30_000);
    const second = leaseNow(harness.pool, 'openai/gpt-4o-mini').keyId;
    expect(second).toBe('a');
    expect(harness.pool.stats().inFlight).toBe(2);
    harness.clock.advance(30_000);
    expect(leaked.state).toBe('expired');
    expect(harness.pool.stats()).toMatchObject({ inFlight: 1, activeLeases: 1 });
    harness.clock.advance(30_000);
    expect(harness.pool.stats()).toMatchObject({ inFlight: 0, activeLeases: 0 });
    expect(harness.events.filter((event) => event.type === 'lease_expired')).toHaveLength(2);
    leaked.success();
    expect(harness.pool.stats().inFlight).toBe(0);
  });

  it('hides the credential from logs but hands it to the caller', () => {
    const harness = createHarness([openAiKey('a', { secret: 'sk-live-123456789', label: 'team key' })]);
    const lease = leaseNow(harness.pool, ROUTE);
    expect(lease.secret).toBe('sk-live-123456789');
    expect(JSON.stringify(lease)).not.toContain('sk-live');
    expect(JSON.stringify(harness.pool.snapshot())).not.toContain('sk-live');
    expect(JSON.stringify(harness.pool.snapshotState())).not.toContain('sk-live');
    expect(lease.label).toBe('team key');
  });

  it("carries where the key's provider answers, as the key is configured now", () => {
    const endpoint = { baseUrl: 'https://api.example.com/v1', providerType: 'openai' };
    const harness = createHarness([openAiKey('a', endpoint)]);
    const lease = leaseNow(harness.pool, ROUTE);
    expect(lease).toMatchObject(endpoint);
    harness.pool.upsertKey(openAiKey('a', { ...endpoint, baseUrl: 'https://eu.example.com/v1' }));
    expect(lease.baseUrl).toBe('https://eu.example.com/v1');
    harness.pool.upsertKey(openAiKey('a'));
    expect(lease.baseUrl).toBeUndefined();
  });
});

describe('when every key is resting', () => {
  it("tells when the first of the route's keys comes back, without a pick", () => {
    const harness = createHarness([openAiKey('a'), openAiKey('b'), openAiKey('other', { models: ['o3'] })]);
    leaseNow(harness.pool, 'openai/o3').success();
    expect(harness.pool.earliestRecovery('openai/o3')).toBe(1_000);
    leaseNow(harness.pool, ROUTE).failure({ status: 429, headers: { 'retry-after': '20' } });
    leaseNow(harness.pool, ROUTE).failure({ status: 429, headers: { 'retry-after': '8' } });
    expect(harness.pool.earliestRecovery(ROUTE)).toBe(8_000);
    harness.clock.advance(3_000);
    expect(harness.pool.earliestRecovery(ROUTE)).toBe(5_000);
    expect(harness.pool.earliestRecovery('anthropic/claude-sonnet-4')).toBeUndefined();
    harness.clock.advance(5_000);
    expect(leaseNow(harness.pool, ROUTE).keyId).toBe('b');
  });

  it('fails fast by default with the earliest recovery', async () => {
    const harness = createHarness([openAiKey('a'), openAiKey('b')]);
    leaseNow(harness.pool, ROUTE).failure({ status: 429, headers: { 'retry-after': '20' } });
    leaseNow(harness.pool, ROUTE).failure({ status: 429, headers: { 'retry-after': '8' } });
    await expect(harness.pool.acquire(ROUTE)).rejects.toMatchObject({
      name: 'KeysUnavailableError',
      reason: 'cooling',
      retryAfterMs: 8_000,
    });
  });

  it('waits for the earliest recovery within maxQueueWaitMs', async () => {
    const harness = createHarness([openAiKey('a')], { maxQueueWaitMs: 5_000 });
    leaseNow(harness.pool, ROUTE).failure({ status: 429, headers: { 'retry-after': '3' } });
    const waiting = await outcome(harness.pool.acquire(ROUTE));
    expect(waiting.settled).toBe(false);
    expect(harness.pool.stats().waiting).toBe(1);
    await harness.clock.advanceAsync(2_999);
    expect(waiting.settled).toBe(false);
    await harness.clock.advanceAsync(1);
    expect(waiting.value?.keyId).toBe('a');
    expect(harness.pool.stats().waiting).toBe(0);
  });

  it('does not wait for a recovery beyond the wait limit or the deadline', async () => {
    const harness = createHarness([openAiKey('a')], { maxQueueWaitMs: 5_000 });
    leaseNow(harness.pool, ROUTE).failure({ status: 429, headers: { 'retry-after': '10' } });
    await expect(harness.pool.acquire(ROUTE)).rejects.toBeInstanceOf(KeysUnavailableError);
    await expect(
      harness.pool.acquire(ROUTE, { maxQueueWaitMs: 60_000, deadline: harness.clock.now() + 9_000 }),
    ).rejects.toMatchObject({ retryAfterMs: 10_000 });
    expect(harness.pool.stats().waiting).toBe(0);
  });

  it('stops waiting when the caller aborts', async () => {
    const harness = createHarness([openAiKey('a')], { maxQueueWaitMs: 60_000 });
    leaseNow(harness.pool, ROUTE).failure({ status: 429, headers: { 'retry-after': '30' } });
    const controller = new AbortController();
    const waiting = await outcome(harness.pool.acquire(ROUTE, { signal: controller.signal }));
    controller.abort();
    await new Promise((resolve) => setImmediate(resolve));
    expect(waiting.error).toBeInstanceOf(AcquireAbortedError);
    expect(harness.pool.stats().waiting).toBe(0);
    await harness.clock.advanceAsync(30_000);
    expect(harness.pool.stats().inFlight).toBe(0);
  });

  it('rejects at once when the signal was already aborted', async () => {
    const harness = createHarness([openAiKey('a')], { maxQueueWaitMs: 60_000 });
    leaseNow(harness.pool, ROUTE).failure({ status: 429 });
    await expect(harness.pool.acquire(ROUTE, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AcquireAbortedError,
    );
  });

  it('never waits for a route nobody serves', async () => {
    const harness = createHarness([openAiKey('a')], { maxQueueWaitMs: 60_000 });
    await expect(harness.pool.acquire('mistral/large')).rejects.toBeInstanceOf(NoKeyForRouteError);
  });
});

describe('when every key is busy', () => {
  it('hands a released key to the first waiter', async () => {
    const harness = createHarness([openAiKey('a', { maxConcurrency: 1 })], { maxQueueWaitMs: 5_000 });
    const held = leaseNow(harness.pool, ROUTE);
    const first = await outcome(harness.pool.acquire(ROUTE));
    const second = await outcome(harness.pool.acquire(ROUTE));
    held.success();
    await new Promise((resolve) => setImmediate(resolve));
    expect(first.value?.keyId).toBe('a');
    expect(second.settled).toBe(false);
    (first.value as Lease).success();
    await new Promise((resolve) => setImmediate(resolve));
    expect(second.value?.keyId).toBe('a');
  });

  it('gives up at the wait limit', async () => {
    const harness = createHarness([openAiKey('a', { maxConcurrency: 1 })], {
      maxQueueWaitMs: 5_000,
      busyRetryAfterMs: 2_000,
    });
    leaseNow(harness.pool, ROUTE);
    const waiting = await outcome(harness.pool.acquire(ROUTE));
    await harness.clock.advanceAsync(5_000);
    expect(waiting.error).toMatchObject({
      name: 'KeysUnavailableError',
      reason: 'busy',
      retryAfterMs: 2_000,
    });
  });
});

describe('trying without waiting', () => {
  it('leases a free key, answers undefined while every key is busy, and leaves no waiter behind', () => {
    const harness = createHarness([openAiKey('a', { maxConcurrency: 1 })], { maxQueueWaitMs: 5_000 });
    const held = harness.pool.tryAcquire(ROUTE);
    expect(held?.keyId).toBe('a');
    expect(harness.pool.tryAcquire(ROUTE)).toBeUndefined();
    expect(harness.pool.stats()).toMatchObject({ activeLeases: 1, waiting: 0 });
    held?.success();
    expect(harness.pool.tryAcquire(ROUTE, { exclude: ['a'] })).toBeUndefined();
    expect(harness.pool.tryAcquire(ROUTE)?.keyId).toBe('a');
  });
});

describe('closing', () => {
  it('rejects waiters and new requests', async () => {
    const harness = createHarness([openAiKey('a', { maxConcurrency: 1 })], { maxQueueWaitMs: 5_000 });
    const held = leaseNow(harness.pool, ROUTE);
    const waiting = await outcome(harness.pool.acquire(ROUTE));
    await harness.pool.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(waiting.error).toBeInstanceOf(PoolClosedError);
    await expect(harness.pool.acquire(ROUTE)).rejects.toBeInstanceOf(PoolClosedError);
    held.success();
    expect(harness.pool.stats().inFlight).toBe(0);
    expect(harness.clock.pendingTimers).toBe(0);
  });
});
