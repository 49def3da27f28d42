import type { Config } from '../../shared/config/registry.js';
import { EnvelopeInvalidError } from '../../shared/errors.js';
import { type Explanation, explainEvent } from '../../shared/pipeline/explain.js';
import { type EventInput, readEventInputs } from '../event-files.js';
import type { Io } from './io.js';

/** One line of `explain` output (DESIGN §9): an alert's decision, an ignored event, or an error. */
type ExplainLine =
  | ({ readonly file: string; readonly index?: number } & Omit<
      Extract<Explanation, { kind: 'alert' }>,
      'kind' | 'alert'
    >)
  | { readonly file: string; readonly index?: number; readonly ignored: string }
  | { readonly file: string; readonly index?: number; readonly error: string };

/** Explains every event in `paths`; returns the exit status (1 when any input was an error). */
export const explainCommand = (paths: readonly string[], config: Config, json: boolean, io: Io): number => {
  const lines = readEventInputs(paths).flatMap((input) => explainInput(input, config));
  for (const line of lines) io.stdout.write(json ? `${JSON.stringify(line)}\n` : formatLine(line));
  if (!json) io.stdout.write(formatSummary(lines));
  return lines.some((line) => 'error' in line) ? 1 : 0;
};

const explainInput = (input: EventInput, config: Config): ExplainLine[] => {
  const where = input.index === undefined ? { file: input.file } : { file: input.file, index: input.index };
  if ('error' in input) return [{ ...where, error: input.error }];
  try {
    return explainEvent(input.event, config).map((explanation) => {
      if (explanation.kind === 'ignored') return { ...where, ignored: explanation.reason };
      const { kind: _kind, alert: _alert, ...decision } = explanation;
      return { ...where, ...decision };
    });
  } catch (error) {
    if (error instanceof EnvelopeInvalidError)
      return [{ ...where, error: `invalid event: ${error.message}` }];
    // A bug must not hide the other files' answers: report it as this input's error, with its message.
    return [{ ...where, error: `internal error: ${(error as Error).message}` }];
  }
};

const label = (line: ExplainLine): string =>
  line.index === undefined ? line.file : `${line.file}[${line.index}]`;

const formatLine = (line: ExplainLine): string => {
  if ('error' in line) return `${label(line)}\n  ERROR    ${line.error}\n\n`;
  if ('ignored' in line) return `${label(line)}\n  ignored  ${line.ignored}\n\n`;
  const told =
    line.notify.length === 0
      ? 'nobody (recorded)'
      : line.notify.map((t) => `${t.receiver} (${t.audience})`).join(', ');
  return [
    label(line),
    `  ${line.severity.padEnd(13)} ${line.status.padEnd(8)} ${line.source.padEnd(11)} ${line.category.padEnd(11)} account ${line.accountId}`,
    `  owner    ${line.owner}${line.escalates ? '   escalates' : ''}${line.flags.length > 0 ? `   flags: ${line.flags.join(', ')}` : ''}`,
    `  notify   ${told}`,
    `  key      ${line.fingerprint}`,
    ...line.reasons.map((reason) => `    - ${reason}`),
    '',
    '',
  ].join('\n');
};

const formatSummary = (lines: readonly ExplainLine[]): string => {
  const alerts = lines.filter((line) => 'fingerprint' in line).length;
  const ignored = lines.filter((line) => 'ignored' in line).length;
  const errors = lines.filter((line) => 'error' in line).length;
  return `${count(alerts, 'alert')}, ${ignored} ignored, ${count(errors, 'error')}\n`;
};

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
