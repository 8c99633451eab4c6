import { ApiError, ApiUnexpectedResponseError, ApiUnreachableError } from './api-errors';

/** A sentence for the screen, for any failure of an API call. Never an empty string. */
export function describeError(error: unknown): string {
  if (error instanceof ApiUnreachableError || error instanceof ApiUnexpectedResponseError) {
    return ensureSentence(error.message);
  }
  if (error instanceof ApiError) {
    if (error.status === 403) {
      return ensureSentence(error.message || 'Your role does not allow this');
    }
    if (error.status === 404) return ensureSentence(error.message || 'It no longer exists');
    if (error.status === 429 && error.retryAfterSeconds != null) {
      return `${ensureSentence(error.message)} Try again in ${error.retryAfterSeconds} s.`;
    }
    if (error.status >= 500) {
      return `The Switchyard API failed (HTTP ${error.status}): ${ensureSentence(error.message)}`;
    }
    // The API's 4xx messages name the field themselves ("Invalid body: secret: …").
    return ensureSentence(error.message);
  }
  if (error instanceof Error && error.message) return ensureSentence(error.message);
  return 'Something went wrong.';
}

export function ensureSentence(message: string): string {
  const trimmed = message.trim();
  if (!trimmed) return 'Something went wrong.';
  const capitalised = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
