import type { HeaderBag } from './error-class.js';

/** Case-insensitive header lookup; repeated headers yield their first value. */
export function readHeader(headers: HeaderBag | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const direct = headers[name];
  const value = direct !== undefined ? direct : findCaseInsensitive(headers, name);
  if (Array.isArray(value)) return value[0];
  return value;
}

function findCaseInsensitive(headers: HeaderBag, lowerName: string): string | string[] | undefined {
  for (const key in headers) {
    if (key.length === lowerName.length && key.toLowerCase() === lowerName) return headers[key];
  }
  return undefined;
}

interface IterableHeaders {
  forEach(callback: (value: string, key: string) => void): void;
}

function isIterableHeaders(value: object): value is IterableHeaders {
  return typeof (value as { forEach?: unknown }).forEach === 'function' && !Array.isArray(value);
}

/** Accepts fetch `Headers`, a `Map`, `[name, value]` pairs or a plain object, and returns a lower-cased bag. */
export function toHeaderBag(input: unknown): HeaderBag | undefined {
  if (input == null || typeof input !== 'object') return undefined;
  const bag: HeaderBag = {};
  if (Array.isArray(input)) {
    for (const pair of input) {
      if (Array.isArray(pair) && typeof pair[0] === 'string') bag[pair[0].toLowerCase()] = String(pair[1]);
    }
    return bag;
  }
  if (isIterableHeaders(input)) {
    input.forEach((value, key) => {
      bag[String(key).toLowerCase()] = String(value);
    });
    return bag;
  }
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === 'string') bag[key.toLowerCase()] = value;
    else if (typeof value === 'number') bag[key.toLowerCase()] = String(value);
    else if (Array.isArray(value)) bag[key.toLowerCase()] = value.map(String);
  }
  return bag;
}
