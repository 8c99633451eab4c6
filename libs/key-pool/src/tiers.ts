/** Named tiers in order of preference; a number places a key between or beyond them. */
export type KeyTier = 'primary' | 'daily' | 'fallback' | number;

const NAMED_TIER_RANK = { primary: 0, daily: 1, fallback: 2 } as const;

/** Lower ranks are tried first: primary = 0, daily = 1, fallback = 2, a number is its own rank. */
export function tierRank(tier: KeyTier): number {
  if (typeof tier === 'number') {
    if (!Number.isFinite(tier)) throw new RangeError(`Tier must be a finite number, got ${tier}`);
    return tier;
  }
  const rank = NAMED_TIER_RANK[tier];
  if (rank === undefined) throw new RangeError(`Unknown tier "${String(tier)}"`);
  return rank;
}
