import type { Matchers } from '../config/schema.js';
import type { Subject } from './subject.js';

/** The outcome of matching: whether it matched, and the condition that decided it (for `explain`). */
export type MatchResult = { readonly matched: boolean; readonly why: string };

/** Config matchers compiled once, when the config is loaded: see {@link compileMatchers}. */
export type SubjectMatcher = (subject: Subject) => MatchResult;

/** What each list matcher reads of a subject: one value, several (municipalities, flags), or none. */
const FIELDS = {
  source: (subject: Subject) => subject.source,
  category: (subject: Subject) => subject.category,
  account: (subject: Subject) => subject.accountId,
  asp: (subject: Subject) => subject.account?.asp,
  municipality: (subject: Subject) => subject.account?.municipalities,
  region: (subject: Subject) => subject.region,
  severity: (subject: Subject) => subject.severity,
  environment: (subject: Subject) => subject.account?.environment || undefined,
  flag: (subject: Subject) => subject.flags,
} satisfies Record<
  Exclude<keyof Matchers, 'type'>,
  (subject: Subject) => string | readonly string[] | undefined
>;

type Check = {
  readonly name: string;
  readonly read: (subject: Subject) => string | readonly string[] | undefined;
  readonly wanted: readonly string[];
  readonly alternatives: string;
};

/** The first value read that the matcher wants, or `undefined`. */
const wantedValue = (
  actual: string | readonly string[] | undefined,
  wanted: readonly string[],
): string | undefined => {
  if (typeof actual !== 'string') return actual?.find((value) => wanted.includes(value));
  return wanted.includes(actual) ? actual : undefined;
};

const listed = (actual: string | readonly string[] | undefined): string =>
  (typeof actual === 'string' ? actual : actual?.join(',')) || '(none)';

/**
 * Compiles config matchers into a function of the subject: every given matcher must hold (AND); a list matches
 * when any of its values does (OR). An empty matcher set matches everything. Compiled once per config, because
 * every alert is matched against every route and silence.
 */
export const compileMatchers = (matchers: Matchers): SubjectMatcher => {
  const checks: Check[] = [];
  for (const [name, read] of Object.entries(FIELDS)) {
    const wanted = matchers[name as keyof typeof FIELDS];
    if (wanted !== undefined) checks.push({ name, read, wanted, alternatives: wanted.join('|') });
  }
  const types = matchers.type?.map((glob) => ({ glob, pattern: globPattern(glob) }));
  const typeAlternatives = matchers.type?.join('|');
  return (subject) => {
    const held: string[] = [];
    for (const { name, read, wanted, alternatives } of checks) {
      const actual = read(subject);
      const value = wantedValue(actual, wanted);
      if (value === undefined)
        return { matched: false, why: `${name} ${listed(actual)} is not ${alternatives}` };
      held.push(`${name}=${value}`);
    }
    if (types !== undefined) {
      const type = types.find(({ pattern }) => pattern.test(subject.type));
      if (type === undefined)
        return { matched: false, why: `type ${subject.type} is not ${typeAlternatives}` };
      held.push(`type~${type.glob}`);
    }
    return { matched: true, why: held.length === 0 ? 'matches everything' : held.join(', ') };
  };
};

/** `*` is any run of characters, `?` one character; everything else is literal (a type has `:` and `/`). */
const globPattern = (glob: string): RegExp => {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
};

export const globMatches = (glob: string, value: string): boolean => globPattern(glob).test(value);
