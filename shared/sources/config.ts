import '../zod-locale.js';
import * as z from 'zod/mini';
import { consoleUrl } from '../console-url.js';
import { EnvelopeInvalidError, type Problem } from '../errors.js';
import { fingerprints } from '../fingerprint.js';
import type { Alert, AlertStatus, Flag } from '../model.js';
import { type Envelope, envelopeTime, parseDetail } from './envelope.js';
import { clip, firstTime, text } from './read.js';
import { alerts, type EventSource, ignored, type Normalized, type Verdict } from './source.js';

/**
 * AWS Config rule results (`Config Rules Compliance Change`, source `aws.config`). Each event is one rule's verdict
 * on one resource; the verdict flips between NON_COMPLIANT and COMPLIANT on the same key
 * `config:{account}:{region}:{rule}:{resourceType}:{resourceId}`. Config's other detail-types (configuration item
 * changes, snapshots, evaluation progress) describe resources, not findings, and are ignored with the reason.
 */
const COMPLIANCE_CHANGE = 'Config Rules Compliance Change';

const qualifierSchema = z.object({
  configRuleName: z.nullish(z.string()),
  resourceType: z.nullish(z.string()),
  resourceId: z.nullish(text),
});

const evaluationSchema = z.object({
  evaluationResultIdentifier: z.nullish(z.object({ evaluationResultQualifier: z.nullish(qualifierSchema) })),
  complianceType: z.string().check(z.minLength(1, 'must not be empty')),
  resultRecordedTime: z.optional(z.unknown()),
  annotation: z.nullish(z.string()),
});

const detailSchema = z.object({
  configRuleName: z.nullish(z.string()),
  configRuleARN: z.nullish(z.string()),
  resourceType: z.nullish(z.string()),
  resourceId: z.nullish(text),
  awsAccountId: z.nullish(text),
  awsRegion: z.nullish(z.string()),
  notificationCreationTime: z.optional(z.unknown()),
  newEvaluationResult: evaluationSchema,
  // Absent on a first evaluation; only used to say what the verdict was before.
  oldEvaluationResult: z.catch(z.nullish(z.object({ complianceType: z.nullish(z.string()) })), undefined),
});

type Detail = z.infer<typeof detailSchema>;

/**
 * DESIGN §3: NON_COMPLIANT → MEDIUM, COMPLIANT → resolved. NOT_APPLICABLE also resolves: the rule no longer covers
 * the resource (deleted, or out of scope), so an open incident about it would never close otherwise.
 * INSUFFICIENT_DATA is no verdict at all. Resolved verdicts keep MEDIUM so they match the incident they close.
 */
export const complianceVerdict = (complianceType: string): Verdict => {
  switch (complianceType.trim().toUpperCase()) {
    case 'NON_COMPLIANT':
      return verdict('open', 'NON_COMPLIANT → MEDIUM');
    case 'COMPLIANT':
      return verdict('resolved', 'COMPLIANT → resolved');
    case 'NOT_APPLICABLE':
      return verdict('resolved', 'NOT_APPLICABLE: the rule no longer applies to the resource → resolved');
    case 'INSUFFICIENT_DATA':
      return { kind: 'ignored', reason: 'Config result INSUFFICIENT_DATA: the rule reached no verdict' };
    default:
      return verdict(
        'open',
        `unrecognized complianceType "${complianceType}" → MEDIUM for the team to look at`,
        ['unrecognized'],
      );
  }
};

/** Every Config verdict is MEDIUM (DESIGN §3); only the status, the flags and the reason differ. */
const verdict = (status: AlertStatus, reason: string, flags: readonly Flag[] = []): Verdict => ({
  kind: 'alert',
  severity: 'MEDIUM',
  status,
  flags,
  reason,
});

/** Rule and resource from the top level, or from the evaluation's qualifier when the top level lacks them. */
const subjectOf = (detail: Detail) => {
  const qualifier = detail.newEvaluationResult.evaluationResultIdentifier?.evaluationResultQualifier;
  const rule = detail.configRuleName || qualifier?.configRuleName || undefined;
  const resourceType = detail.resourceType || qualifier?.resourceType || undefined;
  const resourceId = detail.resourceId || qualifier?.resourceId || undefined;
  const missing: Problem[] = [
    ...(rule ? [] : [{ path: 'detail.configRuleName', reason: 'a compliance change must name its rule' }]),
    ...(resourceType
      ? []
      : [{ path: 'detail.resourceType', reason: 'a compliance change must name a resource type' }]),
    ...(resourceId
      ? []
      : [{ path: 'detail.resourceId', reason: 'a compliance change must name a resource' }]),
  ];
  // Without rule and resource there is no dedup key: the event goes to the error path, not to a guess.
  if (!rule || !resourceType || !resourceId) throw new EnvelopeInvalidError(missing);
  return { rule, resourceType, resourceId };
};

const normalizeCompliance = (envelope: Envelope, detail: Detail): Normalized => {
  const evaluation = detail.newEvaluationResult;
  const verdict = complianceVerdict(evaluation.complianceType);
  if (verdict.kind === 'ignored') return ignored(verdict.reason);
  const { rule, resourceType, resourceId } = subjectOf(detail);
  const account = detail.awsAccountId || envelope.account;
  const region = detail.awsRegion || envelope.region;
  const compliance = evaluation.complianceType.trim().toUpperCase();
  const before = detail.oldEvaluationResult?.complianceType;
  const summary = `${resourceType} ${resourceId} is ${compliance} with rule ${rule}${before ? ` (was ${before})` : ''}.`;
  const alert: Alert = {
    fingerprint: fingerprints.config(account, region, rule, resourceType, resourceId),
    source: 'config',
    category: 'compliance',
    accountId: account,
    envelopeAccount: envelope.account,
    region,
    resource: resourceId,
    type: rule,
    title: clip(`Config rule ${rule}: ${resourceType} ${resourceId} ${compliance}`, 300),
    description: clip(evaluation.annotation ? `${summary} ${evaluation.annotation}` : summary),
    severity: verdict.severity,
    status: verdict.status,
    version:
      firstTime(evaluation.resultRecordedTime, detail.notificationCreationTime, envelope.time) ??
      envelopeTime(envelope),
    eventId: envelope.id,
    time: envelopeTime(envelope),
    consoleUrl: consoleUrl(region, 'config', `/rules/details?configRuleName=${encodeURIComponent(rule)}`),
    flags: verdict.flags,
    reasons: [
      verdict.reason,
      ...(before ? [`previous result ${before}`] : ['no previous result in the event']),
    ],
    quiet: false,
  };
  return alerts([alert]);
};

/** AWS Config: rule compliance changes become compliance alerts; other Config events are ignored. */
export const config: EventSource = {
  name: 'config',
  accepts: (envelope) => envelope.source === 'aws.config',
  normalize: (envelope) =>
    envelope['detail-type'] === COMPLIANCE_CHANGE
      ? normalizeCompliance(envelope, parseDetail(detailSchema, envelope))
      : ignored(`Config "${envelope['detail-type']}" is not a rule compliance result`),
};
