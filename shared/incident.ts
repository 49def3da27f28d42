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
  /** Epoch milliseconds when it was decided. */
  readonly at: number;
  readonly status: 'pending' | 'sent';
  /**
   * Set for a delivery that does not page (storm control): it waits in this group (`receiver|account|source`)
   * and goes out in the group's next digest, which lists it by `summary`.
   */
  readonly group?: string;
  readonly summary?: string;
  /**
   * For a grouped delivery: when the outbox sweep may take it as lost (its digest should have gone out by then).
   * A page is overdue from `at`.
   */
  readonly sweepAt?: number;
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

/** The facts of an alert an incident keeps. */
export const subjectOf = (alert: Alert): IncidentSubject => ({
  source: alert.source,
  category: alert.category,
  type: alert.type,
  title: alert.title,
  description: alert.description,
  region: alert.region,
  resource: alert.resource,
  consoleUrl: alert.consoleUrl,
  ...(alert.health ? { health: alert.health } : {}),
});
