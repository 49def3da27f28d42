import type { Config } from '../config/registry.js';
import { silencesOf } from './compiled.js';
import { activeSilence, type CompiledSilence } from './silences.js';
import type { Subject } from './subject.js';

/**
 * The silence that covers an incident at `now`, for steps that act without a new alert (an escalation step, a
 * reminder): it must cover every account of the incident, else someone's page would be held for another's window.
 * Of several, the one that ends first, so the incident is looked at again as soon as anything may change.
 */
export const incidentSilence = (
  incident: {
    readonly subject: Pick<Subject, 'source' | 'category' | 'type' | 'region'>;
    readonly accounts: readonly string[];
    readonly severity: Subject['severity'];
    readonly flags: Subject['flags'];
  },
  config: Config,
  now: number,
): CompiledSilence | undefined => {
  const silences = silencesOf(config);
  if (silences.length === 0) return undefined;
  let first: CompiledSilence | undefined;
  for (const accountId of incident.accounts) {
    const silence = activeSilence(
      {
        source: incident.subject.source,
        category: incident.subject.category,
        type: incident.subject.type,
        region: incident.subject.region,
        accountId,
        account: config.accountsById.get(accountId),
        severity: incident.severity,
        flags: incident.flags,
      },
      silences,
      now,
    );
    if (silence === undefined) return undefined;
    if (first === undefined || silence.endsAt < first.endsAt) first = silence;
  }
  return first;
};
