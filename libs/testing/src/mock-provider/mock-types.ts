/**
 * The wire formats the mock speaks, chosen by the path (and, for `/v1/models`, by the auth header): OpenAI chat
 * completions, Anthropic Messages, Gemini, and the OpenAI Responses API.
 */
export type MockApi = 'openai' | 'anthropic' | 'gemini' | 'responses';

/** How a scripted request fails. Bodies and headers follow the format of the API that was called. */
export type MockFailure =
  /** 429 with the provider's rate-limit body; `Retry-After` (Gemini: `RetryInfo.retryDelay`) only if given. */
  | { type: 'rate_limit'; retryAfterSeconds?: number }
  /** 429 for a per-day window (Gemini `…PerDay…` quota, OpenRouter `free-models-per-day`). */
  | { type: 'quota_exhausted' }
  /** OpenAI's 429 `insufficient_quota`: out of credits, despite the status. */
  | { type: 'insufficient_quota' }
  /** 401 (Gemini: 400 `API_KEY_INVALID`, as Gemini does). */
  | { type: 'auth' }
  | { type: 'forbidden' }
  /** 402 (Anthropic: 400 "credit balance is too low"; Gemini: 403 `BILLING_DISABLED`), as each provider does. */
  | { type: 'billing' }
  /** 500 by default; 503 or 529 (Anthropic "overloaded") when asked. */
  | { type: 'server'; status?: number }
  | { type: 'model_not_found' }
  /** 400 "prompt too long". */
  | { type: 'bad_request' }
  /** Never answers; the socket stays open until the client gives up or the mock closes. */
  | { type: 'hang' }
  /** Sends the headers and `afterChunks` stream events (non-stream: half the JSON body), then destroys the socket. */
  | { type: 'drop_mid_stream'; afterChunks: number }
  /**
   * Streams `afterChunks` events of a healthy answer, then an error event carrying `body` (Anthropic
   * `event: error`, an OpenAI or Gemini `data:` chunk), and ends. A request that is not streamed gets `body` as a 500.
   */
  | { type: 'error_mid_stream'; afterChunks: number; body: unknown }
  /** Any status, body and headers. */
  | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> };

/** Rate-limit headers sent with every answer: `x-ratelimit-*` (OpenAI API) or `anthropic-ratelimit-*` (Anthropic API). */
export interface MockRateLimitHeaders {
  limitRequests?: number;
  remainingRequests?: number;
  resetRequestsSeconds?: number;
  limitTokens?: number;
  remainingTokens?: number;
  resetTokensSeconds?: number;
}

/** What happens to requests made with one API key. */
export interface MockFault {
  failure?: MockFailure;
  /** Fail only the first N requests, then answer normally. */
  failTimes?: number;
  /** Fail each request with this probability, drawn from a generator seeded with `seed` (default 1). */
  failProbability?: number;
  seed?: number;
  /** Added before every answer (failures included). */
  latencyMs?: number;
  /** Delay between stream events. */
  chunkDelayMs?: number;
  rateLimitHeaders?: MockRateLimitHeaders;
  /**
   * Fail only the calls that spend tokens (chat, embeddings), as a key with no quota or credit does: listing
   * models and OpenRouter's key endpoint still answer.
   */
  failCompletionsOnly?: boolean;
  /** What OpenRouter's `GET /api/v1/key` tells about this key: its credit limit and usage in USD. */
  keyInfo?: { limitUsd?: number | null; usageUsd?: number; requestsPer10s?: number };
  /** Length of the healthy answer, in words; each word is one stream chunk and one completion token. */
  replyWords?: number;
  /**
   * Prompt-cache tokens every answer reports on top of the prompt: Anthropic `cache_read_input_tokens` and
   * `cache_creation_input_tokens`; OpenAI counts the reads in `prompt_tokens` and `cached_tokens` (it has no writes).
   */
  promptCache?: { readTokens?: number; writeTokens?: number };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; the raw text if it was not JSON; undefined if empty. */
  body: unknown;
  api: MockApi | undefined;
  receivedAt: number;
}
