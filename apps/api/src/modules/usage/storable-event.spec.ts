import { describe, expect, it } from '@jest/globals';
import { storableEvent, storableText } from './storable-event.js';
import { sampleUsageEvent } from '../../../test/support/usage-event.js';

const base = sampleUsageEvent();

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
