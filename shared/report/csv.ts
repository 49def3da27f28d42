import { labelsFor, stateLabel } from './labels.js';
import type { FiscalYearReport, MonthlyReport } from './types.js';
import { localTime, sourceName } from './words.js';

/**
 * The report as CSV for Excel: the incident list (one row per incident; a fiscal year: one row per month), with a
 * UTF-8 byte order mark so that Excel on Japanese Windows reads UTF-8 rather than Shift_JIS, CRLF line ends and
 * RFC 4180 quoting. Durations are whole minutes, times `YYYY-MM-DD HH:MM` in the config's zone, so that Excel
 * can sum and sort them.
 */

const BOM = '\uFEFF';

/**
 * One field: a text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
 * first, OWASP's list) gets a leading `'`, so a finding title cannot become `=HYPERLINK(…)`; a field holding a
 * comma, a quote or a line break is quoted, its quotes doubled.
 */
export const csvField = (value: string | number | null): string => {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

const csv = (rows: readonly (readonly (string | number | null)[])[]): string =>
  `${BOM}${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;

const minutes = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 60_000));

export const monthlyCsv = (report: MonthlyReport): string => {
  const municipal = report.receiver.audience === 'municipality';
  const l = labelsFor(report.receiver.language, municipal);
  const tz = report.period.timezone;
  const time = (iso: string | null) => (iso === null ? null : localTime(iso, tz));
  const unit = report.receiver.language === 'ja' ? '（分）' : ' (min)';
  if (municipal)
    return csv([
      [l.no, l.type, l.system, l.openedAt, l.resolvedAt, `${l.ttr}${unit}`, l.reports, l.state],
      ...report.incidents.map((row) => [
        row.number,
        row.title,
        row.systems.join('、'),
        time(row.openedAt),
        time(row.resolvedAt),
        minutes(row.ttrMs),
        row.reports ?? 0,
        stateLabel(row.stateAtMonthEnd, l),
      ]),
    ]);
  return csv([
    [
      l.no,
      l.id,
      l.severity,
      l.source,
      'type',
      l.title,
      `${l.account} ID`,
      l.account,
      l.system,
      l.asp,
      l.openedAt,
      l.firstPageAt,
      l.acknowledgedAt,
      l.resolvedAt,
      `${l.tta}${unit}`,
      `${l.ttr}${unit}`,
      l.state,
      l.carriedOver,
    ],
    ...report.incidents.map((row) => [
      row.number,
      row.id,
      row.severity,
      sourceName(row.source),
      row.type,
      row.title,
      row.accounts.map((account) => account.id).join(' '),
      row.accounts.map((account) => account.name ?? '').join(' '),
      row.systems.join(' / '),
      row.asps.join(' '),
      time(row.openedAt),
      time(row.firstPageAt),
      time(row.acknowledgedAt),
      time(row.resolvedAt),
      minutes(row.ttaMs),
      minutes(row.ttrMs),
      stateLabel(row.stateAtMonthEnd, l),
      row.carriedOver ? 1 : 0,
    ]),
  ]);
};

export const fiscalYearCsv = (report: FiscalYearReport): string => {
  const municipal = report.receiver.audience === 'municipality';
  const l = labelsFor(report.receiver.language, municipal);
  const unit = report.receiver.language === 'ja' ? '（分）' : ' (min)';
  if (municipal)
    return csv([
      [
        l.month,
        l.opened,
        l.municipalReports,
        l.outages,
        `${l.outageTime}${unit}`,
        `${l.mttrMedian}${unit}`,
        `${l.mttrP90}${unit}`,
        l.openAtMonthEnd,
      ],
      ...report.months.map((m) => [
        m.month,
        m.opened + m.carriedOver,
        m.municipalReports,
        m.outages,
        minutes(m.outageMs),
        minutes(m.mttr.medianMs),
        minutes(m.mttr.p90Ms),
        m.openAtMonthEnd,
      ]),
    ]);
  return csv([
    [
      l.month,
      l.opened,
      'CRITICAL',
      'HIGH',
      'MEDIUM',
      'LOW',
      'INFORMATIONAL',
      l.resolved,
      l.openAtMonthEnd,
      l.paged,
      `${l.mttaMedian}${unit}`,
      `${l.mttaP90}${unit}`,
      `${l.mttrMedian}${unit}`,
      `${l.mttrP90}${unit}`,
      l.outages,
      `${l.outageTime}${unit}`,
      l.scheduledChanges,
      l.municipalReports,
    ],
    ...report.months.map((m) => [
      m.month,
      m.opened,
      m.bySeverity.CRITICAL,
      m.bySeverity.HIGH,
      m.bySeverity.MEDIUM,
      m.bySeverity.LOW,
      m.bySeverity.INFORMATIONAL,
      m.resolved,
      m.openAtMonthEnd,
      m.paged,
      minutes(m.mtta.medianMs),
      minutes(m.mtta.p90Ms),
      minutes(m.mttr.medianMs),
      minutes(m.mttr.p90Ms),
      m.outages,
      minutes(m.outageMs),
      m.scheduledChanges,
      m.municipalReports,
    ]),
  ]);
};
