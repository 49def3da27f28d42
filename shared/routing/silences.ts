import type { Config } from '../config/registry.js';
import type { SilenceConfig } from '../config/schema.js';
import { compileMatchers, type SubjectMatcher } from './matchers.js';
import type { Subject } from './subject.js';

/** A silence of the config with its name settled and its matchers compiled (built once, with the config). */
export type CompiledSilence = {
  readonly name: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly matches: SubjectMatcher;
};

export const compileSilences = (silences: readonly SilenceConfig[]): CompiledSilence[] =>
  silences.map((silence, index) => ({
    name: silence.name ?? `silences[${index}]`,
    startsAt: silence.startsAt,
    endsAt: silence.endsAt,
    matches: compileMatchers(silence.match),
  }));

/** The first silence or maintenance window that covers the subject at `now` (start inclusive, end exclusive). */
export const activeSilence = (
  subject: Subject,
  silences: readonly CompiledSilence[],
  now: number,
): CompiledSilence | undefined => {
  for (const silence of silences) {
    if (now < silence.startsAt || now >= silence.endsAt) continue;
    if (silence.matches(subject).matched) return silence;
  }
  return undefined;
};

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
  config: Pick<Config, 'accountsById' | 'compiledSilences'>,
  now: number,
): CompiledSilence | undefined => {
  if (config.compiledSilences.length === 0) return undefined;
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
      config.compiledSilences,
      now,
    );
    if (silence === undefined) return undefined;
    if (first === undefined || silence.endsAt < first.endsAt) first = silence;
  }
  return first;
};
