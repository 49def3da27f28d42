import type { Delivery, Incident, LifecycleEvent, TimelineEntry } from '../incident.js';

/** What happened to the incident, in one word (the replay summary and the Lambda metrics count these). */
export type TransitionResult =
  | 'opened'
  | 'reopened'
  | 'updated'
  | 'resolved'
  | 'recorded-resolved'
  | 'duplicate'
  | 'stale'
  /** An operator step the rules do not allow (a share by an ASP, an update of a resolved incident): nothing written. */
  | 'refused';

/**
 * The next state of an incident, the deliveries to record with it (the outbox) and the timer changes.
 * `next` is undefined when nothing needs writing (a duplicate, a stale update).
 */
export type Transition = {
  readonly result: TransitionResult;
  readonly next: Incident | undefined;
  readonly deliveries: readonly Delivery[];
  readonly cancelTimers: readonly string[];
  readonly reasons: readonly string[];
  /** What the step itself adds to the timeline (received, acknowledged, resolved, …); deliveries add their own. */
  readonly happened?: readonly TimelineEntry[];
  /** Lifecycle events for the outbox, derived by `finish`. */
  readonly events?: readonly LifecycleEvent[];
};

/** A step that writes nothing: a duplicate, a stale timer or update, a refused operator action. */
export const unchanged = (result: 'duplicate' | 'stale' | 'refused', reason: string): Transition => ({
  result,
  next: undefined,
  deliveries: [],
  cancelTimers: [],
  reasons: [reason],
});
