import { describe, expect, it } from 'vitest';
import { EnvelopeInvalidError } from '../../../shared/errors.js';
import { healthCategory, healthStatus, isRiskEvent } from '../../../shared/sources/health.js';
import { normalizeEvent } from '../../../shared/sources/index.js';
import { type EventCopy, loadEvent, withChanges } from '../../helpers/events.js';
import { alertOf } from '../../helpers/normalized.js';

const OUTAGE_ARN =
  'arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_TOKYO_20261127';
const OUTAGE = 'health/ec2-tokyo-outage-kyodo-zeimu.json';

describe('Health severity by eventTypeCategory', () => {
  it.each([
    ['issue', 'issue', 'HIGH'],
    ['investigation', 'investigation', 'MEDIUM'],
    ['scheduledChange', 'scheduledChange', 'MEDIUM'],
    ['accountNotification', 'accountNotification', 'LOW'],
    ['ISSUE', 'issue', 'HIGH'],
    ['accountnotification', 'accountNotification', 'LOW'],
    ['ScheduledChange', 'scheduledChange', 'MEDIUM'],
  ])('reads %s as %s → %s', (value, category, severity) => {
    // Act
    const reading = healthCategory(value);

    // Assess
    expect(reading.value).toEqual({ category, severity });
    expect(reading.flags).toEqual([]);
  });

  it.each([
    ['category'],
    ['plannedChange'],
    [''],
  ])('gives the unknown category "%s" to the team as MEDIUM, flagged unrecognized, with the value in the reasons', (value) => {
    // Act
    const reading = healthCategory(value);

    // Assess
    expect(reading.value.severity).toBe('MEDIUM');
    expect(reading.flags).toEqual(['unrecognized']);
    expect(reading.reasons.join(' ')).toContain(`"${value}"`);
  });

  it('treats a missing category as unrecognized', () => {
    // Act
    const reading = healthCategory(undefined);

    // Assess
    expect(reading.value.severity).toBe('MEDIUM');
    expect(reading.flags).toEqual(['unrecognized']);
  });
});

describe('Health status', () => {
  it.each([
    ['closed', 'resolved'],
    ['CLOSED', 'resolved'],
    ['open', 'open'],
    ['upcoming', 'open'],
    [undefined, 'open'],
    [null, 'open'],
  ])('reads statusCode %s as %s', (statusCode, status) => {
    expect(healthStatus(statusCode).value).toBe(status);
  });

  it('reads the non-standard "resolved" as resolved and says it is non-standard', () => {
    // Act
    const reading = healthStatus('resolved');

    // Assess
    expect(reading.value).toBe('resolved');
    expect(reading.reasons.join(' ')).toMatch(/not a documented value/);
  });

  it('keeps an unknown status open and names it in the reasons', () => {
    // Act
    const reading = healthStatus('paused');

    // Assess
    expect(reading.value).toBe('open');
    expect(reading.reasons.join(' ')).toContain('"paused"');
  });
});

describe('the Tokyo EC2 outage reaching two spokes', () => {
  it('normalizes the first notice for the shared account with every field the outage notice needs', () => {
    // Act
    const alert = alertOf(loadEvent(OUTAGE));

    // Assess
    expect(alert).toMatchObject({
      fingerprint: `health:${OUTAGE_ARN}`,
      source: 'health',
      category: 'health',
      accountId: '222222222222',
      envelopeAccount: '222222222222',
      region: 'ap-northeast-1',
      resource: 'i-0a3f5c7e9b1d24680',
      type: 'AWS_EC2_OPERATIONAL_ISSUE',
      title: 'EC2 AWS_EC2_OPERATIONAL_ISSUE',
      severity: 'HIGH',
      status: 'open',
      version: '2026-11-27T00:05:00.000Z',
      time: '2026-11-27T00:05:00.000Z',
      consoleUrl: `https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(OUTAGE_ARN)}`,
      flags: [],
      quiet: false,
    });
    expect(alert.description).toMatch(/^We are investigating network connectivity issues/);
    expect(alert.health).toEqual({
      eventArn: OUTAGE_ARN,
      service: 'EC2',
      eventTypeCategory: 'issue',
      eventScope: 'ACCOUNT_SPECIFIC',
      eventRegion: 'ap-northeast-1',
      communicationId: '4e7a1c93d0b25f6e8a1b3c5d7e9f0a2b4c6d8e0f-1',
      startTime: '2026-11-27T00:01:00.000Z',
      risk: false,
      affectedEntities: ['i-0a3f5c7e9b1d24680', 'i-0b4e6d8f0a2c35791'],
    });
  });

  it('flags the backup-region copy so it folds into the primary, keeping the event region and version', () => {
    // Prepare
    const primary = alertOf(loadEvent(OUTAGE));

    // Act
    const copy = alertOf(loadEvent('health/ec2-tokyo-outage-kyodo-zeimu-backup-copy.json'));

    // Assess
    expect(copy.flags).toEqual(['backup-copy']);
    expect(copy.reasons.join(' ')).toContain('ap-northeast-3');
    expect(copy.fingerprint).toBe(primary.fingerprint);
    expect(copy.region).toBe('ap-northeast-1');
    expect(copy.version).toBe(primary.version);
    expect(copy.health?.communicationId).toBe(primary.health?.communicationId);
    expect(copy.eventId).not.toBe(primary.eventId);
  });

  it('gives the second spoke the same fingerprint, with its own account and entities', () => {
    // Act
    const alert = alertOf(loadEvent('health/ec2-tokyo-outage-aoba-juki.json'));

    // Assess
    expect(alert.fingerprint).toBe(`health:${OUTAGE_ARN}`);
    expect(alert.accountId).toBe('111111111111');
    expect(alert.health?.affectedEntities).toEqual(['i-0c5d7e9f1a3b46802']);
    expect(alert.version).toBe('2026-11-27T00:10:00.000Z');
  });

  it('resolves the outage when the closed notice arrives, with its end time and a newer version', () => {
    // Act
    const alert = alertOf(loadEvent('health/ec2-tokyo-outage-recovered.json'));

    // Assess
    expect(alert.fingerprint).toBe(`health:${OUTAGE_ARN}`);
    expect(alert.status).toBe('resolved');
    expect(alert.health?.endTime).toBe('2026-11-27T02:20:00.000Z');
    expect(alert.version).toBe('2026-11-27T02:30:00.000Z');
    expect(alert.description).toMatch(/^\[RESOLVED\]/);
  });
});

describe('Health event variations', () => {
  it.each([
    ['health/lambda-osaka-public-issue.json', 'health', 'HIGH', 'open', []],
    ['health/rds-tokyo-investigation.json', 'health', 'MEDIUM', 'open', []],
    ['health/ec2-retirement-scheduled-aoba-juki.json', 'health', 'MEDIUM', 'open', []],
    ['health/account-notification-billing-aoba-fukushi.json', 'health', 'LOW', 'open', []],
    ['health/lambda-planned-lifecycle-page-1-of-3.json', 'health', 'MEDIUM', 'open', []],
    ['health/risk-credentials-exposed-kyodo-zeimu.json', 'security', 'HIGH', 'open', []],
    ['health/legacy-shape-no-scope-no-status.json', 'health', 'HIGH', 'open', []],
    ['health/unknown-category-planned-change.json', 'health', 'MEDIUM', 'open', ['unrecognized']],
  ])('%s → %s %s %s', (file, category, severity, status, flags) => {
    // Act
    const alert = alertOf(loadEvent(file));

    // Assess
    expect({
      category: alert.category,
      severity: alert.severity,
      status: alert.status,
      flags: alert.flags,
    }).toEqual({ category, severity, status, flags });
  });

  it('reads a PUBLIC event without affected entities or account: the service is the resource, the spoke the account', () => {
    // Act
    const alert = alertOf(loadEvent('health/lambda-osaka-public-issue.json'));

    // Assess
    expect(alert.accountId).toBe('333333333333');
    expect(alert.resource).toBe('LAMBDA');
    expect(alert.region).toBe('ap-northeast-3');
    expect(alert.health?.eventScope).toBe('PUBLIC');
    expect(alert.health?.affectedEntities).toEqual([]);
  });

  it('reads the legacy shape with scope UNKNOWN, status open and the start time as version', () => {
    // Act
    const alert = alertOf(loadEvent('health/legacy-shape-no-scope-no-status.json'));

    // Assess
    expect(alert.health?.eventScope).toBe('UNKNOWN');
    expect(alert.health?.communicationId).toBeUndefined();
    expect(alert.status).toBe('open');
    expect(alert.version).toBe('2026-11-27T07:41:00.000Z');
    expect(alert.region).toBe('ap-northeast-1');
  });

  it('reads a scheduled change whose envelope has no resources key', () => {
    // Prepare
    const event = loadEvent('health/ec2-retirement-scheduled-aoba-juki.json');
    expect(event).not.toHaveProperty('resources');

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.resource).toBe('arn:aws:ec2:ap-northeast-1:111111111111:instance/i-0d6e8f0a2b4c57913');
    expect(alert.reasons).toContain('actionability ACTION_REQUIRED');
    expect(alert.health?.startTime).toBe('2026-12-11T15:00:00.000Z');
  });

  it.each([
    [
      'the documented values',
      ['OPERATIONS', 'SECURITY'],
      'ACTION_MAY_BE_REQUIRED',
      'personas OPERATIONS, SECURITY',
    ],
    ['the documentation table spelling', ['OPERATIONAL'], 'INFORMATIONAL', 'personas OPERATIONAL'],
    ['a single persona written as a string', 'BILLING', 'ACTION_REQUIRED', 'personas BILLING'],
  ])('reads the optional actionability and personas (%s) into the reasons', (_name, personas, actionability, said) => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      copy.detail.personas = personas;
      copy.detail.actionability = actionability;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.reasons).toContain(`actionability ${actionability}`);
    expect(alert.reasons).toContain(said);
    expect(alert.severity).toBe('HIGH');
  });

  it.each([
    ['actionability is a list', { actionability: ['ACTION_REQUIRED'] }],
    ['actionability is a number', { actionability: 1 }],
    ['personas is an object', { personas: { OPERATIONS: true } }],
    ['personas holds numbers', { personas: [1, null] }],
    ['both are null', { personas: null, actionability: null }],
  ])('never rejects an outage over its optional fields: %s', (_name, fields) => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => Object.assign(copy.detail, fields));

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.fingerprint).toBe(`health:${OUTAGE_ARN}`);
    expect(alert.severity).toBe('HIGH');
  });

  it('says when a paginated event is one page of several', () => {
    // Act
    const alert = alertOf(loadEvent('health/lambda-planned-lifecycle-page-1-of-3.json'));

    // Assess
    expect(alert.reasons.join(' ')).toContain('page 1 of 3');
    expect(alert.health?.affectedEntities).toHaveLength(4);
  });

  it('keeps the unknown category value on the Health detail for the team to read', () => {
    // Act
    const alert = alertOf(loadEvent('health/unknown-category-planned-change.json'));

    // Assess
    expect(alert.health?.eventTypeCategory).toBe('plannedChange');
    expect(alert.reasons.join(' ')).toContain('"plannedChange"');
  });
});

describe('Health risk and abuse notices', () => {
  it.each([
    ['AWS_RISK_CREDENTIALS_EXPOSED', 'AWS Health Event', true],
    ['AWS_ABUSE_DOS_REPORT', 'AWS Health Event', true],
    ['aws_risk_iam_quarantine', 'AWS Health Event', true],
    ['AWS_EC2_DDOS_ABUSE_REPORTED', 'AWS Health Abuse Event', true],
    ['AWS_EC2_OPERATIONAL_ISSUE', 'AWS Health Event', false],
    ['AWS_EC2_RISKY_MAINTENANCE', 'AWS Health Event', false],
  ])('%s under "%s" is a risk notice: %s', (code, detailType, expected) => {
    expect(isRiskEvent(code, detailType)).toBe(expected);
  });

  it('makes exposed credentials a HIGH security alert, never an outage', () => {
    // Act
    const alert = alertOf(loadEvent('health/risk-credentials-exposed-kyodo-zeimu.json'));

    // Assess
    expect(alert.category).toBe('security');
    expect(alert.severity).toBe('HIGH');
    expect(alert.health?.risk).toBe(true);
    expect(alert.accountId).toBe('222222222222');
    expect(alert.resource).toBe('AKIAEXAMPLEKYODO2026');
  });

  it('keeps a risk notice HIGH whatever category it is filed under', () => {
    // Prepare
    const event = withChanges(loadEvent('health/risk-credentials-exposed-kyodo-zeimu.json'), (copy) => {
      copy.detail.eventTypeCategory = 'accountNotification';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.severity).toBe('HIGH');
    expect(alert.category).toBe('security');
    expect(alert.flags).not.toContain('unrecognized');
  });

  it('reads an AWS Health Abuse Event as a risk notice even without the AWS_ABUSE_ prefix', () => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      copy['detail-type'] = 'AWS Health Abuse Event';
      copy.detail.service = 'ABUSE';
      copy.detail.eventTypeCode = 'AWS_EC2_OUTBOUND_PORT_SCAN_REPORTED';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.category).toBe('security');
    expect(alert.severity).toBe('HIGH');
    expect(alert.health?.risk).toBe(true);
  });
});

describe('Health tolerant reading', () => {
  it.each([
    ['lastUpdatedTime', (d: EventCopy) => delete d.lastUpdatedTime, '2026-11-27T00:01:00.000Z'],
    [
      'lastUpdatedTime, with an end time',
      (d: EventCopy) => {
        delete d.lastUpdatedTime;
        d.endTime = 'Fri, 27 Nov 2026 00:04:00 GMT';
      },
      '2026-11-27T00:04:00.000Z',
    ],
    [
      'every detail time',
      (d: EventCopy) => {
        delete d.lastUpdatedTime;
        delete d.startTime;
      },
      '2026-11-27T00:05:00.000Z',
    ],
    [
      'every detail time, with an empty endTime',
      (d: EventCopy) => {
        delete d.lastUpdatedTime;
        delete d.startTime;
        d.endTime = '';
      },
      '2026-11-27T00:05:00.000Z',
    ],
  ])('without %s takes the version from the next time available', (_, change, version) => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => change(copy.detail));

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.version).toBe(version);
  });

  it.each([
    ['the string "true"', 'true', ['backup-copy']],
    ['the boolean true', true, ['backup-copy']],
    ['the string "TRUE"', 'TRUE', ['backup-copy']],
    ['the boolean false', false, []],
    ['a value that is not a boolean', 'maybe', []],
  ])('reads backupEvent as %s', (_, backupEvent, flags) => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      copy.detail.backupEvent = backupEvent;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.flags).toEqual(flags);
  });

  it.each([
    ['strings', '2', '10'],
    ['numbers', 2, 10],
  ])('says page 2 of 10 when the page numbers are %s', (_, page, totalPages) => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      copy.detail.page = page;
      copy.detail.totalPages = totalPages;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.reasons.join(' ')).toContain('page 2 of 10');
  });

  it('ignores page numbers it cannot read instead of rejecting the event', () => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      copy.detail.page = 'first';
      copy.detail.totalPages = '';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.reasons.join(' ')).not.toContain('page');
  });

  it.each([
    ['PUBLIC', 'PUBLIC'],
    ['public', 'PUBLIC'],
    ['NONE', 'NONE'],
    ['ACCOUNT_SPECIFIC', 'ACCOUNT_SPECIFIC'],
    ['REGIONAL', 'UNKNOWN'],
  ])('reads eventScopeCode %s as %s', (code, scope) => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      copy.detail.eventScopeCode = code;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.health?.eventScope).toBe(scope);
  });

  it('names an unknown eventScopeCode in the reasons', () => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      copy.detail.eventScopeCode = 'REGIONAL';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.reasons.join(' ')).toContain('"REGIONAL"');
  });

  it('prefers the English description over the first one', () => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      copy.detail.eventDescription = [
        { language: 'ja_JP', latestDescription: '日本語の説明' },
        { language: 'en_US', latestDescription: 'English description' },
      ];
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.description).toBe('English description');
  });

  it.each([
    ['only another language', [{ language: 'ja_JP', latestDescription: '日本語の説明' }], '日本語の説明'],
    ['no description at all', undefined, ''],
    ['an empty list', [], ''],
  ])('falls back when there is %s', (_, eventDescription, description) => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      copy.detail.eventDescription = eventDescription;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.description).toBe(description);
  });

  it('clips a very long description', () => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      copy.detail.eventDescription = [{ language: 'en_US', latestDescription: 'x'.repeat(10_000) }];
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.description.length).toBeLessThanOrEqual(2000);
  });

  it('falls back to the envelope for a missing event region, affected account and service', () => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      delete copy.detail.eventRegion;
      delete copy.detail.affectedAccount;
      delete copy.detail.service;
      delete copy.detail.affectedEntities;
      copy.region = 'ap-northeast-3';
      copy.account = '444444444444';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.region).toBe('ap-northeast-3');
    expect(alert.health?.eventRegion).toBe('ap-northeast-3');
    expect(alert.accountId).toBe('444444444444');
    expect(alert.resource).toBe('AWS');
    expect(alert.health?.affectedEntities).toEqual([]);
  });

  it('takes the affected account over the envelope account (the trust check judges the difference)', () => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      copy.account = '444444444444';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.accountId).toBe('222222222222');
    expect(alert.envelopeAccount).toBe('444444444444');
  });

  it('skips affected entities without a value', () => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      copy.detail.affectedEntities = [{ status: 'IMPAIRED' }, { entityValue: '' }, { entityValue: 'i-0123' }];
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.health?.affectedEntities).toEqual(['i-0123']);
    expect(alert.resource).toBe('i-0123');
  });
});

describe('Health bad input', () => {
  it.each([
    ['eventArn'],
    ['eventTypeCode'],
  ])('rejects a Health event without %s, naming the path', (field) => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      delete copy.detail[field];
    });

    // Act
    const act = () => normalizeEvent(event);

    // Assess
    expect(act).toThrow(EnvelopeInvalidError);
    expect(act).toThrow(`detail.${field}`);
  });

  it('leaves other aws.health detail-types to the registry, which ignores them with a reason', () => {
    // Prepare
    const event = withChanges(loadEvent(OUTAGE), (copy) => {
      copy['detail-type'] = 'AWS Health Summary';
    });

    // Act
    const result = normalizeEvent(event);

    // Assess
    expect(result).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('AWS Health Summary') });
  });
});
