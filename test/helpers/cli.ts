import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../functions/cli.js';

/** The project's root folder (where package.json and events/ are). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A project path as the CLI user types it: relative to where the command runs. */
export const fromRoot = (path: string): string => relative(process.cwd(), join(PROJECT_ROOT, path)) || '.';

/** What one run of the CLI returned and wrote. */
export type CliRun = { status: number; stdout: string; stderr: string };

/**
 * Runs the CLI in-process, as `alert-router ARGV…` would, with a capturing io and no environment (so
 * ALERT_ROUTER_CONFIG cannot leak in): the exit status and everything written to stdout and stderr.
 */
export const runCli = async (argv: readonly string[]): Promise<CliRun> => {
  let stdout = '';
  let stderr = '';
  const status = await main(
    argv,
    {
      stdout: {
        write: (text: string) => {
          stdout += text;
        },
      },
      stderr: {
        write: (text: string) => {
          stderr += text;
        },
      },
    },
    {},
  );
  return { status, stdout, stderr };
};

/** The non-empty lines of an output. */
export const outputLines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

/** An output of `--json`: each non-empty line parsed as one JSON object. */
export const jsonLines = <T>(text: string): T[] => outputLines(text).map((line) => JSON.parse(line) as T);

/**
 * The columns a line takes in a terminal: East Asian wide and fullwidth characters (kana, kanji, 【】, （）) take
 * two, everything else one. Written out here, apart from the CLI's own measure, so tests check it.
 */
export const columns = (line: string): number =>
  [...line].reduce(
    (sum, char) =>
      sum +
      (/[\u1100-\u115f\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        char,
      )
        ? 2
        : 1),
    0,
  );
