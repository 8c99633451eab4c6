import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { countTokens } from 'gpt-tokenizer';
import { estimatePromptTokens, estimateTextTokens, MERGE_CACHE_ENTRIES } from './token-estimator.js';

/** Per-message framing and reply primer of OpenAI's published counting recipe. */
const TOKENS_PER_MESSAGE = 3;
const REPLY_PRIMER_TOKENS = 3;
const TOKENIZE_LIMIT = 100_000;

describe('estimateTextTokens', () => {
  it('counts text with the o200k_base tokenizer', () => {
    expect(estimateTextTokens('')).toBe(0);
    expect(estimateTextTokens('Hello wörld 🚀')).toBe(6);
    expect(estimateTextTokens('The quick brown fox jumps over the lazy dog.')).toBe(10);
  });

  it('counts CJK and astral characters as the tokenizer splits them', () => {
    expect(estimateTextTokens('世界你好')).toBe(2);
    expect(estimateTextTokens('🚀🚀')).toBe(4);
  });

  it('still tokenizes a text of exactly the limit', () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(2_223).slice(0, TOKENIZE_LIMIT);
    expect(text).toHaveLength(TOKENIZE_LIMIT);
    // The approximation would give 25,000 here.
    expect(estimateTextTokens(text)).toBe(22_223);
  });

  it('keeps no more merged words than MERGE_CACHE_ENTRIES, however varied the text', () => {
    // The estimator loads gpt-tokenizer through require, so this is its instance; the cache has no public getter.
    const core = (
      createRequire(import.meta.url)('gpt-tokenizer') as {
        default: { bytePairEncodingCoreProcessor: { mergeCache?: Map<string, unknown> } };
      }
    ).default.bytePairEncodingCoreProcessor;
    // Letters only, so that the tokenizer keeps each word one piece; none of them is in its vocabulary.
    const letters = (n: number) =>
      [...n.toString(26)].map((digit) => String.fromCharCode(97 + parseInt(digit, 26))).join('');
    const words = Array.from({ length: MERGE_CACHE_ENTRIES + 2_000 }, (_, i) => `zq${letters(i)}xv`);
    for (let start = 0; start < words.length; start += 50)
      expect(estimateTextTokens(words.slice(start, start + 50).join(' '))).toBeGreaterThan(50);
    expect(core.mergeCache?.size).toBe(MERGE_CACHE_ENTRIES);
  });

  it('approximates a text over the limit instead of tokenizing it', () => {
    const ascii = 'The quick brown fox jumps over the lazy dog. '.repeat(2_223).slice(0, TOKENIZE_LIMIT + 1);
    // Four ASCII characters per token, where the tokenizer would give about 22,223.
    expect(estimateTextTokens(ascii)).toBe(25_001);
    // One token per CJK character, where the tokenizer would give one per two.
    expect(estimateTextTokens('世界你好'.repeat(25_001))).toBe(100_004);
    // An astral character (a surrogate pair) counts once.
    expect(estimateTextTokens('🚀'.repeat(50_001))).toBe(50_001);
  });
});

describe('estimatePromptTokens', () => {
  it('adds the per-message framing and the reply primer to the tokenized text', () => {
    expect(estimatePromptTokens('openai', { messages: [{ role: 'user', content: 'Hi' }] })).toBe(
      countTokens('Hi\n') + TOKENS_PER_MESSAGE + REPLY_PRIMER_TOKENS,
    );
    expect(
      estimatePromptTokens('anthropic', { system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }] }),
    ).toBe(countTokens('Be brief.\nHi\n') + 2 * TOKENS_PER_MESSAGE + REPLY_PRIMER_TOKENS);
  });

  it('grows with message text, images and tools in both client formats', () => {
    const short = estimatePromptTokens('openai', { messages: [{ role: 'user', content: 'hi' }] });
    const long = estimatePromptTokens('openai', { messages: [{ role: 'user', content: 'hi '.repeat(400) }] });
    const withImage = estimatePromptTokens('openai', {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'hi' },
            { type: 'image_url', image_url: { url: 'https://x/y.png' } },
          ],
        },
      ],
    });
    const anthropic = estimatePromptTokens('anthropic', {
      system: 'be brief '.repeat(100),
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(long).toBeGreaterThan(short + 250);
    expect(withImage).toBeGreaterThan(short + 500);
    expect(anthropic).toBeGreaterThan(short + 200);
  });
});
