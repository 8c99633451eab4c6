/*
 * Byte-level probes into JSON text, so hot paths can find the few fields they need (usage, finish_reason) without
 * parsing every payload. A key probed for as `"name"` cannot be confused with text inside a JSON string: quotes
 * inside strings are escaped, so only a real key (or a string value equal to the name) matches, and the `:` check
 * rules out values.
 */

import { BACKSLASH, CLOSE_BRACE, COLON, LOWERCASE_N, OPEN_BRACE, QUOTE, SPACE, TAB } from './ascii.js';

function skipBlanks(bytes: Buffer, from: number): number {
  let index = from;
  while (index < bytes.length && (bytes[index] === SPACE || bytes[index] === TAB)) index++;
  return index;
}

/** Where the value of the key occurrence at `keyAt` starts, or -1 if that occurrence is not followed by `:`. */
function valueStart(bytes: Buffer, keyAt: number, keyLength: number): number {
  if (keyAt > 0 && bytes[keyAt - 1] === BACKSLASH) return -1;
  const colon = skipBlanks(bytes, keyAt + keyLength);
  if (bytes[colon] !== COLON) return -1;
  const start = skipBlanks(bytes, colon + 1);
  return start < bytes.length ? start : -1;
}

/**
 * Whether the last occurrence of the quoted key has a value other than `null`. Takes text, not bytes: a short
 * event decoded as latin1 (one char per byte) is searched far faster than a Buffer, and keys are ASCII. Searching
 * from the end is the cheap direction for stream chunks, whose `usage` and `finish_reason` come last.
 */
export function lastKeyHasNonNullValue(text: string, quotedKey: string): boolean {
  const at = text.lastIndexOf(quotedKey);
  return at !== -1 && isKeyWithNonNullValue(text, at, quotedKey.length);
}

/**
 * Where the first occurrence of the quoted key with a value other than `null` starts, looking before `limit`
 * only; `limit` when there is none. The search is for the key without its opening quote, checked afterwards:
 * V8 finds a needle far faster when it does not start with a character as common in JSON as `"`.
 */
export function firstKeyWithNonNullValue(text: string, quotedKey: string, limit = text.length): number {
  const needle = quotedKey.slice(1);
  for (
    let at = text.indexOf(needle);
    at !== -1 && at <= limit;
    at = text.indexOf(needle, at + needle.length)
  ) {
    if (text.charCodeAt(at - 1) === QUOTE && isKeyWithNonNullValue(text, at - 1, quotedKey.length))
      return at - 1;
  }
  return limit;
}

function isKeyWithNonNullValue(text: string, keyAt: number, keyLength: number): boolean {
  if (keyAt > 0 && text.charCodeAt(keyAt - 1) === BACKSLASH) return false;
  let index = keyAt + keyLength;
  while (text.charCodeAt(index) === SPACE || text.charCodeAt(index) === TAB) index++;
  if (text.charCodeAt(index) !== COLON) return false;
  index++;
  while (text.charCodeAt(index) === SPACE || text.charCodeAt(index) === TAB) index++;
  return index < text.length && text.charCodeAt(index) !== LOWERCASE_N;
}

/**
 * Parses the object value of the last occurrence of the quoted key, by matching braces (string-aware) instead of
 * parsing the whole document. Returns undefined when the key is absent or its value is not an object.
 */
export function extractLastObjectValue(bytes: Buffer, quotedKey: Buffer): unknown {
  const at = bytes.lastIndexOf(quotedKey);
  if (at === -1) return undefined;
  const start = valueStart(bytes, at, quotedKey.length);
  if (start === -1 || bytes[start] !== OPEN_BRACE) return undefined;
  const end = matchingBrace(bytes, start);
  if (end === -1) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8', start, end + 1)) as unknown;
  } catch {
    return undefined;
  }
}

function matchingBrace(bytes: Buffer, open: number): number {
  let depth = 0;
  let inString = false;
  for (let index = open; index < bytes.length; index++) {
    const byte = bytes[index];
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE) depth++;
    else if (byte === CLOSE_BRACE && --depth === 0) return index;
  }
  return -1;
}
