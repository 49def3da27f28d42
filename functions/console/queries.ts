import type { Config } from '../../shared/config/registry.js';
import type { Incident } from '../../shared/incident.js';
import type { OpenIncidentsQuery, Store } from '../../shared/ports.js';
import type { ListFilters } from './incident-pages.js';
import { type Viewer, visibleAccountsOf } from './viewer.js';

type Page = { readonly limit: number; readonly cursor?: string };
type Found = { readonly incidents: readonly Incident[]; readonly cursor?: string };

/** The store as the console reads it: its index-backed queries (never a Scan on a request path). */
export type ConsoleStore = Pick<
  Store,
  'get' | 'findById' | 'openIncidents' | 'resolvedIncidents' | 'incidentsForMonth'
>;

/** How many store pages one list page may read while filters drop rows. */
const MAX_ROUNDS = 5;
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

/**
 * One page of a list, newest first, as this viewer may see it: the open incidents, or with `month` those resolved in
 * that JST month (only that month's index entries are read).
 */
export const incidentsPage = async (
  store: ConsoleStore,
  config: Config,
  viewer: Viewer,
  filters: ListFilters,
  month: string | undefined,
  page: Page,
): Promise<Found> => {
  const query = queryFor(config, viewer, filters);
  if (query === undefined) return { incidents: [] };
  const read = (next: Page) =>
    month === undefined ? store.openIncidents(query, next) : store.resolvedIncidents(month, query, next);
  const listed = (incident: Incident) => (month === undefined) === (incident.state !== 'resolved');
  const rows: Incident[] = [];
  let cursor = page.cursor;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Later rounds ask only for what the page still lacks, so a page never holds more than its size.
    const found = await read({
      limit: page.limit - rows.length,
      ...(cursor === undefined ? {} : { cursor }),
    });
    rows.push(
      ...found.incidents.filter((incident) => listed(incident) && keeps(config, viewer, filters, incident)),
    );
    cursor = found.cursor;
    if (cursor === undefined || rows.length >= page.limit) break;
  }
  return { incidents: rows, ...(cursor === undefined ? {} : { cursor }) };
};

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
