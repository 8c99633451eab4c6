import type { ClassifiedError, HeaderBag, UpstreamFailure } from './error-class.js';
import type { KeySlot } from './key-state.js';

/** Tokens an answer used, counted against daily token quotas. */
export interface TokenUsage {
  promptTokens?: number;
  completionTokens?: number;
  /** Used when the parts are not given. */
  totalTokens?: number;
}

export type LeaseOutcome =
  | { kind: 'success'; usage?: TokenUsage; headers?: HeaderBag; latencyMs: number }
  | { kind: 'failure'; failure: ClassifiedError; headers?: HeaderBag; latencyMs: number }
  | { kind: 'abort' }
  | { kind: 'expired' };

export type LeaseState = 'active' | 'succeeded' | 'failed' | 'aborted' | 'expired';

/** The pool's side of a lease: applies the outcome to the key's state. */
export interface LeaseSettler {
  now(): number;
  settle(slot: KeySlot, lease: Lease, outcome: LeaseOutcome): void;
  classify(failure: UpstreamFailure | ClassifiedError): ClassifiedError;
}

export function isClassifiedError(value: UpstreamFailure | ClassifiedError): value is ClassifiedError {
  return typeof (value as ClassifiedError).errorClass === 'string';
}

/**
 * The right to send one request with one key to one target. Exactly one of `success`, `failure` or `abort`
 * takes effect; later calls change nothing, so a lease can never be released twice.
 */
export class Lease {
  readonly keyId: string;
  readonly provider: string;
  readonly model: string;
  /** `provider/model`. */
  readonly target: string;
  readonly label: string | undefined;
  readonly tierRank: number;
  #state: LeaseState = 'active';
  readonly #slot: KeySlot;
  readonly #settler: LeaseSettler;

  constructor(
    readonly id: number,
    slot: KeySlot,
    /** Position of the target in the route's fallback chain, 0 for the first choice. */
    readonly targetIndex: number,
    readonly acquiredAt: number,
    readonly expiresAt: number,
    settler: LeaseSettler,
  ) {
    const config = slot.key.config;
    this.keyId = config.id;
    this.provider = config.provider;
    this.model = slot.model;
    this.target = slot.group.name;
    this.label = config.label;
    this.tierRank = config.tierRank;
    this.#slot = slot;
    this.#settler = settler;
  }

  /** The key's credential when it was configured with one. A getter, so that logging a lease does not print it. */
  get secret(): string | undefined {
    return this.#slot.key.config.secret;
  }

  /** Where the key's provider answers, as the key was configured. */
  get baseUrl(): string | undefined {
    return this.#slot.key.config.baseUrl;
  }

  /** The wire format of the key's provider, as the key was configured. */
  get providerType(): string | undefined {
    return this.#slot.key.config.providerType;
  }

  get state(): LeaseState {
    return this.#state;
  }

  get released(): boolean {
    return this.#state !== 'active';
  }

  /** The upstream answered. Headers feed proactive cooling, usage feeds token quotas. */
  success(usage?: TokenUsage, headers?: HeaderBag, latencyMs?: number): void {
    if (this.#state !== 'active') return;
    this.#state = 'succeeded';
    this.#settler.settle(this.#slot, this, {
      kind: 'success',
      usage,
      headers,
      latencyMs: latencyMs ?? this.#settler.now() - this.acquiredAt,
    });
  }

  /**
   * The upstream failed. Returns the classification, so the caller knows whether to rotate
   * (`rotate`) or hand the answer to the client; on an already released lease it only classifies.
   */
  failure(failure: UpstreamFailure | ClassifiedError, latencyMs?: number): ClassifiedError {
    const classified = this.#settler.classify(failure);
    if (this.#state !== 'active') return classified;
    this.#state = 'failed';
    this.#settler.settle(this.#slot, this, {
      kind: 'failure',
      failure: classified,
      headers: isClassifiedError(failure) ? undefined : failure.headers,
      latencyMs: latencyMs ?? this.#settler.now() - this.acquiredAt,
    });
    return classified;
  }

  /** The call was abandoned (client went away, or it was never sent): no verdict on the key. */
  abort(): void {
    if (this.#state !== 'active') return;
    this.#state = 'aborted';
    this.#settler.settle(this.#slot, this, { kind: 'abort' });
  }

  /** The pool's safety net: releases a lease that outlived its time to live without judging the key. */
  expire(): void {
    if (this.#state !== 'active') return;
    this.#state = 'expired';
    this.#settler.settle(this.#slot, this, { kind: 'expired' });
  }

  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      keyId: this.keyId,
      target: this.target,
      targetIndex: this.targetIndex,
      state: this.#state,
      acquiredAt: this.acquiredAt,
    };
  }
}
