import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum RequestsErrorCode {
  KeysNotVisible = 'keys_not_visible',
  RequestNotFound = 'request_not_found',
}

export class RequestsException extends Error implements MapsToHttpError {
  constructor(
    readonly code: RequestsErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case RequestsErrorCode.KeysNotVisible:
        return { ...base, status: 403, type: 'permission_error' };
      case RequestsErrorCode.RequestNotFound:
        return { ...base, status: 404, type: 'not_found_error' };
    }
  }
}
