import type { UpstreamFailure } from '@switchyard/key-pool';
import type { TranslatedResponse } from './adapters/provider-adapter.js';
import type { UpstreamRequest } from './provider-types.js';
import type { StreamTranslator } from './streaming/stream-translator.js';

/**
 * One attempt at a client's request against one target: the upstream call to make and how to read its answer.
 * Every endpoint prepares one (`prepareChat` in either client format, `prepareEmbeddings`); the gateway's relay
 * calls, retries and streams any of them the same way.
 */
export interface Exchange {
  readonly request: UpstreamRequest;
  /** The upstream's 2xx body → the client's body and the usage. Throws `UpstreamError` on a body it cannot read. */
  translateResponse(raw: Buffer | string): TranslatedResponse;
  /** A fresh translator for the upstream's SSE body; absent for an endpoint that never streams. */
  createStreamTranslator?(): StreamTranslator;
  /**
   * The prompt's tokens, estimated from the request: what an upstream that received the prompt but never answered
   * (the client left, the gateway stopped) is charged for.
   */
  estimatePromptTokens?(): number;
  /** An upstream error answer in the client's format, for errors handed back to the client. */
  translateError(failure: UpstreamFailure): { status: number; body: Record<string, unknown> };
}
