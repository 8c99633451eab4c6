import { describe, expect, it } from '@jest/globals';
import { type KeyStateItem } from '../api-responses.js';
import { cooldownText, formatKeyStateTable, formatReadiness } from './key-state-table.js';

const NOW = Date.parse('2026-01-01T12:00:00.000Z');
const inSeconds = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

const key = (overrides: Partial<KeyStateItem> = {}): KeyStateItem => ({
  keyId: '0c3f9a52-8d0e-4a57-9c7e-2f1f1a2b3c4d',
  provider: 'openai',
  label: 'team key',
  last4: 'wxyz',
  tier: 'primary',
  status: 'ready',
  cooldownUntil: null,
  reason: null,
  models: [],
  ...overrides,
});

const model = (name: string, cooldownUntil: string | null, reason: string | null = 'rate_limit') => ({
  model: name,
  status: cooldownUntil ? 'cooling' : 'ready',
  cooldownUntil,
  reason,
});

describe('formatKeyStateTable', () => {
  it('shows one aligned row per key with the whole id, since `switchyard test` takes it', () => {
    const table = formatKeyStateTable(
      [
        key(),
        key({
          keyId: '9d1e2f30-0000-4000-8000-000000000001',
          provider: 'anthropic',
          label: 'a label that is much longer than the column allows',
          last4: null,
          tier: 'fallback',
          status: 'cooling',
          cooldownUntil: inSeconds(90),
          reason: 'server',
        }),
      ],
      NOW,
    );
    expect(table.split('\n')).toEqual([
      'ID                                    PROVIDER   LABEL                         LAST4  TIER      STATUS   COOLDOWN',
      '0c3f9a52-8d0e-4a57-9c7e-2f1f1a2b3c4d  openai     team key                      wxyz   primary   ready    -',
      '9d1e2f30-0000-4000-8000-000000000001  anthropic  a label that is much longer…         fallback  cooling  1m 30s (server)',
    ]);
  });

  it('says how to add keys when there are none', () => {
    expect(formatKeyStateTable([], NOW)).toBe(
      'No provider keys yet. Add some with: switchyard import <file>',
    );
  });
});

describe('cooldownText', () => {
  it('prefers the key-wide rest over model cooldowns', () => {
    const item = key({
      cooldownUntil: inSeconds(3600),
      reason: 'quota_exhausted',
      models: [model('gpt-4o', inSeconds(5))],
    });
    expect(cooldownText(item, NOW)).toBe('1h 00m (quota_exhausted)');
  });

  it('otherwise names the model that recovers first and counts the others', () => {
    const item = key({
      models: [
        model('gpt-4o', inSeconds(300)),
        model('gpt-4o-mini', inSeconds(12)),
        model('o3', null),
        model('gpt-5', inSeconds(40), null),
      ],
    });
    expect(cooldownText(item, NOW)).toBe('gpt-4o-mini 12s (rate_limit) +2 more');
  });

  it('ignores cooldowns already over', () => {
    expect(
      cooldownText(key({ cooldownUntil: inSeconds(-1), models: [model('x', inSeconds(-30))] }), NOW),
    ).toBe('-');
  });
});

describe('formatReadiness', () => {
  it('reads the checks as words', () => {
    expect(
      formatReadiness(
        'http://127.0.0.1:4000',
        { status: 'ok', checks: { database: 'ok', redis: 'not_configured', shutdown: false } },
        200,
      ),
    ).toBe('API http://127.0.0.1:4000: ready (database ok, redis not configured)');
    expect(
      formatReadiness(
        'http://gw',
        { status: 'unavailable', checks: { database: 'down', redis: 'ok', shutdown: false } },
        503,
      ),
    ).toBe('API http://gw: not ready (database down, redis ok)');
    expect(
      formatReadiness(
        'http://gw',
        { status: 'unavailable', checks: { database: 'ok', shutdown: true } },
        503,
      ),
    ).toBe('API http://gw: shutting down (database ok)');
  });
});
