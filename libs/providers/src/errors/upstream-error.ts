import type { UpstreamFailure } from '@switchyard/key-pool';

/** Thrown when an upstream call fails without a usable answer; `failure` goes to the key pool's classifier. */
export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly failure: UpstreamFailure,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** The operation exists in the gateway's API but not in this provider's (e.g. embeddings on Anthropic). */
export class UnsupportedOperationError extends Error {
  /** The request field that asks for what the provider cannot do, when one does. */
  constructor(
    message: string,
    readonly param?: string,
  ) {
    super(message);
    this.name = 'UnsupportedOperationError';
  }
}
