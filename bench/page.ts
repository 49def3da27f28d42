import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIncidentTable } from '../shared/adapters/aws/dynamodb-incident-store.js';
import { anSqsBatch } from '../test/helpers/lambda.js';
import {
  bundledFunctionEnvironment,
  invokeInFreshNode,
  startStandInAws,
  TOPIC_ARN_PREFIX,
} from '../test/helpers/stand-in-aws.js';
import { bundleLikeTheStack } from './bundles.js';
import { localClient, startDynamoLocal } from './dynamodb-local.js';

/**
 * Section 6, the cold time to page: a fresh `node` imports a minified bundle and takes one SQS record holding a
 * new HIGH GuardDuty finding through to the SNS Publish of the team page, which a local stand-in receives
 * (test/helpers/stand-in-aws.ts; DynamoDB is DynamoDB Local). Timed from just before the process is started
 * until the Publish has arrived, for the route bundle synth packaged and, in turns with it, for a plain handler
 * with the same clients bundled the same way (bench/page-floor.ts): the floor.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const PAGE_FINDING = 'events/guardduty/high-exfiltration-1st.json';
const TEAM_TOPIC = `${TOPIC_ARN_PREFIX}team-oncall`;
const TABLE_NAME = 'alert-router-bench-page';
/** Rounds run first and not counted: they warm the file cache and DynamoDB Local's JIT. */
const WARM_UP_ROUNDS = 2;

type Finding = { id: string; detail: { id: string; arn: string } };

/** The sample finding with fresh ids (envelope and finding), so every run opens a new incident. */
const freshFinding = (template: string): Finding => {
  const finding = JSON.parse(template) as Finding;
  const id = randomBytes(16).toString('hex');
  finding.id = randomUUID();
  finding.detail.arn = finding.detail.arn.replace(finding.detail.id, id);
  finding.detail.id = id;
  return finding;
};

export type PageFigure = {
  readonly runs: number;
  /** From just before the process was started to the team page's Publish at the stand-in. */
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** The same, from just before the import (without Node's own start). */
  readonly fromImportMedianMs: number;
  readonly fromImportP90Ms: number;
  readonly kilobytes: number;
};

export type PageResult = {
  readonly finding: string;
  readonly route: PageFigure;
  readonly floor: PageFigure;
  /** Route minus floor: what the router's own code adds to the time to page. */
  readonly differenceMedianMs: number;
  readonly differenceP90Ms: number;
};

const round = (value: number) => Number(value.toFixed(1));

/** The value at quantile `q` (nearest rank) of `values`. */
const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
};

/** One cold page, ms: from just before the process started, and from just before the import. */
type PageTime = { readonly fromSpawn: number; readonly fromImport: number };

const figure = (times: readonly PageTime[], bytes: number): PageFigure => {
  const fromSpawn = times.map((t) => t.fromSpawn);
  const fromImport = times.map((t) => t.fromImport);
  return {
    runs: times.length,
    medianMs: round(quantile(fromSpawn, 0.5)),
    p90Ms: round(quantile(fromSpawn, 0.9)),
    minMs: round(Math.min(...fromSpawn)),
    maxMs: round(Math.max(...fromSpawn)),
    fromImportMedianMs: round(quantile(fromImport, 0.5)),
    fromImportP90Ms: round(quantile(fromImport, 0.9)),
    kilobytes: round(bytes / 1024),
  };
};

/**
 * `runs` cold pages of each bundle, taken in turns (route, floor, route, …) so that drift on a shared machine
 * hits both alike. `routeFolder` is the route's asset from cdk.out (index.mjs and config.json).
 */
export const benchColdPage = async (options: {
  readonly routeFolder: string;
  readonly runs: number;
}): Promise<PageResult> => {
  const template = readFileSync(join(ROOT, PAGE_FINDING), 'utf8');
  const scratch = mkdtempSync(join(tmpdir(), 'alert-router-bench-page-'));
  const local = await startDynamoLocal();
  const aws = await startStandInAws();
  try {
    const client = localClient(local.endpoint);
    await createIncidentTable(client, TABLE_NAME);
    client.destroy();
    const floorFolder = join(scratch, 'page-floor');
    await bundleLikeTheStack('bench/page-floor.ts', join(floorFolder, 'index.mjs'));
    const folders = { route: options.routeFolder, floor: floorFolder };

    /** One cold page: the invocation and when the team page's Publish arrived. */
    const page = async (name: keyof typeof folders): Promise<PageTime> => {
      const env = bundledFunctionEnvironment({
        folder: folders[name],
        service: `alert-router-bench-${name}`,
        dynamoEndpoint: local.endpoint,
        standInUrl: aws.url,
        tableName: TABLE_NAME,
        // As deployed: the route logs at INFO.
        logLevel: 'INFO',
      });
      const invocation = await invokeInFreshNode(folders[name], anSqsBatch([freshFinding(template)]), env);
      const teamPage = aws
        .publishes()
        .find(
          ({ form, receivedAt }) => receivedAt > invocation.spawnedAt && form.get('TopicArn') === TEAM_TOPIC,
        );
      const failures = (invocation.result as { batchItemFailures?: unknown[] }).batchItemFailures;
      if (teamPage === undefined || failures?.length !== 0) {
        throw new Error(`${name}: no team page for a new HIGH finding:\n${invocation.output}`);
      }
      // The route's metrics (EMF on stdout) say it opened an incident: the figure is a new incident's.
      if (name === 'route' && !invocation.output.includes('"IncidentsOpened":1')) {
        throw new Error(`route: the finding did not open a new incident:\n${invocation.output}`);
      }
      return {
        fromSpawn: teamPage.receivedAt - invocation.spawnedAt,
        fromImport: teamPage.receivedAt - invocation.importStartedAt,
      };
    };

    const times: Record<keyof typeof folders, PageTime[]> = { route: [], floor: [] };
    for (let turn = 0; turn < WARM_UP_ROUNDS + options.runs; turn++) {
      for (const name of ['route', 'floor'] as const) {
        const measured = await page(name);
        if (turn >= WARM_UP_ROUNDS) times[name].push(measured);
      }
    }
    const route = figure(times.route, statSync(join(folders.route, 'index.mjs')).size);
    const floor = figure(times.floor, statSync(join(folders.floor, 'index.mjs')).size);
    return {
      finding: PAGE_FINDING,
      route,
      floor,
      differenceMedianMs: round(route.medianMs - floor.medianMs),
      differenceP90Ms: round(route.p90Ms - floor.p90Ms),
    };
  } finally {
    aws.close();
    await local.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
};
