import { type SeenLimits } from '@switchyard/key-pool';
import { type OpenRouterKeyInfo } from '@switchyard/providers';

/** `GET /admin/provider-keys/:id/limits`: what the provider says this key may still do. */
export interface KeyLimitsView {
  keyId: string;
  provider: string;
  /** The rate-limit headers of the last answer that carried any, with when they came; null if none yet. */
  headers: {
    seenAt: string;
    model: string;
    windows: { name: string; limit: number | null; remaining: number | null; resetAt: string | null }[];
  } | null;
  /** OpenRouter keys only: the key endpoint's figures, in USD as OpenRouter reports them. */
  openrouter: (OpenRouterKeyInfo & { fetchedAt: string }) | { error: string } | null;
  /** With `?refresh=true`: the minimal live call made to get fresh headers. */
  refreshed: { ok: boolean; latencyMs: number; model: string | null; error?: string } | null;
}

const iso = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs).toISOString());

export function headersView(seen: SeenLimits | null): KeyLimitsView['headers'] {
  if (!seen) return null;
  return {
    seenAt: new Date(seen.seenAt).toISOString(),
    model: seen.model,
    windows: seen.windows.map((window) => ({ ...window, resetAt: iso(window.resetAt) })),
  };
}
