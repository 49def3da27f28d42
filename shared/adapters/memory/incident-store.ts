import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  type Delivery,
  type DigestGroup,
  type Incident,
  isLifecycleEvent,
  isTeamOnly,
  type LifecycleEvent,
  nextDueAt,
  type OutboxEntry,
} from '../../incident.js';
import { inMonth, monthBounds, monthsBounds } from '../../month.js';
import type {
  IncidentPage,
  OpenIncidentsQuery,
  PageRequest,
  ReportMark,
  ReportMarks,
  Store,
} from '../../ports.js';
import { decodeCursor, openFilter, readOpenPage } from '../../storage/open-incidents.js';
import { monthEntry } from '../../storage/table-layout.js';

/** The in-memory store, plus what tests and the replay summary read back. */
export type MemoryIncidentStore = Store &
  ReportMarks & {
    readonly incidents: () => readonly Incident[];
    readonly deliveries: () => readonly Delivery[];
    readonly events: () => readonly LifecycleEvent[];
  };

type Snapshot = {
  incidents: Incident[];
  deliveries: Delivery[];
  events?: LifecycleEvent[];
  groups?: DigestGroup[];
  /** Earlier episodes of fingerprints that reopened, for `incidents show`. */
  episodes?: Incident[];
  /** Monthly reports claimed or sent (DESIGN §15). */
  reports?: ReportMark[];
};

/**
 * The embedded `IncidentStore`: the same conditional-write contract as DynamoDB (revision check, incident and
 * outbox written together), held in maps. With `file`, state is loaded from and saved to a JSON file after every
 * write, so consecutive local replays continue one history.
 */
export const createMemoryIncidentStore = (
  options: {
    file?: string;
    /** The ASP of an account (the config's registry), for `openIncidents({ asp })`. */
    aspOfAccount?: (accountId: string) => string | undefined;
  } = {},
): MemoryIncidentStore => {
  const incidents = new Map<string, Incident>();
  const reports = new Map<string, ReportMark>();
  const episodes = new Map<string, Incident>();
  const outbox = new Map<string, Delivery>();
  const events = new Map<string, LifecycleEvent>();
  // Event ids per incident, like deliveries: a retry asks for one incident's pending events, not all of them.
  const eventsByIncident = new Map<string, string[]>();
  const recordEvent = (event: LifecycleEvent): void => {
    events.set(event.id, event);
    const ofIncident = eventsByIncident.get(event.incidentId);
    if (ofIncident === undefined) eventsByIncident.set(event.incidentId, [event.id]);
    else ofIncident.push(event.id);
  };
  /**
   * One page of a console list, as the DynamoDB store reads it from an index: the incidents `listed` keeps, newest
   * first (equal times by key, as a backwards read of an index returns them), filtered by the query's accounts; a
   * tenant's query never holds a team-only incident.
   */
  const pageOf = async (
    candidates: readonly Incident[],
    query: OpenIncidentsQuery,
    page: PageRequest,
    listed: (incident: Incident) => boolean,
  ): Promise<IncidentPage> => {
    const keep = openFilter(query, options.aspOfAccount);
    const tenant = query.asp !== undefined || query.accounts !== undefined;
    const entries = candidates
      .filter((incident) => listed(incident) && !(tenant && isTeamOnly(incident)))
      .map((incident) => ({
        openedAt: Date.parse(incident.firstSeen),
        accounts: incident.accounts,
        ref: incident,
      }))
      .sort(
        (a, b) =>
          b.openedAt - a.openedAt ||
          (`${a.ref.fingerprint}|${a.ref.id}` < `${b.ref.fingerprint}|${b.ref.id}` ? 1 : -1),
      );
    const { refs, cursor } = await readOpenPage(
      entries,
      keep,
      page.limit,
      page.cursor === undefined ? undefined : decodeCursor(page.cursor),
    );
    return { incidents: refs, ...(cursor !== undefined ? { cursor } : {}) };
  };
  const groups = new Map<string, DigestGroup>();
  // Delivery ids per incident and per digest group, in outbox order: the outbox only grows, and scanning all of
  // it for one incident made a long replay quadratic.
  const byIncident = new Map<string, string[]>();
  const byGroup = new Map<string, string[]>();
  const record = (delivery: Delivery): void => {
    outbox.set(delivery.id, delivery);
    const ofIncident = byIncident.get(delivery.incidentId);
    if (ofIncident === undefined) byIncident.set(delivery.incidentId, [delivery.id]);
    else ofIncident.push(delivery.id);
    if (delivery.group === undefined) return;
    const ofGroup = byGroup.get(delivery.group);
    if (ofGroup === undefined) byGroup.set(delivery.group, [delivery.id]);
    else ofGroup.push(delivery.id);
  };
  const pendingAmong = (ids: readonly string[] | undefined): Delivery[] =>
    (ids ?? []).flatMap((id) => {
      const delivery = outbox.get(id);
      return delivery !== undefined && delivery.status === 'pending' ? [delivery] : [];
    });
  if (options.file !== undefined && existsSync(options.file)) {
    const snapshot = JSON.parse(readFileSync(options.file, 'utf8')) as Snapshot;
    for (const incident of snapshot.incidents) incidents.set(incident.fingerprint, incident);
    for (const delivery of snapshot.deliveries) {
      if (outbox.has(delivery.id)) outbox.set(delivery.id, delivery);
      else record(delivery);
    }
    for (const group of snapshot.groups ?? []) groups.set(group.key, group);
    for (const event of snapshot.events ?? []) recordEvent(event);
    for (const episode of snapshot.episodes ?? []) episodes.set(episode.id, episode);
    for (const mark of snapshot.reports ?? []) reports.set(`${mark.month}|${mark.receiver}`, mark);
  }
  const persist = (): void => {
    if (options.file === undefined) return;
    const snapshot: Snapshot = {
      incidents: [...incidents.values()],
      deliveries: [...outbox.values()],
      events: [...events.values()],
      groups: [...groups.values()],
      episodes: [...episodes.values()],
      reports: [...reports.values()],
    };
    writeFileSync(options.file, `${JSON.stringify(snapshot, null, 2)}\n`);
  };

  return {
    get: async (fingerprint) => incidents.get(fingerprint),
    findById: async (incidentId) =>
      [...incidents.values()].find((incident) => incident.id === incidentId) ?? episodes.get(incidentId),
    list: async (filter, limit) =>
      [...incidents.values(), ...episodes.values()]
        .filter((incident) => !filter.open || incident.state !== 'resolved')
        .filter(
          (incident) => filter.receiver === undefined || incident.receivers[filter.receiver] !== undefined,
        )
        .sort((a, b) => b.firstSeen.localeCompare(a.firstSeen) || a.id.localeCompare(b.id))
        .slice(0, limit),
    openIncidents: async (query: OpenIncidentsQuery, page): Promise<IncidentPage> =>
      pageOf([...incidents.values()], query, page, (incident) => incident.state !== 'resolved'),
    incidentsForMonth: async (month, through) => {
      const bounds = monthsBounds(month, through);
      return [...incidents.values(), ...episodes.values()]
        .filter((incident) => inMonth(incident, bounds))
        .sort((a, b) => Date.parse(a.firstSeen) - Date.parse(b.firstSeen) || a.id.localeCompare(b.id));
    },
    resolvedIncidents: async (month, query, page) => {
      monthBounds(month);
      return pageOf(
        [...incidents.values(), ...episodes.values()],
        query,
        page,
        (incident) => incident.state === 'resolved' && monthEntry(incident).month === month,
      );
    },
    claimReport: async (month, receiver, now, staleBefore) => {
      const key = `${month}|${receiver}`;
      const mark = reports.get(key);
      if (mark !== undefined && (mark.state === 'sent' || mark.claimedAt >= staleBefore)) return mark;
      reports.set(key, { month, receiver, state: 'sending', claimedAt: now });
      persist();
      return 'claimed';
    },
    markReportSent: async (month, receiver) => {
      const key = `${month}|${receiver}`;
      const mark = reports.get(key);
      reports.set(key, { month, receiver, state: 'sent', claimedAt: mark?.claimedAt ?? 0 });
      persist();
    },
    dueEscalations: async (before, limit) =>
      [...incidents.values()]
        .filter((incident) => (nextDueAt(incident) ?? Number.POSITIVE_INFINITY) <= before)
        .sort((a, b) => (nextDueAt(a) ?? 0) - (nextDueAt(b) ?? 0))
        .slice(0, limit),
    save: async (incident, expectedRevision, entries) => {
      const stored = incidents.get(incident.fingerprint);
      if ((stored?.revision ?? 0) !== expectedRevision) return 'conflict';
      if (stored !== undefined && stored.id !== incident.id) episodes.set(stored.id, stored);
      incidents.set(incident.fingerprint, incident);
      // An entry id is deterministic: recording it again must not reset a `sent` mark.
      for (const entry of entries) {
        if (isLifecycleEvent(entry)) {
          if (!events.has(entry.id)) recordEvent(entry);
        } else if (!outbox.has(entry.id)) record(entry);
      }
      persist();
      return 'saved';
    },
    pendingDeliveries: async (incidentId) => pendingAmong(byIncident.get(incidentId)),
    pendingEvents: async (incidentId) =>
      (eventsByIncident.get(incidentId) ?? []).flatMap((id) => {
        const event = events.get(id);
        return event !== undefined && event.status === 'pending' ? [event] : [];
      }),
    markSent: async (entries: readonly OutboxEntry[]) => {
      let changed = false;
      for (const entry of entries) {
        if (isLifecycleEvent(entry)) {
          const stored = events.get(entry.id);
          if (stored !== undefined && stored.status !== 'sent') {
            events.set(entry.id, { ...stored, status: 'sent' });
            changed = true;
          }
          continue;
        }
        const stored = outbox.get(entry.id);
        if (stored !== undefined && stored.status !== 'sent') {
          outbox.set(entry.id, { ...stored, status: 'sent' });
          changed = true;
        }
      }
      // One write of the snapshot per call, as the DynamoDB adapter writes one item per incident.
      if (changed) persist();
    },
    getGroup: async (key) => groups.get(key),
    saveGroup: async (group, expectedRevision) => {
      if ((groups.get(group.key)?.revision ?? 0) !== expectedRevision) return 'conflict';
      groups.set(group.key, group);
      persist();
      return 'saved';
    },
    stalePending: async (before, limit) =>
      [...outbox.values(), ...events.values()]
        .filter((entry) => entry.status === 'pending' && dueAtOf(entry) <= before)
        .sort((a, b) => dueAtOf(a) - dueAtOf(b))
        .slice(0, limit),
    dueDigests: async (before, limit) =>
      [...groups.values()]
        .filter((group) => (group.flushAt ?? Number.POSITIVE_INFINITY) <= before)
        .sort((a, b) => (a.flushAt ?? 0) - (b.flushAt ?? 0))
        .slice(0, limit),
    pendingInGroup: async (key) => pendingAmong(byGroup.get(key)).sort((a, b) => a.at - b.at),
    incidents: () => [...incidents.values()],
    deliveries: () => [...outbox.values()],
    events: () => [...events.values()],
  };
};

/** When an outbox entry is overdue: a grouped delivery when its digest should have gone out, others at once. */
const dueAtOf = (entry: OutboxEntry): number =>
  isLifecycleEvent(entry) ? entry.at : (entry.sweepAt ?? entry.at);
