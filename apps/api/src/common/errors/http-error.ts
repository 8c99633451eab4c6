/** The OpenAI error `type`s we answer with; SDKs map them to their own exception classes. */
export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'conflict_error'
  | 'request_too_large'
  | 'insufficient_quota'
  | 'rate_limit_error'
  | 'api_error'
  | 'upstream_error'
  | 'timeout_error'
  | 'service_unavailable';

export interface HttpError {
  status: number;
  type: ErrorType;
  code: string;
  message: string;
  param?: string | null;
  headers?: Record<string, string>;
  /** Fields a client can act on, added inside `error` next to the standard ones (e.g. which budget refused). */
  details?: Record<string, unknown>;
}

/** Implemented by each module's exception class; the global filter turns it into the response. */
export interface MapsToHttpError {
  toHttpError(): HttpError;
}

export function mapsToHttpError(error: unknown): error is MapsToHttpError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as MapsToHttpError).toHttpError === 'function'
  );
}

/** The one error body of the whole API, data plane and control plane alike: OpenAI's shape. */
export function errorBody(error: Pick<HttpError, 'type' | 'code' | 'message' | 'param' | 'details'>) {
  return {
    error: {
      ...error.details,
      message: error.message,
      type: error.type,
      code: error.code,
      param: error.param ?? null,
    },
  };
}
