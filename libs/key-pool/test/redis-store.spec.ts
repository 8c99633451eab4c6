import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { CooledEvent, PoolEvent } from '../src/events.js';
import type { KeyConfig } from '../src/key-config.js';
import { KeyPool } from '../src/key-pool.js';
import { KeysUnavailableError } from '../src/pool-errors.js';
import { RedisStateStore } from '../src/redis-store.js';
import { leaseNow } from './support/pool-harness.js';

const ROUTE = 'openai/gpt-4o';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const clients: Redis[] = [];
const pools: KeyPool[] = [];
const prefixes: string[] = [];

function newClient(): Redis {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  clients.push(client);
  return client;
}

/** A gateway replica: its own Redis connection, its own pool, sharing state under `prefix`. */
async function replica(prefix: string, keys: KeyConfig[], events: PoolEvent[] = []): Promise<KeyPool> {
  const pool = new KeyPool({
    keys,
    store: new RedisStateStore({ redis: newClient(), prefix, replicaTtlMs: 3_000, inFlightRefreshMs: 100 }),
    onEvent: (event) => events.push(event),
  });
  pools.push(pool);
  await pool.ready();
  return pool;
}

function uniquePrefix(): string {
  const prefix = `test:key-pool:${randomUUID()}`;
  prefixes.push(prefix);
  return prefix;
}

/** Polls until `check` passes: state crosses the network, so it arrives a moment later. */
async function eventually(check: () => void | Promise<void>, timeoutMs = 2_000): Promise<void> {
  const startedAt = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() - startedAt > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

/** Whether the pool refuses the route as busy; a lease it hands out instead is given back untouched. */
async function refusesAsBusy(pool: KeyPool): Promise<boolean> {
  const error = await pool.acquire(ROUTE).then(
    (lease) => lease.abort(),
    (refused: unknown) => refused,
  );
  return error instanceof KeysUnavailableError && error.reason === 'busy';
}

function nextEvent(
  events: PoolEvent[],
  matches: (event: PoolEvent) => boolean,
  timeoutMs = 2_000,
): Promise<PoolEvent> {
  return eventually(() => expect(events.some(matches)).toBe(true), timeoutMs).then(
    () => events.find(matches) as PoolEvent,
  );
}

beforeAll(async () => {
  await newClient().ping();
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  const cleaner = clients[0];
  if (cleaner) {
    for (const prefix of prefixes) {
      const keys = await cleaner.keys(`{${prefix}}:*`);
      if (keys.length > 0) await cleaner.del(...keys);
    }
  }
  await Promise.all(clients.map((client) => client.quit()));
});

describe('two gateway replicas sharing one Redis', () => {
  it('cool a key on both within 100 ms of a 429 seen by one', async () => {
    const prefix = uniquePrefix();
    const keys = [
      { id: 'k1', provider: 'openai' },
      { id: 'k2', provider: 'openai' },
    ];
    const otherEvents: PoolEvent[] = [];
    const seeing = await replica(prefix, keys);
    const other = await replica(prefix, keys, otherEvents);

    const lease = leaseNow(seeing, ROUTE);
    const failedAt = Date.now();
    lease.failure({ status: 429, headers: { 'retry-after': '30' } });
    const cooled = (await nextEvent(
      otherEvents,
      (event) => event.type === 'cooled' && event.source === 'remote',
    )) as CooledEvent;
    expect(Date.now() - failedAt).toBeLessThan(100);
    expect(cooled).toMatchObject({ keyId: lease.keyId, model: 'gpt-4o', reason: 'rate_limit' });
    expect(cooled.until - failedAt).toBeGreaterThan(29_000);
    for (let index = 0; index < 4; index += 1) {
      const picked = leaseNow(other, ROUTE);
      expect(picked.keyId).not.toBe(lease.keyId);
      picked.success();
    }
  });

  it('disable a key everywhere after an auth failure, and bring it back everywhere on reinstatement', async () => {
    const prefix = uniquePrefix();
    const keys = [{ id: 'k1', provider: 'openai' }];
    const first = await replica(prefix, keys);
    const second = await replica(prefix, keys);
    leaseNow(first, ROUTE).failure({
      status: 401,
      body: { error: { code: 'invalid_api_key', message: 'bad' } },
    });
    await eventually(() => expect(second.snapshot()[0]?.status).toBe('auth_failed'));
    second.reinstate('k1');
    await eventually(() => expect(first.snapshot()[0]?.status).toBe('ready'));
    const late = await replica(prefix, keys);
    expect(late.snapshot()[0]?.status).toBe('ready');
  });

  it('count requests in flight on both against a key’s concurrency limit', async () => {
    const prefix = uniquePrefix();
    const keys = [{ id: 'k1', provider: 'openai', maxConcurrency: 1 }];
    const first = await replica(prefix, keys);
    const second = await replica(prefix, keys);
    const held = leaseNow(first, ROUTE);
    await eventually(async () => expect(await refusesAsBusy(second)).toBe(true));
    held.success();
    await eventually(async () => expect(await refusesAsBusy(second)).toBe(false));
  });

  it('share a daily quota: usage on one replica exhausts the key on the other', async () => {
    const prefix = uniquePrefix();
    const keys = [{ id: 'k1', provider: 'openai', dailyRequestQuota: 3 }];
    const first = await replica(prefix, keys);
    const second = await replica(prefix, keys);
    leaseNow(first, ROUTE).success();
    leaseNow(first, ROUTE).success();
    await eventually(() => expect(first.snapshot()[0]?.quota?.requests).toBe(2));
    leaseNow(second, ROUTE).success();
    await eventually(() => expect(second.snapshot()[0]?.status).toBe('exhausted'));
    await eventually(() => expect(first.snapshot()[0]?.status).toBe('exhausted'));
  });

  it('give a replica that starts later the cooldowns in force, keeping the longer of two', async () => {
    const prefix = uniquePrefix();
    const keys = [{ id: 'k1', provider: 'openai' }];
    const first = await replica(prefix, keys);
    const second = await replica(prefix, keys);
    const one = leaseNow(first, ROUTE);
    const two = leaseNow(second, ROUTE);
    one.failure({ status: 429, headers: { 'retry-after': '60' } });
    await eventually(() => expect(second.snapshot()[0]?.models[0]?.status).toBe('cooling'));
    two.failure({ status: 429, headers: { 'retry-after': '5' } });
    leaseNow(first, 'openai/gpt-4o-mini').failure({ status: 402 });
    await eventually(() => expect(second.snapshot()[0]?.status).toBe('cooling'));

    const late = await replica(prefix, keys);
    const view = late.snapshot()[0];
    expect(view).toMatchObject({ status: 'cooling', reason: 'billing' });
    expect(view?.models.find((model) => model.model === 'gpt-4o')?.cooldownUntil).toBeGreaterThan(
      Date.now() + 50_000,
    );
  });

  it('forget the requests in flight of a replica that shut down', async () => {
    const prefix = uniquePrefix();
    const keys = [{ id: 'k1', provider: 'openai', maxConcurrency: 1 }];
    const leaving = await replica(prefix, keys);
    const staying = await replica(prefix, keys);
    leaseNow(leaving, ROUTE);
    await eventually(async () => expect(await refusesAsBusy(staying)).toBe(true));
    await leaving.close();
    await eventually(async () => expect(await refusesAsBusy(staying)).toBe(false));
  });

  it('reset a key on every replica, and leave no rest for a replica that starts later', async () => {
    const prefix = uniquePrefix();
    const keys = [{ id: 'k1', provider: 'openai' }];
    const resetting = await replica(prefix, keys);
    const otherEvents: PoolEvent[] = [];
    const other = await replica(prefix, keys, otherEvents);
    leaseNow(other, ROUTE).failure({ status: 429, headers: { 'retry-after': '600' } });
    leaseNow(other, 'openai/gpt-4o-mini').failure({
      status: 402,
      body: { error: { message: 'Your credit balance is too low' } },
    });
    await eventually(() => expect(resetting.snapshot()[0]?.status).toBe('cooling'));

    expect(resetting.resetKey('k1')).toBe(true);
    await nextEvent(otherEvents, (event) => event.type === 'key_reset' && event.source === 'remote');
    expect(other.snapshot()[0]).toMatchObject({ status: 'ready', cooldownUntil: null });
    expect(leaseNow(other, ROUTE).keyId).toBe('k1');
    const late = await replica(prefix, keys);
    expect(late.snapshot()[0]).toMatchObject({ status: 'ready', cooldownUntil: null });
    expect(leaseNow(late, ROUTE).keyId).toBe('k1');
  });

  it('share the last rate-limit headers seen for a key', async () => {
    const prefix = uniquePrefix();
    const keys = [{ id: 'k1', provider: 'openai' }];
    const seeing = await replica(prefix, keys);
    const asking = await replica(prefix, keys);
    expect(await asking.lastSeenLimits('k1')).toBeNull();
    leaseNow(seeing, ROUTE).success(undefined, {
      'x-ratelimit-limit-requests': '10000',
      'x-ratelimit-remaining-requests': '9999',
    });
    let seen: Awaited<ReturnType<KeyPool['lastSeenLimits']>> = null;
    for (let attempt = 0; attempt < 100 && seen === null; attempt += 1) {
      seen = await asking.lastSeenLimits('k1');
      if (seen === null) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seen).toMatchObject({
      model: 'gpt-4o',
      windows: [{ name: 'requests', limit: 10000, remaining: 9999, resetAt: null }],
    });
  });
});
