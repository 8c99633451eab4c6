import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum KeyOperationsErrorCode {
  NotInPool = 'key_not_in_pool',
  RefreshForbidden = 'forbidden',
}

export class KeyOperationsException extends Error implements MapsToHttpError {
  constructor(
    readonly code: KeyOperationsErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case KeyOperationsErrorCode.NotInPool:
        return { ...base, status: 409, type: 'conflict_error' };
      case KeyOperationsErrorCode.RefreshForbidden:
        return { ...base, status: 403, type: 'permission_error' };
    }
  }
}
