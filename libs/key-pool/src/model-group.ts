import { IndexedHeap, type HeapPosition } from './indexed-heap.js';
import { KeySlot, type KeyRecord } from './key-state.js';

const heapPosition: HeapPosition<KeySlot> = {
  get: (slot) => slot.heapIndex,
  set: (slot, position) => {
    slot.heapIndex = position;
  },
};

/** Selection order within a tier: fewest in flight on key × model, then on the key, then fair share, then LRU. */
function pickedBefore(a: KeySlot, b: KeySlot): boolean {
  const modelLoadA = a.inFlight + a.remoteInFlight;
  const modelLoadB = b.inFlight + b.remoteInFlight;
  if (modelLoadA !== modelLoadB) return modelLoadA < modelLoadB;
  const keyLoadA = a.key.inFlight + a.key.remoteInFlight;
  const keyLoadB = b.key.inFlight + b.key.remoteInFlight;
  if (keyLoadA !== keyLoadB) return keyLoadA < keyLoadB;
  if (a.pass !== b.pass) return a.pass < b.pass;
  if (a.lastUsedAt !== b.lastUsedAt) return a.lastUsedAt < b.lastUsedAt;
  return a.sequence < b.sequence;
}

interface TierLine {
  rank: number;
  heap: IndexedHeap<KeySlot>;
}

/**
 * Every key of one provider that serves one model, with a ready heap per tier. Only keys that can take a request
 * right now are in a heap, so a pick looks at the top of the first non-empty tier and never scans.
 */
export class ModelGroup {
  readonly slots = new Map<string, KeySlot>();
  /** Ascending by rank; a pool has a handful of tiers. */
  private readonly tiers: TierLine[] = [];
  /** The pass of the latest pick: where keys that rejoin the line are placed, so a rested key gets no burst. */
  private virtualTime = 0;
  /**
   * Kept for good: a key declares the model, the pool knows it (e.g. it is priced), or an upstream served it with
   * one of the keys. An untracked group lives only while it is used, and a key is in a few of them at most.
   */
  tracked = false;
  /** When the group was created or last picked from. */
  touchedAt = 0;

  constructor(
    readonly provider: string,
    readonly model: string,
  ) {}

  get name(): string {
    return `${this.provider}/${this.model}`;
  }

  createSlot(key: KeyRecord, sequence: number): KeySlot {
    const slot = new KeySlot(key, this, sequence);
    slot.pass = this.virtualTime;
    this.slots.set(key.config.id, slot);
    key.slots.set(this.model, slot);
    return slot;
  }

  deleteSlot(slot: KeySlot): void {
    this.leave(slot);
    this.slots.delete(slot.key.config.id);
    slot.key.slots.delete(this.model);
  }

  isReady(slot: KeySlot): boolean {
    return slot.heapIndex >= 0;
  }

  join(slot: KeySlot): void {
    if (slot.heapIndex >= 0) return;
    if (slot.pass < this.virtualTime) slot.pass = this.virtualTime;
    slot.heapRank = slot.key.config.tierRank;
    this.lineFor(slot.heapRank).heap.push(slot);
  }

  leave(slot: KeySlot): void {
    if (slot.heapIndex < 0) return;
    this.lineFor(slot.heapRank).heap.remove(slot);
  }

  /** Restores the slot's place in line after its load, pass or tier changed. */
  reorder(slot: KeySlot): void {
    if (slot.heapIndex < 0) return;
    if (slot.heapRank !== slot.key.config.tierRank) {
      this.leave(slot);
      this.join(slot);
      return;
    }
    this.lineFor(slot.heapRank).heap.update(slot);
  }

  /** Charges a pick to the slot: its pass moves on by the inverse of its share of traffic. */
  chargePick(slot: KeySlot, share: number, now: number): void {
    if (slot.pass > this.virtualTime) this.virtualTime = slot.pass;
    slot.pass += 1 / share;
    slot.lastUsedAt = now;
  }

  get readyCount(): number {
    let count = 0;
    for (const line of this.tiers) count += line.heap.size;
    return count;
  }

  /** The best ready slot, lowest tier first, passing over slots the caller excludes. */
  best(isExcluded?: (slot: KeySlot) => boolean): KeySlot | undefined {
    for (const line of this.tiers) {
      const top = line.heap.peek();
      if (top === undefined) continue;
      if (!isExcluded || !isExcluded(top)) return top;
      const found = bestIncluded(line.heap, isExcluded);
      if (found) return found;
    }
    return undefined;
  }

  private lineFor(rank: number): TierLine {
    let low = 0;
    let high = this.tiers.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.tiers[middle] as TierLine).rank < rank) low = middle + 1;
      else high = middle;
    }
    const existing = this.tiers[low];
    if (existing && existing.rank === rank) return existing;
    const line: TierLine = { rank, heap: new IndexedHeap(pickedBefore, heapPosition) };
    this.tiers.splice(low, 0, line);
    return line;
  }
}

/**
 * Best-first walk down the heap from the top, stepping past excluded slots. A request excludes the few keys it
 * already tried, so this visits about that many nodes instead of the whole heap.
 */
function bestIncluded(
  heap: IndexedHeap<KeySlot>,
  isExcluded: (slot: KeySlot) => boolean,
): KeySlot | undefined {
  const frontier: number[] = [0];
  while (frontier.length > 0) {
    let bestAt = 0;
    for (let index = 1; index < frontier.length; index += 1) {
      if (
        pickedBefore(
          heap.at(frontier[index] as number) as KeySlot,
          heap.at(frontier[bestAt] as number) as KeySlot,
        )
      ) {
        bestAt = index;
      }
    }
    const position = frontier[bestAt] as number;
    frontier.splice(bestAt, 1);
    const slot = heap.at(position) as KeySlot;
    if (!isExcluded(slot)) return slot;
    for (const child of [2 * position + 1, 2 * position + 2]) {
      if (child < heap.size) frontier.push(child);
    }
  }
  return undefined;
}
