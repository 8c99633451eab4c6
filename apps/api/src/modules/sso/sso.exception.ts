import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum SsoErrorCode {
  NotConfigured = 'sso_not_configured',
  Unavailable = 'sso_unavailable',
  Failed = 'sso_failed',
  Expired = 'sso_expired',
  NoRole = 'sso_no_role',
  NoEmail = 'sso_no_email',
  AccountDisabled = 'account_disabled',
  IdentityConflict = 'sso_identity_conflict',
}

export class SsoException extends Error implements MapsToHttpError {
  constructor(
    readonly code: SsoErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case SsoErrorCode.NotConfigured:
        return { ...base, status: 404, type: 'not_found_error' };
      case SsoErrorCode.Unavailable:
        return { ...base, status: 503, type: 'service_unavailable' };
      case SsoErrorCode.Failed:
      case SsoErrorCode.Expired:
        return { ...base, status: 400, type: 'invalid_request_error' };
      case SsoErrorCode.NoRole:
      case SsoErrorCode.NoEmail:
      case SsoErrorCode.AccountDisabled:
        return { ...base, status: 403, type: 'permission_error' };
      case SsoErrorCode.IdentityConflict:
        return { ...base, status: 409, type: 'conflict_error' };
    }
  }
}
