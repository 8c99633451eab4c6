import { describe, expect, it } from '@jest/globals';
import { anthropicRequestToOpenAI } from './anthropic-to-openai-request.js';

const options = { useMaxCompletionTokens: false };

describe('anthropicRequestToOpenAI', () => {
  it('puts the system prompt first and keeps text-only content as strings', () => {
    const request = anthropicRequestToOpenAI(
      {
        model: 'claude',
        max_tokens: 256,
        system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
          { role: 'assistant', content: 'Hi!' },
          { role: 'user', content: 'Bye' },
        ],
        temperature: 0.2,
        top_k: 5,
        stop_sequences: ['END'],
        metadata: { user_id: 'u1' },
      },
      'gpt-4o-mini',
      false,
      options,
    );
    expect(request).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi!' },
        { role: 'user', content: 'Bye' },
      ],
      max_tokens: 256,
      temperature: 0.2,
      stop: ['END'],
      user: 'u1',
    });
  });

  it('sends max_completion_tokens to models that require it', () => {
    const request = anthropicRequestToOpenAI({ max_tokens: 10, messages: [] }, 'o3', false, {
      useMaxCompletionTokens: true,
    });
    expect(request.max_completion_tokens).toBe(10);
    expect(request.max_tokens).toBeUndefined();
  });

  it('translates images and PDF documents into OpenAI parts', () => {
    const request = anthropicRequestToOpenAI(
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Describe' },
              { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4A' } },
              { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
              {
                type: 'document',
                title: 'r.pdf',
                source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' },
              },
            ],
          },
        ],
      },
      'm',
      false,
      options,
    );
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Describe' },
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4A' } },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBE', filename: 'r.pdf' } },
        ],
      },
    ]);
  });

  it('turns tool_use into tool_calls and tool_result blocks into tool messages placed before user text', () => {
    const request = anthropicRequestToOpenAI(
      {
        messages: [
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'hmm', signature: 'sig' },
              { type: 'text', text: 'Checking.' },
              { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Also, hurry.' },
              { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '18C' }] },
            ],
          },
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: {} }],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_2', content: 'unknown city', is_error: true },
            ],
          },
        ],
      },
      'm',
      false,
      options,
    );
    expect(request.messages).toEqual([
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          {
            id: 'toolu_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: '18C' },
      { role: 'user', content: 'Also, hurry.' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'toolu_2', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: unknown city' },
    ]);
  });

  it('moves images returned by a tool into a user message after the tool message', () => {
    const request = anthropicRequestToOpenAI(
      {
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 't1',
                content: [
                  { type: 'text', text: 'screenshot:' },
                  { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAA' } },
                ],
              },
            ],
          },
        ],
      },
      'm',
      false,
      options,
    );
    expect(request.messages).toEqual([
      { role: 'tool', tool_call_id: 't1', content: 'screenshot:' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAA' } }] },
    ]);
  });

  it.each([
    [{ type: 'auto' }, 'auto', undefined],
    [{ type: 'any' }, 'required', undefined],
    [{ type: 'none' }, 'none', undefined],
    [
      { type: 'tool', name: 'get_weather' },
      { type: 'function', function: { name: 'get_weather' } },
      undefined,
    ],
    [{ type: 'auto', disable_parallel_tool_use: true }, 'auto', false],
  ])('maps tool_choice %j', (toolChoice, expectedChoice, expectedParallel) => {
    const request = anthropicRequestToOpenAI(
      {
        messages: [],
        tools: [
          {
            name: 'get_weather',
            description: 'Weather',
            input_schema: { type: 'object', properties: { city: { type: 'string' } } },
          },
          { type: 'web_search_20250305', name: 'web_search' },
        ],
        tool_choice: toolChoice,
      },
      'm',
      true,
      options,
    );
    expect(request.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    ]);
    expect(request.tool_choice).toEqual(expectedChoice);
    expect(request.parallel_tool_calls).toBe(expectedParallel);
    expect(request.stream).toBe(true);
  });
});
