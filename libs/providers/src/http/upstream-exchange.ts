import type { HeaderBag } from '@switchyard/key-pool';
import { type EventEmitter } from 'node:events';
import { type Dispatcher, errors } from 'undici';
import type { UpstreamResponse } from './call-upstream.js';
import { UpstreamError } from '../errors/upstream-error.js';
import { upstreamErrorFrom } from './network-failure.js';

/**
 * What aborts a call: an AbortSignal, or any emitter with `aborted` that emits `abort` once. A gateway that needs
 * one per request can skip the cost of an AbortController.
 */
export type CancelSignal = AbortSignal | (EventEmitter & { readonly aborted: boolean });

/** Ceiling for a buffered (non-stream) answer; larger answers are treated as a broken upstream. */
export const MAX_BUFFERED_BODY_BYTES = 64 * 1024 * 1024;
/** Body bytes held while nobody reads them yet; beyond this the upstream socket is paused. */
const UNREAD_HIGH_WATER_BYTES = 256 * 1024;
/** What `discard` reads to keep the socket reusable before it drops the connection instead. */
const DISCARD_LIMIT_BYTES = 128 * 1024;

interface Settle {
  resolve(): void;
  reject(error: unknown): void;
}

type Consumer =
  | { kind: 'each'; onChunk: (chunk: Buffer) => void | Promise<void>; waiting: boolean; done: Settle }
  | { kind: 'collect'; maxBytes: number; chunks: Buffer[]; onBody: (body: Buffer) => void; done: Settle }
  | { kind: 'discard'; done: Settle };

function listen(signal: CancelSignal, listener: () => void): void {
  if ('addEventListener' in signal) signal.addEventListener('abort', listener, { once: true });
  else signal.once('abort', listener);
}

function unlisten(signal: CancelSignal, listener: () => void): void {
  if ('removeEventListener' in signal) signal.removeEventListener('abort', listener);
  else signal.off('abort', listener);
}

/**
 * One upstream call as an undici dispatch handler. undici's `request()` wraps every answer in a Readable stream
 * whose machinery (buffering, events, pause and resume through the stream state) cost more per proxied request
 * than the small bodies it carried; this hands the chunks straight to whoever reads the body, and holds them only
 * until a reader comes.
 */
export class UpstreamExchange implements Dispatcher.DispatchHandler, UpstreamResponse {
  status = 0;
  headers: HeaderBag = {};
  private controller: Dispatcher.DispatchController | undefined;
  private unread: Buffer[] = [];
  private unreadBytes = 0;
  private bodyBytes = 0;
  private ended = false;
  private failure: Error | undefined;
  private consumer: Consumer | undefined;
  private claimed = false;
  private readonly onAbort = () => {
    this.stopListening();
    this.controller?.abort(new errors.RequestAbortedError());
  };

  constructor(
    private readonly answered: (response: UpstreamResponse) => void,
    private readonly refused: (error: unknown) => void,
    private readonly signal: CancelSignal | undefined,
  ) {
    if (signal && !signal.aborted) listen(signal, this.onAbort);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal?.aborted) controller.abort(new errors.RequestAbortedError());
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: HeaderBag): void {
    this.status = statusCode;
    this.headers = headers;
    this.answered(this);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const consumer = this.consumer;
    if (consumer === undefined || (consumer.kind === 'each' && consumer.waiting)) {
      this.unread.push(chunk);
      this.unreadBytes += chunk.length;
      if (this.unreadBytes > UNREAD_HIGH_WATER_BYTES) controller.pause();
      return;
    }
    this.deliver(consumer, chunk);
  }

  onResponseEnd(): void {
    this.ended = true;
    this.stopListening();
    if (this.consumer !== undefined) this.pump(this.consumer);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.stopListening();
    if (this.status === 0) {
      this.refused(error);
      return;
    }
    this.failure ??= error;
    if (this.consumer !== undefined) this.pump(this.consumer);
  }

  /** Hands each chunk to `onChunk`; a promise it returns holds the next chunk back until it settles. */
  forEachChunk(onChunk: (chunk: Buffer) => void | Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.attach({ kind: 'each', onChunk, waiting: false, done: { resolve, reject } });
    });
  }

  /** The whole body; an answer over `maxBytes` rejects with an {@link UpstreamError}, and its connection is dropped. */
  readBody(maxBytes = MAX_BUFFERED_BODY_BYTES): Promise<Buffer> {
    return new Promise<Buffer>((onBody, reject) => {
      this.attach({
        kind: 'collect',
        maxBytes,
        chunks: [],
        onBody,
        done: { resolve: () => undefined, reject },
      });
    });
  }

  /** Reads and drops the rest (up to a limit, then the connection is dropped instead); never rejects. */
  discard(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.attach({ kind: 'discard', done: { resolve, reject: () => resolve() } });
    });
  }

  private attach(consumer: Consumer): void {
    if (this.claimed) {
      consumer.done.reject(new Error('the upstream body can be read only once'));
      return;
    }
    this.claimed = true;
    this.consumer = consumer;
    this.pump(consumer);
  }

  /** Delivers what is held, then settles the reader if the body is over, or lets the socket flow again. */
  private pump(consumer: Consumer): void {
    while (this.unread.length > 0) {
      if (this.consumer !== consumer || (consumer.kind === 'each' && consumer.waiting)) return;
      const chunk = this.unread.shift()!;
      this.unreadBytes -= chunk.length;
      this.deliver(consumer, chunk);
    }
    if (this.consumer !== consumer || (consumer.kind === 'each' && consumer.waiting)) return;
    if (this.failure !== undefined) {
      this.consumer = undefined;
      consumer.done.reject(this.readError(consumer, this.failure));
    } else if (this.ended) {
      this.consumer = undefined;
      if (consumer.kind === 'collect') {
        const { chunks } = consumer;
        consumer.onBody(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.bodyBytes));
      }
      consumer.done.resolve();
    } else this.controller?.resume();
  }

  private deliver(consumer: Consumer, chunk: Buffer): void {
    this.bodyBytes += chunk.length;
    if (consumer.kind === 'collect') {
      if (this.bodyBytes > consumer.maxBytes)
        this.giveUp(
          consumer,
          new UpstreamError(`The upstream answer exceeded ${consumer.maxBytes} bytes`, {
            status: 502,
            body: 'response too large',
          }),
        );
      else consumer.chunks.push(chunk);
      return;
    }
    if (consumer.kind === 'discard') {
      if (this.bodyBytes > DISCARD_LIMIT_BYTES) this.giveUp(consumer, undefined);
      return;
    }
    let pending: void | Promise<void>;
    try {
      pending = consumer.onChunk(chunk);
    } catch (error) {
      this.giveUp(consumer, error);
      return;
    }
    if (pending === undefined) return;
    consumer.waiting = true;
    this.controller?.pause();
    pending.then(
      () => {
        consumer.waiting = false;
        this.pump(consumer);
      },
      (error: unknown) => {
        consumer.waiting = false;
        if (this.consumer === consumer) this.giveUp(consumer, error);
      },
    );
  }

  /** Stops reading early: the connection is dropped, since undici cannot reuse a socket with an unread answer. */
  private giveUp(consumer: Consumer, error: unknown): void {
    this.consumer = undefined;
    this.unread = [];
    this.unreadBytes = 0;
    if (!this.ended && this.failure === undefined) {
      this.failure = new errors.RequestAbortedError();
      this.controller?.abort(this.failure);
    }
    this.stopListening();
    if (error === undefined) consumer.done.resolve();
    else consumer.done.reject(error);
  }

  /** Stops listening to the signal of a call that was never sent. */
  release(): void {
    this.stopListening();
  }

  private stopListening(): void {
    if (this.signal) unlisten(this.signal, this.onAbort);
  }

  /** A buffered read fails with an {@link UpstreamError}; a stream reader sees the network error as it came. */
  private readError(consumer: Consumer, error: Error): unknown {
    if (consumer.kind !== 'collect') return error;
    return upstreamErrorFrom(error);
  }
}
