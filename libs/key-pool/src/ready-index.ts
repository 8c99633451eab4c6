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
export interface UntrackedLimits {
  /** Untracked groups a key may be in; the least recently used one with nothing in flight makes room. */
  perKey: number;
  /** An untracked group unused for this long, with nothing in flight or resting, is dropped. */
  idleMs: number;
}

export class ReadyIndex {
  readonly keys = new Map<string, KeyRecord>();
  private readonly keysByProvider = new Map<string, Set<KeyRecord>>();
  private readonly groupsByProvider = new Map<string, Map<string, ModelGroup>>();
  private readonly parked = new IndexedHeap<Parkable>((a, b) => a.wakeAt < b.wakeAt, timerPosition);
  private nextSequence = 0;
  /** Bumped whenever a slot joins or leaves a ready heap, so that derived answers can be cached. */
  version = 0;

  constructor(
    /** Whether state for a model no key declares is kept for good (see `ModelGroup.tracked`). */
    private readonly isKnownModel: (provider: string, model: string) => boolean,
    private readonly untrackedLimits: UntrackedLimits,
  ) {}

  group(provider: string, model: string): ModelGroup | undefined {
    return this.groupsByProvider.get(provider)?.get(model);
  }

  /**
   * The group for a target, built on first use from the provider's keys; none when no key of the provider serves
   * the model, so that a name nobody serves leaves nothing behind.
   */
  ensureGroup(provider: string, model: string, now: number): ModelGroup | undefined {
    const existing = this.group(provider, model);
    if (existing) return existing;
    const providerKeys = this.keysByProvider.get(provider);
    if (!providerKeys) return undefined;
    let group: ModelGroup | undefined;
    for (const key of providerKeys) {
      if (!key.serves(model)) continue;
      group ??= this.storeGroup(provider, model, now);
      this.refreshSlot(this.createSlot(group, key), now);
    }
    return group;
  }

  private storeGroup(provider: string, model: string, now: number): ModelGroup {
    const group = new ModelGroup(provider, model);
    group.tracked = this.isKnownModel(provider, model);
    group.touchedAt = now;
    let groups = this.groupsByProvider.get(provider);
    if (!groups) {
      groups = new Map();
      this.groupsByProvider.set(provider, groups);
    }
    groups.set(model, group);
    return group;
  }

  private createSlot(group: ModelGroup, key: KeyRecord): KeySlot {
    const slot = group.createSlot(key, this.nextSequence++);
    // A key with a model list serves only what it declares.
    if (key.config.models !== null) this.track(group);
    if (!group.tracked) this.joinUntracked(key, group);
    return slot;
  }

  private joinUntracked(key: KeyRecord, group: ModelGroup): void {
    if (key.untracked.size >= this.untrackedLimits.perKey) {
      let oldest: ModelGroup | undefined;
      for (const candidate of key.untracked)
        if (!hasInFlight(candidate) && (!oldest || candidate.touchedAt < oldest.touchedAt))
          oldest = candidate;
      if (oldest) this.dropGroup(oldest);
    }
    key.untracked.add(group);
  }

  /** The group's state is kept for good from now on. */
  track(group: ModelGroup): void {
    if (group.tracked) return;
    group.tracked = true;
    for (const slot of group.slots.values()) slot.key.untracked.delete(group);
  }

  /** An upstream answered with this key × model. */
  markServed(slot: KeySlot): void {
    slot.served = true;
    this.track(slot.group);
  }

  /** Drops untracked groups unused for `idleMs` with nothing in flight or resting. */
  dropIdle(now: number): void {
    const idleSince = now - this.untrackedLimits.idleMs;
    for (const groups of this.groupsByProvider.values()) {
      for (const group of groups.values()) {
        if (group.tracked || group.touchedAt > idleSince || hasInFlight(group)) continue;
        let resting = false;
        for (const slot of group.slots.values()) if (slot.cooldownUntil > now) resting = true;
        if (!resting) this.dropGroup(group);
      }
    }
  }

  /** Removes a group and every key's slot in it; the next request for its model builds it again. */
  private dropGroup(group: ModelGroup): void {
    for (const slot of [...group.slots.values()]) this.deleteSlot(slot);
    this.version += 1;
  }

  /** Groups the pool holds, tracked or not: what bounds its memory. */
  get groupCount(): number {
    let count = 0;
    for (const groups of this.groupsByProvider.values()) count += groups.size;
    return count;
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
      if (key.serves(group.model)) this.refreshSlot(this.createSlot(group, key), now);
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
      else if (!slot && key.serves(group.model)) this.createSlot(group, key);
      else if (slot && config.models !== null) this.track(group);
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
    const group = slot.group;
    group.deleteSlot(slot);
    slot.key.untracked.delete(group);
    this.parked.remove(slot);
    if (group.slots.size === 0) this.groupsByProvider.get(group.provider)?.delete(group.model);
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

function hasInFlight(group: ModelGroup): boolean {
  for (const slot of group.slots.values()) if (slot.totalInFlight > 0) return true;
  return false;
}
