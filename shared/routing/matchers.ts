import type { Matchers } from '../config/schema.js';
import type { Subject } from './subject.js';

/** The outcome of matching: whether it matched, and the condition that decided it (for `explain`). */
export type MatchResult = { readonly matched: boolean; readonly why: string };

/**
 * Matches a subject against config matchers: every given matcher must hold (AND); a list matches when any of
 * its values does (OR). An empty matcher set matches everything.
 */
export const matchSubject = (matchers: Matchers, subject: Subject): MatchResult => {
  const checks: Array<[string, readonly string[] | undefined, readonly string[]]> = [
    ['source', matchers.source, [subject.source]],
    ['category', matchers.category, [subject.category]],
    ['account', matchers.account, [subject.accountId]],
    ['asp', matchers.asp, subject.account ? [subject.account.asp] : []],
    ['municipality', matchers.municipality, subject.account?.municipalities ?? []],
    ['region', matchers.region, [subject.region]],
    ['severity', matchers.severity, [subject.severity]],
    ['environment', matchers.environment, subject.account?.environment ? [subject.account.environment] : []],
    ['flag', matchers.flag, subject.flags],
  ];
  const held: string[] = [];
  for (const [name, wanted, actual] of checks) {
    if (wanted === undefined) continue;
    if (!actual.some((value) => wanted.includes(value))) {
      return { matched: false, why: `${name} ${actual.join(',') || '(none)'} is not ${wanted.join('|')}` };
    }
    held.push(`${name}=${actual.find((value) => wanted.includes(value))}`);
  }
  if (matchers.type !== undefined) {
    const pattern = matchers.type.find((glob) => globMatches(glob, subject.type));
    if (pattern === undefined)
      return { matched: false, why: `type ${subject.type} is not ${matchers.type.join('|')}` };
    held.push(`type~${pattern}`);
  }
  return { matched: true, why: held.length === 0 ? 'matches everything' : held.join(', ') };
};

/** `*` is any run of characters, `?` one character; everything else is literal (a type has `:` and `/`). */
export const globMatches = (glob: string, value: string): boolean => {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
};
