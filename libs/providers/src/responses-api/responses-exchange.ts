import { getProviderAdapter } from '../adapters/provider-adapters.js';
import { redactSecrets } from '../errors/redact.js';
import { translateUpstreamError } from '../errors/upstream-errors.js';
import type { Exchange } from '../exchange.js';
import type { HeaderMap, ProviderTarget, UpstreamRequest } from '../provider-types.js';
import { estimateResultUsage, parseUpstreamJson } from '../responses/translate-chat-response.js';
import { extractLastObjectValue } from '../shared/json-scan.js';
import { asArray, asRecord, asString, type JsonObject } from '../shared/json.js';
import { joinUrl } from '../shared/url.js';
import { createUpstreamStreamDecoder } from '../streaming/create-stream-translator.js';
import { TranslatingStream } from '../streaming/translating-stream.js';
import { usageFromResponses } from '../usage/normalized-usage.js';
import { estimatePromptTokens, estimateTextTokens } from '../usage/token-estimator.js';
import { encodeResponsesAnswer } from './response-object.js';
import { refuseStatefulRequest, responsesRequestToChat } from './responses-request.js';
import { ResponsesPassthroughStream } from './responses-passthrough-stream.js';
import { ResponsesStreamEncoder } from './responses-stream-encoder.js';

export interface ResponsesRequestInput {
  /** The client's parsed `POST /v1/responses` body. */
  body: JsonObject;
  target: ProviderTarget;
  clientHeaders?: HeaderMap;
}

const USAGE_KEY = Buffer.from('"usage"');
/** A Responses answer names its id first; only the start of the body is searched. */
const RESPONSE_ID = /"id"\s*:\s*"([^"\\]+)"/;
const ID_SEARCH_BYTES = 256;

/** Whether the target takes Responses requests as they are. */
export function servesResponses(target: ProviderTarget): boolean {
  return target.type === 'openai' && target.servesResponses === true;
}

/**
 * The exchange of an OpenAI Responses request against one target. An upstream that serves the Responses API gets
 * the request as it came (model replaced) and its answer is passed through, the usage read on the way. Any other
 * upstream gets it as a chat request in its own format, and its answer, streamed or not, is translated back.
 * Throws `UnsupportedOperationError` naming the field when the request needs what only the former can do.
 */
export function prepareResponses(input: ResponsesRequestInput): Required<Exchange> {
  return servesResponses(input.target) ? nativeExchange(input) : translatedExchange(input);
}

function nativeExchange({ body, target }: ResponsesRequestInput): Required<Exchange> {
  const stream = body.stream === true;
  const stored = body.store !== false;
  let promptEstimate: number | undefined;
  const estimatePrompt = (): number => (promptEstimate ??= estimateResponsesPrompt(body));
  return {
    request: {
      method: 'POST',
      url: joinUrl(target.baseUrl, '/responses'),
      headers: {
        authorization: `Bearer ${target.apiKey}`,
        'content-type': 'application/json',
        accept: stream ? 'text/event-stream' : 'application/json',
      },
      body: JSON.stringify({ ...body, model: target.model }),
    },
    translateResponse(raw) {
      const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
      const usage =
        usageFromResponses(extractLastObjectValue(bytes, USAGE_KEY)) ??
        usageFromResponses(parseUpstreamJson(bytes).usage);
      const storedResponseId = stored
        ? RESPONSE_ID.exec(bytes.toString('utf8', 0, Math.min(bytes.length, ID_SEARCH_BYTES)))?.[1]
        : undefined;
      if (usage) return { body: raw, usage, storedResponseId };
      const estimated = {
        promptTokens: estimatePrompt(),
        completionTokens: estimateTextTokens(outputText(parseUpstreamJson(bytes))),
        cachedTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
        estimated: true,
      };
      return { body: raw, usage: estimated, storedResponseId };
    },
    createStreamTranslator: () => new ResponsesPassthroughStream(estimatePrompt, stored),
    estimatePromptTokens: estimatePrompt,
    translateError: (failure) => translateUpstreamError(failure, 'openai', 'openai', target.apiKey),
  };
}

function translatedExchange({ body, target, clientHeaders }: ResponsesRequestInput): Required<Exchange> {
  refuseStatefulRequest(body);
  const adapter = getProviderAdapter(target.type);
  const chatBody = responsesRequestToChat(body);
  const stream = body.stream === true;
  let promptEstimate: number | undefined;
  const estimatePrompt = (): number => (promptEstimate ??= estimatePromptTokens('openai', chatBody));
  return {
    request: adapter.buildChatRequest({ client: 'openai', body: chatBody, target, clientHeaders }, stream),
    translateResponse(raw) {
      const result = adapter.decodeChatResponse(parseUpstreamJson(raw), target.model);
      const usage = result.usage ?? estimateResultUsage(result, estimatePrompt);
      return { body: JSON.stringify(encodeResponsesAnswer(result, usage, body)), usage };
    },
    createStreamTranslator: () =>
      new TranslatingStream(
        'openai',
        createUpstreamStreamDecoder(adapter.type, target.model),
        new ResponsesStreamEncoder(target.model, body),
        estimatePrompt,
        (text) => redactSecrets(text, target.apiKey),
      ),
    estimatePromptTokens: estimatePrompt,
    translateError: (failure) => translateUpstreamError(failure, adapter.type, 'openai', target.apiKey),
  };
}

/** The call that fetches a stored response from an upstream that serves the Responses API. */
export function storedResponseRequest(target: ProviderTarget, id: string): UpstreamRequest {
  return {
    method: 'GET',
    url: joinUrl(target.baseUrl, `/responses/${encodeURIComponent(id)}`),
    headers: { authorization: `Bearer ${target.apiKey}`, accept: 'application/json' },
  };
}

/** The text and tool arguments a Responses answer produced. */
function outputText(response: JsonObject): string {
  let text = '';
  for (const value of asArray(response.output)) {
    const item = asRecord(value);
    text += asString(item.arguments) ?? '';
    for (const part of asArray(item.content)) text += asString(asRecord(part).text) ?? '';
  }
  return text;
}

/**
 * The prompt of a request passed through, for an upstream that reports no usage. Items a translation cannot carry
 * (built-in tools, stored references) are counted as their JSON text.
 */
export function estimateResponsesPrompt(body: JsonObject): number {
  try {
    return estimatePromptTokens('openai', responsesRequestToChat(body));
  } catch {
    const instructions = asString(body.instructions) ?? '';
    const input = typeof body.input === 'string' ? body.input : JSON.stringify(asArray(body.input));
    return estimateTextTokens(`${instructions}\n${input}`);
  }
}
