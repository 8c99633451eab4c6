import { anthropicClientOptions, anthropicHeaders } from '../adapters/anthropic-adapter.js';
import type { HeaderMap, ProviderTarget, UpstreamRequest } from '../provider-types.js';
import type { JsonObject } from '../shared/json.js';
import { joinUrl } from '../shared/url.js';

/**
 * `POST {baseUrl}/messages/count_tokens` for an Anthropic key: the client's own body with the routed model, and
 * the client's `anthropic-version` and `anthropic-beta`, so Anthropic counts exactly what a call would send.
 */
export function anthropicCountTokensRequest(
  body: JsonObject,
  target: ProviderTarget,
  clientHeaders: HeaderMap | undefined,
): UpstreamRequest {
  return {
    method: 'POST',
    url: joinUrl(target.baseUrl, '/messages/count_tokens'),
    headers: anthropicHeaders(target.apiKey, false, anthropicClientOptions(clientHeaders)),
    body: JSON.stringify({ ...body, model: target.model }),
  };
}
