import type { HeaderBag } from './error-class.js';
import { toHeaderBag } from './headers.js';

/**
 * The facts the classifier needs, read out of whichever error body shape the provider used:
 * OpenAI `{error:{message,type,code}}`, Anthropic `{type:"error",error:{type,message}}`,
 * Gemini `{error:{code,status,message,details}}` (sometimes wrapped in an array),
 * OpenRouter `{error:{code,message,metadata:{raw}}}`, an SDK's already unwrapped `error` object, or plain text.
 */
export interface ProviderErrorFacts {
  /** Lower-cased codes, types, google.rpc statuses and ErrorInfo reasons, nested bodies included. */
  tokens: Set<string>;
  /** The provider's messages, nested bodies included. */
  message: string;
  /** The most specific code to show: OpenAI `code`, else `type`, else the google.rpc status. */
  primaryCode?: string;
  /** Gemini `RetryInfo.retryDelay`, e.g. "20s". */
  retryDelay?: string;
  /** Gemini `QuotaFailure` violation ids and metrics, e.g. "GenerateRequestsPerDayPerProjectPerModel-FreeTier". */
  quotaIds: string[];
  /** Rate-limit headers a proxy passed along in the body (OpenRouter `error.metadata.headers`). */
  embeddedHeaders?: HeaderBag;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseMaybeJson(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  const trimmed = body.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return body;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return body;
  }
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

const MAX_NESTING = 3;

export function readProviderError(body: unknown): ProviderErrorFacts {
  const facts: ProviderErrorFacts = { tokens: new Set(), message: '', quotaIds: [] };
  collect(body, facts, 0);
  return facts;
}

function addToken(facts: ProviderErrorFacts, value: unknown): string | undefined {
  const text = asText(value);
  if (text !== undefined) facts.tokens.add(text.toLowerCase());
  return text;
}

function appendMessage(facts: ProviderErrorFacts, value: unknown): void {
  const text = asText(value);
  if (text === undefined || facts.message.includes(text)) return;
  facts.message = facts.message === '' ? text : `${facts.message} | ${text}`;
}

function collect(raw: unknown, facts: ProviderErrorFacts, depth: number): void {
  if (depth > MAX_NESTING) return;
  const body = parseMaybeJson(raw);
  if (typeof body === 'string') {
    appendMessage(facts, body.slice(0, 2000));
    return;
  }
  if (Array.isArray(body)) {
    collect(body[0], facts, depth + 1);
    return;
  }
  if (!isObject(body)) return;

  const inner = body['error'];
  if (typeof inner === 'string') {
    appendMessage(facts, inner);
    addToken(facts, body['code']);
    addToken(facts, body['type']);
    return;
  }
  const error = isObject(inner) ? inner : body;
  if (error === body && !('message' in body) && !('code' in body) && !('type' in body)) return;

  const code = addToken(facts, error['code']);
  const type = addToken(facts, error['type']);
  const rpcStatus = addToken(facts, error['status']);
  facts.primaryCode ??= (typeof error['code'] === 'string' ? code : undefined) ?? type ?? rpcStatus ?? code;
  appendMessage(facts, error['message']);
  readGoogleDetails(error['details'], facts);

  const metadata = error['metadata'];
  if (!isObject(metadata)) return;
  if (metadata['raw'] !== undefined) collect(metadata['raw'], facts, depth + 1);
  if (isObject(metadata['headers'])) facts.embeddedHeaders ??= toHeaderBag(metadata['headers']);
}

function readGoogleDetails(details: unknown, facts: ProviderErrorFacts): void {
  if (!Array.isArray(details)) return;
  for (const detail of details) {
    if (!isObject(detail)) continue;
    const detailType = String(detail['@type'] ?? '');
    if (detailType.endsWith('RetryInfo') && typeof detail['retryDelay'] === 'string') {
      facts.retryDelay = detail['retryDelay'];
    } else if (detailType.endsWith('QuotaFailure') && Array.isArray(detail['violations'])) {
      for (const violation of detail['violations']) {
        if (!isObject(violation)) continue;
        for (const field of ['quotaId', 'quotaMetric']) {
          const value = violation[field];
          if (typeof value === 'string') facts.quotaIds.push(value);
        }
      }
    } else if (detailType.endsWith('ErrorInfo')) {
      addToken(facts, detail['reason']);
    }
  }
}
