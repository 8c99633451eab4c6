import { getProviderAdapter } from './adapters/provider-adapters.js';
import type { ChatRequestInput } from './adapters/provider-adapter.js';
import { redactSecrets } from './errors/redact.js';
import { translateUpstreamError } from './errors/upstream-errors.js';
import type { Exchange } from './exchange.js';
import { clientWantsStreamUsage } from './requests/openai-request-sanitizer.js';
import {
  parseUpstreamJson,
  passthroughChatResponse,
  translateChatResult,
} from './responses/translate-chat-response.js';
import { createStreamTranslator } from './streaming/create-stream-translator.js';
import { estimatePromptTokens } from './usage/token-estimator.js';

/** The exchange of a chat request, in either client format, against one target of any provider type. */
export function prepareChat(input: ChatRequestInput): Required<Exchange> {
  const { client, body, target } = input;
  const adapter = getProviderAdapter(target.type);
  const stream = body.stream === true;
  let promptEstimate: number | undefined;
  const estimatePrompt = (): number => (promptEstimate ??= estimatePromptTokens(client, body));
  const sameFormat = adapter.type === client;

  return {
    request: adapter.buildChatRequest(input, stream),
    translateResponse(raw) {
      const decode = (json: unknown) => adapter.decodeChatResponse(json, target.model);
      if (sameFormat) return passthroughChatResponse(client, raw, decode, estimatePrompt);
      return translateChatResult(client, decode(parseUpstreamJson(raw)), estimatePrompt);
    },
    createStreamTranslator() {
      return createStreamTranslator({
        client,
        upstream: adapter.type,
        clientWantsUsage: client === 'openai' && clientWantsStreamUsage(body),
        model: target.model,
        estimatePromptTokens: estimatePrompt,
        redact: (text) => redactSecrets(text, target.apiKey),
      });
    },
    estimatePromptTokens: estimatePrompt,
    translateError: (failure) => translateUpstreamError(failure, adapter.type, client, target.apiKey),
  };
}
