import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent, fetch } from 'undici';
import { startMockProvider, type MockProvider } from './mock-provider.js';
import type { MockApi, MockFailure } from './mock-types.js';

let mock: MockProvider;
const agent = new Agent();

beforeAll(async () => {
  mock = await startMockProvider();
});

afterEach(() => mock.reset());

afterAll(async () => {
  await mock.close();
  await agent.close();
});

const REQUESTS: Record<
  MockApi,
  { path: string; headers: (key: string) => Record<string, string>; body: (stream: boolean) => unknown }
> = {
  openai: {
    path: '/v1/chat/completions',
    headers: (key) => ({ authorization: `Bearer ${key}` }),
    body: (stream) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream }),
  },
  anthropic: {
    path: '/v1/messages',
    headers: (key) => ({ 'x-api-key': key, 'anthropic-version': '2023-06-01' }),
    body: (stream) => ({
      model: 'claude-haiku-4-5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
      stream,
    }),
  },
  gemini: {
    path: '/v1beta/models/gemini-2.5-flash:generateContent',
    headers: (key) => ({ 'x-goog-api-key': key }),
    body: () => ({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
  },
  responses: {
    path: '/v1/responses',
    headers: (key) => ({ authorization: `Bearer ${key}` }),
    body: (stream) => ({ model: 'gpt-4.1-mini', input: 'hi', stream }),
  },
};

async function call(api: MockApi, key: string, options: { stream?: boolean; signal?: AbortSignal } = {}) {
  const spec = REQUESTS[api];
  const path =
    api === 'gemini' && options.stream
      ? spec.path.replace(':generateContent', ':streamGenerateContent?alt=sse')
      : spec.path;
  const response = await fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...spec.headers(key) },
    body: JSON.stringify(spec.body(options.stream ?? false)),
    dispatcher: agent,
    signal: options.signal,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: (() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    })(),
  };
}

describe('scripted failures', () => {
  it.each([
    [
      'openai',
      { type: 'rate_limit', retryAfterSeconds: 3 },
      429,
      { error: { code: 'rate_limit_exceeded', type: 'requests' } },
      '3',
    ],
    ['openai', { type: 'rate_limit' }, 429, { error: { code: 'rate_limit_exceeded' } }, null],
    [
      'anthropic',
      { type: 'rate_limit', retryAfterSeconds: 12 },
      429,
      { type: 'error', error: { type: 'rate_limit_error' } },
      '12',
    ],
    ['anthropic', { type: 'rate_limit' }, 429, { type: 'error', error: { type: 'rate_limit_error' } }, null],
    [
      'gemini',
      { type: 'rate_limit', retryAfterSeconds: 20 },
      429,
      { error: { status: 'RESOURCE_EXHAUSTED', details: [{ retryDelay: '20s' }] } },
      null,
    ],
    [
      'openai',
      { type: 'quota_exhausted' },
      429,
      { error: { message: expect.stringContaining('free-models-per-day') } },
      null,
    ],
    [
      'gemini',
      { type: 'quota_exhausted' },
      429,
      {
        error: {
          details: [{ violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }] }],
        },
      },
      null,
    ],
    ['openai', { type: 'insufficient_quota' }, 429, { error: { code: 'insufficient_quota' } }, null],
    [
      'responses',
      { type: 'rate_limit', retryAfterSeconds: 4 },
      429,
      { error: { code: 'rate_limit_exceeded' } },
      '4',
    ],
    ['responses', { type: 'insufficient_quota' }, 429, { error: { code: 'insufficient_quota' } }, null],
    ['responses', { type: 'auth' }, 401, { error: { code: 'invalid_api_key' } }, null],
    ['responses', { type: 'server', status: 503 }, 503, { error: { type: 'server_error' } }, null],
    ['openai', { type: 'auth' }, 401, { error: { code: 'invalid_api_key' } }, null],
    ['anthropic', { type: 'auth' }, 401, { error: { type: 'authentication_error' } }, null],
    [
      'gemini',
      { type: 'auth' },
      400,
      { error: { status: 'INVALID_ARGUMENT', details: [{ reason: 'API_KEY_INVALID' }] } },
      null,
    ],
    ['openai', { type: 'forbidden' }, 403, { error: { code: 'unsupported_country_region_territory' } }, null],
    ['anthropic', { type: 'forbidden' }, 403, { error: { type: 'permission_error' } }, null],
    ['openai', { type: 'billing' }, 402, { error: { code: 402 } }, null],
    [
      'anthropic',
      { type: 'billing' },
      400,
      { error: { message: expect.stringContaining('credit balance is too low') } },
      null,
    ],
    ['gemini', { type: 'billing' }, 403, { error: { details: [{ reason: 'BILLING_DISABLED' }] } }, null],
    ['openai', { type: 'server', status: 503 }, 503, { error: { type: 'server_error' } }, null],
    ['anthropic', { type: 'server', status: 529 }, 529, { error: { type: 'overloaded_error' } }, null],
    ['gemini', { type: 'server' }, 500, { error: { status: 'INTERNAL' } }, null],
    ['openai', { type: 'model_not_found' }, 404, { error: { code: 'model_not_found' } }, null],
    [
      'anthropic',
      { type: 'bad_request' },
      400,
      { error: { message: expect.stringContaining('prompt is too long') } },
      null,
    ],
    [
      'openai',
      { type: 'status', status: 418, body: { teapot: true }, headers: { 'x-mock': 'yes' } },
      418,
      { teapot: true },
      null,
    ],
  ] as [MockApi, MockFailure, number, Record<string, unknown>, string | null][])(
    '%s %j → %i',
    async (api, failure, status, body, retryAfter) => {
      mock.script('k', { failure });
      const response = await call(api, 'k');
      expect(response.status).toBe(status);
      expect(response.json).toMatchObject(body);
      expect(response.headers.get('retry-after')).toBe(retryAfter);
      if (failure.type === 'status') expect(response.headers.get('x-mock')).toBe('yes');
    },
  );

  it('fails N times, then succeeds', async () => {
    mock.script('flaky', { failure: { type: 'server', status: 502 }, failTimes: 2 });
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await call('openai', 'flaky')).status);
    expect(statuses).toEqual([502, 502, 200, 200]);
    expect(mock.requests('flaky')).toBe(4);
  });

  it('fails with a seeded probability, identically on every run', async () => {
    const run = async (): Promise<number[]> => {
      mock.script('random', { failure: { type: 'server' }, failProbability: 0.3, seed: 42 });
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 40; attempt++) statuses.push((await call('openai', 'random')).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const failures = first.filter((status) => status === 500).length;
    expect(failures).toBeGreaterThan(4);
    expect(failures).toBeLessThan(24);
  });

  it('applies a script to every key under *, unless a key has its own', async () => {
    mock.script('*', { failure: { type: 'auth' } });
    mock.script('good', {});
    expect((await call('openai', 'anything')).status).toBe(401);
    expect((await call('openai', 'good')).status).toBe(200);
  });

  it('adds latency before answering', async () => {
    mock.script('slow', { latencyMs: 150 });
    const started = performance.now();
    expect((await call('anthropic', 'slow')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('spaces stream events out when asked', async () => {
    mock.script('trickle', { chunkDelayMs: 40, replyWords: 3 });
    const started = performance.now();
    const response = await call('openai', 'trickle', { stream: true });
    const elapsed = performance.now() - started;
    expect(response.text.split('\n\n').filter(Boolean)).toHaveLength(6);
    expect(elapsed).toBeGreaterThanOrEqual(5 * 40 - 10);
  });

  it('drops the connection after K stream events', async () => {
    mock.script('dropper', { failure: { type: 'drop_mid_stream', afterChunks: 3 } });
    const spec = REQUESTS.anthropic;
    const response = await fetch(`${mock.url}${spec.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...spec.headers('dropper') },
      body: JSON.stringify(spec.body(true)),
      dispatcher: agent,
    });
    expect(response.status).toBe(200);
    const received: string[] = [];
    const decoder = new TextDecoder();
    let failed = false;
    try {
      for await (const chunk of response.body ?? []) received.push(decoder.decode(chunk as Uint8Array));
    } catch {
      failed = true;
    }
    expect(failed).toBe(true);
    expect(
      received
        .join('')
        .split('\n\n')
        .filter(Boolean)
        .map((event) => event.split('\n')[0]),
    ).toEqual(['event: message_start', 'event: content_block_start', 'event: ping']);
  });

  it('drops a non-stream answer halfway through its body', async () => {
    mock.script('dropper', { failure: { type: 'drop_mid_stream', afterChunks: 1 } });
    await expect(call('openai', 'dropper')).rejects.toThrow();
  });

  it('hangs until the client gives up, and counts the request', async () => {
    mock.script('stuck', { failure: { type: 'hang' } });
    await expect(call('gemini', 'stuck', { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(mock.requests('stuck')).toBe(1);
  });

  it('sends rate-limit headers in each API’s own naming', async () => {
    mock.script('headers', {
      rateLimitHeaders: {
        limitRequests: 100,
        remainingRequests: 0,
        resetRequestsSeconds: 20,
        remainingTokens: 500,
      },
    });
    const openai = await call('openai', 'headers');
    expect(openai.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(openai.headers.get('x-ratelimit-reset-requests')).toBe('20s');
    expect(openai.headers.get('x-ratelimit-remaining-tokens')).toBe('500');
    const anthropic = await call('anthropic', 'headers');
    expect(anthropic.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(Date.parse(anthropic.headers.get('anthropic-ratelimit-requests-reset') ?? '')).toBeGreaterThan(
      Date.now(),
    );
  });

  it('rejects requests without a key and unknown routes', async () => {
    const noKey = await fetch(`${mock.url}/v1/chat/completions`, {
      method: 'POST',
      body: '{}',
      dispatcher: agent,
    });
    expect(noKey.status).toBe(401);
    const unknown = await fetch(`${mock.url}/v2/unknown`, { dispatcher: agent });
    expect(unknown.status).toBe(404);
  });
});

describe('request records', () => {
  it('counts requests per key and keeps the last one parsed', async () => {
    await call('openai', 'recorded');
    await call('anthropic', 'recorded', { stream: true });
    expect(mock.requests('recorded')).toBe(2);
    expect(mock.lastRequest('recorded')).toMatchObject({
      method: 'POST',
      path: '/v1/messages',
      api: 'anthropic',
      headers: { 'x-api-key': 'recorded', 'anthropic-version': '2023-06-01' },
      body: { model: 'claude-haiku-4-5', stream: true },
    });
    mock.reset();
    expect(mock.requests('recorded')).toBe(0);
    expect(mock.lastRequest('recorded')).toBeUndefined();
  });
});

describe('close', () => {
  it('closes promptly while requests hang and streams trickle', async () => {
    const local = await startMockProvider();
    local.script('stuck', { failure: { type: 'hang' } });
    local.script('slow', { chunkDelayMs: 10_000 });
    const hanging = fetch(`${local.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer stuck' },
      body: JSON.stringify(REQUESTS.openai.body(false)),
    }).catch((error: unknown) => error);
    const trickling = fetch(`${local.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer slow' },
      body: JSON.stringify(REQUESTS.openai.body(true)),
    })
      .then((response) => response.text())
      .catch((error: unknown) => error);
    while (local.requests('stuck') + local.requests('slow') < 2)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    await local.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await hanging).toBeInstanceOf(Error);
    expect(await trickling).toBeInstanceOf(Error);
  });
});
