import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { assetFolders, type BundleResult, benchBundles } from './bundles.js';
import { benchConfig } from './config.js';
import { benchConsole, type ConsoleResult, consoleSection } from './console.js';
import { benchCore, type CoreResult } from './core.js';
import { type CostResult, costModel, PRICES } from './cost.js';
import { benchDynamo, type DynamoResult } from './dynamodb.js';
import { loadTemplates, SOURCES } from './events.js';
import type { PageResult } from './page.js';
import type { ReplayResult } from './replay.js';
import { benchScale, type ScaleResult, scaleSection } from './scale.js';
import { benchStorm, type StormResult } from './storm.js';

/**
 * `npm run bench [-- --skip-synth] [-- --quick]`: every figure of the performance issue in one run, printed as
 * tables and written to bench/results.json and bench/README.md (the "Performance" page the README links to).
 * Not part of `npm test`. Nothing here calls AWS: DynamoDB is DynamoDB Local, everything else is in memory.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** bench/README.md is written whole on every run: this title, then the section `report` renders. */
const BENCH_README_TITLE =
  '# Bench / 性能測定\n\nWritten by `npm run bench` (`bench/run.ts`); do not edit by hand. Back to the [README](../README.md).\n\n';
// The AWS SDK warns once that it will want Node 22 from 2027; it says nothing about these figures.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  const text = `${warning.name}: ${warning.message}`;
  if (!text.includes('NodeVersionSupportWarning')) process.stderr.write(`${text}\n`);
});
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const SKIP_SYNTH = args.has('--skip-synth');
const TOTAL_CORE_EVENTS = QUICK ? 14_000 : 100_002;
const REPLAY_EVENTS = QUICK ? 20_000 : 100_000;
const IMPORT_RUNS = QUICK ? 5 : 21;
const PAGE_RUNS = QUICK ? 3 : 11;

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const fmt = (value: number) => value.toLocaleString('en-US');

/** Section 2 runs in a fresh process with --expose-gc, so its memory figures are its own. */
const runReplayChild = (events: number): ReplayResult => {
  const output = execFileSync(
    process.execPath,
    ['--expose-gc', '--no-warnings', '--import', 'tsx', 'bench/replay-child.ts', String(events)],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 240_000 },
  );
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as ReplayResult;
};

/** Section 6 runs in a fresh process too: the stand-in that timestamps each page must not wait on this one's GC. */
const runPageChild = (routeFolder: string, runs: number): PageResult => {
  const output = execFileSync(
    process.execPath,
    ['--no-warnings', '--import', 'tsx', 'bench/page-child.ts', routeFolder, String(runs)],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 240_000 },
  );
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as PageResult;
};

const hubCounts = () => {
  const template = JSON.parse(readFileSync(`${ROOT}cdk.out/AlertRouterHub.template.json`, 'utf8')) as {
    Resources: Record<string, { Type: string }>;
  };
  const count = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type).length;
  return {
    alarms: count('AWS::CloudWatch::Alarm'),
    kmsKeys: count('AWS::KMS::Key'),
    secrets: count('AWS::SecretsManager::Secret'),
    dashboards: count('AWS::CloudWatch::Dashboard'),
  };
};

const table = (headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string =>
  [
    `| ${headers.join(' | ')} |`,
    // Columns of numbers (or amounts) align right, text left.
    `| ${headers
      .map((_, i) =>
        rows.every((row) => typeof row[i] === 'number' || /^[$\d*][\d.,$*×%() ]*$/.test(String(row[i])))
          ? '---:'
          : '---',
      )
      .join(' | ')} |`,
    ...rows.map(
      (row) => `| ${row.map((cell) => (typeof cell === 'number' ? fmt(cell) : cell)).join(' | ')} |`,
    ),
  ].join('\n');

const mark = (met: boolean | undefined) => (met === undefined ? '' : met ? 'met' : '**not met**');

type Results = {
  readonly generated: string;
  readonly machine: Readonly<Record<string, string | number>>;
  readonly seconds: number;
  readonly core: CoreResult;
  readonly replay: ReplayResult;
  readonly dynamodb: DynamoResult;
  readonly storm: StormResult;
  readonly bundles: BundleResult;
  readonly page: PageResult;
  readonly cost: CostResult;
  /** Section 8 (issue 17): the fixed cost of the 2,000-account hub from its synthesized resources. */
  readonly scale?: ScaleResult;
  readonly console: ConsoleResult;
};

/** Every target of the issue, measured. */
const summaryTargets = (r: Results) => {
  const route = r.bundles.functions.find((f) => f.function === 'route');
  const scenario = (name: string) => r.dynamodb.scenarios.find((s) => s.scenario === name);
  const created = scenario('new incident');
  const duplicate = scenario('duplicate');
  const update = scenario('update');
  const imports = r.bundles.functions.map((f) => `${f.function} ${f.importMedianMs} ms`).join(', ');
  const team = r.storm.perReceiver['team-oncall'] ?? 0;
  return [
    {
      target: 'core ≤ 3× JSON.parse',
      measured: `${round(r.core.mixed.ratioToParse)}× (${fmt(r.core.mixed.coreEventsPerSecond)} events/s)`,
      met: r.core.mixed.ratioToParse <= 3,
    },
    {
      target: 'new incident ≤ 2 requests, ≤ 10 WRU',
      measured: created
        ? `${created.reads} read + ${created.writes} write (+ ${created.markSent} markSent), ${created.writeUnits} WRU`
        : 'n/a',
      met: created?.met,
    },
    {
      target: 'update ≤ 6 WRU',
      measured: update ? `${update.writeUnits} WRU` : 'n/a',
      met: update?.met,
    },
    {
      target: 'duplicate 0 writes',
      measured: duplicate
        ? `${duplicate.writes + duplicate.markSent} writes, ${duplicate.reads} reads`
        : 'n/a',
      met: duplicate?.met,
    },
    {
      target: 'storm: ≤ 3 to the team, 0 lost',
      measured: `${team} to the team for ${fmt(r.storm.findings)} findings, ${r.storm.lostDeliveries} lost`,
      met: r.storm.met,
    },
    {
      target: 'route bundle ≤ 500 KB',
      measured: route ? `${route.kilobytes} KB` : 'n/a',
      met: route ? route.kilobytes <= 500 : undefined,
    },
    {
      target: 'import ≤ 80 ms',
      measured: `${imports} (the route's npm dependencies alone: ${r.bundles.floors.routeDependencies.importMedianMs} ms)`,
      met: r.bundles.functions.every((f) => f.importMedianMs <= f.targetImportMs),
    },
    {
      target: 'cold time to page (no target)',
      measured: `route ${r.page.route.medianMs} ms (p90 ${r.page.route.p90Ms} ms), a plain handler with the same clients ${r.page.floor.medianMs} ms (p90 ${r.page.floor.p90Ms} ms): +${r.page.differenceMedianMs} ms`,
      met: undefined,
    },
    {
      target: `replay of ${fmt(r.replay.events)} events`,
      measured: `${fmt(r.replay.eventsPerSecond)} events/s, peak RSS ${r.replay.memory.peakRssMB} MB`,
      met: undefined,
    },
    {
      target: `console page < ${r.console.targetMs} ms (${fmt(r.console.incidents)} open, p90)`,
      measured: r.console.pages
        .map((p) => `${p.page} ${p.viewerKind} ${p.p90Ms} ms${p.targeted ? '' : ' (no target)'}`)
        .join(', '),
      met: r.console.met,
    },
  ];
};

const report = (r: Results): string => {
  const core = table(
    [
      'source',
      'events',
      'alerts',
      'JSON.parse ev/s',
      'core ev/s',
      'µs/event',
      '× parse',
      'normalize µs',
      'decide µs',
      'record µs',
      'render µs',
    ],
    [...r.core.bySource, r.core.mixed].map((s) => [
      s.source === 'all' ? '**all (equal parts)**' : s.source,
      s.events,
      s.alerts,
      s.parseEventsPerSecond,
      s.coreEventsPerSecond,
      round(s.coreMicrosecondsPerEvent),
      `${round(s.ratioToParse)}×`,
      round(s.stageMicroseconds.normalize),
      round(s.stageMicroseconds.decide),
      round(s.stageMicroseconds.record),
      round(s.stageMicroseconds.render),
    ]),
  );
  const rp = r.replay;
  const replay = table(
    [
      'events',
      'accounts',
      'seconds',
      'events/s',
      'incidents',
      'notifications',
      'escalations',
      'peak RSS MB',
      'peak heap MB',
      'heap retained MB',
    ],
    [
      [
        rp.events,
        rp.accounts,
        rp.seconds,
        rp.eventsPerSecond,
        rp.incidents,
        rp.notifications,
        rp.escalations,
        rp.memory.peakRssMB,
        rp.memory.peakHeapMB,
        rp.memory.retainedHeapMB,
      ],
    ],
  );
  const dynamo = table(
    [
      'step',
      'what',
      'requests',
      'reads',
      'writes',
      'markSent (per publish)',
      'RRU',
      'WRU (of which indexes)',
      'Scheduler calls',
      'target',
    ],
    r.dynamodb.scenarios.map((s) => [
      s.scenario,
      s.what,
      Object.entries(s.requests)
        .map(([name, count]) => `${name} ${count}`)
        .join(', '),
      s.reads,
      s.writes,
      s.markSent,
      s.readUnits,
      `${s.writeUnits} (${s.writeUnitsIndexes})`,
      s.schedulerCalls,
      s.target ? `${s.target}: ${mark(s.met)}` : '',
    ]),
  );
  const st = r.storm;
  const storm = table(
    [
      'findings',
      'window',
      'incidents',
      'notifications per receiver',
      'without grouping',
      'lost deliveries',
      'incidents in no message',
      'target ≤ 3 to the team, 0 lost',
    ],
    [
      [
        st.findings,
        `${st.windowMinutes} min`,
        st.incidents,
        Object.entries(st.perReceiver)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', '),
        Object.entries(st.withoutGrouping)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', '),
        st.lostDeliveries,
        st.incidentsInNoMessage,
        mark(st.met),
      ],
    ],
  );
  const bundles = table(
    ['function', 'bundle KB', 'import median ms', 'min–max ms', 'runs', 'target'],
    r.bundles.functions.map((f) => [
      f.function,
      f.kilobytes,
      f.importMedianMs,
      `${f.importMinMs}–${f.importMaxMs}`,
      f.importRuns,
      [
        f.targetKilobytes !== undefined
          ? `≤ ${f.targetKilobytes} KB: ${mark(f.kilobytes <= f.targetKilobytes)}`
          : '',
        `≤ ${f.targetImportMs} ms: ${mark(f.importMedianMs <= f.targetImportMs)}`,
      ]
        .filter(Boolean)
        .join('; '),
    ]),
  );
  const contributors = table(
    ['what fills the route bundle', 'KB', 'share'],
    r.bundles.routeContributors.packages
      .slice(0, 10)
      .map((c) => [c.name, c.kilobytes, `${round(c.share * 100)} %`]),
  );
  const pg = r.page;
  const page = table(
    [
      'handler',
      'bundle KB',
      'median ms',
      'p90 ms',
      'min–max ms',
      'from the import: median ms',
      'from the import: p90 ms',
      'runs',
    ],
    [
      ...(['route', 'floor'] as const).map((name) => [
        name === 'route' ? 'route' : 'floor (plain handler, same clients)',
        pg[name].kilobytes,
        pg[name].medianMs,
        pg[name].p90Ms,
        `${pg[name].minMs}–${pg[name].maxMs}`,
        pg[name].fromImportMedianMs,
        pg[name].fromImportP90Ms,
        pg[name].runs,
      ]),
      [
        '**route − floor**',
        round(pg.route.kilobytes - pg.floor.kilobytes),
        pg.differenceMedianMs,
        pg.differenceP90Ms,
        '',
        round(pg.route.fromImportMedianMs - pg.floor.fromImportMedianMs),
        round(pg.route.fromImportP90Ms - pg.floor.fromImportP90Ms),
        pg.route.runs,
      ],
    ],
  );
  const services = Object.keys(r.cost.months[0]?.usd ?? {});
  const usd = (value: number) => `$${value.toFixed(2)}`;
  const cost = table(
    ['accounts', 'events/month', 'notifications/month', ...services, '**total**', 'per M events'],
    r.cost.months.map((month) => [
      month.accounts,
      month.eventsPerMonth,
      month.notificationsPerMonth,
      ...services.map((service) => usd(month.usd[service] ?? 0)),
      `**${usd(month.totalUsd)}**`,
      usd(month.usdPerMillionEvents),
    ]),
  );
  const siem = table(
    ['accounts', 'router', 'SIEM data (90 days, 2 copies) GB', 'OpenSearch minimal', 'OpenSearch production'],
    r.cost.months.map((month) => [
      month.accounts,
      usd(month.totalUsd),
      month.openSearch.storageGb,
      usd(month.openSearch.minimal.usd),
      usd(month.openSearch.production.usd),
    ]),
  );
  const prices = table(
    ['constant', 'USD', 'per', 'source', 'compared with'],
    Object.entries(PRICES).map(([name, p]) => [
      `\`${name}\``,
      p.usd < 0.01 ? p.usd.toExponential(4) : p.usd,
      p.per,
      p.source,
      p.checkedAgainst ?? '**re-check**',
    ]),
  );
  const targets = table(
    ['target', 'measured', ''],
    summaryTargets(r).map((t) => [t.target, t.measured, mark(t.met)]),
  );
  const m = r.machine;
  return `## Performance

Measured by \`npm run bench\` on ${m.cpu} (${m.cores} cores, ${m.memoryGB} GB), Node ${m.node}, ${r.generated}
(load average ${m.loadAverage} when the run started; the run took ${r.seconds} s). Every figure below is in
\`bench/results.json\`. Nothing calls AWS: DynamoDB figures come from DynamoDB Local.

${targets}

### 1. Core cost per event

${r.core.totalEvents.toLocaleString('en-US')} distinct events (the samples of \`events/\`, each variant with its own envelope id, finding id
and one of 200 accounts), best of ${r.core.rounds} rounds. *core* = JSON.parse + normalize (zod + source) + trust +
decide + transition (the incident and outbox a first sighting records) + render, without I/O. It renders what
is sent at once (a grouped delivery becomes one line of a later digest); *× parse* is the core's time over
JSON.parse of the same strings, the floor. Target ≤ 3×.

${core}

### 2. Replay throughput (in-memory store)

A day of 200 accounts: a steady stream of finding, alarm, Health and compliance lifecycles (updates, resolves,
acknowledgements), ${fmt(rp.mix.storm ?? 0)} MEDIUM findings of one account in 5 minutes, and ${fmt(rp.mix.duplicate ?? 0)} re-deliveries, replayed with
\`replay()\` and the memory adapters, escalations running 2 h past the last event (fresh process, \`--expose-gc\`).

${replay}

### 3. DynamoDB requests per step (DynamoDB Local)

Requests are counted on the wire; capacity is what DynamoDB reports (\`ReturnConsumedCapacity: INDEXES\`), the
global secondary indexes included. \`markSent\` is one \`UpdateItem\` per publish (all the notifications it sent, or
all the lifecycle events the bus took), which also takes the incident out of the outbox sweep's index once nothing
is pending; a grouped delivery, an item of its own, is one each. Counted apart.

${dynamo}

### 4. Storm control

${storm}

### 5. Cold start proxy

Minified bundles from \`npm run synth\` (${r.bundles.synth.note}); import time of \`index.mjs\` in a fresh \`node\`
per run with the Lambda environment, median of ${IMPORT_RUNS}.

${bundles}

For scale, with none of the router's code: an empty module imports in ${r.bundles.floors.emptyModuleMs} ms, and the route's npm
dependencies alone (AWS SDK clients, Powertools, middy; \`bench/route-dependencies.ts\`, bundled the same way,
${r.bundles.floors.routeDependencies.kilobytes} KB) in ${r.bundles.floors.routeDependencies.importMedianMs} ms.

${contributors}

### 6. Cold time to page

How long a cold route function takes to page the team: a fresh \`node\` imports the route bundle of section 5 (with the
config synth packages beside it), and its handler takes one SQS record holding a new HIGH GuardDuty finding
(\`${pg.finding}\`, fresh ids every run) through to the SNS Publish of the team page. Timed from just
before the process is started until the Publish has arrived at a local stand-in for Secrets Manager, SNS, Scheduler
and EventBridge (\`test/helpers/stand-in-aws.ts\`; DynamoDB is DynamoDB Local), so no network latency to AWS is in
it; *from the import* leaves out Node's own start. The floor is a plain handler with the same clients (document
client GetItem + PutItem, the secret through Powertools, SNS Publish) and none of the router's code
(\`bench/page-floor.ts\`, bundled the same way), run in turns with the route: ${pg.route.runs} of each after 2 uncounted rounds.
p90 is the nearest rank; the last row is the route's figure minus the floor's.

${page}

### 7. Monthly cost (Tokyo, USD)

${fmt(r.cost.assumptions.eventsPerAccountPerDay)} events per account per day after the spoke filters, each event turning into what the replay of
section 2 measured (${r.cost.perEvent.notifications} notifications, ${r.cost.perEvent.readUnits} RRU and ${r.cost.perEvent.writeUnits} WRU per event on average, the storm and
the unacknowledged escalations included); Lambda time is the measured core CPU scaled to 512 MB plus assumed
in-region latencies (${r.cost.perEvent.lambdaMs} ms per event). No free tiers. The formula, every assumption and every price are
in \`bench/cost.ts\` and \`bench/results.json\`.

${cost}

Beside it, the smallest OpenSearch domain a SIEM would need for the same events, on the same price basis
(instances and storage only: no ingestion pipeline, no alerting, no per-tenant routing):

${siem}

Prices (${r.cost.basis.region}, ${r.cost.basis.currency}, recorded ${r.cost.basis.recorded}). They could not be read from the AWS pricing
pages on the machine this was measured on: the ones marked **re-check** (and every OpenSearch Tokyo price) must
be confirmed there before these figures are quoted.

${prices}

${r.scale === undefined ? '' : `${scaleSection(r.scale)}\n`}${consoleSection(r.console)}
### Reproduce

\`\`\`sh
npm ci
npm run bench                 # about 2 minutes on 2 cores; runs \`npm run synth\` first if cdk.out is stale
npm run bench -- --skip-synth # read the existing cdk.out
\`\`\`

DynamoDB Local needs Java 17 (\`openjdk-17-jre-headless\`), as for \`npm test\`.
`;
};

const main = async () => {
  const started = performance.now();
  const machine = {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 1024 ** 3),
    node: process.versions.node,
    loadAverage: loadavg()
      .map((value) => value.toFixed(2))
      .join(' '),
  };
  const config = benchConfig();

  log(`1/7 core cost: ${fmt(TOTAL_CORE_EVENTS)} events`);
  const core = benchCore(config, Math.ceil(TOTAL_CORE_EVENTS / SOURCES.length), 2);
  log(`2/7 replay: ${fmt(REPLAY_EVENTS)} events (child process)`);
  const replay = runReplayChild(REPLAY_EVENTS);
  log('3/7 DynamoDB Local requests per step');
  const dynamodb = await benchDynamo(config);
  log('4/7 storm');
  const storm = await benchStorm(config);
  log('5/7 bundles and import times');
  const bundles = await benchBundles({ skipSynth: SKIP_SYNTH, runs: IMPORT_RUNS });
  log(`6/7 cold time to page: ${PAGE_RUNS} runs of the route and of the floor`);
  const page = runPageChild(assetFolders().route, PAGE_RUNS);
  log('7/7 cost model');
  const per = (count: number) => count / replay.events;
  const kinds = replay.notificationsByKind;
  const samples = SOURCES.flatMap((source) => loadTemplates(source));
  const route = bundles.functions.find((f) => f.function === 'route')?.importMedianMs ?? 0;
  const others = bundles.functions.filter((f) => f.function !== 'route');
  const cost = costModel({
    profile: {
      opened: per(replay.results.opened ?? 0),
      updated: per(replay.results.updated ?? 0),
      resolved: per(replay.results.resolved ?? 0),
      duplicate: per((replay.results.duplicate ?? 0) + (replay.results.stale ?? 0)),
      acks: per(replay.mix.ack ?? 0),
      notifications: per(replay.notifications),
      escalations: per(kinds.escalation ?? 0),
      digests: per(kinds.digest ?? 0),
    },
    scenarios: dynamodb.scenarios,
    coreMicrosecondsPerEvent: core.mixed.coreMicrosecondsPerEvent,
    averageEventBytes: samples.reduce((sum, t) => sum + Buffer.byteLength(t.text), 0) / samples.length,
    importMs: {
      route,
      other: others.reduce((sum, f) => sum + f.importMedianMs, 0) / Math.max(1, others.length),
    },
    hub: hubCounts(),
  });
  log('scale: synth of the 2,000-account registry (issue 17)');
  const scale = benchScale();

  log('console page render (DynamoDB Local)');
  const consoleRender = await benchConsole(config);

  const results: Results = {
    generated: new Date().toISOString(),
    machine,
    seconds: round((performance.now() - started) / 1_000),
    core,
    replay,
    dynamodb,
    storm,
    bundles,
    page,
    cost,
    scale,
    console: consoleRender,
  };
  const section = report(results);
  const targets = summaryTargets(results);
  writeFileSync(`${ROOT}bench/results.json`, `${JSON.stringify({ ...results, targets }, null, 2)}\n`);
  writeFileSync(`${ROOT}bench/README.md`, `${BENCH_README_TITLE}${section}`);
  process.stdout.write(`${section}\n`);
  log(`done in ${results.seconds} s: bench/results.json, bench/README.md`);
};

await main();
