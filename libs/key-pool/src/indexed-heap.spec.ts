import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { IndexedHeap } from './indexed-heap.js';

interface Item {
  id: number;
  priority: number;
  position: number;
}

function newHeap(): IndexedHeap<Item> {
  return new IndexedHeap<Item>(
    (a, b) => a.priority < b.priority || (a.priority === b.priority && a.id < b.id),
    {
      get: (item) => item.position,
      set: (item, position) => {
        item.position = position;
      },
    },
  );
}

type Operation =
  | { kind: 'push'; priority: number }
  | { kind: 'pop' }
  | { kind: 'remove'; pick: number }
  | { kind: 'update'; pick: number; priority: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), priority: fc.integer({ min: -50, max: 50 }) }),
  fc.record({ kind: fc.constant('pop' as const) }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('update' as const),
    pick: fc.nat(),
    priority: fc.integer({ min: -50, max: 50 }),
  }),
);

describe('IndexedHeap', () => {
  it('always yields the same minimum as a sorted list, through pushes, pops, removals and updates', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 300, size: 'max' }), (operations) => {
        const heap = newHeap();
        const reference: Item[] = [];
        let nextId = 0;
        for (const step of operations) {
          if (step.kind === 'push') {
            const item = { id: nextId++, priority: step.priority, position: -1 };
            heap.push(item);
            reference.push(item);
          } else if (step.kind === 'pop') {
            const popped = heap.pop();
            reference.sort((a, b) => a.priority - b.priority || a.id - b.id);
            expect(popped).toBe(reference.shift());
          } else if (reference.length > 0) {
            const item = reference[step.pick % reference.length] as Item;
            if (step.kind === 'remove') {
              heap.remove(item);
              reference.splice(reference.indexOf(item), 1);
              expect(item.position).toBe(-1);
              expect(heap.has(item)).toBe(false);
            } else {
              item.priority = step.priority;
              heap.update(item);
            }
          }
          reference.sort((a, b) => a.priority - b.priority || a.id - b.id);
          expect(heap.peek()).toBe(reference[0]);
          expect(heap.size).toBe(reference.length);
        }
      }),
    );
  });

  it('ignores removal and update of items it does not hold', () => {
    const heap = newHeap();
    const stranger = { id: 1, priority: 1, position: -1 };
    heap.remove(stranger);
    heap.update(stranger);
    expect(heap.size).toBe(0);
  });
});
