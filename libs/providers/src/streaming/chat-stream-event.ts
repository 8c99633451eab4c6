import type { ClientError } from '../errors/client-errors.js';
import type { FinishReason } from '../responses/chat-result.js';
import type { NormalizedUsage } from '../usage/normalized-usage.js';

/** A provider-neutral streaming step: upstream decoders produce these, client encoders consume them. */
export type ChatStreamEvent =
  | { type: 'start'; id: string; model: string; created: number }
  | { type: 'text'; choice: number; text: string }
  | { type: 'tool_call_start'; choice: number; index: number; id: string; name: string }
  | { type: 'tool_call_arguments'; choice: number; index: number; delta: string }
  | { type: 'finish'; choice: number; reason: FinishReason; stopSequence?: string }
  | { type: 'usage'; usage: NormalizedUsage }
  | { type: 'error'; body: unknown }
  /** The upstream's explicit terminal marker (`[DONE]`, `message_stop`). */
  | { type: 'end' };

export interface UpstreamStreamDecoder {
  decode(data: string, eventName: string | undefined): ChatStreamEvent[];
  /** Whether the stream so far amounts to a complete answer. */
  readonly complete: boolean;
}

export interface ClientStreamEncoder {
  encode(event: ChatStreamEvent): string;
  /** The closing events (usage, stop, `[DONE]`) once the answer is complete. */
  close(usage: NormalizedUsage): string;
  /** The error event of a broken-off stream, for formats whose events depend on what was sent before. */
  fail?(error: ClientError): string;
}
