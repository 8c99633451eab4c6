import { type NormalizedUsage } from '@switchyard/providers';

/** The key an attempt ran on, as the usage event names it. */
export interface LeaseFacts {
  keyId: string;
  provider: string;
  model: string;
}

/** Why the relay gave up without an upstream answer to hand back; `proxy-errors.ts` turns it into the HTTP error. */
export type RelayRefusal =
  /** Every key of the route is cooling down, over its quota or at its concurrency limit. */
  | { reason: 'keys_unavailable'; targets: readonly string[]; busy: boolean; retryAfterSeconds: number }
  /** No key serves any target of the route. */
  | { reason: 'no_key'; targets: readonly string[] }
  /** Keys serve the route, but every one is disabled. */
  | { reason: 'keys_disabled' }
  /** The provider cannot take this request at all (e.g. embeddings from a provider without them). */
  | { reason: 'unsupported'; message: string; param: string | null }
  /** Every attempt failed with an error another key might not have repeated. */
  | {
      reason: 'exhausted';
      errorClass: string;
      message: string | undefined;
      upstreamStatus: number | undefined;
      retryAfterMs: number | undefined;
      attempts: number;
    }
  /** Nothing was attempted and nothing explains why. */
  | { reason: 'no_attempt' };

/** What the client gets. `answered` and `streamed` carry the status the usage event records. */
export type RelayOutcome =
  /** A whole answer for the service to send: the upstream's success, or its refusal in the client's format. */
  | { kind: 'answered'; status: number; body: Buffer | string | Record<string, unknown> }
  /** The stream went to the sink: completed (200), or cut short with an error event (502; 503 by a shutdown). */
  | { kind: 'streamed'; status: number }
  /** The client left; nothing more is written. */
  | { kind: 'client_gone' }
  /** The gateway's shutdown cut the request before its answer began; the client gets a 503. */
  | { kind: 'shut_down' }
  | { kind: 'refused'; refusal: RelayRefusal };

/** What the relay learned about a request besides how it ended: the usage event records it. */
export interface RelayFacts {
  errorClass: string | null;
  attempts: number;
  usage: NormalizedUsage | null;
  /** The last key tried, or null when none was leased. */
  lease: LeaseFacts | null;
  /** Time spent waiting on upstreams, in ms. */
  upstreamMs: number;
  /** `performance.now()` when the first bytes of a stream went to the client. */
  firstByteAt: number | null;
  /** The id under which the upstream stored a Responses answer, for retrieval through the same key. */
  storedResponseId?: string;
}

/** Everything one request's relay learned: returned once, never written into anything the caller holds. */
export interface RelayResult extends RelayFacts {
  outcome: RelayOutcome;
}

/** How far the relay got when a stream opens: what the gateway's response headers report. */
export interface RelayProgress {
  attempts: number;
  upstreamMs: number;
}

/**
 * Where a streamed answer goes. The relay opens it once, right before the first bytes, writes the chunks in order
 * and ends it exactly once; it never writes anything else to the client.
 */
export interface StreamSink {
  open(progress: RelayProgress): void;
  /** A promise when the client is slow: the next chunk waits for it (back-pressure). */
  write(chunk: Buffer | string): Promise<void> | undefined;
  end(last?: Buffer | string): void;
}
