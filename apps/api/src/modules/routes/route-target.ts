export interface RouteTarget {
  provider: string;
  model: string;
}

/** `provider/model`, split at the first "/": the model part may hold more (`openrouter/openai/gpt-4o`). */
export function splitModelId(id: string): RouteTarget | null {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return null;
  return { provider: id.slice(0, slash), model: id.slice(slash + 1) };
}

/**
 * Provider names the contract pre-seeds. An alias can never shadow them, even before the providers table is
 * seeded; providers added later are read from the table.
 */
export const BUILT_IN_PROVIDER_NAMES: readonly string[] = [
  'openai',
  'anthropic',
  'gemini',
  'openrouter',
  'groq',
  'deepseek',
  'mistral',
  'together',
];
