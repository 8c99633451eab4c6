import { describe, expect, it } from '@jest/globals';
import { countTokens } from 'gpt-tokenizer';
import { UnsupportedOperationError } from '../errors/upstream-error.js';
import type { ProviderTarget } from '../provider-types.js';
import { prepareEmbeddings } from './embeddings-exchange.js';

const gemini: ProviderTarget = {
  type: 'gemini',
  baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
  model: 'gemini-embedding-001',
  apiKey: 'AIza-test',
};
const openai: ProviderTarget = {
  type: 'openai',
  baseUrl: 'https://api.openai.com/v1',
  model: 'text-embedding-3-small',
  apiKey: 'sk-test',
};

describe('prepareEmbeddings', () => {
  it('passes OpenAI embeddings through with the routed model and reads the usage', () => {
    const exchange = prepareEmbeddings({ model: 'alias', input: 'hello' }, openai);
    expect(exchange.request.url).toBe('https://api.openai.com/v1/embeddings');
    expect(JSON.parse(exchange.request.body ?? '')).toEqual({
      model: 'text-embedding-3-small',
      input: 'hello',
    });
    const raw = Buffer.from(
      JSON.stringify({
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.1] }],
        usage: { prompt_tokens: 2, total_tokens: 2 },
      }),
    );
    const translated = exchange.translateResponse(raw);
    expect(translated.body).toBe(raw);
    expect(translated.usage).toEqual({
      promptTokens: 2,
      completionTokens: 0,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      estimated: false,
    });
  });

  it('sends Gemini a batch request and answers in the OpenAI format with estimated usage', () => {
    const exchange = prepareEmbeddings({ input: ['hello', 'world'], dimensions: 3 }, gemini);
    expect(exchange.request.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents',
    );
    expect(exchange.request.headers['x-goog-api-key']).toBe('AIza-test');
    expect(JSON.parse(exchange.request.body ?? '')).toEqual({
      requests: [
        {
          model: 'models/gemini-embedding-001',
          content: { parts: [{ text: 'hello' }] },
          outputDimensionality: 3,
        },
        {
          model: 'models/gemini-embedding-001',
          content: { parts: [{ text: 'world' }] },
          outputDimensionality: 3,
        },
      ],
    });
    const translated = exchange.translateResponse(
      JSON.stringify({ embeddings: [{ values: [1, 2, 3] }, { values: [4, 5, 6] }] }),
    );
    expect(JSON.parse(String(translated.body))).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [1, 2, 3] },
        { object: 'embedding', index: 1, embedding: [4, 5, 6] },
      ],
      model: 'gemini-embedding-001',
      usage: {
        prompt_tokens: countTokens('hello') + countTokens('world'),
        total_tokens: countTokens('hello') + countTokens('world'),
      },
    });
    expect(translated.usage.estimated).toBe(true);
  });

  it('approximates the usage of an input too long to tokenize, still marked as estimated', () => {
    const input = 'hello world '.repeat(8_334); // 100,008 characters, past the tokenizer limit
    const exchange = prepareEmbeddings({ input }, gemini);
    const translated = exchange.translateResponse(JSON.stringify({ embeddings: [{ values: [1, 2, 3] }] }));
    // About four ASCII characters per token, where the tokenizer would give 16,669.
    expect(translated.usage.promptTokens).toBe(25_002);
    expect(translated.usage.estimated).toBe(true);
    expect(JSON.parse(String(translated.body))).toMatchObject({
      usage: { prompt_tokens: 25_002, total_tokens: 25_002 },
    });
  });

  it('encodes vectors as base64 float32 when asked', () => {
    const exchange = prepareEmbeddings({ input: 'x', encoding_format: 'base64' }, gemini);
    const body = JSON.parse(
      String(exchange.translateResponse(JSON.stringify({ embeddings: [{ values: [1.5, -2] }] })).body),
    ) as { data: { embedding: string }[] };
    const bytes = Buffer.from(body.data[0]?.embedding ?? '', 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([1.5, -2]);
  });

  it('refuses providers without embeddings and token-array inputs for Gemini', () => {
    expect(() => prepareEmbeddings({ input: 'x' }, { ...openai, type: 'anthropic' })).toThrow(
      UnsupportedOperationError,
    );
    expect(() => prepareEmbeddings({ input: [[1, 2, 3]] }, gemini)).toThrow(UnsupportedOperationError);
  });
});
