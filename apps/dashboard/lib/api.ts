import { redirect } from 'next/navigation';
import { z } from 'zod';
import { ApiError, ApiUnexpectedResponseError, ApiUnreachableError, toApiError } from './api-errors';
import { apiBaseUrl } from './config';
import { requireSessionToken } from './session';

export interface ApiRequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** The signed-in user's access token, sent as a bearer token. */
  token?: string | null;
  timeoutMs?: number;
  baseUrl?: string;
  /** Extra request headers: the browser's address and user agent on sign-in calls. */
  headers?: Record<string, string>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** DELETE routes answer 204 or a JSON body the dashboard does not need. */
export const anyBodySchema = z.unknown();

/**
 * Calls the Switchyard API from the dashboard server and validates the answer against `schema`.
 * Throws ApiError for non-2xx answers, ApiUnreachableError when no answer arrives and
 * ApiUnexpectedResponseError when a 2xx body does not match.
 */
export async function apiRequest<T>(
  path: string,
  schema: z.ZodType<T>,
  options: ApiRequestOptions = {},
): Promise<T> {
  const baseUrl = options.baseUrl ?? apiBaseUrl();
  const headers = new Headers({ ...options.headers, accept: 'application/json' });
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);

  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new ApiUnreachableError(baseUrl, timedOut ? 'timeout' : 'network', { cause: error });
  }

  if (!response.ok) throw await toApiError(response);

  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch (error) {
    throw new ApiUnexpectedResponseError(path, response.status, { cause: error });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiUnexpectedResponseError(path, response.status, { cause: parsed.error });
  return parsed.data;
}

/**
 * apiRequest on behalf of the signed-in user. A 401 means the API no longer accepts the token
 * (expired, revoked, user disabled), so the user is sent back to sign in.
 */
export async function apiRequestAsUser<T>(
  path: string,
  schema: z.ZodType<T>,
  options: Omit<ApiRequestOptions, 'token'> = {},
): Promise<T> {
  const token = await requireSessionToken();
  try {
    return await apiRequest(path, schema, { ...options, token });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) redirect('/login?reason=expired');
    throw error;
  }
}
