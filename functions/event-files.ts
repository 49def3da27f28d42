import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { ReplayInput } from '../shared/pipeline/replay.js';

/** One event read from disk, or the reason it could not be read; `index` is its position in a JSON array. */
export type EventInput = ReplayInput;

/**
 * Reads events from files and folders (folders recursively, `.json` files only, in path order). A file holds one
 * event or a JSON array of events. A file that cannot be read or parsed becomes one error input; the others are
 * still read.
 */
export const readEventInputs = (paths: readonly string[]): EventInput[] =>
  paths
    .flatMap((path) => expand(path))
    .flatMap((entry) => ('error' in entry ? [entry] : readFile(entry.file)));

const expand = (path: string): Array<{ file: string } | { file: string; error: string }> => {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch (error) {
    return [{ file: path, error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` }];
  }
  if (!stats.isDirectory()) return [{ file: path }];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return expand(child);
      return entry.name.toLowerCase().endsWith('.json') ? [{ file: child }] : [];
    });
};

const readFile = (file: string): EventInput[] => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return [{ file, error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` }];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [{ file, error: `not valid JSON: ${(error as Error).message}` }];
  }
  if (!Array.isArray(parsed)) return [{ file, event: parsed }];
  if (parsed.length === 0) return [{ file, error: 'the file holds an empty array: no event' }];
  return parsed.map((event, index) => ({ file, index, event }));
};
