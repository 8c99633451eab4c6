import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { countTokens } from 'gpt-tokenizer';
import { estimatePromptTokens, estimateTextTokens } from './token-estimator.js';

const require = createRequire(import.meta.url);

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

  it("agrees with tiktoken's own o200k_base test cases", () => {
    const plans = readFileSync(require.resolve('gpt-tokenizer/data/TestPlans.txt'), 'utf8').split('\n\n');
    const cases = plans
      .map((plan) => /^EncodingName: o200k_base\nSample: (.*)\nEncoded: \[(.*)\]$/s.exec(plan.trim()))
      .filter((match) => match !== null)
      .map(([, sample = '', encoded = '']) => ({
        sample,
        tokens: encoded === '' ? 0 : encoded.split(',').length,
      }));
    expect(cases.length).toBeGreaterThan(10);
    for (const { sample, tokens } of cases)
      expect([sample, estimateTextTokens(sample)]).toEqual([sample, tokens]);
  });

  it('agrees with gpt-tokenizer on varied text in many scripts', () => {
    const alphabet = [
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
      ...'     \n\n\t.,;:!?\'"()[]{}<>/\\|-_=+*&^%$#@~`',
      ...'äöüßéèêçñøåæœ',
      ...'абвгдежзийклмнопрстуфхцчшщыэюяАБВГД',
      ...'αβγδεζηθικλμνξοπρστυφχψω',
      ...'世界你好中文字符日本語のテキストカタカナ한국어텍스트',
      ...'مرحبابالعالم',
      ...'नमस्तेदुनिया',
      '🚀',
      '😀',
      '👍🏽',
      'é',
      '\u0301',
    ];
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed % n;
    };
    const words = Array.from({ length: 400 }, () =>
      Array.from({ length: 1 + random(12) }, () => alphabet[random(alphabet.length)]).join(''),
    );
    for (let sample = 0; sample < 1_000; sample++) {
      const text = Array.from({ length: 1 + random(30) }, () => words[random(words.length)]).join(
        random(4) === 0 ? '' : ' ',
      );
      expect([text, estimateTextTokens(text)]).toEqual([text, countTokens(text)]);
    }
  });

  it("counts a special token's spelling as the text it is", () => {
    const text = 'Hello <|endoftext|> there <|im_start|>';
    expect(estimateTextTokens(text)).toBe(countTokens(text, { disallowedSpecial: new Set() }));
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
