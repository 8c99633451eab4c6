/** What went wrong with an upstream call, in the terms the pool acts on. */
export type ErrorClass =
  | 'rate_limit'
  | 'quota_exhausted'
  | 'billing'
  | 'auth'
  | 'forbidden'
  | 'model_not_found'
  | 'bad_request'
  | 'server'
  | 'timeout';

/** Which state a failure cools: one key × model, the whole key, or nothing (the client's own fault). */
export type FailureScope = 'key_model' | 'key' | 'none';

export type HeaderBag = Record<string, string | string[] | undefined>;

/** Everything known about a failed upstream call, before classification. */
export interface UpstreamFailure {
  status?: number;
  headers?: HeaderBag;
  /** The parsed JSON error body, or the raw text when it was not JSON. */
  body?: unknown;
  /** Set when no HTTP answer arrived: ECONNREFUSED, ECONNRESET, ETIMEDOUT, UND_ERR_*, AbortError… */
  networkError?: { code?: string; name?: string; message: string };
}

export interface ClassifiedError {
  errorClass: ErrorClass;
  /** Whether another key may succeed where this one failed. */
  rotate: boolean;
  scope: FailureScope;
  /** The upstream's own hint of when to try again, if it gave one. */
  retryAfterMs?: number;
  /** A short human-readable reason, safe to log and show (never contains a secret). */
  message: string;
  /** The HTTP status of the failed answer, when there was one. */
  status?: number;
  /** The provider's own error code or type, e.g. `insufficient_quota`, `overloaded_error`, `RESOURCE_EXHAUSTED`. */
  providerCode?: string;
}
