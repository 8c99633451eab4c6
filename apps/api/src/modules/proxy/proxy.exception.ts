import { type ErrorType, type HttpError, type MapsToHttpError } from '../../common/errors/http-error.js';

export enum ProxyErrorCode {
  MissingToken = 'missing_api_key',
  InvalidToken = 'invalid_api_key',
  InvalidRequest = 'invalid_request',
  ModelNotFound = 'model_not_found',
  ModelNotAllowed = 'model_not_allowed',
  ModelUnpriced = 'model_unpriced',
  UnsupportedOperation = 'unsupported_operation',
  UserRequired = 'user_required',
  RateLimited = 'rate_limit_exceeded',
  KeysCooling = 'keys_cooling_down',
  NoKeyAvailable = 'no_key_available',
  UpstreamFailed = 'upstream_error',
  UpstreamTimeout = 'upstream_timeout',
  ResponseNotFound = 'response_not_found',
  ShuttingDown = 'shutting_down',
  /** The database that remembers which key stored a response did not answer. */
  ResponseStoreUnavailable = 'response_store_unavailable',
}

/** A /v1 request refused by the gateway itself (upstream answers are relayed in the client's own format). */
export class ProxyException extends Error implements MapsToHttpError {
  constructor(
    readonly code: ProxyErrorCode,
    message: string,
    readonly param: string | null = null,
    readonly retryAfterSeconds?: number,
    /** Fields a client can act on, inside `error` (a token's rate limit: `scope`, `limit`, `window`). */
    readonly details?: Record<string, unknown>,
    /** Headers the answer carries besides `Retry-After` (a token's `x-ratelimit-*`). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    const base = { code: this.code, message: this.message, param: this.param, details: this.details };
    const retry =
      this.retryAfterSeconds === undefined && this.headers === undefined
        ? {}
        : {
            headers: {
              ...this.headers,
              ...(this.retryAfterSeconds === undefined
                ? {}
                : { 'retry-after': String(this.retryAfterSeconds) }),
            },
          };
    const as = (status: number, type: ErrorType): HttpError => ({ ...base, ...retry, status, type });
    switch (this.code) {
      case ProxyErrorCode.MissingToken:
      case ProxyErrorCode.InvalidToken:
        return as(401, 'authentication_error');
      case ProxyErrorCode.InvalidRequest:
      case ProxyErrorCode.ModelNotFound:
      case ProxyErrorCode.ModelNotAllowed:
      case ProxyErrorCode.ModelUnpriced:
      case ProxyErrorCode.UnsupportedOperation:
      case ProxyErrorCode.UserRequired:
        return as(400, 'invalid_request_error');
      case ProxyErrorCode.RateLimited:
      case ProxyErrorCode.KeysCooling:
        return as(429, 'rate_limit_error');
      case ProxyErrorCode.NoKeyAvailable:
      case ProxyErrorCode.ShuttingDown:
      case ProxyErrorCode.ResponseStoreUnavailable:
        return as(503, 'service_unavailable');
      case ProxyErrorCode.UpstreamFailed:
        return as(502, 'upstream_error');
      case ProxyErrorCode.ResponseNotFound:
        return as(404, 'not_found_error');
      case ProxyErrorCode.UpstreamTimeout:
        return as(504, 'timeout_error');
    }
  }
}
