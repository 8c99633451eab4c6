import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from './prometheus-text.js';

/** What the metrics read of a request: its usage event has all of it. */
export interface RequestObservation {
  endpoint: string;
  status: number;
  provider: string | null;
  latencyMs: number;
  overheadMs: number | null;
  costMicros: bigint;
  teamId: string | null;
  /** Refused by the gateway's own rules: counted apart from upstream errors. */
  refused: boolean;
}

/** A request's outcome as dashboards and alerts read it: policy refusals are never upstream errors. */
export function requestOutcome(status: number, refused: boolean): 'ok' | 'refused' | 'error' {
  if (refused) return 'refused';
  return status < 400 ? 'ok' : 'error';
}

/** In-memory counters the proxy bumps per request; rendered on scrape. */
@Injectable()
export class GatewayMetrics {
  readonly requests = new Counter(
    'switchyard_requests_total',
    'Proxied requests by endpoint, status, provider and outcome (ok, refused, error)',
  );
  readonly duration = new Histogram(
    'switchyard_request_duration_seconds',
    'Total request time',
    [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  );
  readonly overhead = new Histogram(
    'switchyard_overhead_seconds',
    'Gateway time per request, upstream time excluded',
    [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
  );
  readonly spend = new Counter('switchyard_spend_usd_total', 'Spend recorded, by team');

  observe(observation: RequestObservation): void {
    const endpoint = observation.endpoint;
    this.requests.inc({
      endpoint,
      status: String(observation.status),
      provider: observation.provider ?? 'none',
      outcome: requestOutcome(observation.status, observation.refused),
    });
    this.duration.observe({ endpoint }, observation.latencyMs / 1000);
    this.overhead.observe({ endpoint }, (observation.overheadMs ?? 0) / 1000);
    if (observation.costMicros > 0n)
      this.spend.inc({ team: observation.teamId ?? 'none' }, Number(observation.costMicros) / 1e6);
  }
}
