import { describe, expect, it } from '@jest/globals';
import { sanitizeAnthropicRequest } from './anthropic-request-sanitizer.js';
import { openAICompatibleProfile } from './openai-compatible-profiles.js';
import { clientWantsStreamUsage, sanitizeOpenAIChatRequest } from './openai-request-sanitizer.js';

const generic = openAICompatibleProfile('http://127.0.0.1:11434/v1');

describe('sanitizeOpenAIChatRequest', () => {
  it('replaces the model and asks for usage on streams, keeping other stream options', () => {
    const body = {
      model: 'alias',
      messages: [],
      stream: true,
      stream_options: { include_obfuscation: false },
    };
    expect(sanitizeOpenAIChatRequest(body, 'llama3', true, generic)).toEqual({
      model: 'llama3',
      messages: [],
      stream: true,
      stream_options: { include_obfuscation: false, include_usage: true },
    });
    expect(body.model).toBe('alias');
  });

  it('removes stream options from non-stream requests', () => {
    expect(
      sanitizeOpenAIChatRequest(
        { messages: [], stream: false, stream_options: { include_usage: true } },
        'm',
        false,
        generic,
      ),
    ).toEqual({
      model: 'm',
      messages: [],
    });
  });

  it('drops and renames what Mistral rejects', () => {
    const mistral = openAICompatibleProfile('https://api.mistral.ai/v1');
    expect(
      sanitizeOpenAIChatRequest(
        { messages: [], seed: 3, max_completion_tokens: 50, logit_bias: {}, user: 'u' },
        'mistral-small',
        true,
        mistral,
      ),
    ).toEqual({ model: 'mistral-small', messages: [], stream: true, random_seed: 3, max_tokens: 50 });
  });

  it("uses max_completion_tokens for OpenAI's reasoning models only", () => {
    const openai = openAICompatibleProfile('https://api.openai.com/v1');
    expect(sanitizeOpenAIChatRequest({ messages: [], max_tokens: 9 }, 'o3-mini', false, openai)).toEqual({
      model: 'o3-mini',
      messages: [],
      max_completion_tokens: 9,
    });
    expect(
      sanitizeOpenAIChatRequest({ messages: [], max_tokens: 9 }, 'gpt-4o', false, openai).max_tokens,
    ).toBe(9);
  });

  it('tells whether the client asked for the usage chunk', () => {
    expect(clientWantsStreamUsage({ stream_options: { include_usage: true } })).toBe(true);
    expect(clientWantsStreamUsage({ stream: true })).toBe(false);
  });
});

describe('sanitizeAnthropicRequest', () => {
  it('removes OpenAI-only parameters, sets the model and fills in max_tokens', () => {
    expect(
      sanitizeAnthropicRequest(
        {
          model: 'alias',
          messages: [],
          stream: false,
          stream_options: {},
          n: 1,
          response_format: {},
          thinking: { type: 'enabled', budget_tokens: 1024 },
        },
        'claude-opus-4-1',
        false,
      ),
    ).toEqual({
      model: 'claude-opus-4-1',
      messages: [],
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
  });

  it('keeps a given max_tokens and marks streams', () => {
    expect(sanitizeAnthropicRequest({ messages: [], max_tokens: 10 }, 'c', true)).toEqual({
      model: 'c',
      messages: [],
      max_tokens: 10,
      stream: true,
    });
  });
});
