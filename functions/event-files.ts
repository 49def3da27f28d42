import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { jsonSyntaxReason } from '../shared/json-syntax.js';
import type { ReplayInput } from '../shared/pipeline/replay.js';
import { fileProblem } from './file-problem.js';

/** One event read from disk, or the reason it could not be read; `index` is its position in a JSON array. */
export type EventInput = ReplayInput;

/** The error of a folder the user named that holds no event file: nothing to do is a mistake, not 0 alerts. */
export const NO_EVENT_FILES = 'no event files (*.json) in this folder';

/**
 * Reads events from files and folders (folders recursively, `.json` files only, in path order). A file holds one
 * event or a JSON array of events. A file that cannot be read or parsed, or a named folder with no `.json` file,
 * becomes one error input; the others are still read.
 */
export const readEventInputs = (paths: readonly string[]): EventInput[] =>
  paths
    .flatMap((path) => {
      const found = expand(path);
      return found.length === 0 ? [{ file: path, error: NO_EVENT_FILES }] : found;
    })
    .flatMap((entry) => ('error' in entry ? [entry] : readFile(entry.file)));

const expand = (path: string): Array<{ file: string } | { file: string; error: string }> => {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch (error) {
    return [{ file: path, error: fileProblem(error) }];
  }
  if (!stats.isDirectory()) return [{ file: path }];
  let entries: Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (error) {
    return [{ file: path, error: fileProblem(error) }];
  }
  return entries
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
    // A byte order mark (some Windows editors write one) is not part of the JSON.
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    return [{ file, error: fileProblem(error) }];
  }
  if (text.trim() === '') return [{ file, error: 'the file is empty: no event' }];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [{ file, error: jsonSyntaxReason(text, error) }];
  }
  if (!Array.isArray(parsed)) return [{ file, event: parsed }];
  if (parsed.length === 0) return [{ file, error: 'the file holds an empty array: no event' }];
  return parsed.map((event, index) => ({ file, index, event }));
};
