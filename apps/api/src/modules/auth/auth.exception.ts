import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum AuthErrorCode {
  InvalidCredentials = 'invalid_credentials',
  LockedOut = 'locked_out',
  TooManyAttempts = 'too_many_attempts',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  PasswordLoginDisabled = 'password_login_disabled',
  SessionNotFound = 'session_not_found',
  CurrentPasswordIncorrect = 'current_password_incorrect',
  NoPassword = 'no_password',
  NotAUser = 'not_a_user',
  CrossOrigin = 'cross_origin_request',
  UnsupportedMediaType = 'unsupported_media_type',
}

export class AuthException extends Error implements MapsToHttpError {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    readonly param: string | null = null,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case AuthErrorCode.InvalidCredentials:
      case AuthErrorCode.Unauthenticated:
        return { ...base, status: 401, type: 'authentication_error' };
      case AuthErrorCode.LockedOut:
      case AuthErrorCode.TooManyAttempts:
        return {
          ...base,
          status: 429,
          type: 'rate_limit_error',
          headers: { 'retry-after': String(this.retryAfterSeconds ?? 900) },
        };
      case AuthErrorCode.Forbidden:
      case AuthErrorCode.PasswordLoginDisabled:
      case AuthErrorCode.CrossOrigin:
      case AuthErrorCode.NotAUser:
        return { ...base, status: 403, type: 'permission_error' };
      case AuthErrorCode.SessionNotFound:
        return { ...base, status: 404, type: 'not_found_error' };
      case AuthErrorCode.CurrentPasswordIncorrect:
        return { ...base, status: 400, type: 'invalid_request_error' };
      case AuthErrorCode.NoPassword:
        return { ...base, status: 409, type: 'conflict_error' };
      case AuthErrorCode.UnsupportedMediaType:
        return { ...base, status: 415, type: 'invalid_request_error' };
    }
  }
}
