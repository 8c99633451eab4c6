import { asNumber, asRecord } from '../shared/json.js';

/**
 * Token usage in one shape for every provider, following OpenAI's conventions: `promptTokens` counts every input
 * token including cached ones (so `cachedTokens` and `cacheWriteTokens` ⊆ `promptTokens`), and `reasoningTokens` ⊆
 * `completionTokens`.
 */
export interface NormalizedUsage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens read from the provider's prompt cache. */
  cachedTokens: number;
  /** Prompt tokens written to the provider's prompt cache (Anthropic `cache_creation_input_tokens`). */
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** True when the upstream reported nothing and the counts come from {@link estimateTextTokens}. */
  estimated: boolean;
}

export function emptyUsage(): NormalizedUsage {
  return {
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    estimated: false,
  };
}

const count = (value: unknown): number => asNumber(value) ?? 0;

/** OpenAI `usage`; also reads DeepSeek's `prompt_cache_hit_tokens`. Undefined when the value is not a usage object. */
export function usageFromOpenAI(value: unknown): NormalizedUsage | undefined {
  const usage = asRecord(value);
  if (asNumber(usage.prompt_tokens) === undefined && asNumber(usage.completion_tokens) === undefined)
    return undefined;
  const promptDetails = asRecord(usage.prompt_tokens_details);
  const completionDetails = asRecord(usage.completion_tokens_details);
  return {
    promptTokens: count(usage.prompt_tokens),
    completionTokens: count(usage.completion_tokens),
    cachedTokens: asNumber(promptDetails.cached_tokens) ?? count(usage.prompt_cache_hit_tokens),
    cacheWriteTokens: 0,
    reasoningTokens: count(completionDetails.reasoning_tokens),
    estimated: false,
  };
}

/** Anthropic `usage`: `input_tokens` excludes cache reads and writes, so they are added back. */
export function usageFromAnthropic(value: unknown): NormalizedUsage | undefined {
  const usage = asRecord(value);
  if (asNumber(usage.input_tokens) === undefined && asNumber(usage.output_tokens) === undefined)
    return undefined;
  const cacheRead = count(usage.cache_read_input_tokens);
  const cacheWrite = count(usage.cache_creation_input_tokens);
  return {
    promptTokens: count(usage.input_tokens) + cacheRead + cacheWrite,
    completionTokens: count(usage.output_tokens),
    cachedTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: count(asRecord(usage.output_tokens_details).thinking_tokens),
    estimated: false,
  };
}

/**
 * OpenAI Responses `usage`: unlike Anthropic's, `input_tokens` already includes the cached ones. Undefined when the
 * value is not a usage object.
 */
export function usageFromResponses(value: unknown): NormalizedUsage | undefined {
  const usage = asRecord(value);
  if (asNumber(usage.input_tokens) === undefined && asNumber(usage.output_tokens) === undefined)
    return undefined;
  return {
    promptTokens: count(usage.input_tokens),
    completionTokens: count(usage.output_tokens),
    cachedTokens: count(asRecord(usage.input_tokens_details).cached_tokens),
    cacheWriteTokens: 0,
    reasoningTokens: count(asRecord(usage.output_tokens_details).reasoning_tokens),
    estimated: false,
  };
}

/** Gemini `usageMetadata`: thinking tokens are billed as output but reported apart from `candidatesTokenCount`. */
export function usageFromGemini(value: unknown): NormalizedUsage | undefined {
  const usage = asRecord(value);
  if (asNumber(usage.promptTokenCount) === undefined && asNumber(usage.candidatesTokenCount) === undefined)
    return undefined;
  const thoughts = count(usage.thoughtsTokenCount);
  return {
    promptTokens: count(usage.promptTokenCount) + count(usage.toolUsePromptTokenCount),
    completionTokens: count(usage.candidatesTokenCount) + thoughts,
    cachedTokens: count(usage.cachedContentTokenCount),
    cacheWriteTokens: 0,
    reasoningTokens: thoughts,
    estimated: false,
  };
}

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

export function toOpenAIUsage(usage: NormalizedUsage): OpenAIUsage {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export function toAnthropicUsage(usage: NormalizedUsage): AnthropicUsage {
  return {
    input_tokens: Math.max(0, usage.promptTokens - usage.cachedTokens - usage.cacheWriteTokens),
    output_tokens: usage.completionTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cachedTokens,
  };
}

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export function toResponsesUsage(usage: NormalizedUsage): ResponsesUsage {
  return {
    input_tokens: usage.promptTokens,
    input_tokens_details: { cached_tokens: usage.cachedTokens },
    output_tokens: usage.completionTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}
