import type { Config } from '../config/registry.js';
import type { Audience } from '../model.js';

/**
 * The accounts of an incident one receiver may hear of (§7): the team all of them (unregistered ones too), an
 * ASP only the accounts mapped to it, a municipality only the accounts it uses. Every message is rendered from
 * this list and nothing else, so an incident that several tenants share never shows one another's data.
 */
export const visibleAccounts = (
  config: Config,
  receiver: { readonly audience: Audience; readonly id: string },
  accountIds: readonly string[],
): string[] =>
  accountIds.filter((id) => {
    if (receiver.audience === 'team') return true;
    const account = config.accountsById.get(id);
    if (account === undefined) return false;
    if (receiver.audience === 'asp') return account.asp === receiver.id;
    return account.municipalities.includes(receiver.id);
  });
