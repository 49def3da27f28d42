import type { Config, Receiver } from '../config/registry.js';
import type { AccountConfig } from '../config/schema.js';
import { type Delivery, type Incident, type Sighting, sightingOf } from '../incident.js';
import { visibleAccounts } from '../routing/visibility.js';

/** What one receiver may see of an incident: only its own accounts (§7), whatever the incident gathered. */
export type RenderContext = {
  readonly delivery: Delivery;
  readonly incident: Incident;
  readonly receiver: Receiver;
  readonly config: Config;
  readonly accounts: readonly AccountConfig[];
  /** Account ids of the incident that are not in the registry (the team sees them). */
  readonly unregistered: readonly string[];
  /** What the receiver's own accounts saw: resources, counts and times of no other tenant. */
  readonly sighting: Sighting;
  /** The signed acknowledge link for this receiver, when the runtime can sign one (else a placeholder). */
  readonly ackLink: string | undefined;
};

export const renderContext = (
  delivery: Delivery,
  incident: Incident,
  receiver: Receiver,
  config: Config,
  ackLink?: string,
): RenderContext => {
  // The delivery names the accounts it speaks of (a resolve: those the receiver was told of); filtered again
  // here so that no stored delivery can ever show a receiver another tenant's account.
  const own = visibleAccounts(config, receiver, delivery.accounts ?? incident.accounts);
  const visible = own.flatMap((id) => {
    const account = config.accountsById.get(id);
    return account ? [account] : [];
  });
  return {
    delivery,
    incident,
    receiver,
    config,
    accounts: visible,
    unregistered: receiver.audience === 'team' ? own.filter((id) => !config.accountsById.has(id)) : [],
    sighting: sightingOf(incident, own),
    ackLink,
  };
};

/** Where the incident stands at this notice: a resolve says resolved even if the incident reopened since. */
export const cardState = ({ delivery, incident }: RenderContext): 'open' | 'acknowledged' | 'resolved' =>
  delivery.kind === 'resolve' ? 'resolved' : incident.state;

export const aspName = (config: Config, id: string): string => config.receiversById.get(id)?.name ?? id;

export const municipalityNames = (config: Config, account: AccountConfig): string =>
  account.municipalities.map((id) => config.receiversById.get(id)?.name ?? id).join('・');
