import type { HeaderMap, ProviderTarget, UpstreamRequest } from '../provider-types.js';
import { sanitizeAnthropicRequest } from '../requests/anthropic-request-sanitizer.js';
import { openAIRequestToAnthropic } from '../requests/openai-to-anthropic-request.js';
import { decodeAnthropicResponse } from '../responses/anthropic-response.js';
import { joinUrl } from '../shared/url.js';
import type { ChatRequestInput, KeyProbe, ProviderAdapter } from './provider-adapter.js';

export const ANTHROPIC_VERSION = '2023-06-01';

function headers(apiKey: string, stream: boolean, beta?: string): Record<string, string> {
  const result: Record<string, string> = {
    'x-api-key': apiKey,
    'anthropic-version': ANTHROPIC_VERSION,
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
  if (beta) result['anthropic-beta'] = beta;
  return result;
}

/** Beta features an Anthropic client opted into must reach Anthropic, or their request fields are rejected. */
function betaHeader(clientHeaders: HeaderMap | undefined): string | undefined {
  const value = clientHeaders?.['anthropic-beta'];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Anthropic Messages API (`{baseUrl}/messages`). Anthropic has no embeddings API. */
export const anthropicAdapter: ProviderAdapter = {
  type: 'anthropic',

  buildChatRequest(input: ChatRequestInput, stream: boolean): UpstreamRequest {
    const { target } = input;
    const native = input.client === 'anthropic';
    const body = native
      ? sanitizeAnthropicRequest(input.body, target.model, stream)
      : openAIRequestToAnthropic(input.body, target.model, stream);
    return {
      method: 'POST',
      url: joinUrl(target.baseUrl, '/messages'),
      headers: headers(target.apiKey, stream, native ? betaHeader(input.clientHeaders) : undefined),
      body: JSON.stringify(body),
    };
  },

  decodeChatResponse: (body) => decodeAnthropicResponse(body),

  buildKeyTestRequest(target: ProviderTarget, probe: KeyProbe): UpstreamRequest {
    // Anthropic has no key endpoint: listing models is the check that needs the key.
    if (probe === 'list_models' || probe === 'key_info')
      return {
        method: 'GET',
        url: joinUrl(target.baseUrl, '/models?limit=1'),
        headers: headers(target.apiKey, false),
      };
    return this.buildChatRequest(
      {
        client: 'anthropic',
        target,
        body: { model: target.model, max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] },
      },
      false,
    );
  },
};
