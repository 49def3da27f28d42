import { describe, expect, it } from 'vitest';
import { EnvelopeInvalidError } from '../../../shared/errors.js';
import { type Envelope, normalizeEvent } from '../../../shared/sources/index.js';
import { signin } from '../../../shared/sources/signin.js';
import { type EventCopy, loadEvent, withChanges } from '../../helpers/events.js';
import { aHarness } from '../../helpers/harness.js';
import { alertOf } from '../../helpers/normalized.js';

const ROOT_LOGIN = 'signin/root-console-login-no-mfa.json';
const ROOT_API_CALL = 'signin/root-api-call-s3-create-bucket.json';

describe('root console sign-in', () => {
  it('opens a HIGH security alert keyed on the account, the action and the CloudTrail event id', () => {
    // Act
    const alert = alertOf(loadEvent(ROOT_LOGIN));

    // Assess
    expect(alert).toMatchObject({
      fingerprint: 'signin:444444444444:ConsoleLogin:5b7d9f1a-3c5e-4a70-8b2d-4f6a8c0e2b41',
      source: 'signin',
      category: 'security',
      accountId: '444444444444',
      envelopeAccount: '444444444444',
      region: 'us-east-1',
      resource: 'ConsoleLogin',
      type: 'signin:ConsoleLogin',
      title: 'Root user ConsoleLogin (MFA: No)',
      severity: 'HIGH',
      status: 'open',
      version: '2026-11-27T09:30:00.000Z',
      time: '2026-11-27T09:30:00.000Z',
      consoleUrl:
        'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/5b7d9f1a-3c5e-4a70-8b2d-4f6a8c0e2b41',
      flags: [],
      quiet: false,
    });
    expect(alert.description).toContain('203.0.113.45');
    expect(alert.reasons).toContain('MFAUsed No');
  });

  it('keeps a failed root sign-in HIGH and says so', () => {
    // Prepare
    const event = withChanges(loadEvent(ROOT_LOGIN), (copy) => {
      copy.detail.responseElements = { ConsoleLogin: 'Failure' };
      copy.detail.errorMessage = 'Failed authentication';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.severity).toBe('HIGH');
    expect(alert.status).toBe('open');
    expect(alert.title).toBe('Root user ConsoleLogin failed (MFA: No)');
    expect(alert.reasons.join(' ')).toMatch(/Failed authentication.*still HIGH/);
  });

  it('does not mention MFA in the reasons when MFA was used', () => {
    // Prepare
    const event = withChanges(loadEvent(ROOT_LOGIN), (copy) => {
      copy.detail.additionalEventData.MFAUsed = 'Yes';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.title).toBe('Root user ConsoleLogin (MFA: Yes)');
    expect(alert.reasons.join(' ')).not.toContain('MFAUsed');
  });

  it.each([
    ['global', 'us-east-1'],
    [undefined, 'us-east-1'],
    ['ap-northeast-1', 'ap-northeast-1'],
  ])('reads awsRegion %s as region %s', (awsRegion, region) => {
    // Prepare
    const event = withChanges(loadEvent(ROOT_LOGIN), (copy) => {
      copy.detail.awsRegion = awsRegion;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.region).toBe(region);
  });

  it('reads a sign-in event without additionalEventData or responseElements', () => {
    // Prepare
    const event = withChanges(loadEvent(ROOT_LOGIN), (copy) => {
      delete copy.detail.additionalEventData;
      copy.detail.responseElements = null;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.title).toBe('Root user ConsoleLogin');
  });
});

describe('root API call', () => {
  it('opens a HIGH security alert for a root API call delivered under the service source', () => {
    // Act
    const alert = alertOf(loadEvent(ROOT_API_CALL));

    // Assess
    expect(alert).toMatchObject({
      fingerprint: 'signin:555555555555:session:ASIAEXAMPLESAKURA001:2026-11-27T09:36:12Z',
      source: 'signin',
      category: 'security',
      accountId: '555555555555',
      region: 'ap-northeast-1',
      resource: 'CreateBucket',
      type: 's3:CreateBucket',
      title: 'Root user API call s3:CreateBucket',
      severity: 'HIGH',
      status: 'open',
      version: '2026-11-27T09:40:00.000Z',
    });
    expect(alert.reasons.join(' ')).toContain('aws.s3');
  });

  it('says when the root API call failed, still HIGH', () => {
    // Prepare
    const event = withChanges(loadEvent(ROOT_API_CALL), (copy) => {
      copy.detail.errorCode = 'AccessDenied';
      copy.detail.errorMessage = 'Access Denied';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.severity).toBe('HIGH');
    expect(alert.title).toBe('Root user API call s3:CreateBucket failed');
    expect(alert.reasons.join(' ')).toContain('AccessDenied: Access Denied');
  });

  it('names the service from the envelope source when eventSource is missing', () => {
    // Prepare
    const event = withChanges(loadEvent(ROOT_API_CALL), (copy) => {
      delete copy.detail.eventSource;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.type).toBe('s3:CreateBucket');
  });

  it.each([
    ['userIdentity.accountId', (d: EventCopy) => d, '555555555555'],
    [
      'recipientAccountId',
      (d: EventCopy) => {
        delete d.userIdentity.accountId;
        d.recipientAccountId = '444444444444';
      },
      '444444444444',
    ],
    [
      'the envelope account',
      (d: EventCopy) => {
        delete d.userIdentity.accountId;
        delete d.recipientAccountId;
      },
      '333333333333',
    ],
  ])('takes the account from %s', (_, change, account) => {
    // Prepare
    const event = withChanges(loadEvent(ROOT_API_CALL), (copy) => {
      copy.account = '333333333333';
      change(copy.detail);
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.accountId).toBe(account);
    expect(alert.envelopeAccount).toBe('333333333333');
    expect(alert.fingerprint).toBe(`signin:${account}:session:ASIAEXAMPLESAKURA001:2026-11-27T09:36:12Z`);
  });

  it('falls back to the envelope time when eventTime is missing', () => {
    // Prepare
    const event = withChanges(loadEvent(ROOT_API_CALL), (copy) => {
      delete copy.detail.eventTime;
      copy.time = '2026-11-27T09:41:00Z';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.version).toBe('2026-11-27T09:41:00.000Z');
  });
});

describe('one incident per root sign-in, one per root session of API calls (DESIGN §3, issue 11 #4)', () => {
  const login = (eventId: string, time: string) =>
    withChanges(loadEvent(ROOT_LOGIN), (copy) => {
      copy.id = `envelope-${eventId}`;
      copy.time = time;
      copy.detail.eventTime = time;
      copy.detail.eventID = eventId;
    });
  const apiCall = (eventId: string, time: string, change: (detail: EventCopy) => void = () => {}) =>
    withChanges(loadEvent(ROOT_API_CALL), (copy) => {
      copy.id = `envelope-${eventId}`;
      copy.time = time;
      copy.detail.eventTime = time;
      copy.detail.eventID = eventId;
      change(copy.detail);
    });

  it('pages the team again for a later root sign-in, instead of folding it into the first one', async () => {
    // Prepare
    const h = aHarness();
    await h.send(login('11111111-0000-4000-8000-000000000001', '2026-11-27T09:30:00Z'));

    // Act: the first page is acknowledged; the root user signs in again the next day.
    await h.ack(alertOf(login('11111111-0000-4000-8000-000000000001', '2026-11-27T09:30:00Z')).fingerprint);
    await h.send(login('11111111-0000-4000-8000-000000000002', '2026-11-28T14:00:00Z'));

    // Assess
    expect(h.store.incidents()).toHaveLength(2);
    expect(h.sent().filter((line) => line === 'team-oncall:trigger')).toHaveLength(2);
  });

  it('keeps a re-delivered sign-in (same CloudTrail event id) in its incident', () => {
    // Act
    const first = alertOf(login('11111111-0000-4000-8000-000000000001', '2026-11-27T09:30:00Z'));
    const again = alertOf(
      withChanges(login('11111111-0000-4000-8000-000000000001', '2026-11-27T09:30:00Z'), (copy) => {
        copy.id = 'another-envelope';
      }),
    );

    // Assess
    expect(again.fingerprint).toBe(first.fingerprint);
  });

  it('groups a burst of root API calls of one session, and says why', () => {
    // Act
    const calls = [
      apiCall('22222222-0000-4000-8000-000000000001', '2026-11-27T09:40:00Z'),
      apiCall('22222222-0000-4000-8000-000000000002', '2026-11-27T09:41:00Z', (d) => {
        d.eventSource = 'iam.amazonaws.com';
        d.eventName = 'CreateAccessKey';
      }),
      apiCall('22222222-0000-4000-8000-000000000003', '2026-11-27T11:20:00Z'),
    ].map(alertOf);

    // Assess
    expect(new Set(calls.map((alert) => alert.fingerprint)).size).toBe(1);
    expect(calls[0]?.reasons.join(' ')).toContain('one root session (access key ASIAEXAMPLESAKURA001');
  });

  it('opens a new incident for a new root session', () => {
    // Act
    const first = alertOf(apiCall('22222222-0000-4000-8000-000000000001', '2026-11-27T09:40:00Z'));
    const next = alertOf(
      apiCall('22222222-0000-4000-8000-000000000004', '2026-11-27T15:00:00Z', (d) => {
        d.userIdentity.accessKeyId = 'ASIAEXAMPLESAKURA002';
        d.userIdentity.sessionContext.attributes.creationDate = '2026-11-27T14:58:00Z';
      }),
    );

    // Assess
    expect(next.fingerprint).not.toBe(first.fingerprint);
  });

  it('groups calls made with a long-lived root access key by the hour, so they never fold together forever', () => {
    // Prepare: a root access key has no session start.
    const withKey = (eventId: string, time: string) =>
      apiCall(eventId, time, (d) => {
        d.userIdentity.accessKeyId = 'AKIAEXAMPLESAKURA999';
        delete d.userIdentity.sessionContext;
      });

    // Act
    const [a, b, c] = [
      withKey('33333333-0000-4000-8000-000000000001', '2026-11-27T09:05:00Z'),
      withKey('33333333-0000-4000-8000-000000000002', '2026-11-27T09:55:00Z'),
      withKey('33333333-0000-4000-8000-000000000003', '2026-11-28T09:05:00Z'),
    ].map(alertOf);

    // Assess
    expect(a?.fingerprint).toBe('signin:555555555555:key:AKIAEXAMPLESAKURA999:2026-11-27T09');
    expect(b?.fingerprint).toBe(a?.fingerprint);
    expect(c?.fingerprint).not.toBe(a?.fingerprint);
  });

  it('names the source once in the subject: no "Root Root user"', async () => {
    // Prepare
    const h = aHarness();

    // Act
    await h.send(loadEvent(ROOT_LOGIN));

    // Assess
    const subjects = h.notifier.sent().map((n) => n.subject);
    expect(subjects.length).toBeGreaterThan(0);
    for (const subject of subjects) {
      expect(subject).toMatch(/^\[HIGH\]\[発生\] CloudTrail Root user ConsoleLogin \(MFA: No\)/);
      expect(subject).not.toMatch(/Root Root/);
    }
  });
});

describe('CloudTrail events that are not root activity', () => {
  it('ignores an assumed-role console login, naming the identity type', () => {
    // Act
    const result = normalizeEvent(loadEvent('signin/assumed-role-console-login-ignored.json'));

    // Assess
    expect(result).toMatchObject({ kind: 'ignored', reason: 'not root user activity (AssumedRole)' });
  });

  it('ignores CreateSampleFindings under source aws.guardduty and never reads it as a GuardDuty finding', () => {
    // Act
    const result = normalizeEvent(loadEvent('signin/guardduty-create-sample-findings-api-call-ignored.json'));

    // Assess
    expect(result.envelope.source).toBe('aws.guardduty');
    expect(result).toMatchObject({ kind: 'ignored', reason: 'not root user activity (IAMUser)' });
  });

  it.each([
    ['without userIdentity', (d: EventCopy) => delete d.userIdentity, 'no userIdentity.type'],
    [
      'with userIdentity null',
      (d: EventCopy) => {
        d.userIdentity = null;
      },
      'no userIdentity.type',
    ],
    [
      'with an AWS service identity',
      (d: EventCopy) => {
        d.userIdentity = { type: 'AWSService' };
      },
      'AWSService',
    ],
  ])('ignores an event %s', (_, change, named) => {
    // Prepare
    const event = withChanges(loadEvent(ROOT_API_CALL), (copy) => change(copy.detail));

    // Act
    const result = normalizeEvent(event);

    // Assess
    expect(result).toMatchObject({ kind: 'ignored', reason: `not root user activity (${named})` });
  });
});

describe('which events the sign-in source claims', () => {
  const envelope = (source: string, detailType: string): Envelope => ({
    id: 'e1',
    source,
    'detail-type': detailType,
    account: '111111111111',
    region: 'ap-northeast-1',
    time: '2026-11-27T09:30:00Z',
    detail: {},
  });

  it.each([
    ['aws.signin', 'AWS Console Sign In via CloudTrail', true],
    ['aws.s3', 'AWS API Call via CloudTrail', true],
    ['aws.guardduty', 'AWS API Call via CloudTrail', true],
    ['aws.cloudtrail', 'AWS API Call via CloudTrail', true],
    ['aws.health', 'AWS API Call via CloudTrail', true],
    ['aws.guardduty', 'GuardDuty Finding', false],
    ['aws.health', 'AWS Health Event', false],
    ['aws.signin', 'AWS Service Event via CloudTrail', false],
  ])('%s / %s → %s', (source, detailType, expected) => {
    expect(signin.accepts(envelope(source, detailType))).toBe(expected);
  });
});

describe('sign-in bad input', () => {
  it('rejects a root event without eventName, naming the path', () => {
    // Prepare
    const event = withChanges(loadEvent(ROOT_LOGIN), (copy) => {
      delete copy.detail.eventName;
    });

    // Act
    const act = () => normalizeEvent(event);

    // Assess
    expect(act).toThrow(EnvelopeInvalidError);
    expect(act).toThrow('detail.eventName');
  });
});
