export type {
  ClientFormat,
  HeaderMap,
  ProviderTarget,
  ProviderType,
  UpstreamRequest,
} from './provider-types.js';

// Entry points for the gateway.
export { prepareChat, type ChatExchange } from './chat-exchange.js';
export { prepareEmbeddings, type EmbeddingsExchange } from './embeddings/embeddings-exchange.js';
export { testKey, type KeyTestOptions, type KeyTestResult } from './http/test-key.js';
export { isOpenRouterUrl, readOpenRouterKeyInfo, type OpenRouterKeyInfo } from './http/openrouter-key.js';
export { cheapProbeModel, isChatModel } from './probe-models.js';
export { BUILT_IN_PROVIDERS, type BuiltInProvider } from './built-in-providers.js';
export {
  callUpstream,
  readUpstreamFailure,
  DEFAULT_BODY_IDLE_TIMEOUT_MS,
  DEFAULT_HEADERS_TIMEOUT_MS,
  MAX_BUFFERED_BODY_BYTES,
  type CancelSignal,
  type UpstreamCallOptions,
  type UpstreamResponse,
} from './http/call-upstream.js';
export { networkFailure } from './http/network-failure.js';
export {
  closeSharedUpstreamAgent,
  createUpstreamAgent,
  sharedUpstreamAgent,
  type UpstreamAgentOptions,
} from './http/upstream-agent.js';

// Adapters.
export type {
  ChatRequestInput,
  KeyProbe,
  ProviderAdapter,
  TranslatedResponse,
} from './adapters/provider-adapter.js';
export { getProviderAdapter } from './adapters/provider-adapters.js';
export { openAIAdapter } from './adapters/openai-adapter.js';
export { anthropicAdapter, ANTHROPIC_VERSION } from './adapters/anthropic-adapter.js';
export { geminiAdapter } from './adapters/gemini-adapter.js';

// Errors.
export { UpstreamError, UnsupportedOperationError } from './errors/upstream-error.js';
export {
  formatClientError,
  formatStreamError,
  anthropicErrorType,
  openAIErrorType,
  type ClientError,
} from './errors/client-errors.js';
export {
  translateUpstreamError,
  upstreamErrorMessage,
  failureFromStreamError,
} from './errors/upstream-errors.js';
export { redactSecrets } from './errors/redact.js';

// Streaming.
export type { StreamContext, StreamTranslator } from './streaming/stream-translator.js';
export type {
  ChatStreamEvent,
  ClientStreamEncoder,
  UpstreamStreamDecoder,
} from './streaming/chat-stream-event.js';
export { createStreamTranslator } from './streaming/create-stream-translator.js';
export { SseFramer } from './sse/sse-framer.js';
export { SseParser } from './sse/sse-parser.js';
export { parseSseEvent, formatSseData, formatSseEvent, type SseEvent } from './sse/sse-event.js';

// Translation building blocks, for callers that need one direction only.
export type { ChatChoice, ChatResult, ChatToolCall, FinishReason } from './responses/chat-result.js';
export { decodeOpenAIResponse, encodeOpenAIResponse } from './responses/openai-response.js';
export { decodeAnthropicResponse, encodeAnthropicResponse } from './responses/anthropic-response.js';
export { decodeGeminiResponse } from './responses/gemini-response.js';
export {
  openAIRequestToAnthropic,
  DEFAULT_ANTHROPIC_MAX_TOKENS,
} from './requests/openai-to-anthropic-request.js';
export {
  anthropicRequestToOpenAI,
  type OpenAIRequestOptions,
} from './requests/anthropic-to-openai-request.js';
export { openAIRequestToGemini } from './requests/openai-to-gemini-request.js';
export { toGeminiSchema } from './requests/gemini-schema.js';
export { sanitizeOpenAIChatRequest, clientWantsStreamUsage } from './requests/openai-request-sanitizer.js';
export { sanitizeAnthropicRequest } from './requests/anthropic-request-sanitizer.js';
export {
  openAICompatibleProfile,
  type OpenAICompatibleProfile,
} from './requests/openai-compatible-profiles.js';

// Usage.
export {
  emptyUsage,
  toAnthropicUsage,
  toOpenAIUsage,
  usageFromAnthropic,
  usageFromGemini,
  usageFromOpenAI,
  type NormalizedUsage,
} from './usage/normalized-usage.js';
export { estimatePromptTokens, estimateTextTokens } from './usage/token-estimator.js';
