import type { Config } from './config/registry.js';
import type { Language } from './config/schema.js';
import type {
  Delivery,
  DeliveryKind,
  DigestGroup,
  Incident,
  LifecycleEvent,
  OutboxEntry,
} from './incident.js';
import type { Audience, Severity } from './model.js';

/**
 * The ports the core needs (DESIGN §2). Adapters: `adapters/memory/` (local run, tests) and, for AWS, DynamoDB,
 * SNS and EventBridge Scheduler. The core never imports an adapter.
 */

/** "Now", injected: the system clock on AWS, event time during replay. */
export type Clock = { readonly now: () => number };

export type SaveResult = 'saved' | 'conflict';

/** Which incidents `incidents list` shows. */
export type IncidentFilter = {
  /** Only open or acknowledged incidents. */
  readonly open?: boolean;
  /** Only incidents this receiver was told of. */
  readonly receiver?: string;
};

/**
 * The storage port, split by job: incidents (with their timeline), the outbox of what leaves the router, and the
 * storm-control groups. One adapter implements all three over one table, so an incident and its outbox entries
 * are written in one conditional write.
 */
export type IncidentStore = {
  /** The current episode of a fingerprint, or undefined if it was never seen. */
  readonly get: (fingerprint: string) => Promise<Incident | undefined>;
  /**
   * The episode an id (`INC-…-N`) names: the current one, or an earlier one kept when a later episode opened
   * (`incidents show`). Operator steps check that it is still current before acting.
   */
  readonly findById: (incidentId: string) => Promise<Incident | undefined>;
  /** Incidents, newest first (`incidents list`; the CLI's question, not a request path). */
  readonly list: (filter: IncidentFilter, limit: number) => Promise<readonly Incident[]>;
  /**
   * Open incidents that needed their timer at or before `before` (epoch ms): an escalation step, a reminder or a
   * silence's end (`nextDueAt`). The sweeper's query.
   */
  readonly dueEscalations: (before: number, limit: number) => Promise<readonly Incident[]>;
  /**
   * Writes the incident and records its new outbox entries (notifications, lifecycle events), atomically, if the
   * stored revision is still `expectedRevision` (0: the incident must not exist yet). Otherwise nothing is
   * written: `conflict`. When the incident opens a new episode, the previous one is kept for `findById`.
   */
  readonly save: (
    incident: Incident,
    expectedRevision: number,
    entries: readonly OutboxEntry[],
  ) => Promise<SaveResult>;
};

export type OutboxStore = {
  /** Deliveries of an incident episode recorded but not yet marked sent. */
  readonly pendingDeliveries: (incidentId: string) => Promise<readonly Delivery[]>;
  /** Lifecycle events of an incident episode recorded but not yet put on the bus. */
  readonly pendingEvents: (incidentId: string) => Promise<readonly LifecycleEvent[]>;
  /**
   * Marks outbox entries sent, all that one publish sent (DynamoDB: those of one incident in one write); marking
   * one twice, or an entry never recorded, is harmless. An empty list writes nothing.
   */
  readonly markSent: (entries: readonly OutboxEntry[]) => Promise<void>;
  /**
   * Outbox entries still pending although they were due at or before `before` (epoch ms), oldest first: what a
   * failed publish left behind. A grouped delivery is due when its digest should have gone out.
   */
  readonly stalePending: (before: number, limit: number) => Promise<readonly OutboxEntry[]>;
};

export type DigestGroupStore = {
  /** A storm-control group's state, or undefined if it never had a digest. */
  readonly getGroup: (key: string) => Promise<DigestGroup | undefined>;
  /** Writes a group's state if its stored revision is still `expectedRevision` (0: must not exist). */
  readonly saveGroup: (group: DigestGroup, expectedRevision: number) => Promise<SaveResult>;
  /** Grouped deliveries waiting for the group's next digest, oldest first. */
  readonly pendingInGroup: (key: string) => Promise<readonly Delivery[]>;
  /** Groups whose digest was due at or before `before` (epoch ms): the sweeper's second query. */
  readonly dueDigests: (before: number, limit: number) => Promise<readonly DigestGroup[]>;
};

/** Everything the router keeps: incidents, the outbox and the storm-control groups. */
export type Store = IncidentStore & OutboxStore & DigestGroupStore;

/** A rendered notification, ready for a channel. */
export type Notification = {
  readonly deliveryId: string;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly incidentId: string;
  readonly fingerprint: string;
  readonly audience: Audience;
  readonly receiver: string;
  readonly kind: DeliveryKind | 'digest';
  readonly severity: Severity;
  readonly language: Language;
  /** For a digest: every incident it lists (`incidentId` is the first). */
  readonly incidentIds?: readonly string[];
  /** ≤ 100 characters (email subject, SNS Subject). */
  readonly subject: string;
  /** The long form (email). */
  readonly body: string;
  /** SMS / chat length. */
  readonly short: string;
  /** Facts for channel filters (SNS message attributes). */
  readonly attributes: Readonly<Record<string, string>>;
};

export type Notifier = { readonly send: (notification: Notification) => Promise<void> };

/**
 * Where lifecycle events go (DESIGN §11): the hub bus on AWS (PutEvents), a list in replay and tests. `put`
 * returns the ids of the events that were not accepted (EventBridge accepts a batch entry by entry); the
 * others are marked sent, the rejected ones stay pending and are put again by the retry or the sweeper.
 */
export type LifecycleBus = {
  readonly put: (events: readonly LifecycleEvent[]) => Promise<{ readonly failed: readonly string[] }>;
};

/** A one-time escalation timer: fires `escalate(fingerprint, token)` at `at`. */
export type EscalationTimer = {
  readonly kind?: 'escalation';
  readonly name: string;
  readonly fingerprint: string;
  readonly incidentId: string;
  readonly token: number;
  /** Epoch milliseconds. */
  readonly at: number;
};

/** A one-time storm-control timer: sends the group's digest at `at` (the time is also its fence). */
export type DigestTimer = {
  readonly kind: 'digest';
  readonly name: string;
  readonly group: string;
  /** Epoch milliseconds. */
  readonly at: number;
};

/**
 * A one-time timer of the incident itself: a silence's end (what it held back goes out) or a reminder of an open,
 * unacknowledged incident (§4). Fenced by the episode and by time: early or late, it does only what is due.
 */
export type WakeTimer = {
  readonly kind: 'wake';
  readonly name: string;
  readonly fingerprint: string;
  readonly incidentId: string;
  /** Epoch milliseconds. */
  readonly at: number;
};

export type Timer = EscalationTimer | DigestTimer | WakeTimer;

export type Timers = {
  readonly schedule: (timer: Timer) => Promise<void>;
  /** Cancels a timer by name; a timer that no longer exists is not an error. */
  readonly cancel: (name: string) => Promise<void>;
};

/** Makes the signed acknowledge link for a team receiver of an incident (AWS runtime); absent locally. */
export type AckLinks = (incidentId: string, receiver: string) => string;

/** Everything the pipeline needs, passed in explicitly (no container, no module singletons). */
export type Ports = {
  readonly store: Store;
  readonly notifier: Notifier;
  readonly bus: LifecycleBus;
  readonly timers: Timers;
  readonly clock: Clock;
  readonly config: Config;
  readonly ackLinks?: AckLinks;
};
