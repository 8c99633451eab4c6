/** Exit codes: scripts tell "you called it wrong" (2) from "it did not work" (1). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Bad flags, arguments or environment: nothing was sent to the API. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The API answered with an error status; `message` is the API's own `error.message`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    message: string,
    /** Null for an error event inside a stream, which arrives after a 200. */
    readonly status: number | null,
    readonly code: string | null,
    /** The whole parsed body, for answers that carry more than the error (an import's per-line report). */
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** No HTTP answer arrived: refused, unknown host, reset, timed out. */
export class ApiUnreachableError extends Error {
  override readonly name = 'ApiUnreachableError';
}

/** An answer this CLI cannot read, usually an API of another version or something else on that port. */
export class UnexpectedResponseError extends Error {
  override readonly name = 'UnexpectedResponseError';
}
