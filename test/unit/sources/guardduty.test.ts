import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guardDutySeverity } from '../../../shared/sources/guardduty.js';
import { EVENTS_DIR, loadEvent, withChanges } from '../../helpers/events.js';
import { alertOf, invalidIssues } from '../../helpers/normalized.js';

const FIRST = 'guardduty/high-exfiltration-1st.json';
const EXFILTRATION_FINGERPRINT = 'guardduty:111111111111:ap-northeast-1:b6c2f0e4a8d14e7c9f3a5b7d1e9c2a40';

describe('GuardDuty severity bands', () => {
  it.each([
    [1.0, 'LOW'],
    [3.9, 'LOW'],
    [4.0, 'MEDIUM'],
    [6.9, 'MEDIUM'],
    [7.0, 'HIGH'],
    [8.9, 'HIGH'],
    [9.0, 'CRITICAL'],
    [10.0, 'CRITICAL'],
  ])('maps %s to %s', (score, expected) => {
    expect(guardDutySeverity(score)).toBe(expected);
  });
});

describe('GuardDuty sample events', () => {
  it.each([
    ['high-exfiltration-1st.json', 'HIGH', 'open', '111111111111', '111111111111'],
    ['high-exfiltration-republished-count-3.json', 'HIGH', 'open', '111111111111', '111111111111'],
    ['high-exfiltration-archived.json', 'HIGH', 'resolved', '111111111111', '111111111111'],
    ['critical-attack-sequence.json', 'CRITICAL', 'open', '333333333333', '333333333333'],
    ['low-portprobe-string-numbers.json', 'LOW', 'open', '222222222222', '222222222222'],
    ['medium-sample-finding-staging.json', 'MEDIUM', 'open', '555555555555', '555555555555'],
    ['relayed-by-reporting-account.json', 'HIGH', 'open', '222222222222', '444444444444'],
    ['account-mismatch-not-allowed.json', 'MEDIUM', 'open', '111111111111', '333333333333'],
  ])('reads %s as %s, %s, about %s, sent by %s', (file, severity, status, accountId, envelopeAccount) => {
    // Act
    const alert = alertOf(loadEvent(`guardduty/${file}`));

    // Assess
    expect(alert).toMatchObject({
      source: 'guardduty',
      category: 'security',
      severity,
      status,
      accountId,
      envelopeAccount,
    });
  });

  it('keeps the finding account and the envelope account apart, leaving the trust check to later', () => {
    // Act
    const alert = alertOf(loadEvent('guardduty/account-mismatch-not-allowed.json'));

    // Assess
    expect(alert.fingerprint).toBe('guardduty:111111111111:ap-northeast-1:a7c9e1b3d5f74a6c8e0b2d4f6a8c1e59');
    expect(alert.flags).not.toContain('account-mismatch');
  });

  it('reads the severity and the count when they arrive as strings', () => {
    // Act
    const alert = alertOf(loadEvent('guardduty/low-portprobe-string-numbers.json'));

    // Assess
    expect(alert.severity).toBe('LOW');
    expect(alert.reasons).toContain('GuardDuty severity 2 is in < 4.0 → LOW');
    expect(alert.reasons).toContain('seen 12 times (a repeat of the same finding)');
  });

  it('flags a CreateSampleFindings finding as a sample', () => {
    // Act
    const alert = alertOf(loadEvent('guardduty/medium-sample-finding-staging.json'));

    // Assess
    expect(alert.flags).toEqual(['sample']);
    expect(alert.region).toBe('ap-northeast-3');
  });

  it('reads the 9.2 attack sequence as CRITICAL', () => {
    // Act
    const alert = alertOf(loadEvent('guardduty/critical-attack-sequence.json'));

    // Assess
    expect(alert.type).toBe('AttackSequence:IAM/CompromisedCredentials');
    expect(alert.reasons[0]).toBe('GuardDuty severity 9.2 is in ≥ 9.0 → CRITICAL');
  });
});

describe('GuardDuty repeats of one finding', () => {
  const story = [
    'high-exfiltration-1st.json',
    'high-exfiltration-1st-duplicate-delivery.json',
    'high-exfiltration-republished-count-3.json',
    'high-exfiltration-republished-count-7.json',
    'high-exfiltration-archived.json',
  ];

  it('gives every delivery, republication and the archive the same fingerprint', () => {
    // Act
    const fingerprints = story.map((file) => alertOf(loadEvent(`guardduty/${file}`)).fingerprint);

    // Assess
    expect(new Set(fingerprints)).toEqual(new Set([EXFILTRATION_FINGERPRINT]));
  });

  it('moves the version forward with each republication, so a late copy can be told apart', () => {
    // Act
    const versions = story.map((file) => alertOf(loadEvent(`guardduty/${file}`)).version);

    // Assess
    expect(versions).toEqual([
      '2026-11-27T01:00:00.000Z',
      '2026-11-27T01:00:00.000Z',
      '2026-11-27T01:10:00.000Z',
      '2026-11-27T01:20:00.000Z',
      '2026-11-27T01:25:00.000Z',
    ]);
  });

  it('keeps the re-delivered event byte-identical, envelope id included (at-least-once delivery)', () => {
    // Prepare
    const read = (file: string) => readFileSync(`${EVENTS_DIR}guardduty/${file}`, 'utf8');

    // Act
    const first = read('high-exfiltration-1st.json');
    const again = read('high-exfiltration-1st-duplicate-delivery.json');

    // Assess
    expect(again).toBe(first);
    expect(alertOf(JSON.parse(again)).eventId).toBe(alertOf(loadEvent(FIRST)).eventId);
  });

  it('gives each republication an envelope id of its own', () => {
    // Prepare
    const published = story.filter((file) => !file.includes('duplicate-delivery'));

    // Act
    const ids = published.map((file) => alertOf(loadEvent(`guardduty/${file}`)).eventId);

    // Assess
    expect(new Set(ids).size).toBe(published.length);
  });

  it('says how often a republished finding was seen', () => {
    // Act
    const alert = alertOf(loadEvent('guardduty/high-exfiltration-republished-count-7.json'));

    // Assess
    expect(alert.reasons).toContain('seen 7 times (a repeat of the same finding)');
  });

  it('resolves the finding when service.archived is the string "true"', () => {
    // Prepare
    const event = withChanges(loadEvent(FIRST), (copy) => {
      copy.detail.service.archived = 'true';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.status).toBe('resolved');
  });
});

describe('GuardDuty bad input', () => {
  it('names the envelope path when the account is not 12 digits', () => {
    // Act
    const issues = invalidIssues(loadEvent('../malformed-events/account-not-12-digits.json'));

    // Assess
    expect(issues).toEqual([{ path: 'account', reason: 'must be a 12-digit AWS account id' }]);
  });

  it('names the detail path when the severity is not a number', () => {
    // Prepare
    const event = withChanges(loadEvent(FIRST), (copy) => {
      copy.detail.severity = 'high';
    });

    // Act
    const issues = invalidIssues(event);

    // Assess
    expect(issues.map((issue) => issue.path)).toContain('detail.severity');
  });
});
