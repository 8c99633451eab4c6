import { Injectable } from '@nestjs/common';
import { type ClientDisconnect } from './client-disconnect.js';

/**
 * The /v1 requests being relayed, so that a shutdown whose grace period ran out can cut them: each is aborted
 * as by the gateway (`reason: 'shutdown'`), and goes on to settle what it used, estimated where the upstream
 * reported nothing, before the process writes out its usage and credit.
 */
@Injectable()
export class InFlightRequests {
  private readonly relays = new Map<ClientDisconnect, Promise<unknown>>();

  /** Tracks one request's relay until it settles. */
  track<T>(disconnect: ClientDisconnect, relay: Promise<T>): Promise<T> {
    this.relays.set(disconnect, relay);
    const untrack = () => this.relays.delete(disconnect);
    relay.then(untrack, untrack);
    return relay;
  }

  get size(): number {
    return this.relays.size;
  }

  /** Cuts every request still relaying and resolves once each has returned its result; answers how many. */
  async cutAll(): Promise<number> {
    const cut = [...this.relays];
    for (const [disconnect] of cut) disconnect.abort('shutdown');
    await Promise.allSettled(cut.map(([, relay]) => relay));
    return cut.length;
  }
}
