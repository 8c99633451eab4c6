import type { HeaderBag, UpstreamFailure } from './error-class.js';
import type { ExcludedKey } from './exclusion.js';
import type { AcquireOptions, KeyPool } from './key-pool.js';
import type { Lease, TokenUsage } from './lease.js';
import { NoKeyForRouteError } from './pool-errors.js';
import type { RouteInput } from './route.js';
import {
  describeSuccessfulResult,
  upstreamFailureFromError,
  upstreamFailureFromResult,
} from './upstream-failure.js';

export interface RunOptions<T> extends AcquireOptions {
  /** Most keys tried for one call. Default 5. */
  maxAttempts?: number;
  /** Reads a thrown error as an upstream failure; `undefined` means it is not one, and it is rethrown untouched. */
  describeError?: (error: unknown) => UpstreamFailure | undefined;
  /** Reads a returned value as an upstream failure, e.g. a fetch `Response` with an error status. */
  describeResult?: (result: T) => UpstreamFailure | undefined | Promise<UpstreamFailure | undefined>;
  /** Usage and headers of a successful result, for token quotas and proactive cooling. */
  describeSuccess?: (result: T) => { usage?: TokenUsage; headers?: HeaderBag } | undefined;
}

type LastFailure<T> = { kind: 'thrown'; error: unknown } | { kind: 'returned'; result: T };

/**
 * Runs `call` with a leased key. A failure that another key may not repeat (rate limit, auth, server error…)
 * releases the lease as failed and tries the next key; a client error is returned or thrown as is. When every key
 * has been tried, the last upstream failure is what the caller gets.
 */
export async function runWithRotation<T>(
  pool: KeyPool,
  route: RouteInput,
  call: (lease: Lease) => Promise<T>,
  options: RunOptions<T> = {},
): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const describeError = options.describeError ?? upstreamFailureFromError;
  const describeResult = options.describeResult ?? upstreamFailureFromResult;
  const describeSuccess = options.describeSuccess ?? describeSuccessfulResult;
  const tried: ExcludedKey[] = options.exclude ? [...options.exclude] : [];
  let last: LastFailure<T> | undefined;

  for (let attempt = 1; ; attempt += 1) {
    let lease: Lease;
    try {
      lease = await pool.acquire(route, { ...options, exclude: tried });
    } catch (error) {
      if (last && error instanceof NoKeyForRouteError && error.reason === 'all_excluded') return giveUp(last);
      throw error;
    }

    let result: T;
    try {
      result = await call(lease);
    } catch (error) {
      const failure = options.signal?.aborted ? undefined : describeError(error);
      if (!failure) {
        lease.abort();
        throw error;
      }
      const classified = lease.failure(failure);
      if (!classified.rotate || attempt >= maxAttempts) throw error;
      tried.push(lease);
      last = { kind: 'thrown', error };
      continue;
    }

    let failure: UpstreamFailure | undefined;
    try {
      failure = await describeResult(result);
    } catch (error) {
      lease.abort();
      throw error;
    }
    if (failure) {
      const classified = lease.failure(failure);
      if (!classified.rotate || attempt >= maxAttempts) return result;
      tried.push(lease);
      last = { kind: 'returned', result };
      continue;
    }
    const success = describeSuccess(result);
    lease.success(success?.usage, success?.headers);
    return result;
  }
}

function giveUp<T>(last: LastFailure<T>): T {
  if (last.kind === 'returned') return last.result;
  throw last.error;
}
