import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { LAMBDA_BUNDLE, lambdaBuildOptions } from '../infra/lambda/bundle-options.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CDK_OUT = join(ROOT, 'cdk.out');
const HUB_ASSETS = join(CDK_OUT, 'AlertRouterHub.assets.json');
const FUNCTIONS = ['route', 'escalate', 'sweeper', 'acknowledge'] as const;

/** Newest modification time (ms) of the files synth bundles or reads. */
const newestSource = (): number => {
  const newest = (path: string): number => {
    if (!existsSync(path)) return 0;
    const stats = statSync(path);
    if (!stats.isDirectory()) return stats.mtimeMs;
    return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
  };
  return Math.max(
    ...['functions', 'shared', 'infra', 'package-lock.json', 'events/config.example.yaml', 'cdk.json'].map(
      (path) => newest(join(ROOT, path)),
    ),
  );
};

export type SynthState = { readonly ran: boolean; readonly stale: boolean; readonly note: string };

/**
 * Makes sure cdk.out holds bundles of the current code: `npm run synth` (about 30 s) when cdk.out is missing or
 * older than the code, unless `skip` says to read what is there.
 */
export const ensureSynth = (skip: boolean): SynthState => {
  const manifest = join(CDK_OUT, 'manifest.json');
  const present = existsSync(HUB_ASSETS) && existsSync(manifest);
  const stale = !present || statSync(manifest).mtimeMs < newestSource();
  if (!stale) return { ran: false, stale: false, note: 'cdk.out was up to date' };
  if (skip && present)
    return {
      ran: false,
      stale: true,
      note: '--skip-synth: cdk.out is older than the code, so these bundles may not be the current code',
    };
  const synth = spawnSync('npm', ['run', 'synth'], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  if (synth.status === 0)
    return { ran: true, stale: false, note: 'cdk.out was older than the code, so the bench ran it first' };
  if (!existsSync(HUB_ASSETS)) {
    throw new Error(`npm run synth failed and there is no cdk.out to read:\n${synth.stderr || synth.stdout}`);
  }
  return {
    ran: true,
    stale: true,
    note: `npm run synth failed (${(synth.stderr || '').split('\n')[0]}); read the existing cdk.out`,
  };
};

type AssetManifest = {
  files: Record<string, { displayName?: string; source: { path: string; packaging?: string } }>;
};

/** The asset folder of each function, from the hub's asset manifest (`Route/Function/Code` → asset.<hash>). */
export const assetFolders = (): Record<(typeof FUNCTIONS)[number], string> => {
  const manifest = JSON.parse(readFileSync(HUB_ASSETS, 'utf8')) as AssetManifest;
  const folders: Partial<Record<(typeof FUNCTIONS)[number], string>> = {};
  for (const file of Object.values(manifest.files)) {
    const name = FUNCTIONS.find((fn) => file.displayName?.toLowerCase() === `${fn}/function/code`);
    if (name !== undefined) folders[name] = join(CDK_OUT, file.source.path);
  }
  for (const fn of FUNCTIONS)
    if (folders[fn] === undefined) throw new Error(`no asset for ${fn} in ${HUB_ASSETS}`);
  return folders as Record<(typeof FUNCTIONS)[number], string>;
};

/**
 * What the handlers find in a Lambda environment at import (none of it is read at import by design; the rest of
 * the environment is read on the first invocation). Dummy values: nothing here reaches AWS, and an import makes
 * no call.
 */
const LAMBDA_ENV: Record<string, string> = {
  AWS_REGION: 'ap-northeast-1',
  AWS_DEFAULT_REGION: 'ap-northeast-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_METRICS_NAMESPACE: 'AlertRouter',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  ROUTER_CONFIG_FILE: 'config.json',
  TABLE_NAME: 'alert-router-incidents',
  TOPIC_ARN_PREFIX: 'arn:aws:sns:ap-northeast-1:000000000000:alert-router-',
  SCHEDULE_GROUP: 'alert-router',
  ESCALATE_FUNCTION_ARN: 'arn:aws:lambda:ap-northeast-1:000000000000:function:alert-router-escalate',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/scheduler',
  ESCALATION_DLQ_ARN: 'arn:aws:sqs:ap-northeast-1:000000000000:escalations-dlq',
  ACK_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:ack',
};

/** One fresh `node` that imports the bundle and prints how long the import took (ms). */
const importOnce = (folder: string, fn: string): number => {
  const script =
    'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';
  const output = execFileSync(
    process.execPath,
    ['--input-type=module', '--no-warnings', '-e', script, pathToFileURL(join(folder, 'index.mjs')).href],
    {
      cwd: folder,
      env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV, POWERTOOLS_SERVICE_NAME: `alert-router-${fn}` },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return Number(output);
};

export type BundleFigure = {
  readonly function: (typeof FUNCTIONS)[number];
  readonly asset: string;
  readonly bytes: number;
  readonly kilobytes: number;
  readonly importRuns: number;
  readonly importMedianMs: number;
  readonly importMinMs: number;
  readonly importMaxMs: number;
  readonly targetKilobytes: number | undefined;
  readonly targetImportMs: number;
};

export type Contributor = { readonly name: string; readonly kilobytes: number; readonly share: number };

export type BundleResult = {
  readonly synth: SynthState;
  readonly functions: readonly BundleFigure[];
  /** What the minified route bundle is made of (esbuild metafile of the same build options as the stack). */
  readonly routeContributors: {
    readonly packages: readonly Contributor[];
    readonly files: readonly Contributor[];
  };
  /** Import times with none of the router's code, for scale. */
  readonly floors: {
    /** A module that exports nothing. */
    readonly emptyModuleMs: number;
    /** The route's npm dependencies alone (AWS SDK clients, Powertools, middy), bundled like a handler. */
    readonly routeDependencies: {
      readonly bytes: number;
      readonly kilobytes: number;
      readonly importMedianMs: number;
    };
  };
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** The package a bundled input belongs to (`@aws-sdk/client-dynamodb`, `zod`), or the project folder. */
const packageOf = (input: string): string => {
  const at = input.lastIndexOf('node_modules/');
  if (at === -1) return `(project) ${input.split('/').slice(0, 2).join('/')}`;
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
};

/** Bundles `entry` as the stack bundles a handler ({@link LAMBDA_BUNDLE}), into `outfile` when given. */
export const bundleLikeTheStack = (entry: string, outfile?: string) =>
  build({
    ...lambdaBuildOptions(),
    entryPoints: [join(ROOT, entry)],
    target: 'node24',
    metafile: true,
    write: outfile !== undefined,
    outfile: outfile ?? 'index.mjs',
    logLevel: 'silent',
  });

/** Rebuilds the route handler as the stack bundles it, with a metafile, and ranks what fills the output. */
const routeContributors = async (): Promise<BundleResult['routeContributors']> => {
  const result = await bundleLikeTheStack('functions/route/handler.ts');
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.entries(output?.inputs ?? {});
  const total = inputs.reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
  const rank = (entries: [string, number][]): Contributor[] =>
    entries
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, bytes]) => ({ name, kilobytes: round(bytes / 1024, 1), share: round(bytes / total, 3) }));
  const byPackage = new Map<string, number>();
  for (const [path, input] of inputs)
    byPackage.set(packageOf(path), (byPackage.get(packageOf(path)) ?? 0) + input.bytesInOutput);
  return {
    packages: rank([...byPackage]),
    files: rank(inputs.map(([path, input]) => [path.replace(/^.*node_modules\//, ''), input.bytesInOutput])),
  };
};

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/**
 * Folders with what an import costs before any of the router's code: an empty module (Node's own module
 * loading), and the route's npm dependencies alone (`route-dependencies.ts`, bundled like a handler).
 */
const floorFolders = async (root: string) => {
  const empty = join(root, 'empty');
  const dependencies = join(root, 'route-dependencies');
  mkdirSync(empty);
  writeFileSync(join(empty, 'index.mjs'), 'export {};\n');
  await bundleLikeTheStack('bench/route-dependencies.ts', join(dependencies, 'index.mjs'));
  return { empty, dependencies };
};

/**
 * Median import time of each folder's `index.mjs`, `runs` fresh processes each, taken in turns (one of each,
 * then again) so that drift on a shared machine hits every bundle alike. A first round warms the file cache and
 * is not counted.
 */
const importTimes = <Name extends string>(folders: Readonly<Record<Name, string>>, runs: number) => {
  const names = Object.keys(folders) as Name[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
  for (let run = 0; run <= runs; run++) {
    for (const name of names) {
      const ms = importOnce(folders[name], name);
      if (run > 0) times[name].push(ms);
    }
  }
  return times;
};

/** Section 5: minified bundle size and median import time in fresh processes, per function. */
export const benchBundles = async (options: { skipSynth: boolean; runs: number }): Promise<BundleResult> => {
  const synth = ensureSynth(options.skipSynth);
  const folders = assetFolders();
  const scratch = mkdtempSync(join(tmpdir(), 'alert-router-bench-'));
  try {
    const floors = await floorFolders(scratch);
    const times = importTimes({ ...folders, ...floors }, options.runs);
    const functions = FUNCTIONS.map((fn): BundleFigure => {
      const bytes = statSync(join(folders[fn], 'index.mjs')).size;
      return {
        function: fn,
        asset: folders[fn].slice(folders[fn].lastIndexOf('asset.')),
        bytes,
        kilobytes: round(bytes / 1024, 1),
        importRuns: times[fn].length,
        importMedianMs: round(median(times[fn]), 1),
        importMinMs: round(Math.min(...times[fn]), 1),
        importMaxMs: round(Math.max(...times[fn]), 1),
        targetKilobytes: fn === 'route' ? 500 : undefined,
        targetImportMs: 80,
      };
    });
    const dependencyBytes = statSync(join(floors.dependencies, 'index.mjs')).size;
    return {
      synth,
      functions,
      routeContributors: await routeContributors(),
      floors: {
        emptyModuleMs: round(median(times.empty), 1),
        routeDependencies: {
          bytes: dependencyBytes,
          kilobytes: round(dependencyBytes / 1024, 1),
          importMedianMs: round(median(times.dependencies), 1),
        },
      },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
};
