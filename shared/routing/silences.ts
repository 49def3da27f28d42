import type { SilenceConfig } from '../config/schema.js';
import { matchSubject } from './matchers.js';
import type { Subject } from './subject.js';

/** The first silence or maintenance window that covers the subject at `now` (start inclusive, end exclusive). */
export const activeSilence = (
  subject: Subject,
  silences: readonly SilenceConfig[],
  now: number,
): { readonly name: string; readonly endsAt: number } | undefined => {
  for (const [index, silence] of silences.entries()) {
    if (now < silence.startsAt || now >= silence.endsAt) continue;
    if (matchSubject(silence.match, subject).matched)
      return { name: silence.name ?? `silences[${index}]`, endsAt: silence.endsAt };
  }
  return undefined;
};
