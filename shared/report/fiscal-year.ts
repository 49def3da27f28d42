import type { Config } from '../config/registry.js';
import type { Incident } from '../incident.js';
import { figuresOf, reportReceiver, viewsIn, type Window } from './build.js';
import { fiscalYearMonths, monthWindow } from './period.js';
import type { FiscalYearReport, ReportReceiver } from './types.js';
import { FISCAL_YEAR_SCHEMA } from './types.js';
import type { IncidentView } from './view.js';
import { definitionsFor, fiscalYearTitle } from './words.js';

export type FiscalYearReportInput = {
  /** Every incident of the year's months (the store's `incidentsForMonth` of each, in any order, repeats too). */
  readonly incidents: readonly Incident[];
  readonly config: Config;
  /** 2026 for the fiscal year (年度) April 2026 – March 2027. */
  readonly fiscalYear: number;
  readonly receiver: string;
};

/** A municipality's month holds what it was told in that month (as in its monthly report). */
const scoped = (views: IncidentView[], receiver: ReportReceiver, window: Window): IncidentView[] =>
  receiver.audience === 'municipality'
    ? views.filter((view) => view.reportTimes.some((at) => at >= window.start && at < window.end))
    : views;

/**
 * The fiscal-year summary (年度, April to March): the figures of each month as its monthly report gives them, and
 * the year as one window, so the year's MTTA and MTTR are the median and 90th percentile of all its samples.
 */
export const buildFiscalYearReport = (input: FiscalYearReportInput): FiscalYearReport => {
  const { config, fiscalYear } = input;
  const receiver = reportReceiver(config, input.receiver);
  const months = fiscalYearMonths(fiscalYear);
  const monthly = months.map((month) => {
    const window = monthWindow(month, config.timezone);
    const views = scoped(viewsIn(input.incidents, receiver, config, window), receiver, window);
    return figuresOf(views, receiver, config, month, window);
  });
  const year: Window = {
    start: monthWindow(months[0] as string, config.timezone).start,
    end: monthWindow(months[11] as string, config.timezone).end,
  };
  const whole = figuresOf(
    scoped(viewsIn(input.incidents, receiver, config, year), receiver, year),
    receiver,
    config,
    `${fiscalYear}`,
    year,
  );
  const { month: _month, carriedOver: _carried, openAtMonthEnd, ...total } = whole;
  return {
    schema: FISCAL_YEAR_SCHEMA,
    kind: 'fiscal-year',
    fiscalYear,
    period: {
      start: new Date(year.start).toISOString(),
      end: new Date(year.end).toISOString(),
      timezone: config.timezone,
    },
    receiver,
    from: config.team.name,
    title: fiscalYearTitle(fiscalYear, receiver),
    months: monthly,
    total: { ...total, openAtYearEnd: openAtMonthEnd },
    definitions: definitionsFor(receiver, config.timezone),
  };
};
