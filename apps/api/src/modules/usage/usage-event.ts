import { type PeriodCharge } from '../credits/credit-reservation.js';

/** One proxied request, as the proxy reports it. Everything the usage table and the rollups need. */
export interface UsageEventInput {
  at: Date;
  requestId: string;
  teamId: string | null;
  tokenId: string | null;
  keyId: string | null;
  provider: string | null;
  model: string | null;
  endpoint: string;
  stream: boolean;
  attempts: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  /** Prompt tokens written to the provider's prompt cache, charged at `cacheWritePerMTok`. */
  cacheWriteTokens: number;
  reasoningTokens: number;
  costMicros: bigint;
  /**
   * The budget periods `costMicros` is spent from (a team's, a token's), with the leased credit that paid it. They
   * are written with the row, in its transaction, and only when the row is new: a period's spend is the sum of its
   * rows' cost, exactly once.
   */
  charges?: readonly PeriodCharge[];
  inputPerMTok: bigint | null;
  outputPerMTok: bigint | null;
  cachedInputPerMTok: bigint | null;
  cacheWritePerMTok: bigint | null;
  unpriced: boolean;
  estimated: boolean;
  latencyMs: number;
  ttftMs: number | null;
  upstreamMs: number | null;
  overheadMs: number | null;
  status: number;
  errorClass: string | null;
  /**
   * Refused by the gateway's own rules (budget, rate limit, allow-list, a malformed request) before any upstream
   * call: counted apart, so refusals never read as upstream errors.
   */
  refused: boolean;
  /** The person behind the request, as the client named them; null when it named none. */
  user: string | null;
  /** The id under which the upstream stored this request's Responses answer, when it did. */
  responseId?: string;
  /** Present only for a request whose token or team logs bodies: stored beside the event, in the same batch. */
  body?: RecordedBody;
}

/** The bodies of one request, redacted and cut to `REQUEST_BODY_MAX_BYTES` each (flagged when they were). */
export interface RecordedBody {
  request: string;
  response: string;
  requestTruncated: boolean;
  responseTruncated: boolean;
}

/** Rollup rows use this id where a request had no team, token or key, so the composite key has no NULLs. */
export const NO_ID = '00000000-0000-0000-0000-000000000000';
