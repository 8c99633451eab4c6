/** A model's price in micro-USD per million tokens: $0.15/MTok is 150000. */
export interface ModelPrice {
  provider: string;
  model: string;
  inputMicrosPerMTok: bigint;
  outputMicrosPerMTok: bigint;
  /** Price of prompt tokens served from the provider's cache; null bills them as ordinary input. */
  cachedInputMicrosPerMTok: bigint | null;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /** The part of `promptTokens` read from the provider's prompt cache. */
  cachedTokens?: number;
}

const TOKENS_PER_MTOK = 1_000_000n;

function tokenCount(name: string, value: number | undefined): bigint {
  if (value === undefined) return 0n;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number of tokens, 0 or more (got ${value})`);
  }
  return BigInt(value);
}

/**
 * What a call costs, in whole micro-USD, rounded up: a charge is never below the true price. Cached tokens
 * are a subset of prompt tokens (more than the prompt is capped at the prompt) and are billed at the cached
 * price when the model has one. All arithmetic is in bigint; the only rounding is the final ceiling.
 */
export function costMicros(price: ModelPrice, usage: TokenUsage): bigint {
  const prompt = tokenCount('promptTokens', usage.promptTokens);
  const completion = tokenCount('completionTokens', usage.completionTokens);
  const cachedReported = tokenCount('cachedTokens', usage.cachedTokens);
  const cached = cachedReported > prompt ? prompt : cachedReported;
  const cachedRate = price.cachedInputMicrosPerMTok ?? price.inputMicrosPerMTok;
  const scaled =
    (prompt - cached) * price.inputMicrosPerMTok +
    cached * cachedRate +
    completion * price.outputMicrosPerMTok;
  return (scaled + TOKENS_PER_MTOK - 1n) / TOKENS_PER_MTOK;
}

/**
 * Versions of a model name a price may be listed under, most specific first: providers answer with dated
 * snapshots (`gpt-4o-2024-08-06`, `claude-sonnet-4-20250514`) and `-latest` aliases of a listed model.
 */
export function priceLookupNames(model: string): string[] {
  const names = [model];
  const undated = model
    .replace(/-latest$/, '')
    .replace(/-\d{4}-\d{2}-\d{2}$/, '')
    .replace(/-\d{8}$/, '');
  if (undated !== model && undated.length > 0) names.push(undated);
  return names;
}
