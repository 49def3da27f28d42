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

export const createVirtualTimers = (): VirtualTimers => {
  const byName = new Map<string, Timer>();
  return {
    schedule: async (timer) => {
      byName.set(timer.name, timer);
    },
    cancel: async (name) => {
      byName.delete(name);
    },
    takeDue: (millis) => {
      let earliest: Timer | undefined;
      for (const timer of byName.values()) {
        if (timer.at <= millis && (earliest === undefined || timer.at < earliest.at)) earliest = timer;
      }
      if (earliest) byName.delete(earliest.name);
      return earliest;
    },
    pending: () => [...byName.values()].sort((a, b) => a.at - b.at),
  };
};
