import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDuration } from '../shared/config/duration.js';
import { readConfigFile } from '../shared/config/file.js';
import type { Config } from '../shared/config/registry.js';
import { ConfigInvalidError } from '../shared/errors.js';
import { explainCommand } from './cli/explain-command.js';
import type { Io } from './cli/io.js';
import { operatorCommand } from './cli/operator-command.js';
import { replayCommand } from './cli/replay-command.js';
import { storeChoice } from './cli/store-option.js';

const USAGE = `alert-router — routes AWS security and health events to the team, the ASP and the municipality

Usage:
  alert-router explain [--config FILE] [--json] PATH...
      For each alert in each event file or folder: severity, owner, who would be told, and why.
  alert-router replay [--config FILE] [--json] [--until DURATION] [--state FILE] PATH...
      Runs the whole pipeline over the events in event-time order on a virtual clock and prints who was
      told what, when (dedup, escalations, resolves). --until runs the clock past the last event (e.g. 2h)
      so unacknowledged pages escalate; --state keeps incidents in a JSON file between runs;
      --store dynamodb --table NAME --endpoint URL replays into a DynamoDB table (DynamoDB Local:
      the table is created if missing), e.g. an EventBridge archive into a local table.
  alert-router ack|resolve INCIDENT [--by NAME] [--state FILE | --store dynamodb --table NAME [--endpoint URL]]
      Acknowledges (stops paging) or resolves (tells everyone who was told) an incident, by its id
      (INC-…) or fingerprint. The notifications it causes are printed, not sent.
  alert-router validate-config FILE
      Checks a config file; prints every problem as "path: reason".

Options:
  --config FILE   the registry (default: $ALERT_ROUTER_CONFIG, else events/config.example.yaml)
  --json          one JSON object per line
  --store KIND    memory (default) or dynamodb; with dynamodb: --table NAME, --endpoint URL, --region
  -h, --help      this text

Exit status: 0 ok, 1 some input was an error, 2 bad usage or config.
`;

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
      const store = storeChoice(args.values);
      if (typeof store === 'string') return usageError(store, io);
      const config = loadConfig(args.values.config ?? env.ALERT_ROUTER_CONFIG, io);
      if (config === undefined) return 2;
      return replayCommand(args.positionals, config, { json: args.values.json === true, untilMs, store }, io);
    }
    case 'ack':
    case 'resolve': {
      const [incident, ...extra] = args.positionals;
      if (incident === undefined || extra.length > 0)
        return usageError(`${command} takes exactly one INCIDENT`, io);
      const store = storeChoice(args.values);
      if (typeof store === 'string') return usageError(store, io);
      const config = loadConfig(args.values.config ?? env.ALERT_ROUTER_CONFIG, io);
      if (config === undefined) return 2;
      const by = args.values.by ?? env.USER ?? 'operator';
      return operatorCommand(command, incident, by, config, store, { now: () => Date.now() }, io);
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
      store: { type: 'string' },
      table: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      by: { type: 'string' },
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
