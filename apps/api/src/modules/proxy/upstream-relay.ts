import { type ServerResponse } from 'node:http';
import {
  AcquireAbortedError,
  type ClassifiedError,
  KeysUnavailableError,
  type Lease,
  NoKeyForRouteError,
  type UpstreamFailure,
} from '@switchyard/key-pool';
import {
  callUpstream,
  type ClientFormat,
  networkFailure,
  type NormalizedUsage,
  type ProviderTarget,
  readUpstreamFailure,
  type UpstreamRequest,
  UpstreamError,
} from '@switchyard/providers';
import { type HeaderBag } from '@switchyard/key-pool';
import { type GatewayKeyPool } from '../key-state/gateway-key-pool.js';
import { type RouteTarget } from '../routes/route-target.js';
import { type CallRecord } from './call-record.js';
import { type ClientDisconnect } from './client-disconnect.js';
import { ProxyErrorCode, ProxyException } from './proxy.exception.js';

/** One attempt's upstream conversation, whatever the endpoint: chat (either format) or embeddings. */
export interface Exchange {
  request: UpstreamRequest;
  translateResponse(raw: Buffer | string): { body: Buffer | string; usage: NormalizedUsage };
  translateError(failure: UpstreamFailure): { status: number; body: Record<string, unknown> };
  createStreamTranslator?(): {
    push(chunk: Buffer | string): Buffer | string;
    finish(): Buffer | string;
    fail(error: { status: number; message: string }): string;
    usage(): NormalizedUsage;
    readonly completed: boolean;
    readonly upstreamError: UpstreamFailure | undefined;
  };
}

export interface RelayLimits {
  maxAttempts: number;
  headersTimeoutMs: number;
  bodyIdleTimeoutMs: number;
}

/** What the client finally gets when the relay itself answers (the stream case writes its own bytes). */
export type RelayOutcome =
  | { kind: 'body'; status: number; body: Buffer | string | Record<string, unknown> }
  | { kind: 'streamed' }
  | { kind: 'client_gone' };

/** Thrown out of the stream loop to try the next key before anything reached the client. */
class RetryBeforeFirstByte {
  constructor(readonly classified: ClassifiedError) {}
}

const isAbort = (signal: ClientDisconnect) => signal.aborted;

/**
 * Runs a request against the route's keys until one answers: a rotatable failure before the first byte reaches
 * the client is retried on another key (never the same key for the same target twice), within `maxAttempts`.
 * Every lease is released exactly once: success, failure or abort.
 */
export class UpstreamRelay {
  private readonly tried: Lease[] = [];
  /** One target as a plain name, which the pool parses once for every request; a chain as its list. */
  private readonly route: string | string[];
  private lastFailure:
    { classified: ClassifiedError; failure: UpstreamFailure; exchange: Exchange } | undefined;

  constructor(
    private readonly gateway: GatewayKeyPool,
    private readonly targets: readonly RouteTarget[],
    private readonly record: CallRecord,
    private readonly limits: RelayLimits,
    private readonly signal: ClientDisconnect,
    private readonly prepare: (target: ProviderTarget) => Exchange,
  ) {
    const names = targets.map((t) => `${t.provider}/${t.model}`);
    this.route = names.length === 1 ? (names[0] as string) : names;
  }

  async run(stream: ServerResponse | null, commit: () => void): Promise<RelayOutcome> {
    for (;;) {
      const lease = await this.nextLease();
      if (!lease) return this.exhausted();
      const exchange = this.prepareFor(lease);
      if (!exchange) continue;
      const outcome = await this.attempt(lease, exchange, stream, commit);
      if (outcome) return outcome;
      if (isAbort(this.signal)) return { kind: 'client_gone' };
    }
  }

  private async nextLease(): Promise<Lease | undefined> {
    if (this.record.attempts >= this.limits.maxAttempts) return undefined;
    try {
      const lease =
        this.gateway.pool.tryAcquire(this.route, { exclude: this.tried }) ??
        (await this.gateway.pool.acquire(this.route, { exclude: this.tried, signal: this.signal.signal }));
      this.tried.push(lease);
      this.record.attempts += 1;
      this.record.keyId = lease.keyId;
      this.record.provider = lease.provider;
      this.record.model = lease.model;
      return lease;
    } catch (error) {
      if (error instanceof KeysUnavailableError) {
        this.record.errorClass = error.reason === 'busy' ? 'busy' : 'rate_limit';
        throw new ProxyException(
          ProxyErrorCode.KeysCooling,
          `Every key for ${error.targets.join(' → ')} is ${error.reason === 'busy' ? 'at its concurrency limit' : 'cooling down'}; retry in ${error.retryAfterSeconds}s`,
          null,
          error.retryAfterSeconds,
        );
      }
      if (error instanceof NoKeyForRouteError) {
        if (this.lastFailure) return undefined;
        throw new ProxyException(
          error.reason === 'no_key' ? ProxyErrorCode.ModelNotFound : ProxyErrorCode.NoKeyAvailable,
          error.reason === 'no_key'
            ? `No provider key serves ${this.targets.map((t) => `${t.provider}/${t.model}`).join(' or ')}`
            : `Every provider key for this model is disabled`,
          error.reason === 'no_key' ? 'model' : null,
        );
      }
      if (error instanceof AcquireAbortedError) return undefined;
      throw error;
    }
  }

  private prepareFor(lease: Lease): Exchange | undefined {
    const endpoint = this.gateway.endpointOf(lease.keyId);
    const secret = lease.secret;
    if (!endpoint || secret === undefined) {
      // The key was removed between the pick and now; it is not the key's fault.
      lease.abort();
      return undefined;
    }
    try {
      return this.prepare({
        type: endpoint.providerType,
        baseUrl: endpoint.baseUrl,
        model: lease.model,
        apiKey: secret,
      });
    } catch (error) {
      lease.abort();
      throw new ProxyException(
        ProxyErrorCode.UnsupportedOperation,
        error instanceof Error ? error.message : String(error),
      );
    }
  }

  /** One upstream call. Returns the outcome, or undefined to try another key. */
  private async attempt(
    lease: Lease,
    exchange: Exchange,
    stream: ServerResponse | null,
    commit: () => void,
  ): Promise<RelayOutcome | undefined> {
    const startedAt = performance.now();
    const waited = () => performance.now() - startedAt;
    let upstream;
    try {
      upstream = await callUpstream(exchange.request, {
        signal: this.signal,
        headersTimeoutMs: this.limits.headersTimeoutMs,
        bodyIdleTimeoutMs: this.limits.bodyIdleTimeoutMs,
      });
    } catch (error) {
      this.record.upstreamMs += waited();
      return this.failed(
        lease,
        exchange,
        error instanceof UpstreamError ? error.failure : networkFailure(error),
        waited(),
      );
    }

    if (upstream.status >= 400) {
      const failure = await readUpstreamFailure(upstream);
      this.record.upstreamMs += waited();
      return this.failed(lease, exchange, failure, waited());
    }

    if (!stream || !exchange.createStreamTranslator) {
      let raw: Buffer;
      try {
        raw = await upstream.readBody();
      } catch (error) {
        this.record.upstreamMs += waited();
        return this.failed(
          lease,
          exchange,
          error instanceof UpstreamError ? error.failure : networkFailure(error),
          waited(),
        );
      }
      this.record.upstreamMs += waited();
      let translated;
      try {
        translated = exchange.translateResponse(raw);
      } catch (error) {
        const failure =
          error instanceof UpstreamError
            ? error.failure
            : { status: 502, body: 'unreadable upstream answer' };
        return this.failed(lease, exchange, failure, waited());
      }
      lease.success(translated.usage, upstream.headers as HeaderBag, waited());
      this.record.usage = translated.usage;
      this.record.status = 200;
      return { kind: 'body', status: 200, body: translated.body };
    }

    return this.relayStream(lease, exchange, upstream, stream, commit, startedAt);
  }

  private async relayStream(
    lease: Lease,
    exchange: Exchange,
    upstream: Awaited<ReturnType<typeof callUpstream>>,
    response: ServerResponse,
    commit: () => void,
    startedAt: number,
  ): Promise<RelayOutcome | undefined> {
    const translator = exchange.createStreamTranslator!();
    let committed = false;
    let waitingSince = startedAt;
    const waitedUpstream = () => {
      const now = performance.now();
      this.record.upstreamMs += now - waitingSince;
      waitingSince = now;
    };
    try {
      await upstream.forEachChunk((chunk) => {
        waitedUpstream();
        const out = translator.push(chunk);
        if (!committed) {
          const inStreamError = translator.upstreamError;
          if (inStreamError) {
            const classified = lease.failure(inStreamError, performance.now() - startedAt);
            if (classified.rotate && this.record.attempts < this.limits.maxAttempts) {
              throw new RetryBeforeFirstByte(classified);
            }
          }
          if (out.length === 0) return undefined;
          commit();
          committed = true;
          this.record.markFirstToken();
        }
        if (out.length > 0 && !writeCoalesced(response, out)) {
          // Time spent waiting for a slow client is not the upstream's.
          return drained(response, this.signal).then(() => {
            waitingSince = performance.now();
          });
        }
        waitingSince = performance.now();
        return undefined;
      });
      waitedUpstream();
      const tail = translator.finish();
      if (!committed) {
        commit();
        committed = true;
      }
      if (tail.length > 0) response.write(tail);
      response.end();
      this.record.usage = translator.usage();
      if (translator.completed) {
        lease.success(this.record.usage, upstream.headers as HeaderBag, performance.now() - startedAt);
        this.record.status = 200;
      } else {
        const classified = lease.failure(
          translator.upstreamError ?? { status: 502, body: 'the upstream stream ended early' },
          performance.now() - startedAt,
        );
        this.record.status = 502;
        this.record.errorClass = classified.errorClass;
      }
      return { kind: 'streamed' };
    } catch (error) {
      if (error instanceof RetryBeforeFirstByte) {
        await upstream.discard();
        this.lastFailure = { classified: error.classified, failure: translator.upstreamError!, exchange };
        this.record.errorClass = error.classified.errorClass;
        return undefined;
      }
      this.record.usage = translator.usage();
      if (isAbort(this.signal)) {
        // The client left: not the key's fault, and what was produced is still accounted for.
        lease.abort();
        this.record.status = 499;
        this.record.errorClass = 'client_closed';
        return { kind: 'client_gone' };
      }
      const failure = networkFailure(error);
      const classified = lease.failure(failure, performance.now() - startedAt);
      this.record.errorClass = classified.errorClass;
      if (!committed && classified.rotate && this.record.attempts < this.limits.maxAttempts) {
        this.lastFailure = { classified, failure, exchange };
        return undefined;
      }
      if (!committed) commit();
      response.end(translator.fail({ status: 502, message: 'The upstream connection was lost mid-stream' }));
      this.record.status = 502;
      return { kind: 'streamed' };
    }
  }

  private failed(
    lease: Lease,
    exchange: Exchange,
    failure: UpstreamFailure,
    latencyMs: number,
  ): RelayOutcome | undefined {
    if (isAbort(this.signal)) {
      lease.abort();
      this.record.status = 499;
      this.record.errorClass = 'client_closed';
      return { kind: 'client_gone' };
    }
    const classified = lease.failure(failure, latencyMs);
    this.record.errorClass = classified.errorClass;
    this.lastFailure = { classified, failure, exchange };
    if (!classified.rotate) {
      // The client's own fault (bad request, context too long): its answer goes back as the provider gave it.
      const translated = exchange.translateError(failure);
      this.record.status = translated.status;
      return { kind: 'body', status: translated.status, body: translated.body };
    }
    return undefined;
  }

  /** Every attempt failed with a rotatable error, or no untried key is left. */
  private exhausted(): RelayOutcome {
    const last = this.lastFailure;
    if (!last)
      throw new ProxyException(ProxyErrorCode.NoKeyAvailable, 'No provider key is available for this model');
    const { classified, failure } = last;
    const detail = classified.message ? `: ${classified.message}` : '';
    if (classified.errorClass === 'rate_limit' || classified.errorClass === 'quota_exhausted') {
      const retryAfter = Math.max(
        1,
        Math.ceil((classified.retryAfterMs ?? this.earliestRecoveryMs() ?? 1000) / 1000),
      );
      this.record.status = 429;
      throw new ProxyException(
        ProxyErrorCode.KeysCooling,
        `Every key for this model is rate-limited${detail}`,
        null,
        retryAfter,
      );
    }
    if (classified.errorClass === 'timeout') {
      this.record.status = 504;
      throw new ProxyException(
        ProxyErrorCode.UpstreamTimeout,
        `The provider did not answer in time after ${this.record.attempts} attempt(s)`,
      );
    }
    this.record.status = 502;
    throw new ProxyException(
      ProxyErrorCode.UpstreamFailed,
      `The provider failed after ${this.record.attempts} attempt(s)${detail}${failure.status ? ` (HTTP ${failure.status})` : ''}`,
    );
  }

  private earliestRecoveryMs(): number | undefined {
    const now = Date.now();
    const targets = new Set(this.targets.map((t) => `${t.provider}|${t.model}`));
    let earliest: number | undefined;
    for (const key of this.gateway.pool.snapshot()) {
      for (const model of key.models) {
        if (!targets.has(`${key.provider}|${model.model}`)) continue;
        const until = Math.max(model.cooldownUntil ?? 0, key.cooldownUntil ?? 0);
        if (until > now && (earliest === undefined || until < earliest)) earliest = until;
      }
    }
    return earliest === undefined ? undefined : earliest - now;
  }
}

/**
 * Writes a stream chunk corked until the end of this turn of the event loop, so that chunks (and the stream's end)
 * arriving together leave in one system call instead of one each. The delay is the rest of the current I/O phase.
 */
function writeCoalesced(response: ServerResponse, chunk: Buffer | string): boolean {
  if (response.writableCorked === 0) {
    response.cork();
    setImmediate(uncorkAll, response);
  }
  return response.write(chunk);
}

function uncorkAll(response: ServerResponse): void {
  while (response.writableCorked > 0) response.uncork();
}

function drained(response: ServerResponse, signal: ClientDisconnect): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      signal.off('abort', done);
      resolve();
    };
    response.once('drain', done);
    signal.once('abort', done);
  });
}

export const clientFormatOf = (endpoint: string): ClientFormat =>
  endpoint.startsWith('/v1/messages') ? 'anthropic' : 'openai';
