import { describe, expect, it } from '@jest/globals';
import { storableEvent, storableText } from './storable-event.js';
import { type UsageEventInput } from './usage-event.js';

const base: UsageEventInput = {
  at: new Date(0),
  requestId: 'req-1',
  teamId: null,
  tokenId: null,
  keyId: null,
  provider: 'openai',
  model: 'gpt-4o-mini',
  endpoint: '/v1/chat/completions',
  stream: false,
  attempts: 1,
  promptTokens: 1,
  completionTokens: 1,
  cachedTokens: 0,
  reasoningTokens: 0,
  costMicros: 0n,
  inputPerMTok: null,
  outputPerMTok: null,
  cachedInputPerMTok: null,
  unpriced: true,
  estimated: false,
  latencyMs: 1,
  ttftMs: null,
  upstreamMs: null,
  overheadMs: null,
  status: 200,
  errorClass: null,
};

describe('storableText', () => {
  it('keeps ordinary text, surrogate pairs included, as the same string', () => {
    for (const text of ['gpt-4o', '模型/名前', 'emoji 🚀 model', '']) expect(storableText(text)).toBe(text);
  });

  it('replaces NUL and lone surrogates, which Postgres refuses, with U+FFFD', () => {
    expect(storableText('a\u0000b')).toBe('a\ufffdb');
    expect(storableText('bad\ud800model')).toBe('bad\ufffdmodel');
    expect(storableText('\udc00x')).toBe('\ufffdx');
    expect(storableText('ok 🚀 \ud83d')).toBe('ok 🚀 \ufffd');
  });
});

describe('storableEvent', () => {
  it('returns the very event when nothing needs correcting', () => {
    expect(storableEvent(base)).toBe(base);
  });

  it('corrects every text field a client can influence, and nothing else', () => {
    const corrected = storableEvent({ ...base, model: 'x\u0000y', requestId: 'r\ud800' });
    expect(corrected).toEqual({ ...base, model: 'x\ufffdy', requestId: 'r\ufffd' });
  });
});
