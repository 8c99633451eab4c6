import type { UpstreamFailure } from '@switchyard/key-pool';
import { redactSecrets } from '../errors/redact.js';
import { UpstreamError } from '../errors/upstream-error.js';
import { isRecord } from '../shared/json.js';

const MAX_CAUSE_DEPTH = 3;

/**
 * An error thrown while calling or reading an upstream (refused, reset, DNS, TLS, timeouts, abort) as an
 * {@link UpstreamFailure}. System codes are often on a `cause`, so the chain is searched for the first code.
 */
export function networkFailure(error: unknown): UpstreamFailure {
  let current: unknown = error;
  let code: string | undefined;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && isRecord(current) && code === undefined; depth++) {
    if (typeof current.code === 'string') code = current.code;
    current = current.cause;
  }
  // Duck-typed: abort reasons are DOMExceptions, and errors may come from another realm.
  const name = isRecord(error) && typeof error.name === 'string' ? error.name : undefined;
  const message = redactSecrets(
    isRecord(error) && typeof error.message === 'string' ? error.message : String(error),
  );
  return {
    networkError: {
      message,
      ...(code !== undefined ? { code } : {}),
      ...(name !== undefined ? { name } : {}),
    },
  };
}

/** The same error as an {@link UpstreamError}, for callers that answer with one. */
export function upstreamErrorFrom(error: unknown): UpstreamError {
  const failure = networkFailure(error);
  return new UpstreamError(failure.networkError?.message ?? 'Upstream call failed', failure);
}
