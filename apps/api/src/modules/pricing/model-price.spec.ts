import { describe, expect, it } from '@jest/globals';
import {
  affordableOutputTokens,
  cacheWriteRateOf,
  costMicros,
  type ModelPrice,
  priceLookupNames,
  worstCaseCostMicros,
} from './model-price.js';

const price = (input: bigint, output: bigint, cached: bigint | null = null): ModelPrice => ({
  provider: 'openai',
  model: 'm',
  inputMicrosPerMTok: input,
  outputMicrosPerMTok: output,
  cachedInputMicrosPerMTok: cached,
  cacheWriteMicrosPerMTok: null,
  maxOutputTokens: null,
});

describe('costMicros', () => {
  it('charges a million tokens at exactly the listed price', () => {
    const gpt4oMini = price(150_000n, 600_000n, 75_000n);
    expect(costMicros(gpt4oMini, { promptTokens: 1_000_000, completionTokens: 0 })).toBe(150_000n);
    expect(costMicros(gpt4oMini, { promptTokens: 0, completionTokens: 1_000_000 })).toBe(600_000n);
    expect(costMicros(gpt4oMini, { promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBe(750_000n);
  });

  it('rounds up to the next whole micro-USD, once, on the total', () => {
    const gpt4oMini = price(150_000n, 600_000n);
    // One prompt token costs 0.15 micro-USD; 6 cost 0.9; 7 cost 1.05.
    expect(costMicros(gpt4oMini, { promptTokens: 1, completionTokens: 0 })).toBe(1n);
    expect(costMicros(gpt4oMini, { promptTokens: 6, completionTokens: 0 })).toBe(1n);
    expect(costMicros(gpt4oMini, { promptTokens: 7, completionTokens: 0 })).toBe(2n);
    // 2 + 2 tokens: 0.3 + 1.2 = 1.5 → 2, where rounding each part up first would charge 3.
    expect(costMicros(gpt4oMini, { promptTokens: 2, completionTokens: 2 })).toBe(2n);
    expect(costMicros(gpt4oMini, { promptTokens: 0, completionTokens: 0 })).toBe(0n);
  });

  it('bills cached prompt tokens at the cached price, as a subset of the prompt', () => {
    const claude = price(3_000_000n, 15_000_000n, 300_000n);
    // 1000 prompt tokens of which 800 cached: 200 × $3 + 800 × $0.30 per MTok = 600 + 240 micro-USD.
    expect(costMicros(claude, { promptTokens: 1000, completionTokens: 0, cachedTokens: 800 })).toBe(840n);
    // More cached than prompt tokens: capped at the prompt.
    expect(costMicros(claude, { promptTokens: 100, completionTokens: 0, cachedTokens: 500 })).toBe(30n);
  });

  it('bills cached tokens as ordinary input when the model has no cached price', () => {
    const noCache = price(3_000_000n, 15_000_000n);
    expect(costMicros(noCache, { promptTokens: 1000, completionTokens: 10, cachedTokens: 800 })).toBe(3_150n);
  });

  it('bills cache writes at their own rate, or at exactly 1.25 × input when the price names none', () => {
    const claude = price(3_000_000n, 15_000_000n, 300_000n);
    // 1000 prompt tokens: 100 read, 400 written, 500 plain: 500 × 3 + 100 × 0.3 + 400 × 3.75 = 1500 + 30 + 1500.
    const usage = { promptTokens: 1000, completionTokens: 0, cachedTokens: 100, cacheWriteTokens: 400 };
    expect(costMicros(claude, usage)).toBe(3_030n);
    expect(costMicros({ ...claude, cacheWriteMicrosPerMTok: 6_000_000n }, usage)).toBe(3_930n);
    // 1.25 × 0.15 micro-USD for one written token is 0.1875: rounded up once, on the total.
    expect(
      costMicros(price(150_000n, 0n), { promptTokens: 1, completionTokens: 0, cacheWriteTokens: 1 }),
    ).toBe(1n);
    expect(
      costMicros(price(150_000n, 0n), { promptTokens: 16, completionTokens: 0, cacheWriteTokens: 16 }),
    ).toBe(3n);
    expect(cacheWriteRateOf(price(150_001n, 0n))).toBe(187_502n);
    // Writes beyond the uncached prompt are capped at it.
    expect(
      costMicros(claude, { promptTokens: 10, completionTokens: 0, cachedTokens: 6, cacheWriteTokens: 50 }),
    ).toBe(17n);
  });

  it('reserves the worst case: every prompt token at the dearer of input and cache write', () => {
    const claude = price(3_000_000n, 15_000_000n);
    expect(worstCaseCostMicros(claude, 1000, 100)).toBe(3_750n + 1_500n);
    expect(worstCaseCostMicros({ ...claude, cacheWriteMicrosPerMTok: 1_000_000n }, 1000, 100)).toBe(4_500n);
  });

  it('finds the most output tokens a budget pays for, never more than asked', () => {
    const mini = price(150_000n, 600_000n);
    // The prompt's worst case is 1000 × 0.1875 = 187.5; the 1000.5 left pays for 1000.5 / 0.6 = 1667.5 tokens.
    expect(affordableOutputTokens(mini, 1000, 1_188n, 16_384)).toBe(1_667);
    expect(worstCaseCostMicros(mini, 1000, 1_667)).toBe(1_188n);
    expect(worstCaseCostMicros(mini, 1000, 1_668)).toBe(1_189n);
    expect(affordableOutputTokens(mini, 1000, 1_000_000n, 16_384)).toBe(16_384);
    expect(affordableOutputTokens(mini, 1000, 100n, 16_384)).toBe(0);
  });

  it('stays exact for large counts and prices, where floats would drift', () => {
    const opus = price(15_000_000n, 75_000_000n, 1_500_000n);
    const usage = { promptTokens: 2_000_000_000, completionTokens: 333_333_333, cachedTokens: 1_234_567_891 };
    // (765432109 × 15e6 + 1234567891 × 1.5e6 + 333333333 × 75e6) / 1e6, rounded up.
    const scaled = 765_432_109n * 15_000_000n + 1_234_567_891n * 1_500_000n + 333_333_333n * 75_000_000n;
    expect(costMicros(opus, usage)).toBe((scaled + 999_999n) / 1_000_000n);
    expect(costMicros(opus, usage)).toBe(38_333_333_447n);
  });

  it('refuses counts that are not whole non-negative numbers', () => {
    const any = price(1n, 1n);
    expect(() => costMicros(any, { promptTokens: -1, completionTokens: 0 })).toThrow(RangeError);
    expect(() => costMicros(any, { promptTokens: 1.5, completionTokens: 0 })).toThrow(/promptTokens/);
    expect(() => costMicros(any, { promptTokens: 0, completionTokens: Number.NaN })).toThrow(
      /completionTokens/,
    );
  });
});

describe('priceLookupNames', () => {
  it('falls back from dated snapshots and -latest aliases to the listed model', () => {
    expect(priceLookupNames('gpt-4o-2024-08-06')).toEqual(['gpt-4o-2024-08-06', 'gpt-4o']);
    expect(priceLookupNames('claude-sonnet-4-20250514')).toEqual([
      'claude-sonnet-4-20250514',
      'claude-sonnet-4',
    ]);
    expect(priceLookupNames('claude-3-5-haiku-latest')).toEqual([
      'claude-3-5-haiku-latest',
      'claude-3-5-haiku',
    ]);
    expect(priceLookupNames('gpt-4o-mini')).toEqual(['gpt-4o-mini']);
    expect(priceLookupNames('o3')).toEqual(['o3']);
  });
});
