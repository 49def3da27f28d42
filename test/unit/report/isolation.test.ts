import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../../shared/config/registry.js';
import type { Incident, ReceiverRecord, TimelineEntry } from '../../../shared/incident.js';
import type { Severity } from '../../../shared/model.js';
import { SEVERITIES } from '../../../shared/model.js';
import {
  buildMonthlyReport,
  REPORT_FORMATS,
  renderReport,
  renderReportSummary,
} from '../../../shared/report/index.js';
import { anIncident, aSubject } from '../../helpers/incidents.js';
import { aRegistry, type Registry, TEAM_LEVELS } from '../../reliability/arbitraries.js';

/**
 * DESIGN §7, §15: a report for an ASP or a municipality never holds another tenant's account ids, account names
 * or incident ids, in any format, over random registries and random months of incidents (shared incidents,
 * notices to receivers that should not have had them, titles that name their own account). A municipality's
 * report holds no account id, account name or incident id at all.
 */

const RUNS = Number(process.env.PROPERTY_RUNS) || 60;
const MONTH_START = Date.parse('2026-10-20T00:00:00+09:00');
const SPAN_MINUTES = 42 * 24 * 60; // to 1 December

type Draft = {
  readonly accounts: readonly string[];
  readonly severity: Severity;
  readonly outage: boolean;
  readonly opened: number;
  readonly ackAfter: number | undefined;
  readonly resolveAfter: number | undefined;
  readonly notices: readonly { receiver: string; after: number; kind: 'trigger' | 'resolve' }[];
};

const aDraft = (registry: Registry, receivers: readonly string[]): fc.Arbitrary<Draft> =>
  fc.record({
    accounts: fc.uniqueArray(fc.constantFrom(...registry.registered, ...registry.unregistered), {
      minLength: 1,
      maxLength: 3,
    }),
    severity: fc.constantFrom(...SEVERITIES),
    outage: fc.boolean(),
    opened: fc.integer({ min: 0, max: SPAN_MINUTES }),
    ackAfter: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
    resolveAfter: fc.option(fc.integer({ min: 0, max: 6000 }), { nil: undefined }),
    notices: fc.array(
      fc.record({
        receiver: fc.constantFrom(...receivers),
        after: fc.integer({ min: 0, max: 120 }),
        kind: fc.constantFrom('trigger', 'resolve') as fc.Arbitrary<'trigger' | 'resolve'>,
      }),
      { maxLength: 6 },
    ),
  });

const at = (minute: number) => new Date(MONTH_START + minute * 60_000).toISOString();

/** An incident from a draft; a one-account incident's title names its account (as GuardDuty titles do). */
const incidentOf = (draft: Draft, i: number, config: Config): Incident => {
  const [first] = draft.accounts;
  const name = config.accountsById.get(first ?? '')?.name ?? 'unregistered';
  const title = draft.accounts.length === 1 ? `Finding ${i} on ${first} (${name})` : `Shared event ${i}`;
  const subject = draft.outage
    ? aSubject({
        source: 'health',
        category: 'health',
        title,
        health: {
          eventArn: `arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/${i}`,
          service: 'EC2',
          eventTypeCategory: 'issue',
          eventScope: 'ACCOUNT_SPECIFIC',
          eventRegion: 'ap-northeast-1',
          risk: false,
          affectedEntities: [],
        },
      })
    : aSubject({ title });
  const timeline: TimelineEntry[] = [
    { at: at(draft.opened), what: 'received', note: 'new' },
    ...draft.notices.map((n) => ({
      at: at(draft.opened + n.after),
      what: 'notified' as const,
      receiver: n.receiver,
      kind: n.kind,
      channel: 'email',
      ...(config.receiversById.get(n.receiver)?.audience === 'municipality' ? { note: '第1報' } : {}),
    })),
  ];
  const receivers: Record<string, ReceiverRecord> = {};
  for (const n of draft.notices) {
    const audience = config.receiversById.get(n.receiver)?.audience ?? 'team';
    // A record may even name accounts that are not the receiver's: the report must still show only its own.
    receivers[n.receiver] = {
      audience,
      lastKind: n.kind,
      lastSeverity: draft.severity,
      lastAt: 0,
      sent: 1,
      accounts: draft.accounts,
    };
  }
  return anIncident({
    fingerprint: `prop:${i}`,
    severity: draft.severity,
    accounts: draft.accounts,
    subject,
    firstSeen: at(draft.opened),
    receivers,
    escalation: undefined,
    state: draft.resolveAfter !== undefined ? 'resolved' : 'open',
    ...(draft.ackAfter === undefined ? {} : { acknowledgedAt: at(draft.opened + draft.ackAfter) }),
    ...(draft.resolveAfter === undefined ? {} : { resolvedAt: at(draft.opened + draft.resolveAfter) }),
    timeline,
  });
};

const aMonth = aRegistry({ tenantSeverityRoutes: true }).chain((registry) => {
  const receivers = [...registry.config.receiversById.keys()];
  return fc
    .array(aDraft(registry, receivers), { minLength: 1, maxLength: 12 })
    .map((drafts) => ({ registry, incidents: drafts.map((d, i) => incidentOf(d, i, registry.config)) }));
});

/** Everything a receiver's reports say, in every format and the summary. */
const allText = (config: Config, incidents: readonly Incident[], receiver: string): string => {
  const report = buildMonthlyReport({ incidents, previous: incidents, config, month: '2026-11', receiver });
  const summary = renderReportSummary(report, 'https://console.example');
  return [
    ...REPORT_FORMATS.map((format) => renderReport(report, format)),
    summary.subject,
    summary.body,
    summary.short,
  ].join('\n');
};

describe('reports keep every tenant to its own (property)', () => {
  it('an ASP’s report never names another tenant’s accounts or incidents', () => {
    fc.assert(
      fc.property(aMonth, ({ registry, incidents }) => {
        const { config } = registry;
        for (const asp of config.asps) {
          const text = allText(config, incidents, asp.id);
          const foreign = config.accounts.filter((account) => account.asp !== asp.id);
          const own = new Set(config.accounts.filter((a) => a.asp === asp.id).map((a) => a.id));
          for (const account of foreign) {
            expect(text).not.toContain(account.id);
            expect(text).not.toContain(account.name);
            expect(text).not.toContain(account.system);
          }
          for (const id of registry.unregistered) expect(text).not.toContain(id);
          for (const other of config.asps.filter((a) => a.id !== asp.id))
            expect(text).not.toContain(other.name);
          for (const incident of incidents)
            if (!incident.accounts.some((id) => own.has(id))) expect(text).not.toContain(incident.id);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('a municipality’s report names no account or incident at all, and only its own systems', () => {
    fc.assert(
      fc.property(aMonth, ({ registry, incidents }) => {
        const { config } = registry;
        for (const municipality of config.municipalities) {
          const text = allText(config, incidents, municipality.id);
          for (const account of config.accounts) {
            expect(text).not.toContain(account.id);
            expect(text).not.toContain(account.name);
            if (!account.municipalities.includes(municipality.id)) expect(text).not.toContain(account.system);
          }
          for (const id of registry.unregistered) expect(text).not.toContain(id);
          for (const incident of incidents) expect(text).not.toContain(incident.id);
          for (const other of config.municipalities.filter((m) => m.id !== municipality.id))
            expect(text).not.toContain(other.name);
          for (const asp of config.asps) expect(text).not.toContain(asp.name);
          for (const level of TEAM_LEVELS) expect(text).not.toContain(level);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('the team’s report holds every incident of the month (the property can fail)', () => {
    fc.assert(
      fc.property(aMonth, ({ registry, incidents }) => {
        const report = buildMonthlyReport({
          incidents,
          config: registry.config,
          month: '2026-11',
          receiver: 'team-oncall',
        });
        const november = incidents.filter((incident) => {
          const opened = Date.parse(incident.firstSeen);
          const resolved =
            incident.resolvedAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(incident.resolvedAt);
          return (
            opened < Date.parse('2026-12-01T00:00:00+09:00') &&
            resolved >= Date.parse('2026-11-01T00:00:00+09:00')
          );
        });
        expect(report.incidents.map((row) => row.id).sort()).toEqual(november.map((i) => i.id).sort());
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
