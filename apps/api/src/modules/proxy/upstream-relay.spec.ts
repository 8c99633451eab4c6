import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryStateStore } from '@switchyard/key-pool';
import { prepareChat, prepareEmbeddings, type ProviderType } from '@switchyard/providers';
import { type MockProvider, startMockProvider } from '@switchyard/testing';
import { GatewayKeyPool } from '../gateway-pool/gateway-key-pool.js';
import { type ProviderKeyWithSecret } from '../provider-keys/provider-key-with-secret.js';
import { ClientDisconnect } from './client-disconnect.js';
import { type RelayProgress, type StreamSink } from './relay-result.js';
import { type RelayRequest, UpstreamRelay } from './upstream-relay.js';

const LIMITS = { maxAttempts: 3, headersTimeoutMs: 2_000, bodyIdleTimeoutMs: 2_000 };
const HELLO = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] };

/** Collects what the relay streams, as a client socket would receive it. */
class CollectingSink implements StreamSink {
  readonly opened: RelayProgress[] = [];
  readonly chunks: string[] = [];
  ends = 0;

  open(progress: RelayProgress): void {
    this.opened.push(progress);
  }

  write(chunk: Buffer | string): undefined {
    this.chunks.push(String(chunk));
    return undefined;
  }

  end(last?: Buffer | string): void {
    if (last !== undefined) this.chunks.push(String(last));
    this.ends += 1;
  }

  get text(): string {
    return this.chunks.join('');
  }
}

describe('UpstreamRelay', () => {
  let mock: MockProvider;
  let pool: GatewayKeyPool;
  let relay: UpstreamRelay;

  const key = (
    secret: string,
    provider = 'openai',
    type: ProviderType = 'openai',
  ): ProviderKeyWithSecret => ({
    id: `key-${secret}`,
    provider: { name: provider, type, baseUrl: mock.baseUrl(type), servesResponses: false },
    secret,
    label: secret,
    tier: 'primary',
    weight: 1,
    maxConcurrency: null,
    models: [],
    dailyRequestQuota: null,
    dailyTokenQuota: null,
    quotaResetUtc: null,
    status: 'active',
  });

  const chat = (body: Record<string, unknown> = HELLO, sink: StreamSink | null = null): RelayRequest => ({
    targets: [{ provider: 'openai', model: 'gpt-4o-mini' }],
    prepare: (target) => prepareChat({ client: 'openai', body, target }),
    sink,
    disconnect: new ClientDisconnect(),
  });

  beforeAll(async () => {
    mock = await startMockProvider();
  });

  afterEach(async () => {
    await pool?.close();
    mock.reset();
  });

  afterAll(async () => {
    await mock.close();
  });

  const withKeys = (...keys: ProviderKeyWithSecret[]) => {
    pool = new GatewayKeyPool({
      maxQueueWaitMs: 0,
      store: new MemoryStateStore(),
      isKnownModel: () => false,
    });
    pool.load(keys);
    relay = new UpstreamRelay(pool, LIMITS);
  };

  it('answers with the first key that works and reports what it learned', async () => {
    withKeys(key('sk-one'));
    const result = await relay.run(chat());
    expect(result.outcome).toMatchObject({ kind: 'answered', status: 200 });
    const body = JSON.parse(String((result.outcome as { body: Buffer }).body));
    expect(body.object).toBe('chat.completion');
    expect(result).toMatchObject({
      attempts: 1,
      errorClass: null,
      lease: { keyId: 'key-sk-one', provider: 'openai', model: 'gpt-4o-mini' },
      firstByteAt: null,
    });
    expect(result.usage?.promptTokens).toBeGreaterThan(0);
    expect(result.upstreamMs).toBeGreaterThan(0);
    expect(pool.stats()).toMatchObject({ inFlight: 0, activeLeases: 0 });
  });

  it('rotates past a rate-limited key and a failing one, and rests the rate-limited one', async () => {
    withKeys(key('sk-limited'), key('sk-broken'), key('sk-healthy'));
    mock.script('sk-limited', { failure: { type: 'rate_limit', retryAfterSeconds: 30 } });
    mock.script('sk-broken', { failure: { type: 'server' } });
    const result = await relay.run(chat());
    expect(result.outcome).toMatchObject({ kind: 'answered', status: 200 });
    expect(result.lease?.keyId).toBe('key-sk-healthy');
    expect(mock.requests('sk-healthy')).toBe(1);
    expect(result.attempts).toBe(1 + mock.requests('sk-limited') + mock.requests('sk-broken'));
    const limitedCalls = mock.requests('sk-limited');
    const again = await relay.run(chat());
    expect(again.lease?.keyId).toBe('key-sk-healthy');
    expect(mock.requests('sk-limited')).toBe(limitedCalls);
  });

  it("hands the client's own error back in its format without trying another key", async () => {
    withKeys(key('sk-picky'), key('sk-other'));
    mock.script('*', { failure: { type: 'bad_request' } });
    const result = await relay.run(chat());
    expect(result.outcome).toMatchObject({ kind: 'answered', status: 400 });
    expect(result.outcome).toMatchObject({ body: { error: expect.anything() } });
    expect(result.attempts).toBe(1);
    expect(result.errorClass).toBe('bad_request');
  });

  it('gives up with the upstream retry hint when every key is rate-limited, then refuses before any call', async () => {
    withKeys(key('sk-a'), key('sk-b'));
    for (const secret of ['sk-a', 'sk-b'])
      mock.script(secret, { failure: { type: 'rate_limit', retryAfterSeconds: 7 } });
    const first = await relay.run(chat());
    expect(first.outcome).toMatchObject({
      kind: 'refused',
      refusal: { reason: 'exhausted', errorClass: 'rate_limit', attempts: 2, upstreamStatus: 429 },
    });
    const retryAfterMs = (first.outcome as { refusal: { retryAfterMs: number } }).refusal.retryAfterMs;
    expect(retryAfterMs).toBeGreaterThan(6_000);
    expect(retryAfterMs).toBeLessThanOrEqual(7_000);

    const next = await relay.run(chat());
    expect(next.outcome).toMatchObject({
      kind: 'refused',
      refusal: { reason: 'keys_unavailable', busy: false, targets: ['openai/gpt-4o-mini'] },
    });
    expect(next.attempts).toBe(0);
    expect(next.errorClass).toBe('rate_limit');
    expect(mock.requests('sk-a') + mock.requests('sk-b')).toBe(2);
  });

  it('refuses a route no key serves, and a provider that cannot take the request', async () => {
    withKeys(key('sk-claude', 'anthropic', 'anthropic'));
    const none = await relay.run(chat());
    expect(none.outcome).toEqual({
      kind: 'refused',
      refusal: { reason: 'no_key', targets: ['openai/gpt-4o-mini'] },
    });
    const embeddings = await relay.run({
      targets: [{ provider: 'anthropic', model: 'claude-sonnet-4' }],
      prepare: (target) => prepareEmbeddings({ model: 'x', input: 'hi' }, target),
      sink: null,
      disconnect: new ClientDisconnect(),
    });
    expect(embeddings.outcome).toMatchObject({ kind: 'refused', refusal: { reason: 'unsupported' } });
    expect(pool.stats().inFlight).toBe(0);
  });

  it('streams through the sink: opened once before the first bytes, ended once', async () => {
    withKeys(key('sk-stream'));
    const sink = new CollectingSink();
    const result = await relay.run(chat({ ...HELLO, stream: true }, sink));
    expect(result.outcome).toEqual({ kind: 'streamed', status: 200 });
    expect(sink.opened).toEqual([{ attempts: 1, upstreamMs: expect.any(Number) }]);
    expect(sink.ends).toBe(1);
    expect(sink.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(result.firstByteAt).not.toBeNull();
    expect(result.usage?.completionTokens).toBeGreaterThan(0);
  });

  it('ends a stream the upstream dropped with an error event, and blames the key', async () => {
    withKeys(key('sk-drops'));
    mock.script('sk-drops', { failure: { type: 'drop_mid_stream', afterChunks: 3 } });
    const sink = new CollectingSink();
    const result = await relay.run(chat({ ...HELLO, stream: true }, sink));
    expect(result.outcome).toEqual({ kind: 'streamed', status: 502 });
    expect(sink.ends).toBe(1);
    expect(sink.text).toMatch(/data: \{"error":/);
    expect(result.errorClass).not.toBeNull();
  });

  it('stops when the client leaves mid-stream, releasing the lease without blaming the key', async () => {
    withKeys(key('sk-slow'));
    mock.script('sk-slow', { chunkDelayMs: 30, replyWords: 100 });
    const request = chat({ ...HELLO, stream: true }, null);
    const sink = new CollectingSink();
    request.sink = {
      open: (progress) => sink.open(progress),
      write: (chunk) => {
        sink.write(chunk);
        if (sink.chunks.length === 3) request.disconnect.abort();
        return undefined;
      },
      end: (last) => sink.end(last),
    };
    const result = await relay.run(request);
    expect(result.outcome).toEqual({ kind: 'client_gone' });
    expect(result.errorClass).toBe('client_closed');
    expect(result.usage?.completionTokens).toBeGreaterThan(0);
    expect(pool.stats()).toMatchObject({ inFlight: 0, activeLeases: 0 });
    expect(pool.snapshot()[0]).toMatchObject({ status: 'ready' });
  });
});
