import { EventEmitter } from 'node:events';
import { type ServerResponse } from 'node:http';

/**
 * Fires once when the client of a /v1 request goes away, or the gateway stops waiting for it. An AbortController per request cost more than its
 * request's own routing; undici takes this emitter as its signal, and the AbortSignal that waiting for a key
 * needs is made only when a request actually waits.
 */
export class ClientDisconnect extends EventEmitter {
  /**
   * The disconnect of the client `response` answers, unless the answer was finished first. A request is watched
   * only once admitted, and admission may wait (on PostgreSQL for credit, on Redis for rate limits): a client that
   * left meanwhile has emitted its 'close' already, and would otherwise be relayed to as if it were still there.
   */
  static of(response: ServerResponse): ClientDisconnect {
    const disconnect = new ClientDisconnect();
    const closed = () => {
      if (!response.writableFinished) disconnect.abort();
    };
    if (response.destroyed) closed();
    else response.once('close', closed);
    return disconnect;
  }

  aborted = false;
  /** Who ended the request: the client going away, or the gateway cutting it at the end of a shutdown's grace. */
  reason: 'client' | 'shutdown' = 'client';
  private controller: AbortController | undefined;

  abort(reason: 'client' | 'shutdown' = 'client'): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort();
    this.emit('abort');
  }

  /** An AbortSignal that aborts with this one, for APIs that take nothing else. */
  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.aborted) this.controller.abort();
    return this.controller.signal;
  }
}
