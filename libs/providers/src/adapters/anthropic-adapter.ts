import type { HeaderMap, ProviderTarget, UpstreamRequest } from '../provider-types.js';
import { sanitizeAnthropicRequest } from '../requests/anthropic-request-sanitizer.js';
import { openAIRequestToAnthropic } from '../requests/openai-to-anthropic-request.js';
import { decodeAnthropicResponse } from '../responses/anthropic-response.js';
import { joinUrl } from '../shared/url.js';
import type { ChatRequestInput, KeyProbe, ProviderAdapter } from './provider-adapter.js';

export const ANTHROPIC_VERSION = '2023-06-01';

/** The API version and beta features an Anthropic client chose: the request's fields mean what they mean there. */
export interface AnthropicClientOptions {
  version?: string;
  beta?: string;
}

const VERSION_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

export function anthropicHeaders(
  apiKey: string,
  stream: boolean,
  client: AnthropicClientOptions = {},
): Record<string, string> {
  const result: Record<string, string> = {
    'x-api-key': apiKey,
    'anthropic-version': client.version ?? ANTHROPIC_VERSION,
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
  if (client.beta) result['anthropic-beta'] = client.beta;
  return result;
}

/**
 * `anthropic-version` and `anthropic-beta` as an Anthropic client sent them, to be passed on to Anthropic: beta
 * features must reach it, or their request fields are rejected. A version that is not a date is left out.
 */
export function anthropicClientOptions(clientHeaders: HeaderMap | undefined): AnthropicClientOptions {
  const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(',') : value);
  const version = one(clientHeaders?.['anthropic-version'])?.trim();
  const beta = one(clientHeaders?.['anthropic-beta'])?.trim();
  return {
    ...(version && VERSION_SHAPE.test(version) ? { version } : {}),
    ...(beta ? { beta } : {}),
  };
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
      headers: anthropicHeaders(
        target.apiKey,
        stream,
        native ? anthropicClientOptions(input.clientHeaders) : undefined,
      ),
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
        headers: anthropicHeaders(target.apiKey, false),
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
