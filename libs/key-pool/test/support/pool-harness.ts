import type { PoolEvent } from '../../src/events.js';
import type { KeyConfig } from '../../src/key-config.js';
import { KeyPool, type KeyPoolOptions } from '../../src/key-pool.js';
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
