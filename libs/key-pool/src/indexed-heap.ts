/** Where an item sits in a heap, kept on the item so that update and removal need no search. */
export interface HeapPosition<T> {
  get(item: T): number;
  set(item: T, position: number): void;
}

/**
 * A binary min-heap whose items know their own position: push, pop, remove and re-position after a change
 * all cost O(log n). `before(a, b)` is true when `a` must come out first.
 */
export class IndexedHeap<T> {
  private readonly items: T[] = [];

  constructor(
    private readonly before: (a: T, b: T) => boolean,
    private readonly position: HeapPosition<T>,
  ) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** The item at a heap position, for searches that walk the tree below an unwanted top. */
  at(index: number): T | undefined {
    return this.items[index];
  }

  has(item: T): boolean {
    const index = this.position.get(item);
    return index >= 0 && this.items[index] === item;
  }

  push(item: T): void {
    this.items.push(item);
    this.position.set(item, this.items.length - 1);
    this.siftUp(this.items.length - 1);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  remove(item: T): void {
    const index = this.position.get(item);
    if (index < 0 || this.items[index] !== item) return;
    const last = this.items.pop() as T;
    this.position.set(item, -1);
    if (index === this.items.length) return;
    this.items[index] = last;
    this.position.set(last, index);
    this.reposition(index);
  }

  /** Restores order after the item's sort key changed. */
  update(item: T): void {
    const index = this.position.get(item);
    if (index >= 0 && this.items[index] === item) this.reposition(index);
  }

  private reposition(index: number): void {
    if (index > 0 && this.before(this.items[index] as T, this.items[(index - 1) >> 1] as T))
      this.siftUp(index);
    else this.siftDown(index);
  }

  private siftUp(start: number): void {
    const items = this.items;
    const item = items[start] as T;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex] as T;
      if (!this.before(item, parent)) break;
      items[index] = parent;
      this.position.set(parent, index);
      index = parentIndex;
    }
    items[index] = item;
    this.position.set(item, index);
  }

  private siftDown(start: number): void {
    const items = this.items;
    const length = items.length;
    const item = items[start] as T;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && this.before(items[right] as T, items[left] as T)) child = right;
      const childItem = items[child] as T;
      if (!this.before(childItem, item)) break;
      items[index] = childItem;
      this.position.set(childItem, index);
      index = child;
    }
    items[index] = item;
    this.position.set(item, index);
  }
}
