import type { Config, Receiver } from '../config/registry.js';
import type { AccountConfig } from '../config/schema.js';
import type { Delivery, Incident } from '../incident.js';

/** What one receiver may see of an incident: only its own accounts (§7), whatever the incident gathered. */
export type RenderContext = {
  readonly delivery: Delivery;
  readonly incident: Incident;
  readonly receiver: Receiver;
  readonly config: Config;
  readonly accounts: readonly AccountConfig[];
  /** Account ids of the incident that are not in the registry (the team sees them). */
  readonly unregistered: readonly string[];
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
  const registered = incident.accounts.flatMap((id) => {
    const account = config.accountsById.get(id);
    return account ? [account] : [];
  });
  const visible = registered.filter((account) => {
    if (receiver.audience === 'asp') return account.asp === receiver.id;
    if (receiver.audience === 'municipality') return account.municipalities.includes(receiver.id);
    return true;
  });
  return {
    delivery,
    incident,
    receiver,
    config,
    accounts: visible,
    unregistered:
      receiver.audience === 'team' ? incident.accounts.filter((id) => !config.accountsById.has(id)) : [],
    ackLink,
  };
};

export const aspName = (config: Config, id: string): string => config.receiversById.get(id)?.name ?? id;

export const municipalityNames = (config: Config, account: AccountConfig): string =>
  account.municipalities.map((id) => config.receiversById.get(id)?.name ?? id).join('・');
