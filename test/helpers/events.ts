import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The project's sample events (`events/`), the fixtures every test reads. */
export const EVENTS_DIR = fileURLToPath(new URL('../../events/', import.meta.url));

/** Reads one sample file as JSON: `loadEvent('guardduty/high-credential-exfiltration.json')`. */
export const loadEvent = (relativePath: string): unknown =>
  JSON.parse(readFileSync(new URL(relativePath, `file://${EVENTS_DIR}`), 'utf8'));

/** The editable deep copy of a sample that `withChanges` hands to a change. */
export type EventCopy = Record<string, any>;

/** A sample with some fields replaced, for variants the folder does not hold (a deep clone, never shared). */
export const withChanges = (event: unknown, change: (copy: EventCopy) => void): unknown => {
  const copy = structuredClone(event) as EventCopy;
  change(copy);
  return copy;
};
