/** Base class of the errors the pool itself throws (as opposed to upstream failures). */
export class KeyPoolError extends Error {
  override name = 'KeyPoolError';
}

export type NoKeyReason =
  /** No key of the route's providers serves its models. */
  | 'no_key'
  /** Keys exist but are disabled or waiting for an admin re-test after an auth failure. */
  | 'all_disabled'
  /** Every key that could serve has already been tried for this request. */
  | 'all_excluded';

/** Nothing will serve this route without outside help: the gateway answers 503 (or the last upstream error). */
export class NoKeyForRouteError extends KeyPoolError {
  override name = 'NoKeyForRouteError';

  constructor(
    readonly targets: readonly string[],
    readonly reason: NoKeyReason,
  ) {
    super(`No key can serve ${targets.join(' → ')} (${reason.replace('_', ' ')})`);
  }
}

export type UnavailableReason =
  /** Every candidate key is resting after failures or rate-limit signals. */
  | 'cooling'
  /** Every candidate key is over its daily quota. */
  | 'exhausted'
  /** Every candidate key is at its concurrency limit. */
  | 'busy';

/** Keys exist but none can take a request before `retryAt`: the gateway answers 429 with `Retry-After`. */
export class KeysUnavailableError extends KeyPoolError {
  override name = 'KeysUnavailableError';

  constructor(
    readonly targets: readonly string[],
    readonly reason: UnavailableReason,
    /** Epoch ms of the earliest expected recovery. */
    readonly retryAt: number,
    /** Milliseconds from when it was thrown until `retryAt`, rounded up to whole seconds for `Retry-After`. */
    readonly retryAfterMs: number,
  ) {
    super(`All keys for ${targets.join(' → ')} are ${reason}; retry in ${Math.ceil(retryAfterMs / 1000)}s`);
  }

  /** The value of a `Retry-After` header, in whole seconds. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.retryAfterMs / 1000));
  }
}

/** The caller's abort signal fired while the request was waiting for a key. */
export class AcquireAbortedError extends KeyPoolError {
  override name = 'AcquireAbortedError';

  constructor(readonly reason?: unknown) {
    super('Waiting for a key was aborted');
  }
}

export class PoolClosedError extends KeyPoolError {
  override name = 'PoolClosedError';

  constructor() {
    super('The key pool is closed');
  }
}
