import { describe, expect, it } from '@jest/globals';
import { asIssuedToken, hasIssuedShape, hashToken, hashesEqual, issueToken, lastFour } from './tokens.js';

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

describe('tokens chosen outside the server', () => {
  it('are stored like issued ones: the same hash and display prefix', () => {
    const issued = issueToken('sy');
    expect(asIssuedToken(issued.token)).toEqual(issued);
  });

  it('must have the issued shape exactly', () => {
    const body = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd';
    expect(hasIssuedShape('sy', `sy-${body}`)).toBe(true);
    expect(hasIssuedShape('sy', issueToken('sy').token)).toBe(true);
    expect(hasIssuedShape('sy', `sya-${body}`)).toBe(false);
    expect(hasIssuedShape('sya', `sya-${body}`)).toBe(true);
    expect(hasIssuedShape('sy', `sy-${body.slice(1)}`)).toBe(false);
    expect(hasIssuedShape('sy', `sy-${body}x`)).toBe(false);
    expect(hasIssuedShape('sy', `sy-${body.slice(1)}_`)).toBe(false);
    expect(hasIssuedShape('sy', body)).toBe(false);
  });
});
