import type { Language } from '../config/schema.js';
import type { Owner } from '../model.js';
import {
  type Candidate,
  candidateKeys,
  type FirstResponseInput,
  GENERIC_KEY,
  type MatchLevel,
} from './candidate-keys.js';
import { FIRST_RESPONSE_CATALOGUE } from './catalogue.js';
import type { FirstResponseEntry } from './schema.js';

/** The first-response section of a message, in the receiver's language. */
export type FirstResponse = {
  /** The catalogue entry used (`guardduty:UnauthorizedAccess:IAMUser`, `securityhub:control:S3.8`, `generic`). */
  readonly entryId: string;
  /** How specific the entry is: the alert's own type, its family, its service, its source, or the generic list. */
  readonly match: MatchLevel;
  readonly title: string;
  readonly meaning: string;
  readonly steps: readonly string[];
  readonly who: Owner;
  readonly docUrl: string;
};

type View = Omit<FirstResponse, 'match'>;

type Indexed = { readonly ja: View; readonly en: View };

const viewOf = (entry: FirstResponseEntry, language: Language): View =>
  Object.freeze({
    entryId: entry.id,
    title: entry.title[language],
    meaning: entry.meaning[language],
    steps: Object.freeze(entry.steps.map((step) => step[language])),
    who: entry.who,
    docUrl: entry.docUrl,
  });

/** Keys compare without case: `AutoScaling.1` and `Autoscaling.5` are the same service to AWS and to us. */
const normalized = (key: string): string => key.toLowerCase();

/**
 * Builds the lookup table once: every entry's id and `also` keys, each language's text already picked, so the hot
 * path only derives a handful of keys and reads a map. A key claimed twice is a catalogue bug, refused here.
 */
export const indexCatalogue = (entries: readonly FirstResponseEntry[]): ReadonlyMap<string, Indexed> => {
  const index = new Map<string, Indexed>();
  for (const entry of entries) {
    const indexed: Indexed = { ja: viewOf(entry, 'ja'), en: viewOf(entry, 'en') };
    for (const key of [entry.id, ...(entry.also ?? [])]) {
      const at = normalized(key);
      const taken = index.get(at);
      if (taken) {
        throw new Error(
          `first-response catalogue: key "${key}" of ${entry.id} is already ${taken.en.entryId}'s`,
        );
      }
      index.set(at, indexed);
    }
  }
  if (!index.has(GENERIC_KEY)) throw new Error('first-response catalogue: the "generic" entry is missing');
  return index;
};

const INDEX = indexCatalogue(FIRST_RESPONSE_CATALOGUE);

const answer = (view: View, match: MatchLevel): FirstResponse => ({
  entryId: view.entryId,
  match,
  title: view.title,
  meaning: view.meaning,
  steps: view.steps,
  who: view.who,
  docUrl: view.docUrl,
});

const resolve = (candidates: readonly Candidate[], language: Language): FirstResponse => {
  for (const { key, level } of candidates) {
    const found = INDEX.get(normalized(key));
    if (found) return answer(found[language], level);
  }
  // `candidateKeys` always ends with the generic key, and the index always holds it.
  return answer((INDEX.get(GENERIC_KEY) as Indexed)[language], 'generic');
};

/**
 * The first steps (初動対応) for an alert, in the receiver's language: the most specific catalogue entry for its
 * type, else its family (GuardDuty threat purpose and resource type, Inspector kind), its service (a Security Hub
 * control's prefix), its source, and finally the generic list. Never nothing; pure and synchronous.
 *
 * @example
 * firstResponse({ source: 'securityhub', type: 'Software and Configuration Checks/…', resource: 'arn:aws:s3:::b',
 *   fingerprint: 'control:111111111111:ap-northeast-1:S3.8:arn:aws:s3:::b' }, 'ja').entryId
 * // → 'securityhub:control:S3.8'
 */
export const firstResponse = (input: FirstResponseInput, language: Language): FirstResponse =>
  resolve(candidateKeys(input), language);
