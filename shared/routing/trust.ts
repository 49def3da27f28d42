import type { Config } from '../config/registry.js';
import type { AccountConfig } from '../config/schema.js';
import { fingerprints } from '../fingerprint.js';
import type { Alert, Flag } from '../model.js';

/** An alert after the trust check (§7): its account is one the envelope account may speak for. */
export type TrustedAlert = Alert & {
  /** The registry entry of `accountId`; absent for an unregistered account or a refused claim. */
  readonly account: AccountConfig | undefined;
};

/**
 * The envelope `account` is the trust anchor. A finding that claims another account is accepted for it only
 * if the config says the envelope account reports for it; otherwise the alert stays on the envelope account
 * and goes to the team only (`account-mismatch`), so a spoke can never make an alert land on another tenant.
 * A refused alert also gets its own key (`refused:{sender}:{fingerprint}`): the claimed account's incident carries
 * that fingerprint, and a refused copy must not update, resolve or push the version of an incident whose tenant
 * was told of it.
 */
export const trustAlert = (alert: Alert, config: Config): { trusted: TrustedAlert; reasons: string[] } => {
  const sender = config.accountsById.get(alert.envelopeAccount);
  const claimed = alert.accountId;
  const flags = new Set<Flag>(alert.flags);
  const reasons: string[] = [];
  let accountId = alert.envelopeAccount;
  let account: AccountConfig | undefined = sender;

  if (sender === undefined) {
    flags.add('unregistered-account');
    reasons.push(`trust: account ${alert.envelopeAccount} is not in the registry → team only`);
    if (claimed !== alert.envelopeAccount) {
      flags.add('account-mismatch');
      reasons.push(
        `trust: the finding claims account ${claimed}; an unregistered sender cannot speak for it`,
      );
    }
  } else if (claimed === alert.envelopeAccount) {
    reasons.push(`trust: account ${accountId} (${sender.name}) sent its own alert`);
  } else if (sender.reportsFor.includes(claimed)) {
    accountId = claimed;
    account = config.accountsById.get(claimed);
    flags.add('reports-for');
    reasons.push(
      `trust: ${sender.name} (${sender.id}) reports for ${claimed} (${account?.name ?? 'unknown'})`,
    );
  } else {
    flags.add('account-mismatch');
    account = undefined;
    reasons.push(
      `trust: the finding claims account ${claimed} but arrived from ${sender.id} (${sender.name}), which does not report for it → team only`,
    );
  }
  // Neither a refused claim nor an unregistered sender may touch a registered tenant's incident (a Health event
  // shares one key across spokes): both are kept on their sender, under their own key.
  const refused = flags.has('account-mismatch') || flags.has('unregistered-account');
  const fingerprint = refused
    ? fingerprints.refused(alert.envelopeAccount, alert.fingerprint)
    : alert.fingerprint;
  if (refused) reasons.push(`trust: kept apart from ${alert.fingerprint} as ${fingerprint}`);
  return { trusted: { ...alert, fingerprint, accountId, account, flags: [...flags] }, reasons };
};
