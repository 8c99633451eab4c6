import { IndexedHeap, type HeapPosition } from './indexed-heap.js';
import { modelConcurrencyLimit, type KeyConfig, type ResolvedKeyConfig } from './key-config.js';
import { KeyRecord, type KeySlot, type Parkable } from './key-state.js';
import { ModelGroup } from './model-group.js';

const timerPosition: HeapPosition<Parkable> = {
  get: (item) => item.timerIndex,
  set: (item, position) => {
    item.timerIndex = position;
  },
};

/**
 * Where every key is, so that picking never scans: keys that can take a request sit in per-(provider, model, tier)
 * ready heaps; resting keys and key × models are parked in one heap ordered by wake-up time and rejoin when it comes.
 */
export class ReadyIndex {
  readonly keys = new Map<string, KeyRecord>();
  private readonly keysByProvider = new Map<string, Set<KeyRecord>>();
  private readonly groupsByProvider = new Map<string, Map<string, ModelGroup>>();
  private readonly parked = new IndexedHeap<Parkable>((a, b) => a.wakeAt < b.wakeAt, timerPosition);
  private nextSequence = 0;
  /** Bumped whenever a slot joins or leaves a ready heap, so that derived answers can be cached. */
  version = 0;

  group(provider: string, model: string): ModelGroup | undefined {
    return this.groupsByProvider.get(provider)?.get(model);
  }

  /** The group for a target, built on first use from the provider's keys; none when the provider has no keys. */
  ensureGroup(provider: string, model: string, now: number): ModelGroup | undefined {
    const existing = this.group(provider, model);
    if (existing) return existing;
    const providerKeys = this.keysByProvider.get(provider);
    if (!providerKeys || providerKeys.size === 0) return undefined;
    const group = new ModelGroup(provider, model);
    let groups = this.groupsByProvider.get(provider);
    if (!groups) {
      groups = new Map();
      this.groupsByProvider.set(provider, groups);
    }
    groups.set(model, group);
    for (const key of providerKeys) {
      if (key.serves(model)) this.refreshSlot(group.createSlot(key, this.nextSequence++), now);
    }
    return group;
  }

  /** The key's state for a model, created when the key serves it. */
  ensureSlot(key: KeyRecord, model: string, now: number): KeySlot | undefined {
    const existing = key.slots.get(model);
    if (existing) return existing;
    if (!key.serves(model)) return undefined;
    return this.ensureGroup(key.config.provider, model, now)?.slots.get(key.config.id);
  }

  addKey(config: ResolvedKeyConfig, source: KeyConfig, now: number): KeyRecord {
    const key = new KeyRecord(config, source, now);
    this.keys.set(config.id, key);
    let providerKeys = this.keysByProvider.get(config.provider);
    if (!providerKeys) {
      providerKeys = new Set();
      this.keysByProvider.set(config.provider, providerKeys);
    }
    providerKeys.add(key);
    for (const group of this.groupsByProvider.get(config.provider)?.values() ?? []) {
      if (key.serves(group.model)) this.refreshSlot(group.createSlot(key, this.nextSequence++), now);
    }
    return key;
  }

  /** Applies a new configuration of the same provider: models gained or lost, limits, tier, status. */
  reconfigureKey(key: KeyRecord, config: ResolvedKeyConfig, source: KeyConfig, now: number): void {
    key.config = config;
    key.source = source;
    for (const group of this.groupsByProvider.get(config.provider)?.values() ?? []) {
      const slot = group.slots.get(config.id);
      if (slot && !key.serves(group.model)) this.deleteSlot(slot);
      else if (!slot && key.serves(group.model)) group.createSlot(key, this.nextSequence++);
    }
    for (const slot of key.slots.values()) slot.concurrencyLimit = modelConcurrencyLimit(config, slot.model);
    this.refreshKey(key, now);
  }

  removeKey(key: KeyRecord): void {
    key.removed = true;
    for (const slot of [...key.slots.values()]) this.deleteSlot(slot);
    this.parked.remove(key);
    this.keys.delete(key.config.id);
    this.keysByProvider.get(key.config.provider)?.delete(key);
  }

  private deleteSlot(slot: KeySlot): void {
    if (slot.heapIndex >= 0) this.version += 1;
    slot.group.deleteSlot(slot);
    this.parked.remove(slot);
  }

  /** Whether a slot can take a request right now. */
  isEligible(slot: KeySlot, now: number): boolean {
    const key = slot.key;
    return (
      !key.removed &&
      !key.isDisabled &&
      key.cooldownUntil <= now &&
      key.exhaustedUntil <= now &&
      key.inFlight + key.remoteInFlight < key.config.maxConcurrency &&
      slot.cooldownUntil <= now &&
      slot.inFlight + slot.remoteInFlight < slot.concurrencyLimit &&
      key.slots.get(slot.model) === slot
    );
  }

  /** Puts the slot in or out of its ready heap, or re-positions it, after anything about it changed. */
  refreshSlot(slot: KeySlot, now: number): void {
    const eligible = this.isEligible(slot, now);
    const ready = slot.heapIndex >= 0;
    if (eligible && ready) {
      slot.group.reorder(slot);
    } else if (eligible) {
      slot.group.join(slot);
      this.version += 1;
    } else if (ready) {
      slot.group.leave(slot);
      this.version += 1;
    }
  }

  refreshKey(key: KeyRecord, now: number): void {
    for (const slot of key.slots.values()) this.refreshSlot(slot, now);
  }

  /** Parks a key or slot until `wakeAt`, or unparks it when `wakeAt` is not in the future. */
  park(item: Parkable, wakeAt: number, now: number): void {
    if (wakeAt <= now) {
      this.parked.remove(item);
      item.wakeAt = 0;
      return;
    }
    item.wakeAt = wakeAt;
    if (this.parked.has(item)) this.parked.update(item);
    else this.parked.push(item);
  }

  /** Epoch ms of the next wake-up, if anything is parked. */
  get nextWakeAt(): number | undefined {
    return this.parked.peek()?.wakeAt;
  }

  /** Takes out everything whose rest is over, earliest first. */
  takeDue(now: number): Parkable[] {
    const due: Parkable[] = [];
    for (let next = this.parked.peek(); next !== undefined && next.wakeAt <= now; next = this.parked.peek()) {
      this.parked.pop();
      next.wakeAt = 0;
      due.push(next);
    }
    return due;
  }

  providerKeyCount(provider: string): number {
    return this.keysByProvider.get(provider)?.size ?? 0;
  }
}
