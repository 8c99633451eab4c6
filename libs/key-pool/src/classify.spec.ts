import { describe, expect, it } from '@jest/globals';
import { FIXTURE_NOW, PROVIDER_ERRORS } from '../test/fixtures/provider-errors.js';
import { classifyUpstreamError } from './classify.js';
import { ERROR_CLASSES, ERROR_POLICY } from './error-policy.js';

describe('classifyUpstreamError on real provider payloads', () => {
  it.each(PROVIDER_ERRORS.map((fixture) => [`${fixture.provider}: ${fixture.name}`, fixture] as const))(
    '%s',
    (_label, fixture) => {
      const classified = classifyUpstreamError(fixture.failure, FIXTURE_NOW);
      expect(classified.errorClass).toBe(fixture.expected);
      expect(classified.rotate).toBe(ERROR_POLICY[fixture.expected].rotate);
      expect(classified.scope).toBe(ERROR_POLICY[fixture.expected].scope);
      expect(classified.retryAfterMs).toBe(fixture.retryAfterMs);
      expect(classified.message.startsWith(fixture.expected)).toBe(true);
    },
  );

  it('has payloads for every error class', () => {
    const covered = new Set(PROVIDER_ERRORS.map((fixture) => fixture.expected));
    expect([...covered].sort()).toEqual([...ERROR_CLASSES].sort());
  });

  it('has payloads from each provider family', () => {
    const providers = new Set(PROVIDER_ERRORS.map((fixture) => fixture.provider));
    expect([...providers].sort()).toEqual([
      'anthropic',
      'gemini',
      'network',
      'openai',
      'openrouter',
      'other',
    ]);
  });
});

describe('the policy table', () => {
  it('sends client errors back instead of rotating, and rotates everything else', () => {
    for (const errorClass of ERROR_CLASSES) {
      expect(ERROR_POLICY[errorClass].rotate).toBe(errorClass !== 'bad_request');
    }
  });

  it('scopes account problems to the whole key and the rest to key × model', () => {
    expect(ERROR_POLICY.billing.scope).toBe('key');
    expect(ERROR_POLICY.auth.scope).toBe('key');
    expect(ERROR_POLICY.forbidden.scope).toBe('key');
    for (const errorClass of [
      'rate_limit',
      'quota_exhausted',
      'model_not_found',
      'server',
      'timeout',
    ] as const) {
      expect(ERROR_POLICY[errorClass].scope).toBe('key_model');
    }
    expect(ERROR_POLICY.bad_request.scope).toBe('none');
  });
});

describe('classification details', () => {
  it('never repeats a credential the provider echoed', () => {
    const openAi = PROVIDER_ERRORS.find((fixture) => fixture.name === '401 invalid_api_key');
    const gemini = PROVIDER_ERRORS.find((fixture) => fixture.name.startsWith('403 PERMISSION_DENIED'));
    const openAiMessage = classifyUpstreamError(openAi!.failure).message;
    const geminiMessage = classifyUpstreamError(gemini!.failure).message;
    expect(openAiMessage).not.toMatch(/sk-proj/);
    expect(openAiMessage).toContain('[redacted]');
    expect(geminiMessage).not.toMatch(/AIza/);
  });

  it('keeps the status and provider code for logs', () => {
    const classified = classifyUpstreamError({
      status: 429,
      body: { error: { message: 'x', type: 'insufficient_quota', code: 'insufficient_quota' } },
    });
    expect(classified).toMatchObject({
      status: 429,
      providerCode: 'insufficient_quota',
      errorClass: 'billing',
    });
  });

  it('reads an SDK error object that was already unwrapped from its envelope', () => {
    const classified = classifyUpstreamError({
      status: 400,
      body: {
        message: 'The model `o9` does not exist',
        type: 'invalid_request_error',
        code: 'model_not_found',
      },
    });
    expect(classified.errorClass).toBe('model_not_found');
  });

  it('treats an unrecognisable failure as a server fault so the request moves on', () => {
    expect(classifyUpstreamError({}).errorClass).toBe('server');
    expect(classifyUpstreamError({ body: 'something odd' }).errorClass).toBe('server');
  });

  it('bounds the message length', () => {
    const classified = classifyUpstreamError({ status: 500, body: 'x'.repeat(10_000) });
    expect(classified.message.length).toBeLessThanOrEqual(240);
  });

  it('ignores reset headers of windows that still have room when nothing says to wait', () => {
    const classified = classifyUpstreamError(
      {
        status: 429,
        headers: { 'x-ratelimit-remaining-requests': '12', 'x-ratelimit-reset-requests': '2s' },
      },
      FIXTURE_NOW,
    );
    expect(classified.retryAfterMs).toBeUndefined();
  });

  it('prefers retry-after-ms over Retry-After', () => {
    const classified = classifyUpstreamError({
      status: 429,
      headers: { 'retry-after-ms': '1500', 'retry-after': '9' },
    });
    expect(classified.retryAfterMs).toBe(1500);
  });
});
