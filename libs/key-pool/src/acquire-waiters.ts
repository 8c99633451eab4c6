import type { TimerHandle } from './clock.js';

/** A request waiting for a key: retried whenever capacity frees up, failed at its wait limit or on abort. */
export interface Waiter {
  /** Tries to take a key now; true when the waiter got one and is done. */
  attempt(): boolean;
  timer: TimerHandle | undefined;
  cancel(error: unknown): void;
}

/** First come, first served: earlier waiters get freed keys first. */
export class WaiterQueue {
  private readonly waiters = new Set<Waiter>();
  private draining = false;

  get size(): number {
    return this.waiters.size;
  }

  add(waiter: Waiter): void {
    this.waiters.add(waiter);
  }

  delete(waiter: Waiter): void {
    this.waiters.delete(waiter);
  }

  /** Offers the freed capacity to every waiter, earliest first. */
  drain(): void {
    if (this.draining || this.waiters.size === 0) return;
    this.draining = true;
    try {
      for (const waiter of this.waiters) {
        if (waiter.attempt()) this.waiters.delete(waiter);
      }
    } finally {
      this.draining = false;
    }
  }

  cancelAll(error: unknown): void {
    for (const waiter of [...this.waiters]) waiter.cancel(error);
    this.waiters.clear();
  }
}
