import { describe, expect, it } from '@jest/globals';
import { parseRetryAfterSeconds, toApiError } from './api-errors';

describe('parseRetryAfterSeconds', () => {
  const now = new Date('2026-11-22T10:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfterSeconds('900', now)).toBe(900);
  });

  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfterSeconds('Sun, 22 Nov 2026 10:15:00 GMT', now)).toBe(900);
  });

  it('never goes negative for a date in the past', () => {
    expect(parseRetryAfterSeconds('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores missing and malformed values', () => {
    expect(parseRetryAfterSeconds(null, now)).toBeNull();
    expect(parseRetryAfterSeconds('soon', now)).toBeNull();
    expect(parseRetryAfterSeconds('-5', now)).toBeNull();
  });
});

describe('toApiError', () => {
  it("parses the API's error envelope", async () => {
    const response = Response.json(
      {
        error: { message: 'Too many attempts', type: 'rate_limit_error', code: 'login_locked', param: null },
      },
      { status: 429, headers: { 'retry-after': '120' } },
    );
    const error = await toApiError(response);
    expect(error).toMatchObject({
      status: 429,
      message: 'Too many attempts',
      type: 'rate_limit_error',
      code: 'login_locked',
      param: null,
      retryAfterSeconds: 120,
    });
  });

  it('keeps the status when something other than the API answered', async () => {
    const response = new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' });
    const error = await toApiError(response);
    expect(error).toMatchObject({ status: 502, message: 'HTTP 502 Bad Gateway', type: null, code: null });
  });
});
