import type { Config } from '../config/registry.js';
import type {
  Delivery,
  Incident,
  LifecycleDetail,
  LifecycleDetailType,
  LifecycleEvent,
} from '../incident.js';
import { visibleAccounts } from '../routing/visibility.js';

/**
 * Lifecycle events (DESIGN §11): what a ticketing system or a SIEM subscribed to the hub bus learns of an incident.
 * Derived from a transition — the incident before and after, and the deliveries it decided — so every path that
 * changes an incident (an alert, an operator, a timer) emits them the same way, through the outbox.
 *
 * An episode is announced (`Incident Opened`) when it first tells anyone; a recorded-only incident (a LOW finding)
 * emits nothing, and nothing after either, so a consumer never sees an update of an incident it was not told of.
 * Each event is one tenant's view (§7): an incident whose accounts belong to several ASPs (a Health outage) emits
 * one event per ASP, each naming only that ASP's accounts and receivers, so a rule forwarding `detail.asp` to an
 * ASP's own bus can never hand it another ASP's data.
 */
export const lifecycleEvents = (
  previous: Incident | undefined,
  next: Incident,
  deliveries: readonly Delivery[],
  config: Config,
  now: number,
  by?: string,
): { readonly incident: Incident; readonly events: readonly LifecycleEvent[] } => {
  const sameEpisode = previous !== undefined && previous.episode === next.episode;
  const announced = sameEpisode ? (previous.published ?? 0) > 0 : false;
  const kinds: LifecycleDetailType[] = [];
  if (!announced) {
    if (deliveries.length > 0 || next.held !== undefined) kinds.push('Incident Opened');
  } else {
    const newReceivers = deliveries.some(
      (d) => d.kind !== 'escalation' && d.kind !== 'resolve' && previous?.receivers[d.receiver] === undefined,
    );
    if (next.severity !== previous?.severity || newReceivers) kinds.push('Incident Updated');
    for (const d of deliveries) if (d.kind === 'escalation') kinds.push('Incident Escalated');
    if (previous?.state === 'open' && next.state === 'acknowledged') kinds.push('Incident Acknowledged');
    if (deliveries.some((d) => d.reason === 'shared')) kinds.push('Incident Shared');
  }
  // A resolve is told to whoever heard of the episode: announced before, or opened and closed at once.
  if (next.state === 'resolved' && previous?.state !== 'resolved' && (announced || kinds.length > 0))
    kinds.push('Incident Resolved');
  if (kinds.length === 0) return { incident: next, events: [] };

  let sequence = sameEpisode ? (previous.published ?? 0) : 0;
  // A tenant whose account joins an announced episode hears of it for the first time: Opened, not Updated.
  const announcedTo = new Set(
    announced ? (previous?.accounts ?? []).map((id) => config.accountsById.get(id)?.asp) : [],
  );
  const events: LifecycleEvent[] = [];
  for (const kind of kinds) {
    sequence++;
    for (const view of tenantViews(next, config)) {
      const detailType: LifecycleDetailType =
        kind === 'Incident Updated' && !announcedTo.has(view.asp) ? 'Incident Opened' : kind;
      const eventId = `${next.id}/E${sequence}/${view.asp ?? 'team'}`;
      const detail: LifecycleDetail = {
        eventId,
        incidentId: next.id,
        fingerprint: next.fingerprint,
        episode: next.episode,
        source: next.subject.source,
        category: next.subject.category,
        type: next.subject.type,
        title: next.subject.title,
        severity: next.severity,
        status: next.state,
        accountId: view.accounts[0] ?? '',
        ...named(config, view.accounts[0]),
        municipalities: view.municipalities,
        receivers: receiversOf(next, view.accounts, config),
        at: new Date(now).toISOString(),
        ...(by !== undefined &&
        (detailType === 'Incident Acknowledged' ||
          detailType === 'Incident Resolved' ||
          detailType === 'Incident Shared')
          ? { by }
          : {}),
      };
      events.push({
        id: eventId,
        incidentId: next.id,
        fingerprint: next.fingerprint,
        detailType,
        detail,
        at: now,
        status: 'pending',
      });
    }
  }
  return { incident: { ...next, published: sequence }, events };
};

type TenantView = {
  readonly asp: string | undefined;
  readonly accounts: readonly string[];
  readonly municipalities: readonly string[];
};

/** The incident's accounts grouped by ASP; accounts outside the registry form one view with no ASP. */
const tenantViews = (incident: Incident, config: Config): TenantView[] => {
  const byAsp = new Map<string | undefined, string[]>();
  for (const id of incident.accounts) {
    const asp = config.accountsById.get(id)?.asp;
    byAsp.set(asp, [...(byAsp.get(asp) ?? []), id]);
  }
  return [...byAsp].map(([asp, accounts]) => ({
    asp,
    accounts,
    municipalities: [...new Set(accounts.flatMap((id) => config.accountsById.get(id)?.municipalities ?? []))],
  }));
};

const named = (config: Config, accountId: string | undefined) => {
  const account = accountId === undefined ? undefined : config.accountsById.get(accountId);
  return account ? { accountName: account.name, asp: account.asp, system: account.system } : {};
};

/** Who was told, as one tenant may read it: the team, and the ASP and municipalities of these accounts only. */
const receiversOf = (incident: Incident, accounts: readonly string[], config: Config): string[] =>
  Object.entries(incident.receivers)
    .filter(([id, record]) => visibleAccounts(config, { audience: record.audience, id }, accounts).length > 0)
    .map(([id]) => id)
    .sort();
