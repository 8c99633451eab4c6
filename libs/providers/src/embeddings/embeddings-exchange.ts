import { estimateEmbeddingInputTokens } from './embedding-input.js';
import { getProviderAdapter } from '../adapters/provider-adapters.js';
import { UnsupportedOperationError } from '../errors/upstream-error.js';
import { translateUpstreamError } from '../errors/upstream-errors.js';
import type { Exchange } from '../exchange.js';
import type { ProviderTarget } from '../provider-types.js';
import type { JsonObject } from '../shared/json.js';

/**
 * The exchange of an OpenAI-format embeddings request against one target; it never streams. Throws
 * {@link UnsupportedOperationError} for providers without embeddings (Anthropic) or inputs they cannot take.
 */
export function prepareEmbeddings(body: JsonObject, target: ProviderTarget): Exchange {
  const adapter = getProviderAdapter(target.type);
  const { buildEmbeddingsRequest, translateEmbeddingsResponse } = adapter;
  if (!buildEmbeddingsRequest || !translateEmbeddingsResponse) {
    throw new UnsupportedOperationError(`Provider type ${target.type} has no embeddings API`);
  }
  return {
    request: buildEmbeddingsRequest.call(adapter, body, target),
    translateResponse: (raw) => translateEmbeddingsResponse.call(adapter, raw, body, target),
    estimatePromptTokens: () => estimateEmbeddingInputTokens(body.input),
    translateError: (failure) => translateUpstreamError(failure, adapter.type, 'openai', target.apiKey),
  };
}
