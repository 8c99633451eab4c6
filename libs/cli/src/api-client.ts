import { apiErrorSchema } from '@switchyard/contracts';
import { type z } from 'zod';
import { ApiError, ApiUnreachableError, UnexpectedResponseError } from './errors.js';

export interface RequestOptions {
  /** Sent as `Authorization: Bearer …`. */
  bearer?: string;
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, string | undefined>;
}

export interface JsonAnswer<T> {
  body: T;
  response: Response;
}

/** The API over HTTP with Node's fetch: every failure becomes one of the CLI's errors, with a one-line message. */
export class ApiClient {
  constructor(private readonly baseUrl: URL) {}

  /** The address as messages show it. */
  get address(): string {
    return this.baseUrl.href.replace(/\/$/, '');
  }

  /** One request; any answer is returned, error statuses included. Only a missing answer throws. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(this.urlFor(path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (error) {
      throw new ApiUnreachableError(
        `cannot reach the Switchyard API at ${this.address} (${describeNetworkError(error)})`,
      );
    }
  }

  /** A JSON request whose 2xx answer must match `schema`; an error status throws the API's own message. */
  async json<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    options: RequestOptions = {},
  ): Promise<JsonAnswer<T>> {
    const response = await this.send(method, path, options);
    const body = await this.readJson(response, `${method} ${path}`);
    if (!response.ok) throw errorFromBody(response.status, body, `${method} ${path}`);
    return { body: checkShape(schema, body, `${method} ${path}`, response.status), response };
  }

  /** The ApiError for an answer with an error status, reading its body. */
  async errorFrom(response: Response, what: string): Promise<ApiError> {
    return errorFromBody(response.status, await this.readJson(response, what), what);
  }

  /** The body as JSON; `undefined` when it is not JSON (a proxy's HTML error page, say). */
  async readJson(response: Response, what: string): Promise<unknown> {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new ApiUnreachableError(
        `the connection to the Switchyard API at ${this.address} broke during ${what} (${describeNetworkError(error)})`,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      if (response.ok) {
        throw new UnexpectedResponseError(`the answer to ${what} is not JSON (HTTP ${response.status})`);
      }
      return undefined;
    }
  }

  private urlFor(path: string, query: RequestOptions['query'] = {}): URL {
    const base = this.baseUrl.href.endsWith('/') ? this.baseUrl.href : `${this.baseUrl.href}/`;
    const url = new URL(path.replace(/^\//, ''), base);
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(name, value);
    return url;
  }
}

export function errorFromBody(status: number, body: unknown, what: string): ApiError {
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success) return new ApiError(parsed.data.error.message, status, parsed.data.error.code, body);
  return new ApiError(
    `the API answered ${what} with HTTP ${status} and no error message`,
    status,
    null,
    body,
  );
}

export function checkShape<T>(schema: z.ZodType<T>, body: unknown, what: string, status: number): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new UnexpectedResponseError(
    `unexpected answer to ${what} (HTTP ${status}): ${where}${issue?.message ?? 'wrong shape'}`,
  );
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'timed out connecting',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  UND_ERR_BODY_TIMEOUT: 'the answer stalled',
  UND_ERR_SOCKET: 'connection closed',
};

/**
 * fetch only says "fetch failed"; the reason is in `cause` (an AggregateError when several addresses were tried).
 * Read by shape rather than `instanceof`: fetch's errors may come from another realm (a test VM, say).
 */
export function describeNetworkError(error: unknown): string {
  let cause = field(error, 'cause') ?? error;
  const tried = field(cause, 'errors');
  if (Array.isArray(tried) && tried.length > 0) cause = tried[0];
  const code = field(cause, 'code');
  if (code !== undefined) return NETWORK_ERRORS[String(code)] ?? String(code);
  const message = field(cause, 'message');
  return message !== undefined ? String(message) : String(cause);
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value
    ? (value as Record<string, unknown>)[name]
    : undefined;
}
