import { describe, expect, it } from '@jest/globals';
import { findExhaustedWindows, readRateLimitWindows } from './rate-limit-headers.js';

const NOW = Date.parse('2030-01-01T12:00:00.000Z');

describe('rate-limit windows', () => {
  it('reads OpenAI, Anthropic and OpenRouter headers in any case', () => {
    const windows = readRateLimitWindows(
      {
        'X-RateLimit-Remaining-Requests': '0',
        'x-ratelimit-reset-requests': '1m30s',
        'anthropic-ratelimit-input-tokens-remaining': '120',
        'anthropic-ratelimit-input-tokens-reset': '2030-01-01T12:00:05Z',
        'x-ratelimit-remaining': '7',
        'x-ratelimit-reset': String(NOW + 2_000),
        'x-ratelimit-limit-requests': '500',
      },
      NOW,
    );
    expect(Object.fromEntries(windows)).toEqual({
      requests: { limit: 500, remaining: 0, resetInMs: 90_000 },
      'input-tokens': { remaining: 120, resetInMs: 5_000 },
      '': { remaining: 7, resetInMs: 2_000 },
    });
    expect(findExhaustedWindows(windows)).toEqual({ resetInMs: 90_000 });
  });

  it('finds nothing exhausted while every window has room', () => {
    const windows = readRateLimitWindows(
      { 'x-ratelimit-remaining-tokens': '10', 'x-ratelimit-reset-tokens': '1s' },
      NOW,
    );
    expect(findExhaustedWindows(windows)).toBeUndefined();
  });
});
