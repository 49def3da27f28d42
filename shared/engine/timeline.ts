import type { Delivery, Incident, TimelineEntry } from '../incident.js';

/**
 * The timeline of an episode (DESIGN §11): append-only, written with the incident in the same conditional write.
 * Bounded: a repeat of the same alert folds into the last `received` line's count, and past `TIMELINE_MAX` lines
 * the oldest lines after the first are dropped (the first says when and how the episode began).
 */
export const TIMELINE_MAX = 100;

/** The line a delivery adds: a notice, a digest line, an escalation step or a reminder. */
export const deliveryEntry = (delivery: Delivery): TimelineEntry => {
  const at = new Date(delivery.at).toISOString();
  const base = { at, receiver: delivery.receiver, kind: delivery.kind };
  if (delivery.kind === 'escalation')
    return { ...base, what: 'escalated', note: delivery.reason.replace('escalation-step-', 'step ') };
  if (delivery.reason === 'repeat-due') return { ...base, what: 'reminder', channel: 'email' };
  if (delivery.reason === 'report-overdue')
    return { ...base, what: 'reminder', channel: 'email', note: 'a promised municipal report is overdue' };
  if (delivery.report !== undefined)
    return { ...base, what: 'notified', channel: 'email', note: `第${delivery.report}報` };
  if (delivery.group !== undefined) return { ...base, what: 'digest', channel: 'email' };
  return { ...base, what: 'notified', channel: 'email' };
};

/** The timeline with `entries` appended: repeats folded, the length bounded. */
export const appendTimeline = (
  timeline: readonly TimelineEntry[] | undefined,
  entries: readonly TimelineEntry[],
): readonly TimelineEntry[] => {
  const next = [...(timeline ?? [])];
  for (const entry of entries) {
    const last = next.at(-1);
    if (
      last !== undefined &&
      entry.what === 'received' &&
      last.what === 'received' &&
      entry.note === 'update' &&
      last.note === 'update'
    ) {
      next[next.length - 1] = { ...last, at: entry.at, count: (last.count ?? 1) + 1 };
      continue;
    }
    next.push(entry);
  }
  return next.length <= TIMELINE_MAX ? next : [next[0] as TimelineEntry, ...next.slice(-(TIMELINE_MAX - 1))];
};

/** The incident with its timeline extended; the same object when there is nothing to add. */
export const withTimeline = (incident: Incident, entries: readonly TimelineEntry[]): Incident =>
  entries.length === 0 ? incident : { ...incident, timeline: appendTimeline(incident.timeline, entries) };
