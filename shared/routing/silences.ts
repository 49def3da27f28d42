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
