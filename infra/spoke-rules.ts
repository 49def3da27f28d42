/**
 * The EventBridge rules a spoke account installs on its default bus (DESIGN §2), as data: the spoke stack turns
 * each into an `events.Rule` whose target is the hub bus. One rule per source family of DESIGN §3.
 *
 * What the patterns filter, and why — the spoke filters only what the router never needs:
 * - each rule names its `detail-type`s, so scans, coverage notices, configuration changes, insight results and
 *   non-root CloudTrail events never leave the spoke (the router would only ignore them);
 * - GuardDuty findings below a configurable severity are dropped with numeric matching (never a list of values:
 *   a list silently misses a new band or a decimal score), except archived findings, which are resolve signals;
 * - nothing else is filtered on its value: a LOW Security Hub finding, a PASSED control, an `OK` alarm or a closed
 *   Health event may close an incident the hub already holds, and deciding what is worth telling is the router's
 *   job (its "recorded, not sent" and ignore reasons stay visible in one place).
 *
 * EventBridge numeric matching only matches JSON numbers: a severity sent as a string (`"8.0"`) matches no
 * numeric condition. AWS sends GuardDuty's `severity` as a number; the router's tolerance of numeric strings is
 * for hand-fed and replayed events, not for what a spoke forwards.
 */

export type SpokeRule = {
  readonly id: string;
  readonly description: string;
  readonly pattern: Record<string, unknown>;
};

/** DESIGN §3's MEDIUM floor: findings below it are LOW, which the team records but is never paged for. */
export const DEFAULT_MIN_GUARDDUTY_SEVERITY = 4;

/** GuardDuty's documented severity scale is 1.0–10.0; a threshold outside 0–10 is a mistake, not a choice. */
const checkSeverity = (severity: number): number => {
  if (!Number.isFinite(severity) || severity < 0 || severity > 10) {
    throw new RangeError(`minGuardDutySeverity must be a number from 0 to 10, got ${severity}`);
  }
  return severity;
};

/**
 * GuardDuty findings (`GuardDuty Finding` from `aws.guardduty`): the active ones at or above
 * `minGuardDutySeverity` (`{"numeric": [">=", N]}`), and every archived one whatever its severity
 * (`service.archived: [true]`), in one `$or` so a severe archived finding is delivered once, not twice. Archived
 * findings are resolve signals: GuardDuty re-sends a manually archived finding when it occurs again, and the router
 * reads `archived: true` as resolved. Other `aws.guardduty` detail-types (runtime/malware-protection status) and
 * CloudTrail records of GuardDuty API calls (also under `aws.guardduty`) are not findings and are not matched.
 */
const guardDuty = (minSeverity: number): SpokeRule => ({
  id: 'GuardDutyFindings',
  description: `GuardDuty findings with severity >= ${minSeverity}, and archived findings of any severity (resolve signals), to the alert-router hub bus.`,
  pattern: {
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: {
      $or: [{ severity: [{ numeric: ['>=', minSeverity] }] }, { service: { archived: [true] } }],
    },
  },
});

/**
 * Security Hub findings from `aws.securityhub`: ASFF `Security Hub Findings - Imported`, `Security Hub Findings -
 * Custom Action` (a person asking for attention) and OCSF `Findings Imported V2`. No severity or status filter:
 * LOW and INFORMATIONAL findings are recorded, and RESOLVED/SUPPRESSED/ARCHIVED/PASSED findings close incidents.
 * `Security Hub Insight Results` are aggregates, not findings, and are not matched.
 */
const securityHub: SpokeRule = {
  id: 'SecurityHubFindings',
  description:
    'Security Hub findings (ASFF Imported and Custom Action, OCSF Findings Imported V2), every severity and status, to the alert-router hub bus.',
  pattern: {
    source: ['aws.securityhub'],
    'detail-type': [
      'Security Hub Findings - Imported',
      'Security Hub Findings - Custom Action',
      'Findings Imported V2',
    ],
  },
};

/**
 * AWS Health events from `aws.health`: `AWS Health Event` (issues, investigations, scheduled changes, account
 * notifications; open and closed) and `AWS Health Abuse Event` (risk and abuse notices). Nothing is filtered: a
 * closed event is the recovery notice, and a category the router does not know still reaches the team.
 * Global-service events arrive in us-east-1, which is why the spoke also deploys there. AWS also sends a copy of
 * public Health events of Tokyo, Osaka and us-east-1 to a backup region, us-west-2: when Tokyo's own EventBridge
 * is impaired that copy is the one that arrives, so a spoke in us-west-2 forwards this rule alone
 * ({@link healthBackupRules}); the router folds a copy into its original (same `communicationId`).
 */
const health: SpokeRule = {
  id: 'HealthEvents',
  description:
    'AWS Health events and abuse events, every category and status (closed events are recovery notices), to the alert-router hub bus.',
  pattern: {
    source: ['aws.health'],
    'detail-type': ['AWS Health Event', 'AWS Health Abuse Event'],
  },
};

/**
 * Amazon Inspector findings: `Inspector2 Finding` from `aws.inspector2`, in every status (CLOSED and SUPPRESSED
 * resolve) — also under the detail-type `Inspector Finding`, which the EventBridge reference lists for the same
 * source — and `OnDemand AMI Scan Findings` from `inspector2.ami.ondemand`. `Inspector2 Scan`, `Inspector2 Coverage` and the scan-complete notice are about scanning, not findings.
 */
const inspector: SpokeRule = {
  id: 'InspectorFindings',
  description:
    'Amazon Inspector findings (Inspector2 Finding, every status; not scan or coverage notices), to the alert-router hub bus.',
  pattern: {
    source: ['aws.inspector2', 'inspector2.ami.ondemand'],
    'detail-type': ['Inspector2 Finding', 'Inspector Finding', 'OnDemand AMI Scan Findings'],
  },
};

/**
 * AWS Config rule results: `Config Rules Compliance Change` from `aws.config`, both NON_COMPLIANT (opens) and
 * COMPLIANT (resolves). Configuration item changes, snapshots and evaluation progress describe resources, not
 * findings, and are not matched.
 */
const config: SpokeRule = {
  id: 'ConfigCompliance',
  description:
    'AWS Config rule compliance changes (NON_COMPLIANT opens, COMPLIANT resolves; not configuration item changes), to the alert-router hub bus.',
  pattern: {
    source: ['aws.config'],
    'detail-type': ['Config Rules Compliance Change'],
  },
};

/**
 * CloudWatch alarms: `CloudWatch Alarm State Change` from `aws.cloudwatch`, every state (ALARM opens, OK
 * resolves) and suppressed ones too (the router records them and still sends a muted OK's resolve).
 * `CloudWatch Alarm Configuration Change` carries a `state` as well but must never page, so it is not matched.
 */
const cloudWatch: SpokeRule = {
  id: 'CloudWatchAlarms',
  description:
    'CloudWatch alarm state changes, every state (ALARM opens, OK resolves; not alarm configuration changes), to the alert-router hub bus.',
  pattern: {
    source: ['aws.cloudwatch'],
    'detail-type': ['CloudWatch Alarm State Change'],
  },
};

/**
 * Root user activity seen by CloudTrail: `AWS Console Sign In via CloudTrail` and `AWS API Call via CloudTrail`
 * whose `detail.userIdentity.type` is `Root`, successful or not. CloudTrail delivers an API call under the called
 * service's source (`aws.s3`, `aws.guardduty`, …), so the source is only required to start with `aws.`, the
 * namespace of AWS services: an application's own events on the default bus, which carry the application's source,
 * are not forwarded even if they copy the detail-type. Console sign-ins and IAM calls are recorded in us-east-1;
 * the spoke deploys there too. Every other identity type (IAMUser, AssumedRole, AWSService, …) is not matched.
 */
const rootActivity: SpokeRule = {
  id: 'RootActivity',
  description:
    'Root user console sign-ins and API calls recorded by CloudTrail (userIdentity.type Root), successful or failed, to the alert-router hub bus.',
  pattern: {
    source: [{ prefix: 'aws.' }],
    'detail-type': ['AWS Console Sign In via CloudTrail', 'AWS API Call via CloudTrail'],
    detail: { userIdentity: { type: ['Root'] } },
  },
};

/**
 * What a spoke in a Health backup region (us-west-2) forwards: the Health rule and nothing else. Findings and sign-ins
 * of that region belong to no registered system, and would only be noise.
 */
export const healthBackupRules = (): readonly SpokeRule[] => [health];

/** The spoke's rules, one per source family of DESIGN §3, in a stable order (ids are the CDK construct ids). */
export const spokeRules = (options: { readonly minGuardDutySeverity: number }): readonly SpokeRule[] => [
  guardDuty(checkSeverity(options.minGuardDutySeverity)),
  securityHub,
  health,
  inspector,
  config,
  cloudWatch,
  rootActivity,
];
