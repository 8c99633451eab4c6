import type { JsonObject } from '../shared/json.js';
import type {
  ClientFormat,
  HeaderMap,
  ProviderTarget,
  ProviderType,
  UpstreamRequest,
} from '../provider-types.js';
import type { ChatResult } from '../responses/chat-result.js';
import type { NormalizedUsage } from '../usage/normalized-usage.js';

export interface ChatRequestInput {
  client: ClientFormat;
  /** The client's parsed request body, in the client's format. */
  body: JsonObject;
  target: ProviderTarget;
  /** The client's request headers; adapters forward the few that matter upstream (e.g. `anthropic-beta`). */
  clientHeaders?: HeaderMap;
}

/** A cheap call proving a key works: list models (free), or a one-token completion (also proves quota). */
/**
 * `list_models` costs nothing but passes a key with no quota; `completion` spends one token and proves the key can
 * serve; `key_info` is OpenRouter's `GET /key` (credit limit, usage, rate limit), which also needs a valid key.
 */
export type KeyProbe = 'list_models' | 'completion' | 'key_info';

export interface TranslatedResponse {
  /** The bytes to send the client: the upstream's own bytes when no translation was needed. */
  body: Buffer | string;
  usage: NormalizedUsage;
  /** The id under which the upstream stored this answer for later retrieval (the Responses API), if it did. */
  storedResponseId?: string;
}

/** Everything provider-specific: how to address, authenticate, shape requests and read answers. */
export interface ProviderAdapter {
  readonly type: ProviderType;
  buildChatRequest(input: ChatRequestInput, stream: boolean): UpstreamRequest;
  /** Reads the upstream's (non-stream) JSON answer into the neutral result. */
  decodeChatResponse(body: unknown, model: string): ChatResult;
  /** Absent when the provider has no embeddings API. Takes and answers the OpenAI embeddings format. */
  buildEmbeddingsRequest?(body: JsonObject, target: ProviderTarget): UpstreamRequest;
  /** The upstream's 2xx embeddings body → an OpenAI embeddings body and its usage. */
  translateEmbeddingsResponse?(
    raw: Buffer | string,
    request: JsonObject,
    target: ProviderTarget,
  ): TranslatedResponse;
  buildKeyTestRequest(target: ProviderTarget, probe: KeyProbe): UpstreamRequest;
}
