import type { CircuitBreakerPolicy } from './cooldown-policy.js';

export interface CircuitBreakerState {
  failureTimes: number[];
  halfOpen: boolean;
}

/**
 * Counts server errors and timeouts of one key × model in a sliding window. Only the last `failureThreshold`
 * failure times are kept, so its size is bounded. After it opened and the rest is over, it is half-open:
 * the next failure opens it again at once, a success closes it.
 */
export class CircuitBreaker {
  private failureTimes: number[] = [];
  private halfOpen = false;

  /** Records a failure; true when the breaker opens because of it. */
  recordFailure(now: number, policy: CircuitBreakerPolicy): boolean {
    if (this.halfOpen) return true;
    const windowStart = now - policy.windowMs;
    this.failureTimes = this.failureTimes.filter((time) => time > windowStart);
    this.failureTimes.push(now);
    if (this.failureTimes.length < policy.failureThreshold) return false;
    this.failureTimes = [];
    this.halfOpen = true;
    return true;
  }

  recordSuccess(decay: number): void {
    this.halfOpen = false;
    if (decay > 0) this.failureTimes.splice(0, Math.min(decay, this.failureTimes.length));
  }

  /** Closed, with no failure remembered: an admin reset the key. */
  reset(): void {
    this.failureTimes = [];
    this.halfOpen = false;
  }

  recentFailures(now: number, policy: CircuitBreakerPolicy): number {
    const windowStart = now - policy.windowMs;
    return this.failureTimes.filter((time) => time > windowStart).length;
  }

  save(): CircuitBreakerState {
    return { failureTimes: [...this.failureTimes], halfOpen: this.halfOpen };
  }

  load(state: CircuitBreakerState, policy: CircuitBreakerPolicy): void {
    this.failureTimes = state.failureTimes.filter(Number.isFinite).slice(-policy.failureThreshold);
    this.halfOpen = state.halfOpen === true;
  }
}
