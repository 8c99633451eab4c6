import type { ProviderTarget, UpstreamRequest } from '../provider-types.js';
import { anthropicRequestToOpenAI } from '../requests/anthropic-to-openai-request.js';
import { openAICompatibleProfile } from '../requests/openai-compatible-profiles.js';
import { sanitizeOpenAIChatRequest } from '../requests/openai-request-sanitizer.js';
import { decodeOpenAIResponse } from '../responses/openai-response.js';
import { asNumber, asRecord, type JsonObject } from '../shared/json.js';
import { extractLastObjectValue } from '../shared/json-scan.js';
import { joinUrl } from '../shared/url.js';
import type { NormalizedUsage } from '../usage/normalized-usage.js';
import { estimateEmbeddingInputTokens } from '../embeddings/embedding-input.js';
import type { ChatRequestInput, KeyProbe, ProviderAdapter, TranslatedResponse } from './provider-adapter.js';

const USAGE_KEY = Buffer.from('"usage"');

/** Embeddings usage has only `prompt_tokens` (and `total_tokens`). */
function embeddingsUsage(value: unknown): NormalizedUsage | undefined {
  const promptTokens = asNumber(asRecord(value).prompt_tokens);
  if (promptTokens === undefined) return undefined;
  return {
    promptTokens,
    completionTokens: 0,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    estimated: false,
  };
}

function estimatedEmbeddingsUsage(input: unknown): NormalizedUsage {
  return {
    promptTokens: estimateEmbeddingInputTokens(input),
    completionTokens: 0,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    estimated: true,
  };
}

function headers(apiKey: string, stream: boolean): Record<string, string> {
  return {
    authorization: `Bearer ${apiKey}`,
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
}

/** Any OpenAI-compatible chat completions API: OpenAI, OpenRouter, Groq, DeepSeek, Mistral, Together, vLLM, Ollama… */
export const openAIAdapter: ProviderAdapter = {
  type: 'openai',

  buildChatRequest(input: ChatRequestInput, stream: boolean): UpstreamRequest {
    const { target } = input;
    const profile = openAICompatibleProfile(target.baseUrl);
    const body =
      input.client === 'openai'
        ? input.body
        : anthropicRequestToOpenAI(input.body, target.model, stream, {
            useMaxCompletionTokens: profile.wantsMaxCompletionTokens(target.model),
          });
    return {
      method: 'POST',
      url: joinUrl(target.baseUrl, '/chat/completions'),
      headers: headers(target.apiKey, stream),
      body: JSON.stringify(sanitizeOpenAIChatRequest(body, target.model, stream, profile)),
    };
  },

  decodeChatResponse: (body) => decodeOpenAIResponse(body),

  buildEmbeddingsRequest(body: JsonObject, target: ProviderTarget): UpstreamRequest {
    return {
      method: 'POST',
      url: joinUrl(target.baseUrl, '/embeddings'),
      headers: headers(target.apiKey, false),
      body: JSON.stringify({ ...body, model: target.model }),
    };
  },

  translateEmbeddingsResponse(raw: Buffer | string, request: JsonObject): TranslatedResponse {
    const usage = embeddingsUsage(
      extractLastObjectValue(typeof raw === 'string' ? Buffer.from(raw) : raw, USAGE_KEY),
    );
    return { body: raw, usage: usage ?? estimatedEmbeddingsUsage(request.input) };
  },

  buildKeyTestRequest(target: ProviderTarget, probe: KeyProbe): UpstreamRequest {
    if (probe === 'list_models' || probe === 'key_info')
      return {
        method: 'GET',
        url: joinUrl(target.baseUrl, probe === 'key_info' ? '/key' : '/models'),
        headers: headers(target.apiKey, false),
      };
    return this.buildChatRequest(
      {
        client: 'openai',
        target,
        body: { model: target.model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 },
      },
      false,
    );
  },
};
