import { existsSync, readFileSync } from 'node:fs';
import { CHANNEL_NAMES, type ChannelName } from '../shared/config/channels.js';
import { parseDuration } from '../shared/config/duration.js';
import { configFormat, parseConfig } from '../shared/config/load.js';
import type { Config } from '../shared/config/registry.js';
import { ConfigInvalidError } from '../shared/errors.js';
import { LEAK_KNOWN, type LeakKnown } from '../shared/incident.js';
import { type CommandSpec, commandHelp, findCommand, overviewHelp, readCommandLine } from './cli/commands.js';
import { consoleCommand } from './cli/console-command.js';
import { explainCommand } from './cli/explain-command.js';
import { listIncidentsCommand, reindexCommand, showIncidentCommand } from './cli/incidents-command.js';
import type { Io } from './cli/io.js';
import { operatorCommand } from './cli/operator-command.js';
import { previewCommand } from './cli/preview-command.js';
import { replayCommand } from './cli/replay-command.js';
import { reportCommand, reportRequest } from './cli/report-command.js';
import { openStore, type StoreChoice, storeChoice } from './cli/store-option.js';
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
    case 'preview': {
      // Issue 14: every message per receiver and channel (functions/cli/preview-command.ts).
      if (positionals.length === 0) return usageError(command, 'needs at least one file or folder', io);
      const channel = text('channel');
      if (channel !== undefined && !(CHANNEL_NAMES as readonly string[]).includes(channel))
        return usageError(command, `--channel: "${channel}" is not ${CHANNEL_NAMES.join(', ')}`, io);
      const config = loadConfig(configPath(), io);
      if (config === undefined) return 2;
      const receiver = text('receiver');
      if (receiver !== undefined && !config.receiversById.has(receiver))
        return usageError(command, `--receiver: "${receiver}" is not a receiver of the config`, io);
      const filter = {
        ...(receiver !== undefined ? { receiver } : {}),
        ...(channel !== undefined ? { channel: channel as ChannelName } : {}),
      };
      return previewCommand(positionals, config, filter, values.json === true, io);
    }
    case 'replay': {
      if (positionals.length === 0) return usageError(command, 'needs at least one file or folder', io);
      if (values.bodies === true && values.json !== true)
        return usageError(command, '--bodies goes with --json (the timeline shows subjects only)', io);
      if (values.lifecycle === true && values.json !== true)
        return usageError(
          command,
          '--lifecycle goes with --json (the timeline shows notifications only)',
          io,
        );
      const untilMs = parseDuration(text('until') ?? '0s');
      if (untilMs === undefined)
        return usageError(command, `--until: "${text('until')}" is not a duration such as 2h or 90m`, io);
      const store = storeChoice(storeValues());
      if (typeof store === 'string') return usageError(command, store, io);
      const config = loadConfig(configPath(), io);
      if (config === undefined) return 2;
      const options = {
        json: values.json === true,
        bodies: values.bodies === true,
        lifecycle: values.lifecycle === true,
        untilMs,
        store,
      };
      return replayCommand(positionals, config, options, io);
    }
    case 'incidents': {
      const [action, ...operands] = positionals;
      if (action !== 'list' && action !== 'show' && action !== 'reindex')
        return usageError(
          command,
          action === undefined ? 'needs list, show or reindex' : `"${action}" is not list, show or reindex`,
          io,
        );
      if (action !== 'show' && operands.length > 0)
        return usageError(
          command,
          `${action} takes no operand (got ${operands[0]}); show takes an INCIDENT`,
          io,
        );
      if (
        action === 'reindex' &&
        (values.open === true || values.receiver !== undefined || values.json === true)
      )
        return usageError(command, '--open, --receiver and --json go with incidents list', io);
      if (action === 'show' && operands.length !== 1)
        return usageError(command, 'show takes exactly one INCIDENT (an INC-… id or a fingerprint)', io);
      if (action === 'show' && (values.open === true || values.receiver !== undefined))
        return usageError(command, '--open and --receiver go with incidents list', io);
      const store = storedIncidents(storeValues());
      if (typeof store === 'string') return usageError(command, store, io);
      const config = loadConfig(configPath(), io);
      if (config === undefined) return 2;
      const incidents = await openStore(store, config);
      const json = values.json === true;
      if (action === 'show') return showIncidentCommand(operands[0] ?? '', json, incidents, config, io);
      if (action === 'reindex') return reindexCommand(incidents, io);
      const receiver = text('receiver');
      const filter = { ...(values.open === true ? { open: true } : {}), ...(receiver ? { receiver } : {}) };
      return listIncidentsCommand(filter, json, incidents, config, io);
    }
    case 'share':
    case 'update': {
      const [incident, ...extra] = positionals;
      if (incident === undefined || extra.length > 0)
        return usageError(command, 'takes exactly one INCIDENT (an INC-… id or a fingerprint)', io);
      const by = text('by');
      if (by === undefined || by.trim() === '')
        return usageError(command, '--by WHO is required: a share or update is on the record', io);
      const message = text('message');
      if (command.name === 'update' && (message === undefined || message.trim() === ''))
        return usageError(
          command,
          '--message TEXT is required: it is the report the municipalities read',
          io,
        );
      const leak = text('leak');
      if (leak !== undefined && !(LEAK_KNOWN as readonly string[]).includes(leak))
        return usageError(command, `--leak: "${leak}" is not none, unknown or confirmed`, io);
      const next = text('next');
      const nextMs = next === undefined ? undefined : parseDuration(next);
      if (next !== undefined && nextMs === undefined)
        return usageError(command, `--next: "${next}" is not a duration such as 60m`, io);
      const store = storedIncidents(storeValues());
      if (typeof store === 'string') return usageError(command, store, io);
      const config = loadConfig(configPath(), io);
      if (config === undefined) return 2;
      const said = { message, leak: leak as LeakKnown | undefined, nextMs };
      return operatorCommand(command.name, incident, by, config, store, { now: () => Date.now() }, io, said);
    }
    case 'report': {
      // Issue 16: the monthly report (functions/cli/report-command.ts).
      if (positionals.length > 0) return usageError(command, `takes no operand (got ${positionals[0]})`, io);
      const store = storedIncidents(storeValues());
      if (typeof store === 'string') return usageError(command, store, io);
      const config = loadConfig(configPath(), io);
      if (config === undefined) return 2;
      const request = reportRequest(
        {
          month: text('month'),
          fiscalYear: text('fiscal-year'),
          receiver: text('receiver'),
          format: text('format'),
          out: text('out'),
        },
        config,
      );
      if (typeof request === 'string') return usageError(command, request, io);
      return reportCommand(request, await openStore(store, config), config, io);
    }
    case 'console': {
      // Issue 15: the incident console (functions/cli/console-command.ts).
      if (positionals.length > 0) return usageError(command, `takes no operand (got ${positionals[0]})`, io);
      const port = Number(text('port') ?? '8787');
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        return usageError(command, `--port: "${text('port')}" is not a port number (0–65535)`, io);
      const store = storedIncidents(storeValues());
      if (typeof store === 'string') return usageError(command, store, io);
      const config = loadConfig(configPath(), io);
      if (config === undefined) return 2;
      const options = { port, devLogin: values['dev-login'] === true, store };
      return consoleCommand(options, config, { now: () => Date.now() }, io);
    }
    default: {
      // ack, resolve
      const action = command.name as 'ack' | 'resolve';
      const [incident, ...extra] = positionals;
      if (incident === undefined || extra.length > 0)
        return usageError(command, 'takes exactly one INCIDENT (an INC-… id or a fingerprint)', io);
      const store = storedIncidents(storeValues());
      if (typeof store === 'string') return usageError(command, store, io);
      const config = loadConfig(configPath(), io);
      if (config === undefined) return 2;
      const by = text('by') ?? env.USER ?? 'operator';
      return operatorCommand(action, incident, by, config, store, { now: () => Date.now() }, io);
    }
  }
};

/**
 * The store of a command that reads incidents a replay or the router wrote (ack, resolve, incidents), or a usage
 * problem: a fresh in-memory store holds nothing, so "no incident" would be true and useless.
 */
const storedIncidents = (values: Parameters<typeof storeChoice>[0]): StoreChoice | string => {
  const store = storeChoice(values);
  if (typeof store === 'string') return store;
  if (store.kind === 'memory' && store.stateFile === undefined)
    return (
      'needs the store that holds the incident: pass --state FILE (the file replay --state wrote) ' +
      'or --store dynamodb --table NAME [--endpoint URL]'
    );
  if (store.kind === 'memory' && store.stateFile !== undefined && !existsSync(store.stateFile))
    return `--state ${store.stateFile}: no such file (replay --state FILE writes it)`;
  return store;
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
