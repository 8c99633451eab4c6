import { usdToMicros } from '../credits/money.js';
import { type ModelPrice } from './model-price.js';

type UsdPerMTok = number;

/**
 * The longest answer assumed for a model whose price names no `maxOutputTokens`, per built-in provider: a request
 * that names no output limit reserves credit for this many output tokens. Other providers get
 * {@link FALLBACK_MAX_OUTPUT_TOKENS}.
 */
export const DEFAULT_MAX_OUTPUT_TOKENS: Readonly<Record<string, number>> = {
  openai: 16_384,
  anthropic: 8_192,
  gemini: 8_192,
  openrouter: 16_384,
  groq: 8_192,
  deepseek: 8_192,
  mistral: 8_192,
  together: 8_192,
};
export const FALLBACK_MAX_OUTPUT_TOKENS = 16_384;

/** The output limit a request naming none is reserved for. */
export function maxOutputTokensOf(price: ModelPrice): number {
  return price.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS[price.provider] ?? FALLBACK_MAX_OUTPUT_TOKENS;
}

interface Extra {
  cachedInput?: UsdPerMTok;
  cacheWrite?: UsdPerMTok;
  maxOutput?: number;
}

const price = (
  provider: string,
  model: string,
  input: UsdPerMTok,
  output: UsdPerMTok,
  extra: Extra = {},
): ModelPrice => ({
  provider,
  model,
  inputMicrosPerMTok: usdToMicros(input),
  outputMicrosPerMTok: usdToMicros(output),
  cachedInputMicrosPerMTok: extra.cachedInput === undefined ? null : usdToMicros(extra.cachedInput),
  cacheWriteMicrosPerMTok: extra.cacheWrite === undefined ? null : usdToMicros(extra.cacheWrite),
  maxOutputTokens: extra.maxOutput ?? null,
});

/** Anthropic bills a five-minute cache write at 1.25 × input and a cache read at 0.1 × input. */
const claude = (model: string, input: UsdPerMTok, output: UsdPerMTok, maxOutput: number) =>
  price('anthropic', model, input, output, {
    cachedInput: input / 10,
    cacheWrite: input * 1.25,
    maxOutput,
  });

/**
 * List prices in USD per million tokens as the providers published them in late 2025: standard tier, prompts up to
 * 200k tokens (Gemini's long-context tier is not modelled). OpenRouter, Groq, DeepSeek, Mistral and Together ids
 * are the ones their APIs take. Seeded once per model; after that the table belongs to the admins (see
 * PricingService.seedDefaults).
 */
export const DEFAULT_PRICES: readonly ModelPrice[] = [
  price('openai', 'gpt-5', 1.25, 10, { cachedInput: 0.125, maxOutput: 128_000 }),
  price('openai', 'gpt-5-mini', 0.25, 2, { cachedInput: 0.025, maxOutput: 128_000 }),
  price('openai', 'gpt-5-nano', 0.05, 0.4, { cachedInput: 0.005, maxOutput: 128_000 }),
  price('openai', 'gpt-4.1', 2, 8, { cachedInput: 0.5, maxOutput: 32_768 }),
  price('openai', 'gpt-4.1-mini', 0.4, 1.6, { cachedInput: 0.1, maxOutput: 32_768 }),
  price('openai', 'gpt-4.1-nano', 0.1, 0.4, { cachedInput: 0.025, maxOutput: 32_768 }),
  price('openai', 'gpt-4o', 2.5, 10, { cachedInput: 1.25, maxOutput: 16_384 }),
  price('openai', 'gpt-4o-mini', 0.15, 0.6, { cachedInput: 0.075, maxOutput: 16_384 }),
  price('openai', 'gpt-3.5-turbo', 0.5, 1.5, { maxOutput: 4_096 }),
  price('openai', 'o1', 15, 60, { cachedInput: 7.5, maxOutput: 100_000 }),
  price('openai', 'o3', 2, 8, { cachedInput: 0.5, maxOutput: 100_000 }),
  price('openai', 'o3-mini', 1.1, 4.4, { cachedInput: 0.55, maxOutput: 100_000 }),
  price('openai', 'o4-mini', 1.1, 4.4, { cachedInput: 0.275, maxOutput: 100_000 }),
  price('openai', 'text-embedding-3-small', 0.02, 0),
  price('openai', 'text-embedding-3-large', 0.13, 0),
  price('openai', 'text-embedding-ada-002', 0.1, 0),
  claude('claude-opus-4-5', 5, 25, 64_000),
  claude('claude-opus-4-1', 15, 75, 32_000),
  claude('claude-opus-4', 15, 75, 32_000),
  claude('claude-opus-4-0', 15, 75, 32_000),
  claude('claude-sonnet-4-5', 3, 15, 64_000),
  claude('claude-sonnet-4', 3, 15, 64_000),
  claude('claude-sonnet-4-0', 3, 15, 64_000),
  claude('claude-3-7-sonnet', 3, 15, 64_000),
  claude('claude-3-5-sonnet', 3, 15, 8_192),
  claude('claude-haiku-4-5', 1, 5, 64_000),
  claude('claude-3-5-haiku', 0.8, 4, 8_192),
  claude('claude-3-haiku', 0.25, 1.25, 4_096),
  price('gemini', 'gemini-2.5-pro', 1.25, 10, { cachedInput: 0.125, maxOutput: 65_536 }),
  price('gemini', 'gemini-2.5-flash', 0.3, 2.5, { cachedInput: 0.03, maxOutput: 65_536 }),
  price('gemini', 'gemini-2.5-flash-lite', 0.1, 0.4, { cachedInput: 0.01, maxOutput: 65_536 }),
  price('gemini', 'gemini-2.0-flash', 0.1, 0.4, { cachedInput: 0.025, maxOutput: 8_192 }),
  price('gemini', 'gemini-2.0-flash-lite', 0.075, 0.3, { maxOutput: 8_192 }),
  price('gemini', 'gemini-embedding-001', 0.15, 0),
  price('openrouter', 'openai/gpt-5', 1.25, 10, { cachedInput: 0.125, maxOutput: 128_000 }),
  price('openrouter', 'openai/gpt-5-mini', 0.25, 2, { cachedInput: 0.025, maxOutput: 128_000 }),
  price('openrouter', 'openai/gpt-4.1', 2, 8, { cachedInput: 0.5, maxOutput: 32_768 }),
  price('openrouter', 'openai/gpt-4o', 2.5, 10, { cachedInput: 1.25, maxOutput: 16_384 }),
  price('openrouter', 'openai/gpt-4o-mini', 0.15, 0.6, { cachedInput: 0.075, maxOutput: 16_384 }),
  price('openrouter', 'anthropic/claude-sonnet-4.5', 3, 15, {
    cachedInput: 0.3,
    cacheWrite: 3.75,
    maxOutput: 64_000,
  }),
  price('openrouter', 'anthropic/claude-sonnet-4', 3, 15, {
    cachedInput: 0.3,
    cacheWrite: 3.75,
    maxOutput: 64_000,
  }),
  price('openrouter', 'anthropic/claude-haiku-4.5', 1, 5, {
    cachedInput: 0.1,
    cacheWrite: 1.25,
    maxOutput: 64_000,
  }),
  price('openrouter', 'google/gemini-2.5-pro', 1.25, 10, { cachedInput: 0.125, maxOutput: 65_536 }),
  price('openrouter', 'google/gemini-2.5-flash', 0.3, 2.5, { cachedInput: 0.03, maxOutput: 65_536 }),
  price('openrouter', 'deepseek/deepseek-chat', 0.3, 0.85, { maxOutput: 8_192 }),
  price('openrouter', 'meta-llama/llama-3.3-70b-instruct', 0.13, 0.4, { maxOutput: 16_384 }),
  price('groq', 'llama-3.3-70b-versatile', 0.59, 0.79, { maxOutput: 32_768 }),
  price('groq', 'llama-3.1-8b-instant', 0.05, 0.08, { maxOutput: 131_072 }),
  price('groq', 'openai/gpt-oss-120b', 0.15, 0.75, { maxOutput: 65_536 }),
  price('groq', 'openai/gpt-oss-20b', 0.1, 0.5, { maxOutput: 65_536 }),
  price('groq', 'meta-llama/llama-4-scout-17b-16e-instruct', 0.11, 0.34, { maxOutput: 8_192 }),
  price('groq', 'qwen/qwen3-32b', 0.29, 0.59, { maxOutput: 40_960 }),
  price('deepseek', 'deepseek-chat', 0.28, 0.42, { cachedInput: 0.028, maxOutput: 8_192 }),
  price('deepseek', 'deepseek-reasoner', 0.28, 0.42, { cachedInput: 0.028, maxOutput: 65_536 }),
  price('mistral', 'mistral-large-latest', 2, 6, { maxOutput: 32_768 }),
  price('mistral', 'mistral-medium-latest', 0.4, 2, { maxOutput: 32_768 }),
  price('mistral', 'mistral-small-latest', 0.1, 0.3, { maxOutput: 32_768 }),
  price('mistral', 'codestral-latest', 0.3, 0.9, { maxOutput: 32_768 }),
  price('mistral', 'open-mistral-nemo', 0.15, 0.15, { maxOutput: 32_768 }),
  price('mistral', 'mistral-embed', 0.1, 0),
  price('together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 0.88, 0.88, { maxOutput: 8_192 }),
  price('together', 'deepseek-ai/DeepSeek-V3', 1.25, 1.25, { maxOutput: 8_192 }),
  price('together', 'Qwen/Qwen2.5-72B-Instruct-Turbo', 1.2, 1.2, { maxOutput: 8_192 }),
];
