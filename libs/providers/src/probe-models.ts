/**
 * A cheap chat model per well-known provider (by the gateway's built-in provider names), for a 1-token probe of a
 * key that names no models of its own. Kept to models each provider serves every account.
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

/** Models no chat probe can call. */
const NOT_FOR_CHAT = /embed|whisper|tts|dall-e|image|moderation/i;

export function cheapProbeModel(provider: string): string | null {
  return CHEAP_MODELS[provider] ?? null;
}

export function isChatModel(model: string): boolean {
  return !NOT_FOR_CHAT.test(model);
}
