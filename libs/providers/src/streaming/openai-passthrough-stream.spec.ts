import { describe, expect, it } from '@jest/globals';
import { countTokens } from 'gpt-tokenizer';
import fc from 'fast-check';
import { OPENAI_USAGE_CHUNK, openAITextStream, openAIToolStream } from '../../test/sse-fixtures.js';
import { dataLines, translateInPieces } from '../../test/stream-harness.js';
import { createStreamTranslator } from './create-stream-translator.js';
import type { StreamContext } from './stream-translator.js';

function context(clientWantsUsage: boolean): StreamContext {
  return {
    client: 'openai',
    upstream: 'openai',
    clientWantsUsage,
    model: 'gpt-4o-mini',
    estimatePromptTokens: () => 42,
    redact: (text) => text,
  };
}

const reportedUsage = {
  promptTokens: 9,
  completionTokens: 2,
  cachedTokens: 4,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  estimated: false,
};

describe('OpenAI stream pass-through', () => {
  it('forwards every byte and reads the usage when the client asked for it', () => {
    const translator = createStreamTranslator(context(true));
    const body = openAITextStream();
    expect(translateInPieces(translator, body)).toBe(body);
    expect(translator.usage()).toEqual(reportedUsage);
    expect(translator.completed).toBe(true);
    expect(translator.upstreamError).toBeUndefined();
  });

  it('withholds the injected usage chunk from a client that did not ask, but still counts it', () => {
    const translator = createStreamTranslator(context(false));
    const output = translateInPieces(translator, openAITextStream());
    expect(output).toBe(openAITextStream().replace(OPENAI_USAGE_CHUNK, ''));
    expect(translator.usage()).toEqual(reportedUsage);
  });

  it('gives the same output however the upstream bytes are split', () => {
    const body = openAIToolStream();
    const expected = body.replace(OPENAI_USAGE_CHUNK, '');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        const translator = createStreamTranslator(context(false));
        expect(translateInPieces(translator, body, sizes)).toBe(expected);
        expect(translator.usage().completionTokens).toBe(2);
      }),
    );
  });

  it('returns slices of the input rather than copies when nothing is withheld', () => {
    const translator = createStreamTranslator(context(true));
    const chunk = Buffer.from(openAITextStream());
    const output = translator.push(chunk);
    expect(Buffer.isBuffer(output) && output.buffer === chunk.buffer).toBe(true);
  });

  it('reads usage and completion the same when every chunk carries "usage":null, however it is split', () => {
    // What OpenAI sends once `stream_options.include_usage` is on, and without [DONE] (some hosts omit it).
    const body = openAITextStream()
      .replace(/"finish_reason":(null|"stop")\}\]\}/g, '"finish_reason":$1}],"usage":null}')
      .replace('data: [DONE]\n\n', '');
    expect(body.match(/"usage":null/g)).toHaveLength(4);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 8 }), (sizes) => {
        const translator = createStreamTranslator(context(false));
        expect(translateInPieces(translator, body, sizes)).toBe(body.replace(OPENAI_USAGE_CHUNK, ''));
        expect(translator.usage()).toEqual(reportedUsage);
        expect(translator.completed).toBe(true);
      }),
    );
  });

  it('reads a chunk of whole events the same as the same bytes split anywhere', () => {
    const usageInEveryChunk = openAITextStream()
      .replace(OPENAI_USAGE_CHUNK, '')
      .replace(/"usage":null/g, '"usage":{"prompt_tokens":9,"completion_tokens":1}');
    const errorMidway =
      openAITextStream().slice(0, openAITextStream().indexOf('data: ', 400)) +
      'data: {"error":{"message":"overloaded","type":"server_error"}}\n\n' +
      openAITextStream().slice(openAITextStream().indexOf('data: ', 400));
    const bodies = [
      openAITextStream(),
      openAIToolStream(),
      openAITextStream({ usage: false }),
      openAITextStream().replace('data: [DONE]\n\n', ''),
      openAITextStream().replace(/"usage":null/g, '"usage" : null'),
      usageInEveryChunk,
      errorMidway,
      `: keep-alive\n\n\n${openAITextStream()}`,
      `event: ping\ndata: {}\n\n${openAITextStream()}`,
    ];
    const eventsOf = (body: string) => body.split(/(?<=\n\n)/);
    const outcome = (translator: ReturnType<typeof createStreamTranslator>, output: string) => ({
      output,
      usage: translator.usage(),
      completed: translator.completed,
      error: translator.upstreamError,
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...bodies),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 }),
        (body, clientWantsUsage, groupSizes) => {
          const events = eventsOf(body);
          const chunks: string[] = [];
          for (let at = 0, turn = 0; at < events.length; turn++) {
            const size = groupSizes[turn % groupSizes.length] as number;
            chunks.push(events.slice(at, at + size).join(''));
            at += size;
          }
          const whole = createStreamTranslator(context(clientWantsUsage));
          const wholeOutput = chunks.map((chunk) => Buffer.from(whole.push(Buffer.from(chunk))));
          wholeOutput.push(Buffer.from(whole.finish()));
          const split = createStreamTranslator(context(clientWantsUsage));
          expect(outcome(whole, Buffer.concat(wholeOutput).toString('utf8'))).toEqual(
            outcome(split, translateInPieces(split, body, [7, 1, 13])),
          );
        },
      ),
    );
  });

  it('estimates usage from the streamed text when the upstream reports none', () => {
    const translator = createStreamTranslator(context(false));
    translateInPieces(translator, openAITextStream({ usage: false }), [7]);
    expect(translator.usage()).toEqual({
      promptTokens: 42,
      completionTokens: countTokens('Hello wörld 🚀'),
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      estimated: true,
    });
  });

  it('records an upstream error chunk and forwards it untouched', () => {
    const translator = createStreamTranslator(context(false));
    const errorChunk =
      'data: {"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}\n\n';
    const output = translateInPieces(
      translator,
      openAITextStream()
        .slice(0, 300)
        .replace(/data: [^\n]*$/, '') + errorChunk,
    );
    expect(output.endsWith(errorChunk)).toBe(true);
    expect(translator.upstreamError).toMatchObject({ status: 429 });
    expect(translator.completed).toBe(false);
    expect(translator.fail({ status: 502, message: 'x' })).toBe('');
  });

  it('ends a stream cut short with an error chunk and [DONE]', () => {
    const translator = createStreamTranslator(context(false));
    const body = openAITextStream();
    const cut = body.slice(0, body.indexOf('finish_reason":"stop') - 200);
    const output = translateInPieces(translator, cut);
    expect(translator.completed).toBe(false);
    const tail = dataLines(output).slice(-2);
    expect(JSON.parse(tail[0] ?? '')).toMatchObject({ error: { type: 'server_error' } });
    expect(tail[1]).toBe('[DONE]');
  });

  it('delivers a last event the upstream sent without its blank line', () => {
    const translator = createStreamTranslator(context(false));
    const output = translateInPieces(translator, openAITextStream().replace(/\n\n$/, ''));
    expect(output.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(translator.completed).toBe(true);
  });

  it('produces one error event on failure and nothing after', () => {
    const translator = createStreamTranslator(context(false));
    translator.push(openAITextStream().slice(0, 200));
    const error = translator.fail({ status: 504, message: 'Upstream went silent' });
    expect(dataLines(error).map((line) => (line === '[DONE]' ? line : JSON.parse(line)))).toEqual([
      { error: { message: 'Upstream went silent', type: 'timeout', param: null, code: null } },
      '[DONE]',
    ]);
    expect(translator.push('data: {}\n\n').length).toBe(0);
    expect(translator.finish().length).toBe(0);
  });
});
