import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, HUB_STACK_NAME } from '../infra/app.js';
import { generateRegistry, LARGE_REGISTRY, writeRegistry } from '../test/helpers/large-registry.js';
import { ASSUMPTIONS, PRICE_BASIS, PRICES } from './cost.js';

/**
 * Section 8: the fixed monthly cost of a large hub (issue 17), from the resources `cdk synth` makes for the
 * generated registry of 2,000 accounts, 300 municipalities, 100 ASPs and 3 team levels (test/helpers/large-registry.ts),
 * times the list prices of bench/cost.ts (same basis and date). Per-event costs are section 7's model; the one
 * per-event line here is the spoke → hub EventBridge traffic, which grows with accounts alone.
 *
 * Runs alone: `npx tsx bench/scale.ts` prints the section (no DynamoDB Local, no bundles: stub functions).
 */

type Resources = Record<string, { Type: string }>;

/** Monthly price of one resource of a type that costs while it exists; absent types cost nothing idle. */
const FIXED: Readonly<Record<string, { readonly usd: number; readonly why: string }>> = {
  'AWS::KMS::Key': { usd: PRICES.kmsKey.usd, why: PRICES.kmsKey.per },
  'AWS::CloudWatch::Alarm': { usd: PRICES.alarm.usd, why: PRICES.alarm.per },
  'AWS::CloudWatch::Dashboard': { usd: PRICES.dashboard.usd, why: PRICES.dashboard.per },
  'AWS::SecretsManager::Secret': { usd: PRICES.secret.usd, why: PRICES.secret.per },
};

/** Types listed at $0 with the reason, so a reader sees they were counted, not forgotten. */
const FREE: Readonly<Record<string, string>> = {
  'AWS::SNS::Topic': 'no charge per topic; publishes and deliveries per use (section 7)',
  'AWS::SNS::Subscription': 'no charge per subscription; each email delivery per use',
  'AWS::Events::EventBus': 'no charge per bus; events per use',
  'AWS::Events::Rule': 'no charge per rule',
  'AWS::Events::Archive': 'per GB archived and stored (section 7)',
  'AWS::DynamoDB::Table': 'on-demand: per request and GB stored (section 7)',
  'AWS::Lambda::Function': 'per request and GB-second (section 7)',
  'AWS::SQS::Queue': 'per request (section 7)',
  'AWS::Scheduler::Schedule': 'per invocation: 12 a year for the monthly report',
  'AWS::Chatbot::SlackChannelConfiguration':
    'Amazon Q Developer in chat applications: no charge for notifications',
  'AWS::CloudFormation::Stack': 'nested stacks: no charge',
};

export type ScaleResult = {
  readonly registry: typeof LARGE_REGISTRY;
  readonly synthSeconds: number;
  readonly stacks: readonly { readonly name: string; readonly resources: number }[];
  readonly rows: readonly {
    readonly type: string;
    readonly hub: number;
    readonly perSpokeAccount: number;
    readonly unitUsd: number;
    readonly hubUsd: number;
    readonly spokesUsd: number;
    readonly note: string;
  }[];
  readonly hubFixedUsd: number;
  readonly spokesFixedUsd: number;
  readonly eventsPerMonth: number;
  readonly crossAccountEventsUsd: number;
};

const countByType = (resources: Resources, into: Map<string, number>): void => {
  for (const { Type } of Object.values(resources)) into.set(Type, (into.get(Type) ?? 0) + 1);
};

const round2 = (value: number) => Math.round(value * 100) / 100;

export const benchScale = (): ScaleResult => {
  const path = writeRegistry(generateRegistry(LARGE_REGISTRY));
  const started = performance.now();
  const assembly = buildApp(
    path,
    { stubFunctions: true },
    { builtinCloudFormationValidation: false },
  ).synth();
  const synthSeconds = round2((performance.now() - started) / 1_000);
  const hub = new Map<string, number>();
  const spoke = new Map<string, number>();
  const stacks: { name: string; resources: number }[] = [];
  for (const stack of assembly.stacks) {
    const resources = (stack.template as { Resources: Resources }).Resources;
    stacks.push({ name: stack.stackName, resources: Object.keys(resources).length });
    // Every ASP account deploys each spoke stack once (4 regions): counted per account.
    countByType(resources, stack.stackName === HUB_STACK_NAME ? hub : spoke);
  }
  for (const file of readdirSync(assembly.directory).filter((f) => f.endsWith('.nested.template.json'))) {
    const { Resources } = JSON.parse(readFileSync(join(assembly.directory, file), 'utf8')) as {
      Resources: Resources;
    };
    stacks.push({ name: `${HUB_STACK_NAME}/${file}`, resources: Object.keys(Resources).length });
    countByType(Resources, hub);
  }
  const accounts = LARGE_REGISTRY.accounts;
  const types = [...new Set([...hub.keys(), ...spoke.keys()])].filter((t) => t in FIXED || t in FREE).sort();
  const rows = types.map((type) => {
    const unitUsd = FIXED[type]?.usd ?? 0;
    const h = hub.get(type) ?? 0;
    const s = spoke.get(type) ?? 0;
    return {
      type,
      hub: h,
      perSpokeAccount: s,
      unitUsd,
      hubUsd: round2(h * unitUsd),
      spokesUsd: round2(s * accounts * unitUsd),
      note: FIXED[type]?.why ?? FREE[type] ?? '',
    };
  });
  const eventsPerMonth = accounts * ASSUMPTIONS.eventsPerAccountPerDay * ASSUMPTIONS.daysPerMonth;
  return {
    registry: LARGE_REGISTRY,
    synthSeconds,
    stacks,
    rows,
    hubFixedUsd: round2(rows.reduce((sum, row) => sum + row.hubUsd, 0)),
    spokesFixedUsd: round2(rows.reduce((sum, row) => sum + row.spokesUsd, 0)),
    eventsPerMonth,
    crossAccountEventsUsd: round2(eventsPerMonth * PRICES.eventBridgeEvent.usd),
  };
};

const fmt = (value: number) => value.toLocaleString('en-US');
const usd = (value: number) => `$${value.toFixed(2)}`;

/** The section in bench/README.md. */
export const scaleSection = (r: ScaleResult): string => {
  const nested = r.stacks.filter((s) => s.name.startsWith(`${HUB_STACK_NAME}/`));
  const hubStack = r.stacks.find((s) => s.name === HUB_STACK_NAME);
  const rows = r.rows.map(
    (row) =>
      `| \`${row.type}\` | ${row.hub} | ${row.perSpokeAccount} | ${usd(row.unitUsd)} | ${usd(row.hubUsd)} | ${usd(row.spokesUsd)} | ${row.note} |`,
  );
  return `### 8. A large hub: fixed monthly cost (Tokyo, USD)

The generated registry of issue 17 (${fmt(r.registry.accounts)} accounts, ${r.registry.municipalities} municipalities, ${r.registry.asps} ASPs, ${r.registry.teamLevels} team levels, one email
address per receiver; \`test/helpers/large-registry.ts\`), synthesized with stub functions in ${r.synthSeconds} s: the hub has
${hubStack?.resources ?? 0} resources and ${nested.length} nested receiver stacks of at most ${Math.max(0, ...nested.map((s) => s.resources))}. The fixed cost is what the resources
cost while they exist, whatever the traffic; every ASP account deploys the 4 spoke stacks once. Prices of
bench/cost.ts (${PRICE_BASIS.region}, ${PRICE_BASIS.currency}, recorded ${PRICE_BASIS.recorded}, no free tiers).

| resource type | hub (nested included) | per spoke account (4 regions) | USD/month each | hub USD/month | spokes USD/month (${fmt(r.registry.accounts)} accounts) | note |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
| **total** | | | | **${usd(r.hubFixedUsd)}** | **${usd(r.spokesFixedUsd)}** | |

The spokes' keys (one per spoke stack, for its dead-letter queue) are most of it: ${usd(r.spokesFixedUsd / r.registry.accounts)} per ASP account a month,
paid in the ASPs' accounts; the hub's own fixed cost does not grow with the registry.

Traffic at this size: ${fmt(r.eventsPerMonth)} events a month (${ASSUMPTIONS.eventsPerAccountPerDay} per account per day), each crossing accounts from a spoke to the
hub bus at ${usd(PRICES.eventBridgeEvent.usd * 1e6)} per million: ${usd(r.crossAccountEventsUsd)} a month. The rest of the per-event cost (DynamoDB, Lambda, SNS, SQS,
Scheduler, KMS requests) scales as section 7's model.
`;
};

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.stdout.write(`${scaleSection(benchScale())}\n`);
