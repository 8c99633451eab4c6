import { describe, expect, it } from '@jest/globals';
import { openAIRequestToGemini, REPLAYED_THOUGHT_SIGNATURE } from './openai-to-gemini-request.js';

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    },
  },
};

describe('openAIRequestToGemini', () => {
  it('maps system prompts, roles and generation settings', () => {
    const request = openAIRequestToGemini({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'Bye' },
      ],
      temperature: 0.3,
      top_p: 0.8,
      max_tokens: 100,
      stop: ['END', 'STOP'],
      n: 2,
      seed: 9,
      presence_penalty: 0.5,
      response_format: { type: 'json_object' },
      reasoning_effort: 'low',
      logit_bias: { 1: 1 },
    });
    expect(request).toEqual({
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Hello!' }] },
        { role: 'user', parts: [{ text: 'Bye' }] },
      ],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: {
        temperature: 0.3,
        topP: 0.8,
        maxOutputTokens: 100,
        stopSequences: ['END', 'STOP'],
        candidateCount: 2,
        presencePenalty: 0.5,
        seed: 9,
        responseMimeType: 'application/json',
        thinkingConfig: { thinkingBudget: 1024 },
      },
    });
  });

  it('sends inline images as inlineData and URLs as fileData', () => {
    const request = openAIRequestToGemini({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image_url', image_url: { url: 'data:image/webp;base64,UklG' } },
            { type: 'image_url', image_url: { url: 'https://example.com/b.png?x=1' } },
          ],
        },
      ],
    });
    expect(request.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'Compare' },
          { inlineData: { mimeType: 'image/webp', data: 'UklG' } },
          { fileData: { mimeType: 'image/png', fileUri: 'https://example.com/b.png?x=1' } },
        ],
      },
    ]);
  });

  it('translates tools, calls and results, naming each result after its call and grouping parallel results', () => {
    const request = openAIRequestToGemini({
      messages: [
        { role: 'user', content: 'Paris and Rome?' },
        {
          role: 'assistant',
          tool_calls: [
            {
              id: 'call_a',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
            { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: '{"temp":18}' },
        { role: 'tool', tool_call_id: 'call_b', content: '10:00' },
      ],
      tools: [
        weatherTool,
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    expect(request.contents).toEqual([
      { role: 'user', parts: [{ text: 'Paris and Rome?' }] },
      {
        role: 'model',
        parts: [
          {
            functionCall: { name: 'get_weather', args: { city: 'Paris' } },
            thoughtSignature: REPLAYED_THOUGHT_SIGNATURE,
          },
          { functionCall: { name: 'get_time', args: { city: 'Rome' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { temp: 18 } } },
          { functionResponse: { name: 'get_time', response: { content: '10:00' } } },
        ],
      },
    ]);
    expect(request.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Weather for a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
          { name: 'get_time' },
        ],
      },
    ]);
    expect(request.toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
    });
  });

  it.each([
    ['auto', { functionCallingConfig: { mode: 'AUTO' } }],
    ['none', { functionCallingConfig: { mode: 'NONE' } }],
    ['required', { functionCallingConfig: { mode: 'ANY' } }],
  ])('maps tool_choice %s', (choice, expected) => {
    expect(
      openAIRequestToGemini({ messages: [], tools: [weatherTool], tool_choice: choice }).toolConfig,
    ).toEqual(expected);
  });

  it('turns a json_schema response format into a Gemini response schema', () => {
    const request = openAIRequestToGemini({
      messages: [],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'x',
          schema: { type: 'object', properties: { a: { type: ['string', 'null'] } } },
        },
      },
    });
    expect(request.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { a: { type: 'string', nullable: true } } },
    });
  });
});
