import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../shared/config/registry.js';
import type { IncidentStore } from '../../shared/ports.js';
import {
  buildFiscalYearReport,
  buildMonthlyReport,
  fiscalYearMonths,
  isFiscalYear,
  isMonth,
  REPORT_FORMATS,
  type Report,
  type ReportFormat,
  renderReport,
  reportEpisodes,
} from '../../shared/report/index.js';
import type { Io } from './io.js';

/** What `report` was asked for, checked (see `reportRequest`). */
export type ReportRequest = {
  /** A month `YYYY-MM`, or a fiscal year (年度). */
  readonly period:
    | { readonly kind: 'month'; readonly month: string }
    | { readonly kind: 'fiscal-year'; readonly year: number };
  readonly receivers: readonly string[];
  readonly formats: readonly ReportFormat[];
  /** The folder the files go to; undefined: the one report to stdout. */
  readonly out: string | undefined;
};

/** Without --out the one report goes to stdout as Markdown: readable in a terminal, pastable into a ticket. */
export const STDOUT_FORMAT: ReportFormat = 'md';

const EXTENSIONS: Record<ReportFormat, string> = { html: 'html', csv: 'csv', json: 'json', md: 'md' };

/**
 * Reads `report`'s options against the registry, or returns the usage problem (exit status 2): a month that is
 * not `YYYY-MM`, an unknown receiver, an unknown format, `--receiver all` without `--out`.
 */
export const reportRequest = (
  values: {
    readonly month?: string | undefined;
    readonly fiscalYear?: string | undefined;
    readonly receiver?: string | undefined;
    readonly format?: string | undefined;
    readonly out?: string | undefined;
  },
  config: Config,
): ReportRequest | string => {
  const { month, fiscalYear, receiver, format, out } = values;
  if (month === undefined && fiscalYear === undefined) return 'needs --month YYYY-MM (or --fiscal-year YYYY)';
  if (month !== undefined && fiscalYear !== undefined) return '--month and --fiscal-year go alone: give one';
  if (month !== undefined && !isMonth(month))
    return `--month: "${month}" is not a month such as 2026-11 (YYYY-MM)`;
  if (fiscalYear !== undefined && !isFiscalYear(fiscalYear))
    return `--fiscal-year: "${fiscalYear}" is not a year such as 2026 (年度: April 2026 to March 2027)`;
  if (format !== undefined && !(REPORT_FORMATS as readonly string[]).includes(format))
    return `--format: "${format}" is not ${REPORT_FORMATS.join(', ')}`;
  const known = [...config.receiversById.keys()];
  if (receiver !== undefined && receiver !== 'all' && !config.receiversById.has(receiver))
    return `--receiver: "${receiver}" is not in the registry (${known.join(', ')}, or all with --out)`;
  if (out === undefined && receiver === 'all')
    return '--receiver all writes one file per receiver: it needs --out DIR (stdout takes one report)';
  // The team is one receiver whatever its levels: its report is written once, under its first level's id.
  const everyone = [
    config.team.levels[0] as string,
    ...config.asps.map((a) => a.id),
    ...config.municipalities.map((m) => m.id),
  ];
  return {
    period:
      month !== undefined ? { kind: 'month', month } : { kind: 'fiscal-year', year: Number(fiscalYear) },
    receivers:
      receiver === undefined || receiver === 'all'
        ? out === undefined
          ? [config.team.levels[0] as string]
          : everyone
        : [receiver],
    formats:
      format !== undefined ? [format as ReportFormat] : out === undefined ? [STDOUT_FORMAT] : REPORT_FORMATS,
    out,
  };
};

/** `team-oncall-2026-11.html`, `asp-a-fy2026.csv`. */
export const reportFileName = (receiver: string, request: ReportRequest, format: ReportFormat): string =>
  `${receiver}-${request.period.kind === 'month' ? request.period.month : `fy${request.period.year}`}.${EXTENSIONS[format]}`;

/**
 * `alert-router report (--month YYYY-MM | --fiscal-year YYYY) [--receiver ID|all] [--format F] [--out DIR]`
 * (DESIGN §9, §15).
 * 1. Read the month's incidents and the previous month's (or the fiscal year's twelve months) from the store, by
 *    its month index.
 * 2. Build each receiver's report (its own scope) and render it in each format.
 * 3. Without --out, the one report to stdout; with --out, one file per receiver and format, each path on stdout.
 */
export const reportCommand = async (
  request: ReportRequest,
  store: Pick<IncidentStore, 'incidentsForMonth'>,
  config: Config,
  io: Io,
): Promise<number> => {
  const reports: Array<{ receiver: string; report: Report }> = [];
  if (request.period.kind === 'month') {
    const { month } = request.period;
    const { incidents, previous } = await reportEpisodes(store, month);
    for (const receiver of request.receivers)
      reports.push({
        receiver,
        report: buildMonthlyReport({ incidents, previous, config, month, receiver }),
      });
  } else {
    const { year } = request.period;
    const months = fiscalYearMonths(year);
    const incidents = await store.incidentsForMonth(months[0] as string, months.at(-1));
    for (const receiver of request.receivers)
      reports.push({
        receiver,
        report: buildFiscalYearReport({ incidents, config, fiscalYear: year, receiver }),
      });
  }
  if (request.out === undefined) {
    const [only] = reports;
    if (only !== undefined) io.stdout.write(renderReport(only.report, request.formats[0] ?? STDOUT_FORMAT));
    return 0;
  }
  mkdirSync(request.out, { recursive: true });
  for (const { receiver, report } of reports)
    for (const format of request.formats) {
      const path = join(request.out, reportFileName(receiver, request, format));
      writeFileSync(path, renderReport(report, format));
      io.stdout.write(`${path}\n`);
    }
  return 0;
};
