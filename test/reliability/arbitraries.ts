import fc from 'fast-check';
import { parseConfig } from '../../shared/config/load.js';
import type { Config } from '../../shared/config/registry.js';
import type { AccountConfig, ConfigInput } from '../../shared/config/schema.js';
import { ALERT_SOURCES, CATEGORIES, type Category, SEVERITIES, type Severity } from '../../shared/model.js';
import { type EventCopy, loadEvent, withChanges } from '../helpers/events.js';

/**
 * fast-check generators for the reliability properties: random registries (valid by construction: built as a
 * config object and read by `parseConfig`, like a config file) and random event sequences made from the
 * real-shaped samples in `events/`, with their accounts, severities, states and times replaced.
 */

// ── Registries ─────────────────────────────────────────────────────────────────────────────────────────

export const TEAM_LEVELS = ['team-oncall', 'team-lead'] as const;

/** A random registry, with the ids the event generators draw from. */
export type Registry = {
  readonly config: Config;
  /** Accounts in the registry. */
  readonly registered: readonly string[];
  /** Valid 12-digit ids that are not in the registry. */
  readonly unregistered: readonly string[];
};

export type RegistryOptions = {
  /**
   * Whether a route that matches on a tenant (account, ASP, municipality, environment) may also change the
   * severity. The order property leaves it out: with it, one incident's severity depends on which spoke's copy is
   * newest, and "told again because the severity rose" then depends on arrival order (by design, DESIGN §4).
   */
  readonly tenantSeverityRoutes: boolean;
};

const accountId = fc.integer({ min: 0, max: 999_999_999_999 }).map((n) => String(n).padStart(12, '0'));

const severity = fc.constantFrom(...SEVERITIES);
const maybe = <T>(arbitrary: fc.Arbitrary<T>, freq = 2) => fc.option(arbitrary, { nil: undefined, freq });
const someOf = <T>(list: readonly T[], maxLength = 2) =>
  fc.subarray([...list], { minLength: 1, maxLength: Math.min(maxLength, list.length) });

type Ids = {
  readonly asps: readonly string[];
  readonly municipalities: readonly string[];
  readonly accounts: readonly string[];
  readonly unregistered: readonly string[];
};

const TENANT_MATCHERS = ['account', 'asp', 'municipality', 'environment'] as const;

/**
 * A route that may match on anything and change anything; its `receivers` are any receivers of the registry,
 * so some routes try to add another tenant's ASP or municipality (the isolation guard must drop them).
 */
const aRoute = (ids: Ids, options: RegistryOptions) =>
  fc
    .record(
      {
        name: fc.constantFrom('route-a', 'route-b', 'route-c'),
        match: fc.record(
          {
            source: someOf(ALERT_SOURCES),
            category: someOf(CATEGORIES),
            severity: someOf(SEVERITIES),
            account: someOf([...ids.accounts, ...ids.unregistered]),
            asp: someOf(ids.asps),
            municipality: someOf(ids.municipalities),
            environment: someOf(['production', 'staging']),
          },
          { requiredKeys: [] },
        ),
        severity: maybe(severity),
        owner: maybe(fc.constantFrom('team', 'asp') as fc.Arbitrary<'team' | 'asp'>),
        thresholds: maybe(fc.record({ team: severity, asp: severity }, { requiredKeys: [] })),
        notify: maybe(
          fc.record(
            { team: fc.boolean(), asp: fc.boolean(), municipalities: fc.boolean() },
            { requiredKeys: [] },
          ),
        ),
        receivers: maybe(someOf([...TEAM_LEVELS, ...ids.asps, ...ids.municipalities], 3)),
        escalates: maybe(fc.boolean()),
        continue: fc.boolean(),
      },
      { requiredKeys: ['match', 'continue'] },
    )
    .map((route) => {
      const byTenant = TENANT_MATCHERS.some((key) => route.match[key] !== undefined);
      return !options.tenantSeverityRoutes && byTenant ? { ...route, severity: undefined } : route;
    });

type AccountDraft = {
  readonly asp: number;
  readonly municipalities: readonly number[];
  readonly environment: 'production' | 'staging' | undefined;
  readonly reportsFor: readonly number[];
};

const anAccountDraft = (asps: number, municipalities: number, accounts: number): fc.Arbitrary<AccountDraft> =>
  fc.record({
    asp: fc.nat(asps - 1),
    municipalities: fc.uniqueArray(fc.nat(municipalities - 1), {
      minLength: 1,
      maxLength: Math.min(3, municipalities),
    }),
    environment: maybe(fc.constantFrom('production', 'staging') as fc.Arbitrary<'production' | 'staging'>),
    reportsFor: fc.oneof(
      { weight: 2, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.uniqueArray(fc.nat(accounts - 1), { maxLength: 2 }) },
    ),
  });

/** 1–4 ASPs, 1–5 municipalities, 1–8 accounts (each one ASP, 1–3 municipalities), optional `reportsFor`, 0–3 routes. */
export const aRegistry = (options: RegistryOptions): fc.Arbitrary<Registry> =>
  fc
    .record({
      asps: fc.integer({ min: 1, max: 4 }),
      municipalities: fc.integer({ min: 1, max: 5 }),
      accounts: fc.integer({ min: 1, max: 8 }),
    })
    .chain((size) =>
      fc.record({
        ids: fc.uniqueArray(accountId, { minLength: size.accounts + 2, maxLength: size.accounts + 2 }),
        drafts: fc.array(anAccountDraft(size.asps, size.municipalities, size.accounts), {
          minLength: size.accounts,
          maxLength: size.accounts,
        }),
        languages: fc.array(fc.constantFrom('ja', 'en') as fc.Arbitrary<'ja' | 'en'>, {
          minLength: size.asps,
          maxLength: size.asps,
        }),
        size: fc.constant(size),
      }),
    )
    .chain(({ ids, drafts, languages, size }) => {
      const registered = ids.slice(0, size.accounts);
      const unregistered = ids.slice(size.accounts);
      const asps = languages.map((_, i) => `asp-${i + 1}`);
      const municipalities = Array.from({ length: size.municipalities }, (_, i) => `city-${i + 1}`);
      const accounts = drafts.map((draft, i) => ({
        id: registered[i] as string,
        name: `account-${i + 1}`,
        asp: asps[draft.asp] as string,
        municipalities: draft.municipalities.map((m) => municipalities[m] as string),
        system: `system-${i + 1}`,
        ...(draft.environment ? { environment: draft.environment } : {}),
        reportsFor: [...new Set(draft.reportsFor.filter((r) => r !== i).map((r) => registered[r] as string))],
        // Relays may cross ASPs here (isolation must hold even then), which a config has to ask for explicitly.
        ...(draft.reportsFor.length > 0 ? { reportsForOtherAsps: true } : {}),
      }));
      const routeIds = { asps, municipalities, accounts: registered, unregistered };
      return fc.array(aRoute(routeIds, options), { maxLength: 3 }).map((routes) => {
        const input: ConfigInput = {
          version: 1,
          team: { name: 'Operations team', levels: [...TEAM_LEVELS] },
          asps: asps.map((id, i) => ({ id, name: `ASP ${i + 1}`, language: languages[i] })),
          municipalities: municipalities.map((id, i) => ({ id, name: `City ${i + 1}` })),
          accounts,
          routes,
        };
        // JSON drops the `undefined` of absent options, as a config file would not have them.
        const text = JSON.stringify(input);
        const config = parseConfig(text, 'json');
        // A counterexample prints the config as written, not the parsed object with its look-up maps.
        return { config, registered, unregistered, [fc.toStringMethod]: () => `config ${text}` };
      });
    });

// ── Trust oracle (DESIGN §7), written from the design rather than read from the router ────────────────

/** The registry entry an alert speaks for: its sender's own, or a claimed account its sender reports for. */
export const tenantOf = (config: Config, envelope: string, claimed: string): AccountConfig | undefined => {
  const sender = config.accounts.find((account) => account.id === envelope);
  if (sender === undefined) return undefined;
  if (claimed === envelope) return sender;
  return sender.reportsFor.includes(claimed)
    ? config.accounts.find((account) => account.id === claimed)
    : undefined;
};

/** True when a registered sender's claim is refused: the alert must reach the team only. */
export const isRefusedClaim = (config: Config, envelope: string, claimed: string): boolean =>
  claimed !== envelope && tenantOf(config, envelope, claimed) === undefined;

// ── Events ─────────────────────────────────────────────────────────────────────────────────────────────

const FOUR: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

/** The sample each kind of event is made from, what severities it can express, and what it is about. */
export const KINDS = {
  guardduty: { sample: 'guardduty/high-exfiltration-1st.json', severities: FOUR, category: 'security' },
  'securityhub-control': {
    sample: 'securityhub/control-s3-8-fsbp-failed.json',
    severities: SEVERITIES,
    category: 'compliance',
  },
  'securityhub-guardduty': {
    sample: 'securityhub/imported-guardduty-exfiltration.json',
    severities: SEVERITIES,
    category: 'security',
  },
  'health-issue': {
    sample: 'health/ec2-tokyo-outage-kyodo-zeimu.json',
    severities: ['HIGH'],
    category: 'health',
  },
  'health-investigation': {
    sample: 'health/rds-tokyo-investigation.json',
    severities: ['MEDIUM'],
    category: 'health',
  },
  'health-scheduled': {
    sample: 'health/ec2-retirement-scheduled-aoba-juki.json',
    severities: ['MEDIUM'],
    category: 'health',
  },
  'health-risk': {
    sample: 'health/risk-credentials-exposed-kyodo-zeimu.json',
    severities: ['HIGH'],
    category: 'security',
  },
  inspector: {
    sample: 'inspector/package-vulnerability-high-active.json',
    severities: SEVERITIES,
    category: 'security',
  },
  config: {
    sample: 'config/s3-public-read-noncompliant-aoba-juki.json',
    severities: ['MEDIUM'],
    category: 'compliance',
  },
  cloudwatch: {
    sample: 'cloudwatch/zeimu-batch-errors-alarm.json',
    severities: ['HIGH'],
    category: 'application',
  },
  signin: { sample: 'signin/root-console-login-no-mfa.json', severities: ['HIGH'], category: 'security' },
} as const satisfies Record<string, { sample: string; severities: readonly Severity[]; category: Category }>;
export type Kind = keyof typeof KINDS;
const KIND_NAMES = Object.keys(KINDS) as Kind[];

/** Security Hub findings can share one event (a batch); the other sources send one finding per event. */
const ASFF: readonly Kind[] = ['securityhub-control', 'securityhub-guardduty'];
/** Health events are one incident per event ARN, gathered from every spoke that forwards a copy (§5). */
const HEALTH: readonly Kind[] = ['health-issue', 'health-investigation', 'health-scheduled', 'health-risk'];
/** Root sign-ins never resolve on their own. */
export const resolvable = (kind: Kind): boolean => kind !== 'signin';
/** Outage notices: the only alerts a municipality may hear of. */
export const isOutageKind = (kind: Kind): boolean => KINDS[kind].category === 'health';

/** One incident-to-be: a finding, alarm, Health event or sign-in, about an account. */
export type Subject = {
  readonly kind: Kind;
  readonly key: number;
  /** The account the source says it is about (a Health copy may claim another account per event). */
  readonly claimed: string;
  readonly severity: Severity;
};

/** One alert inside an event. */
export type Item = {
  readonly subject: Subject;
  readonly claimed: string;
  readonly severity: Severity;
  readonly status: 'open' | 'resolved';
};

/** One EventBridge delivery: envelope id, sending account, time (also the source's version), its alerts. */
export type EventSpec = {
  readonly id: string;
  readonly envelope: string;
  readonly minute: number;
  readonly items: readonly Item[];
};

/** The account a kind's alert is about for the trust check: CloudWatch alarms carry no account of their own. */
export const claimOf = (item: Item, envelope: string): string =>
  item.subject.kind === 'cloudwatch' ? envelope : item.claimed;

export const BASE_TIME = Date.parse('2026-11-27T01:00:00Z');
export const timeOf = (minute: number): string => new Date(BASE_TIME + minute * 60_000).toISOString();

const SAMPLES = Object.fromEntries(KIND_NAMES.map((kind) => [kind, loadEvent(KINDS[kind].sample)])) as Record<
  Kind,
  unknown
>;

const GUARDDUTY_SCORE: Record<Severity, number> = {
  CRITICAL: 9.5,
  HIGH: 8,
  MEDIUM: 5,
  LOW: 2,
  INFORMATIONAL: 1,
};

const asffFinding = (item: Item, time: string): EventCopy => {
  const { subject } = item;
  const template = (SAMPLES[subject.kind] as EventCopy).detail.findings[0];
  return withChanges(template, (finding) => {
    const resolved = item.status === 'resolved';
    finding.AwsAccountId = item.claimed;
    finding.UpdatedAt = time;
    finding.Severity = { Label: item.severity, Original: item.severity };
    finding.Workflow = { Status: resolved ? 'RESOLVED' : 'NEW' };
    finding.WorkflowState = resolved ? 'RESOLVED' : 'NEW';
    finding.RecordState = 'ACTIVE';
    if (subject.kind === 'securityhub-guardduty') {
      finding.Id = `arn:aws:guardduty:ap-northeast-1:${item.claimed}:detector/d0/finding/shgd${subject.key}`;
    } else {
      finding.Id = `arn:aws:securityhub:ap-northeast-1:${item.claimed}:subscription/fsbp/v/1.0.0/S3.8/finding/c${subject.key}`;
      finding.Resources[0].Id = `arn:aws:s3:::bucket-${subject.key}`;
      finding.Compliance.Status = 'FAILED';
    }
  }) as EventCopy;
};

/** The real-shaped event for a spec: a deep copy of the sample with accounts, ids, severity, state and time set. */
export const buildEvent = (spec: EventSpec): unknown => {
  const first = spec.items[0];
  if (first === undefined) throw new Error('an event needs at least one item');
  const time = timeOf(spec.minute);
  const rfc1123 = new Date(time).toUTCString();
  const { kind, key } = first.subject;
  const resolved = first.status === 'resolved';
  return withChanges(SAMPLES[kind], (event) => {
    event.id = spec.id;
    event.account = spec.envelope;
    event.time = time;
    const detail = event.detail;
    switch (kind) {
      case 'guardduty':
        detail.accountId = first.claimed;
        detail.id = `gd${key}`;
        detail.arn = `arn:aws:guardduty:ap-northeast-1:${first.claimed}:detector/d0/finding/gd${key}`;
        detail.severity = GUARDDUTY_SCORE[first.severity];
        detail.service.archived = resolved;
        detail.updatedAt = time;
        break;
      case 'securityhub-control':
      case 'securityhub-guardduty':
        event['detail-type'] = 'Security Hub Findings - Imported';
        event.resources = [];
        detail.findings = spec.items.map((item) => asffFinding(item, time));
        break;
      case 'health-issue':
      case 'health-investigation':
      case 'health-scheduled':
      case 'health-risk':
        detail.eventArn = `${detail.eventArn.replace(/\/[^/]*$/, '')}/${kind.toUpperCase()}_${key}`;
        detail.affectedAccount = first.claimed;
        // Each spoke's copy names its own resource, as AWS does: a message must never show it to another tenant.
        detail.affectedEntities = [
          {
            entityValue: `arn:aws:ec2:ap-northeast-1:${first.claimed}:instance/i-${key}`,
            status: 'IMPAIRED',
          },
        ];
        event.resources = [`arn:aws:ec2:ap-northeast-1:${first.claimed}:instance/i-${key}`];
        detail.statusCode = resolved ? 'closed' : kind === 'health-scheduled' ? 'upcoming' : 'open';
        detail.lastUpdatedTime = rfc1123;
        if (resolved) detail.endTime = rfc1123;
        break;
      case 'inspector':
        detail.awsAccountId = first.claimed;
        detail.findingArn = `arn:aws:inspector2:ap-northeast-1:${first.claimed}:finding/insp${key}`;
        detail.severity = first.severity;
        detail.status = resolved ? 'CLOSED' : 'ACTIVE';
        detail.updatedAt = time;
        detail.lastObservedAt = time;
        break;
      case 'config':
        detail.awsAccountId = first.claimed;
        detail.resourceId = `bucket-${key}`;
        detail.newEvaluationResult.evaluationResultIdentifier.evaluationResultQualifier.resourceId = `bucket-${key}`;
        detail.newEvaluationResult.complianceType = resolved ? 'COMPLIANT' : 'NON_COMPLIANT';
        detail.newEvaluationResult.resultRecordedTime = time;
        detail.notificationCreationTime = time;
        break;
      case 'cloudwatch':
        // The alarm ARN names the alarm's owner; a copy from another spoke keeps it (a forged ARN, §7).
        detail.alarmName = `alarm-${key}`;
        event.resources = [`arn:aws:cloudwatch:ap-northeast-1:${first.claimed}:alarm:alarm-${key}`];
        detail.state.value = resolved ? 'OK' : 'ALARM';
        detail.state.timestamp = time;
        break;
      case 'signin':
        detail.userIdentity.accountId = first.claimed;
        detail.userIdentity.principalId = first.claimed;
        detail.userIdentity.arn = `arn:aws:iam::${first.claimed}:root`;
        detail.recipientAccountId = first.claimed;
        detail.eventTime = time;
        detail.eventID = spec.id;
        break;
    }
  });
};

// ── Scenarios ──────────────────────────────────────────────────────────────────────────────────────────

const aSubject = (accounts: readonly string[], key: number): fc.Arbitrary<Subject> =>
  fc.constantFrom(...KIND_NAMES).chain((kind) =>
    fc.record({
      kind: fc.constant(kind),
      key: fc.constant(key),
      claimed: fc.constantFrom(...accounts),
      severity: fc.constantFrom(...KINDS[kind].severities),
    }),
  );

/** 1–`max` subjects over the registry's accounts and two unregistered ones. */
export const someSubjects = (registry: Registry, max = 6): fc.Arbitrary<Subject[]> => {
  const accounts = [...registry.registered, ...registry.unregistered];
  return fc
    .array(fc.nat(), { minLength: 1, maxLength: max })
    .chain((seeds) => fc.tuple(...seeds.map((_, key) => aSubject(accounts, key))));
};

export type ItemOptions = {
  /** Each copy carries a random severity of its kind (a finding whose severity changes), not the subject's. */
  readonly varySeverity: boolean;
  readonly status: fc.Arbitrary<'open' | 'resolved'>;
};

const anItem = (registry: Registry, subject: Subject, options: ItemOptions): fc.Arbitrary<Item> =>
  fc.record({
    subject: fc.constant(subject),
    // A Health copy says which account it reached; any spoke may forward one, for itself or (refused) another.
    claimed: HEALTH.includes(subject.kind)
      ? fc.constantFrom(...registry.registered, ...registry.unregistered)
      : fc.constant(subject.claimed),
    severity: options.varySeverity
      ? fc.constantFrom(...KINDS[subject.kind].severities)
      : fc.constant(subject.severity),
    status: resolvable(subject.kind) ? options.status : fc.constant('open' as const),
  });

/**
 * The sending account: mostly the claimed account itself, sometimes one that reports for it, sometimes any
 * account of the pool (a refused claim when it is registered, an unregistered sender otherwise).
 */
export const aSender = (registry: Registry, claimed: string): fc.Arbitrary<string> => {
  const reporters = registry.config.accounts.filter((a) => a.reportsFor.includes(claimed)).map((a) => a.id);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(claimed) },
    ...(reporters.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...reporters) }] : []),
    { weight: 2, arbitrary: fc.constantFrom(...registry.registered, ...registry.unregistered) },
  );
};

/** An event's alerts and sender, without id and time: one alert, or a Security Hub batch of 1–3. */
export type Draft = { readonly envelope: string; readonly items: readonly Item[] };

export const aDraft = (
  registry: Registry,
  subjects: readonly Subject[],
  options: ItemOptions,
): fc.Arbitrary<Draft> => {
  const batchable = subjects.filter((subject) => ASFF.includes(subject.kind));
  return fc
    .constantFrom(...subjects)
    .chain(
      (first): fc.Arbitrary<Subject[]> =>
        ASFF.includes(first.kind)
          ? fc
              .subarray(
                batchable.filter((s) => s !== first),
                { maxLength: Math.min(2, batchable.length - 1) },
              )
              .map((others) => [first, ...others])
          : fc.constant([first]),
    )
    .chain((batch) => fc.tuple(...batch.map((subject) => anItem(registry, subject, options))))
    .chain((items) => aSender(registry, (items[0] as Item).claimed).map((envelope) => ({ envelope, items })));
};

/** Gives drafts their envelope ids and distinct minutes from `from` on (each source version is unique). */
export const timed = (drafts: readonly Draft[], minutes: readonly number[], prefix: string): EventSpec[] =>
  drafts.map((draft, i) => ({ ...draft, id: `${prefix}-${i}`, minute: minutes[i] as number }));

/** `count` distinct minutes in [from, from + span). */
export const distinctMinutes = (count: number, from: number, span: number): fc.Arbitrary<number[]> =>
  fc.uniqueArray(fc.integer({ min: from, max: from + span - 1 }), { minLength: count, maxLength: count });
