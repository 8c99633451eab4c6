import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum AuthErrorCode {
  InvalidCredentials = 'invalid_credentials',
  LockedOut = 'locked_out',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
}

export class AuthException extends Error implements MapsToHttpError {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message };
    switch (this.code) {
      case AuthErrorCode.InvalidCredentials:
      case AuthErrorCode.Unauthenticated:
        return { ...base, status: 401, type: 'authentication_error' };
      case AuthErrorCode.LockedOut:
        return {
          ...base,
          status: 429,
          type: 'rate_limit_error',
          headers: { 'retry-after': String(this.retryAfterSeconds ?? 900) },
        };
      case AuthErrorCode.Forbidden:
        return { ...base, status: 403, type: 'permission_error' };
    }
  }
}
