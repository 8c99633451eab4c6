import type { SeenLimits } from './seen-limits.js';
import type {
  QuotaIncrement,
  SharedCooldown,
  SharedKeyStatus,
  SharedState,
  StateStore,
  StateStoreConnection,
  StateStoreListener,
} from './state-store.js';

const KEY_WIDE = '*';

function cooldownField(keyId: string, model: string | null): string {
  return `${keyId}\n${model ?? KEY_WIDE}`;
}

/**
 * Shared state inside one process: the default store of a pool, and a way for several pools in one process
 * to share cooldowns, in-flight counts and quotas exactly as replicas do through Redis.
 */
export class MemoryStateStore implements StateStore {
  private readonly connections = new Set<MemoryConnection>();
  private readonly cooldowns = new Map<string, SharedCooldown>();
  private readonly statuses = new Map<string, SharedKeyStatus>();
  private readonly quotas = new Map<string, { requests: number; tokens: number; periodEnd: number }>();
  private readonly limits = new Map<string, SeenLimits>();
  private nextReplica = 1;

  constructor(private readonly now: () => number = Date.now) {}

  connect(listener: StateStoreListener): StateStoreConnection {
    const connection = new MemoryConnection(this, listener, `memory-${this.nextReplica++}`);
    this.connections.add(connection);
    return connection;
  }

  /** @internal */
  currentState(): SharedState {
    const now = this.now();
    for (const [field, cooldown] of this.cooldowns) if (cooldown.until <= now) this.cooldowns.delete(field);
    return { cooldowns: [...this.cooldowns.values()], statuses: [...this.statuses.values()] };
  }

  /** @internal */
  disconnect(connection: MemoryConnection): void {
    this.connections.delete(connection);
  }

  /** @internal Keeps the longer cooldown, and tells the others only when it got longer. */
  shareCooldown(origin: MemoryConnection, cooldown: SharedCooldown): void {
    const field = cooldownField(cooldown.keyId, cooldown.model);
    const existing = this.cooldowns.get(field);
    if (existing && existing.until >= cooldown.until) return;
    this.cooldowns.set(field, { ...cooldown });
    this.broadcast(origin, (listener) => listener.cooldown({ ...cooldown }));
  }

  /** @internal */
  shareKeyStatus(origin: MemoryConnection, status: SharedKeyStatus): void {
    if (status.authFailure === null) {
      this.statuses.delete(status.keyId);
      this.cooldowns.delete(cooldownField(status.keyId, null));
    } else {
      this.statuses.set(status.keyId, { ...status });
    }
    this.broadcast(origin, (listener) => listener.keyStatus({ ...status }));
  }

  /** @internal Forgets the key's rests and tells the others to forget theirs. */
  shareKeyReset(origin: MemoryConnection, keyId: string): void {
    for (const [field, cooldown] of this.cooldowns)
      if (cooldown.keyId === keyId) this.cooldowns.delete(field);
    this.broadcast(origin, (listener) => listener.keyReset(keyId));
  }

  /** @internal Keeps the later sighting. */
  shareLimits(keyId: string, limits: SeenLimits): void {
    const stored = this.limits.get(keyId);
    if (!stored || stored.seenAt < limits.seenAt) this.limits.set(keyId, structuredClone(limits));
  }

  /** @internal */
  readLimits(keyId: string): SeenLimits | null {
    const stored = this.limits.get(keyId);
    return stored ? structuredClone(stored) : null;
  }

  /** @internal Every connection learns how much the others have in flight on this key. */
  inFlightChanged(keyId: string, model: string): void {
    // A pool alone in its store has no others to hear about: the common, default case costs nothing.
    if (this.connections.size === 1 && !this.connections.values().next().value?.hasReports) return;
    for (const connection of this.connections) {
      let othersOnKey = 0;
      let othersOnModel = 0;
      for (const other of this.connections) {
        if (other === connection) continue;
        othersOnKey += other.inFlightOn(keyId, KEY_WIDE);
        othersOnModel += other.inFlightOn(keyId, model);
      }
      if (connection.othersChanged(keyId, model, othersOnKey, othersOnModel)) {
        connection.deliver((listener) => listener.inFlight({ keyId, model, othersOnKey, othersOnModel }));
      }
    }
  }

  /** @internal */
  addQuotaUsage(increment: QuotaIncrement): void {
    const now = this.now();
    for (const [field, usage] of this.quotas) if (usage.periodEnd <= now) this.quotas.delete(field);
    const field = `${increment.keyId}\n${increment.periodStart}`;
    const usage = this.quotas.get(field) ?? { requests: 0, tokens: 0, periodEnd: increment.periodEnd };
    usage.requests += increment.requests;
    usage.tokens += increment.tokens;
    this.quotas.set(field, usage);
    const total = {
      keyId: increment.keyId,
      periodStart: increment.periodStart,
      requests: usage.requests,
      tokens: usage.tokens,
    };
    for (const connection of this.connections)
      connection.deliver((listener) => listener.quotaUsage({ ...total }));
  }

  private broadcast(origin: MemoryConnection, send: (listener: StateStoreListener) => void): void {
    for (const connection of this.connections) if (connection !== origin) connection.deliver(send);
  }
}

class MemoryConnection implements StateStoreConnection {
  readonly ready: Promise<SharedState>;
  /** keyId → model (or "*" for the whole key) → requests in flight. */
  private readonly inFlight = new Map<string, Map<string, number>>();
  /** What this pool was last told about the others, so that nothing is sent when nothing changed. */
  private readonly reportedOthers = new Map<string, string>();
  private closed = false;

  constructor(
    private readonly store: MemoryStateStore,
    private readonly listener: StateStoreListener,
    readonly replicaId: string,
  ) {
    this.ready = Promise.resolve().then(() => store.currentState());
  }

  get hasReports(): boolean {
    return this.reportedOthers.size > 0;
  }

  /** Delivered later, as over a network, so that a store never re-enters the pool that is calling it. */
  deliver(send: (listener: StateStoreListener) => void): void {
    if (this.closed) return;
    queueMicrotask(() => {
      if (!this.closed) send(this.listener);
    });
  }

  othersChanged(keyId: string, model: string, othersOnKey: number, othersOnModel: number): boolean {
    const field = `${keyId}\n${model}`;
    const report = `${othersOnKey}/${othersOnModel}`;
    const previous = this.reportedOthers.get(field) ?? '0/0';
    if (previous === report) return false;
    if (report === '0/0') this.reportedOthers.delete(field);
    else this.reportedOthers.set(field, report);
    return true;
  }

  inFlightOn(keyId: string, model: string): number {
    return this.inFlight.get(keyId)?.get(model) ?? 0;
  }

  shareCooldown(cooldown: SharedCooldown): void {
    if (!this.closed) this.store.shareCooldown(this, cooldown);
  }

  shareKeyStatus(status: SharedKeyStatus): void {
    if (!this.closed) this.store.shareKeyStatus(this, status);
  }

  changeInFlight(keyId: string, model: string, delta: number, _limited: boolean): void {
    if (this.closed) return;
    let perModel = this.inFlight.get(keyId);
    if (!perModel) {
      perModel = new Map();
      this.inFlight.set(keyId, perModel);
    }
    // Counts that drop to zero are forgotten, so models asked for once leave nothing behind.
    for (const field of [KEY_WIDE, model]) {
      const count = Math.max(0, (perModel.get(field) ?? 0) + delta);
      if (count > 0) perModel.set(field, count);
      else perModel.delete(field);
    }
    if (perModel.size === 0) this.inFlight.delete(keyId);
    this.store.inFlightChanged(keyId, model);
  }

  addQuotaUsage(increment: QuotaIncrement): void {
    if (!this.closed) this.store.addQuotaUsage(increment);
  }

  shareKeyReset(keyId: string): void {
    if (!this.closed) this.store.shareKeyReset(this, keyId);
  }

  shareLimits(keyId: string, limits: SeenLimits): void {
    if (!this.closed) this.store.shareLimits(keyId, limits);
  }

  readLimits(keyId: string): Promise<SeenLimits | null> {
    return Promise.resolve(this.store.readLimits(keyId));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.store.disconnect(this);
    for (const [keyId, perModel] of this.inFlight) {
      for (const model of perModel.keys()) if (model !== KEY_WIDE) this.store.inFlightChanged(keyId, model);
    }
    this.inFlight.clear();
  }
}
