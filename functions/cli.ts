import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDuration } from '../shared/config/duration.js';
import { readConfigFile } from '../shared/config/file.js';
import type { Config } from '../shared/config/registry.js';
import { ConfigInvalidError } from '../shared/errors.js';
import { explainCommand } from './cli/explain-command.js';
import type { Io } from './cli/io.js';
import { replayCommand } from './cli/replay-command.js';

const USAGE = `alert-router — routes AWS security and health events to the team, the ASP and the municipality

Usage:
  alert-router explain [--config FILE] [--json] PATH...
      For each alert in each event file or folder: severity, owner, who would be told, and why.
  alert-router replay [--config FILE] [--json] [--until DURATION] [--state FILE] PATH...
      Runs the whole pipeline over the events in event-time order on a virtual clock and prints who was
      told what, when (dedup, escalations, resolves). --until runs the clock past the last event (e.g. 2h)
      so unacknowledged pages escalate; --state keeps incidents in a JSON file between runs.
  alert-router validate-config FILE
      Checks a config file; prints every problem as "path: reason".

Options:
  --config FILE   the registry (default: $ALERT_ROUTER_CONFIG, else events/config.example.yaml)
  --json          one JSON object per line
  -h, --help      this text

Exit status: 0 ok, 1 some input was an error, 2 bad usage or config.
`;

const DEFAULT_CONFIG = 'events/config.example.yaml';

/** Runs the CLI; returns the exit status instead of exiting, so tests can call it in-process. */
export const main = async (
  argv: readonly string[],
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> => {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  let args: ReturnType<typeof parse>;
  try {
    args = parse(rest);
  } catch (error) {
    io.stderr.write(`alert-router: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  switch (command) {
    case 'validate-config':
      return validateConfig(args.positionals, io);
    case 'explain': {
      if (args.positionals.length === 0) return usageError('explain needs at least one file or folder', io);
      const config = loadConfig(args.values.config ?? env.ALERT_ROUTER_CONFIG, io);
      if (config === undefined) return 2;
      return explainCommand(args.positionals, config, args.values.json === true, io);
    }
    case 'replay': {
      if (args.positionals.length === 0) return usageError('replay needs at least one file or folder', io);
      const untilMs = parseDuration(args.values.until ?? '0s');
      if (untilMs === undefined)
        return usageError(`--until: "${args.values.until}" is not a duration such as 2h or 90m`, io);
      const config = loadConfig(args.values.config ?? env.ALERT_ROUTER_CONFIG, io);
      if (config === undefined) return 2;
      return replayCommand(
        args.positionals,
        config,
        {
          json: args.values.json === true,
          untilMs,
          ...(args.values.state ? { stateFile: args.values.state } : {}),
        },
        io,
      );
    }
    default:
      return usageError(`unknown command "${command}"`, io);
  }
};

const parse = (rest: readonly string[]) =>
  parseArgs({
    args: [...rest],
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      json: { type: 'boolean' },
      until: { type: 'string' },
      state: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });

const usageError = (message: string, io: Io): number => {
  io.stderr.write(`alert-router: ${message}\n\n${USAGE}`);
  return 2;
};

const loadConfig = (given: string | undefined, io: Io): Config | undefined => {
  const path = given ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  if (path === undefined) {
    io.stderr.write(`alert-router: no config: pass --config FILE (or set ALERT_ROUTER_CONFIG)\n`);
    return undefined;
  }
  try {
    return readConfigFile(path);
  } catch (error) {
    if (!(error instanceof ConfigInvalidError)) throw error;
    for (const problem of error.problems) {
      io.stderr.write(`${path}: ${problem.path === '' ? '' : `${problem.path}: `}${problem.reason}\n`);
    }
    return undefined;
  }
};

const validateConfig = (positionals: readonly string[], io: Io): number => {
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) return usageError('validate-config takes exactly one FILE', io);
  const config = loadConfig(path, io);
  if (config === undefined) return 1;
  io.stdout.write(
    `${path}: OK — accounts: ${config.accounts.length}, ASPs: ${config.asps.length}, municipalities: ${config.municipalities.length}, ` +
      `team levels: ${config.team.levels.length}, routes: ${config.routes.length}, silences: ${config.silences.length}\n`,
  );
  return 0;
};
