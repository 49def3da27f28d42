import '../zod-locale.js';
import * as z from 'zod/mini';
import { consoleUrl } from '../console-url.js';
import { fingerprints } from '../fingerprint.js';
import type { Alert, AlertStatus, Flag, Severity } from '../model.js';
import { type Envelope, envelopeTime, parseDetail } from './envelope.js';
import { clip, firstTime, numeric, readSeverityLabel, text } from './read.js';
import { alerts, type EventSource, ignored } from './source.js';

/**
 * Amazon Inspector findings, in the detail-types AWS documents:
 * - `Inspector2 Finding` (source `aws.inspector2`): continuous scanning of instances, images and functions; the
 *   EventBridge event reference also lists `Inspector Finding` for the same source, read the same way;
 * - `OnDemand AMI Scan Findings` (source `inspector2.ami.ondemand`): one event per vulnerability of a machine image
 *   scanned on request (StartOnDemandScan). AWS delivers these only through EventBridge: they are not in the
 *   Inspector console or Security Hub, so the link goes to the image in the EC2 console.
 * The detail is one finding; its timestamps come as `Wed Sep 04 16:59:44.356 UTC 2024` or ISO, which `firstTime`
 * reads. Both sources also send scan and coverage notices (`Inspector2 Scan`, `Inspector2 OnDemand Scan Complete`,
 * …), which are not findings.
 */

const FINDINGS = ['Inspector2 Finding', 'Inspector Finding'];
const ONDEMAND_SOURCE = 'inspector2.ami.ondemand';
const ONDEMAND_FINDING = 'OnDemand AMI Scan Findings';

const findingSchema = z.object({
  findingArn: z.string().check(z.trim(), z.minLength(1, 'must not be empty')),
  awsAccountId: text,
  severity: z.nullish(z.string()),
  status: z.nullish(z.string()),
  type: z.nullish(z.string()),
  title: z.nullish(z.string()),
  description: z.nullish(z.string()),
  inspectorScore: z.nullish(numeric),
  updatedAt: z.optional(z.unknown()),
  lastObservedAt: z.optional(z.unknown()),
  resources: z.nullish(
    z.array(z.object({ id: z.nullish(text), region: z.catch(z.nullish(z.string()), undefined) })),
  ),
});

type Finding = z.infer<typeof findingSchema>;

type Judgement = { readonly severity: Severity; readonly reason: string; readonly unrecognized: boolean };

/**
 * Inspector's own label (DESIGN §3). UNTRIAGED means Inspector has not scored it yet (no vendor score): MEDIUM so
 * the team sees it, without calling it unknown. Any other value we do not know is MEDIUM + unrecognized.
 */
export const inspectorSeverity = (label: string | null | undefined): Judgement => {
  const raw = label?.trim() ?? '';
  const known = readSeverityLabel(raw);
  if (known) return { severity: known, reason: `Inspector severity ${raw} → ${known}`, unrecognized: false };
  if (raw.toUpperCase() === 'UNTRIAGED') {
    return {
      severity: 'MEDIUM',
      reason: 'Inspector severity UNTRIAGED (not scored yet) → MEDIUM',
      unrecognized: false,
    };
  }
  return {
    severity: 'MEDIUM',
    reason: `Inspector severity ${raw === '' ? 'missing' : `"${raw}" is not one we know`} → MEDIUM (unrecognized)`,
    unrecognized: true,
  };
};

type Lifecycle = { readonly status: AlertStatus; readonly reason: string; readonly unrecognized: boolean };

/** CLOSED (fixed or gone) and SUPPRESSED (a suppression rule) end it; ACTIVE is open; anything else stays open. */
const lifecycleOf = (status: string | null | undefined): Lifecycle => {
  const value = status?.trim().toUpperCase() ?? '';
  if (value === 'CLOSED' || value === 'SUPPRESSED') {
    return { status: 'resolved', reason: `status ${value} → resolved`, unrecognized: false };
  }
  if (value === 'ACTIVE') return { status: 'open', reason: 'status ACTIVE', unrecognized: false };
  // A new status is not a reason to drop a finding: keep it open and let the team look at the value.
  return {
    status: 'open',
    reason: `status ${value === '' ? 'missing' : `"${status}" is not one we know`}; kept open (unrecognized)`,
    unrecognized: true,
  };
};

/** Where the team looks at the finding: Inspector's findings page, or the image itself for an on-demand scan. */
const findingUrl = (region: string, finding: Finding, resource: string, onDemand: boolean): string =>
  onDemand && /^ami-[0-9a-f]+$/.test(resource)
    ? consoleUrl(region, 'ec2', `ImageDetails:imageId=${encodeURIComponent(resource)}`)
    : consoleUrl(
        region,
        'inspector/v2',
        `/findings/all?findingArn=${encodeURIComponent(finding.findingArn)}`,
      );

const normalizeFinding = (envelope: Envelope, finding: Finding): Alert => {
  const judgement = inspectorSeverity(finding.severity);
  const lifecycle = lifecycleOf(finding.status);
  const flags: Flag[] = judgement.unrecognized || lifecycle.unrecognized ? ['unrecognized'] : [];
  const type = finding.type?.trim() || 'Inspector finding';
  const score = finding.inspectorScore;
  const onDemand = envelope['detail-type'] === ONDEMAND_FINDING;
  const scanned = finding.resources?.find((candidate) => candidate.id);
  const resource = scanned?.id ?? 'unknown';
  // A finding has no region field of its own: the event comes from the region that scanned. An on-demand finding
  // names the image's region on the resource (its documented sample comes without an envelope to take it from).
  const region = (onDemand ? scanned?.region?.trim() : undefined) || envelope.region;
  return {
    fingerprint: fingerprints.inspector(finding.findingArn),
    source: 'inspector',
    category: 'security',
    accountId: finding.awsAccountId,
    envelopeAccount: envelope.account,
    region,
    resource,
    type,
    title: clip(finding.title ?? type, 300),
    description: clip(finding.description ?? ''),
    severity: judgement.severity,
    status: lifecycle.status,
    version: firstTime(finding.updatedAt, finding.lastObservedAt, envelope.time) ?? envelopeTime(envelope),
    eventId: envelope.id,
    time: envelopeTime(envelope),
    consoleUrl: findingUrl(region, finding, resource, onDemand),
    flags,
    reasons: [
      judgement.reason,
      lifecycle.reason,
      ...(score !== undefined && score !== null ? [`Inspector score ${score}`] : []),
      ...(onDemand
        ? ['from an on-demand machine image scan: AWS shows it in the EC2 console, not in Inspector']
        : []),
    ],
    quiet: false,
  };
};

/**
 * Inspector source. It claims every `aws.inspector2` and `inspector2.ami.ondemand` event so that scan and coverage
 * notices are ignored with a reason instead of being reported as unknown.
 */
export const inspector: EventSource = {
  name: 'inspector',
  accepts: (envelope) => envelope.source === 'aws.inspector2' || envelope.source === ONDEMAND_SOURCE,
  normalize: (envelope) => {
    const detailType = envelope['detail-type'];
    const finding =
      envelope.source === ONDEMAND_SOURCE ? detailType === ONDEMAND_FINDING : FINDINGS.includes(detailType);
    return finding
      ? alerts([normalizeFinding(envelope, parseDetail(findingSchema, envelope))])
      : ignored(`Inspector "${detailType}" is a scan or coverage notice, not a finding`);
  },
};
