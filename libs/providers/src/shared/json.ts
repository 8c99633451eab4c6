export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): JsonObject {
  return isRecord(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Parses JSON, returning undefined instead of throwing: upstream bodies are untrusted. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Tool-call arguments arrive as JSON text; formats that want an object get `{}` when the model produced invalid JSON. */
export function parseArgumentsObject(text: string | undefined): JsonObject {
  if (!text) return {};
  const parsed = tryParseJson(text);
  return isRecord(parsed) ? parsed : {};
}

/** Removes keys whose value is undefined, so serialized bodies stay minimal. */
export function compact<T extends JsonObject>(object: T): T {
  for (const key of Object.keys(object)) {
    if (object[key] === undefined) delete object[key];
  }
  return object;
}
