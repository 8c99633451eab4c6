import { describe, expect, it } from '@jest/globals';
import { UnsupportedOperationError } from '../errors/upstream-error.js';
import { unreachableTarget } from '../../test/targets.js';
import { prepareResponses, storedResponseRequest } from './responses-exchange.js';
import { responsesRequestToChat, statefulField } from './responses-request.js';

const target = unreachableTarget;

const ROUND_TRIP = {
  model: 'any',
  instructions: 'Be brief.',
  input: [
    { role: 'user', content: 'Weather in Paris?' },
    {
      type: 'message',
      role: 'user',
      content: [
        { type: 'input_text', text: 'And this picture?' },
        { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' },
      ],
    },
    { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    { type: 'function_call_output', call_id: 'call_1', output: '{"temp":21}' },
  ],
  tools: [
    {
      type: 'function',
      name: 'get_weather',
      description: 'Weather',
      parameters: { type: 'object' },
      strict: true,
    },
  ],
  tool_choice: { type: 'function', name: 'get_weather' },
  temperature: 0.2,
  max_output_tokens: 300,
  metadata: { ticket: '42' },
  user: 'ada',
  stream: true,
};

/** The field an UnsupportedOperationError names, or the error itself if something else was thrown. */
function refusedField(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error instanceof UnsupportedOperationError ? error.param : error;
  }
  return undefined;
}

describe('Responses request → chat completions', () => {
  it('carries instructions, messages, image parts, a function-call round trip, tools and settings', () => {
    expect(responsesRequestToChat(ROUND_TRIP)).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'And this picture?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather',
            parameters: { type: 'object' },
            strict: true,
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      temperature: 0.2,
      max_tokens: 300,
      user: 'ada',
      stream: true,
    });
  });

  it('a string input is one user message; an assistant turn with text keeps its following calls', () => {
    expect(responsesRequestToChat({ input: 'hi' }).messages).toEqual([{ role: 'user', content: 'hi' }]);
    const chat = responsesRequestToChat({
      input: [
        { role: 'assistant', content: [{ type: 'output_text', text: 'Let me check.' }] },
        { type: 'function_call', call_id: 'a', name: 'f', arguments: '{}' },
        { type: 'function_call', call_id: 'b', name: 'g', arguments: '{}' },
      ],
    });
    expect(chat.messages).toEqual([
      {
        role: 'assistant',
        content: 'Let me check.',
        tool_calls: [
          { id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } },
          { id: 'b', type: 'function', function: { name: 'g', arguments: '{}' } },
        ],
      },
    ]);
  });

  it('refuses what only a Responses upstream can do, naming the field', () => {
    expect(refusedField(() => responsesRequestToChat({ input: 'x', tools: [{ type: 'web_search' }] }))).toBe(
      'tools[0].type',
    );
    expect(
      refusedField(() => responsesRequestToChat({ input: [{ type: 'input_image', file_id: 'f' }] })),
    ).toBe('input[0].type');
    expect(
      refusedField(() =>
        responsesRequestToChat({
          input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'f' }] }],
        }),
      ),
    ).toBe('input[0].content[0]');
    expect(
      refusedField(() => responsesRequestToChat({ input: [{ type: 'function_call_output', output: 'x' }] })),
    ).toBe('input[0].call_id');
  });

  it('names the stateful field of a request', () => {
    expect(statefulField({ input: 'x' })).toBeUndefined();
    expect(statefulField({ input: 'x', store: false })).toBeUndefined();
    expect(statefulField({ input: 'x', previous_response_id: 'resp_1' })).toBe('previous_response_id');
    expect(statefulField({ input: 'x', store: true })).toBe('store');
    expect(statefulField({ input: [{ type: 'item_reference', id: 'msg_1' }] })).toBe('input[0]');
  });
});

describe('prepareResponses', () => {
  it('passes the request through to an upstream that serves the Responses API, with the routed model', () => {
    const body = {
      ...ROUND_TRIP,
      previous_response_id: 'resp_0',
      store: true,
      tools: [{ type: 'web_search' }],
    };
    const { request } = prepareResponses({ body, target: target('openai', true) });
    expect(request.url).toBe('https://upstream.invalid/v1/responses');
    expect(request.headers.authorization).toBe('Bearer sk-secret');
    expect(JSON.parse(request.body!)).toEqual({ ...body, model: 'routed-model' });
  });

  it('refuses a stateful request for any other upstream, naming the field', () => {
    for (const type of ['openai', 'anthropic', 'gemini'] as const) {
      expect(
        refusedField(() =>
          prepareResponses({ body: { input: 'x', previous_response_id: 'resp_0' }, target: target(type) }),
        ),
      ).toBe('previous_response_id');
      expect(
        refusedField(() => prepareResponses({ body: { input: 'x', store: true }, target: target(type) })),
      ).toBe('store');
    }
  });

  it('translates to chat completions, Anthropic Messages and Gemini', () => {
    const openai = prepareResponses({ body: ROUND_TRIP, target: target('openai') }).request;
    expect(openai.url).toBe('https://upstream.invalid/v1/chat/completions');
    expect(JSON.parse(openai.body!)).toMatchObject({
      model: 'routed-model',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 300,
    });

    const anthropic = prepareResponses({ body: ROUND_TRIP, target: target('anthropic') }).request;
    expect(anthropic.url).toBe('https://upstream.invalid/v1/messages');
    const messages = JSON.parse(anthropic.body!) as Record<string, unknown>;
    expect(messages).toMatchObject({
      model: 'routed-model',
      system: 'Be brief.',
      max_tokens: 300,
      stream: true,
    });
    expect(JSON.stringify(messages.messages)).toContain('"type":"tool_result","tool_use_id":"call_1"');
    expect(messages.tools).toEqual([
      expect.objectContaining({ name: 'get_weather', input_schema: { type: 'object' } }),
    ]);

    const gemini = prepareResponses({ body: ROUND_TRIP, target: target('gemini') }).request;
    expect(gemini.url).toBe('https://upstream.invalid/v1/models/routed-model:streamGenerateContent?alt=sse');
    const contents = JSON.parse(gemini.body!) as Record<string, unknown>;
    expect(contents).toMatchObject({
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { maxOutputTokens: 300, temperature: 0.2 },
    });
    expect(JSON.stringify(contents.contents)).toContain('"functionResponse"');
  });
});

describe('whole answers', () => {
  it('a translated answer becomes output items and Responses usage', () => {
    const exchange = prepareResponses({
      body: { ...ROUND_TRIP, stream: false },
      target: target('anthropic'),
    });
    const { body, usage } = exchange.translateResponse(
      JSON.stringify({
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [
          { type: 'text', text: 'Calling.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 10, cache_read_input_tokens: 5, output_tokens: 7 },
      }),
    );
    const response = JSON.parse(body.toString()) as Record<string, unknown>;
    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'claude-sonnet-4-5',
      instructions: 'Be brief.',
      max_output_tokens: 300,
      metadata: { ticket: '42' },
      user: 'ada',
      store: false,
      output: [
        {
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Calling.' }],
        },
        { type: 'function_call', call_id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
      usage: {
        input_tokens: 15,
        input_tokens_details: { cached_tokens: 5 },
        output_tokens: 7,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 22,
      },
    });
    expect(String(response.id)).toMatch(/^resp_/);
    expect(usage).toMatchObject({ promptTokens: 15, cachedTokens: 5, completionTokens: 7, estimated: false });
  });

  it('a length stop is an incomplete response', () => {
    const exchange = prepareResponses({ body: { input: 'x' }, target: target('openai') });
    const { body } = exchange.translateResponse(
      JSON.stringify({
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hal' }, finish_reason: 'length' }],
        usage: { prompt_tokens: 1, completion_tokens: 1 },
      }),
    );
    expect(JSON.parse(body.toString())).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
  });

  it('a passed-through answer keeps its bytes and gives its usage', () => {
    const exchange = prepareResponses({ body: { input: 'x' }, target: target('openai', true) });
    const raw = Buffer.from(
      JSON.stringify({
        id: 'resp_1',
        object: 'response',
        output: [],
        usage: {
          input_tokens: 30,
          input_tokens_details: { cached_tokens: 10 },
          output_tokens: 4,
          output_tokens_details: { reasoning_tokens: 1 },
          total_tokens: 34,
        },
        metadata: {},
      }),
    );
    const { body, usage, storedResponseId } = exchange.translateResponse(raw);
    expect(body).toBe(raw);
    expect(storedResponseId).toBe('resp_1');
    const unstored = prepareResponses({ body: { input: 'x', store: false }, target: target('openai', true) });
    expect(unstored.translateResponse(raw).storedResponseId).toBeUndefined();
    expect(storedResponseRequest(target('openai', true), 'resp_1/x')).toEqual({
      method: 'GET',
      url: 'https://upstream.invalid/v1/responses/resp_1%2Fx',
      headers: { authorization: 'Bearer sk-secret', accept: 'application/json' },
    });
    expect(usage).toEqual({
      promptTokens: 30,
      completionTokens: 4,
      cachedTokens: 10,
      reasoningTokens: 1,
      cacheWriteTokens: 0,
      estimated: false,
    });
  });
});
