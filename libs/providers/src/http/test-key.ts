import { type ClassifiedError, classifyUpstreamError } from '@switchyard/key-pool';
import type { Dispatcher } from 'undici';
import { getProviderAdapter } from '../adapters/provider-adapters.js';
import type { KeyProbe } from '../adapters/provider-adapter.js';
import { redactFailure } from '../errors/redact.js';
import { UpstreamError } from '../errors/upstream-error.js';
import { tryParseJson } from '../shared/json.js';
import type { HeaderMap, ProviderTarget } from '../provider-types.js';
import { callUpstream, readUpstreamFailure } from './call-upstream.js';

export interface KeyTestOptions {
  /** `list_models` (default) costs nothing; `completion` spends one token but also proves quota and model access. */
  probe?: KeyProbe;
  timeoutMs?: number;
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
  /** Keep the parsed JSON body of a passing answer (the `key_info` probe's figures). */
  readBody?: boolean;
}

export interface KeyTestResult {
  ok: boolean;
  latencyMs: number;
  status?: number;
  /** The answer's headers, rate-limit headers included; absent when no answer came. */
  headers?: HeaderMap;
  /** The parsed body of a passing answer, with `readBody`. */
  body?: unknown;
  /** Why the key failed, classified; its message is safe to store and show. */
  error?: ClassifiedError;
}

const DEFAULT_KEY_TEST_TIMEOUT_MS = 15_000;
const MAX_KEY_INFO_BYTES = 64 * 1024;

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
      const result: KeyTestResult = {
        ok: true,
        latencyMs: 0,
        status: response.status,
        headers: response.headers,
      };
      if (options.readBody)
        result.body = tryParseJson((await response.readBody(MAX_KEY_INFO_BYTES)).toString('utf8'));
      else await response.discard();
      result.latencyMs = elapsed();
      return result;
    }
    const failure = await readUpstreamFailure(response);
    return {
      ok: false,
      latencyMs: elapsed(),
      status: response.status,
      headers: response.headers,
      error: classifyUpstreamError(redactFailure(failure, target.apiKey)),
    };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return {
      ok: false,
      latencyMs: elapsed(),
      error: classifyUpstreamError(redactFailure(error.failure, target.apiKey)),
    };
  }
}
