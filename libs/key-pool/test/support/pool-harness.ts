import type { PoolEvent } from '../../src/events.js';
import type { ExcludedKey } from '../../src/exclusion.js';
import type { KeyConfig } from '../../src/key-config.js';
import { type AcquireOptions, KeyPool, type KeyPoolOptions } from '../../src/key-pool.js';
import type { Lease } from '../../src/lease.js';
import type { RouteInput } from '../../src/route.js';
import { ManualClock } from './manual-clock.js';

export const START = Date.parse('2030-01-01T12:00:00.000Z');

export interface Harness {
  pool: KeyPool;
  clock: ManualClock;
  events: PoolEvent[];
}

/** A pool on a hand-moved clock that records every event it emits. */
export function createHarness(
  keys: readonly KeyConfig[],
  options: Omit<KeyPoolOptions, 'keys' | 'clock'> = {},
): Harness {
  const clock = new ManualClock(START);
  const events: PoolEvent[] = [];
  const pool = new KeyPool({ ...options, keys, clock, onEvent: (event) => events.push(event) });
  return { pool, clock, events };
}

export function openAiKey(id: string, overrides: Partial<KeyConfig> = {}): KeyConfig {
  return { id, provider: 'openai', ...overrides };
}

/** The key × model state of one key as the dashboard sees it. */
export function modelState(pool: KeyPool, keyId: string, model: string) {
  const key = pool.snapshot().find((view) => view.keyId === keyId);
  const state = key?.models.find((view) => view.model === model);
  if (!state) throw new Error(`No state for ${keyId} × ${model}`);
  return state;
}

export function keyState(pool: KeyPool, keyId: string) {
  const key = pool.snapshot().find((view) => view.keyId === keyId);
  if (!key) throw new Error(`No key ${keyId}`);
  return key;
}

/** The lease the pool hands out right now, for a step that expects one. */
export function leaseNow(
  pool: KeyPool,
  route: RouteInput,
  options: { exclude?: Iterable<ExcludedKey> } = {},
): Lease {
  const lease = pool.tryAcquire(route, options);
  if (!lease) throw new Error(`No key is free for ${JSON.stringify(route)}`);
  return lease;
}

/** What `acquire` rejects with, for a step that expects no key; fails when a lease is handed out instead. */
export async function refusal(
  pool: KeyPool,
  route: RouteInput,
  options: AcquireOptions = {},
): Promise<unknown> {
  const lease = await pool.acquire(route, options).catch((error: unknown) => error);
  if (lease instanceof Error) return lease;
  throw new Error(`Expected no key for ${JSON.stringify(route)}, got ${JSON.stringify(lease)}`);
}
