import type { HeaderBag, UpstreamFailure } from '@switchyard/key-pool';
import { type EventEmitter } from 'node:events';
import { type Dispatcher } from 'undici';
import { UpstreamError } from '../errors/upstream-error.js';
import { tryParseJson } from '../shared/json.js';
import type { UpstreamRequest } from '../provider-types.js';
import { networkFailure } from './network-failure.js';
import { sharedUpstreamAgent } from './upstream-agent.js';

/**
 * What aborts a call: an AbortSignal, or any emitter with `aborted` that emits `abort` once. undici takes either;
 * a gateway that needs one per request can skip the cost of an AbortController.
 */
export type CancelSignal = AbortSignal | (EventEmitter & { readonly aborted: boolean });

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
/** Ceiling for a buffered (non-stream) answer; larger answers are treated as a broken upstream. */
export const MAX_BUFFERED_BODY_BYTES = 64 * 1024 * 1024;
/** Error bodies are read only this far: enough for any provider's error JSON. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface UpstreamResponse {
  status: number;
  headers: HeaderBag;
  /** The raw body; iterate it for streams. Errors while iterating are network failures (see `networkFailure`). */
  body: AsyncIterable<Buffer>;
  /**
   * Hands each chunk of the body to `onChunk` as it arrives; a promise it returns holds the next chunk back until it
   * settles (back-pressure). Resolves at the body's end; rejects with what `onChunk` threw, or with the network
   * error (see `networkFailure`), and the body is dropped. Cheaper than iterating `body` with `for await`.
   */
  forEachChunk(onChunk: (chunk: Buffer) => void | Promise<void>): Promise<void>;
  /** Buffers the whole body. Throws {@link UpstreamError} if the connection fails or the body is too large. */
  readBody(maxBytes?: number): Promise<Buffer>;
  /** Drops the rest of the body so the socket can be reused. */
  discard(): Promise<void>;
}

/**
 * Makes one upstream call. Resolves as soon as the status and headers are in, whatever the status; rejects with
 * {@link UpstreamError} only when no HTTP answer arrived (refused, reset, timed out, aborted).
 */
export async function callUpstream(
  upstream: UpstreamRequest,
  options: UpstreamCallOptions = {},
): Promise<UpstreamResponse> {
  let response: Dispatcher.ResponseData;
  try {
    const dispatcher = options.dispatcher ?? sharedUpstreamAgent();
    response = await dispatcher.request({
      ...splitUrl(upstream.url),
      method: upstream.method,
      headers: upstream.headers,
      body: upstream.body,
      signal: options.signal,
      headersTimeout: options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
      bodyTimeout: options.bodyIdleTimeoutMs ?? DEFAULT_BODY_IDLE_TIMEOUT_MS,
    });
  } catch (error) {
    throw toUpstreamError(error);
  }
  const { body } = response;
  return {
    status: response.statusCode,
    headers: response.headers,
    body,
    forEachChunk: (onChunk) => forEachChunk(body, onChunk),
    readBody: (maxBytes = MAX_BUFFERED_BODY_BYTES) => readLimited(body, maxBytes),
    discard: async () => {
      try {
        await body.dump();
      } catch {
        // The socket is discarded anyway when draining fails.
      }
    },
  };
}

const MAX_SPLIT_URLS = 1_000;
const splitUrls = new Map<string, { origin: string; path: string }>();

/**
 * undici's `request(url)` parses the URL on every call; the gateway calls the same few upstream URLs over and
 * over, so their origin and path are split once and handed to the dispatcher directly.
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

function toUpstreamError(error: unknown): UpstreamError {
  const failure = networkFailure(error);
  return new UpstreamError(failure.networkError?.message ?? 'Upstream call failed', failure);
}

const ignoreLateError = () => undefined;

function forEachChunk(
  body: Dispatcher.ResponseData['body'],
  onChunk: (chunk: Buffer) => void | Promise<void>,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('close', onClose);
      body.off('error', onError);
      body.on('error', ignoreLateError);
      if (error === undefined) resolve();
      else {
        body.destroy();
        reject(error);
      }
    };
    const onData = (chunk: Buffer) => {
      let pending: void | Promise<void>;
      try {
        pending = onChunk(chunk);
      } catch (error) {
        settle(error);
        return;
      }
      if (pending === undefined) return;
      body.pause();
      pending.then(
        () => {
          if (!settled) body.resume();
        },
        (error: unknown) => settle(error),
      );
    };
    const onEnd = () => settle();
    const onError = (error: unknown) => settle(error);
    const onClose = () => settle(new Error('the upstream closed the stream before its end'));
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

/**
 * Collects a buffered answer with plain stream events: an async iterator over the body cost more than the rest
 * of reading it. Settles exactly once: the whole body, too large, a failed connection, or a body closed early.
 */
function readLimited(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const stop = () => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('close', onClose);
      // A body destroyed after settling still emits its error; it is answered already.
      body.off('error', onError);
      body.on('error', ignoreLateError);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        stop();
        body.destroy();
        reject(
          new UpstreamError(`The upstream answer exceeded ${maxBytes} bytes`, {
            status: 502,
            body: 'response too large',
          }),
        );
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total));
    };
    const onError = (error: unknown) => {
      stop();
      reject(toUpstreamError(error));
    };
    const onClose = () => onError(new Error('the upstream closed the answer before its end'));
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
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
