import type { KeySlot } from './key-state.js';

/**
 * A key a request already tried: a key id excludes the key for every target; `{keyId, provider, model}`
 * (a previous `Lease` fits) excludes it only for that target, so a fallback model of the same provider may use it.
 */
export type ExcludedKey =
  string | { readonly keyId: string; readonly provider?: string; readonly model?: string };

export type ExclusionTest = (slot: KeySlot) => boolean;

export function buildExclusion(exclude: Iterable<ExcludedKey> | undefined): ExclusionTest | undefined {
  if (exclude === undefined) return undefined;
  const everywhere = new Set<string>();
  const perTarget = new Set<string>();
  for (const entry of exclude) {
    if (typeof entry === 'string') everywhere.add(entry);
    else if (entry.model === undefined || entry.provider === undefined) everywhere.add(entry.keyId);
    else perTarget.add(`${entry.keyId}\n${entry.provider}/${entry.model}`);
  }
  if (everywhere.size === 0 && perTarget.size === 0) return undefined;
  if (perTarget.size === 0) return (slot) => everywhere.has(slot.key.config.id);
  return (slot) =>
    everywhere.has(slot.key.config.id) || perTarget.has(`${slot.key.config.id}\n${slot.group.name}`);
}
