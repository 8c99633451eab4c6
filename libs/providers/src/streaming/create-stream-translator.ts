import type { ProviderType } from '../provider-types.js';
import { AnthropicPassthroughStream } from './anthropic-passthrough-stream.js';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';
import { AnthropicStreamEncoder } from './anthropic-stream-encoder.js';
import type { ClientStreamEncoder, UpstreamStreamDecoder } from './chat-stream-event.js';
import { GeminiStreamDecoder } from './gemini-stream-decoder.js';
import { OpenAIPassthroughStream } from './openai-passthrough-stream.js';
import { OpenAIStreamDecoder } from './openai-stream-decoder.js';
import { OpenAIStreamEncoder } from './openai-stream-encoder.js';
import type { StreamContext, StreamTranslator } from './stream-translator.js';
import { TranslatingStream } from './translating-stream.js';

export function createUpstreamStreamDecoder(upstream: ProviderType, model: string): UpstreamStreamDecoder {
  switch (upstream) {
    case 'openai':
      return new OpenAIStreamDecoder(model);
    case 'anthropic':
      return new AnthropicStreamDecoder(model);
    case 'gemini':
      return new GeminiStreamDecoder(model);
  }
}

/** Same format on both sides streams through untouched; any other pair is translated through neutral events. */
export function createStreamTranslator(context: StreamContext): StreamTranslator {
  if (context.upstream === 'openai' && context.client === 'openai')
    return new OpenAIPassthroughStream(context);
  if (context.upstream === 'anthropic' && context.client === 'anthropic')
    return new AnthropicPassthroughStream(context);
  const encoder: ClientStreamEncoder =
    context.client === 'openai'
      ? new OpenAIStreamEncoder(context.model, context.clientWantsUsage)
      : new AnthropicStreamEncoder(context.model);
  return new TranslatingStream(
    context.client,
    createUpstreamStreamDecoder(context.upstream, context.model),
    encoder,
    () => context.estimatePromptTokens(),
    (text) => context.redact(text),
  );
}
