/**
 * The canonical alert (DESIGN §3) and the closed sets it is built from.
 *
 * Closed sets are `as const` arrays so that zod schemas, tests and the CLI reuse the same literals.
 */

/** Severities, most severe first: the index is the rank (lower is more severe). */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALERT_SOURCES = [
  'guardduty',
  'securityhub',
  'health',
  'inspector',
  'config',
  'cloudwatch',
  'signin',
] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export const CATEGORIES = ['security', 'compliance', 'health', 'application'] as const;
export type Category = (typeof CATEGORIES)[number];

export const ALERT_STATUSES = ['open', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const AUDIENCES = ['team', 'asp', 'municipality'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const OWNERS = ['team', 'asp'] as const;
export type Owner = (typeof OWNERS)[number];

/**
 * Flags are DESIGN's kebab-case codes; they travel with the alert into `explain`, the incident and messages.
 * - `custom-action`: a person in the spoke sent the finding to Security Hub's custom action.
 * - `unrecognized`: a value we do not know (tolerant reader, §3); the team gets it as MEDIUM.
 * - `actions-suppressed`: the owner muted the CloudWatch alarm; recorded, not sent.
 * - `backup-copy`: a Health event delivered to its backup region; folds into the primary copy.
 * - `account-mismatch`, `unregistered-account`, `reports-for`: the trust check (§7).
 * - `silenced`: a silence or maintenance window covers it (§4).
 * - `sample`: GuardDuty's CreateSampleFindings output (still routed: it may be a drill).
 * - `third-party-product`: a Security Hub finding that no AWS service produced (a partner product, or one the account
 *   imported itself): its title names the producer, and it may say anything, even that it is GuardDuty's.
 */
export const FLAGS = [
  'custom-action',
  'unrecognized',
  'actions-suppressed',
  'backup-copy',
  'account-mismatch',
  'unregistered-account',
  'reports-for',
  'silenced',
  'sample',
  'third-party-product',
] as const;
export type Flag = (typeof FLAGS)[number];

/** What a Health alert adds: enough for the outage notice and for gathering affected accounts. */
export type HealthDetail = {
  readonly eventArn: string;
  readonly service: string;
  /** `issue`, `investigation`, `scheduledChange`, `accountNotification`, or a value AWS adds later. */
  readonly eventTypeCategory: string;
  readonly eventScope: 'PUBLIC' | 'ACCOUNT_SPECIFIC' | 'NONE' | 'UNKNOWN';
  readonly eventRegion: string;
  readonly communicationId?: string;
  readonly startTime?: string;
  readonly endTime?: string;
  /** Risk and abuse notices (exposed keys, abuse reports): security, never an outage notice. */
  readonly risk: boolean;
  readonly affectedEntities: readonly string[];
};

/**
 * One alert: a finding, a Health event, an alarm state, a compliance result or a root sign-in,
 * normalized from one source event (an event may carry several).
 */
export type Alert = {
  readonly fingerprint: string;
  readonly source: AlertSource;
  readonly category: Category;
  /** The account the alert is about as the source claims it; the trust check (§7) may overrule it. */
  readonly accountId: string;
  /** The envelope `account`: the spoke that sent the event, the trust anchor. */
  readonly envelopeAccount: string;
  readonly region: string;
  readonly resource: string;
  readonly type: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly status: AlertStatus;
  /** The source's own update time (ISO 8601), used to ignore out-of-order updates. */
  readonly version: string;
  readonly eventId: string;
  /** The envelope time (ISO 8601). */
  readonly time: string;
  readonly consoleUrl: string;
  readonly flags: readonly Flag[];
  /** Why the normalizer chose the severity and status it did, in operator language. */
  readonly reasons: readonly string[];
  /** Recorded but never sent, whatever the policy says (an alarm whose owner muted its actions). */
  readonly quiet: boolean;
  readonly health?: HealthDetail;
};

export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/** True when `a` is at least as severe as `b`. */
export const atLeast = (a: Severity, b: Severity): boolean => severityRank(a) <= severityRank(b);

export const isSeverity = (value: unknown): value is Severity =>
  typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);

/**
 * Every field of `T`, the optional ones too (as possibly `undefined`): an object literal of this type leaves none
 * out. For the hot path's copies, which name every field instead of spreading: V8 gives an object spread and then
 * extended or overridden a shape of its own, and code that reads such objects slows down throughout.
 */
export type EveryField<T> = { [Field in keyof Required<T>]: T[Field] };
