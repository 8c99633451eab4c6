import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum ProxyTokensErrorCode {
  TokenNotFound = 'token_not_found',
  NotTeamAdmin = 'not_team_admin',
  TokenRevoked = 'token_revoked',
  TokenExpired = 'token_expired',
  TokenMalformed = 'token_malformed',
}

export class ProxyTokensException extends Error implements MapsToHttpError {
  constructor(
    readonly code: ProxyTokensErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case ProxyTokensErrorCode.TokenNotFound:
        return { ...base, status: 404, type: 'not_found_error' };
      case ProxyTokensErrorCode.NotTeamAdmin:
        return { ...base, status: 403, type: 'permission_error' };
      case ProxyTokensErrorCode.TokenMalformed:
        return { ...base, status: 400, type: 'invalid_request_error' };
      case ProxyTokensErrorCode.TokenRevoked:
      case ProxyTokensErrorCode.TokenExpired:
        return { ...base, status: 409, type: 'conflict_error' };
    }
  }
}
