import { describe, expect, it } from '@jest/globals';
import { hashToken, hashesEqual, issueToken, lastFour } from './tokens.js';

describe('issueToken', () => {
  it('issues prefixed tokens whose hash matches and whose prefix is a display stub', () => {
    const issued = issueToken('sy');
    expect(issued.token).toMatch(/^sy-[A-Za-z0-9]{40}$/);
    expect(issued.hash).toBe(hashToken(issued.token));
    expect(issued.token.startsWith(issued.prefix)).toBe(true);
    expect(issued.prefix).toHaveLength('sy-'.length + 8);
  });

  it('never repeats', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => issueToken('sya').token));
    expect(seen.size).toBe(1000);
  });

  it('compares hashes in constant time and shows only four characters', () => {
    const { hash } = issueToken('sy');
    expect(hashesEqual(hash, hash)).toBe(true);
    expect(hashesEqual(hash, hashToken('other'))).toBe(false);
    expect(lastFour('sk-abcdef')).toBe('cdef');
  });
});
