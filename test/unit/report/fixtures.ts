import type { Incident, TimelineEntry } from '../../../shared/incident.js';
import { anIncident, aSubject } from '../../helpers/incidents.js';

/**
 * A small month written out by hand (November 2026, JST) on the example registry, with the numbers its report
 * must show worked out in monthly-report.test.ts. Times are JST wall-clock times.
 */

/** `2026-11-03 10:00` (JST) → ISO. */
export const jst = (wall: string): string => new Date(`${wall.replace(' ', 'T')}:00+09:00`).toISOString();

const notified = (
  at: string,
  receiver: string,
  kind: TimelineEntry['kind'],
  note?: string,
): TimelineEntry => ({
  at: jst(at),
  what: 'notified',
  receiver,
  kind,
  channel: 'email',
  ...(note === undefined ? {} : { note }),
});
const received = (at: string, note = 'new'): TimelineEntry => ({ at: jst(at), what: 'received', note });
const acked = (at: string, by = 'team-oncall'): TimelineEntry => ({ at: jst(at), what: 'acknowledged', by });
const resolved = (at: string): TimelineEntry => ({ at: jst(at), what: 'resolved', note: 'by guardduty' });

const incident = (key: string, overrides: Partial<Incident>): Incident =>
  anIncident({ fingerprint: `test:${key}`, escalation: undefined, ...overrides });

const finding = (title: string) => aSubject({ title });

/** A: HIGH GuardDuty on aoba-juki-prod (asp-a): paged 10:00, acked 10:06, resolved 11:00 → TTA 6m, TTR 60m. */
export const A = incident('a', {
  severity: 'HIGH',
  state: 'resolved',
  accounts: ['111111111111'],
  subject: finding('Finding A on i-aaaa'),
  firstSeen: jst('2026-11-03 10:00'),
  acknowledgedAt: jst('2026-11-03 10:06'),
  resolvedAt: jst('2026-11-03 11:00'),
  timeline: [
    received('2026-11-03 10:00'),
    notified('2026-11-03 10:00', 'team-oncall', 'trigger'),
    notified('2026-11-03 10:00', 'asp-a', 'trigger'),
    acked('2026-11-03 10:06'),
    resolved('2026-11-03 11:00'),
  ],
});

/** B: CRITICAL Security Hub on kyodo-zeimu-prod (asp-b): paged 09:00, escalated 09:15, acked 09:20, resolved 13:00. */
export const B = incident('b', {
  severity: 'CRITICAL',
  state: 'resolved',
  accounts: ['222222222222'],
  subject: aSubject({ source: 'securityhub', category: 'compliance', title: 'Finding B' }),
  firstSeen: jst('2026-11-10 09:00'),
  acknowledgedAt: jst('2026-11-10 09:20'),
  resolvedAt: jst('2026-11-10 13:00'),
  timeline: [
    received('2026-11-10 09:00'),
    notified('2026-11-10 09:00', 'team-oncall', 'trigger'),
    {
      at: jst('2026-11-10 09:15'),
      what: 'escalated',
      receiver: 'team-lead',
      kind: 'escalation',
      note: 'step 1',
    },
    acked('2026-11-10 09:20', 'team-lead'),
    resolved('2026-11-10 13:00'),
  ],
});

/** C: MEDIUM Config on aoba-fukushi-prod (asp-c): a digest only (no page), resolved after 30 minutes. */
export const C = incident('c', {
  severity: 'MEDIUM',
  state: 'resolved',
  accounts: ['333333333333'],
  subject: aSubject({ source: 'config', category: 'compliance', title: 'Finding C' }),
  firstSeen: jst('2026-11-15 12:00'),
  resolvedAt: jst('2026-11-15 12:30'),
  timeline: [
    received('2026-11-15 12:00'),
    {
      at: jst('2026-11-15 12:05'),
      what: 'digest',
      receiver: 'team-oncall',
      kind: 'trigger',
      channel: 'email',
    },
    resolved('2026-11-15 12:30'),
  ],
});

/**
 * D: an AWS outage (Health issue) seen first from kyodo-zeimu-prod (asp-b, 08:00) then aoba-juki-prod (asp-a, 08:10);
 * AWS says 07:50–09:50; acked 08:30, resolved 10:00. Each municipality got 第1報 and 第2報 (recovery).
 */
export const D = incident('d', {
  severity: 'HIGH',
  state: 'resolved',
  accounts: ['222222222222', '111111111111'],
  subject: aSubject({
    source: 'health',
    category: 'health',
    type: 'AWS_EC2_OPERATIONAL_ISSUE',
    title: 'EC2 AWS_EC2_OPERATIONAL_ISSUE',
    region: 'ap-northeast-1',
    health: {
      eventArn: 'arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/1',
      service: 'EC2',
      eventTypeCategory: 'issue',
      eventScope: 'ACCOUNT_SPECIFIC',
      eventRegion: 'ap-northeast-1',
      startTime: jst('2026-11-20 07:50'),
      endTime: jst('2026-11-20 09:50'),
      risk: false,
      affectedEntities: [],
    },
  }),
  firstSeen: jst('2026-11-20 08:00'),
  sightings: {
    '222222222222': {
      resource: 'i-bbbb',
      count: 1,
      firstSeen: jst('2026-11-20 08:00'),
      lastSeen: jst('2026-11-20 08:00'),
    },
    '111111111111': {
      resource: 'i-aaaa',
      count: 1,
      firstSeen: jst('2026-11-20 08:10'),
      lastSeen: jst('2026-11-20 08:10'),
    },
  },
  acknowledgedAt: jst('2026-11-20 08:30'),
  resolvedAt: jst('2026-11-20 10:00'),
  receivers: {
    'team-oncall': { audience: 'team', lastKind: 'resolve', lastSeverity: 'HIGH', lastAt: 0, sent: 2 },
    'asp-b': {
      audience: 'asp',
      lastKind: 'resolve',
      lastSeverity: 'HIGH',
      lastAt: 0,
      sent: 2,
      accounts: ['222222222222'],
    },
    'asp-a': {
      audience: 'asp',
      lastKind: 'resolve',
      lastSeverity: 'HIGH',
      lastAt: 0,
      sent: 2,
      accounts: ['111111111111'],
    },
    'city-sakura': {
      audience: 'municipality',
      lastKind: 'resolve',
      lastSeverity: 'HIGH',
      lastAt: 0,
      sent: 2,
      accounts: ['222222222222'],
    },
    'town-midori': {
      audience: 'municipality',
      lastKind: 'resolve',
      lastSeverity: 'HIGH',
      lastAt: 0,
      sent: 2,
      accounts: ['222222222222'],
    },
    'city-aoba': {
      audience: 'municipality',
      lastKind: 'resolve',
      lastSeverity: 'HIGH',
      lastAt: 0,
      sent: 2,
      accounts: ['111111111111'],
    },
  },
  timeline: [
    received('2026-11-20 08:00'),
    notified('2026-11-20 08:00', 'team-oncall', 'trigger'),
    notified('2026-11-20 08:00', 'asp-b', 'trigger'),
    notified('2026-11-20 08:00', 'city-sakura', 'trigger', '第1報'),
    notified('2026-11-20 08:00', 'town-midori', 'trigger', '第1報'),
    received('2026-11-20 08:10', 'account 111111111111 joins'),
    notified('2026-11-20 08:10', 'asp-a', 'trigger'),
    notified('2026-11-20 08:10', 'city-aoba', 'trigger', '第1報'),
    acked('2026-11-20 08:30'),
    { at: jst('2026-11-20 10:00'), what: 'resolved', note: 'by health' },
    notified('2026-11-20 10:00', 'team-oncall', 'resolve'),
    notified('2026-11-20 10:00', 'asp-a', 'resolve'),
    notified('2026-11-20 10:00', 'asp-b', 'resolve'),
    notified('2026-11-20 10:00', 'city-aoba', 'resolve', '第2報'),
    notified('2026-11-20 10:00', 'city-sakura', 'resolve', '第2報'),
    notified('2026-11-20 10:00', 'town-midori', 'resolve', '第2報'),
  ],
});

/** E: HIGH GuardDuty on aoba-juki-prod, paged 11-28 22:00, acknowledged only on 12-01: open at month end. */
export const E = incident('e', {
  severity: 'HIGH',
  state: 'acknowledged',
  accounts: ['111111111111'],
  subject: finding('Finding E'),
  firstSeen: jst('2026-11-28 22:00'),
  acknowledgedAt: jst('2026-12-01 01:00'),
  timeline: [
    received('2026-11-28 22:00'),
    notified('2026-11-28 22:00', 'team-oncall', 'trigger'),
    notified('2026-11-28 22:00', 'asp-a', 'trigger'),
    acked('2026-12-01 01:00'),
  ],
});

/** F: HIGH Inspector on kyodo-zeimu-prod from October (paged and acked then), resolved 11-05: 11 days to resolve. */
export const F = incident('f', {
  severity: 'HIGH',
  state: 'resolved',
  accounts: ['222222222222'],
  subject: aSubject({ source: 'inspector', title: 'Finding F' }),
  firstSeen: jst('2026-10-25 10:00'),
  acknowledgedAt: jst('2026-10-25 10:10'),
  resolvedAt: jst('2026-11-05 10:00'),
  timeline: [
    received('2026-10-25 10:00'),
    notified('2026-10-25 10:00', 'team-oncall', 'trigger'),
    acked('2026-10-25 10:10'),
    resolved('2026-11-05 10:00'),
  ],
});

/** G: an AWS scheduled change on aoba-fukushi-prod (asp-c), LOW, a digest only, still open. */
export const G = incident('g', {
  severity: 'LOW',
  accounts: ['333333333333'],
  subject: aSubject({
    source: 'health',
    category: 'health',
    type: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
    title: 'EC2 AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
    health: {
      eventArn: 'arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/1',
      service: 'EC2',
      eventTypeCategory: 'scheduledChange',
      eventScope: 'ACCOUNT_SPECIFIC',
      eventRegion: 'ap-northeast-1',
      startTime: jst('2026-12-10 00:00'),
      risk: false,
      affectedEntities: [],
    },
  }),
  firstSeen: jst('2026-11-12 09:00'),
  timeline: [
    received('2026-11-12 09:00'),
    { at: jst('2026-11-12 09:05'), what: 'digest', receiver: 'asp-c', kind: 'trigger', channel: 'email' },
  ],
});

/** H: LOW in October, resolved the next day (the previous month's only other incident). */
export const H = incident('h', {
  severity: 'LOW',
  state: 'resolved',
  accounts: ['111111111111'],
  subject: finding('Finding H'),
  firstSeen: jst('2026-10-02 10:00'),
  resolvedAt: jst('2026-10-03 10:00'),
  timeline: [received('2026-10-02 10:00'), resolved('2026-10-03 10:00')],
});

/** What the store's month query gives: November (with F, open across its start) and October. */
export const NOVEMBER = [F, A, G, B, C, D, E];
export const OCTOBER = [H, F];
