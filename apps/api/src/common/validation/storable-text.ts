const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Where a value holds text PostgreSQL cannot store (a NUL character, or half of a surrogate pair, which no UTF-8
 * can encode): the path of the first such string, or undefined when there is none.
 */
export function unstorableTextAt(
  value: unknown,
  path: (string | number)[] = [],
): (string | number)[] | undefined {
  if (typeof value === 'string')
    return value.includes('\u0000') || LONE_SURROGATE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = unstorableTextAt(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableTextAt(key, [...path, key]) ?? unstorableTextAt(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

export const UNSTORABLE_TEXT = 'must not contain NUL characters or unpaired surrogates';
