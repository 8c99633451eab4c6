import type { UpstreamFailure } from '@switchyard/key-pool';
import { asNumber, asRecord, asString, isRecord } from '../shared/json.js';
import type { ClientFormat, ProviderType } from '../provider-types.js';
import { formatClientError, type ClientError } from './client-errors.js';
import { redactSecrets, redactSecretsDeep } from './redact.js';

const MAX_TEXT_MESSAGE_LENGTH = 500;
const BAD_GATEWAY = 502;

/** The human-readable message inside any provider's error body (or the start of a non-JSON body). */
export function upstreamErrorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, MAX_TEXT_MESSAGE_LENGTH) || undefined;
  const record = asRecord(body);
  const error = record.error;
  if (typeof error === 'string') return error;
  return asString(asRecord(error).message) ?? asString(record.message);
}

function upstreamErrorCode(body: unknown): string | undefined {
  const error = asRecord(asRecord(body).error);
  return asString(error.code) ?? asString(error.status);
}

/** Same-format bodies keep their provider detail (e.g. OpenAI's `code: context_length_exceeded`). */
function isNativeErrorBody(format: ClientFormat, body: unknown): body is Record<string, unknown> {
  if (!isRecord(body) || !isRecord(body.error)) return false;
  return format === 'anthropic' ? body.type === 'error' : typeof body.error.message === 'string';
}

/**
 * Puts an upstream's error answer into the client's format, for failures handed back to the client (a bad request,
 * or the last failure once no key is left). Secrets the upstream echoed are redacted.
 */
export function translateUpstreamError(
  failure: UpstreamFailure,
  upstream: ProviderType,
  client: ClientFormat,
  apiKey?: string,
): { status: number; body: Record<string, unknown> } {
  const status = failure.status ?? BAD_GATEWAY;
  if (upstream === client && isNativeErrorBody(client, failure.body)) {
    return { status, body: redactSecretsDeep(failure.body, apiKey) as Record<string, unknown> };
  }
  const message =
    upstreamErrorMessage(failure.body) ?? failure.networkError?.message ?? `Upstream answered ${status}`;
  const error: ClientError = { status, message: redactSecrets(message, apiKey) };
  const code = upstreamErrorCode(failure.body);
  if (client === 'openai' && code !== undefined) error.code = code;
  return { status, body: formatClientError(client, error) };
}

const STATUS_BY_ERROR_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  rate_limit_exceeded: 429,
  insufficient_quota: 429,
  api_error: 500,
  server_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};
const STREAM_ERROR_DEFAULT_STATUS = 500;

/**
 * An error event inside a 200 stream (Anthropic `event: error`, an OpenAI or Gemini error chunk) as an
 * {@link UpstreamFailure}, with the HTTP status the same error would have had before the stream started.
 */
export function failureFromStreamError(body: unknown): UpstreamFailure {
  const error = asRecord(asRecord(body).error);
  const status =
    asNumber(error.code) ??
    STATUS_BY_ERROR_TYPE[asString(error.type) ?? ''] ??
    STATUS_BY_ERROR_TYPE[asString(error.code) ?? ''] ??
    STREAM_ERROR_DEFAULT_STATUS;
  return { status, body };
}
