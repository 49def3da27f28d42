import type { Language } from '../config/schema.js';
import type { AlertSource, Audience, Severity } from '../model.js';

/**
 * The monthly report (DESIGN §15) as data: what `renderReport` turns into HTML, CSV, JSON or Markdown. Its JSON
 * form is this object as it is (docs/report.md documents the shape); times are ISO 8601 (UTC), durations
 * milliseconds, and every list is in a fixed order, so the same month gives the same bytes.
 */

/** The version of the JSON shape; a change that removes or renames a field bumps it. */
export const REPORT_SCHEMA = 'alert-router/monthly-report@1' as const;
export const FISCAL_YEAR_SCHEMA = 'alert-router/fiscal-year-report@1' as const;

export const REPORT_FORMATS = ['html', 'csv', 'json', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Whom a report is for: its scope and its language follow the receiver. */
export type ReportReceiver = {
  readonly id: string;
  readonly audience: Audience;
  readonly name: string;
  readonly language: Language;
};

/** A period: `[start, end)`, ISO instants of the local (config time zone) month or fiscal year boundaries. */
export type Period = {
  readonly start: string;
  readonly end: string;
  readonly timezone: string;
};

/** Median and 90th percentile of a set of durations (ms); `null` when there is no sample. */
export type DurationStats = {
  readonly count: number;
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
};

/** The headline numbers of one month in one scope: also what the previous month and a fiscal year compare. */
export type MonthFigures = {
  readonly month: string;
  /** Incidents opened in the month. */
  readonly opened: number;
  /** Incidents opened before the month and not resolved when it began. */
  readonly carriedOver: number;
  /** Incidents resolved in the month (opened then or earlier). */
  readonly resolved: number;
  /** Incidents not resolved when the month ended. */
  readonly openAtMonthEnd: number;
  /** Incidents opened in the month that paged. */
  readonly paged: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  /** First page → first acknowledgement, over incidents acknowledged in the month that paged. */
  readonly mtta: DurationStats;
  /** Opened → resolved, over incidents resolved in the month. */
  readonly mttr: DurationStats;
  /** AWS outages (Health issue / investigation) in scope that touched the month. */
  readonly outages: number;
  /** Their time inside the month (ms), summed over systems. */
  readonly outageMs: number;
  /** AWS scheduled changes received in the month. */
  readonly scheduledChanges: number;
  /** Municipal reports (第N報) sent in the month; for a municipality, those sent to it. */
  readonly municipalReports: number;
};

/** How a municipality's notice is named: never a code (DESIGN §12). */
export type NoticeKind = 'outage' | 'outage-possible' | 'security';

/** One incident of the month as its receiver may see it. */
export type ReportIncident = {
  /** The incident id; empty in a municipal report (an id is a code, DESIGN §12). */
  readonly id: string;
  /** 1-based row number in the report. */
  readonly number: number;
  readonly severity: Severity;
  readonly source: AlertSource;
  readonly category: string;
  readonly type: string;
  readonly title: string;
  /** Only the receiver's own accounts of the incident (all for the team); empty for a municipality. */
  readonly accounts: readonly { readonly id: string; readonly name: string | null }[];
  readonly systems: readonly string[];
  /** The ASPs of those accounts (ids); empty for a municipality. */
  readonly asps: readonly string[];
  /** For a municipality: what it was told (outage, possible outage, security share). */
  readonly notice?: NoticeKind;
  /** For a municipality: how many numbered reports (第N報) it received in the month. */
  readonly reports?: number;
  readonly openedAt: string;
  readonly firstPageAt: string | null;
  readonly acknowledgedAt: string | null;
  readonly resolvedAt: string | null;
  readonly ttaMs: number | null;
  readonly ttrMs: number | null;
  /** State when the month ended: what happened later is not in the report (re-running a month gives the same). */
  readonly stateAtMonthEnd: 'open' | 'acknowledged' | 'resolved';
  /** Opened before the month began. */
  readonly carriedOver: boolean;
};

/** An AWS outage (Health issue or investigation) as it touched the receiver's systems. */
export type ReportOutage = {
  readonly id: string;
  readonly number: number;
  readonly investigation: boolean;
  readonly service: string;
  readonly region: string;
  readonly systems: readonly string[];
  readonly accounts: readonly string[];
  readonly startedAt: string;
  /** Null while it was still going on at month end. */
  readonly endedAt: string | null;
  /** Start to end, or to month end while ongoing. */
  readonly durationMs: number;
  /** The part inside the month. */
  readonly inMonthMs: number;
};

/** Outage time per business system, inside the month. */
export type SystemOutage = {
  readonly system: string;
  readonly outages: number;
  readonly inMonthMs: number;
};

/** An AWS scheduled change (Health `scheduledChange`). */
export type ReportChange = {
  readonly id: string;
  readonly service: string;
  readonly type: string;
  readonly region: string;
  readonly systems: readonly string[];
  readonly accounts: readonly string[];
  readonly receivedAt: string;
  readonly startsAt: string | null;
  readonly endsAt: string | null;
};

/** One row of the team's per-ASP breakdown. */
export type AspBreakdown = {
  readonly asp: string;
  readonly name: string;
  readonly opened: number;
  readonly criticalOrHigh: number;
  readonly openAtMonthEnd: number;
  readonly mttaMedianMs: number | null;
  readonly mttrMedianMs: number | null;
};

/** One row of the team's per-municipality breakdown. */
export type MunicipalityBreakdown = {
  readonly municipality: string;
  readonly name: string;
  readonly notices: number;
  readonly reports: number;
  readonly outages: number;
  readonly outageMs: number;
  readonly shares: number;
};

export type MonthlyReport = {
  readonly schema: typeof REPORT_SCHEMA;
  readonly kind: 'monthly';
  readonly month: string;
  readonly period: Period;
  readonly receiver: ReportReceiver;
  /** Who makes the report: the team's name from the registry. */
  readonly from: string;
  readonly title: string;
  readonly figures: MonthFigures;
  /** Counts of incidents opened in the month. */
  readonly counts: {
    readonly bySeverity: Readonly<Record<Severity, number>>;
    readonly bySource: Readonly<Partial<Record<AlertSource, number>>>;
    readonly bySystem: readonly { readonly system: string; readonly count: number }[];
    /** For a municipality: by what it was told. */
    readonly byNotice: Readonly<Record<NoticeKind, number>>;
    /** Index 0 is the 1st of the month (local days). */
    readonly byDay: readonly number[];
  };
  readonly incidents: readonly ReportIncident[];
  readonly outages: readonly ReportOutage[];
  readonly outagesBySystem: readonly SystemOutage[];
  readonly scheduledChanges: readonly ReportChange[];
  readonly previous: MonthFigures | null;
  /** The team only. */
  readonly breakdown: {
    readonly asps: readonly AspBreakdown[];
    readonly municipalities: readonly MunicipalityBreakdown[];
  } | null;
  /** The definitions the report's numbers follow, in the report's language (printed in every format). */
  readonly definitions: readonly { readonly term: string; readonly text: string }[];
};

export type FiscalYearReport = {
  readonly schema: typeof FISCAL_YEAR_SCHEMA;
  readonly kind: 'fiscal-year';
  /** 2026 for 令和8年度: April 2026 to March 2027. */
  readonly fiscalYear: number;
  readonly period: Period;
  readonly receiver: ReportReceiver;
  readonly from: string;
  readonly title: string;
  /** April first. */
  readonly months: readonly MonthFigures[];
  /** The year as one: counts summed, MTTA/MTTR over every sample of the year (not a median of medians). */
  readonly total: Omit<MonthFigures, 'month' | 'carriedOver' | 'openAtMonthEnd'> & {
    readonly openAtYearEnd: number;
  };
  readonly definitions: readonly { readonly term: string; readonly text: string }[];
};

export type Report = MonthlyReport | FiscalYearReport;
