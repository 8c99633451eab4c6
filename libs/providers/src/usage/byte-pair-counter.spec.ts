import { describe, expect, it } from '@jest/globals';
import { BytePairCounter } from './byte-pair-counter.js';
import { BytePairRanks } from './byte-pair-ranks.js';

/** A `.tiktoken` file of the given tokens, ranked in order. */
function vocabulary(tokens: string[]): Uint8Array {
  return Buffer.from(
    tokens.map((token, rank) => `${Buffer.from(token).toString('base64')} ${rank}\n`).join(''),
  );
}

const BYTES = ['a', 'b', 'c', 'd', ' '];

describe('BytePairRanks', () => {
  it('finds every token of the file and nothing else', () => {
    const ranks = BytePairRanks.parse(vocabulary([...BYTES, 'ab', 'abc', 'é', '🚀']));
    expect(ranks.size).toBe(9);
    const rankOf = (text: string) => {
      const bytes = Buffer.from(`xx${text}`);
      return ranks.rankOf(bytes, 2, bytes.length);
    };
    expect([rankOf('a'), rankOf('ab'), rankOf('abc'), rankOf('é'), rankOf('🚀')]).toEqual([0, 5, 6, 7, 8]);
    expect([rankOf('ba'), rankOf('abcd'), rankOf('')]).toEqual(Array(3).fill(BytePairRanks.NONE));
  });

  it('reads ranks as written, CRLF line ends, padding and a missing last newline', () => {
    const file = Buffer.from('YQ== 7\r\nYg== 3\nYWI= 1');
    const ranks = BytePairRanks.parse(file);
    expect([ranks.rankOf(Buffer.from('a'), 0, 1), ranks.rankOf(Buffer.from('ab'), 0, 2)]).toEqual([7, 1]);
  });

  it('names the line that is not `base64 rank`', () => {
    expect(() => BytePairRanks.parse(Buffer.from('YQ== 0\nYg==\n'))).toThrow('line 2 has no rank');
    expect(() => BytePairRanks.parse(Buffer.from('YQ== 0\nY*== 1\n'))).toThrow('line 2 is not base64');
    expect(() => BytePairRanks.parse(Buffer.from('YQ== x\n'))).toThrow(
      'line 1 has a rank that is not a number',
    );
  });
});

describe('BytePairCounter', () => {
  const words = /\S+|\s+/gu;

  it('merges the lowest-ranked pair first', () => {
    // "abcd": "bc" (rank 5) merges before "ab" (6) and "cd" (7); then "a"+"bc" and "bc"+"d" are not tokens.
    const counter = new BytePairCounter(BytePairRanks.parse(vocabulary([...BYTES, 'bc', 'ab', 'cd'])), words);
    expect(counter.count('abcd')).toBe(3);
  });

  it('merges the leftmost of equally ranked pairs', () => {
    // "aaab": of the two "aa" pairs the left one merges, and "aa"+"a" is not a token. Merging the right one first
    // would give "a" + "aab".
    const counter = new BytePairCounter(BytePairRanks.parse(vocabulary([...BYTES, 'aa', 'aab'])), words);
    expect(counter.count('aaab')).toBe(3);
    expect(counter.count('aaaa')).toBe(2);
  });

  it('merges on into longer tokens, and counts each piece of the pattern apart', () => {
    const counter = new BytePairCounter(
      BytePairRanks.parse(vocabulary([...BYTES, 'ab', 'abc', 'abcd'])),
      words,
    );
    expect(counter.count('abcd')).toBe(1);
    expect(counter.count('abcd abcd')).toBe(3);
    expect(counter.count('dcba')).toBe(4);
    expect(counter.count('')).toBe(0);
  });

  it('counts the bytes of a character outside the vocabulary one by one', () => {
    const bytes = Array.from({ length: 256 }, (_, byte) => String.fromCharCode(byte));
    const file = Buffer.from(
      bytes.map((_, byte) => `${Buffer.from([byte]).toString('base64')} ${byte}\n`).join(''),
    );
    const counter = new BytePairCounter(BytePairRanks.parse(file), words);
    expect(counter.count('é')).toBe(2);
    expect(counter.count('🚀')).toBe(4);
  });
});
