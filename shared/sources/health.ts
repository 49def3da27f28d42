import '../zod-locale.js';
import * as z from 'zod/mini';
import { healthDashboardUrl } from '../console-url.js';
import { fingerprints } from '../fingerprint.js';
import type { Alert, AlertStatus, Flag, HealthDetail, Severity } from '../model.js';
import { type Envelope, envelopeTime, parseDetail } from './envelope.js';
import { booleanish, clip, firstTime, numeric, text, toIsoTime } from './read.js';
import { alerts, type EventSource } from './source.js';

/**
 * AWS Health events (`AWS Health Event` and `AWS Health Abuse Event`, source `aws.health`).
 *
 * One Health event (one `eventArn`) reaches every affected spoke, again in the backup region, and in pages when
 * it lists many entities; they all share `health:{eventArn}` so the incident gathers them (DESIGN §5). Real
 * payloads drift from the documented schema: legacy events lack scope, status and update time, public events
 * lack entities and the affected account, sample mocks use other cases and categories. Only `eventArn` and
 * `eventTypeCode` are required; everything else has a fallback.
 */
const detailSchema = z.object({
  eventArn: z.string().check(z.minLength(1, 'must not be empty')),
  eventTypeCode: z.string().check(z.minLength(1, 'must not be empty')),
  service: z.nullish(z.string()),
  eventTypeCategory: z.nullish(z.string()),
  eventScopeCode: z.nullish(z.string()),
  statusCode: z.nullish(z.string()),
  communicationId: z.nullish(text),
  eventRegion: z.nullish(z.string()),
  affectedAccount: z.nullish(text),
  startTime: z.optional(z.unknown()),
  endTime: z.optional(z.unknown()),
  lastUpdatedTime: z.optional(z.unknown()),
  eventDescription: z.nullish(
    z.array(z.object({ language: z.nullish(z.string()), latestDescription: z.nullish(z.string()) })),
  ),
  affectedEntities: z.nullish(z.array(z.object({ entityValue: z.nullish(text) }))),
  // Delivery bookkeeping: a malformed value must not cost us the event, so it reads as absent.
  backupEvent: z.catch(z.nullish(booleanish), undefined),
  page: z.catch(z.nullish(numeric), undefined),
  totalPages: z.catch(z.nullish(numeric), undefined),
  // Optional fields AWS added later (ACTION_REQUIRED | ACTION_MAY_BE_REQUIRED | INFORMATIONAL; OPERATIONAL |
  // SECURITY | BILLING, written OPERATIONS in AWS's own examples): read for the team, never a reason to drop.
  actionability: z.catch(z.nullish(z.string()), undefined),
  personas: z.catch(
    z.nullish(z.union([z.string(), z.array(z.catch(z.nullish(z.string()), undefined))])),
    undefined,
  ),
});

type Detail = z.infer<typeof detailSchema>;

const ABUSE_DETAIL_TYPE = 'AWS Health Abuse Event';
const DETAIL_TYPES: readonly string[] = ['AWS Health Event', ABUSE_DETAIL_TYPE];

/** The documented categories, keyed by lower case because mocks send `accountnotification`. */
const CATEGORIES: Readonly<Record<string, { readonly name: string; readonly severity: Severity }>> = {
  issue: { name: 'issue', severity: 'HIGH' },
  investigation: { name: 'investigation', severity: 'MEDIUM' },
  scheduledchange: { name: 'scheduledChange', severity: 'MEDIUM' },
  accountnotification: { name: 'accountNotification', severity: 'LOW' },
};

const SCOPES: readonly HealthDetail['eventScope'][] = ['PUBLIC', 'ACCOUNT_SPECIFIC', 'NONE'];

/** What one field adds to the alert's flags, and why. */
type Notes = { readonly flags: readonly Flag[]; readonly reasons: readonly string[] };

/** A reading of one field: the value we settle on, with its notes. */
type Reading<T> = Notes & { readonly value: T };

/**
 * DESIGN §3 severity by `eventTypeCategory`, case-insensitive. An unknown or missing category is not dropped: the
 * team gets it as MEDIUM, flagged `unrecognized`. The category comes back in its documented spelling so that
 * routing compares one literal (`accountNotification`), whatever case the event used.
 */
export const healthCategory = (
  category: string | null | undefined,
): Reading<{ readonly category: string; readonly severity: Severity }> => {
  const known = category ? CATEGORIES[category.trim().toLowerCase()] : undefined;
  if (known) {
    return {
      value: { category: known.name, severity: known.severity },
      flags: [],
      reasons: [`Health category ${known.name} → ${known.severity}`],
    };
  }
  const shown = category ?? '(missing)';
  return {
    value: { category: category?.trim() || 'unknown', severity: 'MEDIUM' },
    flags: ['unrecognized'],
    reasons: [`unrecognized Health eventTypeCategory "${shown}" → MEDIUM for the team to look at`],
  };
};

/**
 * `closed` resolves; `open`, `upcoming` and a missing status (legacy events) stay open. `resolved` is not a
 * documented value but means what it says (AWS's own sample mocks send it); anything else stays open so an
 * outage is never closed by a word we do not know.
 */
export const healthStatus = (statusCode: string | null | undefined): Reading<AlertStatus> => {
  const status = statusCode?.trim().toLowerCase();
  if (status === undefined || status === '') {
    return { value: 'open', flags: [], reasons: ['no statusCode (legacy event shape) → open'] };
  }
  if (status === 'closed') return { value: 'resolved', flags: [], reasons: ['statusCode closed → resolved'] };
  if (status === 'resolved') {
    return {
      value: 'resolved',
      flags: [],
      reasons: ['statusCode "resolved" is not a documented value; read as closed → resolved'],
    };
  }
  if (status === 'open' || status === 'upcoming') {
    return { value: 'open', flags: [], reasons: [`statusCode ${status} → open`] };
  }
  return { value: 'open', flags: [], reasons: [`unknown statusCode "${statusCode}" → kept open`] };
};

/** `AWS_RISK_*` / `AWS_ABUSE_*` or an abuse detail-type: a security notice about the account, never an outage. */
export const isRiskEvent = (eventTypeCode: string, detailType: string): boolean => {
  const code = eventTypeCode.trim().toUpperCase();
  return code.startsWith('AWS_RISK_') || code.startsWith('AWS_ABUSE_') || detailType === ABUSE_DETAIL_TYPE;
};

const scopeOf = (code: string | null | undefined): Reading<HealthDetail['eventScope']> => {
  if (code === undefined || code === null || code.trim() === '') {
    return { value: 'UNKNOWN', flags: [], reasons: [] };
  }
  const upper = code.trim().toUpperCase();
  const scope = SCOPES.find((candidate) => candidate === upper);
  return scope
    ? { value: scope, flags: [], reasons: [] }
    : { value: 'UNKNOWN', flags: [], reasons: [`unknown eventScopeCode "${code}"`] };
};

/** Backup-region copies and later pages are the same event delivered again: they fold into one incident. */
const deliveryOf = (detail: Detail, envelope: Envelope, eventRegion: string): Notes => {
  const backup = detail.backupEvent === true;
  const page = detail.page ?? undefined;
  const totalPages = detail.totalPages ?? undefined;
  const paged = totalPages !== undefined && totalPages > 1;
  return {
    flags: backup ? ['backup-copy'] : [],
    reasons: [
      ...(backup
        ? [
            `backup copy delivered to ${envelope.region} (event region ${eventRegion}): folds into the primary`,
          ]
        : []),
      ...(paged ? [`page ${page ?? '?'} of ${totalPages}: affected entities arrive in several events`] : []),
    ],
  };
};

/** The English description when there is one (`en_US`, or any `en*`), else the first one. */
const englishDescription = (detail: Detail): string => {
  const descriptions = detail.eventDescription ?? [];
  const english =
    descriptions.find((entry) => entry.language?.toLowerCase().replace('-', '_') === 'en_us') ??
    descriptions.find((entry) => entry.language?.toLowerCase().startsWith('en'));
  return (english ?? descriptions[0])?.latestDescription ?? '';
};

const entitiesOf = (detail: Detail): string[] =>
  (detail.affectedEntities ?? [])
    .map((entity) => entity.entityValue)
    .filter((value): value is string => typeof value === 'string' && value !== '');

/** `OPERATIONS, SECURITY`: the personas as a list, whether AWS sent a list or one string. */
const personasOf = (detail: Detail): string | undefined => {
  const given = typeof detail.personas === 'string' ? [detail.personas] : (detail.personas ?? []);
  const named = given
    .map((persona) => persona?.trim())
    .filter((persona): persona is string => Boolean(persona));
  return named.length > 0 ? named.join(', ') : undefined;
};

const nonEmpty = (value: string | null | undefined): string | undefined =>
  value === undefined || value === null || value.trim() === '' ? undefined : value;

const normalizeHealth = (envelope: Envelope, detail: Detail): Alert => {
  const detailType = envelope['detail-type'];
  const risk = isRiskEvent(detail.eventTypeCode, detailType);
  const category = healthCategory(detail.eventTypeCategory);
  const status = healthStatus(detail.statusCode);
  const scope = scopeOf(detail.eventScopeCode);
  const eventRegion = nonEmpty(detail.eventRegion) ?? envelope.region;
  const delivery = deliveryOf(detail, envelope, eventRegion);
  const entities = entitiesOf(detail);
  const service = nonEmpty(detail.service) ?? 'AWS';
  const startTime = toIsoTime(detail.startTime);
  const endTime = toIsoTime(detail.endTime);
  const communicationId = nonEmpty(detail.communicationId);
  const personas = personasOf(detail);
  const health: HealthDetail = {
    eventArn: detail.eventArn,
    service,
    eventTypeCategory: category.value.category,
    eventScope: scope.value,
    eventRegion,
    risk,
    affectedEntities: entities,
    ...(communicationId === undefined ? {} : { communicationId }),
    ...(startTime === undefined ? {} : { startTime }),
    ...(endTime === undefined ? {} : { endTime }),
  };
  // A risk notice is HIGH security whatever its category says (AWS files exposed keys under `issue`).
  const severity: Severity = risk ? 'HIGH' : category.value.severity;
  const categoryNotes: Notes = risk
    ? {
        flags: [],
        reasons: [`${detail.eventTypeCode} is a risk/abuse notice → security, HIGH, no outage notice`],
      }
    : category;
  return {
    fingerprint: fingerprints.health(detail.eventArn),
    source: 'health',
    category: risk ? 'security' : 'health',
    accountId: nonEmpty(detail.affectedAccount) ?? envelope.account,
    envelopeAccount: envelope.account,
    region: eventRegion,
    resource: entities[0] ?? service,
    type: detail.eventTypeCode,
    title: clip(`${service} ${detail.eventTypeCode}`, 300),
    description: clip(englishDescription(detail)),
    severity,
    status: status.value,
    version:
      firstTime(detail.lastUpdatedTime, detail.endTime, detail.startTime, envelope.time) ??
      envelopeTime(envelope),
    eventId: envelope.id,
    time: envelopeTime(envelope),
    consoleUrl: healthDashboardUrl(detail.eventArn),
    flags: [...categoryNotes.flags, ...delivery.flags],
    reasons: [
      ...categoryNotes.reasons,
      ...status.reasons,
      ...scope.reasons,
      ...delivery.reasons,
      ...(nonEmpty(detail.actionability) ? [`actionability ${detail.actionability?.trim()}`] : []),
      ...(personas ? [`personas ${personas}`] : []),
    ],
    quiet: false,
    health,
  };
};

/** AWS Health: outages, investigations, scheduled changes, account notices, and risk/abuse notices. */
export const health: EventSource = {
  name: 'health',
  accepts: (envelope) => envelope.source === 'aws.health' && DETAIL_TYPES.includes(envelope['detail-type']),
  normalize: (envelope) => alerts([normalizeHealth(envelope, parseDetail(detailSchema, envelope))]),
};
