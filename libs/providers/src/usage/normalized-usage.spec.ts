import { describe, expect, it } from '@jest/globals';
import {
  toAnthropicUsage,
  toOpenAIUsage,
  usageFromAnthropic,
  usageFromGemini,
  usageFromOpenAI,
} from './normalized-usage.js';

describe('usage normalisation', () => {
  it('reads OpenAI usage with cached and reasoning details', () => {
    expect(
      usageFromOpenAI({
        prompt_tokens: 100,
        completion_tokens: 50,
        total_tokens: 150,
        prompt_tokens_details: { cached_tokens: 40 },
        completion_tokens_details: { reasoning_tokens: 20 },
      }),
    ).toEqual({
      promptTokens: 100,
      completionTokens: 50,
      cachedTokens: 40,
      cacheWriteTokens: 0,
      reasoningTokens: 20,
      estimated: false,
    });
  });

  it("reads DeepSeek's prompt cache hits as cached tokens", () => {
    expect(
      usageFromOpenAI({ prompt_tokens: 10, completion_tokens: 1, prompt_cache_hit_tokens: 8 })?.cachedTokens,
    ).toBe(8);
  });

  it('adds Anthropic cache reads and writes back into the prompt count', () => {
    expect(
      usageFromAnthropic({
        input_tokens: 10,
        cache_read_input_tokens: 70,
        cache_creation_input_tokens: 20,
        output_tokens: 30,
        output_tokens_details: { thinking_tokens: 12 },
      }),
    ).toEqual({
      promptTokens: 100,
      completionTokens: 30,
      cachedTokens: 70,
      cacheWriteTokens: 20,
      reasoningTokens: 12,
      estimated: false,
    });
  });

  it('counts Gemini thinking tokens as completion tokens', () => {
    expect(
      usageFromGemini({
        promptTokenCount: 12,
        candidatesTokenCount: 5,
        thoughtsTokenCount: 7,
        cachedContentTokenCount: 4,
        totalTokenCount: 24,
      }),
    ).toEqual({
      promptTokens: 12,
      completionTokens: 12,
      cachedTokens: 4,
      cacheWriteTokens: 0,
      reasoningTokens: 7,
      estimated: false,
    });
  });

  it('returns undefined for values that are not usage objects', () => {
    expect(usageFromOpenAI(null)).toBeUndefined();
    expect(usageFromAnthropic({})).toBeUndefined();
    expect(usageFromGemini('x')).toBeUndefined();
  });

  it('writes usage back in each client format, Anthropic input excluding cache reads and writes', () => {
    const usage = {
      promptTokens: 100,
      completionTokens: 30,
      cachedTokens: 60,
      cacheWriteTokens: 10,
      reasoningTokens: 5,
      estimated: false,
    };
    expect(toOpenAIUsage(usage)).toEqual({
      prompt_tokens: 100,
      completion_tokens: 30,
      total_tokens: 130,
      prompt_tokens_details: { cached_tokens: 60 },
      completion_tokens_details: { reasoning_tokens: 5 },
    });
    expect(toAnthropicUsage(usage)).toEqual({
      input_tokens: 30,
      output_tokens: 30,
      cache_creation_input_tokens: 10,
      cache_read_input_tokens: 60,
    });
    expect(usageFromAnthropic(toAnthropicUsage(usage))).toEqual({ ...usage, reasoningTokens: 0 });
  });
});
