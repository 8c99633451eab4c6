// What the gateway and the CLI use. Everything else is internal; the library's own specs import the modules they test.
export type { ClientFormat, ProviderTarget, ProviderType, UpstreamRequest } from './provider-types.js';
export type { Exchange } from './exchange.js';
export type { StreamTranslator } from './streaming/stream-translator.js';
export { prepareChat } from './chat-exchange.js';
export { prepareEmbeddings } from './embeddings/embeddings-exchange.js';
export {
  prepareResponses,
  servesResponses,
  storedResponseRequest,
} from './responses-api/responses-exchange.js';
export { statefulField } from './responses-api/responses-request.js';
export { callUpstream, readUpstreamFailure, type UpstreamResponse } from './http/call-upstream.js';
export { networkFailure } from './http/network-failure.js';
export { UnsupportedOperationError, UpstreamError } from './errors/upstream-error.js';
export { testKey } from './http/test-key.js';
export type { KeyProbe } from './adapters/provider-adapter.js';
export { isOpenRouterUrl, readOpenRouterKeyInfo, type OpenRouterKeyInfo } from './http/openrouter-key.js';
export { BUILT_IN_PROVIDERS } from './built-in-providers.js';
export { cheapProbeModel, isChatModel } from './probe-models.js';
export { redactFailure, redactSecretBytes, redactSecrets } from './errors/redact.js';
export type { NormalizedUsage } from './usage/normalized-usage.js';
export { estimatePromptTokens } from './usage/token-estimator.js';
export { anthropicCountTokensRequest } from './requests/anthropic-count-tokens.js';
