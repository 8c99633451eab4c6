import { type KeyLimits } from '@switchyard/contracts';
import { type SeenLimits } from '@switchyard/key-pool';

const iso = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs).toISOString());

export function headersView(seen: SeenLimits | null): KeyLimits['headers'] {
  if (!seen) return null;
  return {
    seenAt: new Date(seen.seenAt).toISOString(),
    model: seen.model,
    windows: seen.windows.map((window) => ({ ...window, resetAt: iso(window.resetAt) })),
  };
}
