import { type ClassifiedError, classifyUpstreamError } from '@switchyard/key-pool';
import type { Dispatcher } from 'undici';
import { getProviderAdapter } from '../adapters/provider-adapters.js';
import type { KeyProbe } from '../adapters/provider-adapter.js';
import { UpstreamError } from '../errors/upstream-error.js';
import type { ProviderTarget } from '../provider-types.js';
import { callUpstream, readUpstreamFailure } from './call-upstream.js';

export interface KeyTestOptions {
  /** `list_models` (default) costs nothing; `completion` spends one token but also proves quota and model access. */
  probe?: KeyProbe;
  timeoutMs?: number;
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
}

export interface KeyTestResult {
  ok: boolean;
  latencyMs: number;
  status?: number;
  /** Why the key failed, classified; its message is safe to store and show. */
  error?: ClassifiedError;
}

const DEFAULT_KEY_TEST_TIMEOUT_MS = 15_000;

/** Checks a key with one cheap live call to its provider. Never throws for upstream failures. */
export async function testKey(target: ProviderTarget, options: KeyTestOptions = {}): Promise<KeyTestResult> {
  const adapter = getProviderAdapter(target.type);
  const timeoutMs = options.timeoutMs ?? DEFAULT_KEY_TEST_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const startedAt = performance.now();
  const elapsed = (): number => Math.round(performance.now() - startedAt);
  try {
    const response = await callUpstream(adapter.buildKeyTestRequest(target, options.probe ?? 'list_models'), {
      signal,
      headersTimeoutMs: timeoutMs,
      bodyIdleTimeoutMs: timeoutMs,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    if (response.status >= 200 && response.status < 300) {
      await response.discard();
      return { ok: true, latencyMs: elapsed(), status: response.status };
    }
    const failure = await readUpstreamFailure(response);
    return {
      ok: false,
      latencyMs: elapsed(),
      status: response.status,
      error: classifyUpstreamError(failure),
    };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return { ok: false, latencyMs: elapsed(), error: classifyUpstreamError(error.failure) };
  }
}
