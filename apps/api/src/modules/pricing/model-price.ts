/** A model's price in micro-USD per million tokens: $0.15/MTok is 150000. */
export interface ModelPrice {
  provider: string;
  model: string;
  inputMicrosPerMTok: bigint;
  outputMicrosPerMTok: bigint;
  /** Price of prompt tokens served from the provider's cache; null bills them as ordinary input. */
  cachedInputMicrosPerMTok: bigint | null;
  /** Price of prompt tokens written to the provider's cache; null bills them at 1.25 × input. */
  cacheWriteMicrosPerMTok: bigint | null;
  /** The longest answer the model gives, which a request naming no output limit is reserved for. */
  maxOutputTokens: number | null;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /** The part of `promptTokens` read from the provider's prompt cache. */
  cachedTokens?: number;
  /** The part of `promptTokens` written to the provider's prompt cache. */
  cacheWriteTokens?: number;
}

const TOKENS_PER_MTOK = 1_000_000n;

function tokenCount(name: string, value: number | undefined): bigint {
  if (value === undefined) return 0n;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number of tokens, 0 or more (got ${value})`);
  }
  return BigInt(value);
}

/** Anthropic's five-minute cache write costs 1.25 × input: the rate of a price that names none. */
const DEFAULT_CACHE_WRITE_NUMERATOR = 5n;
const DEFAULT_CACHE_WRITE_DENOMINATOR = 4n;
/** Costs are summed scaled by this, so that the 1.25 default stays exact; the one rounding divides it out. */
const SCALE = DEFAULT_CACHE_WRITE_DENOMINATOR;
const DIVISOR = TOKENS_PER_MTOK * SCALE;

/** The cost in micro-USD × {@link DIVISOR}, exact. */
function scaledCost(price: ModelPrice, usage: TokenUsage): bigint {
  const prompt = tokenCount('promptTokens', usage.promptTokens);
  const completion = tokenCount('completionTokens', usage.completionTokens);
  const cached = atMost(tokenCount('cachedTokens', usage.cachedTokens), prompt);
  const written = atMost(tokenCount('cacheWriteTokens', usage.cacheWriteTokens), prompt - cached);
  const cachedRate = price.cachedInputMicrosPerMTok ?? price.inputMicrosPerMTok;
  const writeScaled =
    price.cacheWriteMicrosPerMTok === null
      ? written * price.inputMicrosPerMTok * DEFAULT_CACHE_WRITE_NUMERATOR
      : written * price.cacheWriteMicrosPerMTok * SCALE;
  return (
    ((prompt - cached - written) * price.inputMicrosPerMTok +
      cached * cachedRate +
      completion * price.outputMicrosPerMTok) *
      SCALE +
    writeScaled
  );
}

/**
 * What a call costs, in whole micro-USD, rounded up: a charge is never below the true price. Cache reads and cache
 * writes are parts of the prompt (more than the prompt is capped at the prompt), billed at their own rates. All
 * arithmetic is in bigint; the only rounding is the final ceiling.
 */
export function costMicros(price: ModelPrice, usage: TokenUsage): bigint {
  return (scaledCost(price, usage) + DIVISOR - 1n) / DIVISOR;
}

/** The scaled cost of a prompt at its worst: every token at the dearer of input and cache write. */
function worstPromptScaled(price: ModelPrice, promptTokens: number): bigint {
  const plain = scaledCost(price, { promptTokens, completionTokens: 0 });
  const written = scaledCost(price, { promptTokens, completionTokens: 0, cacheWriteTokens: promptTokens });
  return written > plain ? written : plain;
}

/** The most a call can cost: every prompt token at the dearer of input and cache write, and every output token. */
export function worstCaseCostMicros(price: ModelPrice, promptTokens: number, outputTokens: number): bigint {
  const output = tokenCount('outputTokens', outputTokens) * price.outputMicrosPerMTok * SCALE;
  return (worstPromptScaled(price, promptTokens) + output + DIVISOR - 1n) / DIVISOR;
}

/**
 * The most output tokens whose worst-case cost stays within `budgetMicros` (at most `maxTokens`); 0 when even the
 * prompt does not fit. Exact: `worstCaseCostMicros(price, promptTokens, n) ≤ budgetMicros` for the answer n, and
 * not for n + 1 (unless n is `maxTokens`).
 */
export function affordableOutputTokens(
  price: ModelPrice,
  promptTokens: number,
  budgetMicros: bigint,
  maxTokens: number,
): number {
  const room = budgetMicros * DIVISOR - worstPromptScaled(price, promptTokens);
  if (room < 0n) return 0;
  if (price.outputMicrosPerMTok === 0n) return maxTokens;
  const affordable = room / (price.outputMicrosPerMTok * SCALE);
  return affordable >= BigInt(maxTokens) ? maxTokens : Number(affordable);
}

/** The cache-write rate a usage row records: the price's own, else 1.25 × input (rounded up to whole micro-USD). */
export function cacheWriteRateOf(price: ModelPrice): bigint {
  if (price.cacheWriteMicrosPerMTok !== null) return price.cacheWriteMicrosPerMTok;
  const scaled = price.inputMicrosPerMTok * DEFAULT_CACHE_WRITE_NUMERATOR;
  return (scaled + DEFAULT_CACHE_WRITE_DENOMINATOR - 1n) / DEFAULT_CACHE_WRITE_DENOMINATOR;
}

const atMost = (value: bigint, limit: bigint) => (value > limit ? limit : value);

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
