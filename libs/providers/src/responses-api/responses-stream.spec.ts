import { describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import {
  anthropicStreamFailingMidway,
  anthropicTextStream,
  anthropicToolStream,
  geminiTextStream,
  geminiToolStream,
  openAITextStream,
  openAIToolStream,
} from '../../test/sse-fixtures.js';
import { fetchReturningStream, translateInPieces } from '../../test/stream-harness.js';
import { unreachableTarget } from '../../test/targets.js';
import { parseSseEvent } from '../sse/sse-event.js';
import { prepareResponses } from './responses-exchange.js';

const REQUEST = {
  model: 'any',
  input: 'What is the weather in Paris?',
  tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }],
  stream: true,
};

const target = unreachableTarget;

function sdk(sse: string): OpenAI {
  return new OpenAI({
    apiKey: 'test',
    baseURL: 'http://gateway.invalid/v1',
    fetch: fetchReturningStream(sse),
    maxRetries: 0,
  });
}

/** The event types and sequence numbers of a Responses SSE body. */
function events(sse: string): { event: string | undefined; data: Record<string, unknown> }[] {
  return sse
    .split('\n\n')
    .filter((frame) => frame.trim().length > 0)
    .map((frame) => {
      const event = parseSseEvent(frame)!;
      return { event: event.event, data: JSON.parse(event.data) as Record<string, unknown> };
    });
}

const PIECE_SIZES = [[1_000_000], [1], [7, 13, 101]];

describe.each(PIECE_SIZES)('Responses streams translated (upstream in pieces of %j bytes)', (...sizes) => {
  it.each([
    ['openai', openAITextStream()],
    ['anthropic', anthropicTextStream()],
    ['gemini', geminiTextStream()],
  ] as const)('%s text → the event sequence the SDK accumulates', async (type, upstream) => {
    const translator = prepareResponses({ body: REQUEST, target: target(type) }).createStreamTranslator();
    const sse = translateInPieces(translator, upstream, sizes);
    const response = await sdk(sse)
      .responses.stream(REQUEST as never)
      .finalResponse();
    expect(response.output_text).toBe('Hello wörld 🚀');
    expect(response.status).toBe('completed');
    expect(response.usage).toMatchObject({
      input_tokens: translator.usage().promptTokens,
      output_tokens: translator.usage().completionTokens,
      total_tokens: translator.usage().promptTokens + translator.usage().completionTokens,
      input_tokens_details: { cached_tokens: translator.usage().cachedTokens },
      output_tokens_details: { reasoning_tokens: translator.usage().reasoningTokens },
    });
    expect(translator.completed).toBe(true);

    const sequence = events(sse);
    expect(sequence.map((e) => e.data.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(sequence.map((e) => e.data.sequence_number)).toEqual(sequence.map((_, index) => index));
    expect(sequence.every((e) => e.event === e.data.type)).toBe(true);
  });

  it.each([
    ['openai', openAIToolStream(), ['get_weather', 'get_time']],
    ['anthropic', anthropicToolStream(), ['get_weather']],
    ['gemini', geminiToolStream(), ['get_weather']],
  ] as const)('%s tool calls → function_call items with their arguments', async (type, upstream, names) => {
    const translator = prepareResponses({ body: REQUEST, target: target(type) }).createStreamTranslator();
    const sse = translateInPieces(translator, upstream, sizes);
    const stream = sdk(sse).responses.stream(REQUEST as never);
    const deltas: string[] = [];
    stream.on('response.function_call_arguments.delta', (event) => deltas.push(event.delta));
    const response = await stream.finalResponse();
    const calls = response.output.filter((item) => item.type === 'function_call');
    expect(calls.map((call) => call.name)).toEqual(names);
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ city: 'Paris' });
    expect(calls.every((call) => call.call_id.length > 0 && call.status === 'completed')).toBe(true);
    expect(deltas.join('')).toContain('Paris');
    const types = events(sse).map((e) => e.data.type);
    expect(types).toContain('response.function_call_arguments.done');
    expect(types.at(-1)).toBe('response.completed');
  });
});

describe('Responses stream failures', () => {
  it('an upstream error after the first byte → response.failed, then an error event the SDK raises', async () => {
    const translator = prepareResponses({
      body: REQUEST,
      target: target('anthropic'),
    }).createStreamTranslator();
    const sse = translateInPieces(translator, anthropicStreamFailingMidway());
    const sequence = events(sse);
    expect(sequence.slice(-2).map((e) => e.data.type)).toEqual(['response.failed', 'error']);
    expect(sequence.map((e) => e.data.sequence_number)).toEqual(sequence.map((_, index) => index));
    expect(sequence.at(-1)!.data).toMatchObject({ message: 'Overloaded' });
    await expect(
      sdk(sse)
        .responses.stream(REQUEST as never)
        .finalResponse(),
    ).rejects.toThrow('Overloaded');
    expect(translator.completed).toBe(false);
    expect(translator.upstreamError?.status).toBe(529);
  });

  it('an upstream that stops before its end → an error event, not a completed response', () => {
    const translator = prepareResponses({ body: REQUEST, target: target('openai') }).createStreamTranslator();
    const cut = openAITextStream().split('\n\n').slice(0, 2).join('\n\n') + '\n\n';
    const sse = translateInPieces(translator, cut);
    const types = events(sse).map((e) => e.data.type);
    expect(types).toContain('response.failed');
    expect(types.at(-1)).toBe('error');
    expect(types).not.toContain('response.completed');
    expect(translator.completed).toBe(false);
  });

  it('a broken connection → fail() continues the sequence', () => {
    const translator = prepareResponses({ body: REQUEST, target: target('gemini') }).createStreamTranslator();
    const first = translator.push(geminiTextStream().split('\r\n\r\n')[0] + '\r\n\r\n').toString();
    const tail = translator.fail({ status: 502, message: 'The upstream connection was lost mid-stream' });
    const sequence = events(first + tail);
    expect(sequence.at(-1)!.data).toMatchObject({
      type: 'error',
      code: 'server_error',
      message: 'The upstream connection was lost mid-stream',
      sequence_number: sequence.length - 1,
    });
  });
});

/** A Responses stream as OpenAI sends it. */
function nativeStream(options: { complete: boolean }): string {
  const response = {
    id: 'resp_1',
    object: 'response',
    created_at: 1_700_000_000,
    status: 'in_progress',
    model: 'gpt-4.1',
    output: [],
    usage: null,
  };
  const item = { id: 'msg_1', type: 'message', status: 'in_progress', role: 'assistant', content: [] };
  const part = { type: 'output_text', text: '', annotations: [] };
  const done = { ...item, status: 'completed', content: [{ ...part, text: 'Hi there' }] };
  const frames: Record<string, unknown>[] = [
    { type: 'response.created', response },
    { type: 'response.in_progress', response },
    { type: 'response.output_item.added', output_index: 0, item },
    { type: 'response.content_part.added', item_id: 'msg_1', output_index: 0, content_index: 0, part },
    { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hi' },
    {
      type: 'response.output_text.delta',
      item_id: 'msg_1',
      output_index: 0,
      content_index: 0,
      delta: ' there',
    },
  ];
  if (options.complete)
    frames.push(
      {
        type: 'response.output_text.done',
        item_id: 'msg_1',
        output_index: 0,
        content_index: 0,
        text: 'Hi there',
      },
      {
        type: 'response.content_part.done',
        item_id: 'msg_1',
        output_index: 0,
        content_index: 0,
        part: done.content[0],
      },
      { type: 'response.output_item.done', output_index: 0, item: done },
      {
        type: 'response.completed',
        response: {
          ...response,
          status: 'completed',
          output: [done],
          usage: {
            input_tokens: 20,
            input_tokens_details: { cached_tokens: 8 },
            output_tokens: 5,
            output_tokens_details: { reasoning_tokens: 2 },
            total_tokens: 25,
          },
        },
      },
    );
  return frames
    .map(
      (frame, index) =>
        `event: ${String(frame.type)}\ndata: ${JSON.stringify({ ...frame, sequence_number: index })}\n\n`,
    )
    .join('');
}

describe('Responses streams passed through', () => {
  it.each(PIECE_SIZES)(
    'forwards the bytes unchanged and reads the usage (pieces of %j bytes)',
    (...sizes) => {
      const translator = prepareResponses({
        body: REQUEST,
        target: target('openai', true),
      }).createStreamTranslator();
      const upstream = nativeStream({ complete: true });
      expect(translateInPieces(translator, upstream, sizes)).toBe(upstream);
      expect(translator.usage()).toEqual({
        promptTokens: 20,
        completionTokens: 5,
        cachedTokens: 8,
        reasoningTokens: 2,
        cacheWriteTokens: 0,
        estimated: false,
      });
      expect(translator.completed).toBe(true);
      expect(translator.storedResponseId).toBe('resp_1');
    },
  );

  it('names no stored response when the request said store: false', () => {
    const translator = prepareResponses({
      body: { ...REQUEST, store: false },
      target: target('openai', true),
    }).createStreamTranslator();
    translateInPieces(translator, nativeStream({ complete: true }));
    expect(translator.storedResponseId).toBeUndefined();
  });

  it('a stream that stops early gets an error event numbered after the last one, and an estimate', () => {
    const translator = prepareResponses({
      body: REQUEST,
      target: target('openai', true),
    }).createStreamTranslator();
    const upstream = nativeStream({ complete: false });
    const output = translateInPieces(translator, upstream);
    const last = events(output).at(-1)!;
    expect(last.event).toBe('error');
    expect(last.data).toMatchObject({ type: 'error', sequence_number: 6 });
    expect(translator.completed).toBe(false);
    expect(translator.usage()).toMatchObject({ completionTokens: 2, estimated: true });
  });

  it('an upstream error event is forwarded and reported to the pool', () => {
    const translator = prepareResponses({
      body: REQUEST,
      target: target('openai', true),
    }).createStreamTranslator();
    const error = `event: error\ndata: ${JSON.stringify({ type: 'error', sequence_number: 0, code: 'rate_limit_exceeded', message: 'Slow down', param: null })}\n\n`;
    expect(translateInPieces(translator, error)).toBe(error);
    expect(translator.upstreamError?.status).toBe(429);
  });
});
