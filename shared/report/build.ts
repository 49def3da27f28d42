import type { Config } from '../config/registry.js';
import type { Incident } from '../incident.js';
import { type AlertSource, SEVERITIES, type Severity } from '../model.js';
import { regionPlainJa, servicePlainJa } from '../render/words.js';
import { daysInMonth, localDay, monthWindow, previousMonth } from './period.js';
import { durationStats } from './stats.js';
import type {
  AspBreakdown,
  MonthFigures,
  MonthlyReport,
  MunicipalityBreakdown,
  NoticeKind,
  ReportChange,
  ReportIncident,
  ReportOutage,
  ReportReceiver,
  SystemOutage,
} from './types.js';
import { REPORT_SCHEMA } from './types.js';
import { type IncidentView, isOutage, isScheduledChange, outageTimes, touches, viewOf } from './view.js';
import { definitionsFor, NOTICE_JA, reportTitle } from './words.js';

/** A receiver id that is not in the registry (exit status 2 in the CLI). */
export class UnknownReceiverError extends Error {
  readonly receiver: string;
  constructor(receiver: string, known: readonly string[]) {
    super(`unknown receiver "${receiver}": the registry has ${known.join(', ')}`);
    this.name = 'UnknownReceiverError';
    this.receiver = receiver;
  }
}

/** The receiver a report is for, from its id: any team level (the team), an ASP or a municipality. */
export const reportReceiver = (config: Config, id: string): ReportReceiver => {
  const found = config.receiversById.get(id);
  if (found === undefined) throw new UnknownReceiverError(id, [...config.receiversById.keys()]);
  // A municipality reads Japanese whatever its entry says (DESIGN §12).
  return {
    id: found.id,
    audience: found.audience,
    name: found.name,
    language: found.audience === 'municipality' ? 'ja' : found.language,
  };
};

export type Window = { readonly start: number; readonly end: number };

/** Code-point order: the same on every machine, whatever its locale (the same month gives the same bytes). */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const iso = (millis: number | undefined): string | null =>
  millis === undefined ? null : new Date(millis).toISOString();

const within = (at: number | undefined, window: Window): at is number =>
  at !== undefined && at >= window.start && at < window.end;

/** Each incident once (an episode may come from both the month's and the previous month's query). */
const distinct = (incidents: readonly Incident[]): Incident[] => {
  const byId = new Map<string, Incident>();
  for (const incident of incidents) byId.set(incident.id, incident);
  return [...byId.values()];
};

/** The receiver's views of the incidents that touch the window, oldest first. */
export const viewsIn = (
  incidents: readonly Incident[],
  receiver: ReportReceiver,
  config: Config,
  window: Window,
): IncidentView[] =>
  distinct(incidents)
    .flatMap((incident) => {
      const view = viewOf(incident, receiver, config, window.end);
      return view !== undefined && touches(view, window.start) ? [view] : [];
    })
    .sort((a, b) => a.opened - b.opened || byText(a.incident.id, b.incident.id));

/** The municipal reports (第N報) a view counts in the window: to the municipality, or about the view's accounts. */
const municipalReportsIn = (
  view: IncidentView,
  receiver: ReportReceiver,
  config: Config,
  window: Window,
): number => {
  if (receiver.audience === 'municipality') return view.reportTimes.filter((at) => within(at, window)).length;
  const own = new Set(view.accounts);
  return (view.incident.timeline ?? []).filter((entry) => {
    if (
      entry.what !== 'notified' ||
      entry.receiver === undefined ||
      config.receiversById.get(entry.receiver)?.audience !== 'municipality'
    )
      return false;
    if (!within(Date.parse(entry.at), window)) return false;
    const spoken = view.incident.receivers[entry.receiver]?.accounts ?? view.incident.accounts;
    return spoken.some((id) => own.has(id));
  }).length;
};

const zeroSeverities = (): Record<Severity, number> =>
  Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;

/** Time to acknowledge of a view, when it paged and was acknowledged: an ack before the page counts as 0. */
const ttaOf = (view: IncidentView): number | undefined =>
  view.firstPage !== undefined && view.acknowledged !== undefined
    ? Math.max(0, view.acknowledged - view.firstPage)
    : undefined;

const ttrOf = (view: IncidentView): number | undefined =>
  view.resolved === undefined ? undefined : Math.max(0, view.resolved - view.opened);

/** An outage's time and the part of it inside the window. */
const outageSpan = (view: IncidentView, window: Window) => {
  const { start, end } = outageTimes(view);
  const until = end ?? window.end;
  return {
    start,
    end,
    durationMs: Math.max(0, until - start),
    inMonthMs: Math.max(0, Math.min(until, window.end) - Math.max(start, window.start)),
  };
};

/** The headline numbers of the views in one window. */
export const figuresOf = (
  views: readonly IncidentView[],
  receiver: ReportReceiver,
  config: Config,
  month: string,
  window: Window,
): MonthFigures => {
  const opened = views.filter((view) => view.opened >= window.start);
  const bySeverity = zeroSeverities();
  for (const view of opened) bySeverity[view.incident.severity] += 1;
  const outages = views.filter((view) => isOutage(view.incident));
  return {
    month,
    opened: opened.length,
    carriedOver: views.length - opened.length,
    resolved: views.filter((view) => within(view.resolved, window)).length,
    openAtMonthEnd: views.filter((view) => view.resolved === undefined).length,
    paged: opened.filter((view) => view.firstPage !== undefined).length,
    bySeverity,
    mtta: durationStats(
      views.flatMap((view) => {
        const tta = ttaOf(view);
        return tta !== undefined && within(view.acknowledged, window) ? [tta] : [];
      }),
    ),
    mttr: durationStats(
      views.flatMap((view) => {
        const ttr = ttrOf(view);
        return ttr !== undefined && within(view.resolved, window) ? [ttr] : [];
      }),
    ),
    outages: outages.length,
    outageMs: outages.reduce((sum, view) => sum + outageSpan(view, window).inMonthMs, 0),
    scheduledChanges:
      receiver.audience === 'municipality'
        ? 0
        : opened.filter((view) => isScheduledChange(view.incident)).length,
    municipalReports: views.reduce(
      (sum, view) => sum + municipalReportsIn(view, receiver, config, window),
      0,
    ),
  };
};

const UNREGISTERED = { ja: '未登録アカウント', en: 'unregistered account' } as const;

const systemsOf = (view: IncidentView, config: Config, receiver: ReportReceiver): string[] => [
  ...new Set(
    view.accounts.map((id) => config.accountsById.get(id)?.system ?? UNREGISTERED[receiver.language]),
  ),
];

/** What a municipality's row is called: its kind and, for an outage, where and what, in plain Japanese. */
const municipalTitle = (view: IncidentView, notice: NoticeKind): string => {
  const health = view.incident.subject.health;
  if (notice === 'security' || health === undefined) return NOTICE_JA[notice];
  return `${NOTICE_JA[notice]}（${regionPlainJa(health.eventRegion)}・${servicePlainJa(health.service)}）`;
};

const incidentRow = (
  view: IncidentView,
  number: number,
  receiver: ReportReceiver,
  config: Config,
  window: Window,
): ReportIncident => {
  const { incident } = view;
  const municipal = receiver.audience === 'municipality';
  const notice = view.notice ?? 'security';
  const tta = ttaOf(view);
  const ttr = ttrOf(view);
  return {
    id: municipal ? '' : incident.id,
    number,
    severity: incident.severity,
    source: incident.subject.source,
    category: incident.subject.category,
    type: municipal ? '' : incident.subject.type,
    title: municipal ? municipalTitle(view, notice) : incident.subject.title,
    accounts: municipal
      ? []
      : view.accounts.map((id) => ({ id, name: config.accountsById.get(id)?.name ?? null })),
    systems: systemsOf(view, config, receiver),
    asps: municipal
      ? []
      : [
          ...new Set(
            view.accounts.flatMap((id) => {
              const asp = config.accountsById.get(id)?.asp;
              return asp === undefined ? [] : [asp];
            }),
          ),
        ],
    ...(municipal ? { notice, reports: view.reportTimes.filter((at) => within(at, window)).length } : {}),
    openedAt: iso(view.opened) as string,
    firstPageAt: municipal ? null : iso(view.firstPage),
    acknowledgedAt: municipal ? null : iso(view.acknowledged),
    resolvedAt: iso(view.resolved),
    ttaMs: municipal ? null : (tta ?? null),
    ttrMs: ttr ?? null,
    stateAtMonthEnd:
      view.resolved !== undefined ? 'resolved' : view.acknowledged !== undefined ? 'acknowledged' : 'open',
    carriedOver: view.opened < window.start,
  };
};

const outageRow = (
  view: IncidentView,
  number: number,
  receiver: ReportReceiver,
  config: Config,
  window: Window,
): ReportOutage => {
  const span = outageSpan(view, window);
  const health = view.incident.subject.health;
  const municipal = receiver.audience === 'municipality';
  return {
    id: municipal ? '' : view.incident.id,
    number,
    investigation: health?.eventTypeCategory.toLowerCase() === 'investigation',
    service: municipal ? servicePlainJa(health?.service ?? '') : (health?.service ?? ''),
    region: municipal
      ? regionPlainJa(health?.eventRegion ?? view.incident.subject.region)
      : (health?.eventRegion ?? view.incident.subject.region),
    systems: systemsOf(view, config, receiver),
    accounts: municipal ? [] : view.accounts,
    startedAt: iso(span.start) as string,
    endedAt: iso(span.end),
    durationMs: span.durationMs,
    inMonthMs: span.inMonthMs,
  };
};

const changeRow = (view: IncidentView, receiver: ReportReceiver, config: Config): ReportChange => {
  const health = view.incident.subject.health;
  const time = (value: string | undefined) =>
    value === undefined || Number.isNaN(Date.parse(value)) ? null : new Date(Date.parse(value)).toISOString();
  return {
    id: view.incident.id,
    service: health?.service ?? '',
    type: view.incident.subject.type,
    region: health?.eventRegion ?? view.incident.subject.region,
    systems: systemsOf(view, config, receiver),
    accounts: view.accounts,
    receivedAt: iso(view.opened) as string,
    startsAt: time(health?.startTime),
    endsAt: time(health?.endTime),
  };
};

const bySystem = (rows: readonly { systems: readonly string[] }[]) => {
  const counts = new Map<string, number>();
  for (const row of rows) for (const system of row.systems) counts.set(system, (counts.get(system) ?? 0) + 1);
  return [...counts]
    .map(([system, count]) => ({ system, count }))
    .sort((a, b) => b.count - a.count || byText(a.system, b.system));
};

const outagesBySystem = (outages: readonly ReportOutage[]): SystemOutage[] => {
  const totals = new Map<string, { outages: number; inMonthMs: number }>();
  for (const outage of outages)
    for (const system of outage.systems) {
      const total = totals.get(system) ?? { outages: 0, inMonthMs: 0 };
      totals.set(system, { outages: total.outages + 1, inMonthMs: total.inMonthMs + outage.inMonthMs });
    }
  return [...totals]
    .map(([system, total]) => ({ system, ...total }))
    .sort((a, b) => b.inMonthMs - a.inMonthMs || byText(a.system, b.system));
};

/**
 * The incidents each ASP and each municipality could have a view of: an account of the ASP, a notice to the
 * municipality. One pass, so the breakdown looks at each receiver's own incidents, not at every incident per
 * receiver (`viewOf` still decides).
 */
const incidentsByReceiver = (incidents: readonly Incident[], config: Config): Map<string, Incident[]> => {
  const byReceiver = new Map<string, Incident[]>();
  const add = (receiver: string, incident: Incident) => {
    const list = byReceiver.get(receiver);
    if (list === undefined) byReceiver.set(receiver, [incident]);
    else if (list.at(-1) !== incident) list.push(incident);
  };
  for (const incident of distinct(incidents)) {
    for (const id of incident.accounts) {
      const asp = config.accountsById.get(id)?.asp;
      if (asp !== undefined) add(asp, incident);
    }
    for (const entry of incident.timeline ?? [])
      if (entry.what === 'notified' && entry.receiver !== undefined) add(entry.receiver, incident);
  }
  return byReceiver;
};

/** The team's breakdown: each ASP's and each municipality's own figures, as their own reports give them. */
const breakdownOf = (all: readonly Incident[], config: Config, month: string, window: Window) => {
  const byReceiver = incidentsByReceiver(all, config);
  const incidentsOf = (receiver: string) => byReceiver.get(receiver) ?? [];
  const asps: AspBreakdown[] = config.asps.map((asp) => {
    const receiver = reportReceiver(config, asp.id);
    const figures = figuresOf(
      viewsIn(incidentsOf(asp.id), receiver, config, window),
      receiver,
      config,
      month,
      window,
    );
    return {
      asp: asp.id,
      name: asp.name,
      opened: figures.opened,
      criticalOrHigh: figures.bySeverity.CRITICAL + figures.bySeverity.HIGH,
      openAtMonthEnd: figures.openAtMonthEnd,
      mttaMedianMs: figures.mtta.medianMs,
      mttrMedianMs: figures.mttr.medianMs,
    };
  });
  const municipalities: MunicipalityBreakdown[] = config.municipalities.map((municipality) => {
    const receiver = reportReceiver(config, municipality.id);
    const views = viewsIn(incidentsOf(municipality.id), receiver, config, window).filter((view) =>
      view.reportTimes.some((at) => within(at, window)),
    );
    const figures = figuresOf(views, receiver, config, month, window);
    return {
      municipality: municipality.id,
      name: municipality.name,
      notices: views.length,
      reports: figures.municipalReports,
      outages: figures.outages,
      outageMs: figures.outageMs,
      shares: views.filter((view) => view.notice === 'security').length,
    };
  });
  return { asps, municipalities };
};

export type MonthlyReportInput = {
  readonly incidents: readonly Incident[];
  /** The previous month's incidents (the store's `incidentsForMonth` of that month), for the comparison. */
  readonly previous?: readonly Incident[];
  readonly config: Config;
  /** `YYYY-MM`, in the config's time zone. */
  readonly month: string;
  /** A receiver id: a team level (the team), an ASP or a municipality. */
  readonly receiver: string;
};

/**
 * The monthly report of one receiver (DESIGN §15), as data.
 * 1. Scope: each incident as the receiver may see it (`viewOf`): the team all, an ASP its own accounts' part, a
 *    municipality the incidents it received numbered reports of; as things stood at month end.
 * 2. Keep those that touch the month: opened in it, or opened before and not resolved when it began.
 * 3. Count, list, measure (MTTA, MTTR, outage time), and the same figures for the previous month.
 */
export const buildMonthlyReport = (input: MonthlyReportInput): MonthlyReport => {
  const { config, month } = input;
  const receiver = reportReceiver(config, input.receiver);
  const window = monthWindow(month, config.timezone);
  const municipal = receiver.audience === 'municipality';
  let views = viewsIn(input.incidents, receiver, config, window);
  // A municipality's report lists what it was told this month (a notice of last month that ended before this
  // one began is not in it; one still going on, with a report this month, is).
  if (municipal) views = views.filter((view) => view.reportTimes.some((at) => within(at, window)));
  const figures = figuresOf(views, receiver, config, month, window);
  const incidents = views.map((view, i) => incidentRow(view, i + 1, receiver, config, window));
  const openedRows = incidents.filter((row) => !row.carriedOver);
  const bySource: Partial<Record<AlertSource, number>> = {};
  if (!municipal) for (const row of openedRows) bySource[row.source] = (bySource[row.source] ?? 0) + 1;
  const byNotice: Record<NoticeKind, number> = { outage: 0, 'outage-possible': 0, security: 0 };
  if (municipal) for (const row of incidents) if (row.notice !== undefined) byNotice[row.notice] += 1;
  const byDay = Array.from({ length: daysInMonth(month) }, () => 0);
  for (const row of municipal ? incidents : openedRows) {
    const at = Date.parse(row.openedAt);
    if (at >= window.start)
      byDay[localDay(at, config.timezone) - 1] = (byDay[localDay(at, config.timezone) - 1] ?? 0) + 1;
  }
  const outages = views
    .filter((view) => isOutage(view.incident))
    .map((view, i) => outageRow(view, i + 1, receiver, config, window));
  const scheduledChanges = municipal
    ? []
    : views
        .filter((view) => view.opened >= window.start && isScheduledChange(view.incident))
        .map((view) => changeRow(view, receiver, config));
  let previous: MonthFigures | null = null;
  if (input.previous !== undefined) {
    const before = previousMonth(month);
    const previousWindow = monthWindow(before, config.timezone);
    let previousViews = viewsIn(input.previous, receiver, config, previousWindow);
    if (municipal)
      previousViews = previousViews.filter((view) =>
        view.reportTimes.some((at) => within(at, previousWindow)),
      );
    previous = figuresOf(previousViews, receiver, config, before, previousWindow);
  }
  return {
    schema: REPORT_SCHEMA,
    kind: 'monthly',
    month,
    period: {
      start: new Date(window.start).toISOString(),
      end: new Date(window.end).toISOString(),
      timezone: config.timezone,
    },
    receiver,
    from: config.team.name,
    title: reportTitle(month, receiver),
    figures,
    counts: {
      bySeverity: figures.bySeverity,
      bySource,
      bySystem: bySystem(municipal ? incidents : openedRows),
      byNotice,
      byDay,
    },
    incidents,
    outages,
    outagesBySystem: outagesBySystem(outages),
    scheduledChanges,
    previous,
    breakdown: receiver.audience === 'team' ? breakdownOf(input.incidents, config, month, window) : null,
    definitions: definitionsFor(receiver, config.timezone),
  };
};
