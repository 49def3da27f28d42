import type { Scenario } from './dynamodb.js';

/**
 * Section 6: a monthly cost model. Every price is a named constant with where it comes from; every usage figure
 * is either measured by this bench (DynamoDB units and requests per step, the event profile of the replay, core
 * CPU per event, import time) or an assumption named below. Free tiers are left out: the model is what a hub
 * pays once it is past them, which is the conservative reading.
 */

/** The price basis: AWS list prices, Asia Pacific (Tokyo), on-demand, USD, without tax. */
export const PRICE_BASIS = {
  region: 'ap-northeast-1',
  currency: 'USD',
  recorded: '2026-11-28',
  note:
    'AWS list prices for Asia Pacific (Tokyo), on-demand, without free tiers or tax, as last known on the ' +
    'recorded date. The pricing pages could not be read from the machine the bench was written on (no network ' +
    'but the npm registry): a price with `checkedAgainst` was compared with that second public source; every ' +
    'other price, and every OpenSearch Tokyo price, must be confirmed on the pricing page before quoting.',
} as const;

type Price = {
  readonly usd: number;
  readonly per: string;
  readonly source: string;
  /** The second public source the price was compared with on the recorded date, if it was. */
  readonly checkedAgainst: string | undefined;
};

const price = (usd: number, per: string, source: string, checkedAgainst?: string): Price => ({
  usd,
  per,
  source,
  checkedAgainst,
});

export const PRICES = {
  lambdaArmGbSecond: price(
    0.0000133334,
    'GB-second (arm64, first tier)',
    'aws.amazon.com/lambda/pricing, Tokyo',
    'ap-northeast-1 arm64 table of github.com/janritter/aws-lambda-live-tuner (cost/price.go)',
  ),
  lambdaRequest: price(0.2 / 1e6, 'request', 'aws.amazon.com/lambda/pricing, Tokyo'),
  dynamoWriteUnit: price(
    0.715 / 1e6,
    'write request unit (on-demand)',
    'aws.amazon.com/dynamodb/pricing/on-demand, Tokyo, since the 2024-11-01 reduction',
  ),
  dynamoReadUnit: price(
    0.1425 / 1e6,
    'read request unit (on-demand)',
    'aws.amazon.com/dynamodb/pricing/on-demand, Tokyo, since the 2024-11-01 reduction',
  ),
  dynamoStorageGbMonth: price(
    0.285,
    'GB-month (Standard table class)',
    'aws.amazon.com/dynamodb/pricing, Tokyo',
  ),
  snsPublish: price(
    0.5 / 1e6,
    'publish (64 KB chunk)',
    'aws.amazon.com/sns/pricing, standard topics',
    'factualminds.com "Amazon SNS Pricing" (2026): $0.50 per million standard publishes',
  ),
  snsEmail: price(
    2 / 1e5,
    'email delivery',
    'aws.amazon.com/sns/pricing, email/email-JSON',
    'factualminds.com "Amazon SNS Pricing" (2026): email $2 per 100,000',
  ),
  sqsRequest: price(0.4 / 1e6, 'request (standard queue)', 'aws.amazon.com/sqs/pricing, Tokyo'),
  eventBridgeEvent: price(
    1 / 1e6,
    'event (custom or cross-account, 64 KB chunk)',
    'aws.amazon.com/eventbridge/pricing: events sent to another account are charged as custom events',
  ),
  eventBridgeArchiveGb: price(0.1, 'GB archived', 'aws.amazon.com/eventbridge/pricing, archive processing'),
  eventBridgeArchiveStorageGbMonth: price(0.023, 'GB-month archived', 'aws.amazon.com/eventbridge/pricing'),
  schedulerInvocation: price(
    1 / 1e6,
    'scheduled invocation (after 14 M free)',
    'aws.amazon.com/eventbridge/pricing, Scheduler',
  ),
  logsIngestGb: price(0.76, 'GB ingested (standard)', 'aws.amazon.com/cloudwatch/pricing, Tokyo'),
  logsStorageGbMonth: price(0.033, 'GB-month stored', 'aws.amazon.com/cloudwatch/pricing, Tokyo'),
  customMetric: price(
    0.3,
    'metric-month (first 10,000)',
    'aws.amazon.com/cloudwatch/pricing, Tokyo',
    'a Tokyo bill line quoted on jpdebug.com: "$0.30 per metric-month for the first 10,000 metrics - Asia Pacific (Tokyo)"',
  ),
  alarm: price(0.1, 'standard alarm-month', 'aws.amazon.com/cloudwatch/pricing'),
  dashboard: price(3, 'dashboard-month (after 3 free)', 'aws.amazon.com/cloudwatch/pricing'),
  kmsKey: price(1, 'customer managed key-month', 'aws.amazon.com/kms/pricing'),
  kmsRequest: price(0.03 / 1e4, 'request', 'aws.amazon.com/kms/pricing'),
  secret: price(0.4, 'secret-month', 'aws.amazon.com/secrets-manager/pricing'),
  secretApiCall: price(0.05 / 1e4, 'API call', 'aws.amazon.com/secrets-manager/pricing'),
  openSearchT3Small: price(
    0.056,
    'instance-hour t3.small.search',
    'aws.amazon.com/opensearch-service/pricing, Tokyo (the us-east-1 list price, $0.036, is the checked one)',
    'us-east-1 only: $0.036 in two public price tables on GitHub',
  ),
  openSearchR6gLarge: price(
    0.201,
    'instance-hour r6g.large.search',
    'aws.amazon.com/opensearch-service/pricing, Tokyo (the us-east-1 list price, $0.167, is the checked one)',
    'us-east-1 only: $0.167 in a public price table on GitHub',
  ),
  openSearchGp3GbMonth: price(
    0.146,
    'GB-month gp3 (managed EBS)',
    'aws.amazon.com/opensearch-service/pricing, Tokyo (the us-east-1 list price, $0.122, is the checked one)',
    'us-east-1 only: $0.122 in two public price tables on GitHub',
  ),
} as const;

/** What the model assumes rather than measures. */
export const ASSUMPTIONS = {
  eventsPerAccountPerDay: 50,
  daysPerMonth: 30,
  hoursPerMonth: 730,
  /** 512 MB (the stack's setting) gets 512/1769 of a vCPU: pure CPU work takes this much longer than here. */
  lambdaMemoryGb: 0.5,
  lambdaCpuSlowdown: 1769 / 512,
  /** Events per route invocation: at a few events a second the 1 s batching window rarely fills a batch. */
  eventsPerRouteInvocation: 1,
  /** Round-trip latencies inside the region that a handler waits for (billed as duration). */
  dynamoLatencyMs: 6,
  snsPublishLatencyMs: 20,
  schedulerCallLatencyMs: 30,
  /** Cold starts (billed INIT) per function per day, and what INIT adds besides the import measured here. */
  coldStartsPerFunctionPerDay: 50,
  runtimeInitMs: 150,
  /** CloudWatch Logs per invocation: START/END/REPORT lines, one log line and the EMF metrics blob. */
  logBytesPerInvocation: 1_500,
  customMetrics: 25,
  /** Email subscriptions per receiver topic (SMS, chat and HTTPS are left out). */
  emailSubscriptionsPerTopic: 1,
  /** SQS requests per event: SendMessage by EventBridge, ReceiveMessage and DeleteMessageBatch by Lambda. */
  sqsRequestsPerEvent: 3,
  /** Lambda keeps five long-polling connections on the queue, 20 s each, even when idle. */
  sqsIdlePollsPerMonth: 5 * 3 * 60 * 24 * 30,
  /** SQS, SNS and Secrets Manager cache data keys and secrets for 5 minutes: KMS calls per cache per month. */
  kmsCachedCallsPerMonth: 12 * 24 * 30,
  kmsCaches: 8,
  /** One KMS request per SNS publish to an encrypted topic (the upper bound). */
  kmsRequestsPerPublish: 1,
  /** Incident and deliveries kept 90 days; each item is stored again by the indexes that project ALL. */
  retentionDays: 90,
  /** OpenSearch: days of events kept searchable, copies (primary + replica), index overhead. */
  siemRetentionDays: 90,
  siemCopies: 2,
  siemIndexOverhead: 1.1,
  siemMinimumGbPerNode: 10,
} as const;

/** The event profile of the replay (section 2): what each event turned into, per event. */
export type Profile = {
  readonly opened: number;
  readonly updated: number;
  readonly resolved: number;
  readonly duplicate: number;
  readonly acks: number;
  readonly notifications: number;
  readonly escalations: number;
  readonly digests: number;
};

export type CostInputs = {
  readonly profile: Profile;
  readonly scenarios: readonly Scenario[];
  readonly coreMicrosecondsPerEvent: number;
  readonly averageEventBytes: number;
  readonly importMs: { readonly route: number; readonly other: number };
  readonly hub: {
    readonly alarms: number;
    readonly kmsKeys: number;
    readonly secrets: number;
    readonly dashboards: number;
  };
};

export type MonthlyCost = {
  readonly accounts: number;
  readonly eventsPerMonth: number;
  readonly notificationsPerMonth: number;
  readonly usd: Readonly<Record<string, number>>;
  readonly totalUsd: number;
  readonly usdPerMillionEvents: number;
  readonly openSearch: {
    readonly storageGb: number;
    readonly minimal: { readonly layout: string; readonly usd: number };
    readonly production: { readonly layout: string; readonly usd: number };
  };
};

export type CostResult = {
  readonly basis: typeof PRICE_BASIS;
  readonly prices: typeof PRICES;
  readonly assumptions: typeof ASSUMPTIONS;
  readonly perEvent: Readonly<Record<string, number>>;
  readonly formula: readonly string[];
  readonly months: readonly MonthlyCost[];
};

const FORMULA = [
  'E = accounts × eventsPerAccountPerDay × 30 (events a month); profile p = per-event shares measured by the replay',
  'per step s, from DynamoDB Local: RRU(s), WRU(s) (indexes included), requests(s), Scheduler calls(s)',
  'RRU/event = Σ p(s)·RRU(s) over opened→"new incident", updated→"update", resolved→"resolve", duplicate+stale→"duplicate", acks→"acknowledge", escalations→"escalation step", digests→"digest"; WRU/event likewise (markSent included)',
  'DynamoDB = E·(RRU/event·P_RRU + WRU/event·P_WRU) + storage(incidents and deliveries of 90 days, stored once more per ALL index)',
  'Lambda ms/event = core µs·(1769/512)/1000 + DynamoDB requests·6 ms + SNS publishes·20 ms + Scheduler calls·30 ms; invocations = E (route) + escalations + digests + 2·acks + 43,200 (sweeper)',
  'Lambda = invocations·P_req + (E·ms/event + 43,200·sweeper ms + cold starts·INIT ms)/1000·0.5 GB·P_GBs',
  'SNS = notifications·(P_publish + emails per topic·P_email); SQS = (3·E + idle polls)·P_sqs; EventBridge = E·P_event (spoke → hub) + archive (E·bytes)',
  'Scheduler = (escalations + digests + 43,200)·P_invocation; CloudWatch = logs(invocations·1.5 KB) + metrics + alarms + dashboard; KMS = keys + (publishes + cached calls)·P_req; Secrets Manager = secret + cached calls',
  'OpenSearch (SIEM) = nodes·730 h·P_instance + nodes·max(10 GB, E/30·90 days·bytes·2 copies·1.1/nodes)·P_gp3 (ingestion pipeline not included)',
];

const bySteps = (profile: Profile, scenarios: readonly Scenario[], value: (scenario: Scenario) => number) => {
  const of = (name: string) => {
    const scenario = scenarios.find((candidate) => candidate.scenario === name);
    return scenario === undefined ? 0 : value(scenario);
  };
  return (
    profile.opened * of('new incident') +
    profile.updated * of('update') +
    profile.resolved * of('resolve') +
    profile.duplicate * of('duplicate') +
    profile.acks * of('acknowledge') +
    profile.escalations * of('escalation step') +
    profile.digests * of('digest')
  );
};

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The per-event usage the model multiplies, from the measured figures. */
const perEventUsage = (inputs: CostInputs) => {
  const { profile, scenarios } = inputs;
  const readUnits = bySteps(profile, scenarios, (s) => s.readUnits);
  const writeUnits = bySteps(profile, scenarios, (s) => s.writeUnits);
  const dynamoRequests = bySteps(profile, scenarios, (s) => s.reads + s.writes + s.markSent);
  const schedulerCalls = bySteps(profile, scenarios, (s) => s.schedulerCalls);
  const lambdaMs =
    (inputs.coreMicrosecondsPerEvent * ASSUMPTIONS.lambdaCpuSlowdown) / 1_000 +
    dynamoRequests * ASSUMPTIONS.dynamoLatencyMs +
    profile.notifications * ASSUMPTIONS.snsPublishLatencyMs +
    schedulerCalls * ASSUMPTIONS.schedulerCallLatencyMs;
  return { readUnits, writeUnits, dynamoRequests, schedulerCalls, lambdaMs };
};

export const costModel = (
  inputs: CostInputs,
  accountCounts: readonly number[] = [50, 200, 1_000, 2_000],
): CostResult => {
  const usage = perEventUsage(inputs);
  const { profile } = inputs;
  const A = ASSUMPTIONS;
  const P = PRICES;
  const months = accountCounts.map((accounts): MonthlyCost => {
    const events = accounts * A.eventsPerAccountPerDay * A.daysPerMonth;
    const notifications = events * profile.notifications;
    const sweeperRuns = 60 * 24 * A.daysPerMonth;
    const invocations =
      events / A.eventsPerRouteInvocation +
      events * (profile.escalations + profile.digests + 2 * profile.acks) +
      sweeperRuns;
    const sweeperMs = 2 * A.dynamoLatencyMs + 5;
    const coldStarts = 4 * A.coldStartsPerFunctionPerDay * A.daysPerMonth;
    const initMs =
      A.runtimeInitMs + ((inputs.importMs.route + 3 * inputs.importMs.other) / 4) * A.lambdaCpuSlowdown;
    const gbSeconds =
      ((events * usage.lambdaMs + sweeperRuns * sweeperMs + coldStarts * initMs) / 1_000) * A.lambdaMemoryGb;
    const gb = (bytes: number) => bytes / 1024 ** 3;
    // Items live `retentionDays`: incidents (~2 KB) and their deliveries (~1 KB), twice more in the ALL indexes.
    const storedGb =
      gb(
        events *
          (A.retentionDays / A.daysPerMonth) *
          (profile.opened * 2_048 + profile.notifications * 1_024),
      ) * 2;
    const logGb = gb(invocations * A.logBytesPerInvocation);
    const archiveGb = gb(events * inputs.averageEventBytes);
    const usd: Record<string, number> = {
      dynamodb:
        events * (usage.readUnits * P.dynamoReadUnit.usd + usage.writeUnits * P.dynamoWriteUnit.usd) +
        storedGb * P.dynamoStorageGbMonth.usd,
      lambda: invocations * P.lambdaRequest.usd + gbSeconds * P.lambdaArmGbSecond.usd,
      sns: notifications * (P.snsPublish.usd + A.emailSubscriptionsPerTopic * P.snsEmail.usd),
      sqs: (events * A.sqsRequestsPerEvent + A.sqsIdlePollsPerMonth) * P.sqsRequest.usd,
      eventbridge:
        events * P.eventBridgeEvent.usd +
        archiveGb * P.eventBridgeArchiveGb.usd +
        archiveGb * (A.retentionDays / A.daysPerMonth) * P.eventBridgeArchiveStorageGbMonth.usd,
      scheduler: (events * (profile.escalations + profile.digests) + sweeperRuns) * P.schedulerInvocation.usd,
      cloudwatch:
        logGb * P.logsIngestGb.usd +
        logGb * 6 * P.logsStorageGbMonth.usd + // on average half of a year's logs are stored (365-day retention)
        A.customMetrics * P.customMetric.usd +
        inputs.hub.alarms * P.alarm.usd +
        inputs.hub.dashboards * P.dashboard.usd,
      kms:
        inputs.hub.kmsKeys * P.kmsKey.usd +
        (notifications * A.kmsRequestsPerPublish + A.kmsCaches * A.kmsCachedCallsPerMonth) * P.kmsRequest.usd,
      secretsManager: inputs.hub.secrets * P.secret.usd + 4 * A.kmsCachedCallsPerMonth * P.secretApiCall.usd,
    };
    for (const key of Object.keys(usd)) usd[key] = round2(usd[key] as number);
    const totalUsd = round2(Object.values(usd).reduce((sum, value) => sum + value, 0));

    const siemGb = gb(
      (events / A.daysPerMonth) *
        A.siemRetentionDays *
        inputs.averageEventBytes *
        A.siemCopies *
        A.siemIndexOverhead,
    );
    const domain = (nodes: number, hourly: number) =>
      round2(
        nodes * A.hoursPerMonth * hourly +
          nodes * Math.max(A.siemMinimumGbPerNode, siemGb / nodes) * P.openSearchGp3GbMonth.usd,
      );
    return {
      accounts,
      eventsPerMonth: events,
      notificationsPerMonth: Math.round(notifications),
      usd,
      totalUsd,
      usdPerMillionEvents: round2((totalUsd / events) * 1e6),
      openSearch: {
        storageGb: round2(siemGb),
        minimal: {
          layout: '2 × t3.small.search (dev/test class, no dedicated masters), gp3',
          usd: domain(2, P.openSearchT3Small.usd),
        },
        production: {
          layout: '2 × r6g.large.search (Multi-AZ), gp3',
          usd: domain(2, P.openSearchR6gLarge.usd),
        },
      },
    };
  });
  const perEvent = {
    readUnits: round2(usage.readUnits),
    writeUnits: round2(usage.writeUnits),
    dynamoRequests: round2(usage.dynamoRequests),
    schedulerCalls: round2(usage.schedulerCalls),
    lambdaMs: round2(usage.lambdaMs),
    notifications: round2(profile.notifications),
  };
  return { basis: PRICE_BASIS, prices: PRICES, assumptions: ASSUMPTIONS, perEvent, formula: FORMULA, months };
};
