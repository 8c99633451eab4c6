import { describe, expect, it } from '@jest/globals';
import {
  anthropicStreamFailingMidway,
  anthropicTextStream,
  anthropicToolStream,
} from '../../test/sse-fixtures.js';
import { translateInPieces } from '../../test/stream-harness.js';
import { createStreamTranslator } from './create-stream-translator.js';
import type { StreamContext } from './stream-translator.js';

const context: StreamContext = {
  client: 'anthropic',
  upstream: 'anthropic',
  clientWantsUsage: false,
  model: 'claude-sonnet-4-5',
  estimatePromptTokens: () => 42,
  redact: (text) => text,
};

describe('Anthropic stream pass-through', () => {
  it.each([[[1_000_000]], [[1]], [[3, 17, 250]]])(
    'forwards the bytes unchanged and merges usage (pieces %j)',
    (sizes) => {
      const translator = createStreamTranslator(context);
      const body = anthropicToolStream();
      expect(translateInPieces(translator, body, sizes)).toBe(body);
      expect(translator.usage()).toEqual({
        promptTokens: 9,
        completionTokens: 30,
        cachedTokens: 4,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
        estimated: false,
      });
      expect(translator.completed).toBe(true);
    },
  );

  it('records an error event as an upstream failure with the matching status', () => {
    const translator = createStreamTranslator(context);
    const output = translateInPieces(translator, anthropicStreamFailingMidway());
    expect(output).toBe(anthropicStreamFailingMidway());
    expect(translator.upstreamError).toEqual({
      status: 529,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    });
    expect(translator.completed).toBe(false);
  });

  it('appends an error event when the upstream stops before message_stop', () => {
    const translator = createStreamTranslator(context);
    const body = anthropicTextStream();
    const output = translateInPieces(translator, body.slice(0, body.indexOf('event: message_delta')));
    expect(
      output.endsWith(
        'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"The upstream stream ended before the answer was complete"}}\n\n',
      ),
    ).toBe(true);
    expect(translator.completed).toBe(false);
    expect(translator.usage()).toMatchObject({ promptTokens: 9, estimated: false });
  });
});
