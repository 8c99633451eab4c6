import { formatSseData, formatSseEvent } from '../sse/sse-event.js';
import type { ClientFormat } from '../provider-types.js';

/** An error to show a client, before it is put into the client's wire format. */
export interface ClientError {
  status: number;
  /** Must already be free of secrets. */
  message: string;
  /** The format-specific error type; derived from the status when absent. */
  type?: string;
  code?: string;
}

export function openAIErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 402) return 'insufficient_quota';
  if (status === 429) return 'rate_limit_exceeded';
  if (status === 504 || status === 408) return 'timeout';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

export function anthropicErrorType(status: number): string {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
    case 408:
      return 'timeout_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** The JSON error body a client of the given format expects. */
export function formatClientError(format: ClientFormat, error: ClientError): Record<string, unknown> {
  if (format === 'anthropic') {
    return {
      type: 'error',
      error: { type: error.type ?? anthropicErrorType(error.status), message: error.message },
    };
  }
  return {
    error: {
      message: error.message,
      type: error.type ?? openAIErrorType(error.status),
      param: null,
      code: error.code ?? null,
    },
  };
}

/**
 * The SSE bytes that tell a streaming client the answer failed midway: OpenAI clients get an error chunk and the
 * terminating `[DONE]`, Anthropic clients an `error` event.
 */
export function formatStreamError(format: ClientFormat, error: ClientError): string {
  const body = JSON.stringify(formatClientError(format, error));
  return format === 'anthropic'
    ? formatSseEvent('error', body)
    : formatSseData(body) + formatSseData('[DONE]');
}
