import type { Alert, HealthDetail } from '../../shared/model.js';

/**
 * A canonical alert with sensible defaults: a HIGH GuardDuty finding on the example registry's first account.
 * Tests state only what they are about: `anAlert({ severity: 'LOW' })`.
 */
export const anAlert = (overrides: Partial<Alert> = {}): Alert => ({
  fingerprint: 'guardduty:111111111111:ap-northeast-1:finding-1',
  source: 'guardduty',
  category: 'security',
  accountId: overrides.envelopeAccount ?? '111111111111',
  envelopeAccount: '111111111111',
  region: 'ap-northeast-1',
  resource: 'i-0123456789abcdef0',
  type: 'UnauthorizedAccess:EC2/SSHBruteForce',
  title: 'SSH brute force attacks against i-0123456789abcdef0',
  description: '',
  severity: 'HIGH',
  status: 'open',
  version: '2026-11-27T01:00:00.000Z',
  eventId: 'event-1',
  time: '2026-11-27T01:00:00.000Z',
  consoleUrl: 'https://ap-northeast-1.console.aws.amazon.com/guardduty/home',
  flags: [],
  reasons: [],
  quiet: false,
  ...overrides,
});

/** A Health alert of the given category (`issue`, `scheduledChange`, …). */
export const aHealthAlert = (eventTypeCategory: string, overrides: Partial<Alert> = {}): Alert => {
  const health: HealthDetail = {
    eventArn: 'arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/TEST',
    service: 'EC2',
    eventTypeCategory,
    eventScope: 'ACCOUNT_SPECIFIC',
    eventRegion: 'ap-northeast-1',
    risk: false,
    affectedEntities: [],
  };
  return anAlert({
    fingerprint: `health:${health.eventArn}`,
    source: 'health',
    category: 'health',
    type: 'AWS_EC2_OPERATIONAL_ISSUE',
    severity: eventTypeCategory === 'issue' ? 'HIGH' : 'MEDIUM',
    health,
    ...overrides,
  });
};
