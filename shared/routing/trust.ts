import type { Config } from '../config/registry.js';
import type { AccountConfig } from '../config/schema.js';
import { fingerprints } from '../fingerprint.js';
import type { Alert, EveryField, Flag } from '../model.js';

/** An account id is 12 digits; a longer claim is broken or hostile input, cut to this before it is kept. */
const CLAIM_MAX = 64;

/** An alert after the trust check (§7): its account is one the envelope account may speak for. */
export type TrustedAlert = Alert & {
  /** The registry entry of `accountId`; absent for an unregistered account or a refused claim. */
  readonly account: AccountConfig | undefined;
  /** For an `account-mismatch`: the account the finding claimed and the sender may not speak for. */
  readonly claimedAccountId?: string | undefined;
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
  const added: Flag[] = [];
  const reasons: string[] = [];
  let accountId = alert.envelopeAccount;
  let account: AccountConfig | undefined = sender;

  if (sender === undefined) {
    added.push('unregistered-account');
    reasons.push(`trust: account ${alert.envelopeAccount} is not in the registry → team only`);
    if (claimed !== alert.envelopeAccount) {
      added.push('account-mismatch');
      reasons.push(
        `trust: the finding claims account ${claimed}; an unregistered sender cannot speak for it`,
      );
    }
  } else if (claimed === alert.envelopeAccount) {
    reasons.push(`trust: account ${accountId} (${sender.name}) sent its own alert`);
  } else if (sender.reportsFor.includes(claimed)) {
    accountId = claimed;
    account = config.accountsById.get(claimed);
    added.push('reports-for');
    reasons.push(
      `trust: ${sender.name} (${sender.id}) reports for ${claimed} (${account?.name ?? 'unknown'})`,
    );
  } else {
    added.push('account-mismatch');
    account = undefined;
    reasons.push(
      `trust: the finding claims account ${claimed} but arrived from ${sender.id} (${sender.name}), which does not report for it → team only`,
    );
  }
  // Neither a refused claim nor an unregistered sender may touch a registered tenant's incident (a Health event
  // shares one key across spokes): both are kept on their sender, under their own key.
  const flags = added.length === 0 ? alert.flags : withFlags(alert.flags, added);
  const refused = flags.includes('account-mismatch') || flags.includes('unregistered-account');
  const fingerprint = refused
    ? fingerprints.refused(alert.envelopeAccount, alert.fingerprint)
    : alert.fingerprint;
  if (refused) reasons.push(`trust: kept apart from ${alert.fingerprint} as ${fingerprint}`);
  // Every field named, none spread (see `EveryField`): trusted alerts then share one shape whatever their source.
  const trusted: EveryField<TrustedAlert> = {
    fingerprint,
    source: alert.source,
    category: alert.category,
    accountId,
    envelopeAccount: alert.envelopeAccount,
    region: alert.region,
    resource: alert.resource,
    type: alert.type,
    title: alert.title,
    description: alert.description,
    severity: alert.severity,
    status: alert.status,
    version: alert.version,
    eventId: alert.eventId,
    time: alert.time,
    consoleUrl: alert.consoleUrl,
    flags,
    reasons: alert.reasons,
    quiet: alert.quiet,
    health: alert.health,
    account,
    // The claim is event text (a finding's own account field): kept short, it is shown to the team as is.
    claimedAccountId:
      claimed !== alert.envelopeAccount && accountId !== claimed ? claimed.slice(0, CLAIM_MAX) : undefined,
  };
  return { trusted, reasons };
};

/** The alert's flags and the trust check's, each once. */
const withFlags = (flags: readonly Flag[], added: readonly Flag[]): Flag[] => [
  ...flags,
  ...added.filter((flag) => !flags.includes(flag)),
];
