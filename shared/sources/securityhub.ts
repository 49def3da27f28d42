import '../zod-locale.js';
import * as z from 'zod/mini';
import { consoleUrl } from '../console-url.js';
import { fingerprints } from '../fingerprint.js';
import type { Alert, AlertStatus, Category, Flag, Severity } from '../model.js';
import { type Envelope, envelopeTime, parseDetail } from './envelope.js';
import { guardDutySeverity } from './guardduty.js';
import { clip, firstTime, numeric, readSeverityLabel, text } from './read.js';
import { alerts, type EventSource, ignored, type Normalized } from './source.js';

/**
 * Security Hub findings (source `aws.securityhub`), in both of the formats AWS sends:
 * - ASFF: `Security Hub Findings - Imported` and `Security Hub Findings - Custom Action` (a person in the spoke
 *   sent the findings to a custom action; several findings when they selected several);
 * - OCSF: `Findings Imported V2` from the newer Security Hub.
 *
 * Every event carries `detail.findings`, and each finding becomes one alert. A finding that Security Hub imported
 * from GuardDuty or Inspector keeps that source's fingerprint, so the native event and its copy are one incident.
 */

const IMPORTED = 'Security Hub Findings - Imported';
const CUSTOM_ACTION = 'Security Hub Findings - Custom Action';
const OCSF_IMPORTED = 'Findings Imported V2';

// ── Schemas ────────────────────────────────────────────────────────────────────────────────────────────

const present = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));

const asffFindingSchema = z.object({
  Id: present,
  ProductArn: present,
  // Who produced the finding, as Security Hub (or, for a custom integration, the importer) names it.
  CompanyName: z.catch(z.nullish(z.string()), undefined),
  ProductName: z.catch(z.nullish(z.string()), undefined),
  AwsAccountId: text,
  Region: z.nullish(z.string()),
  GeneratorId: z.nullish(z.string()),
  Types: z.nullish(z.array(z.string())),
  Title: z.nullish(z.string()),
  Description: z.nullish(z.string()),
  UpdatedAt: z.optional(z.unknown()),
  Severity: z.nullish(
    z.object({
      Label: z.nullish(z.string()),
      Normalized: z.nullish(numeric),
      Product: z.nullish(numeric),
    }),
  ),
  Workflow: z.nullish(z.object({ Status: z.nullish(z.string()) })),
  WorkflowState: z.nullish(z.string()),
  RecordState: z.nullish(z.string()),
  Compliance: z.nullish(
    z.object({ Status: z.nullish(z.string()), SecurityControlId: z.nullish(z.string()) }),
  ),
  // ASFF declares these as strings, but a finding provider may put anything there: read them with care.
  ProductFields: z.nullish(z.record(z.string(), z.unknown())),
  Resources: z.nullish(z.array(z.object({ Id: z.nullish(text) }))),
});

const asffDetailSchema = z.object({
  actionName: z.nullish(z.string()),
  findings: z.array(asffFindingSchema),
});

const ocsfFindingSchema = z.object({
  activity_id: z.nullish(numeric),
  activity_name: z.nullish(z.string()),
  class_uid: z.nullish(numeric),
  class_name: z.nullish(z.string()),
  severity: z.nullish(z.string()),
  severity_id: z.nullish(numeric),
  status: z.nullish(z.string()),
  status_id: z.nullish(numeric),
  time: z.optional(z.unknown()),
  time_dt: z.optional(z.unknown()),
  cloud: z.object({ account: z.object({ uid: text }), region: z.nullish(z.string()) }),
  finding_info: z.object({
    uid: present,
    title: z.nullish(z.string()),
    desc: z.nullish(z.string()),
    types: z.nullish(z.array(z.string())),
    modified_time: z.optional(z.unknown()),
    modified_time_dt: z.optional(z.unknown()),
  }),
  metadata: z.nullish(
    z.object({
      product: z.nullish(
        z.object({
          uid: z.nullish(z.string()),
          name: z.nullish(z.string()),
          vendor_name: z.catch(z.nullish(z.string()), undefined),
        }),
      ),
    }),
  ),
  resources: z.nullish(z.array(z.object({ uid: z.nullish(text) }))),
  compliance: z.nullish(
    z.object({
      control: z.nullish(z.string()),
      status: z.nullish(z.string()),
      status_id: z.nullish(numeric),
    }),
  ),
});

const ocsfDetailSchema = z.object({ findings: z.array(ocsfFindingSchema) });

type AsffFinding = z.infer<typeof asffFindingSchema>;
type OcsfFinding = z.infer<typeof ocsfFindingSchema>;

// ── Severity ───────────────────────────────────────────────────────────────────────────────────────────

/** A severity with the reasons that led to it; `unrecognized` when we fell back to MEDIUM on an unknown value. */
type Judgement = {
  readonly severity: Severity;
  readonly reasons: readonly string[];
  readonly unrecognized: boolean;
};

const judged = (severity: Severity, reason: string, notes: readonly string[] = []): Judgement => ({
  severity,
  reasons: [...notes, reason],
  unrecognized: false,
});

const unrecognized = (reason: string, notes: readonly string[] = []): Judgement => ({
  severity: 'MEDIUM',
  reasons: [...notes, `${reason} → MEDIUM (unrecognized)`],
  unrecognized: true,
});

/**
 * Security Hub's 0–100 scale (DESIGN §3): 0 INFORMATIONAL, 1–39 LOW, 40–69 MEDIUM, 70–89 HIGH, 90–100 CRITICAL.
 * Numeric ranges, never a list of values, so a fractional or new value still lands in a band.
 */
export const normalizedSeverity = (score: number): Severity => {
  if (score >= 90) return 'CRITICAL';
  if (score >= 70) return 'HIGH';
  if (score >= 40) return 'MEDIUM';
  if (score > 0) return 'LOW';
  return 'INFORMATIONAL';
};

const onPercentScale = (score: number): boolean => score >= 0 && score <= 100;

const nonEmpty = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** A label in any case; an unknown one is MEDIUM + unrecognized (tolerant reader), naming the value. */
const fromLabel = (label: string, where: string, notes: readonly string[] = []): Judgement => {
  const severity = readSeverityLabel(label);
  return severity
    ? judged(severity, `${where} ${label} → ${severity}`, notes)
    : unrecognized(`${where} "${label}" is not a severity label we know`, notes);
};

/**
 * The AWS product behind a product ARN (`…::product/aws/guardduty`, OCSF `…::productv2/aws/guardduty`). AWS's own
 * products have no account in their ARN; a product with one (`…:111111111111:product/111111111111/default`) is a
 * custom integration of that account, whatever its path says.
 */
const awsProductOf = (productArn: string | null | undefined): string | undefined =>
  /^arn:[a-z-]+:securityhub:[a-z0-9-]*::product(?:v2)?\/aws\/([^/]+)$/.exec(productArn ?? '')?.[1];

/** A producer other than AWS: how the message names it and why it is flagged. */
type Producer = { readonly name: string; readonly reason: string };

const PRODUCT_ARN = /^arn:[a-z-]+:securityhub:[a-z0-9-]*:(\d{12})?:product(?:v2)?\/(.+)$/;

/**
 * Undefined for an AWS product. Otherwise the producer as the finding names it (company and product), or the
 * product part of its ARN, and whose it is when the account imported it itself. The ARN decides, never the
 * names: a custom integration writes its own `CompanyName`, `AWS` included.
 */
const producerOf = (
  productArn: string,
  company: unknown,
  product: unknown,
  claimedAws = false,
): Producer | undefined => {
  if (awsProductOf(productArn) !== undefined) return undefined;
  const parsed = PRODUCT_ARN.exec(productArn);
  // An OCSF finding without a product ARN: the vendor name is all there is to go on.
  if (!parsed && claimedAws) return undefined;
  const names = [nonEmpty(company), nonEmpty(product)].filter((name): name is string => name !== undefined);
  const named = [...new Set(names)].join(' ') || parsed?.[2] || productArn;
  const owner = parsed?.[1];
  // Short, for the subject line: the reason carries the account and the full ARN.
  const name = owner ? `custom: ${named}` : named;
  const whose = owner ? `, a custom integration of account ${owner}` : '';
  return {
    name,
    reason: `produced by ${named}${whose}, not an AWS product (ProductArn ${productArn}): check the producer before acting on it → third-party-product`,
  };
};

/**
 * `Severity.Product` is the provider's own score, on the provider's own scale, so the 0–100 bands are right for it
 * only where the provider is Security Hub itself (its control findings repeat Normalized there). GuardDuty's
 * scale is 1.0–10.0 and has its own bands; any other product's scale is unknown to us, so its number is not used.
 */
const fromProductScore = (score: number, productArn: string): Judgement | string => {
  const product = awsProductOf(productArn);
  if (product === 'guardduty') {
    const severity = guardDutySeverity(score);
    return judged(
      severity,
      `no Severity.Label or Normalized; Severity.Product ${score} on GuardDuty's 1–10 scale → ${severity}`,
    );
  }
  if (product === 'securityhub' && onPercentScale(score)) {
    const severity = normalizedSeverity(score);
    return judged(
      severity,
      `no Severity.Label or Normalized; Severity.Product ${score} on Security Hub's 0–100 scale → ${severity}`,
    );
  }
  return `Severity.Product ${score} is on ${product ?? 'the provider'}'s own scale, not used`;
};

/**
 * DESIGN §3 order: `Severity.Label`; else `Severity.Normalized`; else `Severity.Product` (see `fromProductScore`);
 * else `ProductFields["aws/securityhub/SeverityLabel"]` (how 2020-era findings carry it); else MEDIUM, unrecognized.
 * An unknown label does not fall through to the numbers: Normalized is deprecated and real findings contradict it
 * (LOW with Normalized 40), so the label stays the authority and the team looks at it.
 */
const asffSeverity = (finding: AsffFinding): Judgement => {
  const label = nonEmpty(finding.Severity?.Label);
  if (label) return fromLabel(label, 'Severity.Label');
  const notes: string[] = [];
  const normalized = finding.Severity?.Normalized;
  if (normalized !== undefined && normalized !== null) {
    if (onPercentScale(normalized)) {
      const severity = normalizedSeverity(normalized);
      return judged(severity, `no Severity.Label; Severity.Normalized ${normalized} → ${severity}`);
    }
    notes.push(`Severity.Normalized ${normalized} is outside 0–100, not used`);
  }
  const product = finding.Severity?.Product;
  if (product !== undefined && product !== null) {
    const fromProduct = fromProductScore(product, finding.ProductArn);
    if (typeof fromProduct !== 'string')
      return { ...fromProduct, reasons: [...notes, ...fromProduct.reasons] };
    notes.push(fromProduct);
  }
  const productFieldLabel = nonEmpty(finding.ProductFields?.['aws/securityhub/SeverityLabel']);
  if (productFieldLabel) {
    return fromLabel(productFieldLabel, 'ProductFields["aws/securityhub/SeverityLabel"]', notes);
  }
  return unrecognized('the finding carries no severity', notes);
};

/** OCSF `severity_id`: 1 Informational … 5 Critical, 6 Fatal (above Critical); 0 Unknown and 99 Other say nothing. */
const OCSF_SEVERITY_IDS: Readonly<Record<number, Severity>> = {
  1: 'INFORMATIONAL',
  2: 'LOW',
  3: 'MEDIUM',
  4: 'HIGH',
  5: 'CRITICAL',
  6: 'CRITICAL',
};

/** OCSF captions that carry no severity of their own: the id (or nothing) decides. */
const OCSF_NO_CAPTION = new Set(['UNKNOWN', 'OTHER']);

/** `severity` (the caption, DESIGN §3's OCSF label), else `severity_id`, else MEDIUM + unrecognized. */
const ocsfSeverity = (finding: OcsfFinding): Judgement => {
  const caption = nonEmpty(finding.severity);
  if (caption && !OCSF_NO_CAPTION.has(caption.toUpperCase())) {
    if (caption.toUpperCase() === 'FATAL')
      return judged('CRITICAL', 'severity Fatal (above Critical) → CRITICAL');
    return fromLabel(caption, 'severity');
  }
  const id = finding.severity_id;
  const fromId = id === undefined || id === null ? undefined : OCSF_SEVERITY_IDS[id];
  if (fromId) return judged(fromId, `severity_id ${id} → ${fromId}`);
  return unrecognized(`severity ${caption ?? 'missing'}, severity_id ${id ?? 'missing'}`);
};

// ── Status ─────────────────────────────────────────────────────────────────────────────────────────────

type Lifecycle = { readonly status: AlertStatus; readonly reason: string };

const resolvedBy = (reason: string): Lifecycle => ({ status: 'resolved', reason: `${reason} → resolved` });

const upper = (value: string | null | undefined): string | undefined => nonEmpty(value)?.toUpperCase();

const CLOSING_WORKFLOW = new Set(['RESOLVED', 'SUPPRESSED']);

/**
 * Resolved when `Workflow.Status` is RESOLVED/SUPPRESSED; when there is no `Workflow.Status`, the legacy
 * `WorkflowState` decides (the two can disagree on real findings, and the newer one wins); or when the record is
 * ARCHIVED, or the control check PASSED.
 */
const asffLifecycle = (finding: AsffFinding): Lifecycle => {
  const workflow = upper(finding.Workflow?.Status);
  if (workflow && CLOSING_WORKFLOW.has(workflow)) return resolvedBy(`Workflow.Status ${workflow}`);
  const legacy = upper(finding.WorkflowState);
  if (!workflow && legacy && CLOSING_WORKFLOW.has(legacy)) {
    return resolvedBy(`WorkflowState ${legacy} (legacy field, no Workflow.Status)`);
  }
  if (upper(finding.RecordState) === 'ARCHIVED') return resolvedBy('RecordState ARCHIVED');
  if (upper(finding.Compliance?.Status) === 'PASSED') return resolvedBy('Compliance.Status PASSED');
  return { status: 'open', reason: `finding is active (workflow ${workflow ?? legacy ?? 'not set'})` };
};

/** OCSF status_id 3 Suppressed, 4 Resolved; activity 3 Close is how Security Hub closes a finding. */
const OCSF_CLOSING_STATUS = new Set(['SUPPRESSED', 'RESOLVED']);
const OCSF_CLOSING_STATUS_IDS = new Set([3, 4]);
const OCSF_CLOSE_ACTIVITY = 3;
const OCSF_COMPLIANCE_PASS = 1;

const ocsfLifecycle = (finding: OcsfFinding): Lifecycle => {
  const status = upper(finding.status);
  if (status && OCSF_CLOSING_STATUS.has(status)) return resolvedBy(`status ${finding.status}`);
  if (finding.status_id != null && OCSF_CLOSING_STATUS_IDS.has(finding.status_id)) {
    return resolvedBy(`status_id ${finding.status_id}`);
  }
  if (finding.activity_id === OCSF_CLOSE_ACTIVITY || upper(finding.activity_name) === 'CLOSE') {
    return resolvedBy('activity Close');
  }
  const compliance = finding.compliance;
  if (upper(compliance?.status) === 'PASS' || compliance?.status_id === OCSF_COMPLIANCE_PASS) {
    return resolvedBy('compliance.status Pass');
  }
  return {
    status: 'open',
    reason: `finding is active (status ${finding.status ?? finding.status_id ?? 'not set'})`,
  };
};

// ── Identity: control id, category, fingerprint ────────────────────────────────────────────────────────

/** Security control ids are `Service.N` (`S3.8`, `AutoScaling.1`); CIS rule numbers (`1.6`, `2.1.4`) are not. */
const SECURITY_CONTROL_ID = /^[A-Za-z][A-Za-z0-9]*\.\d+$/;

/**
 * The control a finding checks, across standards: `Compliance.SecurityControlId`; for older findings without it,
 * `ProductFields.ControlId` when it has the security-control form (FSBP's own ids became the cross-standard ids).
 * CIS `RuleId`/`ControlId` numbers are left out: the same number means a different check in each CIS version, and
 * keying on it would fold two different failures into one incident.
 */
const asffControlId = (finding: AsffFinding): string | undefined => {
  const securityControlId = nonEmpty(finding.Compliance?.SecurityControlId);
  if (securityControlId) return securityControlId;
  const legacy = nonEmpty(finding.ProductFields?.ControlId);
  return legacy && SECURITY_CONTROL_ID.test(legacy) ? legacy : undefined;
};

/** A control or standards check: it has a Compliance object or names a control or rule of a standard. */
const isStandardsFinding = (finding: AsffFinding): boolean => {
  const fields = finding.ProductFields;
  return (
    Boolean(finding.Compliance) ||
    asffControlId(finding) !== undefined ||
    [fields?.ControlId, fields?.RuleId, fields?.StandardsControlArn].some((value) => nonEmpty(value))
  );
};

type Identity = { readonly fingerprint: string; readonly reason?: string };

type IdentityInput = {
  readonly account: string;
  readonly region: string;
  readonly productArn: string;
  readonly findingId: string;
  readonly controlId: string | undefined;
  readonly resource: string | undefined;
};

/**
 * DESIGN §5: a finding imported from GuardDuty or Inspector takes that source's key (one incident however it
 * arrives); a control finding takes the control key (one incident across standards); anything else is keyed by
 * product and finding id.
 */
const identityOf = (input: IdentityInput): Identity => {
  const product = awsProductOf(input.productArn);
  if (product === 'guardduty') {
    return {
      fingerprint: fingerprints.guardduty(input.account, input.region, input.findingId),
      reason: 'imported from GuardDuty: same incident as the native GuardDuty finding',
    };
  }
  if (product === 'inspector') {
    return {
      fingerprint: fingerprints.inspector(input.findingId),
      reason: 'imported from Inspector: same incident as the native Inspector finding',
    };
  }
  if (input.controlId && input.resource) {
    return {
      fingerprint: fingerprints.control(input.account, input.region, input.controlId, input.resource),
      reason: `control ${input.controlId}: one incident per resource across standards`,
    };
  }
  return { fingerprint: fingerprints.securityhub(input.productArn, input.findingId) };
};

const findingsUrl = (region: string, findingId: string, controlId: string | undefined): string =>
  controlId
    ? consoleUrl(region, 'securityhub', `/controls/${encodeURIComponent(controlId)}`)
    : consoleUrl(
        region,
        'securityhub',
        `/findings?search=${encodeURIComponent(`Id=\\operator\\:EQUALS\\:${findingId}`)}`,
      );

// ── Alerts ─────────────────────────────────────────────────────────────────────────────────────────────

/** What each format contributes; `toAlert` adds what every Security Hub alert shares. */
type FindingParts = {
  readonly accountId: string;
  readonly region: string;
  readonly resource: string | undefined;
  readonly type: string;
  readonly title: string | null | undefined;
  readonly description: string | null | undefined;
  readonly version: string | undefined;
  readonly category: Category;
  readonly identity: Identity;
  readonly judgement: Judgement;
  readonly lifecycle: Lifecycle;
  readonly consoleUrl: string;
  readonly customAction: string | undefined;
  readonly producer: Producer | undefined;
};

const toAlert = (envelope: Envelope, parts: FindingParts): Alert => {
  const flags: Flag[] = [];
  if (parts.customAction !== undefined) flags.push('custom-action');
  if (parts.judgement.unrecognized) flags.push('unrecognized');
  if (parts.producer !== undefined) flags.push('third-party-product');
  const title = parts.title ?? parts.type;
  return {
    fingerprint: parts.identity.fingerprint,
    source: 'securityhub',
    category: parts.category,
    accountId: parts.accountId,
    envelopeAccount: envelope.account,
    region: parts.region,
    resource: parts.resource ?? 'unknown',
    type: parts.type,
    // A finding AWS did not produce says so where every reader looks first: its title.
    title: clip(parts.producer ? `[${parts.producer.name}] ${title}` : title, 300),
    description: clip(parts.description ?? ''),
    severity: parts.judgement.severity,
    status: parts.lifecycle.status,
    version: parts.version ?? envelopeTime(envelope),
    eventId: envelope.id,
    time: envelopeTime(envelope),
    consoleUrl: parts.consoleUrl,
    flags,
    reasons: [
      ...parts.judgement.reasons,
      parts.lifecycle.reason,
      ...(parts.identity.reason ? [parts.identity.reason] : []),
      ...(parts.customAction !== undefined
        ? [`sent to the custom action "${parts.customAction}" by a person in the spoke account`]
        : []),
      ...(parts.producer ? [parts.producer.reason] : []),
    ],
    quiet: false,
  };
};

const fromAsff = (envelope: Envelope, finding: AsffFinding, customAction: string | undefined): Alert => {
  const accountId = finding.AwsAccountId;
  const region = nonEmpty(finding.Region) ?? envelope.region;
  const resource = nonEmpty(finding.Resources?.[0]?.Id);
  const controlId = asffControlId(finding);
  const type = nonEmpty(finding.Types?.[0]) ?? nonEmpty(finding.GeneratorId) ?? 'Security Hub finding';
  return toAlert(envelope, {
    accountId,
    region,
    resource,
    type,
    title: finding.Title,
    description: finding.Description,
    version: firstTime(finding.UpdatedAt, envelope.time),
    category: isStandardsFinding(finding) ? 'compliance' : 'security',
    identity: identityOf({
      account: accountId,
      region,
      productArn: finding.ProductArn,
      findingId: finding.Id,
      controlId,
      resource,
    }),
    judgement: asffSeverity(finding),
    lifecycle: asffLifecycle(finding),
    consoleUrl: findingsUrl(region, finding.Id, controlId),
    customAction,
    producer: producerOf(
      finding.ProductArn,
      finding.CompanyName ?? finding.ProductFields?.['aws/securityhub/CompanyName'],
      finding.ProductName ?? finding.ProductFields?.['aws/securityhub/ProductName'],
    ),
  });
};

/** OCSF class 2003 is Compliance Finding; a `compliance.control` marks a control check in any class. */
const OCSF_COMPLIANCE_CLASS = 2003;

const fromOcsf = (envelope: Envelope, finding: OcsfFinding): Alert => {
  const accountId = finding.cloud.account.uid;
  const region = nonEmpty(finding.cloud.region) ?? envelope.region;
  const resource = nonEmpty(finding.resources?.[0]?.uid);
  const controlId = nonEmpty(finding.compliance?.control);
  const info = finding.finding_info;
  const product = finding.metadata?.product;
  const productArn = nonEmpty(product?.uid) ?? nonEmpty(product?.name) ?? 'unknown-product';
  return toAlert(envelope, {
    accountId,
    region,
    resource,
    type: nonEmpty(info.types?.[0]) ?? nonEmpty(finding.class_name) ?? 'Security Hub finding',
    title: info.title,
    description: info.desc,
    version: firstTime(
      info.modified_time_dt,
      info.modified_time,
      finding.time_dt,
      finding.time,
      envelope.time,
    ),
    category:
      finding.class_uid === OCSF_COMPLIANCE_CLASS || finding.compliance || controlId
        ? 'compliance'
        : 'security',
    identity: identityOf({
      account: accountId,
      region,
      productArn,
      findingId: info.uid,
      controlId,
      resource,
    }),
    judgement: ocsfSeverity(finding),
    lifecycle: ocsfLifecycle(finding),
    consoleUrl: findingsUrl(region, info.uid, controlId),
    customAction: undefined,
    producer: producerOf(
      productArn,
      product?.vendor_name,
      product?.name,
      nonEmpty(product?.vendor_name)?.toUpperCase() === 'AWS',
    ),
  });
};

/** An event whose `findings` array is empty is said so, not silently dropped (DESIGN §8). */
const fromFindings = (list: readonly Alert[]): Normalized =>
  list.length === 0 ? ignored('the event carries no findings') : alerts(list);

const normalizeAsff = (envelope: Envelope): Normalized => {
  const detail = parseDetail(asffDetailSchema, envelope);
  // Every finding of a custom-action event was sent by a person; the action name says what they asked for.
  const customAction =
    envelope['detail-type'] === CUSTOM_ACTION ? (nonEmpty(detail.actionName) ?? 'custom action') : undefined;
  return fromFindings(detail.findings.map((finding) => fromAsff(envelope, finding, customAction)));
};

const normalizeOcsf = (envelope: Envelope): Normalized =>
  fromFindings(
    parseDetail(ocsfDetailSchema, envelope).findings.map((finding) => fromOcsf(envelope, finding)),
  );

/**
 * Security Hub source: ASFF `Imported` and `Custom Action` events and OCSF `Findings Imported V2` events, one alert
 * per finding. It claims every `aws.securityhub` event so that the others (`Security Hub Insight Results`, …) are
 * ignored with a reason naming them.
 */
export const securityhub: EventSource = {
  name: 'securityhub',
  accepts: (envelope) => envelope.source === 'aws.securityhub',
  normalize: (envelope) => {
    const detailType = envelope['detail-type'];
    if (detailType === IMPORTED || detailType === CUSTOM_ACTION) return normalizeAsff(envelope);
    if (detailType === OCSF_IMPORTED) return normalizeOcsf(envelope);
    return ignored(`Security Hub "${detailType}" events are not findings`);
  },
};
