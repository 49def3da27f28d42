import { SEVERITIES } from '../model.js';
import { type Labels, labelsFor, stateLabel } from './labels.js';
import type {
  DurationStats,
  FiscalYearReport,
  MonthFigures,
  MonthlyReport,
  ReportIncident,
} from './types.js';
import {
  formatDuration,
  jaDate,
  localTime,
  monthTitle,
  SEVERITY_JA,
  severityLabel,
  shortTime,
  sourceName,
  zoneName,
} from './words.js';

/**
 * The report as its reader meets it, shared by the HTML and Markdown renderers: sections of text, tables and
 * charts, every cell already in the reader's words (the renderers only escape and lay out).
 */

export type Table = {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns holding numbers (right-aligned). */
  readonly numeric?: readonly number[];
  /** Columns kept on one line (ids, times); the others wrap. A cell may hold line breaks (`\n`). */
  readonly nowrap?: readonly number[];
  /** Column widths in percent, for a table too wide to lay itself out on A4 (HTML only). */
  readonly widths?: readonly number[];
  /** Shown instead of an empty table. */
  readonly empty: string;
  /** For the HTML hooks: `data-incident` on each row. */
  readonly rowIds?: readonly string[];
};

export type Chart =
  | {
      readonly kind: 'bars';
      readonly title: string;
      /** `text`: how the value is written at the end of its bar (a duration), else the number. */
      readonly items: readonly { label: string; value: number; text?: string }[];
    }
  | { readonly kind: 'columns'; readonly title: string; readonly values: readonly number[] };

export type Block =
  | { readonly kind: 'table'; readonly caption?: string; readonly table: Table }
  | { readonly kind: 'charts'; readonly charts: readonly Chart[] }
  | { readonly kind: 'definitions'; readonly items: readonly { term: string; text: string }[] }
  | { readonly kind: 'text'; readonly text: string };

export type Section = { readonly id: string; readonly heading: string; readonly blocks: readonly Block[] };

export type Document = {
  readonly language: 'ja' | 'en';
  readonly docKind: string;
  readonly title: string;
  /** Label/value lines under the title (to, period, from). */
  readonly meta: readonly (readonly [string, string])[];
  readonly sections: readonly Section[];
  readonly footer: string;
};

/** The kinds of notice, short enough for a chart's labels. */
const NOTICE_SHORT_JA = { outage: '障害', 'outage-possible': '障害の可能性', security: '情報共有' } as const;

const signed = (value: number): string => (value > 0 ? `+${value}` : `${value}`);

const durationDelta = (now: number | null, before: number | null, language: 'ja' | 'en'): string => {
  if (now === null || before === null) return '-';
  const delta = now - before;
  return `${delta >= 0 ? '+' : '−'}${formatDuration(Math.abs(delta), language)}`;
};

const periodText = (start: string, end: string, timezone: string, language: 'ja' | 'en'): string => {
  // The period's end is exclusive: show the last day, which is what a reader means by "to".
  const lastDay = localTime(new Date(Date.parse(end) - 1).toISOString(), timezone).slice(0, 10);
  const first = localTime(start, timezone).slice(0, 10);
  return language === 'ja'
    ? `${first} 〜 ${lastDay}（${zoneName(timezone)}）`
    : `${first} to ${lastDay} (${zoneName(timezone)})`;
};

/** The summary table: this month, last month, the change. */
const summaryTable = (report: MonthlyReport, l: Labels, municipal: boolean): Table => {
  const now = report.figures;
  const before = report.previous;
  const language = report.receiver.language;
  type Line = [string, (f: MonthFigures) => number | null, 'count' | 'duration'];
  const lines: Line[] = municipal
    ? [
        [l.opened, (f) => f.opened + f.carriedOver, 'count'],
        [l.municipalReports, (f) => f.municipalReports, 'count'],
        [l.outages, (f) => f.outages, 'count'],
        [l.outageTime, (f) => f.outageMs, 'duration'],
        [l.mttrMedian, (f) => f.mttr.medianMs, 'duration'],
        [l.openAtMonthEnd, (f) => f.openAtMonthEnd, 'count'],
      ]
    : [
        [l.opened, (f) => f.opened, 'count'],
        [l.carriedOver, (f) => f.carriedOver, 'count'],
        [l.resolved, (f) => f.resolved, 'count'],
        [l.openAtMonthEnd, (f) => f.openAtMonthEnd, 'count'],
        [l.paged, (f) => f.paged, 'count'],
        [l.mttaMedian, (f) => f.mtta.medianMs, 'duration'],
        [l.mttaP90, (f) => f.mtta.p90Ms, 'duration'],
        [l.mttrMedian, (f) => f.mttr.medianMs, 'duration'],
        [l.mttrP90, (f) => f.mttr.p90Ms, 'duration'],
        [l.outages, (f) => f.outages, 'count'],
        [l.outageTime, (f) => f.outageMs, 'duration'],
        [l.scheduledChanges, (f) => f.scheduledChanges, 'count'],
        [l.municipalReports, (f) => f.municipalReports, 'count'],
      ];
  const show = (value: number | null, kind: 'count' | 'duration') =>
    kind === 'count' ? String(value ?? 0) : formatDuration(value, language);
  return {
    headers: [
      l.item,
      l.thisMonth,
      before === null ? l.lastMonth : `${l.lastMonth}（${monthTitle(before.month, language)}）`,
      l.change,
    ],
    numeric: [1, 2, 3],
    rows: lines.map(([label, get, kind]) => {
      const value = get(now);
      const old = before === null ? null : get(before);
      return [
        label,
        show(value, kind),
        before === null ? '-' : show(old, kind),
        before === null
          ? '-'
          : kind === 'count'
            ? signed((value ?? 0) - (old ?? 0))
            : durationDelta(value, old, language),
      ];
    }),
    empty: l.none,
  };
};

const statsRow = (name: string, stats: DurationStats, language: 'ja' | 'en'): string[] => [
  name,
  String(stats.count),
  formatDuration(stats.medianMs, language),
  formatDuration(stats.p90Ms, language),
];

const accountsText = (row: ReportIncident): string =>
  row.accounts
    .map((account) => (account.name === null ? account.id : `${account.id} ${account.name}`))
    .join(', ');

/** Every monthly report opens with its summary table and the charts of its counts. */
const openingSections = (
  report: MonthlyReport,
  l: Labels,
  municipal: boolean,
  charts: Chart[],
): Section[] => [
  {
    id: 'summary',
    heading: l.summary,
    blocks: [{ kind: 'table', table: summaryTable(report, l, municipal) }],
  },
  { id: 'counts', heading: l.counts, blocks: [{ kind: 'charts', charts }] },
];

/** MTTA/MTTR (or one measure): samples, median, 90th percentile. */
const statsTable = (l: Labels, rows: string[][]): Table => ({
  headers: [l.measure, l.samples, l.median, l.p90],
  numeric: [1, 2, 3],
  rows,
  empty: l.none,
});

/** Outage time per business system, under the outages table of every monthly report. */
const outagesBySystemBlock = (report: MonthlyReport, l: Labels): Block => ({
  kind: 'table',
  caption: l.outageBySystem,
  table: {
    headers: [l.system, l.count, l.inMonth],
    numeric: [1, 2],
    rows: report.outagesBySystem.map((s) => [
      s.system,
      String(s.outages),
      formatDuration(s.inMonthMs, report.receiver.language),
    ]),
    empty: l.none,
  },
});

const definitionsSection = (report: MonthlyReport | FiscalYearReport, l: Labels): Section => ({
  id: 'definitions',
  heading: l.definitions,
  blocks: [{ kind: 'definitions', items: report.definitions }],
});

/** Every document but its sections: title, to / period / from, footer. */
const documentFrame = (
  report: MonthlyReport | FiscalYearReport,
  l: Labels,
  docKind: string,
  sections: readonly Section[],
): Document => ({
  language: report.receiver.language,
  docKind,
  title: report.title,
  meta: [
    [l.to, report.receiver.name],
    [
      l.period,
      periodText(report.period.start, report.period.end, report.period.timezone, report.receiver.language),
    ],
    [l.from, report.from],
  ],
  sections,
  footer: `${l.generatedBy} · ${l.times} ${zoneName(report.period.timezone)}`,
});

/** The sections of a team's or an ASP's report. */
const technicalSections = (report: MonthlyReport, l: Labels): Section[] => {
  const language = report.receiver.language;
  const tz = report.period.timezone;
  const time = (iso: string | null) => (iso === null ? '-' : localTime(iso, tz));
  const d = (ms: number | null) => formatDuration(ms, language);
  const f = report.figures;
  // Twelve columns fit an A4 page only when a cell holds several facts: account, system and ASP in one.
  const short = (iso: string | null) => (iso === null ? '-' : shortTime(iso, tz));
  const incidentTable = (rows: readonly ReportIncident[]): Table => ({
    headers: [
      l.no,
      l.id,
      l.severity,
      `${l.title}（${l.source}）`,
      `${l.account} / ${l.system} / ${l.asp}`,
      l.openedAt,
      l.firstPageAt,
      l.acknowledgedAt,
      l.resolvedAt,
      l.tta,
      l.ttr,
      l.stateShort,
    ],
    numeric: [0, 9, 10],
    nowrap: [1, 2],
    widths: [3.5, 14, 4.5, 21, 18, 6, 6, 6, 6, 5, 5.5, 4.5],
    rows: rows.map((row) => [
      String(row.number),
      row.id,
      language === 'ja' ? SEVERITY_JA[row.severity] : row.severity.replace('INFORMATIONAL', 'INFO'),
      `${row.title}\n（${sourceName(row.source)}）`,
      [accountsText(row), [row.systems.join(', '), row.asps.join(', ')].filter((t) => t !== '').join(' / ')]
        .filter((t) => t !== '')
        .join('\n'),
      `${short(row.openedAt)}${row.carriedOver ? `\n(${l.carried})` : ''}`,
      short(row.firstPageAt),
      short(row.acknowledgedAt),
      short(row.resolvedAt),
      d(row.ttaMs),
      d(row.ttrMs),
      stateLabel(row.stateAtMonthEnd, l),
    ]),
    rowIds: rows.map((row) => row.id),
    empty: l.none,
  });
  const sections: Section[] = [
    ...openingSections(report, l, false, [
      {
        kind: 'bars',
        title: l.bySeverity,
        items: SEVERITIES.map((s) => ({
          label: severityLabel(s, language),
          value: report.counts.bySeverity[s],
        })),
      },
      {
        kind: 'bars',
        title: l.bySource,
        items: Object.entries(report.counts.bySource)
          .map(([source, value]) => ({
            label: sourceName(source as ReportIncident['source']),
            value: value ?? 0,
          }))
          .sort((a, b) => b.value - a.value),
      },
      {
        kind: 'bars',
        title: l.bySystem,
        items: report.counts.bySystem.map((row) => ({ label: row.system, value: row.count })),
      },
      { kind: 'columns', title: l.byDay, values: report.counts.byDay },
    ]),
    {
      id: 'response',
      heading: l.responseTimes,
      blocks: [
        {
          kind: 'table',
          table: statsTable(l, [statsRow('MTTA', f.mtta, language), statsRow('MTTR', f.mttr, language)]),
        },
      ],
    },
    {
      id: 'outages',
      heading: l.outagesSection,
      blocks: [
        {
          kind: 'table',
          table: {
            headers: [
              l.no,
              l.id,
              l.service,
              l.region,
              `${l.system} / ${l.account}`,
              l.startedAt,
              l.endedAt,
              l.duration,
              l.inMonth,
            ],
            numeric: [0, 7, 8],
            nowrap: [1, 3],
            widths: [3.5, 13, 9, 12, 24, 9.5, 9.5, 9.5, 10],
            rows: report.outages.map((o) => [
              String(o.number),
              o.id,
              `${o.service}${o.investigation ? l.investigation : ''}`,
              o.region,
              `${o.systems.join(', ')}\n${o.accounts.join(', ')}`,
              short(o.startedAt),
              o.endedAt === null ? l.ongoing : short(o.endedAt),
              d(o.durationMs),
              d(o.inMonthMs),
            ]),
            rowIds: report.outages.map((o) => o.id),
            empty: l.none,
          },
        },
        outagesBySystemBlock(report, l),
      ],
    },
    {
      id: 'changes',
      heading: l.changesSection,
      blocks: [
        {
          kind: 'table',
          table: {
            headers: [
              l.id,
              l.service,
              l.type,
              l.region,
              `${l.system} / ${l.account}`,
              l.receivedAt,
              l.startsAt,
              l.endsAt,
            ],
            nowrap: [0, 3, 5, 6, 7],
            rows: report.scheduledChanges.map((c) => [
              c.id,
              c.service,
              c.type,
              c.region,
              `${c.systems.join(', ')}\n${c.accounts.join(', ')}`,
              short(c.receivedAt),
              c.startsAt === null ? '-' : time(c.startsAt),
              c.endsAt === null ? '-' : time(c.endsAt),
            ]),
            rowIds: report.scheduledChanges.map((c) => c.id),
            empty: l.none,
          },
        },
      ],
    },
  ];
  if (report.breakdown !== null)
    sections.push({
      id: 'breakdown',
      heading: l.breakdown,
      blocks: [
        {
          kind: 'table',
          caption: l.byAsp,
          table: {
            headers: [
              l.asp,
              l.name,
              l.opened,
              l.criticalOrHigh,
              l.openAtMonthEnd,
              l.mttaMedian,
              l.mttrMedian,
            ],
            numeric: [2, 3, 4, 5, 6],
            rows: report.breakdown.asps.map((a) => [
              a.asp,
              a.name,
              String(a.opened),
              String(a.criticalOrHigh),
              String(a.openAtMonthEnd),
              d(a.mttaMedianMs),
              d(a.mttrMedianMs),
            ]),
            empty: l.none,
          },
        },
        {
          kind: 'table',
          caption: l.byMunicipality,
          table: {
            headers: ['ID', l.name, l.notices, l.reports, l.outages, l.outageTime, l.shares],
            numeric: [2, 3, 4, 5, 6],
            rows: report.breakdown.municipalities.map((m) => [
              m.municipality,
              m.name,
              String(m.notices),
              String(m.reports),
              String(m.outages),
              d(m.outageMs),
              String(m.shares),
            ]),
            empty: l.none,
          },
        },
      ],
    });
  sections.push(
    {
      id: 'incidents',
      heading: l.incidentsSection,
      blocks: [{ kind: 'table', table: incidentTable(report.incidents) }],
    },
    {
      id: 'open',
      heading: l.openSection,
      blocks: [
        {
          kind: 'table',
          table: incidentTable(report.incidents.filter((row) => row.stateAtMonthEnd !== 'resolved')),
        },
      ],
    },
    definitionsSection(report, l),
  );
  return sections;
};

/** The sections of a municipality's report: what it was told, in plain Japanese, by business system. */
const municipalSections = (report: MonthlyReport, l: Labels): Section[] => {
  const tz = report.period.timezone;
  const time = (iso: string | null) => (iso === null ? '-' : jaDate(iso, tz));
  const d = (ms: number | null) => formatDuration(ms, 'ja');
  return [
    ...openingSections(report, l, true, [
      {
        kind: 'bars',
        title: l.type,
        items: (['outage', 'outage-possible', 'security'] as const).map((notice) => ({
          label: NOTICE_SHORT_JA[notice],
          value: report.counts.byNotice[notice],
        })),
      },
      {
        kind: 'bars',
        title: l.outageBySystem,
        items: report.outagesBySystem.map((s) => ({
          label: s.system,
          value: s.inMonthMs,
          text: formatDuration(s.inMonthMs, 'ja'),
        })),
      },
    ]),
    {
      id: 'incidents',
      heading: l.incidentsSection,
      blocks: [
        {
          kind: 'table',
          table: {
            headers: [l.no, l.type, l.system, l.openedAt, l.resolvedAt, l.ttr, l.reports, l.state],
            numeric: [0, 6],
            widths: [5, 29, 14, 14, 14, 9, 6, 9],
            rows: report.incidents.map((row) => [
              String(row.number),
              row.title,
              row.systems.join('、'),
              time(row.openedAt),
              time(row.resolvedAt),
              d(row.ttrMs),
              `${row.reports ?? 0}`,
              stateLabel(row.stateAtMonthEnd, l),
            ]),
            empty: l.none,
          },
        },
      ],
    },
    {
      id: 'outages',
      heading: l.outagesSection,
      blocks: [
        {
          kind: 'table',
          table: {
            headers: [l.no, l.system, l.region, l.service, l.startedAt, l.endedAt, l.duration],
            numeric: [0],
            rows: report.outages.map((o) => [
              String(o.number),
              o.systems.join('、'),
              o.region,
              `${o.service}${o.investigation ? '（調査）' : ''}`,
              time(o.startedAt),
              o.endedAt === null ? l.ongoing : time(o.endedAt),
              d(o.durationMs),
            ]),
            empty: l.none,
          },
        },
        outagesBySystemBlock(report, l),
      ],
    },
    definitionsSection(report, l),
  ];
};

export const monthlyDocument = (report: MonthlyReport): Document => {
  const municipal = report.receiver.audience === 'municipality';
  const language = report.receiver.language;
  const l = labelsFor(language, municipal);
  return documentFrame(
    report,
    l,
    l.docKind,
    municipal ? municipalSections(report, l) : technicalSections(report, l),
  );
};

export const fiscalYearDocument = (report: FiscalYearReport): Document => {
  const municipal = report.receiver.audience === 'municipality';
  const language = report.receiver.language;
  const l = labelsFor(language, municipal);
  const d = (ms: number | null) => formatDuration(ms, language);
  const t = report.total;
  const headers = municipal
    ? [l.month, l.opened, l.municipalReports, l.outages, l.outageTime, l.mttrMedian]
    : [
        l.month,
        l.opened,
        l.criticalOrHigh,
        l.resolved,
        l.paged,
        l.mttaMedian,
        l.mttrMedian,
        l.outages,
        l.outageTime,
        l.scheduledChanges,
      ];
  const row = (name: string, f: Omit<MonthFigures, 'month' | 'carriedOver' | 'openAtMonthEnd'>) =>
    municipal
      ? [
          name,
          String(f.opened),
          String(f.municipalReports),
          String(f.outages),
          d(f.outageMs),
          d(f.mttr.medianMs),
        ]
      : [
          name,
          String(f.opened),
          String(f.bySeverity.CRITICAL + f.bySeverity.HIGH),
          String(f.resolved),
          String(f.paged),
          d(f.mtta.medianMs),
          d(f.mttr.medianMs),
          String(f.outages),
          d(f.outageMs),
          String(f.scheduledChanges),
        ];
  return documentFrame(report, l, l.fyDocKind, [
    {
      id: 'months',
      heading: l.fySummary,
      blocks: [
        {
          kind: 'charts',
          charts: [
            {
              kind: 'bars',
              title: l.opened,
              items: report.months.map((m) => ({ label: monthTitle(m.month, language), value: m.opened })),
            },
          ],
        },
        {
          kind: 'table',
          table: {
            headers,
            numeric: headers.map((_, i) => i).slice(1),
            rows: [
              // A municipality's month counts every notice it got then, also of an event that began earlier.
              ...report.months.map((m) =>
                row(
                  monthTitle(m.month, language),
                  municipal ? { ...m, opened: m.opened + m.carriedOver } : m,
                ),
              ),
              row(l.total, t),
            ],
            empty: l.none,
          },
        },
      ],
    },
    {
      id: 'total',
      heading: l.fyTotal,
      blocks: [
        {
          kind: 'table',
          table: statsTable(
            l,
            municipal
              ? [statsRow(l.ttr, t.mttr, language)]
              : [statsRow('MTTA', t.mtta, language), statsRow('MTTR', t.mttr, language)],
          ),
        },
        { kind: 'text', text: `${l.openAtYearEnd}: ${t.openAtYearEnd}${l.unit}` },
      ],
    },
    definitionsSection(report, l),
  ]);
};
