import type { HeaderBag, UpstreamFailure } from '@switchyard/key-pool';
import { type Dispatcher, errors } from 'undici';
import { tryParseJson } from '../shared/json.js';
import type { UpstreamRequest } from '../provider-types.js';
import { UpstreamError } from '../errors/upstream-error.js';
import { upstreamErrorFrom } from './network-failure.js';
import { sharedUpstreamAgent } from './upstream-agent.js';
import { type CancelSignal, UpstreamExchange } from './upstream-exchange.js';

export { type CancelSignal, MAX_BUFFERED_BODY_BYTES } from './upstream-exchange.js';

export interface UpstreamCallOptions {
  /** Aborts the call and its body (client went away, overall deadline). */
  signal?: CancelSignal;
  /** Until the response headers arrive. Non-stream answers send headers only when generation is done. */
  headersTimeoutMs?: number;
  /** Longest silence between two body chunks; for streams, the gap between tokens. */
  bodyIdleTimeoutMs?: number;
  /** Defaults to the shared keep-alive agent (whose connect timeout applies). */
  dispatcher?: Dispatcher;
}

export const DEFAULT_HEADERS_TIMEOUT_MS = 300_000;
export const DEFAULT_BODY_IDLE_TIMEOUT_MS = 120_000;
/** Error bodies are read only this far: enough for any provider's error JSON. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface UpstreamResponse {
  status: number;
  headers: HeaderBag;
  /**
   * Hands each chunk of the body to `onChunk` as it arrives; a promise it returns holds the next chunk back until it
   * settles (back-pressure). Resolves at the body's end; rejects with what `onChunk` threw, or with the network
   * error (see `networkFailure`), and the body is dropped.
   */
  forEachChunk(onChunk: (chunk: Buffer) => void | Promise<void>): Promise<void>;
  /** Buffers the whole body. Throws {@link UpstreamError} if the connection fails or the body is too large. */
  readBody(maxBytes?: number): Promise<Buffer>;
  /** Drops the rest of the body so the socket can be reused. */
  discard(): Promise<void>;
}

/**
 * Makes one upstream call. Resolves as soon as the status and headers are in, whatever the status but a redirect;
 * rejects with {@link UpstreamError} when no HTTP answer arrived (refused, reset, timed out, aborted) and when the
 * answer is a 3xx: redirects are never followed (that would send the key to wherever they point), and relaying one
 * would hand the caller an empty answer, so a redirect is an upstream failure like a 502.
 */
export function callUpstream(
  upstream: UpstreamRequest,
  options: UpstreamCallOptions = {},
): Promise<UpstreamResponse> {
  return new Promise<UpstreamResponse>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(upstreamErrorFrom(new errors.RequestAbortedError()));
      return;
    }
    const exchange = new UpstreamExchange(
      (response) => {
        if (response.status < 300 || response.status >= 400) {
          resolve(response);
          return;
        }
        void response.discard().catch(() => undefined);
        reject(redirectRefused(response));
      },
      (error) => reject(upstreamErrorFrom(error)),
      options.signal,
    );
    try {
      const { origin, path } = splitUrl(upstream.url);
      (options.dispatcher ?? sharedUpstreamAgent()).dispatch(
        {
          origin,
          path,
          method: upstream.method,
          headers: upstream.headers,
          body: upstream.body,
          headersTimeout: options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
          bodyTimeout: options.bodyIdleTimeoutMs ?? DEFAULT_BODY_IDLE_TIMEOUT_MS,
        },
        exchange,
      );
    } catch (error) {
      exchange.release();
      reject(upstreamErrorFrom(error));
    }
  });
}

function redirectRefused(response: UpstreamResponse): UpstreamError {
  const message = `the provider answered ${response.status}, a redirect; check the provider's base URL`;
  return new UpstreamError(message, {
    status: 502,
    headers: response.headers,
    body: { error: { message, type: 'upstream_redirect' } },
  });
}

const MAX_SPLIT_URLS = 1_000;
const splitUrls = new Map<string, { origin: string; path: string }>();

/**
 * The gateway calls the same few upstream URLs over and over, so their origin and path are split once and handed
 * to the dispatcher directly.
 */
function splitUrl(url: string): { origin: string; path: string } {
  let split = splitUrls.get(url);
  if (split === undefined) {
    const parsed = new URL(url);
    split = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    if (splitUrls.size >= MAX_SPLIT_URLS) splitUrls.clear();
    splitUrls.set(url, split);
  }
  return split;
}

/** Reads a non-2xx answer into an {@link UpstreamFailure} for the classifier: status, headers, JSON body (or text). */
export async function readUpstreamFailure(response: UpstreamResponse): Promise<UpstreamFailure> {
  let text = '';
  try {
    text = (await response.readBody(MAX_ERROR_BODY_BYTES)).toString('utf8');
  } catch {
    // An error body cut short or oversized still leaves the status and headers to classify.
  }
  const parsed = tryParseJson(text);
  return { status: response.status, headers: response.headers, body: parsed === undefined ? text : parsed };
}
