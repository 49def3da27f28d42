import {
  type Delivery,
  deliveryId,
  type Incident,
  type IncidentSubject,
  incidentId,
} from '../../shared/incident.js';
import type { HealthDetail } from '../../shared/model.js';

const FINGERPRINT = 'guardduty:111111111111:ap-northeast-1:finding-1';

/**
 * A stored incident with sensible defaults: the open first episode of a HIGH GuardDuty finding on the example
 * registry's first account (aoba-juki-prod), first seen 2026-11-27 10:00 JST, escalating to the team levels
 * every 30 minutes. Tests state only what they are about: `anIncident({ severity: 'CRITICAL' })`.
 */
export const anIncident = (overrides: Partial<Incident> = {}): Incident => {
  const fingerprint = overrides.fingerprint ?? FINGERPRINT;
  const episode = overrides.episode ?? 1;
  return {
    fingerprint,
    id: incidentId(fingerprint, episode),
    episode,
    state: 'open',
    revision: 1,
    version: '2026-11-27T01:00:00.000Z',
    severity: 'HIGH',
    owner: 'team',
    subject: aSubject(),
    accounts: ['111111111111'],
    flags: [],
    count: 1,
    firstSeen: '2026-11-27T01:00:00.000Z',
    lastSeen: '2026-11-27T01:00:00.000Z',
    recentEventIds: ['event-1'],
    receivers: {},
    escalation: {
      levels: ['team-oncall', 'team-lead'],
      ackWithinMs: 30 * 60_000,
      repeat: 3,
      step: 0,
      token: 1,
      dueAt: Date.parse('2026-11-27T01:30:00.000Z'),
    },
    ...overrides,
  };
};

/** The facts of a GuardDuty finding, as `subjectOf` keeps them. */
export const aSubject = (overrides: Partial<IncidentSubject> = {}): IncidentSubject => ({
  source: 'guardduty',
  category: 'security',
  type: 'UnauthorizedAccess:EC2/SSHBruteForce',
  title: 'SSH brute force attacks against i-0123456789abcdef0',
  description: '',
  region: 'ap-northeast-1',
  resource: 'i-0123456789abcdef0',
  consoleUrl: 'https://ap-northeast-1.console.aws.amazon.com/guardduty/home?region=ap-northeast-1#/findings',
  ...overrides,
});

/**
 * An open Health `issue` (an EC2 outage in Tokyo that began 2026-11-27 9:05 JST) gathering the given accounts,
 * as the pipeline builds it when several spokes forward the same event.
 */
export const aHealthIncident = (
  accounts: readonly string[],
  overrides: Partial<Incident> = {},
  health: Partial<HealthDetail> = {},
): Incident => {
  const detail: HealthDetail = {
    eventArn: 'arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/TEST',
    service: 'EC2',
    eventTypeCategory: 'issue',
    eventScope: 'ACCOUNT_SPECIFIC',
    eventRegion: 'ap-northeast-1',
    startTime: '2026-11-27T00:05:00.000Z',
    risk: false,
    affectedEntities: ['i-0a3f5c7e9b1d24680'],
    ...health,
  };
  return anIncident({
    fingerprint: `health:${detail.eventArn}`,
    accounts,
    firstSeen: '2026-11-27T00:10:00.000Z',
    lastSeen: '2026-11-27T00:10:00.000Z',
    subject: aSubject({
      source: 'health',
      category: 'health',
      type: 'AWS_EC2_OPERATIONAL_ISSUE',
      title: 'EC2 AWS_EC2_OPERATIONAL_ISSUE',
      description: 'We are investigating network connectivity issues affecting some EC2 instances.',
      region: detail.eventRegion,
      resource: 'i-0a3f5c7e9b1d24680',
      consoleUrl: `https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(detail.eventArn)}`,
      health: detail,
    }),
    ...overrides,
  });
};

/**
 * One delivery of an incident: by default the first trigger to the team's on-call level. The audience must match
 * the receiver (`aDelivery({ receiver: 'asp-a', audience: 'asp' })`); `incident` fills the ids.
 */
export const aDelivery = (overrides: Partial<Delivery> = {}, incident: Incident = anIncident()): Delivery => {
  const receiver = overrides.receiver ?? 'team-oncall';
  return {
    id: deliveryId(incident.id, receiver, 1),
    incidentId: incident.id,
    fingerprint: incident.fingerprint,
    receiver,
    audience: 'team',
    kind: 'trigger',
    severity: incident.severity,
    reason: 'first',
    at: Date.parse(incident.lastSeen),
    status: 'pending',
    ...overrides,
  };
};
