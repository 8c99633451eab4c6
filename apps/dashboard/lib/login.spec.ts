import { describe, expect, it } from '@jest/globals';
import { ApiError, ApiUnexpectedResponseError, ApiUnreachableError } from './api-errors';
import { describeLoginFailure } from './login';

const apiUrl = 'http://127.0.0.1:4000';

describe('describeLoginFailure', () => {
  it('says the credentials are wrong on 401 without hinting which one', () => {
    const error = new ApiError({ status: 401, message: 'Invalid credentials', type: 'authentication_error' });
    expect(describeLoginFailure(error, apiUrl)).toBe('Email or password is incorrect.');
  });

  it('turns Retry-After into whole minutes on 429', () => {
    const error = new ApiError({ status: 429, message: 'Locked', retryAfterSeconds: 14 * 60 + 1 });
    expect(describeLoginFailure(error, apiUrl)).toBe(
      'Too many failed sign-in attempts. Sign-in is locked; try again in 15 minutes.',
    );
  });

  it('never promises less than a minute', () => {
    const error = new ApiError({ status: 429, message: 'Locked', retryAfterSeconds: 5 });
    expect(describeLoginFailure(error, apiUrl)).toContain('try again in 1 minute.');
  });

  it('still explains a lock-out without Retry-After', () => {
    const error = new ApiError({ status: 429, message: 'Locked' });
    expect(describeLoginFailure(error, apiUrl)).toContain('try again later');
  });

  it('names the API address when it cannot be reached', () => {
    const error = new ApiUnreachableError(apiUrl, 'network');
    expect(describeLoginFailure(error, apiUrl)).toBe(
      'Cannot reach the Switchyard API at http://127.0.0.1:4000.',
    );
  });

  it('points at a version mismatch when the API has no login route', () => {
    const error = new ApiError({ status: 404, message: 'HTTP 404 Not Found' });
    expect(describeLoginFailure(error, apiUrl)).toContain('does not offer sign-in (HTTP 404)');
  });

  it('points at a version mismatch when the success body is not understood', () => {
    const error = new ApiUnexpectedResponseError('/admin/auth/login', 200);
    expect(describeLoginFailure(error, apiUrl)).toContain('does not understand');
  });

  it('does not leak server error details', () => {
    const error = new ApiError({ status: 500, message: 'relation "users" does not exist' });
    const message = describeLoginFailure(error, apiUrl);
    expect(message).toContain('HTTP 500');
    expect(message).not.toContain('relation');
  });

  it("passes on the API's own message for other client errors", () => {
    const error = new ApiError({ status: 403, message: 'This account is disabled' });
    expect(describeLoginFailure(error, apiUrl)).toBe('This account is disabled.');
  });

  it('rethrows errors that are not about the API', () => {
    const bug = new TypeError('undefined is not a function');
    expect(() => describeLoginFailure(bug, apiUrl)).toThrow(bug);
  });
});
