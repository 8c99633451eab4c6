import type { Clock, TimerHandle } from '../../src/clock.js';

interface ScheduledTimer {
  id: number;
  dueAt: number;
  callback: () => void;
}

/** A clock that only moves when told to, firing due timers in order. For tests of anything built on `Clock`. */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: ScheduledTimer[] = [];

  constructor(startAt = Date.UTC(2030, 0, 1, 12, 0, 0)) {
    this.current = startAt;
  }

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const timer: ScheduledTimer = { id: this.nextId++, dueAt: this.current + Math.max(0, delayMs), callback };
    const index = this.timers.findIndex((other) => other.dueAt > timer.dueAt);
    if (index === -1) this.timers.push(timer);
    else this.timers.splice(index, 0, timer);
    return timer.id;
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward, running each timer at its own due time, including timers scheduled along the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.timers[0];
      if (!next || next.dueAt > target) break;
      this.timers.shift();
      this.current = Math.max(this.current, next.dueAt);
      next.callback();
    }
    this.current = target;
  }

  /** Like `advance`, then lets promise callbacks that the timers resolved run. */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await settlePromises();
      const next = this.timers[0];
      if (!next || next.dueAt > target) break;
      this.advance(next.dueAt - this.current);
    }
    this.current = target;
    await settlePromises();
  }
}

/** Gives queued promise callbacks a chance to run without waiting on real time. */
export function settlePromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
