import type { Config } from '../../shared/config/registry.js';
import type { Incident } from '../../shared/incident.js';
import { localParts } from '../../shared/local-time.js';
import type { OpenIncidentsQuery, Store } from '../../shared/ports.js';
import type { ListFilters } from './incident-pages.js';
import { type Viewer, visibleAccountsOf } from './viewer.js';

type Page = { readonly limit: number; readonly cursor?: string };
type Found = { readonly incidents: readonly Incident[]; readonly cursor?: string };

/** The store as the console reads it: its index-backed queries (never a Scan on a request path). */
export type ConsoleStore = Pick<Store, 'get' | 'findById' | 'openIncidents' | 'incidentsForMonth'>;

/** How many store pages one list page may read while filters drop rows. */
const MAX_ROUNDS = 5;
/** The most resolved incidents one month page shows. */
const MONTH_LIMIT = 1000;
const INCIDENT_ID = /^INC-[0-9a-f]{12}-\d{1,6}$/;

/**
 * The store query that covers what this viewer may see with these filters; `undefined`: nothing can match. The
 * query names accounts (from the registry), so it needs no registry inside the store; the team without an account
 * filter asks for everything, unregistered accounts included.
 */
const queryFor = (config: Config, viewer: Viewer, filters: ListFilters): OpenIncidentsQuery | undefined => {
  if (viewer.kind === 'team' && filters.asp === undefined && filters.system === undefined) return {};
  const inScope = config.accounts.filter((account) => {
    if (viewer.kind === 'asp' && !viewer.receivers.includes(account.asp)) return false;
    if (viewer.kind === 'municipality' && !account.municipalities.some((m) => viewer.receivers.includes(m)))
      return false;
    if (filters.asp !== undefined && account.asp !== filters.asp) return false;
    return filters.system === undefined || account.system === filters.system;
  });
  return inScope.length === 0 ? undefined : { accounts: inScope.map((account) => account.id) };
};

/** Whether a row stays: the viewer sees some of its accounts and it passes every filter on those. */
const keeps = (config: Config, viewer: Viewer, filters: ListFilters, incident: Incident): boolean => {
  const accounts = visibleAccountsOf(config, viewer, incident);
  if (accounts.length === 0) return false;
  if (filters.severity !== undefined && incident.severity !== filters.severity) return false;
  if (filters.source !== undefined && incident.subject.source !== filters.source) return false;
  const registered = accounts.flatMap((id) => config.accountsById.get(id) ?? []);
  if (filters.asp !== undefined && !registered.some((account) => account.asp === filters.asp)) return false;
  return filters.system === undefined || registered.some((account) => account.system === filters.system);
};

/** One page of the open-incident list, newest first, as this viewer may see it. */
export const openIncidentsPage = async (
  store: ConsoleStore,
  config: Config,
  viewer: Viewer,
  filters: ListFilters,
  page: Page,
): Promise<Found> => {
  const query = queryFor(config, viewer, filters);
  if (query === undefined) return { incidents: [] };
  const rows: Incident[] = [];
  let cursor = page.cursor;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Later rounds ask only for what the page still lacks, so a page never holds more than its size.
    const next = { limit: page.limit - rows.length, ...(cursor === undefined ? {} : { cursor }) };
    const found = await store.openIncidents(query, next);
    rows.push(
      ...found.incidents.filter(
        (incident) => incident.state !== 'resolved' && keeps(config, viewer, filters, incident),
      ),
    );
    cursor = found.cursor;
    if (cursor === undefined || rows.length >= page.limit) break;
  }
  return { incidents: rows, ...(cursor === undefined ? {} : { cursor }) };
};

/** `YYYY-MM` of an ISO time in the config's zone. */
const monthOf = (iso: string, timeZone: string): string => {
  const { year, month } = localParts(Date.parse(iso), timeZone);
  return `${year}-${month}`;
};

/** Incidents resolved in a month (JST), newest first, as this viewer may see them. */
export const monthIncidents = async (
  store: ConsoleStore,
  config: Config,
  viewer: Viewer,
  filters: ListFilters,
  month: string,
): Promise<Incident[]> =>
  (await store.incidentsForMonth(month))
    .filter(
      (incident) =>
        incident.state === 'resolved' &&
        incident.resolvedAt !== undefined &&
        monthOf(incident.resolvedAt, config.timezone) === month &&
        keeps(config, viewer, filters, incident),
    )
    .sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''))
    .slice(0, MONTH_LIMIT);

/** The incident an id names, if this viewer may see it; another tenant's is as absent as a missing one. */
export const findVisible = async (
  store: ConsoleStore,
  config: Config,
  viewer: Viewer,
  id: string,
): Promise<Incident | undefined> => {
  if (!INCIDENT_ID.test(id)) return undefined;
  const incident = await store.findById(id);
  if (incident === undefined) return undefined;
  return visibleAccountsOf(config, viewer, incident).length === 0 ? undefined : incident;
};
