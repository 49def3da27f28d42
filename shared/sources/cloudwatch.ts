import '../zod-locale.js';
import * as z from 'zod/mini';
import { consoleUrl } from '../console-url.js';
import { fingerprints } from '../fingerprint.js';
import type { Alert, AlertStatus, Flag } from '../model.js';
import { type Envelope, envelopeTime, parseDetail } from './envelope.js';
import { clip, firstTime, text } from './read.js';
import { alerts, type EventSource, ignored, type Normalized, type Verdict } from './source.js';

/**
 * CloudWatch alarms (`CloudWatch Alarm State Change`, source `aws.cloudwatch`): an ASP's own application alarms.
 * Only the state is read; `configuration` differs between metric, metric-math, anomaly and composite alarms and
 * `reasonData` is a JSON string we never need, so neither is required. `CloudWatch Alarm Configuration Change`
 * carries a `state` too (a deleted alarm can still say ALARM) and must never page.
 */
const STATE_CHANGE = 'CloudWatch Alarm State Change';
const CONFIGURATION_CHANGE = 'CloudWatch Alarm Configuration Change';

const ALARM_ARN = /^arn:aws[a-z-]*:cloudwatch:[^:]*:\d{12}:alarm:.+$/;

const metricSchema = z.object({
  metricStat: z.nullish(
    z.object({
      metric: z.nullish(z.object({ dimensions: z.nullish(z.record(z.string(), z.unknown())) })),
    }),
  ),
});

const detailSchema = z.object({
  alarmName: z.pipe(text, z.string().check(z.minLength(1, 'must not be empty'))),
  state: z.object({
    value: z.string().check(z.minLength(1, 'must not be empty')),
    reason: z.nullish(z.string()),
    timestamp: z.optional(z.unknown()),
    actionsSuppressedBy: z.nullish(z.string()),
    actionsSuppressedReason: z.nullish(z.string()),
  }),
  previousState: z.catch(z.nullish(z.object({ value: z.nullish(z.string()) })), undefined),
  // Read only for the description and the watched resource; a shape we do not expect costs nothing.
  configuration: z.catch(
    z.nullish(
      z.object({
        description: z.nullish(z.string()),
        metrics: z.nullish(z.array(metricSchema)),
      }),
    ),
    undefined,
  ),
});

type Detail = z.infer<typeof detailSchema>;

/**
 * DESIGN §3: ALARM → HIGH, OK → resolved (keeping HIGH, the severity of what it closes). INSUFFICIENT_DATA says
 * nothing about the application, so it neither opens nor closes anything.
 */
export const alarmVerdict = (stateValue: string): Verdict => {
  switch (stateValue.trim().toUpperCase()) {
    case 'ALARM':
      return {
        kind: 'alert',
        severity: 'HIGH',
        status: 'open',
        flags: [],
        reason: 'alarm state ALARM → HIGH',
      };
    case 'OK':
      return {
        kind: 'alert',
        severity: 'HIGH',
        status: 'resolved',
        flags: [],
        reason: 'alarm state OK → resolved',
      };
    case 'INSUFFICIENT_DATA':
      return { kind: 'ignored', reason: 'alarm state INSUFFICIENT_DATA: no verdict' };
    default:
      return {
        kind: 'alert',
        severity: 'MEDIUM',
        status: 'open',
        flags: ['unrecognized'],
        reason: `unrecognized alarm state "${stateValue}" → MEDIUM for the team to look at`,
      };
  }
};

/**
 * The alarm's ARN: the first alarm ARN of the envelope account in `resources`, else built from the envelope. The
 * envelope's `resources` is optional and may hold other ARNs, so it is searched rather than indexed. An alarm ARN
 * of another account is not used: an alarm event speaks for its own account only (§7), and keying on another
 * account's ARN would let it update or resolve that account's alarm incident.
 */
export const alarmArnOf = (envelope: Envelope, alarmName: string): string =>
  envelope.resources?.find(
    (entry): entry is string =>
      typeof entry === 'string' && ALARM_ARN.test(entry) && entry.split(':')[4] === envelope.account,
  ) ?? `arn:aws:cloudwatch:${envelope.region}:${envelope.account}:alarm:${alarmName}`;

/** What the alarm watches (`i-0123…`, a function name) when its metrics name one, else the alarm itself. */
const watchedResource = (detail: Detail): string => {
  for (const metric of detail.configuration?.metrics ?? []) {
    const dimensions = metric.metricStat?.metric?.dimensions ?? {};
    const value = Object.values(dimensions).find((entry) => typeof entry === 'string' && entry !== '');
    if (typeof value === 'string') return value;
  }
  return detail.alarmName;
};

/**
 * The owner muted the alarm's actions (a suppressor alarm, or its wait/extension period): record, do not send.
 * A muted OK still closes what an earlier, unmuted ALARM opened: DESIGN §4 sends every resolve, always.
 */
const suppressionOf = (
  detail: Detail,
  status: AlertStatus,
): { readonly quiet: boolean; readonly flags: readonly Flag[]; readonly reasons: readonly string[] } => {
  const by = detail.state.actionsSuppressedBy?.trim();
  if (!by) return { quiet: false, flags: [], reasons: [] };
  // AWS's reason often only repeats the cause (`Actions suppressed by WaitPeriod`): say it once.
  const reason = detail.state.actionsSuppressedReason?.trim();
  const repeats = reason?.toLowerCase() === `actions suppressed by ${by}`.toLowerCase();
  const why = reason && !repeats ? ` (${reason})` : '';
  const outcome =
    status === 'open' ? 'recorded, not sent' : 'still resolves whatever an earlier trigger opened';
  return {
    quiet: status === 'open',
    flags: ['actions-suppressed'],
    reasons: [`actions suppressed by ${by}${why}: the owner muted this alarm → ${outcome}`],
  };
};

const normalizeStateChange = (envelope: Envelope, detail: Detail): Normalized => {
  const verdict = alarmVerdict(detail.state.value);
  if (verdict.kind === 'ignored') return ignored(verdict.reason);
  const alarmArn = alarmArnOf(envelope, detail.alarmName);
  const suppression = suppressionOf(detail, verdict.status);
  const previous = detail.previousState?.value;
  const state = detail.state.value.trim().toUpperCase();
  const description = [detail.configuration?.description, detail.state.reason].filter(Boolean).join('\n');
  const alert: Alert = {
    fingerprint: fingerprints.cloudwatch(alarmArn),
    source: 'cloudwatch',
    category: 'application',
    accountId: envelope.account,
    envelopeAccount: envelope.account,
    region: envelope.region,
    resource: watchedResource(detail),
    type: detail.alarmName,
    title: clip(`CloudWatch alarm ${detail.alarmName} is ${state}`, 300),
    description: clip(description),
    severity: verdict.severity,
    status: verdict.status,
    version: firstTime(detail.state.timestamp, envelope.time) ?? envelopeTime(envelope),
    eventId: envelope.id,
    time: envelopeTime(envelope),
    consoleUrl: consoleUrl(
      envelope.region,
      'cloudwatch',
      `alarmsV2:alarm/${encodeURIComponent(detail.alarmName)}`,
    ),
    flags: [...verdict.flags, ...suppression.flags],
    reasons: [verdict.reason, ...(previous ? [`previous state ${previous}`] : []), ...suppression.reasons],
    quiet: suppression.quiet,
  };
  return alerts([alert]);
};

/** CloudWatch alarm state changes become application alerts; configuration changes are ignored. */
export const cloudwatch: EventSource = {
  name: 'cloudwatch',
  accepts: (envelope) => envelope.source === 'aws.cloudwatch',
  normalize: (envelope) => {
    const detailType = envelope['detail-type'];
    if (detailType === STATE_CHANGE)
      return normalizeStateChange(envelope, parseDetail(detailSchema, envelope));
    if (detailType === CONFIGURATION_CHANGE) return ignored('alarm configuration change, not a state change');
    return ignored(`CloudWatch "${detailType}" is not an alarm state change`);
  },
};
