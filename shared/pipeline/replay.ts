import type { Config } from '../config/registry.js';
import type { TransitionResult } from '../engine/transition.js';
import { EnvelopeInvalidError } from '../errors.js';
import type { Clock, LifecycleBus, Notification, Notifier, Store, Timer, Timers } from '../ports.js';
import { toIsoTime } from '../sources/read.js';
import { acknowledge, fireTimer, postUpdate, resolve, share } from './operator.js';
import { isOperatorAction, type OperatorAction, parseOperatorAction } from './operator-action.js';
import { routeEvent } from './route-event.js';

/** One input of a replay: an event read from a file, or the reason it could not be read. */
export type ReplayInput =
  | { readonly file: string; readonly index?: number; readonly event: unknown }
  | { readonly file: string; readonly index?: number; readonly error: string };

/** One line of the replay timeline, in the order things happened on the virtual clock. */
export type TimelineEntry =
  | { readonly kind: 'notification'; readonly notification: Notification }
  | {
      readonly kind: 'action';
      readonly at: number;
      readonly action: OperatorAction['action'];
      readonly by: string;
      readonly incidentId: string | undefined;
      /** False when the action changed nothing (already resolved, unknown incident); `result` says why. */
      readonly done: boolean;
      readonly result: string;
    }
  | {
      readonly kind: 'error';
      readonly at: number | undefined;
      readonly file: string;
      readonly index?: number;
      readonly error: string;
    };

export type ReplayReport = {
  readonly timeline: readonly TimelineEntry[];
  readonly events: number;
  readonly alerts: number;
  readonly ignored: number;
  readonly duplicates: number;
  readonly stale: number;
  readonly recordedOnly: number;
  readonly incidents: number;
  readonly escalations: number;
  readonly errors: number;
  /** Alerts by what became of their incident (`opened`, `duplicate`, `stale`, …). */
  readonly results: Readonly<Partial<Record<TransitionResult, number>>>;
};

export type ReplayPorts = {
  readonly store: Store;
  readonly notifier: Notifier;
  readonly bus: LifecycleBus;
  /** Timers the replay fires itself as its clock passes them (the virtual timers of `adapters/memory`). */
  readonly timers: Timers & { readonly takeDue: (millis: number) => Timer | undefined };
  /** A clock the replay moves to each event's time. */
  readonly clock: Clock & { readonly advanceTo: (millis: number) => void };
  readonly config: Config;
};

/**
 * Replays events through the whole pipeline in event-time order on a virtual clock: before each event, every
 * escalation timer due by its time fires; after the last event the clock runs `untilMs` further, so pages
 * nobody acknowledged escalate. A bad event is reported in the timeline and never stops the replay.
 */
export const replay = async (
  inputs: readonly ReplayInput[],
  ports: ReplayPorts,
  untilMs = 0,
): Promise<ReplayReport> => {
  const timeline: TimelineEntry[] = [];
  // Counted as they happen, not kept: a long replay must not hold every alert and its reasons in memory.
  const results: Partial<Record<TransitionResult, number>> = {};
  const incidentIds = new Set<string>();
  let alerts = 0;
  let ignored = 0;
  let recordedOnly = 0;
  const record = (notifications: readonly Notification[]) => {
    for (const notification of notifications) timeline.push({ kind: 'notification', notification });
  };
  const fireDue = async (until: number) => {
    for (let timer = ports.timers.takeDue(until); timer; timer = ports.timers.takeDue(until)) {
      ports.clock.advanceTo(timer.at);
      record((await fireTimer(timer, ports)).notifications);
    }
  };

  let errors = 0;
  let last = Number.NEGATIVE_INFINITY;
  for (const input of inEventTimeOrder(inputs)) {
    const at = 'event' in input ? eventTime(input.event) : undefined;
    if (at !== undefined) {
      await fireDue(at);
      ports.clock.advanceTo(at);
      last = Math.max(last, at);
    }
    if ('error' in input) {
      errors++;
      timeline.push({ kind: 'error', at, file: input.file, ...index(input), error: input.error });
      continue;
    }
    try {
      if (isOperatorAction(input.event)) {
        const action = parseOperatorAction(input.event);
        const done = await applyOperatorAction(action, ports);
        if (done.result === 'refused') {
          // A share or update the rules do not allow is the operator's input error: reported, nothing sent.
          errors++;
          timeline.push({
            kind: 'error',
            at,
            file: input.file,
            ...index(input),
            error: done.reasons[0] ?? '',
          });
          continue;
        }
        timeline.push({
          kind: 'action',
          at: action.at,
          action: action.action,
          by: action.by,
          incidentId: done.incident?.id,
          done: done.result !== 'stale' && done.result !== 'duplicate',
          result: done.reasons[0] ?? '',
        });
        record(done.notifications);
        continue;
      }
      for (const outcome of await routeEvent(input.event, ports)) {
        if (outcome.kind === 'ignored') {
          ignored++;
          continue;
        }
        alerts++;
        results[outcome.result] = (results[outcome.result] ?? 0) + 1;
        if (outcome.recordedOnly) recordedOnly++;
        if (outcome.incidentId) incidentIds.add(outcome.incidentId);
        record(outcome.notifications);
      }
    } catch (error) {
      errors++;
      const reason =
        error instanceof EnvelopeInvalidError
          ? `invalid event: ${error.message}`
          : `error: ${(error as Error).message}`;
      timeline.push({ kind: 'error', at, file: input.file, ...index(input), error: reason });
    }
  }
  if (Number.isFinite(last)) await fireDue(last + untilMs);

  return {
    timeline,
    events: inputs.length,
    alerts,
    ignored,
    duplicates: results.duplicate ?? 0,
    stale: results.stale ?? 0,
    recordedOnly,
    incidents: incidentIds.size,
    escalations: timeline.filter(
      (entry) => entry.kind === 'notification' && entry.notification.kind === 'escalation',
    ).length,
    errors,
    results,
  };
};

const index = (input: ReplayInput): { index?: number } =>
  input.index === undefined ? {} : { index: input.index };

/** The envelope time of an event in epoch ms, or undefined when it has none that reads. */
const eventTime = (event: unknown): number | undefined => {
  const time = typeof event === 'object' && event !== null ? (event as { time?: unknown }).time : undefined;
  const iso = toIsoTime(time);
  return iso === undefined ? undefined : Date.parse(iso);
};

/** Stable sort by envelope time; inputs without a readable time keep their place relative to each other, first. */
const inEventTimeOrder = (inputs: readonly ReplayInput[]): ReplayInput[] =>
  inputs
    .map((input, position) => ({
      input,
      position,
      at: 'event' in input ? (eventTime(input.event) ?? -Infinity) : -Infinity,
    }))
    .sort((a, b) => a.at - b.at || a.position - b.position)
    .map(({ input }) => input);

/** Applies one operator action of the event stream through the same steps as the CLI and the console. */
const applyOperatorAction = (action: OperatorAction, ports: ReplayPorts) => {
  const input = {
    by: action.by,
    message: action.message,
    nextMs: action.nextMs,
    leak: action.leak,
    key: action.key,
  };
  switch (action.action) {
    case 'acknowledge':
      return acknowledge(action.fingerprint, action.by, ports);
    case 'resolve':
      return resolve(action.fingerprint, action.by, ports);
    case 'share':
      return share(action.fingerprint, input, ports);
    case 'update':
      return postUpdate(action.fingerprint, { ...input, message: action.message ?? '' }, ports);
  }
};
