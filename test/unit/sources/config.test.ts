import { describe, expect, it } from 'vitest';
import { EnvelopeInvalidError } from '../../../shared/errors.js';
import { complianceVerdict } from '../../../shared/sources/config.js';
import { normalizeEvent } from '../../../shared/sources/index.js';
import { type EventCopy, loadEvent, withChanges } from '../../helpers/events.js';
import { alertOf } from '../../helpers/normalized.js';

const NON_COMPLIANT = 'config/s3-public-read-noncompliant-aoba-juki.json';
const COMPLIANT = 'config/s3-public-read-compliant-aoba-juki.json';
const CONFORMANCE = 'config/conformance-pack-log-group-unencrypted-kyodo-zeimu.json';
const S3_KEY =
  'config:111111111111:ap-northeast-1:s3-bucket-public-read-prohibited:AWS::S3::Bucket:aoba-juki-prod-exports';

const withCompliance = (complianceType: string): unknown =>
  withChanges(loadEvent(NON_COMPLIANT), (copy) => {
    copy.detail.newEvaluationResult.complianceType = complianceType;
  });

describe('Config compliance verdicts', () => {
  it.each([
    ['NON_COMPLIANT', 'MEDIUM', 'open', []],
    ['non_compliant', 'MEDIUM', 'open', []],
    ['COMPLIANT', 'MEDIUM', 'resolved', []],
    ['NOT_APPLICABLE', 'MEDIUM', 'resolved', []],
    ['PARTIALLY_COMPLIANT', 'MEDIUM', 'open', ['unrecognized']],
  ])('reads %s as %s %s', (complianceType, severity, status, flags) => {
    // Act
    const verdict = complianceVerdict(complianceType);

    // Assess
    expect(verdict).toMatchObject({ kind: 'alert', severity, status, flags });
  });

  it('names an unknown compliance type in the reason', () => {
    expect(complianceVerdict('PARTIALLY_COMPLIANT').reason).toContain('"PARTIALLY_COMPLIANT"');
  });

  it('explains why NOT_APPLICABLE resolves', () => {
    expect(complianceVerdict('NOT_APPLICABLE').reason).toMatch(/no longer applies/);
  });

  it('ignores INSUFFICIENT_DATA: the rule reached no verdict', () => {
    expect(complianceVerdict('INSUFFICIENT_DATA')).toEqual({
      kind: 'ignored',
      reason: expect.stringContaining('INSUFFICIENT_DATA'),
    });
  });
});

describe('a public S3 bucket found and fixed', () => {
  it('opens a MEDIUM compliance alert on the rule and resource', () => {
    // Act
    const alert = alertOf(loadEvent(NON_COMPLIANT));

    // Assess
    expect(alert).toMatchObject({
      fingerprint: S3_KEY,
      source: 'config',
      category: 'compliance',
      accountId: '111111111111',
      envelopeAccount: '111111111111',
      region: 'ap-northeast-1',
      resource: 'aoba-juki-prod-exports',
      type: 's3-bucket-public-read-prohibited',
      severity: 'MEDIUM',
      status: 'open',
      version: '2026-11-27T07:59:58.402Z',
      time: '2026-11-27T08:00:00.000Z',
      consoleUrl:
        'https://ap-northeast-1.console.aws.amazon.com/config/home?region=ap-northeast-1#/rules/details?configRuleName=s3-bucket-public-read-prohibited',
      flags: [],
      quiet: false,
    });
    expect(alert.title).toContain('NON_COMPLIANT');
    expect(alert.description).toContain('(was COMPLIANT)');
    expect(alert.reasons).toContain('previous result COMPLIANT');
  });

  it('resolves the same incident when the rule finds the bucket compliant again, with a newer version', () => {
    // Prepare
    const opened = alertOf(loadEvent(NON_COMPLIANT));

    // Act
    const resolved = alertOf(loadEvent(COMPLIANT));

    // Assess
    expect(resolved.fingerprint).toBe(opened.fingerprint);
    expect(resolved.status).toBe('resolved');
    expect(resolved.version > opened.version).toBe(true);
  });
});

describe('a conformance-pack rule with an annotation', () => {
  it('puts the annotation in the description and says there was no previous result', () => {
    // Act
    const alert = alertOf(loadEvent(CONFORMANCE));

    // Assess
    expect(alert.fingerprint).toBe(
      'config:222222222222:ap-northeast-1:cloudwatch-log-group-encrypted-conformance-pack-x7k2m9qd:AWS::Logs::LogGroup:/aws/lambda/zeimu-batch',
    );
    expect(alert.description).toContain(
      'The log group is not encrypted with a customer managed AWS KMS key.',
    );
    expect(alert.reasons).toContain('no previous result in the event');
  });
});

describe('Config verdicts end to end', () => {
  it.each([
    ['NOT_APPLICABLE', 'resolved', []],
    ['Compliant', 'resolved', []],
    ['SOMETHING_NEW', 'open', ['unrecognized']],
  ])('%s → %s', (complianceType, status, flags) => {
    // Act
    const alert = alertOf(withCompliance(complianceType));

    // Assess
    expect(alert.status).toBe(status);
    expect(alert.flags).toEqual(flags);
    expect(alert.severity).toBe('MEDIUM');
  });

  it('ignores INSUFFICIENT_DATA with the reason', () => {
    // Act
    const result = normalizeEvent(withCompliance('INSUFFICIENT_DATA'));

    // Assess
    expect(result).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('no verdict') });
  });

  it('ignores other Config detail-types, naming them', () => {
    // Act
    const result = normalizeEvent(loadEvent('config/configuration-item-change-ignored.json'));

    // Assess
    expect(result).toMatchObject({
      kind: 'ignored',
      reason: expect.stringContaining('Config Configuration Item Change'),
    });
  });
});

describe('Config tolerant reading', () => {
  it('falls back to the envelope account and region when the detail omits them', () => {
    // Prepare
    const event = withChanges(loadEvent(NON_COMPLIANT), (copy) => {
      delete copy.detail.awsAccountId;
      delete copy.detail.awsRegion;
      copy.region = 'ap-northeast-3';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.accountId).toBe('111111111111');
    expect(alert.region).toBe('ap-northeast-3');
    expect(alert.fingerprint).toBe(
      'config:111111111111:ap-northeast-3:s3-bucket-public-read-prohibited:AWS::S3::Bucket:aoba-juki-prod-exports',
    );
  });

  it('keys on the detail account, not the envelope, when they differ', () => {
    // Prepare
    const event = withChanges(loadEvent(NON_COMPLIANT), (copy) => {
      copy.account = '444444444444';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.accountId).toBe('111111111111');
    expect(alert.envelopeAccount).toBe('444444444444');
    expect(alert.fingerprint).toBe(S3_KEY);
  });

  it.each([
    [
      'resultRecordedTime',
      (d: EventCopy) => delete d.newEvaluationResult.resultRecordedTime,
      '2026-11-27T07:59:59.630Z',
    ],
    [
      'resultRecordedTime and notificationCreationTime',
      (d: EventCopy) => {
        delete d.newEvaluationResult.resultRecordedTime;
        delete d.notificationCreationTime;
      },
      '2026-11-27T08:00:00.000Z',
    ],
  ])('without %s takes the version from the next time available', (_, change, version) => {
    // Prepare
    const event = withChanges(loadEvent(NON_COMPLIANT), (copy) => change(copy.detail));

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.version).toBe(version);
  });

  it('reads rule and resource from the evaluation qualifier when the top level lacks them', () => {
    // Prepare
    const event = withChanges(loadEvent(NON_COMPLIANT), (copy) => {
      delete copy.detail.configRuleName;
      delete copy.detail.resourceType;
      delete copy.detail.resourceId;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.fingerprint).toBe(S3_KEY);
  });

  it('reads a numeric account id as text', () => {
    // Prepare
    const event = withChanges(loadEvent(NON_COMPLIANT), (copy) => {
      copy.detail.awsAccountId = 111111111111;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.accountId).toBe('111111111111');
  });

  it('tolerates an oldEvaluationResult it cannot read', () => {
    // Prepare
    const event = withChanges(loadEvent(NON_COMPLIANT), (copy) => {
      copy.detail.oldEvaluationResult = 'COMPLIANT';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.reasons).toContain('no previous result in the event');
  });
});

describe('Config bad input', () => {
  it('rejects a compliance change without a compliance type, naming the path', () => {
    // Prepare
    const event = withChanges(loadEvent(NON_COMPLIANT), (copy) => {
      delete copy.detail.newEvaluationResult.complianceType;
    });

    // Act
    const act = () => normalizeEvent(event);

    // Assess
    expect(act).toThrow(EnvelopeInvalidError);
    expect(act).toThrow('detail.newEvaluationResult.complianceType');
  });

  it('rejects a compliance change that names no rule or resource anywhere, since it has no dedup key', () => {
    // Prepare
    const event = withChanges(loadEvent(NON_COMPLIANT), (copy) => {
      delete copy.detail.configRuleName;
      delete copy.detail.resourceId;
      delete copy.detail.newEvaluationResult.evaluationResultIdentifier;
    });

    // Act
    const act = () => normalizeEvent(event);

    // Assess
    expect(act).toThrow(EnvelopeInvalidError);
    expect(act).toThrow(/detail\.configRuleName.*detail\.resourceId/);
  });
});
