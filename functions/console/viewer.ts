import type { Config } from '../../shared/config/registry.js';
import { type Incident, isTeamOnly, type TimelineEntry } from '../../shared/incident.js';
import type { OperatorActionName } from '../../shared/pipeline/operator.js';
import { visibleAccounts } from '../../shared/routing/visibility.js';

/**
 * Who is looking (DESIGN §14): a user's Cognito groups are receiver ids. A team level in them makes a team user
 * (everything); otherwise its ASP ids make an ASP user (its own accounts only); otherwise its municipality ids make a
 * municipality user (the notices sent to it). Groups that name no receiver count for nothing: a user with none
 * left is refused (403), never shown an empty but working console.
 */
export type Viewer = {
  /** Who acts (`by` on the timeline): the user's email, else its user name. */
  readonly name: string;
  readonly kind: 'team' | 'asp' | 'municipality';
  /** The receiver ids of that kind the user belongs to (team: the team levels among its groups). */
  readonly receivers: readonly string[];
};

export const viewerOf = (
  config: Config,
  user: { readonly name: string; readonly groups: readonly string[] },
): Viewer | undefined => {
  const known = user.groups.flatMap((group) => {
    const receiver = config.receiversById.get(group);
    return receiver === undefined ? [] : [receiver];
  });
  for (const kind of ['team', 'asp', 'municipality'] as const) {
    const receivers = known.filter((receiver) => receiver.audience === kind).map((receiver) => receiver.id);
    if (receivers.length > 0) return { name: user.name, kind, receivers };
  }
  return undefined;
};

/**
 * The accounts of an incident this viewer may see: all for the team; an ASP's own accounts; for a municipality,
 * the accounts it uses, and only when a notice about the incident was sent to it. An `account-mismatch` incident
 * is the team's alone, as the router tells no one else of it. Empty: the incident does not
 * exist for this viewer (404).
 */
export const visibleAccountsOf = (config: Config, viewer: Viewer, incident: Incident): string[] => {
  if (viewer.kind === 'team') return [...incident.accounts];
  if (isTeamOnly(incident)) return [];
  const mine = new Set<string>();
  for (const id of viewer.receivers) {
    if (viewer.kind === 'municipality' && incident.receivers[id]?.audience !== 'municipality') continue;
    for (const account of visibleAccounts(config, { audience: viewer.kind, id }, incident.accounts))
      mine.add(account);
  }
  return incident.accounts.filter((account) => mine.has(account));
};

/** The console's actions are the operator's (the CLI's `ack`, `resolve`, `share`, `update`). */
export type ConsoleAction = OperatorActionName;
export const CONSOLE_ACTIONS: readonly ConsoleAction[] = ['ack', 'resolve', 'share', 'update'];

/**
 * The actions this viewer may take on an incident now. The team: ack an open one, resolve any unresolved one,
 * share a security or compliance one no municipality was told of yet, post an update once one was. An ASP: ack an open incident
 * that is wholly its own (an outage several ASPs share is the team's to acknowledge). A municipality: none.
 */
export const allowedActions = (config: Config, viewer: Viewer, incident: Incident): ConsoleAction[] => {
  if (incident.state === 'resolved') return [];
  const open = incident.state === 'open';
  if (viewer.kind === 'asp') {
    const own = visibleAccountsOf(config, viewer, incident);
    return open && own.length > 0 && own.length === incident.accounts.length ? ['ack'] : [];
  }
  if (viewer.kind !== 'team') return [];
  const shareable = incident.subject.category === 'security' || incident.subject.category === 'compliance';
  const told = Object.values(incident.receivers).some((record) => record.audience === 'municipality');
  return [
    ...(open ? (['ack'] as const) : []),
    'resolve' as const,
    // A share is the first report (第1報); once a municipality was told, the next word is an update.
    ...(shareable && !told ? (['share'] as const) : []),
    ...(told ? (['update'] as const) : []),
  ];
};

/** An account id anywhere in a note (`account 222222222222 joins`). */
const ACCOUNT_ID = /\b\d{12}\b/g;

/**
 * The timeline lines this viewer may read. The team: all. An ASP: what happened to the incident and what was sent
 * to itself, never what other receivers were told nor a note that names another tenant's account. A municipality:
 * only the notices sent to it. Who acted (`by`) is shown to the team, and to others only when it was themselves:
 * an operator's address is not another tenant's to read.
 */
export const visibleTimeline = (
  viewer: Viewer,
  incident: Incident,
  accounts: readonly string[],
): TimelineEntry[] => {
  const timeline = incident.timeline ?? [];
  if (viewer.kind === 'team') return [...timeline];
  const own = new Set(viewer.receivers);
  const mine = new Set(accounts);
  return timeline.flatMap((entry): TimelineEntry[] => {
    if (viewer.kind === 'municipality' && (entry.receiver === undefined || !own.has(entry.receiver)))
      return [];
    if (entry.receiver !== undefined && !own.has(entry.receiver)) return [];
    if (entry.note !== undefined && [...entry.note.matchAll(ACCOUNT_ID)].some(([id]) => !mine.has(id)))
      return [];
    if (entry.by === undefined || entry.by === viewer.name) return [entry];
    const { by: _by, ...rest } = entry;
    return [rest];
  });
};
