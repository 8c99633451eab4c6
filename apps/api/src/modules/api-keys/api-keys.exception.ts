import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum ApiKeysErrorCode {
  NotFound = 'api_key_not_found',
  RoleTooHigh = 'role_too_high',
  TeamRoleNotAllowed = 'team_role_not_allowed',
  ExpiryInPast = 'expiry_in_past',
}

export class ApiKeysException extends Error implements MapsToHttpError {
  constructor(
    readonly code: ApiKeysErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case ApiKeysErrorCode.NotFound:
        return { ...base, status: 404, type: 'not_found_error' };
      case ApiKeysErrorCode.RoleTooHigh:
        return { ...base, status: 403, type: 'permission_error' };
      case ApiKeysErrorCode.TeamRoleNotAllowed:
      case ApiKeysErrorCode.ExpiryInPast:
        return { ...base, status: 400, type: 'invalid_request_error' };
    }
  }
}
