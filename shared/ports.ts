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
 * Which open incidents the console lists (both filters together: both must hold). `asp`: incidents with an
 * account of that ASP (the store resolves accounts with the registry it was made with: `aspOfAccount`);
 * `accounts`: incidents with one of these accounts (a municipality's).
 */
export type OpenIncidentsQuery = { readonly asp?: string; readonly accounts?: readonly string[] };
export type PageRequest = { readonly limit: number; readonly cursor?: string };
/** A page of incidents; `cursor` asks for the next one, absent on the last page. */
export type IncidentPage = { readonly incidents: readonly Incident[]; readonly cursor?: string };

/** A monthly report's send to one receiver (DESIGN §15), claimed before it is sent so a re-run sends it once. */
export type ReportMark = {
  readonly month: string;
  readonly receiver: string;
  /** `sending`: claimed at `claimedAt` (epoch ms) and maybe not sent; `sent`: done. */
  readonly state: 'sending' | 'sent';
  readonly claimedAt: number;
};

/**
 * The monthly report's ledger of sends. `claim` is a conditional write: it wins when the receiver's report for
 * the month was never claimed, or was claimed before `staleBefore` and never marked sent (a run that died
 * between claim and send: its claim expires and the next run sends). `markSent` records the send.
 */
/** What `reindex` did: incident and episode items read, and those whose index attributes it rewrote. */
export type ReindexResult = { readonly scanned: number; readonly updated: number };

/**
 * A store with indexes its items must keep up with (the DynamoDB table): `reindex` brings every incident's index
 * attributes up to date with the incident and the registry. An operator's command (after an upgrade that added an
 * index, or a change of an account's ASP), never a request path.
 */
export type IndexUpkeep = { readonly reindex: () => Promise<ReindexResult> };

export type ReportMarks = {
  readonly claimReport: (
    month: string,
    receiver: string,
    now: number,
    staleBefore: number,
  ) => Promise<'claimed' | ReportMark>;
  readonly markReportSent: (month: string, receiver: string) => Promise<void>;
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
   * Incidents not yet resolved (open or acknowledged), newest first (`firstSeen`), a page at a time from an index
   * (the console's list, DESIGN §14). A query by ASP or by accounts (a tenant's list) never holds an incident only
   * the team may see (`isTeamOnly`). `cursor` is the previous page's, opaque; a cursor this store did not return
   * is a `RangeError`.
   */
  readonly openIncidents: (query: OpenIncidentsQuery, page: PageRequest) => Promise<IncidentPage>;
  /**
   * Every episode (current and earlier) of a JST month `YYYY-MM`: opened in it, resolved in it, or open across it,
   * oldest first (`firstSeen`), from an index (the monthly report, DESIGN §15). With `through`, of every month from
   * `month` to `through` in one read (a report and the month before it, a fiscal year), each episode once. A bad
   * month, or `through` before `month`, is a `RangeError`.
   */
  readonly incidentsForMonth: (month: string, through?: string) => Promise<readonly Incident[]>;
  /**
   * The episodes resolved in a JST month `YYYY-MM`, newest first (`firstSeen`), a page at a time from an index (the
   * console's view of a month): only that month's entries are read, never the open incidents. Queries and cursors
   * as {@link Store.openIncidents}. A bad month is a `RangeError`.
   */
  readonly resolvedIncidents: (
    month: string,
    query: OpenIncidentsQuery,
    page: PageRequest,
  ) => Promise<IncidentPage>;
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
  readonly kind: DeliveryKind | 'digest' | 'report';
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
  /** The same message, structured for chat channels (Amazon Q, Slack, Teams; DESIGN §13). */
  readonly card: NotificationCard;
  /**
   * Issue 14: the transport. Absent: the receiver's SNS topic (email, SMS, chatbot in one publish); `slack`/`teams`:
   * that webhook, whose URL is in the Secrets Manager secret named `secret` (a name, never the URL).
   */
  readonly channel?: 'slack' | 'teams';
  readonly secret?: string;
};

/** One line of a card: a label and its value, in the receiver's language. */
export type CardFact = { readonly label: string; readonly value: string };

/**
 * A link we built ourselves, never one from an event: the AWS console (or Health dashboard), the signed acknowledge
 * link of a team page (`{{ackUrl}}` where the runtime cannot sign one), the AWS documentation of a first-response
 * entry.
 */
export type CardLink = {
  readonly kind: 'console' | 'ack' | 'reference';
  readonly label: string;
  readonly url: string;
};

/**
 * A notification as structured parts, for the channels that lay a message out (DESIGN §13): the same words and
 * facts as the email, from the same receiver-scoped context (only the receiver's own accounts, §7), already plain
 * text (event text defused by `plain`); each channel escapes and cuts it to its own rules.
 */
export type NotificationCard = {
  /** What the alert is and where (no severity or kind: channels show those their own way). */
  readonly title: string;
  readonly severity: Severity;
  /** Where the incident stands at this notice. */
  readonly state: 'open' | 'acknowledged' | 'resolved';
  readonly kind: DeliveryKind | 'digest' | 'report';
  /** The kind in the receiver's words: 発生, 解消, リマインド, 第2報・続報, まとめ, TRIGGERED … */
  readonly label: string;
  /** Paragraphs to read before the facts: warnings, what changed, the finding's summary. */
  readonly text: readonly string[];
  readonly facts: readonly CardFact[];
  /** The first-response guide (初動対応) of the steps below, when the message carries one. */
  readonly guide?: { readonly heading: string; readonly title: string; readonly meaning: string };
  /** First-response steps; empty when the message carries none (municipal notices never do). */
  readonly nextSteps: readonly string[];
  readonly links: readonly CardLink[];
  /** One thread per incident (a digest: per group). */
  readonly threadId: string;
  /** One short line: what a chat preview or a collapsed thread shows. */
  readonly summary: string;
  /** Source, severity, system: tags for the chat's search. */
  readonly keywords: readonly string[];
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
