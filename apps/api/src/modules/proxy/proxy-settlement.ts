import { Injectable } from '@nestjs/common';
import { type PeriodCharge } from '../credits/credit-reservation.js';
import { GatewayKeyPool } from '../gateway-pool/gateway-key-pool.js';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { costMicros } from '../pricing/model-price.js';
import { PriceTable } from '../pricing/price-table.js';
import { BodyRecording } from '../request-bodies/body-recording.js';
import { UsageRecorder } from '../usage/usage-recorder.js';
import { type CallOutcome, type CallRecord } from './call-record.js';
import { type Admission } from './proxy-admission.js';
import { TokenRateLimiter } from './token-rate-limiter.js';

/**
 * The last step of every /v1 request, relayed or refused: price what it used, charge its credit reservation,
 * count its tokens beyond the estimate against the token's tpm, and queue its usage event and metrics. Nothing is
 * written to a database here: usage, with its charge to the budget periods, and credit are flushed in batches.
 */
@Injectable()
export class ProxySettlement {
  constructor(
    private readonly pricing: PriceTable,
    private readonly limiter: TokenRateLimiter,
    private readonly usage: UsageRecorder,
    private readonly metrics: GatewayMetrics,
    private readonly bodies: BodyRecording,
    private readonly keys: GatewayKeyPool,
  ) {}

  /** `admission` is null for a request refused before it was admitted: nothing was reserved or counted. */
  settle(call: CallRecord, outcome: CallOutcome, admission: Admission | null): void {
    const lease = outcome.lease;
    const price = lease ? this.pricing.priceOf(lease.provider, lease.model) : null;
    const used = outcome.usage;
    const cost = price && used ? costMicros(price, used) : 0n;
    let charges: PeriodCharge[] = [];
    if (admission) {
      charges = admission.reservation.settle(cost);
      if (admission.rateLimit) {
        const reported = used ? used.promptTokens + used.completionTokens : 0;
        this.limiter.record(call.principal, admission.rateLimit, reported - admission.promptTokens);
      }
    }
    const event = call.toUsageEvent(outcome, price, cost);
    // The spend reaches the budget periods with the usage row, so the two cannot disagree after any fault.
    if (charges.length > 0) event.charges = charges;
    if (call.bodies) {
      const secret = lease ? this.keys.secretOf(lease.keyId) : undefined;
      event.body = this.bodies.recorded(call.bodies, call.endpoint, call.stream, secret ? [secret] : []);
    }
    this.usage.record(event);
    this.metrics.observe(event);
  }
}
