import { describe, expect, it } from '@jest/globals';
import { servedModel } from '../commands/chat.js';
import { formatChatSummary, numericHeader } from './chat-summary.js';

describe('formatChatSummary', () => {
  it('puts model, tokens, attempts and overhead on one line', () => {
    expect(
      formatChatSummary({
        model: 'openai/gpt-4o-mini',
        usage: { prompt_tokens: 12, completion_tokens: 5 },
        attempts: 1,
        overheadMs: 3,
      }),
    ).toBe('openai/gpt-4o-mini · 12 prompt + 5 completion tokens · 1 attempt · 3 ms gateway overhead');
    expect(formatChatSummary({ model: 'fast', usage: null, attempts: 3, overheadMs: null })).toBe(
      'fast · tokens not reported · 3 attempts',
    );
  });
});

describe('servedModel', () => {
  it('adds what answered only when it reads differently from what was asked', () => {
    expect(servedModel('openai/gpt-4o-mini', 'gpt-4o-mini')).toBe('openai/gpt-4o-mini');
    expect(servedModel('openai/gpt-4o-mini', undefined)).toBe('openai/gpt-4o-mini');
    expect(servedModel('openai/gpt-4o', 'gpt-4o-2024-08-06')).toBe('openai/gpt-4o → gpt-4o-2024-08-06');
    expect(servedModel('fast', 'claude-haiku-4-5')).toBe('fast → claude-haiku-4-5');
  });
});

describe('numericHeader', () => {
  it('reads numbers and ignores what is missing or not one', () => {
    const headers = new Headers({
      'x-switchyard-attempts': '2',
      'x-switchyard-overhead-ms': 'soon',
      empty: '',
    });
    expect(numericHeader(headers, 'x-switchyard-attempts')).toBe(2);
    expect(numericHeader(headers, 'x-switchyard-overhead-ms')).toBeNull();
    expect(numericHeader(headers, 'empty')).toBeNull();
    expect(numericHeader(headers, 'x-request-id')).toBeNull();
  });
});
