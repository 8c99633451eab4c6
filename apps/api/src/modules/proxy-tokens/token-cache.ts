import { type ProxyTokenPrincipal } from './proxy-token-principal.js';

export interface CachedToken {
  /** Null for a token that exists but can never work again: revoked, or its team deleted. */
  principal: ProxyTokenPrincipal | null;
  loadedAt: number;
}

export interface TokenCacheLimits {
  maxEntries: number;
  maxMisses: number;
  /** How long an unknown hash is answered from memory. Kept short so a brand-new token is never refused. */
  missTtlMs: number;
}

export const DEFAULT_TOKEN_CACHE_LIMITS: TokenCacheLimits = {
  maxEntries: 100_000,
  maxMisses: 10_000,
  missTtlMs: 1_000,
};

/**
 * Proxy tokens by hash, so authenticating a known token reads no database. Entries are evicted least recently
 * used first. Unknown hashes are remembered briefly, which keeps a flood of bad tokens off the database.
 *
 * Every invalidation bumps `generation`; a load that began before it must not store what it read, or a
 * token revoked while its row was being fetched would come back to life.
 */
export class TokenCache {
  private readonly entries = new Map<string, CachedToken>();
  private readonly misses = new Map<string, number>();
  private currentGeneration = 0;

  constructor(private readonly limits: TokenCacheLimits = DEFAULT_TOKEN_CACHE_LIMITS) {}

  get generation(): number {
    return this.currentGeneration;
  }

  get size(): number {
    return this.entries.size;
  }

  get(hash: string): CachedToken | undefined {
    const entry = this.entries.get(hash);
    if (entry) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.entries.delete(hash);
      this.entries.set(hash, entry);
    }
    return entry;
  }

  isKnownMiss(hash: string, now: number): boolean {
    const until = this.misses.get(hash);
    if (until === undefined) return false;
    if (until > now) return true;
    this.misses.delete(hash);
    return false;
  }

  /** Stores a load's result unless an invalidation happened since `loadGeneration` was read. */
  store(hash: string, entry: CachedToken, loadGeneration: number): boolean {
    if (loadGeneration !== this.currentGeneration) return false;
    this.entries.delete(hash);
    this.entries.set(hash, entry);
    this.misses.delete(hash);
    if (this.entries.size > this.limits.maxEntries) {
      const eldest = this.entries.keys().next().value;
      if (eldest !== undefined) this.entries.delete(eldest);
    }
    return true;
  }

  storeMiss(hash: string, now: number, loadGeneration: number): void {
    if (loadGeneration !== this.currentGeneration) return;
    this.entries.delete(hash);
    this.misses.delete(hash);
    this.misses.set(hash, now + this.limits.missTtlMs);
    // Every miss lives equally long, so the first in insertion order is the first to expire.
    if (this.misses.size > this.limits.maxMisses) {
      const eldest = this.misses.keys().next().value;
      if (eldest !== undefined) this.misses.delete(eldest);
    }
  }

  invalidateHashes(hashes: Iterable<string>): void {
    this.currentGeneration += 1;
    for (const hash of hashes) {
      this.entries.delete(hash);
      this.misses.delete(hash);
    }
  }

  /** A deleted team takes all its tokens with it; rare enough that a scan of the cache is fine. */
  invalidateTeam(teamId: string): void {
    this.currentGeneration += 1;
    for (const [hash, entry] of this.entries) {
      if (entry.principal?.teamId === teamId) this.entries.delete(hash);
    }
  }

  /** Forgets everything, e.g. after missing invalidation messages while disconnected from Redis. */
  clear(): void {
    this.currentGeneration += 1;
    this.entries.clear();
    this.misses.clear();
  }
}
