import { describe, expect, it } from '@jest/globals';
import { formatClientError, formatStreamError } from './client-errors.js';
import { redactFailure, redactSecretBytes, redactSecrets } from './redact.js';
import { failureFromStreamError, upstreamErrorMessage } from './upstream-errors.js';

describe('client error formats', () => {
  it.each([
    [400, 'invalid_request_error', 'invalid_request_error'],
    [401, 'authentication_error', 'authentication_error'],
    [402, 'insufficient_quota', 'billing_error'],
    [403, 'permission_error', 'permission_error'],
    [404, 'invalid_request_error', 'not_found_error'],
    [429, 'rate_limit_exceeded', 'rate_limit_error'],
    [500, 'server_error', 'api_error'],
    [504, 'timeout', 'timeout_error'],
    [529, 'server_error', 'overloaded_error'],
  ])(
    'status %i is %s for OpenAI clients and %s for Anthropic clients',
    (status, openAIType, anthropicType) => {
      expect(formatClientError('openai', { status, message: 'm' })).toEqual({
        error: { message: 'm', type: openAIType, param: null, code: null },
      });
      expect(formatClientError('anthropic', { status, message: 'm' })).toEqual({
        type: 'error',
        error: { type: anthropicType, message: 'm' },
      });
    },
  );

  it('formats mid-stream errors as each client expects', () => {
    expect(formatStreamError('anthropic', { status: 529, message: 'Overloaded' })).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    );
    expect(formatStreamError('openai', { status: 502, message: 'cut', code: 'upstream_error' })).toBe(
      'data: {"error":{"message":"cut","type":"server_error","param":null,"code":"upstream_error"}}\n\ndata: [DONE]\n\n',
    );
  });
});

describe('upstream errors', () => {
  it('finds the message in every provider error shape', () => {
    expect(upstreamErrorMessage({ error: { message: 'openai' } })).toBe('openai');
    expect(upstreamErrorMessage({ type: 'error', error: { type: 'x', message: 'anthropic' } })).toBe(
      'anthropic',
    );
    expect(
      upstreamErrorMessage({ error: { code: 400, message: 'gemini', status: 'INVALID_ARGUMENT' } }),
    ).toBe('gemini');
    expect(upstreamErrorMessage({ error: 'plain' })).toBe('plain');
    expect(upstreamErrorMessage('  text body ')).toBe('text body');
  });

  it('gives mid-stream errors the status they would have had', () => {
    expect(failureFromStreamError({ type: 'error', error: { type: 'overloaded_error' } }).status).toBe(529);
    expect(failureFromStreamError({ error: { code: 'rate_limit_exceeded', message: '' } }).status).toBe(429);
    expect(failureFromStreamError({ error: { code: 503, status: 'UNAVAILABLE' } }).status).toBe(503);
    expect(failureFromStreamError({ error: { message: '?' } }).status).toBe(500);
  });
});

describe('redactSecrets', () => {
  it('removes the key itself and anything shaped like a provider key', () => {
    expect(redactSecrets('key custom-secret-value failed', 'custom-secret-value')).toBe(
      'key [redacted] failed',
    );
    expect(redactSecrets('Incorrect API key provided: sk-proj-abc*********************wxyz.')).toBe(
      'Incorrect API key provided: [redacted].',
    );
    expect(redactSecrets('API key AIzaSyA1234567890abcdefghijklmnopqrstu invalid')).toBe(
      'API key [redacted] invalid',
    );
    expect(redactSecrets('nothing secret here', 'short')).toBe('nothing secret here');
  });
});

describe('redactFailure and redactSecretBytes', () => {
  const key = 'Zk9/ab+cdEFgh"ij';

  it('removes the exact key from a failure body, headers and network message, whatever its shape', () => {
    const failure = redactFailure(
      {
        status: 401,
        headers: { 'www-authenticate': `Bearer ${key}` },
        body: { error: { message: `bad key ${key}`, details: [key] } },
        networkError: { message: `refused for ${key}` },
      },
      key,
    );
    expect(JSON.stringify(failure)).not.toContain('ab+cd');
    expect(failure.body).toEqual({ error: { message: 'bad key [redacted]', details: ['[redacted]'] } });
    expect(failure.networkError?.message).toBe('refused for [redacted]');
  });

  it('finds the key in raw bytes as written and as JSON escapes it, and returns untouched bytes as they came', () => {
    const raw = Buffer.from(`data: {"error":{"message":${JSON.stringify(`x ${key} y`)}}}\n\n${key}`);
    const redacted = redactSecretBytes(raw, key).toString();
    expect(redacted).toBe('data: {"error":{"message":"x [redacted] y"}}\n\n[redacted]');
    const clean = Buffer.from('data: {"ok":true}\n\n');
    expect(redactSecretBytes(clean, key)).toBe(clean);
    expect(redactSecretBytes(`a ${key} b`, key)).toBe('a [redacted] b');
  });
});
