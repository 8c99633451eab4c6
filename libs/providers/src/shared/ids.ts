import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random identifier in the style providers use (`chatcmpl-…`, `msg_…`, `call_…`, `toolu_…`). */
export function generateId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let body = '';
  for (const byte of bytes) body += ALPHABET[byte % ALPHABET.length];
  return prefix + body;
}

export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
