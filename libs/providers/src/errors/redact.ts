import { isRecord } from '../shared/json.js';

/** Shapes of provider API keys (including OpenAI's partially masked echo `sk-abc****wxyz`). */
const KEY_PATTERNS = [/sk-[A-Za-z0-9_\-*]{12,}/g, /AIza[0-9A-Za-z_-]{30,}/g, /gsk_[A-Za-z0-9]{20,}/g];
const MIN_SECRET_LENGTH = 8;
const REDACTED = '[redacted]';

/** Removes the API key, and anything shaped like one, from text headed for logs or clients. */
export function redactSecrets(text: string, apiKey?: string): string {
  let result = text;
  if (apiKey && apiKey.length >= MIN_SECRET_LENGTH) result = result.split(apiKey).join(REDACTED);
  for (const pattern of KEY_PATTERNS) result = result.replace(pattern, REDACTED);
  return result;
}

/** {@link redactSecrets} applied to every string inside a parsed JSON value. */
export function redactSecretsDeep(value: unknown, apiKey?: string): unknown {
  if (typeof value === 'string') return redactSecrets(value, apiKey);
  if (Array.isArray(value)) return value.map((item) => redactSecretsDeep(item, apiKey));
  if (isRecord(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = redactSecretsDeep(item, apiKey);
    return result;
  }
  return value;
}
