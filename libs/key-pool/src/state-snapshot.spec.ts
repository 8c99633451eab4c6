import { describe, expect, it } from '@jest/globals';
import {
  createHarness,
  keyState,
  leaseNow,
  modelState,
  openAiKey,
  START,
} from '../test/support/pool-harness.js';
import { KEY_WIDE_MODEL, type PoolStateSnapshot } from './state-snapshot.js';

const ROUTE = 'openai/gpt-4o';
const KEYS = [openAiKey('a', { dailyRequestQuota: 100 }), openAiKey('b'), openAiKey('c')];

function busyPool() {
  const harness = createHarness(KEYS);
  const { pool } = harness;
  for (let index = 0; index < 6; index += 1)
    leaseNow(pool, ROUTE, { exclude: ['b', 'c'] }).success(undefined, undefined, 100 * (index + 1));
  leaseNow(pool, ROUTE, { exclude: ['b', 'c'] }).failure({ status: 500 });
  leaseNow(pool, ROUTE, { exclude: ['b', 'c'] }).failure({ status: 500 });
  leaseNow(pool, ROUTE, { exclude: ['b', 'c'] }).failure({ status: 429 });
  leaseNow(pool, 'openai/gpt-4o-mini', { exclude: ['a', 'c'] }).failure({ status: 402 });
  leaseNow(pool, ROUTE, { exclude: ['a', 'b'] }).failure({
    status: 401,
    body: { error: { code: 'invalid_api_key', message: 'no' } },
  });
  return harness;
}

describe('snapshotState / restoreState', () => {
  it('round-trips through JSON: cooldowns, disabled keys, escalation, breakers, counters and quota usage', () => {
    const before = busyPool();
    const saved = JSON.stringify(before.pool.snapshotState());

    const after = createHarness(KEYS);
    after.clock.advance(1_000);
    after.pool.restoreState(saved);
    const a = modelState(after.pool, 'a', 'gpt-4o');
    expect(a).toMatchObject({
      status: 'cooling',
      reason: 'rate_limit',
      cooldownUntil: START + 10_000,
      requests: 9,
      failures: 3,
      consecutiveFailures: 3,
      p50Ms: 300,
    });
    expect(keyState(after.pool, 'a').quota).toMatchObject({ requests: 9 });
    expect(keyState(after.pool, 'b')).toMatchObject({
      status: 'cooling',
      reason: 'billing',
      cooldownUntil: START + 5 * 3_600_000,
    });
    expect(keyState(after.pool, 'c')).toMatchObject({ status: 'auth_failed', reason: 'auth' });

    after.clock.advance(9_000);
    leaseNow(after.pool, ROUTE, { exclude: ['b', 'c'] }).failure({ status: 429 });
    expect(modelState(after.pool, 'a', 'gpt-4o').cooldownUntil).toBe(after.clock.now() + 30_000);
    expect(
      after.events.filter((event) => event.type === 'cooled' && event.source === 'restore'),
    ).toHaveLength(2);
  });

  it('keeps the breaker: the failures before the restart count toward opening it', () => {
    const before = createHarness([openAiKey('a')]);
    leaseNow(before.pool, ROUTE).failure({ status: 502 });
    leaseNow(before.pool, ROUTE).failure({ status: 502 });
    const after = createHarness([openAiKey('a')]);
    after.pool.restoreState(before.pool.snapshotState());
    leaseNow(after.pool, ROUTE).failure({ status: 502 });
    expect(modelState(after.pool, 'a', 'gpt-4o').status).toBe('cooling');
  });

  it('writes one row per key × model and one key-wide row per key, like the key_state_snapshots table', () => {
    const snapshot = busyPool().pool.snapshotState();
    expect(snapshot.version).toBe(1);
    const rowIds = snapshot.rows.map((row) => `${row.keyId}/${row.model}`).sort();
    expect(rowIds).toEqual(
      ['a/*', 'a/gpt-4o', 'b/*', 'b/gpt-4o-mini', 'c/*', 'c/gpt-4o'].map((id) =>
        id.replace('*', KEY_WIDE_MODEL),
      ),
    );
  });

  it('applies rows for keys that arrive later', () => {
    const saved = busyPool().pool.snapshotState();
    const after = createHarness([]);
    after.pool.restoreState(saved);
    after.pool.addKey(openAiKey('c'));
    expect(keyState(after.pool, 'c').status).toBe('auth_failed');
  });

  it('skips cooldowns that ended and never shortens a running one', () => {
    const saved = busyPool().pool.snapshotState();
    const late = createHarness(KEYS);
    late.clock.advance(60_000);
    late.pool.restoreState(saved);
    expect(modelState(late.pool, 'a', 'gpt-4o').status).toBe('ready');

    const longer = createHarness(KEYS);
    leaseNow(longer.pool, ROUTE, { exclude: ['b', 'c'] }).failure({
      status: 429,
      headers: { 'retry-after': '600' },
    });
    longer.pool.restoreState(saved);
    expect(modelState(longer.pool, 'a', 'gpt-4o').cooldownUntil).toBe(START + 600_000);
  });

  it('drops quota usage of an earlier day', () => {
    const saved = busyPool().pool.snapshotState();
    const nextDay = createHarness(KEYS);
    nextDay.clock.advance(24 * 3_600_000);
    nextDay.pool.restoreState(saved);
    expect(keyState(nextDay.pool, 'a').quota).toMatchObject({ requests: 0 });
  });

  it('refuses snapshots it does not understand', () => {
    const { pool } = createHarness(KEYS);
    expect(() =>
      pool.restoreState({ version: 2, takenAt: 0, rows: [] } as unknown as PoolStateSnapshot),
    ).toThrow(TypeError);
    expect(() => pool.restoreState('{"version":1}')).toThrow(TypeError);
    pool.restoreState({
      version: 1,
      takenAt: 0,
      rows: [
        { keyId: 'a', model: 'gpt-4o', state: null },
        {
          keyId: 'a',
          model: 'gpt-4o',
          state: { cooldownUntil: 'soon', cooldownReason: 'nonsense', requests: -5 },
        },
      ],
    } as unknown as PoolStateSnapshot);
    expect(modelState(pool, 'a', 'gpt-4o')).toMatchObject({ status: 'ready', requests: 0, reason: null });
  });
});

describe('snapshot for the dashboard', () => {
  it('describes every key and each of its models', () => {
    const { pool, clock } = createHarness([
      openAiKey('ready', { label: 'Team A', tier: 'daily' }),
      openAiKey('off', { status: 'disabled' }),
      openAiKey('spent', { dailyRequestQuota: 1 }),
    ]);
    leaseNow(pool, ROUTE, { exclude: ['ready'] }).success();
    const lease = leaseNow(pool, ROUTE);
    clock.advance(40);
    lease.success();
    const views = pool.snapshot();
    expect(views.find((view) => view.keyId === 'ready')).toEqual({
      keyId: 'ready',
      provider: 'openai',
      label: 'Team A',
      tier: 'daily',
      status: 'ready',
      cooldownUntil: null,
      reason: null,
      inFlight: 0,
      quota: null,
      models: [
        {
          model: 'gpt-4o',
          status: 'ready',
          cooldownUntil: null,
          reason: null,
          consecutiveFailures: 0,
          inFlight: 0,
          requests: 1,
          failures: 0,
          p50Ms: 40,
          p95Ms: 40,
        },
      ],
    });
    expect(views.find((view) => view.keyId === 'off')?.status).toBe('disabled');
    expect(views.find((view) => view.keyId === 'spent')).toMatchObject({
      status: 'exhausted',
      reason: 'quota_exhausted',
      models: [{ model: 'gpt-4o', status: 'exhausted' }],
    });
  });
});

describe('events', () => {
  it('reach every listener until it unsubscribes, even when one throws', () => {
    const { pool } = createHarness([openAiKey('a')]);
    const seen: string[] = [];
    const errors: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      pool.onEvent(() => {
        throw new Error('listener bug');
      });
      const unsubscribe = pool.onEvent((event) => seen.push(event.type));
      leaseNow(pool, ROUTE).failure({ status: 429 });
      unsubscribe();
      pool.reinstate('a');
    } finally {
      console.error = originalError;
    }
    expect(seen).toEqual(['cooled']);
    expect(errors).toHaveLength(2);
  });
});
