import type { WaiterQueue, Waiter } from './acquire-waiters.js';
import type { Clock } from './clock.js';
import type { Lease } from './lease.js';
import { AcquireAbortedError } from './pool-errors.js';

export interface WaitForLease {
  clock: Clock;
  waiters: WaiterQueue;
  /** Tries to lease a key now. */
  attempt: () => Lease | undefined;
  /** The error to fail with when the wait ends empty-handed. */
  giveUp: () => Error;
  waitMs: number;
  signal?: AbortSignal;
}

/**
 * Queues a request until a key frees up (the pool offers capacity to waiters as keys wake or leases end),
 * its wait runs out, or its signal aborts; whichever comes first settles it, exactly once.
 */
export function waitForLease({
  clock,
  waiters,
  attempt,
  giveUp,
  waitMs,
  signal,
}: WaitForLease): Promise<Lease> {
  if (signal?.aborted) return Promise.reject(new AcquireAbortedError(signal.reason));
  return new Promise<Lease>((resolve, reject) => {
    const finish = (): void => {
      waiters.delete(waiter);
      if (waiter.timer !== undefined) clock.clearTimer(waiter.timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      finish();
      reject(new AcquireAbortedError(signal?.reason));
    };
    const waiter: Waiter = {
      timer: undefined,
      attempt: () => {
        let lease: Lease | undefined;
        try {
          lease = attempt();
        } catch (error) {
          finish();
          reject(error);
          return true;
        }
        if (!lease) return false;
        finish();
        resolve(lease);
        return true;
      },
      cancel: (error) => {
        finish();
        reject(error);
      },
    };
    waiter.timer = clock.setTimer(() => {
      waiter.timer = undefined;
      if (waiter.attempt()) return;
      finish();
      reject(giveUp());
    }, waitMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    waiters.add(waiter);
  });
}
