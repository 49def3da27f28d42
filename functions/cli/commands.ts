import { parseArgs } from 'node:util';

/** One option of a command: its type, the placeholder of its value, and its line in the command's help. */
type OptionSpec = {
  readonly type: 'string' | 'boolean';
  readonly value?: string;
  readonly help: string;
};

/** A command of the CLI (DESIGN §9): how it is called, what it does, the options it takes. */
export type CommandSpec = {
  readonly name: string;
  readonly synopsis: string;
  /** One line for the list of commands. */
  readonly summary: string;
  /** The paragraph of its own help. */
  readonly description: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly examples: readonly string[];
};

const CONFIG: OptionSpec = {
  type: 'string',
  value: 'FILE',
  help: 'the registry (default: $ALERT_ROUTER_CONFIG, else events/config.example.yaml)',
};
const STORE_OPTIONS: Record<string, OptionSpec> = {
  state: {
    type: 'string',
    value: 'FILE',
    help: 'incidents kept in this JSON file (what replay --state wrote)',
  },
  store: {
    type: 'string',
    value: 'KIND',
    help: 'memory (default) or dynamodb: incidents in a DynamoDB table, with --table and --endpoint',
  },
  table: { type: 'string', value: 'NAME', help: 'with --store dynamodb: the table' },
  endpoint: {
    type: 'string',
    value: 'URL',
    help: 'with --store dynamodb: e.g. DynamoDB Local, http://localhost:8000 (creates the table)',
  },
  region: {
    type: 'string',
    value: 'REGION',
    help: 'with --store dynamodb: the region (default ap-northeast-1)',
  },
};

const operatorCommand = (name: 'ack' | 'resolve', description: string): CommandSpec => ({
  name,
  synopsis: `alert-router ${name} INCIDENT [--by NAME] (--state FILE | --store dynamodb --table NAME [--endpoint URL])`,
  summary:
    name === 'ack'
      ? 'Acknowledges an incident (stops its escalation) in a state file or DynamoDB table.'
      : 'Resolves an incident (tells everyone who was told) in a state file or DynamoDB table.',
  description,
  options: {
    by: { type: 'string', value: 'NAME', help: 'who did it (default: $USER)' },
    config: CONFIG,
    ...STORE_OPTIONS,
  },
  examples: [`alert-router ${name} INC-1f690f27298f-1 --by sato --state /tmp/incidents.json`],
});

/** `share` and `update` (DESIGN §9, §12): the team's communications with the municipalities. */
const communicationCommand = (name: 'share' | 'update'): CommandSpec => ({
  name,
  synopsis:
    name === 'share'
      ? 'alert-router share INCIDENT --by WHO [--message TEXT] [--leak none|unknown|confirmed] [--next DURATION] (--state FILE | --store dynamodb …)'
      : 'alert-router update INCIDENT --by WHO --message TEXT [--leak none|unknown|confirmed] [--next DURATION] (--state FILE | --store dynamodb …)',
  summary:
    name === 'share'
      ? 'Shares a security or compliance incident with the municipalities of its accounts (第1報).'
      : 'Sends the team’s own words as the next numbered report to every municipality already told.',
  description:
    name === 'share'
      ? 'Shares a security or compliance incident with the municipalities that use its accounts, as a plain-Japanese\n' +
        'notice (第1報・情報共有) with your message, what is known of a data leak and when the next report comes.\n' +
        'Sharing is the team’s decision, never automatic; only team members may share (an ASP or municipality id as\n' +
        '--by is refused). The notifications are printed, not sent (the CLI has no channels).'
      : 'Sends your message as the next numbered report (第N報) to every municipality already told of the incident\n' +
        '(an outage notice or a share), promising the next one after --next (default: municipalityUpdates.nextReport,\n' +
        '60m). Only team members may post updates. The notifications are printed, not sent (the CLI has no\n' +
        'channels).',
  options: {
    by: { type: 'string', value: 'WHO', help: 'the team member who decided it (required)' },
    message: {
      type: 'string',
      value: 'TEXT',
      help:
        name === 'share' ? 'what the municipality should know (optional)' : 'the report’s text (required)',
    },
    leak: {
      type: 'string',
      value: 'none|unknown|confirmed',
      help:
        name === 'share'
          ? 'what is known of a data leak (default unknown: 調査中)'
          : 'for a shared security incident: what is now known of a data leak (default: as last said)',
    },
    next: { type: 'string', value: 'DURATION', help: 'when the next report is promised (default 60m)' },
    config: CONFIG,
    ...STORE_OPTIONS,
  },
  examples: [
    name === 'share'
      ? 'alert-router share INC-3f18e135c979-1 --by sato --message "外部から接続できる設定を閉じました" --leak none --state /tmp/incidents.json'
      : 'alert-router update INC-2545c36dd71b-1 --by sato --message "一部の窓口端末で処理が遅れています" --next 30m --state /tmp/incidents.json',
  ],
});

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'explain',
    synopsis: 'alert-router explain [--config FILE] [--json] PATH...',
    summary: 'For each alert in each event file or folder: severity, owner, who would be told, and why.',
    description:
      'For each alert in each event file or folder (folders are read recursively, *.json only; a file holds one\n' +
      'event or a JSON array of events): its severity, owner, who would be told, whether it escalates, its flags\n' +
      'and every reason. Each alert is judged on its own, as if nothing came before: a resolved alert tells nobody.',
    options: {
      config: CONFIG,
      json: {
        type: 'boolean',
        help: 'one JSON object per line: a decision, {"file","ignored"} or {"file","error"} (DESIGN §9)',
      },
    },
    examples: ['alert-router explain events/guardduty/', 'alert-router explain --json malformed-events/'],
  },
  {
    // Issue 14: what each channel's message looks like (functions/cli/preview-command.ts).
    name: 'preview',
    synopsis:
      'alert-router preview [--config FILE] [--json] [--receiver ID] [--channel email|sms|chatbot|slack|teams] PATH...',
    summary:
      'For each alert in each event file or folder: every message each receiver would get, per channel.',
    description:
      'For each alert in each event file or folder, judged on its own as explain judges it: every message each\n' +
      "receiver would get on each of its channels (the config's receivers.<id>.channels; email by default), exactly\n" +
      'as the router would send it: email subject and body, the SMS text, the Amazon Q custom notification, the\n' +
      'Slack Block Kit message, the Teams Adaptive Card envelope. Nothing is sent. A MEDIUM alert shows the digest\n' +
      'that would carry it; team pages show {{ackUrl}} where the runtime puts the signed acknowledge link.',
    options: {
      config: CONFIG,
      json: {
        type: 'boolean',
        help: 'one JSON line per message: {"file","receiver","channel","payload"}, or {"file","error"} (DESIGN §9)',
      },
      receiver: {
        type: 'string',
        value: 'ID',
        help: 'only the messages of this receiver (team level, ASP, municipality)',
      },
      channel: { type: 'string', value: 'C', help: 'only this channel: email, sms, chatbot, slack or teams' },
    },
    examples: [
      'alert-router preview events/guardduty/',
      'alert-router preview --receiver asp-a --channel slack --json events/securityhub/',
    ],
  },
  {
    name: 'replay',
    synopsis:
      'alert-router replay [--config FILE] [--json [--bodies] [--lifecycle]] [--until DURATION] [--state FILE | --store …] PATH...',
    summary: 'Runs the whole pipeline over events on a virtual clock and prints who was told what, when.',
    description:
      'Runs the whole pipeline (dedup, incidents, notifications, storm-control digests, escalation) over the events\n' +
      'in files and folders, in event-time order on a virtual clock, and prints who was told what, when. Nothing is\n' +
      'sent. Operator events (events/operator/) acknowledge and resolve on the way.',
    options: {
      config: CONFIG,
      json: {
        type: 'boolean',
        help: 'one JSON line per notification sent: at, incident, audience, receiver, kind, severity, …',
      },
      bodies: {
        type: 'boolean',
        help: 'with --json: each line also carries "body", the long (email) form as sent',
      },
      lifecycle: {
        type: 'boolean',
        help: 'with --json: also a line per lifecycle event put on the bus: at, detail-type, detail (in time order)',
      },
      until: {
        type: 'string',
        value: 'DURATION',
        help: 'run the clock this long past the last event (e.g. 2h), so unacknowledged pages escalate',
      },
      ...STORE_OPTIONS,
      state: {
        type: 'string',
        value: 'FILE',
        help: 'keep incidents in this JSON file between runs (ack/resolve read it with --state FILE)',
      },
    },
    examples: [
      'alert-router replay --until 2h events/',
      'alert-router replay --json --bodies events/health/ | head -1',
      'alert-router replay --json --lifecycle events/ | grep detail-type',
      'alert-router replay --store dynamodb --endpoint http://localhost:8000 --table incidents events/',
    ],
  },
  operatorCommand(
    'ack',
    'Acknowledges an incident, by its id (INC-…) or fingerprint: its escalation stops. The notifications it\n' +
      'causes are printed, not sent (the CLI has no channels). The incident must be in a store that outlives one\n' +
      'command: a --state file (e.g. what `replay --state FILE events/` wrote) or a DynamoDB table.',
  ),
  operatorCommand(
    'resolve',
    'Resolves an incident, by its id (INC-…) or fingerprint: everyone who was told gets the resolve. The\n' +
      'notifications it causes are printed, not sent (the CLI has no channels). The incident must be in a store\n' +
      'that outlives one command: a --state file (e.g. what `replay --state FILE events/` wrote) or a DynamoDB\n' +
      'table.',
  ),
  communicationCommand('share'),
  communicationCommand('update'),
  {
    name: 'incidents',
    synopsis:
      'alert-router incidents (list [--open] [--receiver ID] | show INCIDENT | reindex) [--json] (--state FILE | --store dynamodb …)',
    summary: 'Lists the incidents of a state file or DynamoDB table, or shows one with its timeline.',
    description:
      '`incidents list` lists the incidents of a store, newest first: id, state, severity, account, ASP, title.\n' +
      '`incidents show INCIDENT` shows one incident, by its id (INC-…, also an earlier episode) or fingerprint,\n' +
      'with its timeline: when each alert was received, who was notified of what on which channel, escalations,\n' +
      "acknowledgements and the resolve. Times are in the config's time zone (JST). The store is one that outlives\n" +
      'a command: a --state file (e.g. what `replay --state FILE events/` wrote) or a DynamoDB table.\n' +
      '`incidents reindex` rewrites the index entries of every incident in a DynamoDB table that are not what the\n' +
      'code and the registry say: run it once after an upgrade that adds an index, and after moving accounts to\n' +
      "another ASP, so the console's lists by ASP find their open incidents (docs/aws-runtime.md).",
    options: {
      open: { type: 'boolean', help: 'list: only incidents not resolved yet (open or acknowledged)' },
      receiver: { type: 'string', value: 'ID', help: 'list: only incidents this receiver was told of' },
      json: {
        type: 'boolean',
        help: 'list: one JSON line per incident; show: {"incident":{…},"timeline":[…]} (DESIGN §9)',
      },
      config: CONFIG,
      ...STORE_OPTIONS,
    },
    examples: [
      'alert-router incidents list --open --state /tmp/incidents.json',
      'alert-router incidents list --receiver asp-a --json --state /tmp/incidents.json',
      'alert-router incidents show INC-1f690f27298f-1 --state /tmp/incidents.json',
      'alert-router incidents reindex --store dynamodb --table alert-router-incidents',
    ],
  },
  // Issue 16: the monthly report (functions/cli/report-command.ts).
  {
    name: 'report',
    synopsis:
      'alert-router report (--month YYYY-MM | --fiscal-year YYYY) [--receiver ID|all] [--format html|csv|json|md] [--out DIR] (--state FILE | --store dynamodb …)',
    summary:
      'Writes the monthly report (月次報告) of the team, an ASP or a municipality, or a fiscal-year summary.',
    description:
      'Writes the monthly report of DESIGN §15 for one receiver from a state file or DynamoDB table (its month\n' +
      'index): counts by severity, source and system, every incident with its opened / first page / acknowledged /\n' +
      'resolved times (JST), outages with their duration, AWS scheduled changes, MTTA and MTTR (median, 90th\n' +
      'percentile, defined in the report), what was open at month end and the previous month. The team sees all,\n' +
      'an ASP only its own accounts, a municipality only what it was told. Without --out: one report on stdout\n' +
      '(default: the team, Markdown). With --out DIR: files RECEIVER-YYYY-MM.EXT for every receiver (or --receiver)\n' +
      'in every format (or --format). --fiscal-year 2026 sums April 2026 to March 2027 (年度). See docs/report.md.',
    options: {
      month: { type: 'string', value: 'YYYY-MM', help: 'the month, in the config time zone (JST)' },
      'fiscal-year': {
        type: 'string',
        value: 'YYYY',
        help: 'instead of --month: the fiscal year (年度) from April YYYY to March YYYY+1',
      },
      receiver: {
        type: 'string',
        value: 'ID',
        help: 'a team level, ASP or municipality id, or all with --out (default: the team; all with --out)',
      },
      format: {
        type: 'string',
        value: 'FORMAT',
        help: 'html, csv (Excel: UTF-8 BOM), json or md (default: md on stdout; all four with --out)',
      },
      out: {
        type: 'string',
        value: 'DIR',
        help: 'write files RECEIVER-YYYY-MM.EXT into DIR (made if missing)',
      },
      config: CONFIG,
      ...STORE_OPTIONS,
    },
    examples: [
      'alert-router report --month 2026-11 --state /tmp/incidents.json',
      'alert-router report --month 2026-11 --receiver city-aoba --format html --state /tmp/incidents.json > aoba.html',
      'alert-router report --month 2026-11 --out reports/ --state /tmp/incidents.json',
      'alert-router report --fiscal-year 2026 --receiver asp-a --format csv --state /tmp/incidents.json',
    ],
  },
  // Issue 15: the incident console (functions/cli/console-command.ts).
  {
    name: 'console',
    synopsis:
      'alert-router console [--port N] [--dev-login] [--config FILE] (--state FILE | --store dynamodb …)',
    summary: 'Serves the incident console (list, timeline, actions) on 127.0.0.1 over a store.',
    description:
      'Serves the incident console of DESIGN §14 on http://127.0.0.1:PORT/ over a state file or DynamoDB table:\n' +
      'open incidents with filters, each incident with its timeline, resolved incidents of a month, and the\n' +
      'actions (ack, resolve, share, update) through the same step as the CLI. With --dev-login, GET\n' +
      '/dev-login?as=RECEIVER signs in as that receiver (team level, ASP or municipality id) instead of Cognito.\n' +
      'Actions write the store (a --state file is saved) and print the notifications instead of sending them.\n' +
      'Stop it with Ctrl-C.',
    options: {
      port: { type: 'string', value: 'N', help: 'the port on 127.0.0.1 (default 8787; 0 picks a free one)' },
      'dev-login': {
        type: 'boolean',
        help: 'sign in as any receiver with /dev-login?as=RECEIVER (local use only)',
      },
      config: CONFIG,
      ...STORE_OPTIONS,
    },
    examples: [
      'alert-router replay --state /tmp/incidents.json --until 2h events/',
      'alert-router console --dev-login --state /tmp/incidents.json',
    ],
  },
  {
    name: 'validate-config',
    synopsis: 'alert-router validate-config FILE',
    summary: 'Checks a config file; prints every problem as "path: reason".',
    description:
      'Checks a config file (YAML, or JSON by its .json name) against DESIGN §10 and prints a one-line summary,\n' +
      'or every problem as "FILE: path: reason" on stderr (exit status 2, like a bad config anywhere).',
    options: {},
    examples: ['alert-router validate-config events/config.example.yaml'],
  },
];

const HELP_OPTION = '  -h, --help';
const EXIT_STATUS =
  'Exit status: 0 ok; 1 some input was an error (the rest is still processed); 2 bad usage or a bad config.';

/** The help of one command: synopsis, what it does, each option, the exit status, examples. */
export const commandHelp = (command: CommandSpec): string => {
  const options: Array<readonly [flag: string, help: string]> = [
    ...Object.entries(command.options).map(
      ([name, option]) => [`  --${name}${option.value ? ` ${option.value}` : ''}`, option.help] as const,
    ),
    [HELP_OPTION, 'this text'],
  ];
  const width = Math.max(...options.map(([flag]) => flag.length)) + 2;
  return [
    `Usage: ${command.synopsis}`,
    '',
    command.description,
    '',
    'Options:',
    ...options.map(([flag, help]) => `${flag.padEnd(width)}${help}`),
    '',
    EXIT_STATUS,
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
};

/** The overview: every command in one line or two. */
export const overviewHelp = (): string =>
  [
    'alert-router — routes AWS security and health events to the team, the ASP and the municipality',
    '',
    'Usage:',
    ...COMMANDS.flatMap((command) => [`  ${command.synopsis}`, `      ${command.summary}`]),
    '',
    "Run 'alert-router COMMAND --help' for a command's options.",
    EXIT_STATUS,
    '',
  ].join('\n');

/** What a command line says: ask for help, a usage problem, or the options and operands to run with. */
export type CommandLine =
  | { readonly kind: 'help' }
  | { readonly kind: 'problem'; readonly message: string }
  | {
      readonly kind: 'run';
      readonly values: Readonly<Record<string, string | boolean | undefined>>;
      readonly positionals: readonly string[];
    };

/**
 * Reads a command's arguments against its own options. `--help`/`-h` anywhere wins. An unknown option is a
 * problem that names the closest option (`did you mean --json?`) or the command that takes it; a string option
 * needs a value, a boolean takes none.
 */
export const readCommandLine = (command: CommandSpec, args: readonly string[]): CommandLine => {
  const { tokens, positionals } = parseArgs({
    args: [...args],
    options: {
      ...Object.fromEntries(
        Object.entries(command.options).map(([name, option]) => [name, { type: option.type }]),
      ),
      help: { type: 'boolean', short: 'h' },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const options = tokens.filter((token) => token.kind === 'option');
  if (options.some((token) => token.name === 'help')) return { kind: 'help' };
  const values: Record<string, string | boolean | undefined> = {};
  for (const token of options) {
    const spec = command.options[token.name];
    if (spec === undefined) return { kind: 'problem', message: unknownOption(command, token.rawName) };
    if (spec.type === 'boolean') {
      if (token.value !== undefined) return { kind: 'problem', message: `${token.rawName} takes no value` };
      values[token.name] = true;
      continue;
    }
    // `--config --json`: the next option is not a value (a value that starts with - is written --config=-x).
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))
      return { kind: 'problem', message: `${token.rawName} needs a value: ${token.rawName} ${spec.value}` };
    values[token.name] = token.value;
  }
  return { kind: 'run', values, positionals };
};

const unknownOption = (command: CommandSpec, raw: string): string => {
  const name = raw.replace(/^-+/, '');
  if (raw.startsWith('--')) {
    const elsewhere = COMMANDS.filter((other) => other.options[name] !== undefined).map(
      (other) => other.name,
    );
    if (elsewhere.length > 0)
      return `${raw} is not an option of ${command.name}; it goes with ${listed(elsewhere)}`;
  }
  const close = closest(name, [...Object.keys(command.options), 'help']);
  return `unknown option ${raw}${close ? `; did you mean --${close}?` : ''}`;
};

const listed = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** The command for a name, or a usage problem naming the closest one. */
export const findCommand = (name: string): CommandSpec | string => {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command) return command;
  const close = closest(
    name,
    COMMANDS.map((candidate) => candidate.name),
  );
  return `unknown command "${name}"${close ? `; did you mean ${close}?` : ''}`;
};

/** The candidate within a small edit distance of `typed` (or that it starts), if exactly one is nearest. */
export const closest = (typed: string, candidates: readonly string[]): string | undefined => {
  const limit = Math.max(1, Math.min(2, Math.floor(typed.length / 3)));
  const scored = candidates
    .map((candidate) => ({
      candidate,
      distance: candidate.startsWith(typed) && typed.length >= 3 ? 0 : editDistance(typed, candidate),
    }))
    .filter((entry) => entry.distance <= limit)
    .sort((a, b) => a.distance - b.distance);
  const [best, second] = scored;
  return best && (second === undefined || second.distance > best.distance) ? best.candidate : undefined;
};

/** Levenshtein distance, with a swap of two neighbours counting one (`--josn`). */
export const editDistance = (a: string, b: string): number => {
  // One flat table of (a.length + 1) × (b.length + 1) cells; `cell(i, j)` is the distance of the prefixes.
  const width = b.length + 1;
  const table = new Array<number>((a.length + 1) * width).fill(0);
  const cell = (i: number, j: number): number => table[i * width + j] ?? 0;
  for (let i = 0; i <= a.length; i++) {
    for (let j = 0; j <= b.length; j++) {
      if (i === 0 || j === 0) {
        table[i * width + j] = i + j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(cell(i - 1, j) + 1, cell(i, j - 1) + 1, cell(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, cell(i - 2, j - 2) + 1);
      table[i * width + j] = best;
    }
  }
  return cell(a.length, b.length);
};
