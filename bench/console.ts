import { pathToFileURL } from 'node:url';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createConsoleApp } from '../functions/console/app.js';
import {
  createDynamoIncidentStore,
  createIncidentTable,
} from '../shared/adapters/aws/dynamodb-incident-store.js';
import { createMemoryIncidentStore } from '../shared/adapters/memory/incident-store.js';
import { createMemoryLifecycleBus } from '../shared/adapters/memory/lifecycle-bus.js';
import { createMemoryNotifier } from '../shared/adapters/memory/notifier.js';
import { createVirtualTimers, VirtualClock } from '../shared/adapters/memory/virtual-time.js';
import type { Config } from '../shared/config/registry.js';
import type { Incident } from '../shared/incident.js';
import { jstMonth } from '../shared/month.js';
import { type ReplayInput, replay } from '../shared/pipeline/replay.js';
import { storeRegistryOptions } from '../shared/storage/registry-options.js';
import { INCIDENT_TABLE, OPEN_PARTITION } from '../shared/storage/table-layout.js';
import { benchConfig } from './config.js';
import { countRequests, localClient, startDynamoLocal } from './dynamodb-local.js';
import { loadTemplates, SOURCES, variantText } from './events.js';

/**
 * Section "console page render" (issue 15): server-side render time of the console's pages over 1,000 open
 * incidents in DynamoDB Local. The incidents come from the samples of `events/` replayed over the bench registry
 * (200 accounts of 20 ASPs) on the memory adapters, then written through the DynamoDB store's `save`, so the
 * items and their index entries are the ones the pipeline writes. Each page is requested through the Hono app
 * (`app.request()`, no socket) with a dev-login session; the time is from the request to the last byte of the body.
 * `npx tsx bench/console.ts` runs this section alone and prints its figures.
 */

export type ConsolePageFigure = {
  readonly page: string;
  /** Who asks: `team-oncall`, an ASP id, a municipality id. */
  readonly viewer: string;
  readonly viewerKind: 'team' | 'asp' | 'municipality';
  /** Incidents on the page (list) or 1 (detail). */
  readonly rows: number;
  readonly bytes: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly runs: number;
  /** DynamoDB requests one render makes, by operation (counted on the wire). */
  readonly requests: Readonly<Record<string, number>>;
  /**
   * Whether the < 100 ms target applies: the lists and an incident (issue 15). The month's report page counts and
   * lists every episode of the month, the open ones included, and has no target.
   */
  readonly targeted: boolean;
};

export type ConsoleResult = {
  readonly endpoint: 'DynamoDB Local';
  /** Open incidents in the table. */
  readonly incidents: number;
  readonly accounts: number;
  readonly asps: number;
  /** Incidents per list page: the console's default. */
  readonly pageSize: number;
  readonly warmup: number;
  readonly pages: readonly ConsolePageFigure[];
  readonly targetMs: number;
  /** Every targeted page under the target. */
  readonly met: boolean;
  /** Episodes of the month the report page counts: the open incidents and those resolved in the day. */
  readonly monthEpisodes: number;
  /**
   * For comparison: the whole open partition of the `byMonth` index (every entry an ASP's list may have to look at)
   * read in one Query with `Limit: 1000`, median ms, and the requests it took.
   */
  readonly openIndexOneQuery: { readonly medianMs: number; readonly requests: number };
  /** Replay plus the writes to DynamoDB Local. */
  readonly seedSeconds: number;
  readonly seconds: number;
};

/** The console's own default page size (functions/console/app.ts), stated here so the figure says what it is. */
const DEFAULT_PAGE_SIZE = 50;
const TARGET_MS = 100;
const ORIGIN = 'http://localhost';

const round = (value: number) => Number(value.toFixed(1));
/** The value at quantile `q` (nearest rank) of `values`, as section 6 computes it. */
const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
};

/**
 * At least `wanted` open incidents: every sample of every source (the ones the router ignores too), each variant a
 * new finding of another registry account, an event every 20 seconds, replayed on the memory adapters with the
 * escalation timers running (so timelines carry escalation steps as real ones do).
 */
const openIncidentsFromSamples = async (config: Config, wanted: number) => {
  const templates = SOURCES.flatMap((source) => loadTemplates(source));
  const start = Date.parse('2026-11-26T00:00:00Z');
  const store = createMemoryIncidentStore();
  const clock = new VirtualClock(start);
  const ports = {
    store,
    notifier: createMemoryNotifier(),
    bus: createMemoryLifecycleBus(),
    timers: createVirtualTimers(),
    clock,
    config,
  };
  let open: Incident[] = [];
  for (let round = 0; open.length < wanted && round < 20; round++) {
    const inputs: ReplayInput[] = Array.from({ length: wanted }, (_, i) => {
      const n = round * wanted + i;
      const template = templates[n % templates.length] as (typeof templates)[number];
      const event = JSON.parse(variantText(template, 3_000_000 + n, config.accounts.length)) as Record<
        string,
        unknown
      >;
      if (typeof event.time === 'string') event.time = new Date(start + n * 20_000).toISOString();
      return { file: `bench:console/${template.file}`, event };
    });
    await replay(inputs, ports, 60_000);
    open = store.incidents().filter((incident) => incident.state !== 'resolved');
  }
  if (open.length < wanted) throw new Error(`bench: only ${open.length} open incidents from the samples`);
  // The newest `wanted`: the list's first page is where a user starts.
  open.sort((a, b) => b.firstSeen.localeCompare(a.firstSeen) || a.id.localeCompare(b.id));
  const resolved = store.incidents().filter((incident) => incident.state === 'resolved');
  return { incidents: open.slice(0, wanted), resolved, clock };
};

/** Writes incidents through the store's `save` (a new item each, revision 0), a few at a time. */
const seed = async (
  save: (incident: Incident) => Promise<unknown>,
  incidents: readonly Incident[],
  parallel = 8,
) => {
  for (let i = 0; i < incidents.length; i += parallel) {
    const results = await Promise.all(incidents.slice(i, i + parallel).map(save));
    const refused = results.find((result) => result !== 'saved');
    if (refused !== undefined) throw new Error(`bench: seeding DynamoDB Local: ${String(refused)}`);
  }
};

export const benchConsole = async (
  config: Config = benchConfig(),
  { incidents: wanted = 1_000, runs = 30, warmup = 5 } = {},
): Promise<ConsoleResult> => {
  const started = performance.now();
  const { incidents, resolved, clock } = await openIncidentsFromSamples(config, wanted);
  const local = await startDynamoLocal();
  const client = localClient(local.endpoint);
  try {
    const tableName = 'bench-console';
    await createIncidentTable(client, tableName);
    const documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const store = createDynamoIncidentStore({
      client: documents,
      tableName,
      clock,
      ...storeRegistryOptions(config),
    });
    await seed((incident) => store.save(incident, 0, []), [...incidents, ...resolved]);
    const seedSeconds = (performance.now() - started) / 1_000;
    const counter = countRequests(client);

    const app = createConsoleApp({
      ports: {
        store,
        notifier: createMemoryNotifier(),
        bus: createMemoryLifecycleBus(),
        timers: createVirtualTimers(),
        clock,
        config,
      },
      auth: { sessionSecret: 'bench-console-session-secret-0123456789abcdef', devLogin: true },
    });
    const signIn = async (as: string): Promise<string> => {
      const response = await app.request(`${ORIGIN}/dev-login?as=${encodeURIComponent(as)}`);
      const cookie = response.headers.get('set-cookie')?.split(';')[0];
      if (response.status !== 303 || cookie === undefined) throw new Error(`bench: dev-login as ${as}`);
      return cookie;
    };

    // The ASP and the municipality with the most incidents: the longest lists of their own.
    const most = (of: (incident: Incident) => readonly string[]) => {
      const counts = new Map<string, number>();
      for (const incident of incidents)
        for (const id of new Set(of(incident))) counts.set(id, (counts.get(id) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] as string;
    };
    const registered = (incident: Incident) =>
      incident.accounts.flatMap((id) => config.accountsById.get(id) ?? []);
    const asp = most((incident) => registered(incident).map((account) => account.asp));
    const city = most((incident) =>
      Object.entries(incident.receivers)
        .filter(([, told]) => told.audience === 'municipality')
        .map(([id]) => id),
    );
    const aspIncident = incidents.find((incident) =>
      registered(incident).some((account) => account.asp === asp),
    ) as Incident;

    const pages: ConsolePageFigure[] = [];
    const measure = async (
      page: string,
      viewer: string,
      viewerKind: ConsolePageFigure['viewerKind'],
      path: string,
      targeted = true,
    ) => {
      const cookie = await signIn(viewer);
      const get = async () => {
        const response = await app.request(`${ORIGIN}${path}`, { headers: { cookie } });
        const body = await response.text();
        if (response.status !== 200) throw new Error(`bench: GET ${path} as ${viewer}: ${response.status}`);
        return body;
      };
      for (let i = 0; i < warmup; i++) await get();
      counter.take();
      const body = await get();
      const requests = counter.take();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await get();
        times.push(performance.now() - t0);
      }
      pages.push({
        page,
        viewer,
        viewerKind,
        rows: (body.match(/data-incident="/g) ?? []).length,
        bytes: Buffer.byteLength(body),
        medianMs: round(quantile(times, 0.5)),
        p90Ms: round(quantile(times, 0.9)),
        minMs: round(Math.min(...times)),
        maxMs: round(Math.max(...times)),
        runs,
        requests,
        targeted,
      });
    };
    // The floor of a filtered list: the open partition of the index, read whole in as few Queries as DynamoDB allows.
    const readOpenIndex = async () => {
      let start: Record<string, unknown> | undefined;
      let requests = 0;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: INCIDENT_TABLE.byMonth.indexName,
            KeyConditionExpression: '#month = :open',
            ExpressionAttributeNames: { '#month': INCIDENT_TABLE.byMonth.partitionKey },
            ExpressionAttributeValues: { ':open': { S: OPEN_PARTITION } },
            ScanIndexForward: false,
            Limit: 1_000,
            ...(start ? { ExclusiveStartKey: start as never } : {}),
          }),
        );
        requests++;
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return requests;
    };
    const indexTimes: number[] = [];
    let indexRequests = 0;
    for (let i = 0; i < warmup + runs; i++) {
      const t0 = performance.now();
      indexRequests = await readOpenIndex();
      if (i >= warmup) indexTimes.push(performance.now() - t0);
    }
    counter.take();

    const team = config.team.levels[0] as string;
    await measure('GET /incidents', team, 'team', '/incidents');
    await measure('GET /incidents', asp, 'asp', '/incidents');
    if (city !== undefined) await measure('GET /incidents', city, 'municipality', '/incidents');
    await measure('GET /incidents/:id', team, 'team', `/incidents/${incidents[0]?.id}`);
    await measure('GET /incidents/:id', asp, 'asp', `/incidents/${aspIncident.id}`);
    // The month the day ran in: its resolved incidents (the month view), and its report, which counts every
    // episode of the month, the 1,000 open ones included.
    const month = jstMonth(clock.now());
    await measure('GET /incidents?month', team, 'team', `/incidents?month=${month}`);
    await measure('GET /reports/:month', team, 'team', `/reports/${month}`, false);
    return {
      endpoint: 'DynamoDB Local',
      incidents: incidents.length,
      accounts: config.accounts.length,
      asps: config.asps.length,
      pageSize: DEFAULT_PAGE_SIZE,
      warmup,
      pages,
      targetMs: TARGET_MS,
      met: pages.every((p) => !p.targeted || p.p90Ms < TARGET_MS),
      monthEpisodes: incidents.length + resolved.length,
      openIndexOneQuery: { medianMs: round(quantile(indexTimes, 0.5)), requests: indexRequests },
      seedSeconds: round(seedSeconds),
      seconds: round((performance.now() - started) / 1_000),
    };
  } finally {
    client.destroy();
    await local.stop();
  }
};

/** The section as Markdown for bench/README.md. */
export const consoleSection = (r: ConsoleResult): string => {
  const rows = r.pages.map(
    (p) =>
      `| ${p.page} | ${p.viewer} (${p.viewerKind}) | ${p.rows} | ${(p.bytes / 1024).toFixed(1)} | ${p.medianMs} | ${p.p90Ms} | ${p.minMs}–${p.maxMs} | ${Object.entries(
        p.requests,
      )
        .map(([name, count]) => `${name} ${count}`)
        .join(', ')} | ${p.targeted ? (p.p90Ms < r.targetMs ? 'met' : '**not met**') : 'no target'} |`,
  );
  return `### Console page render (DynamoDB Local)

${r.incidents.toLocaleString('en-US')} open incidents (the samples of \`events/\` replayed over the bench registry of ${r.accounts} accounts and ${r.asps}
ASPs, written through the DynamoDB store's \`save\`, so their index entries are real) in DynamoDB Local. Each page
is rendered by the console app in this process (\`app.request()\`, a dev-login session, no socket), timed from the
request to the end of the body; ${r.warmup} uncounted requests, then ${r.pages[0]?.runs ?? 0}. The list is the first page at the default page
size (${r.pageSize}); the ASP and the municipality are the ones with the most incidents: their list reads their ASPs'
partitions of the \`openByAsp\` index, the team's the \`OPEN\` partition of \`byMonth\`. The month view is the first
page of the incidents resolved in the day's month (its own partition of \`byMonth\`). *requests* are the DynamoDB
requests of one render. Target: < ${r.targetMs} ms (p90) for the lists and an incident. The month's report page counts
and lists every episode of the month (${r.monthEpisodes.toLocaleString('en-US')}, the open ones included) in one printable
document: its time is shown, with no target.

For comparison, the whole open partition of \`byMonth\` (${r.incidents.toLocaleString('en-US')} entries) read with \`Limit: 1000\` takes
${r.openIndexOneQuery.requests} Query and ${r.openIndexOneQuery.medianMs} ms (median).

| page | viewer | incidents shown | KB | median ms | p90 ms | min–max ms | DynamoDB requests | < ${r.targetMs} ms |
| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |
${rows.join('\n')}
`;
};

// `npx tsx bench/console.ts`: this section alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // As in run.ts: the SDK's notice about Node 22 says nothing about these figures.
  process.removeAllListeners('warning');
  const result = await benchConsole();
  process.stdout.write(`${consoleSection(result)}\n`);
  process.stderr.write(
    `bench: console: ${result.met ? 'met' : 'NOT met'}; seeded in ${result.seedSeconds} s, ${result.seconds} s in all\n`,
  );
}
