import type * as z from 'zod/mini';
import type { Problem } from './errors.js';

/** Renders a zod path as operators write it: `accounts[2].asp`, `detail.findings[0].Id`. */
export const formatPath = (path: readonly PropertyKey[], prefix = ''): string =>
  path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, prefix);

/** Turns zod issues into one problem each, named by path; unions report their closest branch. */
export const zodProblems = (error: z.core.$ZodError, prefix = ''): Problem[] =>
  error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key], prefix), reason: 'unknown field' }))
      : [{ path: formatPath(issue.path, prefix), reason: issue.message }],
  );
