import { type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum RequestBodiesErrorCode {
  BodyNotFound = 'request_body_not_found',
}

export class RequestBodiesException extends Error implements MapsToHttpError {
  constructor(
    readonly code: RequestBodiesErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param };
    switch (this.code) {
      case RequestBodiesErrorCode.BodyNotFound:
        return { ...base, status: 404, type: 'not_found_error' };
    }
  }
}
