import { describe, expect, it } from 'vitest';
import {
  buildFiscalYearReport,
  buildMonthlyReport,
  UnknownReceiverError,
} from '../../../shared/report/index.js';
import { monthWindow, previousMonth } from '../../../shared/report/period.js';
import { durationStats } from '../../../shared/report/stats.js';
import { aConfig } from '../../helpers/config.js';
import { A, B, C, D, E, F, G, jst, NOVEMBER, OCTOBER } from './fixtures.js';

// DESIGN §15: the numbers of a small month worked out by hand (fixtures.ts says what each incident did).

const config = aConfig();
const MIN = 60_000;
const report = (receiver: string) =>
  buildMonthlyReport({ incidents: NOVEMBER, previous: OCTOBER, config, month: '2026-11', receiver });

describe('the month and its statistics', () => {
  it('bounds a month by JST midnights', () => {
    expect(monthWindow('2026-11', 'Asia/Tokyo')).toEqual({
      start: Date.parse('2026-10-31T15:00:00Z'),
      end: Date.parse('2026-11-30T15:00:00Z'),
    });
    expect(monthWindow('2026-12', 'Asia/Tokyo').end).toBe(Date.parse('2026-12-31T15:00:00Z'));
    expect(monthWindow('2026-03', 'Europe/Berlin')).toEqual({
      start: Date.parse('2026-02-28T23:00:00Z'),
      end: Date.parse('2026-03-31T22:00:00Z'),
    });
    expect(previousMonth('2026-01')).toBe('2025-12');
  });

  it.each([
    [[], null, null],
    [[7], 7, 7],
    [[3, 1], 2, 3],
    [[30, 6, 20], 20, 30],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6, 10],
  ])('median and nearest-rank p90 of %j', (samples, median, p90) => {
    const stats = durationStats(samples);
    expect(stats.count).toBe(samples.length);
    expect(stats.medianMs === null ? null : stats.medianMs).toBe(median === null ? null : Math.round(median));
    expect(stats.p90Ms).toBe(p90);
  });
});

describe('the team’s report of a hand-computed month', () => {
  const team = report('team-oncall');

  it('counts what opened, carried over, resolved and stayed open', () => {
    expect(team.figures).toMatchObject({
      opened: 6, // A B C D E G
      carriedOver: 1, // F
      resolved: 5, // A B C D F
      openAtMonthEnd: 2, // E (acked only in December) and G
      paged: 4, // A B D E; C and G had digests only
      bySeverity: { CRITICAL: 1, HIGH: 3, MEDIUM: 1, LOW: 1, INFORMATIONAL: 0 },
      outages: 1,
      outageMs: 120 * MIN, // AWS's 07:50–09:50
      scheduledChanges: 1,
      municipalReports: 6, // 第1報 and 第2報 to three municipalities
    });
    expect(team.counts.bySource).toEqual({ guardduty: 2, securityhub: 1, config: 1, health: 2 });
    expect(team.counts.byDay[2]).toBe(1); // 3 Nov
    expect(team.counts.byDay.reduce((a, b) => a + b, 0)).toBe(6);
    expect(team.counts.bySystem).toEqual([
      { system: '住民記録システム', count: 3 },
      // Ties in the order of the locale's collation.
      { system: '福祉システム', count: 2 },
      { system: '税務システム', count: 2 },
    ]);
  });

  it('measures MTTA (first page → first ack, acked this month) and MTTR (opened → resolved this month)', () => {
    // TTA: A 6m, B 20m (paged 09:00, not from the escalation), D 30m; E was acked in December, F in October.
    expect(team.figures.mtta).toEqual({ count: 3, medianMs: 20 * MIN, p90Ms: 30 * MIN });
    // TTR: C 30m, A 60m, D 120m, B 240m, F 11 days.
    expect(team.figures.mttr).toEqual({ count: 5, medianMs: 120 * MIN, p90Ms: 11 * 24 * 60 * MIN });
  });

  it('lists every incident with its times as of month end', () => {
    expect(team.incidents.map((row) => row.id)).toEqual([F, A, B, G, C, D, E].map((i) => i.id));
    const rowOf = (id: string) => team.incidents.find((row) => row.id === id);
    expect(rowOf(B.id)).toMatchObject({
      firstPageAt: jst('2026-11-10 09:00'),
      acknowledgedAt: jst('2026-11-10 09:20'),
      resolvedAt: jst('2026-11-10 13:00'),
      ttaMs: 20 * MIN,
      ttrMs: 240 * MIN,
      stateAtMonthEnd: 'resolved',
      accounts: [{ id: '222222222222', name: 'kyodo-zeimu-prod' }],
      asps: ['asp-b'],
    });
    // E's acknowledgement came after the month: not in November's report.
    expect(rowOf(E.id)).toMatchObject({ acknowledgedAt: null, ttaMs: null, stateAtMonthEnd: 'open' });
    expect(rowOf(F.id)).toMatchObject({ carriedOver: true, ttrMs: 11 * 24 * 60 * MIN });
    expect(rowOf(C.id)).toMatchObject({ firstPageAt: null, ttaMs: null, ttrMs: 30 * MIN });
  });

  it('gives the outage per system and the scheduled change', () => {
    expect(team.outages).toEqual([
      expect.objectContaining({
        id: D.id,
        startedAt: jst('2026-11-20 07:50'),
        endedAt: jst('2026-11-20 09:50'),
        durationMs: 120 * MIN,
        systems: ['税務システム', '住民記録システム'],
      }),
    ]);
    expect(team.outagesBySystem).toEqual([
      { system: '住民記録システム', outages: 1, inMonthMs: 120 * MIN },
      { system: '税務システム', outages: 1, inMonthMs: 120 * MIN },
    ]);
    expect(team.scheduledChanges).toEqual([
      expect.objectContaining({ id: G.id, startsAt: jst('2026-12-10 00:00'), systems: ['福祉システム'] }),
    ]);
  });

  it('compares with the previous month', () => {
    // October: H and F opened; F paged and was acked in 10m; H resolved in a day; F open at October's end.
    expect(team.previous).toMatchObject({
      month: '2026-10',
      opened: 2,
      resolved: 1,
      openAtMonthEnd: 1,
      mtta: { count: 1, medianMs: 10 * MIN },
      mttr: { count: 1, medianMs: 24 * 60 * MIN },
    });
  });

  it('breaks the month down by ASP and by municipality', () => {
    expect(team.breakdown?.asps).toEqual([
      expect.objectContaining({ asp: 'asp-a', opened: 3, criticalOrHigh: 3, openAtMonthEnd: 1 }),
      expect.objectContaining({ asp: 'asp-b', opened: 2, criticalOrHigh: 2, openAtMonthEnd: 0 }),
      expect.objectContaining({ asp: 'asp-c', opened: 2, criticalOrHigh: 0, openAtMonthEnd: 1 }),
    ]);
    expect(team.breakdown?.municipalities).toEqual([
      expect.objectContaining({ municipality: 'city-aoba', notices: 1, reports: 2, outages: 1, shares: 0 }),
      expect.objectContaining({ municipality: 'city-sakura', notices: 1, reports: 2, outages: 1 }),
      expect.objectContaining({ municipality: 'town-midori', notices: 1, reports: 2, outages: 1 }),
    ]);
  });

  it('prints its definitions', () => {
    expect(team.definitions.map((d) => d.term)).toEqual(
      expect.arrayContaining([
        'MTTA（確認までの時間）',
        'MTTR（解消までの時間）',
        '中央値・90パーセンタイル',
      ]),
    );
  });

  it('reads the same whatever level of the team asks', () => {
    expect(report('team-lead').figures).toEqual(team.figures);
  });
});

describe('an ASP’s report', () => {
  const aspA = report('asp-a');

  it('holds only its own accounts, and its own part of a shared outage', () => {
    expect(aspA.incidents.map((row) => row.id)).toEqual([A.id, D.id, E.id]);
    const shared = aspA.incidents.find((row) => row.id === D.id);
    // Its account joined at 08:10 and it was paged then; acked 08:30, resolved 10:00.
    expect(shared).toMatchObject({
      accounts: [{ id: '111111111111', name: 'aoba-juki-prod' }],
      systems: ['住民記録システム'],
      asps: ['asp-a'],
      openedAt: jst('2026-11-20 08:10'),
      firstPageAt: jst('2026-11-20 08:10'),
      ttaMs: 20 * MIN,
      ttrMs: 110 * MIN,
    });
    expect(aspA.figures.mtta).toEqual({ count: 2, medianMs: 13 * MIN, p90Ms: 20 * MIN });
    expect(aspA.figures.mttr).toEqual({ count: 2, medianMs: 85 * MIN, p90Ms: 110 * MIN });
    expect(aspA.figures.municipalReports).toBe(2); // city-aoba's, about its account
    expect(aspA.breakdown).toBeNull();
    const text = JSON.stringify(aspA);
    for (const other of ['222222222222', 'kyodo-zeimu-prod', '税務システム', 'asp-b', B.id, F.id, C.id])
      expect(text).not.toContain(other);
  });

  it('is in English for an ASP that reads English', () => {
    const aspC = report('asp-c');
    expect(aspC.title).toBe('Monthly report — November 2026 — C Cloud Solutions K.K.');
    expect(aspC.incidents.map((row) => row.id)).toEqual([G.id, C.id]);
    expect(aspC.definitions[0]?.term).toBe('Scope');
  });
});

describe('a municipality’s report', () => {
  it('holds what it was told, by business system, without codes', () => {
    const aoba = report('city-aoba');
    expect(aoba.incidents).toHaveLength(1);
    expect(aoba.incidents[0]).toMatchObject({
      id: '',
      type: '',
      title: 'クラウドの障害（東京・仮想サーバー）',
      systems: ['住民記録システム'],
      accounts: [],
      asps: [],
      notice: 'outage',
      reports: 2,
      openedAt: jst('2026-11-20 08:10'),
      ttrMs: 110 * MIN,
    });
    expect(aoba.outages[0]).toMatchObject({ id: '', accounts: [], region: '東京', service: '仮想サーバー' });
    expect(aoba.figures).toMatchObject({ municipalReports: 2, outages: 1, scheduledChanges: 0 });
    expect(aoba.counts.bySource).toEqual({});
    const text = JSON.stringify(aoba);
    for (const code of [
      '111111111111',
      '222222222222',
      'aoba-juki-prod',
      'INC-',
      'arn:',
      'AWS_EC2',
      '税務システム',
    ])
      expect(text).not.toContain(code);
  });

  it('names only its own system of a shared outage', () => {
    expect(report('city-sakura').incidents.map((row) => row.systems)).toEqual([['税務システム']]);
  });
});

describe('a fiscal year', () => {
  it('sums its months and measures the year from all its samples', () => {
    const year = buildFiscalYearReport({
      incidents: [...NOVEMBER, ...OCTOBER],
      config,
      fiscalYear: 2026,
      receiver: 'team-oncall',
    });
    expect(year.months.map((m) => m.month)).toEqual([
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
    ]);
    expect(year.months[6]?.opened).toBe(2);
    expect(year.months[7]?.opened).toBe(6);
    expect(year.total.opened).toBe(8);
    // TTA over the year: F 10m, A 6m, B 20m, D 30m, and E 3h (acked 12-01 01:00 after the 11-28 22:00 page).
    expect(year.total.mtta).toEqual({ count: 5, medianMs: 20 * MIN, p90Ms: 51 * 60 * MIN });
    expect(year.total.openAtYearEnd).toBe(2);
    expect(year.period.start).toBe('2026-03-31T15:00:00.000Z');
  });
});

describe('bad input', () => {
  it('names an unknown receiver and the known ones', () => {
    expect(() => buildMonthlyReport({ incidents: [], config, month: '2026-11', receiver: 'city-x' })).toThrow(
      UnknownReceiverError,
    );
    expect(() => buildMonthlyReport({ incidents: [], config, month: '2026-11', receiver: 'city-x' })).toThrow(
      /city-x.*team-oncall/,
    );
  });
});
