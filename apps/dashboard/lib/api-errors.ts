import { apiErrorSchema } from '@switchyard/contracts';

/** The API answered with a non-2xx status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly type: string | null;
  readonly code: string | null;
  readonly param: string | null;
  /** Seconds from the Retry-After header, when the API sent a usable one. */
  readonly retryAfterSeconds: number | null;

  constructor(init: {
    status: number;
    message: string;
    type?: string | null;
    code?: string | null;
    param?: string | null;
    retryAfterSeconds?: number | null;
  }) {
    super(init.message);
    this.status = init.status;
    this.type = init.type ?? null;
    this.code = init.code ?? null;
    this.param = init.param ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }
}

/** No HTTP answer arrived: refused, reset, DNS failure or timeout. */
export class ApiUnreachableError extends Error {
  override readonly name = 'ApiUnreachableError';
  readonly baseUrl: string;

  constructor(baseUrl: string, reason: 'network' | 'timeout', options?: { cause?: unknown }) {
    super(
      reason === 'timeout'
        ? `The Switchyard API at ${baseUrl} did not answer in time`
        : `Cannot reach the Switchyard API at ${baseUrl}`,
      options,
    );
    this.baseUrl = baseUrl;
  }
}

/** A 2xx answer whose body does not match what this dashboard expects, usually a version mismatch. */
export class ApiUnexpectedResponseError extends Error {
  override readonly name = 'ApiUnexpectedResponseError';
  readonly status: number;

  constructor(path: string, status: number, options?: { cause?: unknown }) {
    super(`Unexpected response from the Switchyard API for ${path} (HTTP ${status})`, options);
    this.status = status;
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfterSeconds(value: string | null, now: Date = new Date()): number | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Date.parse reads bare numbers like "-5" as years, so only try strings that look like an HTTP date.
  if (!/[a-z]/i.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

export async function toApiError(response: Response): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfterSeconds(response.headers.get('retry-after'));
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success) {
    return new ApiError({ status: response.status, retryAfterSeconds, ...parsed.data.error });
  }
  // Something other than the API answered (a reverse proxy, an older build): keep the status, drop the body.
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  return new ApiError({
    status: response.status,
    message: `HTTP ${response.status}${statusText}`,
    retryAfterSeconds,
  });
}
