import type { ProviderTarget, UpstreamRequest } from '../provider-types.js';
import { anthropicRequestToOpenAI } from '../requests/anthropic-to-openai-request.js';
import { openAIRequestToGemini } from '../requests/openai-to-gemini-request.js';
import { decodeGeminiResponse } from '../responses/gemini-response.js';
import type { JsonObject } from '../shared/json.js';
import { joinUrl } from '../shared/url.js';
import { geminiEmbeddingsToOpenAI, openAIEmbeddingsToGemini } from '../embeddings/gemini-embeddings.js';
import type { ChatRequestInput, KeyProbe, ProviderAdapter, TranslatedResponse } from './provider-adapter.js';
import { parseUpstreamJson } from '../responses/translate-chat-response.js';

function headers(apiKey: string, stream: boolean): Record<string, string> {
  return {
    'x-goog-api-key': apiKey,
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
}

/** Model names may come as `models/gemini-2.5-flash` (as Gemini lists them) or bare. */
function modelPath(target: ProviderTarget, method: string): string {
  const model = target.model.startsWith('models/') ? target.model.slice('models/'.length) : target.model;
  return joinUrl(target.baseUrl, `/models/${encodeURIComponent(model)}:${method}`);
}

/**
 * Gemini `generateContent` (`{baseUrl}/models/{model}:generateContent`). Anthropic-format requests are translated
 * through the OpenAI format, which carries everything Gemini can take.
 */
export const geminiAdapter: ProviderAdapter = {
  type: 'gemini',

  buildChatRequest(input: ChatRequestInput, stream: boolean): UpstreamRequest {
    const openAIBody =
      input.client === 'openai'
        ? input.body
        : anthropicRequestToOpenAI(input.body, input.target.model, stream, { useMaxCompletionTokens: false });
    return {
      method: 'POST',
      url: stream
        ? `${modelPath(input.target, 'streamGenerateContent')}?alt=sse`
        : modelPath(input.target, 'generateContent'),
      headers: headers(input.target.apiKey, stream),
      body: JSON.stringify(openAIRequestToGemini(openAIBody)),
    };
  },

  decodeChatResponse: (body, model) => decodeGeminiResponse(body, model),

  buildEmbeddingsRequest(body: JsonObject, target: ProviderTarget): UpstreamRequest {
    return {
      method: 'POST',
      url: modelPath(target, 'batchEmbedContents'),
      headers: headers(target.apiKey, false),
      body: JSON.stringify(openAIEmbeddingsToGemini(body, target.model)),
    };
  },

  translateEmbeddingsResponse(
    raw: Buffer | string,
    request: JsonObject,
    target: ProviderTarget,
  ): TranslatedResponse {
    const { body, usage } = geminiEmbeddingsToOpenAI(parseUpstreamJson(raw), request, target.model);
    return { body: JSON.stringify(body), usage };
  },

  buildKeyTestRequest(target: ProviderTarget, probe: KeyProbe): UpstreamRequest {
    // Gemini has no key endpoint: listing models is the check that needs the key.
    if (probe === 'list_models' || probe === 'key_info')
      return {
        method: 'GET',
        url: joinUrl(target.baseUrl, '/models?pageSize=1'),
        headers: headers(target.apiKey, false),
      };
    return {
      method: 'POST',
      url: modelPath(target, 'generateContent'),
      headers: headers(target.apiKey, false),
      body: JSON.stringify({
        contents: [{ role: 'user', parts: [{ text: 'ping' }] }],
        generationConfig: { maxOutputTokens: 1 },
      }),
    };
  },
};
