import { mapsToHttpError } from '../../common/errors/http-error.js';
import { ProxyErrorCode, ProxyException } from './proxy.exception.js';
import { type RelayRefusal } from './relay-result.js';

/*
 * Where every error of a /v1 request becomes its answer. Refusals of the admission steps are their modules' own
 * exceptions; a relay that gave up says why as data, turned into a ProxyException here. The exception filter
 * writes the body; the usage event records the status from the same exception.
 */

/** The error answered for a relay that gave up. */
export function refusalError(refusal: RelayRefusal): ProxyException {
  switch (refusal.reason) {
    case 'keys_unavailable':
      return new ProxyException(
        ProxyErrorCode.KeysCooling,
        `Every key for ${refusal.targets.join(' → ')} is ${refusal.busy ? 'at its concurrency limit' : 'cooling down'}; retry in ${refusal.retryAfterSeconds}s`,
        null,
        refusal.retryAfterSeconds,
      );
    case 'no_key':
      return new ProxyException(
        ProxyErrorCode.ModelNotFound,
        `No provider key serves ${refusal.targets.join(' or ')}`,
        'model',
      );
    case 'keys_disabled':
      return new ProxyException(
        ProxyErrorCode.NoKeyAvailable,
        'Every provider key for this model is disabled',
      );
    case 'unsupported':
      return new ProxyException(ProxyErrorCode.UnsupportedOperation, refusal.message, refusal.param);
    case 'no_attempt':
      return new ProxyException(ProxyErrorCode.NoKeyAvailable, 'No provider key is available for this model');
    case 'exhausted':
      return exhaustedError(refusal);
  }
}

function exhaustedError(refusal: Extract<RelayRefusal, { reason: 'exhausted' }>): ProxyException {
  const detail = refusal.message ? `: ${refusal.message}` : '';
  if (refusal.errorClass === 'rate_limit' || refusal.errorClass === 'quota_exhausted') {
    return new ProxyException(
      ProxyErrorCode.KeysCooling,
      `Every key for this model is rate-limited${detail}`,
      null,
      Math.max(1, Math.ceil((refusal.retryAfterMs ?? 1000) / 1000)),
    );
  }
  if (refusal.errorClass === 'timeout') {
    return new ProxyException(
      ProxyErrorCode.UpstreamTimeout,
      `The provider did not answer in time after ${refusal.attempts} attempt(s)`,
    );
  }
  return new ProxyException(
    ProxyErrorCode.UpstreamFailed,
    `The provider failed after ${refusal.attempts} attempt(s)${detail}${refusal.upstreamStatus ? ` (HTTP ${refusal.upstreamStatus})` : ''}`,
  );
}

/** The status an error is answered with, which its usage event records too. */
export function statusOf(error: unknown): number {
  return mapsToHttpError(error) ? error.toHttpError().status : 500;
}

/** The usage event's error class for a request the gateway refused before any upstream call. */
export function refusalClass(error: unknown): string {
  return error instanceof ProxyException ? error.code : 'refused';
}
