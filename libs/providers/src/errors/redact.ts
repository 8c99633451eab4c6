import type { HeaderBag, UpstreamFailure } from '@switchyard/key-pool';
import { isRecord } from '../shared/json.js';

/** Shapes of provider API keys (including OpenAI's partially masked echo `sk-abc****wxyz`). */
const KEY_PATTERNS = [/sk-[A-Za-z0-9_\-*]{12,}/g, /AIza[0-9A-Za-z_-]{30,}/g, /gsk_[A-Za-z0-9]{20,}/g];
/** Shorter "secrets" are not worth a search: they would only mangle ordinary words. */
const MIN_SECRET_LENGTH = 8;
const REDACTED = '[redacted]';
const REDACTED_BYTES = Buffer.from(REDACTED);

function isSearchable(secret: string | undefined): secret is string {
  return secret !== undefined && secret.length >= MIN_SECRET_LENGTH;
}

/** Removes the API key, and anything shaped like one, from text headed for logs or clients. */
export function redactSecrets(text: string, apiKey?: string): string {
  let result = text;
  if (isSearchable(apiKey)) result = result.split(apiKey).join(REDACTED);
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

function redactHeaders(headers: HeaderBag, apiKey: string): HeaderBag {
  const result: HeaderBag = {};
  for (const [name, value] of Object.entries(headers))
    result[name] = Array.isArray(value)
      ? value.map((item) => redactSecrets(item, apiKey))
      : typeof value === 'string'
        ? redactSecrets(value, apiKey)
        : value;
  return result;
}

/**
 * An upstream failure with the exact key used, and anything shaped like a key, removed from its body, headers and
 * network message. Applied where a failure enters the gateway, so the client's answer, the key's stored state,
 * logs and audit all start from the redacted copy, whatever shape the key has.
 */
export function redactFailure(failure: UpstreamFailure, apiKey: string): UpstreamFailure {
  const redacted: UpstreamFailure = { ...failure };
  if (failure.body !== undefined) redacted.body = redactSecretsDeep(failure.body, apiKey);
  if (failure.headers) redacted.headers = redactHeaders(failure.headers, apiKey);
  if (failure.networkError)
    redacted.networkError = {
      ...failure.networkError,
      message: redactSecrets(failure.networkError.message, apiKey),
    };
  return redacted;
}

/** The key's spellings in raw bytes: as is, and JSON-escaped when that differs (a key holding `/` or `"`). */
function rawSpellings(apiKey: string): Buffer[] {
  const spellings = [Buffer.from(apiKey)];
  const escaped = JSON.stringify(apiKey).slice(1, -1);
  if (escaped !== apiKey) spellings.push(Buffer.from(escaped));
  const slashEscaped = escaped.replaceAll('/', '\\/');
  if (slashEscaped !== escaped) spellings.push(Buffer.from(slashEscaped));
  return spellings;
}

/**
 * Bytes about to reach a client with every occurrence of the key replaced. The same buffer comes back when the key
 * is absent, which is the common case, so a stream pays one native search per spelling.
 */
export function redactSecretBytes(bytes: Buffer | string, apiKey: string): Buffer | string {
  if (!isSearchable(apiKey)) return bytes;
  const spellings = rawSpellings(apiKey);
  if (typeof bytes === 'string')
    return spellings.reduce((text, spelling) => text.split(spelling.toString()).join(REDACTED), bytes);
  let result = bytes;
  for (const spelling of spellings) {
    if (result.indexOf(spelling) === -1) continue;
    const parts: Buffer[] = [];
    let from = 0;
    for (let at = result.indexOf(spelling); at !== -1; at = result.indexOf(spelling, from)) {
      parts.push(result.subarray(from, at), REDACTED_BYTES);
      from = at + spelling.length;
    }
    parts.push(result.subarray(from));
    result = Buffer.concat(parts);
  }
  return result;
}
