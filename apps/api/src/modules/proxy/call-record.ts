import { cacheWriteRateOf, type ModelPrice } from '../pricing/model-price.js';
import { type ProxyTokenPrincipal } from '../proxy-tokens/proxy-token-principal.js';
import { type BodyCapture } from '../request-bodies/body-capture.js';
import { type UsageEventInput } from '../usage/usage-event.js';
import { type RelayFacts } from './relay-result.js';

/** How a /v1 request ended, as its usage event records it. */
export interface CallOutcome extends RelayFacts {
  status: number;
  /** Refused by the gateway's own rules before any upstream call; see `UsageEventInput.refused`. */
  refused: boolean;
}

const NOTHING_RELAYED = { attempts: 0, usage: null, lease: null, upstreamMs: 0, firstByteAt: null };

/**
 * The outcome of a request the gateway's own rules refused before any upstream call (a malformed body, the token's
 * allow-list or rate limits, credit): counted apart from errors.
 */
export function refusedOutcome(status: number, errorClass: string): CallOutcome {
  return { status, errorClass, refused: true, ...NOTHING_RELAYED };
}

/** The outcome of a request the gateway failed itself, with no upstream answer: an error, not a refusal. */
export function faultOutcome(status: number): CallOutcome {
  return { status, errorClass: 'internal_error', refused: false, ...NOTHING_RELAYED };
}

/**
 * What the proxy service knows of a /v1 request of a known token, from its start: the half of its usage event that
 * is not the outcome. Written by the service alone.
 */
export class CallRecord {
  readonly at = new Date();
  private readonly startedAt = performance.now();
  /** The model the client asked for, once its body was read. */
  requestedModel: string | null = null;
  /** The person behind the request, as the client named them (see `requestUser`). */
  user: string | null = null;
  stream = false;
  /** Headers admission adds to every answer of this request (rate-limit window, shortened output limit). */
  headers: Record<string, string> | undefined;
  /** The raw bodies, when the token or its team logs them; turned into the stored record at settlement. */
  bodies: BodyCapture | null = null;

  constructor(
    readonly requestId: string,
    readonly endpoint: string,
    readonly principal: ProxyTokenPrincipal,
  ) {}

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Gateway time so far: everything that was not waiting on an upstream. */
  overheadMs(upstreamMs: number): number {
    return Math.max(0, this.elapsedMs() - upstreamMs);
  }

  /** The model the usage event names: the one the key served, else the one asked for. */
  modelOf(outcome: CallOutcome): string | null {
    return outcome.lease?.model ?? this.requestedModel;
  }

  toUsageEvent(outcome: CallOutcome, price: ModelPrice | null, cost: bigint): UsageEventInput {
    const usage = outcome.usage;
    return {
      at: this.at,
      requestId: this.requestId,
      teamId: this.principal.teamId,
      tokenId: this.principal.tokenId,
      keyId: outcome.lease?.keyId ?? null,
      provider: outcome.lease?.provider ?? null,
      model: this.modelOf(outcome),
      endpoint: this.endpoint,
      stream: this.stream,
      attempts: outcome.attempts,
      promptTokens: usage?.promptTokens ?? 0,
      completionTokens: usage?.completionTokens ?? 0,
      cachedTokens: usage?.cachedTokens ?? 0,
      cacheWriteTokens: usage?.cacheWriteTokens ?? 0,
      reasoningTokens: usage?.reasoningTokens ?? 0,
      costMicros: cost,
      inputPerMTok: price?.inputMicrosPerMTok ?? null,
      outputPerMTok: price?.outputMicrosPerMTok ?? null,
      cachedInputPerMTok: price?.cachedInputMicrosPerMTok ?? null,
      cacheWritePerMTok: price === null ? null : cacheWriteRateOf(price),
      unpriced: usage !== null && price === null,
      estimated: usage?.estimated ?? false,
      latencyMs: Math.round(this.elapsedMs()),
      ttftMs: outcome.firstByteAt === null ? null : Math.round(outcome.firstByteAt - this.startedAt),
      upstreamMs: Math.round(outcome.upstreamMs),
      overheadMs: Math.round(this.overheadMs(outcome.upstreamMs)),
      status: outcome.status,
      errorClass: outcome.errorClass,
      refused: outcome.refused,
      user: this.user,
      ...(outcome.storedResponseId ? { responseId: outcome.storedResponseId } : {}),
    };
  }
}
