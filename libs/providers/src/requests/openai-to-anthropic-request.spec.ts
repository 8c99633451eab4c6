import { describe, expect, it } from '@jest/globals';
import { DEFAULT_ANTHROPIC_MAX_TOKENS, openAIRequestToAnthropic } from './openai-to-anthropic-request.js';

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('openAIRequestToAnthropic', () => {
  it('moves system and developer messages to `system` and uses the routed model', () => {
    const request = openAIRequestToAnthropic(
      {
        model: 'client-model',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'developer', content: [{ type: 'text', text: 'Use French.' }] },
          { role: 'user', content: 'Hello' },
        ],
      },
      'claude-sonnet-4-5',
      false,
    );
    expect(request).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: DEFAULT_ANTHROPIC_MAX_TOKENS,
      system: 'Be brief.\n\nUse French.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    });
  });

  it('translates text and image parts, inline and by URL, and PDF files', () => {
    const request = openAIRequestToAnthropic(
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0K' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
              {
                type: 'file',
                file: { file_data: 'data:application/pdf;base64,JVBERi0x', filename: 'a.pdf' },
              },
            ],
          },
        ],
      },
      'm',
      false,
    );
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' } },
        ],
      },
    ]);
  });

  it('turns tool calls into tool_use blocks and merges tool results and the next user text into one user turn', () => {
    const request = openAIRequestToAnthropic(
      {
        messages: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
              {
                id: 'call_2',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: '18C' },
          { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '25C' }] },
          { role: 'user', content: 'Thanks' },
        ],
        tools: [weatherTool, { type: 'custom', custom: { name: 'grammar_tool' } }],
      },
      'm',
      false,
    );
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '18C' },
          { type: 'tool_result', tool_use_id: 'call_2', content: '25C' },
          { type: 'text', text: 'Thanks' },
        ],
      },
    ]);
    expect(request.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather for a city',
        input_schema: weatherTool.function.parameters,
      },
    ]);
  });

  it.each([
    ['auto', undefined, { type: 'auto' }],
    ['required', undefined, { type: 'any' }],
    ['none', undefined, { type: 'none' }],
    [
      { type: 'function', function: { name: 'get_weather' } },
      undefined,
      { type: 'tool', name: 'get_weather' },
    ],
    [undefined, false, { type: 'auto', disable_parallel_tool_use: true }],
    ['required', false, { type: 'any', disable_parallel_tool_use: true }],
  ])('maps tool_choice %j with parallel_tool_calls %j', (toolChoice, parallel, expected) => {
    const request = openAIRequestToAnthropic(
      {
        messages: [{ role: 'user', content: 'x' }],
        tools: [weatherTool],
        tool_choice: toolChoice,
        parallel_tool_calls: parallel,
      },
      'm',
      false,
    );
    expect(request.tool_choice).toEqual(expected);
  });

  it('maps limits and sampling, clamps temperature to 1 and drops what Anthropic lacks', () => {
    const request = openAIRequestToAnthropic(
      {
        messages: [{ role: 'user', content: 'x' }],
        max_completion_tokens: 300,
        temperature: 1.6,
        top_p: 0.9,
        stop: ['END', '  '],
        user: 'user-42',
        n: 2,
        presence_penalty: 1,
        logit_bias: { 1: 2 },
        seed: 7,
        response_format: { type: 'json_object' },
        stream_options: { include_usage: true },
      },
      'm',
      true,
    );
    expect(request).toEqual({
      model: 'm',
      max_tokens: 300,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      temperature: 1,
      top_p: 0.9,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
      stream: true,
    });
  });

  it('accepts a single stop string and omits an empty stop list', () => {
    expect(openAIRequestToAnthropic({ messages: [], stop: 'STOP' }, 'm', false).stop_sequences).toEqual([
      'STOP',
    ]);
    expect(openAIRequestToAnthropic({ messages: [], stop: [] }, 'm', false).stop_sequences).toBeUndefined();
  });
});
