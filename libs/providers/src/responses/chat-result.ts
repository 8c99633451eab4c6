import type { NormalizedUsage } from '../usage/normalized-usage.js';

/**
 * The provider-neutral shape of a chat answer. Every upstream format decodes into it and every client format
 * encodes from it, so n upstream formats and m client formats need n + m converters instead of n × m.
 */
export type FinishReason = 'stop' | 'stop_sequence' | 'length' | 'tool_calls' | 'content_filter';

export interface ChatToolCall {
  id: string;
  name: string;
  /** JSON text, as OpenAI carries it; formats that want an object parse it on encoding. */
  arguments: string;
}

export interface ChatChoice {
  index: number;
  text: string;
  toolCalls: ChatToolCall[];
  finishReason: FinishReason | null;
  stopSequence?: string;
}

export interface ChatResult {
  id: string;
  model: string;
  /** Unix seconds. */
  created: number;
  choices: ChatChoice[];
  usage?: NormalizedUsage;
}
