import '../zod-locale.js';
import * as z from 'zod/mini';
import { consoleUrl } from '../console-url.js';
import { fingerprints } from '../fingerprint.js';
import type { Alert, Flag, Severity } from '../model.js';
import { type Envelope, envelopeTime, parseDetail } from './envelope.js';
import { booleanish, clip, firstTime, numeric, text } from './read.js';
import { alerts, type EventSource } from './source.js';

/**
 * GuardDuty findings (`GuardDuty Finding`, source `aws.guardduty`). The detail is one finding, re-published
 * every 15 min–6 h with a growing `service.count`: the same fingerprint, a repeat.
 */
const findingSchema = z.object({
  id: text,
  accountId: text,
  region: z.optional(z.string()),
  type: z.optional(z.string()),
  severity: numeric,
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  arn: z.optional(z.string()),
  createdAt: z.optional(z.unknown()),
  updatedAt: z.optional(z.unknown()),
  resource: z.nullish(
    z.object({
      resourceType: z.optional(z.string()),
      instanceDetails: z.nullish(z.object({ instanceId: z.optional(z.string()) })),
      accessKeyDetails: z.nullish(
        z.object({ userName: z.nullish(z.string()), accessKeyId: z.nullish(z.string()) }),
      ),
      s3BucketDetails: z.nullish(z.array(z.object({ name: z.optional(z.string()) }))),
    }),
  ),
  service: z.nullish(
    z.object({
      archived: z.nullish(booleanish),
      count: z.nullish(numeric),
      additionalInfo: z.nullish(z.object({ sample: z.nullish(booleanish) })),
    }),
  ),
});

type Finding = z.infer<typeof findingSchema>;

/** DESIGN §3: numeric ranges, never a list of values (a list silently misses a new band). */
export const guardDutySeverity = (score: number): Severity => {
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  return 'LOW';
};

const BAND_FLOOR: Record<Severity, string> = {
  CRITICAL: '≥ 9.0',
  HIGH: '7.0–8.9',
  MEDIUM: '4.0–6.9',
  LOW: '< 4.0',
  INFORMATIONAL: '',
};

/** The resource a person looks at first: an instance, an access key's user, a bucket, or the resource type. */
const resourceOf = (finding: Finding): string => {
  const resource = finding.resource;
  return (
    resource?.instanceDetails?.instanceId ??
    resource?.accessKeyDetails?.userName ??
    resource?.s3BucketDetails?.find((bucket) => bucket.name)?.name ??
    resource?.resourceType ??
    'unknown'
  );
};

const normalizeFinding = (envelope: Envelope, finding: Finding): Alert => {
  const severity = guardDutySeverity(finding.severity);
  const region = finding.region ?? envelope.region;
  const archived = finding.service?.archived === true;
  const flags: Flag[] = finding.service?.additionalInfo?.sample === true ? ['sample'] : [];
  const count = finding.service?.count;
  const type = finding.type ?? 'GuardDuty finding';
  return {
    fingerprint: fingerprints.guardduty(finding.accountId, region, finding.id),
    source: 'guardduty',
    category: 'security',
    accountId: finding.accountId,
    envelopeAccount: envelope.account,
    region,
    resource: resourceOf(finding),
    type,
    title: clip(finding.title ?? type, 300),
    description: clip(finding.description ?? ''),
    severity,
    status: archived ? 'resolved' : 'open',
    version: firstTime(finding.updatedAt, envelope.time) ?? envelopeTime(envelope),
    eventId: envelope.id,
    time: envelopeTime(envelope),
    consoleUrl: consoleUrl(
      region,
      'guardduty',
      `/findings?macros=current&fId=${encodeURIComponent(finding.id)}`,
    ),
    flags,
    reasons: [
      `GuardDuty severity ${finding.severity} is in ${BAND_FLOOR[severity]} → ${severity}`,
      archived ? 'service.archived is true → resolved' : 'finding is active',
      ...(count !== undefined && count !== null && count > 1
        ? [`seen ${count} times (a repeat of the same finding)`]
        : []),
      ...(flags.includes('sample') ? ['sample finding (CreateSampleFindings)'] : []),
    ],
    quiet: false,
  };
};

export const guardduty: EventSource = {
  name: 'guardduty',
  accepts: (envelope) =>
    envelope.source === 'aws.guardduty' && envelope['detail-type'] === 'GuardDuty Finding',
  normalize: (envelope) => alerts([normalizeFinding(envelope, parseDetail(findingSchema, envelope))]),
};
