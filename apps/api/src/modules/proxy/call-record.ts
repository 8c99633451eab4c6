import { type NormalizedUsage } from '@switchyard/providers';
import { costMicros, type ModelPrice } from '../pricing/model-price.js';
import { type ProxyTokenPrincipal } from '../proxy-tokens/proxy-token-principal.js';
import { type UsageEventInput } from '../usage/usage-event.js';

/** Everything one /v1 request learns on its way, turned into its usage event at the end. */
export class CallRecord {
  readonly at = new Date();
  private readonly startedAt = performance.now();
  attempts = 0;
  keyId: string | null = null;
  provider: string | null = null;
  model: string | null;
  usage: NormalizedUsage | null = null;
  price: ModelPrice | null = null;
  status = 200;
  errorClass: string | null = null;
  /** Refused by policy before any upstream call; see UsageEventInput.refused. */
  refused = false;
  upstreamMs = 0;
  firstTokenAt: number | null = null;

  constructor(
    readonly requestId: string,
    readonly endpoint: string,
    readonly stream: boolean,
    requestedModel: string | null,
    readonly principal: ProxyTokenPrincipal | null,
  ) {
    this.model = requestedModel;
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Gateway time so far: everything that was not waiting on an upstream. */
  overheadMs(): number {
    return Math.max(0, this.elapsedMs() - this.upstreamMs);
  }

  markFirstToken(): void {
    this.firstTokenAt ??= performance.now();
  }

  cost(): bigint {
    return this.price && this.usage ? costMicros(this.price, this.usage) : 0n;
  }

  toUsageEvent(): UsageEventInput {
    const usage = this.usage;
    return {
      at: this.at,
      requestId: this.requestId,
      teamId: this.principal?.teamId ?? null,
      tokenId: this.principal?.tokenId ?? null,
      keyId: this.keyId,
      provider: this.provider,
      model: this.model,
      endpoint: this.endpoint,
      stream: this.stream,
      attempts: this.attempts,
      promptTokens: usage?.promptTokens ?? 0,
      completionTokens: usage?.completionTokens ?? 0,
      cachedTokens: usage?.cachedTokens ?? 0,
      reasoningTokens: usage?.reasoningTokens ?? 0,
      costMicros: this.cost(),
      inputPerMTok: this.price?.inputMicrosPerMTok ?? null,
      outputPerMTok: this.price?.outputMicrosPerMTok ?? null,
      cachedInputPerMTok: this.price?.cachedInputMicrosPerMTok ?? null,
      unpriced: usage !== null && this.price === null,
      estimated: usage?.estimated ?? false,
      latencyMs: Math.round(this.elapsedMs()),
      ttftMs: this.firstTokenAt === null ? null : Math.round(this.firstTokenAt - this.startedAt),
      upstreamMs: Math.round(this.upstreamMs),
      overheadMs: Math.round(this.overheadMs()),
      status: this.status,
      errorClass: this.errorClass,
      refused: this.refused,
    };
  }
}
