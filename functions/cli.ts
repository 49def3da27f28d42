import { existsSync, readFileSync } from 'node:fs';
import { parseDuration } from '../shared/config/duration.js';
import { configFormat, parseConfig } from '../shared/config/load.js';
import type { Config } from '../shared/config/registry.js';
import { ConfigInvalidError } from '../shared/errors.js';
import { type CommandSpec, commandHelp, findCommand, overviewHelp, readCommandLine } from './cli/commands.js';
import { explainCommand } from './cli/explain-command.js';
import type { Io } from './cli/io.js';
import { operatorCommand } from './cli/operator-command.js';
import { replayCommand } from './cli/replay-command.js';
import { storeChoice } from './cli/store-option.js';
import { fileProblem } from './file-problem.js';

const DEFAULT_CONFIG = 'events/config.example.yaml';

/**
 * Runs the CLI; returns the exit status instead of exiting, so tests can call it in-process. A failure that
 * escapes a command (an unreachable DynamoDB endpoint, a bug) is one line on stderr and exit 2, never a bare
 * stack trace; `ALERT_ROUTER_DEBUG=1` adds the stack.
 */
export const main = async (
  argv: readonly string[],
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> => {
  try {
    return await run(argv, io, env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
    io.stderr.write(`alert-router: ${message}${cause && !message.includes(cause) ? ` (${cause})` : ''}\n`);
    if (env.ALERT_ROUTER_DEBUG) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return 2;
  }
};

const run = async (argv: readonly string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === '-h' || name === '--help') {
    io.stdout.write(overviewHelp());
    return 0;
  }
  if (name === 'help') {
    // `help COMMAND` is `COMMAND --help`; `help` alone is the overview.
    if (rest[0] === undefined) {
      io.stdout.write(overviewHelp());
      return 0;
    }
    return run([rest[0], '--help'], io, env);
  }
  if (name === undefined || name.startsWith('-')) {
    io.stderr.write(
      `alert-router: ${name === undefined ? 'no command given' : `a command comes first, before ${name}`}\n\n${overviewHelp()}`,
    );
    return 2;
  }
  const command = findCommand(name);
  if (typeof command === 'string') {
    io.stderr.write(`alert-router: ${command}\nRun 'alert-router --help' for the commands.\n`);
    return 2;
  }
  const line = readCommandLine(command, rest);
  if (line.kind === 'help') {
    io.stdout.write(commandHelp(command));
    return 0;
  }
  if (line.kind === 'problem') return usageError(command, line.message, io);
  const { values, positionals } = line;
  const text = (key: string) => values[key] as string | undefined;
  const configPath = () => text('config') ?? env.ALERT_ROUTER_CONFIG;
  const storeValues = () => {
    const given: Record<string, string> = {};
    for (const key of ['store', 'state', 'endpoint', 'table', 'region'] as const) {
      const value = text(key);
      if (value !== undefined) given[key] = value;
    }
    return given;
  };
  switch (command.name) {
    case 'validate-config':
      return validateConfig(command, positionals, io);
    case 'explain': {
      if (positionals.length === 0) return usageError(command, 'needs at least one file or folder', io);
      const config = loadConfig(configPath(), io);
      if (config === undefined) return 2;
      return explainCommand(positionals, config, values.json === true, io);
    }
    case 'replay': {
      if (positionals.length === 0) return usageError(command, 'needs at least one file or folder', io);
      if (values.bodies === true && values.json !== true)
        return usageError(command, '--bodies goes with --json (the timeline shows subjects only)', io);
      const untilMs = parseDuration(text('until') ?? '0s');
      if (untilMs === undefined)
        return usageError(command, `--until: "${text('until')}" is not a duration such as 2h or 90m`, io);
      const store = storeChoice(storeValues());
      if (typeof store === 'string') return usageError(command, store, io);
      const config = loadConfig(configPath(), io);
      if (config === undefined) return 2;
      const options = { json: values.json === true, bodies: values.bodies === true, untilMs, store };
      return replayCommand(positionals, config, options, io);
    }
    default: {
      // ack, resolve
      const action = command.name as 'ack' | 'resolve';
      const [incident, ...extra] = positionals;
      if (incident === undefined || extra.length > 0)
        return usageError(command, 'takes exactly one INCIDENT (an INC-… id or a fingerprint)', io);
      const store = storeChoice(storeValues());
      if (typeof store === 'string') return usageError(command, store, io);
      // A fresh in-memory store holds nothing: "no incident" would be true and useless.
      if (store.kind === 'memory' && store.stateFile === undefined)
        return usageError(
          command,
          'needs the store that holds the incident: pass --state FILE (the file replay --state wrote) ' +
            'or --store dynamodb --table NAME [--endpoint URL]',
          io,
        );
      if (store.kind === 'memory' && store.stateFile !== undefined && !existsSync(store.stateFile))
        return usageError(
          command,
          `--state ${store.stateFile}: no such file (replay --state FILE writes it)`,
          io,
        );
      const config = loadConfig(configPath(), io);
      if (config === undefined) return 2;
      const by = text('by') ?? env.USER ?? 'operator';
      return operatorCommand(action, incident, by, config, store, { now: () => Date.now() }, io);
    }
  }
};

/** Bad usage: the problem, the command's synopsis and where its help is, on stderr; exit status 2. */
const usageError = (command: CommandSpec, message: string, io: Io): number => {
  io.stderr.write(
    `alert-router ${command.name}: ${message}\nUsage: ${command.synopsis}\nRun 'alert-router ${command.name} --help' for more.\n`,
  );
  return 2;
};

/**
 * Reads and validates the config, or writes each problem as `FILE: path: reason` (or `FILE: what happened`) on
 * stderr and returns undefined: a bad config is exit status 2 everywhere (DESIGN §9).
 */
const loadConfig = (given: string | undefined, io: Io): Config | undefined => {
  const path = given ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  if (path === undefined) {
    io.stderr.write(`alert-router: no config: pass --config FILE (or set ALERT_ROUTER_CONFIG)\n`);
    return undefined;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    io.stderr.write(`${path}: ${fileProblem(error)}\n`);
    return undefined;
  }
  try {
    return parseConfig(text, configFormat(path));
  } catch (error) {
    if (!(error instanceof ConfigInvalidError)) throw error;
    for (const problem of error.problems) {
      io.stderr.write(`${path}: ${problem.path === '' ? '' : `${problem.path}: `}${problem.reason}\n`);
    }
    return undefined;
  }
};

const validateConfig = (command: CommandSpec, positionals: readonly string[], io: Io): number => {
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) return usageError(command, 'takes exactly one FILE', io);
  const config = loadConfig(path, io);
  if (config === undefined) return 2;
  io.stdout.write(
    `${path}: OK — accounts: ${config.accounts.length}, ASPs: ${config.asps.length}, municipalities: ${config.municipalities.length}, ` +
      `team levels: ${config.team.levels.length}, routes: ${config.routes.length}, silences: ${config.silences.length}\n`,
  );
  return 0;
};
