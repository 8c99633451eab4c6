import { UpstreamError } from '../errors/upstream-error.js';
import { extractLastObjectValue } from '../shared/json-scan.js';
import { isRecord, tryParseJson } from '../shared/json.js';
import type { ClientFormat } from '../provider-types.js';
import { estimateTextTokens } from '../usage/token-estimator.js';
import { usageFromAnthropic, usageFromOpenAI, type NormalizedUsage } from '../usage/normalized-usage.js';
import type { TranslatedResponse } from '../adapters/provider-adapter.js';
import type { ChatResult } from './chat-result.js';
import { encodeAnthropicResponse } from './anthropic-response.js';
import { encodeOpenAIResponse } from './openai-response.js';

const USAGE_KEY = Buffer.from('"usage"');
const BAD_GATEWAY = 502;
const MAX_ECHOED_BODY_LENGTH = 500;

export function parseUpstreamJson(raw: Buffer | string): Record<string, unknown> {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  const parsed = tryParseJson(text);
  if (!isRecord(parsed)) {
    throw new UpstreamError('The upstream answered 200 with a body that is not a JSON object', {
      status: BAD_GATEWAY,
      body: text.slice(0, MAX_ECHOED_BODY_LENGTH),
    });
  }
  return parsed;
}

/**
 * Same format on both sides: the body goes out untouched and only its `usage` object is located and parsed
 * (it sits near the end of OpenAI and Anthropic answers); the whole body is parsed only if that fails.
 */
export function passthroughChatResponse(
  client: ClientFormat,
  raw: Buffer | string,
  decode: (body: unknown) => ChatResult,
  estimatePromptTokens: () => number,
): TranslatedResponse {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const readUsage = client === 'openai' ? usageFromOpenAI : usageFromAnthropic;
  const usage = readUsage(extractLastObjectValue(bytes, USAGE_KEY));
  if (usage) return { body: raw, usage };
  const result = decode(parseUpstreamJson(bytes));
  return { body: raw, usage: result.usage ?? estimateResultUsage(result, estimatePromptTokens) };
}

/** Different formats: decode the upstream answer to the neutral result and encode it in the client's format. */
export function translateChatResult(
  client: ClientFormat,
  result: ChatResult,
  estimatePromptTokens: () => number,
): TranslatedResponse {
  const usage = result.usage ?? estimateResultUsage(result, estimatePromptTokens);
  const encoded =
    client === 'openai' ? encodeOpenAIResponse(result, usage) : encodeAnthropicResponse(result, usage);
  return { body: JSON.stringify(encoded), usage };
}

/** Usage for an answer whose upstream reported none: the prompt estimated, the output counted from its text. */
export function estimateResultUsage(result: ChatResult, estimatePromptTokens: () => number): NormalizedUsage {
  let completion = '';
  for (const choice of result.choices) {
    completion += choice.text;
    for (const call of choice.toolCalls) completion += call.name + call.arguments;
  }
  return {
    promptTokens: estimatePromptTokens(),
    completionTokens: estimateTextTokens(completion),
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    estimated: true,
  };
}
