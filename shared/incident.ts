import { hash } from 'node:crypto';
import type { Alert, AlertSource, Audience, Category, Flag, HealthDetail, Owner, Severity } from './model.js';

/**
 * An incident: everything the router knows about one fingerprint's current episode (DESIGN §4–§6).
 * open → acknowledged → resolved; a resolved incident that fires again opens a new episode.
 */
export const INCIDENT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const DELIVERY_KINDS = ['trigger', 'update', 'escalation', 'resolve'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/** What was last sent to one receiver in this episode: the input of `notifyReason`. */
export type ReceiverRecord = {
  readonly audience: Audience;
  readonly lastKind: DeliveryKind;
  readonly lastSeverity: Severity;
  /** Epoch milliseconds of the last notification. */
  readonly lastAt: number;
  /** Number of notifications sent in this episode: also the sequence of the next delivery id. */
  readonly sent: number;
  /**
   * The accounts this receiver has been told about (its own ones only, §7): a resolve names exactly these, so a
   * recovery notice never names a system its outage notice did not.
   */
  readonly accounts?: readonly string[];
  /**
   * For a municipality (DESIGN §12): when its last open-state report promised the next one (epoch ms), and whether
   * the team was already reminded that this promise was missed (once per promise).
   */
  readonly promisedAt?: number;
  readonly promiseReminded?: boolean;
};

/** The escalation policy copied onto the incident when it opened (§6), and where it stands. */
export type Escalation = {
  readonly levels: readonly string[];
  readonly ackWithinMs: number;
  readonly repeat: number;
  /** Steps taken so far: step 1 tells levels[1], …; after the last level, repeats go to the last level. */
  readonly step: number;
  /** The fencing token of the one live timer; a timer carrying another token does nothing. */
  readonly token: number;
  /** When the live timer is due (epoch ms), or undefined when no step is left. */
  readonly dueAt: number | undefined;
};

/** The alert facts the incident keeps for messages; the latest accepted update wins. */
export type IncidentSubject = {
  readonly source: AlertSource;
  readonly category: Category;
  readonly type: string;
  readonly title: string;
  readonly description: string;
  readonly region: string;
  readonly resource: string;
  readonly consoleUrl: string;
  readonly health?: HealthDetail;
  /** For an `account-mismatch`: the account the finding claimed, which the sender may not speak for (§7). */
  readonly claimedAccountId?: string;
};

/**
 * What one account contributed to an incident that several accounts share (a Health event forwarded by spokes
 * of different ASPs): each receiver's message is rendered from its own accounts' sightings only (§7), never
 * from another tenant's resources or counts. Kept only once a second account joins; a one-account incident
 * reads these facts from the incident itself.
 */
export type AccountSighting = {
  /** The resource this account's copy named (a Health event's first affected entity of that account). */
  readonly resource: string;
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
};

/** What the team knows of a data leak when it shares a security incident (DESIGN §12). */
export const LEAK_KNOWN = ['none', 'unknown', 'confirmed'] as const;
export type LeakKnown = (typeof LEAK_KNOWN)[number];

/** A report promised to a municipality that did not go out by its time (DESIGN §12). */
export type OverdueReport = {
  readonly receiver: string;
  readonly report: number;
  readonly promisedAt: number;
};

/** A municipal report an AWS update calls for, waiting for `minInterval` since that municipality's last report. */
export type PendingReport = {
  readonly at: number;
  readonly changes: readonly string[];
};

/** One receiver whose notice a silence held back. */
export type HeldTarget = { readonly audience: Audience; readonly receiver: string };

/**
 * What a silence or maintenance window held back (§4): when the window ends and the incident is still open and
 * unacknowledged, these receivers are told and the escalation starts.
 */
export type Held = {
  /** Epoch ms: the end of the window that covers the incident. */
  readonly until: number;
  readonly targets: readonly HeldTarget[];
  readonly escalates: boolean;
};

export type Incident = {
  readonly fingerprint: string;
  /** Human-facing id of this episode, used in messages, ack links and the CLI. */
  readonly id: string;
  readonly episode: number;
  readonly state: IncidentState;
  /** Optimistic-concurrency counter of the stored item; every write bumps it. */
  readonly revision: number;
  /** The source version (ISO time) of the last update applied: older updates never move state. */
  readonly version: string;
  readonly severity: Severity;
  readonly owner: Owner;
  readonly subject: IncidentSubject;
  /** Accounts the incident affects: one for a finding, several for a Health event seen from several spokes. */
  readonly accounts: readonly string[];
  readonly flags: readonly Flag[];
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Recent envelope ids, so a re-delivered event is recognised without another write (bounded). */
  readonly recentEventIds: readonly string[];
  readonly receivers: Readonly<Record<string, ReceiverRecord>>;
  readonly escalation: Escalation | undefined;
  /** Per-account facts, once the incident spans several accounts (see `AccountSighting`). */
  readonly sightings?: Readonly<Record<string, AccountSighting>>;
  /** Epoch ms when an open, unacknowledged incident is next reminded (`repeatInterval` after the last notice). */
  readonly remindAt?: number;
  /** Notices a silence held back until its window ends. */
  readonly held?: Held;
  /** For a shared security incident: what the team last said of a data leak (its updates repeat it). */
  readonly leak?: LeakKnown;
  /** Municipal reports that AWS updates call for, per municipality, held back by `minInterval`. */
  readonly pendingReports?: Readonly<Record<string, PendingReport>>;
  /** What happened to this episode, oldest first (DESIGN §11); bounded, see `appendTimeline`. */
  readonly timeline?: readonly TimelineEntry[];
  /** How many lifecycle events this episode has put on the bus: the sequence of the next event id. */
  readonly published?: number;
  readonly acknowledgedBy?: string;
  readonly acknowledgedAt?: string;
  readonly resolvedAt?: string;
  /** Set when an operator resolved the incident by hand rather than its source. */
  readonly resolvedBy?: string;
};

/**
 * One notification to one receiver, recorded in the outbox before it is sent, so that a retry knows what was
 * and was not sent. `id` is deterministic (incident, receiver, sequence): re-recording it is a no-op.
 */
export type Delivery = {
  readonly id: string;
  readonly incidentId: string;
  readonly fingerprint: string;
  readonly receiver: string;
  readonly audience: Audience;
  readonly kind: DeliveryKind;
  readonly severity: Severity;
  /** Why it is sent: `first`, `severity-rose`, `new-receiver`, `repeat-due`, `resolved`, `escalation-step-N`. */
  readonly reason: string;
  /** The severity this receiver last heard, when the delivery tells of a change (`severity-rose`). */
  readonly previousSeverity?: Severity;
  /**
   * The accounts this delivery speaks of: the receiver's own accounts of the incident (§7). Rendering reads only
   * these, so a shared incident never shows one tenant another's resources.
   */
  readonly accounts?: readonly string[];
  /** A municipal report (DESIGN §12): its number (第N報), and when it promises the next one while open. */
  readonly report?: number;
  readonly nextReportAt?: number;
  /** What an AWS update changed, for the report that tells of it (`description`, `category`, `system`). */
  readonly changes?: readonly string[];
  /** The team's own words, for a share or a posted update. */
  readonly message?: string;
  /** For a security share: what is known of a data leak. */
  readonly leak?: LeakKnown;
  /** For the team's reminder of missed promises: which municipality was promised which report by when. */
  readonly overdue?: readonly OverdueReport[];
  /** Epoch milliseconds when it was decided. */
  readonly at: number;
  readonly status: 'pending' | 'sent';
  /**
   * Set for a delivery that does not page (storm control): it waits in this group (`receiver|account|source`)
   * and goes out in the group's next digest, which lists it by `summary`.
   */
  readonly group?: string;
  readonly summary?: string | DigestItem;
  /**
   * For a grouped delivery: when the outbox sweep may take it as lost (its digest should have gone out by then).
   * A page is overdue from `at`.
   */
  readonly sweepAt?: number;
  /**
   * Issue 14: a webhook delivery (`slack`/`teams`) and the Secrets Manager secret *name* holding its URL (never the
   * URL). Absent: the receiver's SNS topic, where email, SMS and chatbot ride one publish. One outbox entry per
   * (delivery, transport), so a failed channel is retried alone (see `expandChannels`).
   */
  readonly channel?: 'slack' | 'teams';
  readonly secret?: string;
};

/** What a timeline entry records (DESIGN §9 `incidents show`, §11). */
export const TIMELINE_WHATS = [
  'received',
  'notified',
  'digest',
  'escalated',
  'acknowledged',
  'shared',
  'update-posted',
  'reminder',
  'resolved',
  'reopened',
] as const;
export type TimelineWhat = (typeof TIMELINE_WHATS)[number];

/**
 * One line of an episode's timeline: what happened, when (ISO), and to or by whom. `count` folds repeats of the
 * same alert into one line, so a finding GuardDuty re-publishes for weeks keeps a short timeline.
 */
export type TimelineEntry = {
  readonly at: string;
  readonly what: TimelineWhat;
  readonly receiver?: string;
  readonly channel?: string;
  readonly kind?: DeliveryKind;
  readonly by?: string;
  readonly note?: string;
  readonly count?: number;
};

/** Lifecycle events on the hub bus (DESIGN §11), source `alert-router`. */
export const LIFECYCLE_DETAIL_TYPES = [
  'Incident Opened',
  'Incident Updated',
  'Incident Escalated',
  'Incident Acknowledged',
  'Incident Shared',
  'Incident Resolved',
] as const;
export type LifecycleDetailType = (typeof LIFECYCLE_DETAIL_TYPES)[number];

/** The detail of a lifecycle event: one tenant's view of the incident (§7), never another ASP's accounts. */
export type LifecycleDetail = {
  /** Stable per event: consumers dedup on it (an outbox retry puts the same id again). */
  readonly eventId: string;
  readonly incidentId: string;
  readonly fingerprint: string;
  readonly episode: number;
  readonly source: AlertSource;
  readonly category: Category;
  readonly type: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: IncidentState;
  readonly accountId: string;
  readonly accountName?: string;
  readonly asp?: string;
  readonly system?: string;
  readonly municipalities: readonly string[];
  readonly receivers: readonly string[];
  readonly at: string;
  readonly by?: string;
};

/**
 * A lifecycle event in the outbox: recorded with the transition that caused it, put on the bus after, marked
 * sent once EventBridge accepted it. Like a delivery, a retry re-puts exactly what is still pending.
 */
export type LifecycleEvent = {
  readonly id: string;
  readonly incidentId: string;
  readonly fingerprint: string;
  readonly detailType: LifecycleDetailType;
  readonly detail: LifecycleDetail;
  /** Epoch milliseconds when it was decided. */
  readonly at: number;
  readonly status: 'pending' | 'sent';
};

/** Everything that leaves the router goes through the outbox first: a notification or a lifecycle event. */
export type OutboxEntry = Delivery | LifecycleEvent;

export const isLifecycleEvent = (entry: OutboxEntry): entry is LifecycleEvent => 'detailType' in entry;

/**
 * An incident only the team may see: a finding whose sender may not speak for the account it names (§7). The router
 * tells no one else of it, and its text (a resource, an ARN) may name someone else's account, so no ASP's or
 * municipality's list or page ever shows it.
 */
export const isTeamOnly = (incident: Pick<Incident, 'flags'>): boolean =>
  incident.flags.includes('account-mismatch');

/**
 * What a digest lists a grouped delivery by, fixed when it is recorded (a digest reads no incident): the facts,
 * not the words — the digest renders them in its receiver's language. Only the receiver's own resources (§7).
 */
export type DigestItem = {
  readonly severity: Severity;
  readonly source: AlertSource;
  readonly type: string;
  readonly title: string;
  readonly resources: readonly string[];
};

/** A storm-control group: when its last digest went out and when the next one is due (epoch ms). */
export type DigestGroup = {
  readonly key: string;
  readonly revision: number;
  readonly lastFlushAt: number | undefined;
  readonly flushAt: number | undefined;
};

/** How many envelope ids an incident remembers; re-deliveries arrive close together. */
export const RECENT_EVENT_IDS = 50;

/**
 * `INC-7f3a2c1e9b04-1`: stable for a fingerprint and episode, short enough for an SMS and a schedule name.
 * 48 bits of the fingerprint's hash: a hub that sees a million fingerprints has a collision chance near 0.2 %.
 */
export const incidentId = (fingerprint: string, episode: number): string =>
  `INC-${hash('sha256', fingerprint).slice(0, 12)}-${episode}`;

export const deliveryId = (incident: string, receiver: string, sequence: number): string =>
  `${incident}/${receiver}/${sequence}`;

/**
 * When the incident next needs the timer function or the sweeper: its escalation step, or its own wake-up
 * (`wakeAt`). Undefined once it needs nothing (resolved, nothing due).
 */
export const nextDueAt = (incident: Incident): number | undefined =>
  earliest([incident.state === 'open' ? incident.escalation?.dueAt : undefined, wakeAt(incident)]);

/**
 * When the incident's own timer is due: its reminder or the end of a silence while it is open (paging stops at
 * the ack), and, acknowledged or not, a held-back municipal report or a missed promise (what the team owes the
 * municipalities does not stop). The one rule for the wake timer, the sweeper's index and its re-fire.
 */
export const wakeAt = (incident: Incident): number | undefined => {
  if (incident.state === 'resolved') return undefined;
  const paging = incident.state === 'open' ? [incident.remindAt, incident.held?.until] : [];
  return earliest([...paging, ...municipalDueTimes(incident)]);
};

const earliest = (times: readonly (number | undefined)[]): number | undefined => {
  let due: number | undefined;
  for (const at of times) if (at !== undefined && (due === undefined || at < due)) due = at;
  return due;
};

/** When a held-back municipal report is due, and when a promised report not yet sent calls for a reminder. */
const municipalDueTimes = (incident: Incident): number[] => [
  ...Object.values(incident.pendingReports ?? {}).map((pending) => pending.at),
  ...Object.values(incident.receivers).flatMap((record) =>
    record.audience === 'municipality' &&
    record.lastKind !== 'resolve' &&
    record.promisedAt !== undefined &&
    !record.promiseReminded
      ? [record.promisedAt]
      : [],
  ),
];

/** What a set of accounts saw of an incident: the facts one receiver's message may show. */
export type Sighting = {
  readonly resources: readonly string[];
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
};

/**
 * The incident as the given accounts saw it (a receiver's own accounts, §7). A one-account incident is its own
 * sighting; a shared one adds up only the named accounts' sightings, never another tenant's.
 */
export const sightingOf = (incident: Incident, accountIds: readonly string[]): Sighting => {
  const all: Sighting = {
    resources: [incident.subject.resource],
    count: incident.count,
    firstSeen: incident.firstSeen,
    lastSeen: incident.lastSeen,
  };
  const sightings = incident.sightings;
  if (sightings === undefined) return all;
  const own = accountIds.flatMap((id) => (sightings[id] ? [sightings[id]] : []));
  if (own.length === 0)
    return { resources: [], count: 0, firstSeen: incident.firstSeen, lastSeen: incident.lastSeen };
  return {
    resources: [...new Set(own.map((s) => s.resource))],
    count: own.reduce((sum, s) => sum + s.count, 0),
    firstSeen: own.reduce(
      (min, s) => (s.firstSeen < min ? s.firstSeen : min),
      own[0]?.firstSeen ?? incident.firstSeen,
    ),
    lastSeen: own.reduce(
      (max, s) => (s.lastSeen > max ? s.lastSeen : max),
      own[0]?.lastSeen ?? incident.lastSeen,
    ),
  };
};

/** The facts of an alert an incident keeps. */
export const subjectOf = (
  alert: Alert & { readonly claimedAccountId?: string | undefined },
): IncidentSubject => ({
  source: alert.source,
  category: alert.category,
  type: alert.type,
  title: alert.title,
  description: alert.description,
  region: alert.region,
  resource: alert.resource,
  consoleUrl: alert.consoleUrl,
  ...(alert.health ? { health: alert.health } : {}),
  ...(alert.claimedAccountId ? { claimedAccountId: alert.claimedAccountId } : {}),
});
