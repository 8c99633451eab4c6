import { describe, expect, it } from '@jest/globals';
import { keyHealth, keysNeedingAttention, LONG_COOLDOWN_MS } from './key-health';
import type { KeyState, ModelState } from '@switchyard/contracts';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

function model(name: string, overrides: Partial<ModelState> = {}): ModelState {
  return {
    model: name,
    status: 'ready',
    cooldownUntil: null,
    reason: null,
    consecutiveFailures: 0,
    inFlight: 0,
    requests: 0,
    failures: 0,
    p50Ms: null,
    p95Ms: null,
    requestsToday: 0,
    costUsd: 0,
    ...overrides,
  };
}

function key(overrides: Partial<KeyState> = {}): KeyState {
  return {
    keyId: 'k1',
    provider: 'openai',
    label: 'Key',
    last4: '0001',
    tier: 'primary',
    status: 'ready',
    cooldownUntil: null,
    reason: null,
    inFlight: 0,
    quota: null,
    models: [model('gpt-4o-mini')],
    ...overrides,
  };
}

describe('keyHealth', () => {
  it('reports a key-wide rest with its end', () => {
    const health = keyHealth(key({ status: 'cooling', cooldownUntil: at(60_000), reason: 'server' }), NOW);
    expect(health).toMatchObject({ status: 'cooling', until: at(60_000), reason: 'server' });
  });

  it('treats a key whose every model rests as cooling, until the first model is back', () => {
    const state = key({
      models: [
        model('a', { status: 'cooling', cooldownUntil: at(120_000), reason: 'rate_limit' }),
        model('b', { status: 'cooling', cooldownUntil: at(30_000), reason: 'rate_limit' }),
      ],
    });
    expect(keyHealth(state, NOW)).toMatchObject({ status: 'cooling', until: at(30_000), restingModels: 2 });
  });

  it('calls a key partly cooling when only some models rest', () => {
    const state = key({
      models: [
        model('a', { status: 'cooling', cooldownUntil: at(90_000), reason: 'rate_limit' }),
        model('b'),
      ],
    });
    expect(keyHealth(state, NOW)).toMatchObject({
      status: 'partly_cooling',
      until: at(90_000),
      restingModels: 1,
      totalModels: 2,
    });
  });

  it('ignores model cooldowns that have already ended', () => {
    const state = key({ models: [model('a', { status: 'cooling', cooldownUntil: at(-1000) })] });
    expect(keyHealth(state, NOW).status).toBe('ready');
  });

  it('does not invent a countdown for an auth failure', () => {
    expect(keyHealth(key({ status: 'auth_failed', reason: 'auth' }), NOW)).toMatchObject({
      status: 'auth_failed',
      until: null,
    });
  });

  it('says unknown when the pool has no state', () => {
    expect(keyHealth(undefined, NOW).status).toBe('unknown');
  });
});

describe('keysNeedingAttention', () => {
  it('lists refused, disabled, exhausted and long-cooling keys, worst first, and nothing else', () => {
    const states = [
      key({ keyId: 'ready' }),
      key({ keyId: 'short', status: 'cooling', cooldownUntil: at(LONG_COOLDOWN_MS - 1000) }),
      key({ keyId: 'long', status: 'cooling', cooldownUntil: at(LONG_COOLDOWN_MS + 1000) }),
      key({ keyId: 'off', status: 'disabled' }),
      key({ keyId: 'refused', status: 'auth_failed' }),
      key({ keyId: 'quota', status: 'exhausted', cooldownUntil: at(3_600_000) }),
    ];
    expect(keysNeedingAttention(states, NOW).map((item) => item.state.keyId)).toEqual([
      'refused',
      'quota',
      'long',
      'off',
    ]);
  });
});
