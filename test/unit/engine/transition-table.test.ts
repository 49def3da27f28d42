import { describe, expect, it } from 'vitest';
import { liveTimer, wakeTimer } from '../../../shared/engine/escalation.js';
import { acknowledgeStep, escalationStep, resolveStep } from '../../../shared/engine/operator.js';
import { type Transition, transition } from '../../../shared/engine/transition.js';
import type { Incident } from '../../../shared/incident.js';
import { decide } from '../../../shared/routing/decide.js';
import { trustAlert } from '../../../shared/routing/trust.js';
import { normalizeEvent } from '../../../shared/sources/index.js';
import { aConfig } from '../../helpers/config.js';
import { loadEvent } from '../../helpers/events.js';
import { aGuardDutyFinding, anOutageCopy } from '../../helpers/story-events.js';

// The pure engine, table by table (issue 12 §1): inputs → deliveries, timeline entries, lifecycle events, timers.

const config = aConfig();

/** One alert of an event applied to an incident state, with no store, clock or adapter around it. */
const apply = (event: unknown, incident: Incident | undefined): Transition => {
  const normalized = normalizeEvent(event);
  if (normalized.kind !== 'alerts') throw new Error('expected an alert');
  const alert = normalized.alerts[0] as NonNullable<(typeof normalized.alerts)[0]>;
  const now = Date.parse(alert.time);
  const { trusted } = trustAlert(alert, config);
  return transition({ incident, alert: trusted, decision: decide(trusted, config, now), now, config });
};

const summary = (t: Transition) => ({
  result: t.result,
  deliveries: t.deliveries.map((d) => `${d.receiver}:${d.kind}${d.group ? ' (digest)' : ''}`),
  timeline: (t.next?.timeline ?? []).map((e) => [e.what, e.receiver ?? e.by ?? e.note].join(' ')),
  events: (t.events ?? []).map((e) => `${e.detailType} ${e.detail.asp ?? 'team'}`),
  escalationDue: t.next ? liveTimer(t.next)?.at : undefined,
  reminderDue: t.next ? wakeTimer(t.next)?.at : undefined,
});

const T = (iso: string) => Date.parse(iso);

describe('transition(): one alert against the incident it finds', () => {
  it.each([
    {
      name: 'a new HIGH finding pages the team and its ASP, escalates in 30 min, reminds in 24 h',
      before: undefined,
      event: aGuardDutyFinding('2026-11-27T01:00:00Z'),
      expected: {
        result: 'opened',
        deliveries: ['team-oncall:trigger', 'asp-a:trigger'],
        timeline: ['received new', 'notified team-oncall', 'notified asp-a'],
        events: ['Incident Opened asp-a'],
        escalationDue: T('2026-11-27T01:30:00Z'),
        reminderDue: T('2026-11-28T01:00:00Z'),
      },
    },
    {
      name: 'a MEDIUM finding waits for the team digest and announces the incident',
      before: undefined,
      event: aGuardDutyFinding('2026-11-27T01:00:00Z', { severity: 5 }),
      expected: {
        result: 'opened',
        deliveries: ['team-oncall:trigger (digest)'],
        timeline: ['received new', 'digest team-oncall'],
        events: ['Incident Opened asp-a'],
        escalationDue: undefined,
        reminderDue: T('2026-11-28T01:00:00Z'),
      },
    },
    {
      name: 'a LOW finding is recorded, not sent, and announced to nobody',
      before: undefined,
      event: aGuardDutyFinding('2026-11-27T01:00:00Z', { severity: 2 }),
      expected: {
        result: 'opened',
        deliveries: [],
        timeline: ['received new'],
        events: [],
        escalationDue: undefined,
        reminderDue: undefined,
      },
    },
  ])('$name', ({ before, event, expected }) => {
    expect(summary(apply(event, before))).toEqual(expected);
  });

  it('folds a re-published finding into the last received line, and tells nobody again', () => {
    const opened = apply(aGuardDutyFinding('2026-11-27T01:00:00Z'), undefined).next;
    const again = apply(aGuardDutyFinding('2026-11-27T01:15:00Z', { count: 3 }), opened);
    const third = apply(aGuardDutyFinding('2026-11-27T01:30:00Z', { count: 5 }), again.next);

    expect(summary(third)).toMatchObject({ result: 'updated', deliveries: [], events: [] });
    expect(third.next?.timeline?.at(-1)).toMatchObject({
      what: 'received',
      note: 'update',
      count: 2,
      at: '2026-11-27T01:30:00.000Z',
    });
    expect(third.next?.timeline).toHaveLength(4);
  });

  it('tells the rise of severity to everyone told, and says so on the timeline and the bus', () => {
    const opened = apply(aGuardDutyFinding('2026-11-27T01:00:00Z', { severity: 7.5 }), undefined).next;
    const rose = apply(aGuardDutyFinding('2026-11-27T01:10:00Z', { severity: 9.5 }), opened);

    expect(summary(rose)).toMatchObject({
      deliveries: ['team-oncall:update', 'asp-a:update'],
      events: ['Incident Updated asp-a'],
    });
    expect(rose.next?.timeline?.at(-3)).toMatchObject({ what: 'received', note: 'severity HIGH → CRITICAL' });
  });

  it('resolves to everyone told, with one Resolved event and a resolved line naming the source', () => {
    const opened = apply(aGuardDutyFinding('2026-11-27T01:00:00Z'), undefined).next;
    const closed = apply(aGuardDutyFinding('2026-11-27T02:00:00Z', { archived: true }), opened);

    expect(summary(closed)).toMatchObject({
      result: 'resolved',
      deliveries: ['team-oncall:resolve', 'asp-a:resolve'],
      events: ['Incident Resolved asp-a'],
      escalationDue: undefined,
      reminderDue: undefined,
    });
    expect(closed.next?.timeline?.slice(-3).map((e) => e.what)).toEqual(['resolved', 'notified', 'notified']);
    expect(closed.next?.timeline?.at(-3)?.note).toBe('by guardduty');
  });

  it('a shared outage announces itself once per ASP, each naming only its own accounts and receivers', () => {
    const first = apply(anOutageCopy('222222222222', '2026-11-27T00:05:00Z'), undefined);
    const joined = apply(anOutageCopy('111111111111', '2026-11-27T00:10:00Z'), first.next);

    expect(summary(first).events).toEqual(['Incident Opened asp-b']);
    // ASP A's account joins: ASP B's view is updated (new receivers), ASP A's view is new to its consumers.
    expect(summary(joined).events).toEqual(['Incident Updated asp-b', 'Incident Opened asp-a']);
    const [toB, toA] = joined.events ?? [];
    expect(toB?.detail).toMatchObject({ asp: 'asp-b', accountId: '222222222222' });
    expect(toB?.detail.receivers).not.toContain('asp-a');
    expect(toB?.detail.receivers).not.toContain('city-aoba');
    expect(toA?.detail).toMatchObject({
      asp: 'asp-a',
      accountId: '111111111111',
      municipalities: ['city-aoba'],
    });
    expect(toA?.detail.receivers).not.toContain('asp-b');
    expect(new Set((joined.events ?? []).map((e) => e.id)).size).toBe(2);
  });
});

describe('the escalation step and the operator steps', () => {
  const paged = () => apply(loadEvent('guardduty/critical-attack-sequence.json'), undefined).next as Incident;

  it('pages the next level, records the step, and announces it', () => {
    const incident = paged();
    const due = liveTimer(incident);
    const step = escalationStep(incident, due?.token ?? 0, due?.at ?? 0, config);

    expect(summary(step)).toMatchObject({
      result: 'updated',
      deliveries: ['team-lead:escalation'],
      events: ['Incident Escalated asp-c'],
    });
    expect(step.next?.timeline?.at(-1)).toMatchObject({
      what: 'escalated',
      receiver: 'team-lead',
      note: 'step 1',
    });
  });

  it('does nothing for a stale token, and records nothing', () => {
    const incident = paged();
    expect(summary(escalationStep(incident, 99, Date.now(), config))).toMatchObject({
      result: 'stale',
      deliveries: [],
      events: [],
      timeline: [],
    });
  });

  it('acknowledges with who did it, on the timeline and the bus, and stops every timer', () => {
    const incident = paged();
    const ack = acknowledgeStep(incident, 'team-oncall', T('2026-11-27T03:05:00Z'), config);

    expect(summary(ack)).toMatchObject({
      events: ['Incident Acknowledged asp-c'],
      escalationDue: undefined,
      reminderDue: undefined,
    });
    expect(ack.next?.timeline?.at(-1)).toEqual({
      at: '2026-11-27T03:05:00.000Z',
      what: 'acknowledged',
      by: 'team-oncall',
    });
    expect(ack.events?.[0]?.detail.by).toBe('team-oncall');
  });

  it('resolves by hand: the person on the timeline and in the event', () => {
    const resolved = resolveStep(paged(), 'team-lead', T('2026-11-27T03:10:00Z'), config);

    expect(resolved.next?.timeline?.find((e) => e.what === 'resolved')).toMatchObject({ by: 'team-lead' });
    expect(resolved.events?.map((e) => [e.detailType, e.detail.by])).toEqual([
      ['Incident Resolved', 'team-lead'],
    ]);
  });
});
