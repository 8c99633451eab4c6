import { describe, expect, it } from '@jest/globals';
import { countTokens } from 'gpt-tokenizer';
import { prepareChat } from './chat-exchange.js';
import type { ProviderTarget, ProviderType } from './provider-types.js';
import { UpstreamError } from './errors/upstream-error.js';

const KEY = 'sk-test-0123456789abcdef';

function target(type: ProviderType): ProviderTarget {
  const baseUrl = {
    openai: 'https://api.openai.com/v1',
    anthropic: 'https://api.anthropic.com/v1',
    gemini: 'https://generativelanguage.googleapis.com/v1beta/',
  }[type];
  const model = { openai: 'gpt-4o-mini', anthropic: 'claude-haiku-4-5', gemini: 'models/gemini-2.5-flash' }[
    type
  ];
  return { type, baseUrl, model, apiKey: KEY };
}

const openAIBody = { model: 'fast', messages: [{ role: 'user', content: 'Hi' }], stream: true };
const anthropicBody = {
  model: 'fast',
  max_tokens: 64,
  messages: [{ role: 'user', content: 'Hi' }],
  stream: true,
};

describe('prepareChat: upstream requests', () => {
  it.each([
    [
      'openai',
      'openai',
      openAIBody,
      'https://api.openai.com/v1/chat/completions',
      { authorization: `Bearer ${KEY}` },
    ],
    [
      'anthropic',
      'openai',
      anthropicBody,
      'https://api.openai.com/v1/chat/completions',
      { authorization: `Bearer ${KEY}` },
    ],
    [
      'openai',
      'anthropic',
      openAIBody,
      'https://api.anthropic.com/v1/messages',
      { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
    ],
    [
      'anthropic',
      'anthropic',
      anthropicBody,
      'https://api.anthropic.com/v1/messages',
      { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
    ],
    [
      'openai',
      'gemini',
      openAIBody,
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      { 'x-goog-api-key': KEY },
    ],
    [
      'anthropic',
      'gemini',
      anthropicBody,
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      { 'x-goog-api-key': KEY },
    ],
  ] as const)('%s client → %s upstream', (client, upstream, body, url, authHeaders) => {
    const exchange = prepareChat({ client, body: { ...body }, target: target(upstream) });
    expect(exchange.request.method).toBe('POST');
    expect(exchange.request.url).toBe(url);
    expect(exchange.request.headers).toMatchObject({
      ...authHeaders,
      'content-type': 'application/json',
      accept: 'text/event-stream',
    });
    const sent = JSON.parse(exchange.request.body ?? '{}') as Record<string, unknown>;
    if (upstream === 'gemini') {
      expect(sent).toEqual({
        contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
        ...(client === 'anthropic' ? { generationConfig: { maxOutputTokens: 64 } } : {}),
      });
    } else {
      expect(sent.model).toBe(target(upstream).model);
      expect(sent.stream).toBe(true);
    }
    if (upstream === 'openai') expect(sent.stream_options).toEqual({ include_usage: true });
  });

  it('forwards anthropic-beta only between Anthropic client and Anthropic upstream', () => {
    const clientHeaders = { 'anthropic-beta': 'context-1m-2025-08-07' };
    const native = prepareChat({
      client: 'anthropic',
      body: anthropicBody,
      target: target('anthropic'),
      clientHeaders,
    });
    const translated = prepareChat({
      client: 'openai',
      body: openAIBody,
      target: target('anthropic'),
      clientHeaders,
    });
    expect(native.request.headers['anthropic-beta']).toBe('context-1m-2025-08-07');
    expect(translated.request.headers['anthropic-beta']).toBeUndefined();
  });

  it('uses the non-stream endpoint and accept header when the client does not stream', () => {
    const exchange = prepareChat({ client: 'openai', body: { messages: [] }, target: target('gemini') });
    expect(exchange.request.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    );
    expect(exchange.request.headers.accept).toBe('application/json');
  });
});

describe('prepareChat: non-stream answers', () => {
  const openAIAnswer = JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 8, completion_tokens: 1, total_tokens: 9 },
  });

  it('passes a same-format answer through as the very same bytes, with usage', () => {
    const raw = Buffer.from(openAIAnswer);
    const translated = prepareChat({
      client: 'openai',
      body: { messages: [] },
      target: target('openai'),
    }).translateResponse(raw);
    expect(translated.body).toBe(raw);
    expect(translated.usage).toEqual({
      promptTokens: 8,
      completionTokens: 1,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      estimated: false,
    });
  });

  it('estimates usage for a same-format answer without usage', () => {
    const raw = JSON.stringify({ ...JSON.parse(openAIAnswer), usage: undefined });
    const translated = prepareChat({
      client: 'openai',
      body: { messages: [{ role: 'user', content: 'Hi' }] },
      target: target('openai'),
    }).translateResponse(raw);
    expect(translated.usage.estimated).toBe(true);
    expect(translated.usage.completionTokens).toBe(countTokens('Hello'));
    // One message of three framing tokens plus the three-token reply primer.
    expect(translated.usage.promptTokens).toBe(countTokens('Hi\n') + 3 + 3);
  });

  it('translates an OpenAI answer for an Anthropic client', () => {
    const translated = prepareChat({
      client: 'anthropic',
      body: anthropicBody,
      target: target('openai'),
    }).translateResponse(openAIAnswer);
    expect(JSON.parse(String(translated.body))).toMatchObject({
      type: 'message',
      content: [{ type: 'text', text: 'Hello' }],
      stop_reason: 'end_turn',
    });
    expect(translated.usage.promptTokens).toBe(8);
  });

  it('translates a Gemini answer for an OpenAI client', () => {
    const gemini = JSON.stringify({
      candidates: [{ content: { parts: [{ text: 'Hey' }] }, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1 },
    });
    const translated = prepareChat({
      client: 'openai',
      body: { messages: [] },
      target: target('gemini'),
    }).translateResponse(gemini);
    expect(JSON.parse(String(translated.body))).toMatchObject({
      object: 'chat.completion',
      model: 'models/gemini-2.5-flash',
      choices: [{ message: { content: 'Hey' } }],
    });
  });

  it('throws an UpstreamError carrying a 502 failure for a body that is not JSON', () => {
    const exchange = prepareChat({ client: 'anthropic', body: anthropicBody, target: target('gemini') });
    expect(() => exchange.translateResponse('<html>bad gateway</html>')).toThrow(UpstreamError);
  });
});

describe('prepareChat: errors', () => {
  it('keeps a same-format error body, redacting an echoed key', () => {
    const exchange = prepareChat({ client: 'openai', body: openAIBody, target: target('openai') });
    const failure = {
      status: 401,
      body: {
        error: {
          message: `Incorrect API key provided: ${KEY}.`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      },
    };
    expect(exchange.translateError(failure)).toEqual({
      status: 401,
      body: {
        error: {
          message: 'Incorrect API key provided: [redacted].',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      },
    });
  });

  it('rewrites a Gemini error for an Anthropic client', () => {
    const exchange = prepareChat({ client: 'anthropic', body: anthropicBody, target: target('gemini') });
    const failure = {
      status: 429,
      body: { error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } },
    };
    expect(exchange.translateError(failure)).toEqual({
      status: 429,
      body: { type: 'error', error: { type: 'rate_limit_error', message: 'Resource has been exhausted' } },
    });
  });

  it('rewrites an Anthropic error for an OpenAI client, and a network failure as 502', () => {
    const exchange = prepareChat({ client: 'openai', body: openAIBody, target: target('anthropic') });
    expect(
      exchange.translateError({
        status: 529,
        body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      }),
    ).toEqual({
      status: 529,
      body: { error: { message: 'Overloaded', type: 'server_error', param: null, code: null } },
    });
    expect(
      exchange.translateError({ networkError: { code: 'ECONNRESET', message: 'socket hang up' } }).status,
    ).toBe(502);
  });
});
