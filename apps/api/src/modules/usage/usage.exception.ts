import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum UsageErrorCode {
  KeysNotVisible = 'keys_not_visible',
}

export class UsageException extends Error implements MapsToHttpError {
  constructor(
    readonly code: UsageErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case UsageErrorCode.KeysNotVisible:
        return { ...base, status: 403, type: 'permission_error' };
    }
  }
}
