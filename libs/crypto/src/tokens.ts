import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const TOKEN_BODY_LENGTH = 40;
const DISPLAY_PREFIX_LENGTH = 8;
const ISSUED_BODY = new RegExp(`^[A-Za-z0-9]{${TOKEN_BODY_LENGTH}}$`);

/** `sy-` tokens authenticate proxy calls; `sya-` ones are admin API keys. */
export type TokenKind = 'sy' | 'sya';

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

export function issueToken(kind: TokenKind): IssuedToken {
  return asIssuedToken(`${kind}-${randomBase62(TOKEN_BODY_LENGTH)}`);
}

/** Whether `token` has exactly the shape `issueToken(kind)` gives a token: `kind-` and 40 base62 characters. */
export function hasIssuedShape(kind: TokenKind, token: string): boolean {
  return token.startsWith(`${kind}-`) && ISSUED_BODY.test(token.slice(kind.length + 1));
}

/**
 * What is stored of a token chosen outside the server (one declared in a config file): the same hash and display
 * prefix `issueToken` gives, so it is found and shown exactly like an issued one.
 */
export function asIssuedToken(token: string): IssuedToken {
  const bodyStart = token.indexOf('-') + 1;
  return { token, hash: hashToken(token), prefix: token.slice(0, bodyStart + DISPLAY_PREFIX_LENGTH) };
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
