import { usdToMicros } from '../credits/money.js';
import { type ModelPrice } from './model-price.js';

type UsdPerMTok = number;

const price = (
  provider: 'openai' | 'anthropic' | 'gemini',
  model: string,
  input: UsdPerMTok,
  output: UsdPerMTok,
  cachedInput: UsdPerMTok | null = null,
): ModelPrice => ({
  provider,
  model,
  inputMicrosPerMTok: usdToMicros(input),
  outputMicrosPerMTok: usdToMicros(output),
  cachedInputMicrosPerMTok: cachedInput === null ? null : usdToMicros(cachedInput),
});

/**
 * List prices in USD per million tokens as the providers published them in late 2025: standard tier,
 * prompts up to 200k tokens (Gemini's long-context tier and Anthropic's cache-write premium are not modelled).
 * Seeded once per model; after that the table belongs to the admins (see PricingService.seedDefaults).
 */
export const DEFAULT_PRICES: readonly ModelPrice[] = [
  price('openai', 'gpt-5', 1.25, 10, 0.125),
  price('openai', 'gpt-5-mini', 0.25, 2, 0.025),
  price('openai', 'gpt-5-nano', 0.05, 0.4, 0.005),
  price('openai', 'gpt-4.1', 2, 8, 0.5),
  price('openai', 'gpt-4.1-mini', 0.4, 1.6, 0.1),
  price('openai', 'gpt-4.1-nano', 0.1, 0.4, 0.025),
  price('openai', 'gpt-4o', 2.5, 10, 1.25),
  price('openai', 'gpt-4o-mini', 0.15, 0.6, 0.075),
  price('openai', 'gpt-3.5-turbo', 0.5, 1.5),
  price('openai', 'o1', 15, 60, 7.5),
  price('openai', 'o3', 2, 8, 0.5),
  price('openai', 'o3-mini', 1.1, 4.4, 0.55),
  price('openai', 'o4-mini', 1.1, 4.4, 0.275),
  price('openai', 'text-embedding-3-small', 0.02, 0),
  price('openai', 'text-embedding-3-large', 0.13, 0),
  price('openai', 'text-embedding-ada-002', 0.1, 0),
  price('anthropic', 'claude-opus-4-5', 5, 25, 0.5),
  price('anthropic', 'claude-opus-4-1', 15, 75, 1.5),
  price('anthropic', 'claude-opus-4', 15, 75, 1.5),
  price('anthropic', 'claude-opus-4-0', 15, 75, 1.5),
  price('anthropic', 'claude-sonnet-4-5', 3, 15, 0.3),
  price('anthropic', 'claude-sonnet-4', 3, 15, 0.3),
  price('anthropic', 'claude-sonnet-4-0', 3, 15, 0.3),
  price('anthropic', 'claude-3-7-sonnet', 3, 15, 0.3),
  price('anthropic', 'claude-3-5-sonnet', 3, 15, 0.3),
  price('anthropic', 'claude-haiku-4-5', 1, 5, 0.1),
  price('anthropic', 'claude-3-5-haiku', 0.8, 4, 0.08),
  price('anthropic', 'claude-3-haiku', 0.25, 1.25, 0.03),
  price('gemini', 'gemini-2.5-pro', 1.25, 10, 0.125),
  price('gemini', 'gemini-2.5-flash', 0.3, 2.5, 0.03),
  price('gemini', 'gemini-2.5-flash-lite', 0.1, 0.4, 0.01),
  price('gemini', 'gemini-2.0-flash', 0.1, 0.4, 0.025),
  price('gemini', 'gemini-2.0-flash-lite', 0.075, 0.3),
  price('gemini', 'gemini-embedding-001', 0.15, 0),
];
