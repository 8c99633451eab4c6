import type { Clock, TimerHandle } from './clock.js';
import type { ErrorClass } from './error-class.js';
import type { CooldownSource, EventHub } from './events.js';
import { resolveKeyConfig, type KeyConfig } from './key-config.js';
import { KeyRecord, type KeySlot } from './key-state.js';
import type { ReadyIndex } from './ready-index.js';
import type { StateStoreConnection } from './state-store.js';

export interface RestKeeperDeps {
  clock: Clock;
  index: ReadyIndex;
  events: EventHub;
  /** Where rests and auth failures seen here are shared with other pools. */
  connection: () => StateStoreConnection;
  /** Called when keys came back, so that waiting requests get them. */
  onCapacity: () => void;
}

/**
 * Puts keys and key × models to rest, disables and reinstates keys, and wakes them when their rest is over.
 * Every change keeps the ready heaps, the wake-up heap, the events and the shared store in step.
 */
export class RestKeeper {
  private wakeTimer: TimerHandle | undefined;
  private wakeTimerAt = Infinity;
  private stopped = false;

  constructor(private readonly deps: RestKeeperDeps) {}

  /** Rests one key × model. A cooldown never shortens one already running. */
  coolSlot(slot: KeySlot, until: number, reason: ErrorClass, source: CooldownSource, message?: string): void {
    const { clock, index } = this.deps;
    const now = clock.now();
    if (until <= now || until <= slot.cooldownUntil) return;
    slot.cooldownUntil = until;
    slot.cooldownReason = reason;
    index.park(slot, until, now);
    index.refreshSlot(slot, now);
    index.version += 1;
    this.scheduleWake();
    const { id: keyId, provider } = slot.key.config;
    this.deps.events.emit({
      type: 'cooled',
      keyId,
      provider,
      model: slot.model,
      until,
      reason,
      source,
      message,
      at: now,
    });
    if (source === 'failure' || source === 'proactive') {
      this.deps.connection().shareCooldown({ keyId, model: slot.model, until, reason });
    }
  }

  /** Rests a whole key. A cooldown never shortens one already running. */
  coolKey(key: KeyRecord, until: number, reason: ErrorClass, source: CooldownSource, message?: string): void {
    const now = this.deps.clock.now();
    if (until <= now || until <= key.cooldownUntil) return;
    key.cooldownUntil = until;
    key.cooldownReason = reason;
    this.keyRestChanged(key, now);
    const { id: keyId, provider } = key.config;
    this.deps.events.emit({
      type: 'cooled',
      keyId,
      provider,
      model: null,
      until,
      reason,
      source,
      message,
      at: now,
    });
    if (source === 'failure') this.deps.connection().shareCooldown({ keyId, model: null, until, reason });
  }

  /** The key used up its own daily quota: it rests until the quota resets, here and on every replica. */
  markExhausted(key: KeyRecord, now: number): void {
    const until = key.nextQuotaReset(now);
    if (key.exhaustedUntil >= until) return;
    key.exhaustedUntil = until;
    this.keyRestChanged(key, now);
    const { id: keyId, provider } = key.config;
    this.deps.events.emit({
      type: 'cooled',
      keyId,
      provider,
      model: null,
      until,
      reason: 'quota_exhausted',
      source: 'quota',
      at: now,
    });
    this.deps.connection().shareCooldown({ keyId, model: null, until, reason: 'quota_exhausted' });
  }

  /** After a quota change: a key under its new quota is back at once, one over it rests. */
  reassessQuota(key: KeyRecord, now: number): void {
    if (key.hasQuota && key.isOverQuota()) {
      this.markExhausted(key, now);
    } else if (key.exhaustedUntil > now) {
      key.exhaustedUntil = 0;
      this.keyRestChanged(key, now);
    }
  }

  disable(
    key: KeyRecord,
    reason: ErrorClass,
    source: 'failure' | 'remote' | 'restore',
    message?: string,
  ): void {
    if (key.authFailure !== null) return;
    const now = this.deps.clock.now();
    key.authFailure = reason;
    key.authFailureMessage = message;
    this.deps.index.refreshKey(key, now);
    this.deps.index.version += 1;
    const { id: keyId, provider } = key.config;
    this.deps.events.emit({ type: 'disabled', keyId, provider, reason, source, message, at: now });
    if (source === 'failure') this.deps.connection().shareKeyStatus({ keyId, authFailure: reason, message });
  }

  /** An admin's successful re-test: lifts the auth failure and any key-wide rest. */
  reinstate(key: KeyRecord, share: boolean): void {
    const { clock, index } = this.deps;
    const now = clock.now();
    key.authFailure = null;
    key.authFailureMessage = undefined;
    key.cooldownUntil = 0;
    key.cooldownReason = null;
    key.billingLevel = 0;
    if (key.config.status === 'auth_failed') {
      const source: KeyConfig = { ...key.source, status: 'active' };
      index.reconfigureKey(key, resolveKeyConfig(source), source, now);
    }
    this.keyRestChanged(key, now);
    const { id: keyId, provider } = key.config;
    this.deps.events.emit({ type: 'reinstated', keyId, provider, at: now });
    if (share) this.deps.connection().shareKeyStatus({ keyId, authFailure: null });
    this.deps.onCapacity();
  }

  /**
   * An admin's reset: every rest of the key and of its models ends now, escalation starts again from the first
   * step and the breakers close. An auth failure stays (only a passing probe lifts it), and so does a daily quota
   * that is really used up.
   */
  resetKey(key: KeyRecord, source: 'admin' | 'remote'): void {
    const { clock, index } = this.deps;
    const now = clock.now();
    for (const slot of key.slots.values()) {
      slot.cooldownUntil = 0;
      slot.cooldownReason = null;
      slot.rateLimitLevel = 0;
      slot.modelNotFoundLevel = 0;
      slot.consecutiveFailures = 0;
      slot.breaker.reset();
      index.park(slot, 0, now);
      index.refreshSlot(slot, now);
    }
    key.cooldownUntil = 0;
    key.cooldownReason = null;
    key.billingLevel = 0;
    this.keyRestChanged(key, now);
    const { id: keyId, provider } = key.config;
    this.deps.events.emit({ type: 'key_reset', keyId, provider, source, at: now });
    if (source === 'admin') this.deps.connection().shareKeyReset(keyId);
    this.deps.onCapacity();
  }

  /** Returns keys and key × models whose rest is over to their ready heaps. Cheap when nothing is due. */
  wakeDue(now: number): void {
    const { index, events } = this.deps;
    const next = index.nextWakeAt;
    if (next === undefined || next > now) return;
    for (const item of index.takeDue(now)) {
      if (item instanceof KeyRecord) {
        if (item.removed) continue;
        if (item.exhaustedUntil !== 0 && item.exhaustedUntil <= now) {
          item.exhaustedUntil = 0;
          item.rollQuotaPeriod(now);
        }
        index.refreshKey(item, now);
        events.emit({
          type: 'restored',
          keyId: item.config.id,
          provider: item.config.provider,
          model: null,
          at: now,
        });
      } else {
        const slot = item as KeySlot;
        if (slot.key.removed || slot.key.slots.get(slot.model) !== slot) continue;
        index.refreshSlot(slot, now);
        const { id: keyId, provider } = slot.key.config;
        events.emit({ type: 'restored', keyId, provider, model: slot.model, at: now });
      }
    }
    index.version += 1;
    this.scheduleWake();
    this.deps.onCapacity();
  }

  /** Keeps one timer, set for the earliest wake-up, so that waiters and `restored` events are on time. */
  scheduleWake(): void {
    if (this.stopped) return;
    const { clock, index } = this.deps;
    const next = index.nextWakeAt;
    if (next === undefined) return;
    if (this.wakeTimer !== undefined && this.wakeTimerAt <= next) return;
    if (this.wakeTimer !== undefined) clock.clearTimer(this.wakeTimer);
    this.wakeTimerAt = next;
    this.wakeTimer = clock.setTimer(() => {
      this.wakeTimer = undefined;
      this.wakeTimerAt = Infinity;
      this.wakeDue(clock.now());
      this.scheduleWake();
    }, next - clock.now());
  }

  stop(): void {
    this.stopped = true;
    if (this.wakeTimer !== undefined) this.deps.clock.clearTimer(this.wakeTimer);
    this.wakeTimer = undefined;
  }

  private keyRestChanged(key: KeyRecord, now: number): void {
    const { index } = this.deps;
    index.park(key, Math.max(key.cooldownUntil, key.exhaustedUntil), now);
    index.refreshKey(key, now);
    index.version += 1;
    this.scheduleWake();
  }
}
