import { describe, expect, it } from '@jest/globals';
import { decodeAnthropicResponse, encodeAnthropicResponse } from './anthropic-response.js';
import { decodeGeminiResponse } from './gemini-response.js';
import { decodeOpenAIResponse, encodeOpenAIResponse } from './openai-response.js';

const usage = {
  promptTokens: 20,
  completionTokens: 8,
  cachedTokens: 5,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  estimated: false,
};

const openAIToolAnswer = {
  id: 'chatcmpl-abc',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: 'Let me check.',
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      finish_reason: 'tool_calls',
    },
  ],
  usage: {
    prompt_tokens: 20,
    completion_tokens: 8,
    total_tokens: 28,
    prompt_tokens_details: { cached_tokens: 5 },
  },
};

const anthropicToolAnswer = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [
    { type: 'thinking', thinking: '…', signature: 's' },
    { type: 'text', text: 'Let me check.' },
    { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 15, cache_read_input_tokens: 5, output_tokens: 8 },
};

describe('OpenAI answers to Anthropic clients', () => {
  it('becomes a message with text and tool_use blocks, stop reason and Anthropic usage', () => {
    const result = decodeOpenAIResponse(openAIToolAnswer);
    expect(result.usage).toEqual(usage);
    expect(encodeAnthropicResponse(result, usage)).toEqual({
      id: 'msg_chatcmpl-abc',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-2024-08-06',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 15,
        output_tokens: 8,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 5,
      },
    });
  });

  it('maps a length cut to max_tokens and keeps an empty answer as one empty text block', () => {
    const result = decodeOpenAIResponse({
      choices: [{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'length' }],
    });
    const message = encodeAnthropicResponse(result, usage);
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.content).toEqual([{ type: 'text', text: '' }]);
  });
});

describe('Anthropic answers to OpenAI clients', () => {
  it('becomes a chat completion with tool_calls, skipping thinking blocks', () => {
    const result = decodeAnthropicResponse(anthropicToolAnswer);
    expect(result.usage).toEqual(usage);
    const completion = encodeOpenAIResponse(result, usage);
    expect(completion).toMatchObject({
      id: 'chatcmpl-msg_01',
      object: 'chat.completion',
      model: 'claude-sonnet-4-5',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Let me check.',
            tool_calls: [
              {
                id: 'toolu_1',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 20,
        completion_tokens: 8,
        total_tokens: 28,
        prompt_tokens_details: { cached_tokens: 5 },
      },
    });
  });

  it('reports the matched stop sequence as stop for OpenAI and keeps it for Anthropic', () => {
    const result = decodeAnthropicResponse({
      ...anthropicToolAnswer,
      content: [{ type: 'text', text: 'a' }],
      stop_reason: 'stop_sequence',
      stop_sequence: 'END',
    });
    expect(encodeOpenAIResponse(result, usage)).toMatchObject({
      choices: [{ finish_reason: 'stop', message: { content: 'a' } }],
    });
    expect(encodeAnthropicResponse(result, usage)).toMatchObject({
      stop_reason: 'stop_sequence',
      stop_sequence: 'END',
    });
  });

  it('sets content to null when the answer is only tool calls', () => {
    const result = decodeAnthropicResponse({
      ...anthropicToolAnswer,
      content: [anthropicToolAnswer.content[2]],
    });
    expect(encodeOpenAIResponse(result, usage)).toMatchObject({ choices: [{ message: { content: null } }] });
  });
});

describe('Gemini answers', () => {
  const geminiAnswer = {
    candidates: [
      {
        index: 0,
        content: {
          role: 'model',
          parts: [
            { text: 'thinking…', thought: true },
            { text: 'Checking ' },
            { text: 'now.' },
            { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'abc' },
          ],
        },
        finishReason: 'STOP',
      },
    ],
    usageMetadata: {
      promptTokenCount: 20,
      candidatesTokenCount: 6,
      thoughtsTokenCount: 2,
      cachedContentTokenCount: 5,
    },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'resp-1',
  };

  it('decode text and function calls, with tool_calls as the finish reason', () => {
    const result = decodeGeminiResponse(geminiAnswer, 'gemini-2.5-flash');
    expect(result.choices).toEqual([
      {
        index: 0,
        text: 'Checking now.',
        toolCalls: [
          { id: expect.stringMatching(/^call_/), name: 'get_weather', arguments: '{"city":"Paris"}' },
        ],
        finishReason: 'tool_calls',
      },
    ]);
    expect(result.usage).toEqual({
      promptTokens: 20,
      completionTokens: 8,
      cachedTokens: 5,
      cacheWriteTokens: 0,
      reasoningTokens: 2,
      estimated: false,
    });
    expect(encodeOpenAIResponse(result, result.usage ?? usage)).toMatchObject({
      id: 'chatcmpl-resp-1',
      model: 'gemini-2.5-flash',
    });
    expect(encodeAnthropicResponse(result, result.usage ?? usage)).toMatchObject({
      stop_reason: 'tool_use',
      content: [
        { type: 'text', text: 'Checking now.' },
        { type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } },
      ],
    });
  });

  it('reports a blocked prompt as a content filter stop', () => {
    const result = decodeGeminiResponse(
      { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 3 } },
      'gemini-2.5-pro',
    );
    expect(result.choices).toEqual([{ index: 0, text: '', toolCalls: [], finishReason: 'content_filter' }]);
    expect(result.model).toBe('gemini-2.5-pro');
    expect(encodeOpenAIResponse(result, usage)).toMatchObject({
      choices: [{ finish_reason: 'content_filter' }],
    });
  });

  it('maps MAX_TOKENS to length', () => {
    const result = decodeGeminiResponse(
      { candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: 'MAX_TOKENS' }] },
      'g',
    );
    expect(result.choices[0]?.finishReason).toBe('length');
  });
});
