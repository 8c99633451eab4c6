import { describe, expect, it } from '@jest/globals';
import { ApiError, ApiUnreachableError } from './api-errors';
import { describeError } from './describe-error';

describe('describeError', () => {
  it('passes the API message on as a sentence', () => {
    expect(
      describeError(new ApiError({ status: 409, message: 'This key is already stored for openai' })),
    ).toBe('This key is already stored for openai.');
  });

  it('says when to retry a rate-limited call', () => {
    expect(describeError(new ApiError({ status: 429, message: 'Slow down', retryAfterSeconds: 12 }))).toBe(
      'Slow down. Try again in 12 s.',
    );
  });

  it('blames the API, with its status, for a server error', () => {
    expect(describeError(new ApiError({ status: 503, message: 'database unavailable' }))).toBe(
      'The Switchyard API failed (HTTP 503): Database unavailable.',
    );
  });

  it('explains an unreachable API', () => {
    expect(describeError(new ApiUnreachableError('http://127.0.0.1:4000', 'timeout'))).toBe(
      'The Switchyard API at http://127.0.0.1:4000 did not answer in time.',
    );
  });
});
