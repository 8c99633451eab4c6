import type { UpstreamFailure } from '@switchyard/key-pool';
import type { ClientError } from '../errors/client-errors.js';
import type { ClientFormat, ProviderType } from '../provider-types.js';
import type { NormalizedUsage } from '../usage/normalized-usage.js';

/**
 * Turns an upstream's SSE body into the client's SSE body, chunk by chunk, and keeps count of the usage.
 *
 * The gateway writes whatever `push` returns (skipping empty results), then `finish()` once the upstream body
 * ends, or `fail()` if it broke off (network error, idle timeout, abort).
 */
export interface StreamTranslator {
  /** Client-format bytes to write now; may be empty while an event is incomplete. */
  push(chunk: Buffer | string): Buffer | string;
  /**
   * The closing bytes once the upstream body has ended. If the upstream stopped before its terminal event, this is
   * the client-format error event instead, and {@link completed} stays false.
   */
  finish(): Buffer | string;
  /** The client-format error event for a stream that broke off; empty if the client already received one. */
  fail(error: ClientError): string;
  /** Usage as reported by the upstream, or estimated (`estimated: true`) when it reported none. */
  usage(): NormalizedUsage;
  /** Whether the upstream reached its normal end (`[DONE]`, `message_stop`, a finish reason). */
  readonly completed: boolean;
  /** An error event the upstream sent inside the stream, for the key pool to classify. */
  readonly upstreamError: UpstreamFailure | undefined;
  /** The id under which the upstream stored the streamed answer (the Responses API), once it said so. */
  readonly storedResponseId?: string;
}

export interface StreamContext {
  client: ClientFormat;
  upstream: ProviderType;
  /** OpenAI clients get the usage chunk only if they asked with `stream_options.include_usage`. */
  clientWantsUsage: boolean;
  /** Reported as the model when the upstream names none (Gemini streams sometimes omit it). */
  model: string;
  /** Called only when the upstream reports no usage. */
  estimatePromptTokens(): number;
  /** Strips secrets from upstream error text before it reaches the client. */
  redact(text: string): string;
}
