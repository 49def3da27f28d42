import '../zod-locale.js';
import * as z from 'zod/mini';
import { consoleUrl } from '../console-url.js';
import { fingerprints } from '../fingerprint.js';
import type { Alert } from '../model.js';
import { type Envelope, envelopeTime, parseDetail } from './envelope.js';
import { clip, firstTime, text } from './read.js';
import { alerts, type EventSource, ignored, type Normalized } from './source.js';

/**
 * Root user activity seen through CloudTrail: console sign-ins (`AWS Console Sign In via CloudTrail`, source
 * `aws.signin`) and API calls (`AWS API Call via CloudTrail`, under the *called service's* source: `aws.s3`,
 * `aws.guardduty`, …). This source claims every event of those two detail-types, whatever the source, so that a
 * CloudTrail record of `CreateSampleFindings` under `aws.guardduty` is never read as a GuardDuty finding. Anything
 * not done by the root user is ignored, with the identity type as the reason.
 */
const CONSOLE_SIGN_IN = 'AWS Console Sign In via CloudTrail';
const API_CALL = 'AWS API Call via CloudTrail';
const DETAIL_TYPES: readonly string[] = [CONSOLE_SIGN_IN, API_CALL];

/** Just enough to tell root from the rest: nothing else is read from events we ignore. */
const identitySchema = z.object({
  userIdentity: z.catch(z.nullish(z.object({ type: z.nullish(z.string()) })), undefined),
});

const rootDetailSchema = z.object({
  userIdentity: z.object({
    accountId: z.catch(z.nullish(text), undefined),
    // The session of an API call: its temporary key and when it began (absent for a long-lived root key).
    accessKeyId: z.catch(z.nullish(z.string()), undefined),
    sessionContext: z.catch(
      z.nullish(
        z.object({
          attributes: z.nullish(z.object({ creationDate: z.catch(z.nullish(z.string()), undefined) })),
        }),
      ),
      undefined,
    ),
  }),
  eventName: z.string().check(z.minLength(1, 'must not be empty')),
  eventSource: z.nullish(z.string()),
  eventTime: z.optional(z.unknown()),
  eventID: z.nullish(z.string()),
  awsRegion: z.nullish(z.string()),
  recipientAccountId: z.catch(z.nullish(text), undefined),
  sourceIPAddress: z.nullish(z.string()),
  errorCode: z.nullish(z.string()),
  errorMessage: z.nullish(z.string()),
  // Service-specific shapes: read the two keys a console sign-in carries, tolerate anything else.
  responseElements: z.catch(z.nullish(z.object({ ConsoleLogin: z.nullish(z.string()) })), undefined),
  additionalEventData: z.catch(z.nullish(z.object({ MFAUsed: z.nullish(z.string()) })), undefined),
});

type RootDetail = z.infer<typeof rootDetailSchema>;

/** `s3.amazonaws.com` → `s3`; falls back to the envelope source (`aws.s3` → `s3`). */
const serviceOf = (detail: RootDetail, envelope: Envelope): string =>
  (detail.eventSource ?? envelope.source).replace(/\.amazonaws\.com$/, '').replace(/^aws\./, '');

/** A console sign-in or an API call that did not succeed: it is still root activity, and still HIGH. */
const failureOf = (detail: RootDetail): string | undefined => {
  const login = detail.responseElements?.ConsoleLogin;
  if (login && login.toLowerCase() !== 'success') return detail.errorMessage ?? login;
  if (detail.errorCode)
    return detail.errorMessage ? `${detail.errorCode}: ${detail.errorMessage}` : detail.errorCode;
  return undefined;
};

/** `Root user ConsoleLogin (MFA: No)`, `Root user ConsoleLogin failed (MFA: No)`, `Root user API call s3:CreateBucket`. */
const titleOf = (detail: RootDetail, action: string, failed: boolean, signIn: boolean): string => {
  const outcome = failed ? ' failed' : '';
  if (!signIn) return `Root user API call ${action}${outcome}`;
  const mfa = detail.additionalEventData?.MFAUsed;
  return `Root user ${detail.eventName}${outcome}${mfa ? ` (MFA: ${mfa})` : ''}`;
};

type Grouping = { readonly key: string; readonly reason: string };

/**
 * What one incident stands for (DESIGN §5 has no finding id for root activity, and nothing ever resolves it):
 * - each console sign-in is its own incident, keyed by its CloudTrail `eventID` (a re-delivery of the same event
 *   folds in): the on-call person is paged for every root sign-in, as for any new finding;
 * - root API calls are grouped by session, which is how on-call reads them ("the root user did these ten things"):
 *   the session's access key and start time (`sessionContext.attributes.creationDate`), or, for a long-lived
 *   root access key that has no session start, the key and the UTC hour, so that a key in use for months never
 *   folds every later call into its first incident. Without a key, the source address stands in for it.
 */
const groupingOf = (
  envelope: Envelope,
  detail: RootDetail,
  signIn: boolean,
  account: string,
  time: string,
): Grouping => {
  if (signIn) {
    const id = detail.eventID?.trim() || envelope.id;
    return {
      key: fingerprints.signin(account, `${detail.eventName}:${id}`),
      reason: `each root sign-in is its own incident (CloudTrail event ${id})`,
    };
  }
  const accessKey = detail.userIdentity.accessKeyId?.trim();
  const caller = accessKey || detail.sourceIPAddress?.trim() || 'unknown';
  const callerWords = accessKey ? `access key ${accessKey}` : `source ${caller}`;
  const started = detail.userIdentity.sessionContext?.attributes?.creationDate?.trim();
  if (started) {
    return {
      key: fingerprints.signin(account, `session:${caller}:${started}`),
      reason: `root API calls of one root session (${callerWords}, started ${started}) are one incident`,
    };
  }
  const hour = time.slice(0, 13);
  return {
    key: fingerprints.signin(account, `key:${caller}:${hour}`),
    reason: `root API calls with no session start (${callerWords}) are grouped by the UTC hour ${hour}`,
  };
};

const normalizeRoot = (envelope: Envelope, detail: RootDetail): Alert => {
  const signIn = envelope['detail-type'] === CONSOLE_SIGN_IN;
  const account = detail.userIdentity.accountId || detail.recipientAccountId || envelope.account;
  // Sign-in events say `global`; the console and the dedup key need a real region.
  const region = detail.awsRegion && detail.awsRegion !== 'global' ? detail.awsRegion : envelope.region;
  const action = `${serviceOf(detail, envelope)}:${detail.eventName}`;
  const failure = failureOf(detail);
  const mfa = detail.additionalEventData?.MFAUsed;
  const description = [
    signIn ? `Root user console ${detail.eventName}` : `Root user called ${action}`,
    detail.sourceIPAddress ? `from ${detail.sourceIPAddress}` : '',
    failure ? `(failed: ${failure})` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const version = firstTime(detail.eventTime, envelope.time) ?? envelopeTime(envelope);
  const grouping = groupingOf(envelope, detail, signIn, account, version);
  return {
    fingerprint: grouping.key,
    source: 'signin',
    category: 'security',
    accountId: account,
    envelopeAccount: envelope.account,
    region,
    resource: detail.eventName,
    type: action,
    title: clip(titleOf(detail, action, failure !== undefined, signIn), 300),
    description: clip(description),
    severity: 'HIGH',
    status: 'open',
    version,
    eventId: envelope.id,
    time: envelopeTime(envelope),
    consoleUrl: consoleUrl(
      region,
      'cloudtrailv2',
      detail.eventID
        ? `/events/${encodeURIComponent(detail.eventID)}`
        : `/events?EventName=${encodeURIComponent(detail.eventName)}`,
    ),
    flags: [],
    reasons: [
      'userIdentity.type Root → HIGH: the root user should not be used day to day',
      ...(failure ? [`the attempt failed (${failure}); a failed root attempt is still HIGH`] : []),
      ...(signIn && mfa && mfa.toLowerCase() !== 'yes' ? [`MFAUsed ${mfa}`] : []),
      ...(signIn ? [] : [`API call delivered by CloudTrail under source ${envelope.source}`]),
      grouping.reason,
    ],
    quiet: false,
  };
};

const normalizeCloudTrail = (envelope: Envelope): Normalized => {
  const identity = parseDetail(identitySchema, envelope).userIdentity?.type?.trim();
  if (identity?.toLowerCase() !== 'root') {
    return ignored(`not root user activity (${identity || 'no userIdentity.type'})`);
  }
  return alerts([normalizeRoot(envelope, parseDetail(rootDetailSchema, envelope))]);
};

/** Root sign-ins and root API calls from CloudTrail; every other CloudTrail event is ignored with the reason. */
export const signin: EventSource = {
  name: 'signin',
  accepts: (envelope) => DETAIL_TYPES.includes(envelope['detail-type']),
  normalize: normalizeCloudTrail,
};
