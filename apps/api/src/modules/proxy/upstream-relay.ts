import {
  AcquireAbortedError,
  type ClassifiedError,
  KeysUnavailableError,
  Lease,
  NoKeyForRouteError,
  type UpstreamFailure,
} from '@switchyard/key-pool';
import {
  callUpstream,
  type Exchange,
  networkFailure,
  type NormalizedUsage,
  type ProviderTarget,
  readUpstreamFailure,
  redactFailure,
  redactSecretBytes,
  type UpstreamResponse,
  UnsupportedOperationError,
  UpstreamError,
} from '@switchyard/providers';
import { type GatewayKeyPool } from '../gateway-pool/gateway-key-pool.js';
import { type RouteTarget } from '../routes/route-target.js';
import { type ClientDisconnect } from './client-disconnect.js';
import {
  type LeaseFacts,
  type RelayOutcome,
  type RelayRefusal,
  type RelayResult,
  type StreamSink,
} from './relay-result.js';

export interface RelayLimits {
  maxAttempts: number;
  headersTimeoutMs: number;
  bodyIdleTimeoutMs: number;
}

/** One admitted request, as the relay needs it. */
export interface RelayRequest {
  /** Tried in order: the first is preferred, the rest are fallbacks. */
  targets: readonly RouteTarget[];
  /** Builds one attempt's exchange for the provider of the leased key. */
  prepare(target: ProviderTarget): Exchange;
  /** Where a streamed answer goes; null when the client asked for a whole answer. */
  sink: StreamSink | null;
  disconnect: ClientDisconnect;
}

/**
 * Runs a request against the route's keys until one answers: a rotatable failure before the first byte reaches
 * the client is retried on another key (never the same key for the same target twice), within `maxAttempts`.
 * Every lease is released exactly once: success, failure or abort. The caller gets everything it learned back as
 * one result; the relay writes nothing to the client but a stream's bytes, through the sink it was given.
 */
export class UpstreamRelay {
  constructor(
    private readonly keys: GatewayKeyPool,
    private readonly limits: RelayLimits,
  ) {}

  run(request: RelayRequest): Promise<RelayResult> {
    return new RelayRun(this.keys, this.limits, request).run();
  }
}

const CLIENT_GONE: RelayOutcome = { kind: 'client_gone' };
const SHUT_DOWN: RelayOutcome = { kind: 'shut_down' };
const refused = (refusal: RelayRefusal): RelayOutcome => ({ kind: 'refused', refusal });

/** Thrown out of the stream loop to try the next key before anything reached the client. */
class RetryBeforeFirstByte {
  constructor(readonly classified: ClassifiedError) {}
}

function promptOnlyUsage(promptTokens: number): NormalizedUsage {
  return {
    promptTokens,
    completionTokens: 0,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    estimated: true,
  };
}

function failureOf(error: unknown): UpstreamFailure {
  return error instanceof UpstreamError ? error.failure : networkFailure(error);
}

/**
 * One attempt's exchange, and the key it is made with. Every upstream failure enters the relay through
 * {@link Attempt.redacted}, so the client's answer, the key's recorded state, logs and audit never see the key,
 * whatever its shape and whichever endpoint prepared the exchange.
 */
class Attempt {
  constructor(
    readonly exchange: Exchange,
    private readonly apiKey: string,
  ) {}

  redacted(failure: UpstreamFailure): UpstreamFailure {
    return redactFailure(failure, this.apiKey);
  }

  /** Stream bytes that follow an upstream error event, which may quote the key back. */
  redactedBytes(bytes: Buffer | string): Buffer | string {
    return redactSecretBytes(bytes, this.apiKey);
  }
}

/** The state of one request's relay: its own, and handed back whole when it ends. */
class RelayRun {
  private readonly tried: Lease[] = [];
  /** One target as a plain name, which the pool parses once for every request; a chain as its list. */
  private readonly route: string | string[];
  private attempts = 0;
  private lease: LeaseFacts | null = null;
  private errorClass: string | null = null;
  private usage: NormalizedUsage | null = null;
  private upstreamMs = 0;
  private firstByteAt: number | null = null;
  private storedResponseId: string | undefined;
  private lastFailure: { classified: ClassifiedError; failure: UpstreamFailure } | undefined;

  constructor(
    private readonly keys: GatewayKeyPool,
    private readonly limits: RelayLimits,
    private readonly request: RelayRequest,
  ) {
    const names = request.targets.map((t) => `${t.provider}/${t.model}`);
    this.route = names.length === 1 ? (names[0] as string) : names;
  }

  async run(): Promise<RelayResult> {
    let outcome: RelayOutcome | undefined;
    while (outcome === undefined) {
      // Awaited only when no key is free right now: every await on this path costs every request.
      let lease = this.tryNextLease();
      if (lease === undefined) lease = await this.nextLease();
      if (!(lease instanceof Lease)) {
        outcome = lease;
        break;
      }
      let attempt: Attempt | undefined;
      try {
        attempt = this.prepareFor(lease);
      } catch (error) {
        lease.abort();
        outcome = refused({
          reason: 'unsupported',
          message: error instanceof Error ? error.message : String(error),
          param: (error instanceof UnsupportedOperationError && error.param) || null,
        });
        break;
      }
      if (!attempt) continue;
      outcome = await this.attempt(lease, attempt);
      if (outcome === undefined && this.request.disconnect.aborted) outcome = this.gone();
    }
    return {
      outcome,
      errorClass: this.errorClass,
      attempts: this.attempts,
      usage: this.usage,
      lease: this.lease,
      upstreamMs: this.upstreamMs,
      firstByteAt: this.firstByteAt,
      storedResponseId: this.storedResponseId,
    };
  }

  /** The next key when one is free right now, the outcome when there will be none, or undefined to wait. */
  private tryNextLease(): Lease | RelayOutcome | undefined {
    if (this.attempts >= this.limits.maxAttempts) return this.exhausted();
    let lease: Lease | undefined;
    try {
      lease = this.keys.tryAcquire(this.route, this.tried);
    } catch (error) {
      return this.noLease(error);
    }
    return lease && this.took(lease);
  }

  private async nextLease(): Promise<Lease | RelayOutcome> {
    try {
      return this.took(await this.keys.acquire(this.route, this.tried, this.request.disconnect.signal));
    } catch (error) {
      return this.noLease(error);
    }
  }

  private took(lease: Lease): Lease {
    this.tried.push(lease);
    this.attempts += 1;
    this.lease = { keyId: lease.keyId, provider: lease.provider, model: lease.model };
    return lease;
  }

  private noLease(error: unknown): RelayOutcome {
    if (error instanceof KeysUnavailableError) {
      const busy = error.reason === 'busy';
      this.errorClass = busy ? 'busy' : 'rate_limit';
      return refused({
        reason: 'keys_unavailable',
        targets: error.targets,
        busy,
        retryAfterSeconds: error.retryAfterSeconds,
      });
    }
    if (error instanceof NoKeyForRouteError) {
      if (this.lastFailure) return this.exhausted();
      return refused(
        error.reason === 'no_key'
          ? { reason: 'no_key', targets: this.request.targets.map((t) => `${t.provider}/${t.model}`) }
          : { reason: 'keys_disabled' },
      );
    }
    if (error instanceof AcquireAbortedError) return this.gone();
    throw error;
  }

  /** The exchange for the leased key, or undefined for a key without an upstream to call (not the key's fault). */
  private prepareFor(lease: Lease): Attempt | undefined {
    const target = this.keys.targetOf(lease);
    if (target) return new Attempt(this.request.prepare(target), target.apiKey);
    lease.abort();
    return undefined;
  }

  /** Adds the time since `startedAt` to the upstream's share and returns it. */
  private waitedSince(startedAt: number): number {
    const waited = performance.now() - startedAt;
    this.upstreamMs += waited;
    return waited;
  }

  /** One upstream call. Returns the outcome, or undefined to try another key. */
  private async attempt(lease: Lease, attempt: Attempt): Promise<RelayOutcome | undefined> {
    const { exchange } = attempt;
    const startedAt = performance.now();
    let upstream: UpstreamResponse;
    try {
      upstream = await callUpstream(exchange.request, {
        signal: this.request.disconnect,
        headersTimeoutMs: this.limits.headersTimeoutMs,
        bodyIdleTimeoutMs: this.limits.bodyIdleTimeoutMs,
      });
    } catch (error) {
      return this.failed(lease, attempt, failureOf(error), this.waitedSince(startedAt));
    }
    if (upstream.status >= 400) {
      const failure = await readUpstreamFailure(upstream);
      return this.failed(lease, attempt, failure, this.waitedSince(startedAt));
    }
    const sink = this.request.sink;
    if (sink && exchange.createStreamTranslator)
      return await this.relayStream(lease, attempt, upstream, sink, startedAt);
    let raw: Buffer;
    try {
      raw = await upstream.readBody();
    } catch (error) {
      return this.failed(lease, attempt, failureOf(error), this.waitedSince(startedAt));
    }
    const waited = this.waitedSince(startedAt);
    let translated;
    try {
      translated = exchange.translateResponse(raw);
    } catch (error) {
      const failure =
        error instanceof UpstreamError ? error.failure : { status: 502, body: 'unreadable upstream answer' };
      return this.failed(lease, attempt, failure, waited);
    }
    lease.success(translated.usage, upstream.headers, waited);
    this.usage = translated.usage;
    this.storedResponseId = translated.storedResponseId;
    return { kind: 'answered', status: 200, body: translated.body };
  }

  private async relayStream(
    lease: Lease,
    attempt: Attempt,
    upstream: UpstreamResponse,
    sink: StreamSink,
    startedAt: number,
  ): Promise<RelayOutcome | undefined> {
    const translator = attempt.exchange.createStreamTranslator!();
    let upstreamError: UpstreamFailure | undefined;
    /** The translator's error event, redacted once, when the upstream sent one. */
    const inStreamError = (): UpstreamFailure | undefined => {
      if (upstreamError === undefined && translator.upstreamError !== undefined)
        upstreamError = attempt.redacted(translator.upstreamError);
      return upstreamError;
    };
    let opened = false;
    let waitingSince = startedAt;
    const waitedUpstream = () => {
      const now = performance.now();
      this.upstreamMs += now - waitingSince;
      waitingSince = now;
    };
    const open = () => {
      sink.open({ attempts: this.attempts, upstreamMs: this.upstreamMs });
      opened = true;
    };
    try {
      await upstream.forEachChunk((chunk) => {
        waitedUpstream();
        let out = translator.push(chunk);
        const streamError = inStreamError();
        // Only output from the error event on can quote the key; content before it is not searched.
        if (streamError) out = attempt.redactedBytes(out);
        if (!opened) {
          if (streamError) {
            const classified = lease.failure(streamError, performance.now() - startedAt);
            if (classified.rotate && this.attempts < this.limits.maxAttempts)
              throw new RetryBeforeFirstByte(classified);
          }
          if (out.length === 0) return undefined;
          open();
          this.firstByteAt = performance.now();
        }
        if (out.length > 0) {
          // Time spent waiting for a slow client is not the upstream's.
          const slowClient = sink.write(out);
          if (slowClient)
            return slowClient.then(() => {
              waitingSince = performance.now();
            });
        }
        waitingSince = performance.now();
        return undefined;
      });
      waitedUpstream();
      let tail = translator.finish();
      if (inStreamError()) tail = attempt.redactedBytes(tail);
      if (!opened) open();
      sink.end(tail.length > 0 ? tail : undefined);
      this.usage = translator.usage();
      if (translator.completed) {
        lease.success(this.usage, upstream.headers, performance.now() - startedAt);
        this.storedResponseId = translator.storedResponseId;
        return { kind: 'streamed', status: 200 };
      }
      const classified = lease.failure(
        inStreamError() ?? { status: 502, body: 'the upstream stream ended early' },
        performance.now() - startedAt,
      );
      this.errorClass = classified.errorClass;
      return { kind: 'streamed', status: 502 };
    } catch (error) {
      if (error instanceof RetryBeforeFirstByte) {
        await upstream.discard();
        this.lastFailure = { classified: error.classified, failure: inStreamError()! };
        this.errorClass = error.classified.errorClass;
        return undefined;
      }
      this.usage = translator.usage();
      if (this.request.disconnect.aborted) {
        // The client left: not the key's fault, and what was produced is still charged. The upstream's final count
        // never came, so the usage is an estimate (or a partial report), and says so.
        this.usage = { ...this.usage, estimated: true };
        lease.abort();
        if (this.request.disconnect.reason === 'client' || !opened) return this.gone();
        this.errorClass = 'shutdown';
        sink.end(
          translator.fail({ status: 503, message: 'The gateway is shutting down; retry the request' }),
        );
        return { kind: 'streamed', status: 503 };
      }
      const failure = attempt.redacted(networkFailure(error));
      const classified = lease.failure(failure, performance.now() - startedAt);
      this.errorClass = classified.errorClass;
      if (!opened && classified.rotate && this.attempts < this.limits.maxAttempts) {
        this.lastFailure = { classified, failure };
        return undefined;
      }
      if (!opened) open();
      sink.end(translator.fail({ status: 502, message: 'The upstream connection was lost mid-stream' }));
      return { kind: 'streamed', status: 502 };
    }
  }

  private failed(
    lease: Lease,
    attempt: Attempt,
    upstreamFailure: UpstreamFailure,
    latencyMs: number,
  ): RelayOutcome | undefined {
    const failure = attempt.redacted(upstreamFailure);
    if (this.request.disconnect.aborted) {
      lease.abort();
      // The prompt may have reached the upstream, which may bill it although no answer came back: it is charged as
      // estimated, as it is for a client that left before its request was relayed at all.
      const promptTokens = attempt.exchange.estimatePromptTokens?.();
      if (promptTokens !== undefined) this.usage = promptOnlyUsage(promptTokens);
      return this.gone();
    }
    const classified = lease.failure(failure, latencyMs);
    this.errorClass = classified.errorClass;
    this.lastFailure = { classified, failure };
    if (classified.rotate) return undefined;
    // The client's own fault (bad request, context too long): its answer goes back as the provider gave it.
    const translated = attempt.exchange.translateError(failure);
    return { kind: 'answered', status: translated.status, body: translated.body };
  }

  /** The outcome of an aborted request: the client left, or the gateway's shutdown cut it. */
  private gone(): RelayOutcome {
    if (this.request.disconnect.reason === 'shutdown') {
      this.errorClass = 'shutdown';
      return SHUT_DOWN;
    }
    this.errorClass = 'client_closed';
    return CLIENT_GONE;
  }

  /** Every attempt failed with a rotatable error, or no untried key is left. */
  private exhausted(): RelayOutcome {
    const last = this.lastFailure;
    if (!last) return refused({ reason: 'no_attempt' });
    const { classified, failure } = last;
    const rateLimited = classified.errorClass === 'rate_limit' || classified.errorClass === 'quota_exhausted';
    return refused({
      reason: 'exhausted',
      errorClass: classified.errorClass,
      message: classified.message,
      upstreamStatus: failure.status,
      retryAfterMs: rateLimited
        ? (classified.retryAfterMs ?? this.keys.earliestRecovery(this.route))
        : undefined,
      attempts: this.attempts,
    });
  }
}
