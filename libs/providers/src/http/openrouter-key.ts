/** What OpenRouter's `GET /api/v1/key` says about a key; money in USD as OpenRouter reports it. */
export interface OpenRouterKeyInfo {
  label: string | null;
  /** The key's credit limit; null when it has none. */
  limitUsd: number | null;
  limitRemainingUsd: number | null;
  usageUsd: number | null;
  isFreeTier: boolean | null;
  rateLimit: { requests: number; interval: string } | null;
}

/** Whether a base URL is OpenRouter's, whose key endpoint tells a key's own limits. */
export function isOpenRouterUrl(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname;
    return host === 'openrouter.ai' || host.endsWith('.openrouter.ai');
  } catch {
    return false;
  }
}

/** Reads the `data` of the key endpoint's answer; null when it is not that shape. */
export function readOpenRouterKeyInfo(body: unknown): OpenRouterKeyInfo | null {
  const data = record(record(body)?.data);
  if (!data) return null;
  const rateLimit = record(data.rate_limit);
  return {
    label: typeof data.label === 'string' ? data.label : null,
    limitUsd: number(data.limit),
    limitRemainingUsd: number(data.limit_remaining),
    usageUsd: number(data.usage),
    isFreeTier: typeof data.is_free_tier === 'boolean' ? data.is_free_tier : null,
    rateLimit:
      rateLimit && typeof rateLimit.requests === 'number' && typeof rateLimit.interval === 'string'
        ? { requests: rateLimit.requests, interval: rateLimit.interval }
        : null,
  };
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function number(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
