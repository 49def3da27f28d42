import type { Clock, Timer, Timers } from '../../ports.js';

/**
 * Time for replay and tests: a clock that only moves when told, and timers that fire when that clock passes
 * them. Replaying a day of events takes milliseconds, and escalations fire at the right event time.
 */
export class VirtualClock implements Clock {
  #now: number;
  constructor(start: number) {
    this.#now = start;
  }
  readonly now = (): number => this.#now;
  /** Moves the clock forward; never back (late events do not rewind time). */
  advanceTo(millis: number): void {
    if (millis > this.#now) this.#now = millis;
  }
}

export type VirtualTimers = Timers & {
  /** Removes and returns the earliest timer due at or before `millis`, if any. */
  readonly takeDue: (millis: number) => Timer | undefined;
  readonly pending: () => readonly Timer[];
};

type Queued = { readonly timer: Timer; readonly order: number };

/**
 * Timers in a binary heap by due time (then by first scheduling, as a list would keep them): a long replay holds
 * a timer per open incident (its reminder), and scanning them all before every event made replay quadratic.
 * A cancelled or re-scheduled timer's old heap entry is skipped when it surfaces.
 */
export const createVirtualTimers = (): VirtualTimers => {
  const byName = new Map<string, Queued>();
  const heap: Queued[] = [];
  let scheduled = 0;
  const before = (a: Queued, b: Queued) =>
    a.timer.at < b.timer.at || (a.timer.at === b.timer.at && a.order < b.order);
  const push = (entry: Queued) => {
    heap.push(entry);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Queued, heap[parent] as Queued)) break;
      [heap[i], heap[parent]] = [heap[parent] as Queued, heap[i] as Queued];
      i = parent;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < heap.length && before(heap[left] as Queued, heap[least] as Queued)) least = left;
        if (right < heap.length && before(heap[right] as Queued, heap[least] as Queued)) least = right;
        if (least === i) break;
        [heap[i], heap[least]] = [heap[least] as Queued, heap[i] as Queued];
        i = least;
      }
    }
    return top;
  };
  return {
    schedule: async (timer) => {
      const entry = { timer, order: byName.get(timer.name)?.order ?? scheduled++ };
      byName.set(timer.name, entry);
      push(entry);
    },
    cancel: async (name) => {
      byName.delete(name);
    },
    takeDue: (millis) => {
      for (let top = heap[0]; top !== undefined; top = heap[0]) {
        if (byName.get(top.timer.name) !== top) {
          pop(); // cancelled or re-scheduled since
          continue;
        }
        if (top.timer.at > millis) return undefined;
        pop();
        byName.delete(top.timer.name);
        return top.timer;
      }
      return undefined;
    },
    pending: () => [...byName.values()].map((entry) => entry.timer).sort((a, b) => a.at - b.at),
  };
};
