import { describe, expect, it } from '@jest/globals';
import { type ProxyTokenPrincipal } from './proxy-token-principal.js';
import { TokenCache } from './token-cache.js';

const principal = (tokenId: string, teamId = 'team-a'): ProxyTokenPrincipal => ({
  tokenId,
  teamId,
  name: tokenId,
  allowedModels: [],
  rpm: null,
  tpm: null,
  budgetLimitMicros: null,
  budgetPeriod: null,
  expiresAt: null,
  logBodies: false,
  requireUser: false,
});

const entry = (tokenId: string, teamId?: string) => ({ principal: principal(tokenId, teamId), loadedAt: 0 });

describe('TokenCache', () => {
  it('evicts the least recently used entry beyond its bound', () => {
    const cache = new TokenCache({ maxEntries: 2, maxMisses: 2, missTtlMs: 1000 });
    cache.store('a', entry('a'), cache.generation);
    cache.store('b', entry('b'), cache.generation);
    expect(cache.get('a')?.principal?.tokenId).toBe('a');
    cache.store('c', entry('c'), cache.generation);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('remembers unknown hashes only for the miss TTL, and only so many', () => {
    const cache = new TokenCache({ maxEntries: 10, maxMisses: 2, missTtlMs: 1000 });
    cache.storeMiss('x', 0, cache.generation);
    expect(cache.isKnownMiss('x', 999)).toBe(true);
    expect(cache.isKnownMiss('x', 1000)).toBe(false);
    cache.storeMiss('p', 0, cache.generation);
    cache.storeMiss('q', 0, cache.generation);
    cache.storeMiss('r', 0, cache.generation);
    expect(cache.isKnownMiss('p', 1)).toBe(false);
    expect(cache.isKnownMiss('r', 1)).toBe(true);
  });

  it('drops what a load read when an invalidation happened during the load', () => {
    const cache = new TokenCache();
    const startedAt = cache.generation;
    cache.invalidateHashes(['a']);
    expect(cache.store('a', entry('a'), startedAt)).toBe(false);
    expect(cache.get('a')).toBeUndefined();
    cache.storeMiss('b', 0, startedAt);
    expect(cache.isKnownMiss('b', 1)).toBe(false);
  });

  it("invalidates one token, or all of a team's tokens", () => {
    const cache = new TokenCache();
    cache.store('a1', entry('a1', 'team-a'), cache.generation);
    cache.store('a2', entry('a2', 'team-a'), cache.generation);
    cache.store('b1', entry('b1', 'team-b'), cache.generation);
    cache.invalidateHashes(['a1']);
    expect(cache.get('a1')).toBeUndefined();
    expect(cache.get('a2')).toBeDefined();
    cache.invalidateTeam('team-a');
    expect(cache.get('a2')).toBeUndefined();
    expect(cache.get('b1')).toBeDefined();
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('lets a token that became known replace its miss', () => {
    const cache = new TokenCache();
    cache.storeMiss('a', 0, cache.generation);
    cache.store('a', entry('a'), cache.generation);
    expect(cache.isKnownMiss('a', 1)).toBe(false);
    expect(cache.get('a')).toBeDefined();
  });
});
