import { describe, expect, it } from 'vitest';
import { EnvelopeInvalidError } from '../../../shared/errors.js';
import { type Envelope, normalizeEvent } from '../../../shared/sources/index.js';
import { signin } from '../../../shared/sources/signin.js';
import { type EventCopy, loadEvent, withChanges } from '../../helpers/events.js';
import { alertOf } from '../../helpers/normalized.js';

const ROOT_LOGIN = 'signin/root-console-login-no-mfa.json';
const ROOT_API_CALL = 'signin/root-api-call-s3-create-bucket.json';

describe('root console sign-in', () => {
  it('opens a HIGH security alert keyed on the account and the action', () => {
    // Act
    const alert = alertOf(loadEvent(ROOT_LOGIN));

    // Assess
    expect(alert).toMatchObject({
      fingerprint: 'signin:444444444444:ConsoleLogin',
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
      fingerprint: 'signin:555555555555:CreateBucket',
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
    expect(alert.fingerprint).toBe(`signin:${account}:CreateBucket`);
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
