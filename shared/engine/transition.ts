import type { Config } from '../config/registry.js';
import {
  type AccountSighting,
  type Delivery,
  type DeliveryKind,
  type Held,
  type Incident,
  incidentId,
  RECENT_EVENT_IDS,
  subjectOf,
  type TimelineEntry,
} from '../incident.js';
import { AUDIENCES, atLeast, type Severity } from '../model.js';
import type { Decision, Target } from '../routing/decide.js';
import type { TrustedAlert } from '../routing/trust.js';
import { visibleAccounts } from '../routing/visibility.js';
import { deliver, expandChannels, transportLabel } from './deliver.js';
import { liveTimer, startEscalation, stopEscalation, timerName } from './escalation.js';
import { withDigestGroups } from './grouping.js';
import { lifecycleEvents } from './lifecycle.js';
import { awsUpdateReports } from './municipal.js';
import { notifyReason } from './notify-reason.js';
import { settle } from './reminder.js';
import { type Transition, unchanged } from './step.js';
import { deliveryEntry, withTimeline } from './timeline.js';

export type { Transition, TransitionResult } from './step.js';

type Input = {
  readonly incident: Incident | undefined;
  readonly alert: TrustedAlert;
  readonly decision: Decision;
  readonly now: number;
  readonly config: Config;
};

/**
 * Applies one alert to the incident of its fingerprint (DESIGN §4–§6). Idempotent and order-tolerant: a
 * re-delivered event is recognised by its id, an update older than the incident never moves its state back,
 * and a resolved incident reopens only for a newer alert.
 */
export const transition = (input: Input): Transition =>
  finish(input.incident, decideTransition(input), input.config, input.now);

/**
 * What every step ends with, wherever it came from (an alert, an operator, a timer): the reminder time brought up
 * to date, the deliveries that wait for a digest marked, the timeline extended with what happened and what was
 * decided, and the lifecycle events derived — all part of the one conditional write of the incident.
 */
export const finish = (
  previous: Incident | undefined,
  step: Transition,
  config: Config,
  now: number,
  by?: string,
): Transition => {
  if (step.next === undefined) return step;
  const grouped = withDigestGroups({ ...step, next: settle(step.next, config) }, config);
  // One outbox entry per (delivery, transport) (§13); lifecycle events still count decisions, not channels.
  const outbox = expandChannels(grouped.deliveries, config);
  const recorded = withTimeline(grouped.next as Incident, [
    ...(step.happened ?? []),
    ...outbox.map((delivery) => channelEntry(delivery, config)),
  ]);
  const { incident, events } = lifecycleEvents(previous, recorded, grouped.deliveries, config, now, by);
  return { ...grouped, deliveries: outbox, next: incident, events };
};

/** A delivery's timeline line naming its transport (an escalation step names it only for a webhook copy). */
const channelEntry = (delivery: Delivery, config: Config): TimelineEntry => {
  const entry = deliveryEntry(delivery);
  if (entry.channel === undefined && delivery.channel === undefined) return entry;
  return { ...entry, channel: transportLabel(delivery, config) };
};

const decideTransition = ({ incident, alert, decision, now, config }: Input): Transition => {
  if (incident?.recentEventIds.includes(alert.eventId)) {
    return unchanged('duplicate', `dedup: event ${alert.eventId} was already applied to ${incident.id}`);
  }
  const newer = incident === undefined || Date.parse(alert.version) > Date.parse(incident.version);
  const sameOrNewer = incident === undefined || Date.parse(alert.version) >= Date.parse(incident.version);

  if (incident === undefined || (incident.state === 'resolved' && alert.status === 'open' && newer)) {
    const episode = (incident?.episode ?? 0) + 1;
    if (alert.status === 'resolved') {
      // Kept so that an older "open" arriving later is recognised as stale instead of opening an incident.
      const next = fresh(alert, decision, now, config, episode, 'resolved', incident);
      return {
        result: 'recorded-resolved',
        next,
        deliveries: [],
        cancelTimers: [],
        reasons: [`dedup: ${next.id} recorded as resolved; nobody was told of a trigger, so nobody is told`],
        happened: [{ at: new Date(now).toISOString(), what: 'received', note: 'resolved' }],
      };
    }
    return openEpisode(
      fresh(alert, decision, now, config, episode, 'open', incident),
      alert,
      decision,
      now,
      config,
    );
  }

  if (incident.state === 'resolved') {
    return unchanged(
      'stale',
      `dedup: ${incident.id} is resolved and this update is not newer (version ${alert.version})`,
    );
  }

  if (alert.status === 'resolved') {
    if (!sameOrNewer)
      return unchanged('stale', `dedup: resolve older than ${incident.id}'s version ${incident.version}`);
    return resolve(incident, alert, decision, now, config);
  }

  return update(incident, alert, decision, now, config, newer);
};

const fresh = (
  alert: TrustedAlert,
  decision: Decision,
  now: number,
  config: Config,
  episode: number,
  state: 'open' | 'resolved',
  previous: Incident | undefined,
): Incident => {
  const at = new Date(now).toISOString();
  return {
    fingerprint: alert.fingerprint,
    id: incidentId(alert.fingerprint, episode),
    episode,
    state,
    revision: (previous?.revision ?? 0) + 1,
    version: alert.version,
    severity: decision.severity,
    owner: decision.owner,
    subject: subjectOf(alert),
    accounts: [alert.accountId],
    flags: alert.flags,
    count: 1,
    firstSeen: at,
    lastSeen: at,
    recentEventIds: [alert.eventId],
    receivers: {},
    escalation:
      state === 'open' && decision.escalates ? startEscalation(config, decision.severity, now) : undefined,
    ...(state === 'resolved' ? { resolvedAt: at } : {}),
    ...(state === 'open' && decision.held ? { held: decision.held } : {}),
  };
};

const openEpisode = (
  opened: Incident,
  alert: TrustedAlert,
  decision: Decision,
  now: number,
  config: Config,
): Transition => {
  const { incident, deliveries, reasons } = notifyTargets(opened, decision.targets, now, config, true);
  const timer = liveTimer(incident);
  return {
    result: opened.episode === 1 ? 'opened' : 'reopened',
    next: incident,
    deliveries,
    cancelTimers: [],
    reasons: [
      `dedup: ${opened.episode === 1 ? 'new incident' : `episode ${opened.episode} (reopened)`} ${opened.id} for ${alert.fingerprint}`,
      ...reasons,
      ...(timer ? [`escalation: next step at ${new Date(timer.at).toISOString()} unless acknowledged`] : []),
    ],
    happened: [
      opened.episode === 1
        ? { at: opened.firstSeen, what: 'received', note: 'new' }
        : { at: opened.firstSeen, what: 'reopened', note: `episode ${opened.episode}` },
    ],
  };
};

const update = (
  incident: Incident,
  alert: TrustedAlert,
  decision: Decision,
  now: number,
  config: Config,
  newer: boolean,
): Transition => {
  const accounts = incident.accounts.includes(alert.accountId)
    ? incident.accounts
    : [...incident.accounts, alert.accountId];
  const gathered = accounts.length > incident.accounts.length;
  if (!newer && !gathered && Date.parse(alert.version) < Date.parse(incident.version)) {
    return unchanged('stale', `dedup: update older than ${incident.id}'s version ${incident.version}`);
  }
  const severity: Severity = newer ? decision.severity : incident.severity;
  const startsEscalating =
    incident.state === 'open' &&
    incident.escalation === undefined &&
    decision.escalates &&
    atLeast(severity, incident.severity);
  const lastSeen = new Date(now).toISOString();
  const held = mergeHeld(incident.held, decision.held);
  const base: Incident = {
    ...incident,
    revision: incident.revision + 1,
    version: newer ? alert.version : incident.version,
    severity,
    owner: newer ? decision.owner : incident.owner,
    subject: newer ? keptSubject(incident, alert) : incident.subject,
    accounts,
    flags: [...new Set([...incident.flags, ...alert.flags])],
    count: incident.count + 1,
    lastSeen,
    recentEventIds: [...incident.recentEventIds, alert.eventId].slice(-RECENT_EVENT_IDS),
    escalation: startsEscalating ? startEscalation(config, severity, now) : incident.escalation,
    ...(accounts.length > 1 ? { sightings: sighted(incident, alert, lastSeen) } : {}),
    ...(held ? { held } : {}),
  };
  const told = notifyTargets(base, decision.targets, now, config, false);
  // An AWS update of an outage is the next numbered report for the municipalities already told (§12).
  // (An older copy changes no fact, but may still bring a newly affected system.)
  const reported = awsUpdateReports(incident, told.incident, told.deliveries, now, config);
  const next = reported.incident;
  const deliveries = [...told.deliveries, ...reported.deliveries];
  const reasons = [...told.reasons, ...reported.reasons];
  return {
    result: 'updated',
    next,
    deliveries,
    cancelTimers: [],
    reasons: [
      `dedup: repeat of ${incident.id} (seen ${next.count} times)${gathered ? `; account ${alert.accountId} joins it` : ''}`,
      ...(severity !== incident.severity ? [`dedup: severity ${incident.severity} → ${severity}`] : []),
      ...(deliveries.length === 0 ? ['dedup: everyone concerned was already told'] : reasons),
    ],
    happened: [
      {
        at: lastSeen,
        what: 'received',
        note:
          severity !== incident.severity
            ? `severity ${incident.severity} → ${severity}`
            : gathered
              ? `account ${alert.accountId} joins`
              : 'update',
      },
    ],
  };
};

/**
 * The subject of a newer alert, keeping the source the incident was first told under: a Security Hub copy of an
 * Inspector finding and Inspector's own event share one incident (§5), and its messages keep one name.
 */
const keptSubject = (incident: Incident, alert: TrustedAlert) => {
  const subject = subjectOf(alert);
  return subject.source === incident.subject.source
    ? subject
    : { ...subject, source: incident.subject.source };
};

/**
 * Each account's own facts, once a second account joins (§7): the first account's come from the incident as it
 * stood, the alert's account's are updated with this sighting.
 */
const sighted = (
  incident: Incident,
  alert: TrustedAlert,
  at: string,
): Readonly<Record<string, AccountSighting>> => {
  const first = incident.accounts[0];
  const sightings: Record<string, AccountSighting> = { ...incident.sightings };
  if (incident.sightings === undefined && first !== undefined) {
    sightings[first] = {
      resource: incident.subject.resource,
      count: incident.count,
      firstSeen: incident.firstSeen,
      lastSeen: incident.lastSeen,
    };
  }
  const own = sightings[alert.accountId];
  sightings[alert.accountId] = {
    resource: alert.resource,
    count: (own?.count ?? 0) + 1,
    firstSeen: own?.firstSeen ?? at,
    lastSeen: at,
  };
  return sightings;
};

/** A silence holds back more receivers: the window's end stays the latest, the receivers add up. */
const mergeHeld = (held: Held | undefined, more: Held | undefined): Held | undefined => {
  if (held === undefined || more === undefined) return held ?? more;
  const targets = [...held.targets];
  for (const target of more.targets) {
    if (!targets.some((t) => t.receiver === target.receiver)) targets.push(target);
  }
  return { until: Math.max(held.until, more.until), targets, escalates: held.escalates || more.escalates };
};

const resolve = (
  incident: Incident,
  alert: TrustedAlert,
  decision: Decision,
  now: number,
  config: Config,
): Transition => {
  const shared = incident.sightings !== undefined || !incident.accounts.includes(alert.accountId);
  return closeIncident(
    incident,
    {
      version: alert.version,
      subject: keptSubject(incident, alert),
      ...(shared
        ? {
            accounts: incident.accounts.includes(alert.accountId)
              ? incident.accounts
              : [...incident.accounts, alert.accountId],
            sightings: sighted(incident, alert, new Date(now).toISOString()),
          }
        : {}),
      count: incident.count + 1,
      recentEventIds: [...incident.recentEventIds, alert.eventId].slice(-RECENT_EVENT_IDS),
    },
    now,
    config,
    {
      why: `dedup: ${incident.id} resolved`,
      note: decision.silenced ? ' (even while silenced)' : '',
      happened: { at: new Date(now).toISOString(), what: 'resolved', note: `by ${alert.source}` },
    },
  );
};

/** Why an incident was closed: the first reason, a note on the resolve, and its timeline line. */
type Closing = { readonly why: string; readonly note: string; readonly happened: TimelineEntry };

/**
 * Resolves an open or acknowledged incident: every receiver that got a trigger (or an escalation) and has not
 * had a resolve gets one, always; the escalation stops. Used by the source's own resolve and by an operator.
 */
export const closeIncident = (
  incident: Incident,
  patch: Partial<Incident>,
  now: number,
  config: Config,
  { why, note, happened }: Closing,
): Transition => {
  // Stores need not keep map order (DynamoDB does not): resolves go out team first, then ASPs, then
  // municipalities, each by id, whatever store the incident came from.
  const told = Object.entries(incident.receivers)
    .filter(([, record]) => record.lastKind !== 'resolve')
    .sort(
      ([a, ra], [b, rb]) =>
        AUDIENCES.indexOf(ra.audience) - AUDIENCES.indexOf(rb.audience) || a.localeCompare(b),
    );
  const { held: _held, remindAt: _remindAt, pendingReports: _pending, ...rest } = incident;
  let next: Incident = {
    ...rest,
    ...patch,
    state: 'resolved',
    revision: incident.revision + 1,
    lastSeen: new Date(now).toISOString(),
    resolvedAt: new Date(now).toISOString(),
    escalation: stopEscalation(incident.escalation),
  };
  const deliveries: Delivery[] = [];
  for (const [receiver, record] of told) {
    // A municipality's recovery notice names only the systems its outage notices named; the team and the ASPs
    // hear of every account of theirs the incident reached (rendering keeps each to its own).
    const made = deliver(next, now, {
      receiver,
      audience: record.audience,
      kind: 'resolve',
      severity: incident.severity,
      reason: 'resolved',
      accounts:
        record.audience === 'municipality'
          ? (record.accounts ?? next.accounts)
          : visibleAccounts(config, { audience: record.audience, id: receiver }, next.accounts),
    });
    deliveries.push(made.delivery);
    next = made.incident;
  }
  return {
    result: 'resolved',
    next,
    deliveries,
    cancelTimers:
      incident.escalation?.dueAt !== undefined ? [timerName(incident.id, incident.escalation)] : [],
    reasons: [
      why,
      told.length === 0
        ? 'notify: nobody had been told of a trigger, so nobody is told of the resolve'
        : `notify: resolve to everyone who got the trigger: ${told.map(([id]) => id).join(', ')}${note}`,
    ],
    happened: [happened],
  };
};

/** Records a trigger or update for each target that `notifyReason` says should hear of it now. */
export const notifyTargets = (
  incident: Incident,
  targets: readonly Target[],
  now: number,
  config: Config,
  newEpisode: boolean,
): { incident: Incident; deliveries: Delivery[]; reasons: string[] } => {
  let next = incident;
  const deliveries: Delivery[] = [];
  const reasons: string[] = [];
  for (const target of targets) {
    const last = next.receivers[target.receiver];
    const why = notifyReason(
      last,
      { severity: next.severity, state: next.state, newEpisode },
      now,
      config.repeatInterval,
    );
    if (why === 'none') continue;
    const kind: DeliveryKind = last === undefined ? 'trigger' : 'update';
    const made = deliver(next, now, {
      receiver: target.receiver,
      audience: target.audience,
      kind,
      severity: next.severity,
      reason: why,
      accounts: visibleAccounts(config, { audience: target.audience, id: target.receiver }, next.accounts),
      ...(why === 'severity-rose' && last ? { previousSeverity: last.lastSeverity } : {}),
      ...(target.audience === 'municipality'
        ? { nextReportAt: now + config.municipalityUpdates.nextReport }
        : {}),
    });
    deliveries.push(made.delivery);
    next = made.incident;
    reasons.push(`notify: ${kind} to ${target.receiver} (${why})`);
  }
  return { incident: next, deliveries, reasons };
};
