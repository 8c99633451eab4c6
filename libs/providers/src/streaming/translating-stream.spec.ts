import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from '@jest/globals';
import { countTokens } from 'gpt-tokenizer';
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
import { dataLines, fetchReturningStream, translateInPieces } from '../../test/stream-harness.js';
import type { ClientFormat, ProviderType } from '../provider-types.js';
import { createStreamTranslator } from './create-stream-translator.js';
import type { StreamContext } from './stream-translator.js';

function context(client: ClientFormat, upstream: ProviderType, clientWantsUsage = false): StreamContext {
  return {
    client,
    upstream,
    clientWantsUsage,
    model: 'routed-model',
    estimatePromptTokens: () => 42,
    redact: (text) => text.replace('sk-secret', '[redacted]'),
  };
}

/** Runs the client-format output through the official OpenAI SDK's stream accumulator. */
async function openAISdkRead(sse: string) {
  const client = new OpenAI({
    apiKey: 'test',
    baseURL: 'http://gateway.invalid/v1',
    fetch: fetchReturningStream(sse),
    maxRetries: 0,
  });
  const stream = client.chat.completions.stream({
    model: 'any',
    messages: [{ role: 'user', content: 'hi' }],
    stream_options: { include_usage: true },
  });
  return stream.finalChatCompletion();
}

/** Runs the client-format output through the official Anthropic SDK's stream accumulator. */
async function anthropicSdkRead(sse: string) {
  const client = new Anthropic({
    apiKey: 'test',
    baseURL: 'http://gateway.invalid',
    fetch: fetchReturningStream(sse),
    maxRetries: 0,
  });
  return client.messages
    .stream({ model: 'any', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
    .finalMessage();
}

const PIECE_SIZES = [[1_000_000], [1], [5, 11, 97]];

describe.each(PIECE_SIZES)('stream translation (upstream split into pieces of %j bytes)', (...sizes) => {
  it('Anthropic upstream → OpenAI client: text, finish reason and usage chunk', async () => {
    const translator = createStreamTranslator(context('openai', 'anthropic', true));
    const output = translateInPieces(translator, anthropicTextStream(), sizes);
    const completion = await openAISdkRead(output);
    expect(completion.choices[0]?.message.content).toBe('Hello wörld 🚀');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.model).toBe('claude-sonnet-4-5');
    expect(completion.usage).toMatchObject({
      prompt_tokens: 9,
      completion_tokens: 2,
      prompt_tokens_details: { cached_tokens: 4 },
    });
    expect(translator.usage()).toEqual({
      promptTokens: 9,
      completionTokens: 2,
      cachedTokens: 4,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      estimated: false,
    });
    expect(translator.completed).toBe(true);
  });

  it('Anthropic upstream → OpenAI client: tool calls, thinking skipped', async () => {
    const output = translateInPieces(
      createStreamTranslator(context('openai', 'anthropic')),
      anthropicToolStream(),
      sizes,
    );
    const completion = await openAISdkRead(output);
    expect(completion.choices[0]?.message).toMatchObject({
      content: 'Checking.',
      tool_calls: [
        { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      ],
    });
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(output).not.toContain('"usage"');
  });

  it('OpenAI upstream → Anthropic client: text, stop reason and usage', async () => {
    const translator = createStreamTranslator(context('anthropic', 'openai'));
    const message = await anthropicSdkRead(translateInPieces(translator, openAITextStream(), sizes));
    expect(message.content).toEqual([{ type: 'text', text: 'Hello wörld 🚀' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.model).toBe('gpt-4o-mini');
    expect(message.usage).toMatchObject({ input_tokens: 5, output_tokens: 2, cache_read_input_tokens: 4 });
  });

  it('OpenAI upstream → Anthropic client: parallel tool calls become tool_use blocks', async () => {
    const message = await anthropicSdkRead(
      translateInPieces(createStreamTranslator(context('anthropic', 'openai')), openAIToolStream(), sizes),
    );
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('Gemini upstream → OpenAI client: text and usage with thinking tokens', async () => {
    const translator = createStreamTranslator(context('openai', 'gemini', true));
    const completion = await openAISdkRead(translateInPieces(translator, geminiTextStream(), sizes));
    expect(completion.choices[0]?.message.content).toBe('Hello wörld 🚀');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({
      prompt_tokens: 9,
      completion_tokens: 5,
      completion_tokens_details: { reasoning_tokens: 3 },
    });
    expect(translator.completed).toBe(true);
  });

  it('Gemini upstream → OpenAI client: a function call', async () => {
    const completion = await openAISdkRead(
      translateInPieces(createStreamTranslator(context('openai', 'gemini')), geminiToolStream(), sizes),
    );
    expect(completion.choices[0]?.message.content).toBe('Checking.');
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
    });
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('Gemini upstream → Anthropic client: text then tool_use, usage', async () => {
    const translator = createStreamTranslator(context('anthropic', 'gemini'));
    const message = await anthropicSdkRead(translateInPieces(translator, geminiToolStream(), sizes));
    expect(message.content).toEqual([
      { type: 'text', text: 'Checking.' },
      {
        type: 'tool_use',
        id: expect.stringMatching(/^call_/),
        name: 'get_weather',
        input: { city: 'Paris' },
      },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 9, output_tokens: 12 });
  });
});

describe('stream translation failures', () => {
  it('turns an Anthropic error event into an OpenAI error chunk and records the failure', () => {
    const translator = createStreamTranslator(context('openai', 'anthropic'));
    const output = translateInPieces(translator, anthropicStreamFailingMidway());
    const lines = dataLines(output);
    expect(JSON.parse(lines[lines.length - 2] ?? '')).toEqual({
      error: { message: 'Overloaded', type: 'server_error', param: null, code: null },
    });
    expect(lines[lines.length - 1]).toBe('[DONE]');
    expect(translator.upstreamError?.status).toBe(529);
    expect(translator.completed).toBe(false);
  });

  it('turns a Gemini error chunk into an Anthropic error event, redacting secrets', () => {
    const translator = createStreamTranslator(context('anthropic', 'gemini'));
    const errorChunk =
      'data: {"error":{"code":429,"message":"Quota exceeded for key sk-secret","status":"RESOURCE_EXHAUSTED"}}\r\n\r\n';
    const output = translateInPieces(
      translator,
      geminiTextStream().split('\r\n\r\n')[0] + '\r\n\r\n' + errorChunk,
    );
    expect(output).toContain(
      'event: error\ndata: {"type":"error","error":{"type":"rate_limit_error","message":"Quota exceeded for key [redacted]"}}',
    );
    expect(translator.upstreamError?.status).toBe(429);
  });

  it('rejects a stream that ends before its finish event, for Anthropic clients too', async () => {
    const translator = createStreamTranslator(context('anthropic', 'openai'));
    const body = openAITextStream();
    const output = translateInPieces(translator, body.slice(0, body.indexOf('finish_reason":"stop') - 200));
    expect(translator.completed).toBe(false);
    await expect(anthropicSdkRead(output)).rejects.toThrow(/ended before the answer was complete/);
  });

  it('estimates usage when a translated upstream reports none', () => {
    const translator = createStreamTranslator(context('anthropic', 'openai'));
    translateInPieces(translator, openAITextStream({ usage: false }));
    expect(translator.usage()).toEqual({
      promptTokens: 42,
      completionTokens: countTokens('Hello wörld 🚀'),
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      estimated: true,
    });
  });

  it('emits a complete Anthropic message even when the upstream produced no content', async () => {
    const translator = createStreamTranslator(context('anthropic', 'openai'));
    const output = translateInPieces(
      translator,
      'data: {"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}\n\ndata: [DONE]\n\n',
    );
    const message = await anthropicSdkRead(output);
    expect(message.content).toEqual([]);
    expect(message.stop_reason).toBe('max_tokens');
  });
});
