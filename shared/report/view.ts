import type { Config } from '../config/registry.js';
import { type Incident, sightingOf, type TimelineEntry } from '../incident.js';
import { visibleAccounts } from '../routing/visibility.js';
import type { NoticeKind, ReportReceiver } from './types.js';

/**
 * One incident as one receiver may see it, as things stood at `asOf` (the end of the reported month): only the
 * receiver's own accounts (§7, `visibleAccounts`), and no moment after `asOf`, so a month reads the same whenever
 * its report is made. Undefined when the receiver may not see the incident at all.
 */
export type IncidentView = {
  readonly incident: Incident;
  /** The receiver's own accounts of the incident (all for the team). */
  readonly accounts: readonly string[];
  readonly opened: number;
  readonly firstPage: number | undefined;
  readonly acknowledged: number | undefined;
  readonly resolved: number | undefined;
  /** For a municipality: the numbered reports it received up to `asOf`, with their times. */
  readonly reportTimes: readonly number[];
  readonly notice: NoticeKind | undefined;
};

const HEALTH_OUTAGE = new Set(['issue', 'investigation']);

/** An AWS outage (DESIGN §12): a Health `issue`, or an `investigation` (障害の可能性). */
export const isOutage = (incident: Incident): boolean =>
  incident.subject.source === 'health' &&
  incident.subject.category === 'health' &&
  HEALTH_OUTAGE.has(incident.subject.health?.eventTypeCategory.toLowerCase() ?? '');

/** An AWS scheduled change (Health `scheduledChange`). */
export const isScheduledChange = (incident: Incident): boolean =>
  incident.subject.source === 'health' &&
  incident.subject.health?.eventTypeCategory.toLowerCase() === 'scheduledchange';

/**
 * A page: a notice that asks someone to act now, to a team level or to an ASP (in an ASP's report, to that ASP
 * or the team): the first notice of an incident (`trigger`), a notice that it got worse (`update`, e.g. severity
 * rose) or an escalation step. Not a digest (storm control), a reminder, a resolve or a municipal report.
 */
const isPage = (entry: TimelineEntry, pagers: (receiver: string) => boolean): boolean =>
  entry.receiver !== undefined &&
  pagers(entry.receiver) &&
  (entry.what === 'escalated' ||
    (entry.what === 'notified' &&
      (entry.kind === 'trigger' || entry.kind === 'update' || entry.kind === 'escalation')));

/** A notice to this receiver (for a municipality: one of its numbered reports). */
const isNoticeTo = (entry: TimelineEntry, receiver: string): boolean =>
  entry.what === 'notified' && entry.receiver === receiver;

const parse = (iso: string | undefined): number | undefined => {
  if (iso === undefined) return undefined;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? undefined : at;
};

const noticeOf = (incident: Incident): NoticeKind =>
  isOutage(incident)
    ? incident.subject.health?.eventTypeCategory.toLowerCase() === 'investigation'
      ? 'outage-possible'
      : 'outage'
    : 'security';

export const viewOf = (
  incident: Incident,
  receiver: ReportReceiver,
  config: Config,
  asOf: number,
): IncidentView | undefined => {
  // Whether the incident is the receiver's at all is decided before its timeline is read: the team's report makes
  // every ASP's and every municipality's view of every incident (its breakdown), and most are none of theirs.
  const municipal = receiver.audience === 'municipality';
  if (municipal && !(incident.timeline ?? []).some((entry) => isNoticeTo(entry, receiver.id)))
    return undefined;
  const accounts = visibleAccounts(
    config,
    receiver,
    municipal ? (incident.receivers[receiver.id]?.accounts ?? incident.accounts) : incident.accounts,
  );
  if (accounts.length === 0) return undefined;
  const timeline = (incident.timeline ?? []).filter((entry) => {
    const at = parse(entry.at);
    return at !== undefined && at < asOf;
  });
  let reportTimes: number[] = [];
  if (municipal) {
    // What concerns a municipality is what it was told: its numbered reports (an outage, a share).
    const told = timeline.filter((entry) => isNoticeTo(entry, receiver.id));
    if (told.length === 0) return undefined;
    reportTimes = told.map((entry) => parse(entry.at) as number);
  }
  const opened =
    parse(receiver.audience === 'team' ? incident.firstSeen : sightingOf(incident, accounts).firstSeen) ??
    parse(incident.firstSeen);
  if (opened === undefined || opened >= asOf) return undefined;
  const teamLevels = new Set(config.team.levels);
  const aspIds = new Set(config.asps.map((asp) => asp.id));
  const pagers =
    receiver.audience === 'asp'
      ? (id: string) => teamLevels.has(id) || id === receiver.id
      : (id: string) => teamLevels.has(id) || aspIds.has(id);
  // In an ASP's view of a shared incident, a page before its own account joined was about another tenant's.
  const firstPage = timeline
    .filter((entry) => isPage(entry, pagers))
    .map((entry) => parse(entry.at) as number)
    .find((at) => at >= opened);
  const acks = [
    ...timeline.filter((entry) => entry.what === 'acknowledged').map((entry) => parse(entry.at) as number),
    parse(incident.acknowledgedAt),
  ].filter((at): at is number => at !== undefined && at < asOf);
  const acknowledged = acks.length === 0 ? undefined : Math.min(...acks);
  const resolvedAt = parse(incident.resolvedAt);
  return {
    incident,
    accounts,
    opened,
    firstPage,
    acknowledged,
    resolved: resolvedAt !== undefined && resolvedAt < asOf ? resolvedAt : undefined,
    reportTimes,
    notice: receiver.audience === 'municipality' ? noticeOf(incident) : undefined,
  };
};

/** Whether the view touches `[start, end)`: opened before its end and not resolved before its start. */
export const touches = (view: IncidentView, start: number): boolean =>
  view.resolved === undefined || view.resolved >= start;

/** Outage start and end as the municipal notices give them: AWS's own times when it gave them. */
export const outageTimes = (view: IncidentView): { start: number; end: number | undefined } => {
  const health = view.incident.subject.health;
  const start = (view.accounts.length > 0 ? parse(health?.startTime) : undefined) ?? view.opened;
  const end = view.resolved === undefined ? undefined : (parse(health?.endTime) ?? view.resolved);
  return { start: Math.min(start, view.opened), end: end === undefined ? undefined : Math.max(end, start) };
};
