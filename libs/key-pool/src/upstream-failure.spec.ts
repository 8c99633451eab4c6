import { describe, expect, it } from '@jest/globals';
import { readTokenUsage, upstreamFailureFromError, upstreamFailureFromResult } from './upstream-failure.js';

describe('reading failures from what clients throw', () => {
  it('reads SDK errors with status, headers and body', () => {
    const error = Object.assign(new Error('429 Rate limit'), {
      status: 429,
      headers: new Headers({ 'Retry-After': '3' }),
      error: { message: 'Rate limit', code: 'rate_limit_exceeded' },
    });
    expect(upstreamFailureFromError(error)).toEqual({
      status: 429,
      headers: { 'retry-after': '3' },
      body: { message: 'Rate limit', code: 'rate_limit_exceeded' },
    });
  });

  it('reads axios-style errors', () => {
    const error = Object.assign(new Error('Request failed'), {
      response: { status: 402, headers: { 'x-id': '1' }, data: { error: { code: 402 } } },
    });
    expect(upstreamFailureFromError(error)).toMatchObject({ status: 402, body: { error: { code: 402 } } });
  });

  it('reads network failures, including fetch’s wrapped cause', () => {
    expect(
      upstreamFailureFromError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toMatchObject({
      networkError: { code: 'ECONNREFUSED' },
    });
    expect(
      upstreamFailureFromError(new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } })),
    ).toMatchObject({
      networkError: { code: 'UND_ERR_SOCKET', name: 'TypeError' },
    });
  });

  it('leaves other errors alone', () => {
    expect(upstreamFailureFromError(new RangeError('bug'))).toBeUndefined();
    expect(upstreamFailureFromError('text')).toBeUndefined();
  });

  it('reads an error Response and leaves its body readable', async () => {
    const response = new Response('{"error":{"message":"nope"}}', {
      status: 503,
      headers: { 'retry-after': '1' },
    });
    expect(await upstreamFailureFromResult(response)).toEqual({
      status: 503,
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'retry-after': '1' },
      body: '{"error":{"message":"nope"}}',
    });
    expect(await response.text()).toContain('nope');
    expect(await upstreamFailureFromResult(new Response('fine'))).toBeUndefined();
  });

  it('reads token usage as OpenAI, Anthropic and Gemini report it', () => {
    expect(readTokenUsage({ usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } })).toEqual({
      promptTokens: 1,
      completionTokens: 2,
      totalTokens: 3,
    });
    expect(readTokenUsage({ usage: { input_tokens: 4, output_tokens: 5 } })).toEqual({
      promptTokens: 4,
      completionTokens: 5,
    });
    expect(
      readTokenUsage({
        usageMetadata: { promptTokenCount: 6, candidatesTokenCount: 7, totalTokenCount: 13 },
      }),
    ).toEqual({
      promptTokens: 6,
      completionTokens: 7,
      totalTokens: 13,
    });
    expect(readTokenUsage({ text: 'no usage' })).toBeUndefined();
  });
});
