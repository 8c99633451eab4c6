import type { ClassifiedError, UpstreamFailure } from '@switchyard/key-pool';
import { getProviderAdapter } from './adapters/provider-adapters.js';
import type { ChatRequestInput, TranslatedResponse } from './adapters/provider-adapter.js';
import { redactSecrets } from './errors/redact.js';
import { translateUpstreamError } from './errors/upstream-errors.js';
import type { UpstreamRequest } from './provider-types.js';
import { clientWantsStreamUsage } from './requests/openai-request-sanitizer.js';
import {
  parseUpstreamJson,
  passthroughChatResponse,
  translateChatResult,
} from './responses/translate-chat-response.js';
import { createStreamTranslator } from './streaming/create-stream-translator.js';
import type { StreamTranslator } from './streaming/stream-translator.js';
import { estimatePromptTokens } from './usage/token-estimator.js';

/** One attempt at a chat request against one target: the upstream call to make and how to read its answer. */
export interface ChatExchange {
  readonly request: UpstreamRequest;
  readonly stream: boolean;
  /** Non-stream: the upstream's 2xx body → the client's body and the usage. Throws `UpstreamError` on a non-JSON body. */
  translateResponse(raw: Buffer | string): TranslatedResponse;
  /** Stream: a fresh translator for the upstream's SSE body. */
  createStreamTranslator(): StreamTranslator;
  /** An upstream error answer in the client's format, for errors handed back to the client. */
  translateError(failure: UpstreamFailure): { status: number; body: Record<string, unknown> };
  /** What the failure means for the key pool (key-pool's classifier). */
  classifyError(failure: UpstreamFailure): ClassifiedError;
}

export function prepareChat(input: ChatRequestInput): ChatExchange {
  const { client, body, target } = input;
  const adapter = getProviderAdapter(target.type);
  const stream = body.stream === true;
  let promptEstimate: number | undefined;
  const estimatePrompt = (): number => (promptEstimate ??= estimatePromptTokens(client, body));
  const sameFormat = adapter.type === client;

  return {
    request: adapter.buildChatRequest(input, stream),
    stream,
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
    translateError: (failure) => translateUpstreamError(failure, adapter.type, client, target.apiKey),
    classifyError: (failure) => adapter.classifyError(failure),
  };
}
