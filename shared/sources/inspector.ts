import '../zod-locale.js';
import * as z from 'zod/mini';
import { consoleUrl } from '../console-url.js';
import { fingerprints } from '../fingerprint.js';
import type { Alert, AlertStatus, Flag, Severity } from '../model.js';
import { type Envelope, envelopeTime, parseDetail } from './envelope.js';
import { clip, firstTime, numeric, readSeverityLabel, text } from './read.js';
import { alerts, type EventSource, ignored } from './source.js';

/**
 * Amazon Inspector findings (`Inspector2 Finding`, source `aws.inspector2`). The detail is one finding; its
 * timestamps come as `Wed Sep 04 16:59:44.356 UTC 2024`, which `firstTime` reads. The same source also sends scan
 * and coverage notices, which are not findings.
 */

const FINDING = 'Inspector2 Finding';

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
  resources: z.nullish(z.array(z.object({ id: z.nullish(text) }))),
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

const normalizeFinding = (envelope: Envelope, finding: Finding): Alert => {
  const judgement = inspectorSeverity(finding.severity);
  const lifecycle = lifecycleOf(finding.status);
  const flags: Flag[] = judgement.unrecognized || lifecycle.unrecognized ? ['unrecognized'] : [];
  const type = finding.type?.trim() || 'Inspector finding';
  const score = finding.inspectorScore;
  // Inspector findings carry no region field of their own: the event comes from the region that scanned.
  const region = envelope.region;
  return {
    fingerprint: fingerprints.inspector(finding.findingArn),
    source: 'inspector',
    category: 'security',
    accountId: finding.awsAccountId,
    envelopeAccount: envelope.account,
    region,
    resource: finding.resources?.find((resource) => resource.id)?.id ?? 'unknown',
    type,
    title: clip(finding.title ?? type, 300),
    description: clip(finding.description ?? ''),
    severity: judgement.severity,
    status: lifecycle.status,
    version: firstTime(finding.updatedAt, finding.lastObservedAt, envelope.time) ?? envelopeTime(envelope),
    eventId: envelope.id,
    time: envelopeTime(envelope),
    consoleUrl: consoleUrl(
      region,
      'inspector/v2',
      `/findings/all?findingArn=${encodeURIComponent(finding.findingArn)}`,
    ),
    flags,
    reasons: [
      judgement.reason,
      lifecycle.reason,
      ...(score !== undefined && score !== null ? [`Inspector score ${score}`] : []),
    ],
    quiet: false,
  };
};

/**
 * Inspector source. It claims every `aws.inspector2` event so that scan and coverage notices are ignored with a
 * reason instead of being reported as unknown.
 */
export const inspector: EventSource = {
  name: 'inspector',
  accepts: (envelope) => envelope.source === 'aws.inspector2',
  normalize: (envelope) =>
    envelope['detail-type'] === FINDING
      ? alerts([normalizeFinding(envelope, parseDetail(findingSchema, envelope))])
      : ignored(`Inspector "${envelope['detail-type']}" is a scan or coverage notice, not a finding`),
};
