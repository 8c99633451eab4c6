import { type PricingCatalog } from '../pricing/pricing-catalog.js';

/**
 * A cheap chat model per built-in provider, for the 1-token probe when a key names no models of its own. Kept
 * to models each provider lists for every account.
 */
const CHEAP_MODELS: Readonly<Record<string, string>> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-3-5-haiku-latest',
  gemini: 'gemini-2.0-flash-lite',
  openrouter: 'openai/gpt-4o-mini',
  groq: 'llama-3.1-8b-instant',
  deepseek: 'deepseek-chat',
  mistral: 'mistral-small-latest',
  together: 'meta-llama/Llama-3.2-3B-Instruct-Turbo',
};

const NOT_FOR_CHAT = /embed|whisper|tts|dall-e|image|moderation/i;

/**
 * The model a probe calls: the cheapest priced of the models the key declares, else the first of them, else the
 * provider's cheap default. Null when there is nothing sensible to call.
 */
export function probeModel(
  provider: string,
  declared: readonly string[],
  pricing: Pick<PricingCatalog, 'priceOf'>,
): string | null {
  const chat = declared.filter((model) => !NOT_FOR_CHAT.test(model));
  if (chat.length > 0) {
    const priced = chat
      .map((model) => ({ model, price: pricing.priceOf(provider, model) }))
      .filter((entry) => entry.price !== null)
      .sort((a, b) => Number(a.price!.outputMicrosPerMTok - b.price!.outputMicrosPerMTok));
    return priced[0]?.model ?? chat[0]!;
  }
  return CHEAP_MODELS[provider] ?? null;
}
