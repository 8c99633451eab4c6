import type { ClassifiedError, UpstreamFailure } from '@switchyard/key-pool';
import { getProviderAdapter } from '../adapters/provider-adapters.js';
import type { TranslatedResponse } from '../adapters/provider-adapter.js';
import { UnsupportedOperationError } from '../errors/upstream-error.js';
import { translateUpstreamError } from '../errors/upstream-errors.js';
import type { ProviderTarget, UpstreamRequest } from '../provider-types.js';
import type { JsonObject } from '../shared/json.js';

/** One attempt at an OpenAI-format embeddings request against one target. */
export interface EmbeddingsExchange {
  readonly request: UpstreamRequest;
  translateResponse(raw: Buffer | string): TranslatedResponse;
  translateError(failure: UpstreamFailure): { status: number; body: Record<string, unknown> };
  classifyError(failure: UpstreamFailure): ClassifiedError;
}

/** Throws {@link UnsupportedOperationError} for providers without embeddings (Anthropic) or inputs they cannot take. */
export function prepareEmbeddings(body: JsonObject, target: ProviderTarget): EmbeddingsExchange {
  const adapter = getProviderAdapter(target.type);
  const { buildEmbeddingsRequest, translateEmbeddingsResponse } = adapter;
  if (!buildEmbeddingsRequest || !translateEmbeddingsResponse) {
    throw new UnsupportedOperationError(`Provider type ${target.type} has no embeddings API`);
  }
  return {
    request: buildEmbeddingsRequest.call(adapter, body, target),
    translateResponse: (raw) => translateEmbeddingsResponse.call(adapter, raw, body, target),
    translateError: (failure) => translateUpstreamError(failure, adapter.type, 'openai', target.apiKey),
    classifyError: (failure) => adapter.classifyError(failure),
  };
}
