import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const TOKEN_BODY_LENGTH = 40;
const DISPLAY_PREFIX_LENGTH = 8;

export interface IssuedToken {
  /** The full token; shown once and never stored. */
  token: string;
  /** What is stored: sha256 of the token. Tokens carry 238 bits of entropy, so a plain hash is enough. */
  hash: string;
  /** For display, e.g. `sy-AbCd1234`. */
  prefix: string;
}

/** Uniform base62 without modulo bias. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** Runs on every proxied request: the one-shot `hash` skips the Hash object `createHash` builds. */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

export function issueToken(kind: 'sy' | 'sya'): IssuedToken {
  const body = randomBase62(TOKEN_BODY_LENGTH);
  const token = `${kind}-${body}`;
  return { token, hash: hashToken(token), prefix: `${kind}-${body.slice(0, DISPLAY_PREFIX_LENGTH)}` };
}

export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The last four characters of a secret: the only part of it ever shown. */
export function lastFour(secret: string): string {
  return secret.slice(-4);
}
