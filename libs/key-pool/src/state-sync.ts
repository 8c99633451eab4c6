import type { Clock } from './clock.js';
import type { CooldownPolicy } from './cooldown-policy.js';
import type { EventHub } from './events.js';
import type { KeyRecord } from './key-state.js';
import type { ReadyIndex } from './ready-index.js';
import type { RestKeeper } from './rest-keeper.js';
import { loadKeyModelCounters, loadKeyWideCounters, savedReason } from './state-persistence.js';
import { isKeyWideRow, type SavedStateRow } from './state-snapshot.js';
import type {
  SharedCooldown,
  SharedInFlight,
  SharedKeyStatus,
  SharedQuotaUsage,
  SharedState,
  StateStoreListener,
} from './state-store.js';

export interface StateSyncDeps {
  clock: Clock;
  index: ReadyIndex;
  rests: RestKeeper;
  events: EventHub;
  policy: CooldownPolicy;
  /** Called when remote news may have freed capacity. */
  onCapacity: () => void;
  isClosed: () => boolean;
}

/**
 * Applies state that did not originate in this pool: other replicas' news from the store, and saved snapshots.
 * What concerns keys the pool does not have yet is kept until they are added.
 */
export class StateSync {
  private readonly pendingByKey = new Map<string, ((key: KeyRecord) => void)[]>();

  constructor(private readonly deps: StateSyncDeps) {}

  listener(): StateStoreListener {
    return {
      cooldown: (cooldown) => this.applyCooldown(cooldown),
      keyStatus: (status) => this.applyKeyStatus(status),
      inFlight: (inFlight) => this.applyInFlight(inFlight),
      quotaUsage: (usage) => this.applyQuotaUsage(usage),
      keyReset: (keyId) => {
        const key = this.liveKey(keyId);
        if (key) this.deps.rests.resetKey(key, 'remote');
      },
      error: (error) => this.deps.events.emit({ type: 'store_error', at: this.deps.clock.now(), error }),
    };
  }

  applySharedState(shared: SharedState): void {
    for (const status of shared.statuses) this.whenKeyExists(status.keyId, () => this.applyKeyStatus(status));
    for (const cooldown of shared.cooldowns)
      this.whenKeyExists(cooldown.keyId, () => this.applyCooldown(cooldown));
  }

  applySavedRows(rows: readonly SavedStateRow[]): void {
    for (const row of rows) this.whenKeyExists(row.keyId, (key) => this.applySavedRow(key, row));
  }

  /** A key joined the pool: what was waiting for it applies now. */
  keyAdded(key: KeyRecord): void {
    const pending = this.pendingByKey.get(key.config.id);
    if (!pending) return;
    this.pendingByKey.delete(key.config.id);
    for (const apply of pending) apply(key);
  }

  private liveKey(keyId: string): KeyRecord | undefined {
    return this.deps.isClosed() ? undefined : this.deps.index.keys.get(keyId);
  }

  private applyCooldown(cooldown: SharedCooldown): void {
    const key = this.liveKey(cooldown.keyId);
    if (!key) return;
    if (cooldown.model === null) {
      this.deps.rests.coolKey(key, cooldown.until, cooldown.reason, 'remote');
      return;
    }
    const slot = this.deps.index.ensureSlot(key, cooldown.model, this.deps.clock.now());
    if (slot) this.deps.rests.coolSlot(slot, cooldown.until, cooldown.reason, 'remote');
  }

  private applyKeyStatus(status: SharedKeyStatus): void {
    const key = this.liveKey(status.keyId);
    if (!key) return;
    if (status.authFailure === null) this.deps.rests.reinstate(key, false);
    else this.deps.rests.disable(key, status.authFailure, 'remote', status.message);
  }

  private applyInFlight(inFlight: SharedInFlight): void {
    const key = this.liveKey(inFlight.keyId);
    if (!key) return;
    key.remoteInFlight = Math.max(0, inFlight.othersOnKey);
    const slot = key.slots.get(inFlight.model);
    if (slot) slot.remoteInFlight = Math.max(0, inFlight.othersOnModel);
    this.deps.index.refreshKey(key, this.deps.clock.now());
    this.deps.onCapacity();
  }

  private applyQuotaUsage(usage: SharedQuotaUsage): void {
    const key = this.liveKey(usage.keyId);
    if (!key || !key.hasQuota) return;
    const now = this.deps.clock.now();
    key.rollQuotaPeriod(now);
    if (usage.periodStart !== key.quota.periodStart) return;
    key.quota.requests = Math.max(key.quota.requests, usage.requests);
    key.quota.tokens = Math.max(key.quota.tokens, usage.tokens);
    if (key.isOverQuota()) this.deps.rests.markExhausted(key, now);
  }

  private applySavedRow(key: KeyRecord, row: SavedStateRow): void {
    const { clock, index, rests, policy } = this.deps;
    const now = clock.now();
    if (isKeyWideRow(row)) {
      const state = row.state;
      key.rollQuotaPeriod(now);
      loadKeyWideCounters(key, state);
      const authFailure = savedReason(state.authFailure);
      if (authFailure) rests.disable(key, authFailure, 'restore', state.authFailureMessage);
      const reason = savedReason(state.cooldownReason);
      if (reason && state.cooldownUntil > now) rests.coolKey(key, state.cooldownUntil, reason, 'restore');
      if (key.hasQuota && key.isOverQuota()) rests.markExhausted(key, now);
      return;
    }
    const slot = index.ensureSlot(key, row.model, now);
    if (!slot) return;
    const state = row.state;
    loadKeyModelCounters(slot, state, policy);
    if (state.served === true) index.markServed(slot);
    const reason = savedReason(state.cooldownReason);
    if (reason && state.cooldownUntil > now) rests.coolSlot(slot, state.cooldownUntil, reason, 'restore');
  }

  private whenKeyExists(keyId: string, apply: (key: KeyRecord) => void): void {
    const key = this.deps.index.keys.get(keyId);
    if (key) {
      apply(key);
      return;
    }
    const pending = this.pendingByKey.get(keyId) ?? [];
    pending.push(apply);
    this.pendingByKey.set(keyId, pending);
  }
}
