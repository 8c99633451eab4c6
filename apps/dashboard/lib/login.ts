import { ApiError, ApiUnexpectedResponseError, ApiUnreachableError } from './api-errors';

/** Turns a failed login call into a sentence for the sign-in form. Unknown errors are rethrown. */
export function describeLoginFailure(error: unknown, apiUrl: string): string {
  if (error instanceof ApiUnreachableError) return error.message + '.';
  if (error instanceof ApiUnexpectedResponseError) {
    return `The Switchyard API at ${apiUrl} sent a sign-in response this dashboard does not understand. Check that the API and dashboard versions match.`;
  }
  if (!(error instanceof ApiError)) throw error;

  switch (error.status) {
    case 401:
      return 'Email or password is incorrect.';
    case 429:
      return lockoutMessage(error.retryAfterSeconds);
    case 404:
      return `The Switchyard API at ${apiUrl} does not offer sign-in (HTTP 404). Check that API_URL points at a Switchyard API of the same version as this dashboard.`;
  }
  if (error.status >= 500) {
    return `The Switchyard API failed while signing you in (HTTP ${error.status}). Try again; if it keeps failing, check the API logs.`;
  }
  // 400, 403 and the like carry a message meant for the user (disabled account, malformed request).
  return ensureSentence(error.message);
}

function lockoutMessage(retryAfterSeconds: number | null): string {
  if (retryAfterSeconds == null)
    return 'Too many failed sign-in attempts. Sign-in is locked for now; try again later.';
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many failed sign-in attempts. Sign-in is locked; try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

function ensureSentence(message: string): string {
  const trimmed = message.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
