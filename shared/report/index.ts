import { fiscalYearCsv, monthlyCsv } from './csv.js';
import { documentHtml } from './html.js';
import { documentMarkdown } from './markdown.js';
import { fiscalYearDocument, monthlyDocument } from './sections.js';
import type { Report, ReportFormat } from './types.js';

/**
 * The monthly report (DESIGN §15): `buildMonthlyReport` makes the data of one receiver's month (its scope, its
 * numbers), `renderReport` writes it as HTML, CSV, JSON or Markdown, `renderReportSummary` as the short text the
 * monthly function sends. `buildFiscalYearReport` sums a fiscal year (年度, April to March).
 */
export const renderReport = (report: Report, format: ReportFormat): string => {
  switch (format) {
    case 'json':
      // The report data as it is: its shape is documented (docs/report.md) and versioned by `schema`.
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return report.kind === 'monthly' ? monthlyCsv(report) : fiscalYearCsv(report);
    case 'html':
      return documentHtml(report.kind === 'monthly' ? monthlyDocument(report) : fiscalYearDocument(report));
    case 'md':
      return documentMarkdown(
        report.kind === 'monthly' ? monthlyDocument(report) : fiscalYearDocument(report),
      );
  }
};

export {
  buildMonthlyReport,
  type MonthlyReportInput,
  reportReceiver,
  UnknownReceiverError,
} from './build.js';
export { reportEpisodes } from './episodes.js';
export { buildFiscalYearReport, type FiscalYearReportInput } from './fiscal-year.js';
export {
  fiscalYearMonths,
  fiscalYearOf,
  isFiscalYear,
  isMonth,
  monthWindow,
  previousMonth,
} from './period.js';
export { type ReportSummary, renderReportSummary } from './summary.js';
export type {
  FiscalYearReport,
  MonthFigures,
  MonthlyReport,
  Report,
  ReportFormat,
  ReportIncident,
} from './types.js';
export { REPORT_FORMATS } from './types.js';
