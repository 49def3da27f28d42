import {
  ArnFormat,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ACK_LINK_TTL_DEFAULT } from '../shared/ack-token.js';
import { INCIDENT_TABLE } from '../shared/adapters/aws/dynamodb-incident-store.js';
import { LIFECYCLE_SOURCE } from '../shared/adapters/aws/eventbridge-bus.js';
import { secretNamesFor } from '../shared/config/channels.js';
import type { Config } from '../shared/config/registry.js';
import { busShards } from './bus-shards.js';
import { webhookSecretsStatement } from './constructs/chat-channels.js';
import { IncidentConsole } from './constructs/console.js';
import { EscalationTimers, SCHEDULE_GROUP_NAME } from './constructs/escalation-timers.js';
import { HubEventBus } from './constructs/hub-event-bus.js';
import { IncidentTable } from './constructs/incident-table.js';
import { IngestQueue } from './constructs/ingest-queue.js';
import { LifecycleForwarding } from './constructs/lifecycle-forwarding.js';
import { MonthlyReport, REPORT_MARKER_PREFIX } from './constructs/monthly-report.js';
import { placeReceivers, type ReceiverStack } from './constructs/receiver-stacks.js';
import type { ReceiverTopics } from './constructs/receiver-topics.js';
import { RouterAlarms } from './constructs/router-alarms.js';
import { RouterDashboard } from './constructs/router-dashboard.js';
import {
  DEFAULT_TIMEOUT,
  type FunctionCode,
  RouterFunction,
  type RouterFunctionName,
  type RouterFunctionProps,
  serviceName,
} from './constructs/router-function.js';

/** Options of {@link HubStack}. */
export type HubStackProps = StackProps & {
  /** The validated config: its accounts open the bus policy, its receivers get one topic each. */
  readonly config: Config;
  /** Bundled functions (with the config as JSON beside each handler) or inline stubs for template tests. */
  readonly functionCode: FunctionCode;
  /**
   * Concurrency reserved for the acknowledge function, which is also its ceiling (default
   * {@link ACK_RESERVED_CONCURRENCY}).
   */
  readonly ackConcurrency?: number;
};

/**
 * The acknowledge function URL is open to the internet. Its reserved concurrency is a ceiling: a flood of requests
 * gets throttled (429) at this many at once and never takes the account's concurrency from route, escalate and
 * sweeper. A click takes well under a second, so five at once serve every on-call person there is.
 */
export const ACK_RESERVED_CONCURRENCY = 5;

/**
 * The integrated team's hub (DESIGN §2): the bus the spokes put events on, the ingest queue and the route
 * function, the incident table, one topic per receiver, the escalation timers, the sweeper, the acknowledge
 * endpoint, and the dashboard and alarms that watch the router itself.
 *
 * Every function gets its own role with exactly what its code calls (see `grants` below); all four read the
 * same environment (`functions/aws-ports.ts` checks it at cold start).
 */
export class HubStack extends Stack {
  readonly key: kms.Key;
  /** The acknowledge secret's own key: only Secrets Manager, on behalf of the four functions, uses it. */
  readonly ackSecretKey: kms.Key;
  /** Bus 1 (`alert-router-hub`): its accounts, the router's lifecycle events and the ASP forwarding rules. */
  readonly hubBus: HubEventBus;
  /** Every hub bus, shard 1 first (infra/bus-shards.ts): one for up to about 270 accounts. */
  readonly hubBuses: readonly HubEventBus[];
  readonly table: IncidentTable;
  /** The topics in the hub stack itself: all of them for a registry within the hub's capacity (issue 17). */
  readonly topics: ReceiverTopics;
  /** Nested stacks with the topics of the receivers beyond the hub's capacity (infra/constructs/receiver-stacks.ts). */
  readonly receiverStacks: readonly ReceiverStack[];
  readonly functions: Readonly<Record<RouterFunctionName, RouterFunction>>;
  /** The incident console (DESIGN §14): only when the config has a `console:` section. */
  readonly incidentConsole: IncidentConsole | undefined;
  /** Rules forwarding each ASP's lifecycle events to its own bus; undefined when no ASP has an `eventBusArn`. */
  readonly lifecycleForwarding: LifecycleForwarding | undefined;

  constructor(
    scope: Construct,
    id: string,
    { config, functionCode, ackConcurrency = ACK_RESERVED_CONCURRENCY, ...props }: HubStackProps,
  ) {
    super(scope, id, props);

    this.key = new kms.Key(this, 'Key', {
      alias: 'alias/alert-router',
      description: 'alert-router: hub bus and archive, queues, topics, incident table, log groups',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch alarm actions publish to the (encrypted) team topic: only alarms of this account, named by us.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsToEncryptedTopics',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: {
            'aws:SourceArn': this.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: 'alert-router-*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    // CloudWatch Logs encrypts the functions' log groups, and only those (the encryption context names the group).
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsOfTheRouterFunctions',
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': this.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '/aws/lambda/alert-router-*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );

    // Sharded when the allow-list outgrows one bus policy (issue 17); bus 1 always exists and keeps its ids.
    const shards = busShards(config.accounts);
    const shardNumbers = [...new Set([1, ...shards.map((s) => s.shard)])].sort((a, b) => a - b);
    this.hubBuses = shardNumbers.map((shard) => {
      const hubBus = new HubEventBus(this, shard === 1 ? 'HubBus' : `HubBus${shard}`, {
        accountIds: (shards.find((s) => s.shard === shard)?.accounts ?? []).map((account) => account.id),
        key: this.key,
        shard,
      });
      new CfnOutput(this, shard === 1 ? 'HubBusArn' : `HubBus${shard}Arn`, {
        description: `The bus the spokes of the accounts of shard ${shard} target (HubEventBusArn; cdk.out/spoke-buses.json)`,
        value: hubBus.bus.eventBusArn,
      });
      return hubBus;
    });
    this.hubBus = this.hubBuses[0] as HubEventBus;
    const ingest = new IngestQueue(this, 'Ingest', {
      bus: this.hubBuses.map((hubBus) => hubBus.bus),
      key: this.key,
      consumerTimeout: DEFAULT_TIMEOUT,
    });
    // Lifecycle events of an ASP that registered its own bus go there too (DESIGN §11).
    const forwardedAsps = config.asps.flatMap((asp) =>
      asp.eventBusArn === undefined ? [] : [{ id: asp.id, eventBusArn: asp.eventBusArn }],
    );
    this.lifecycleForwarding =
      forwardedAsps.length === 0
        ? undefined
        : new LifecycleForwarding(this, 'LifecycleForwarding', {
            bus: this.hubBus.bus,
            key: this.key,
            asps: forwardedAsps,
          });
    this.table = new IncidentTable(this, 'Incidents', { key: this.key });
    // Topics, subscriptions and Amazon Q channels (DESIGN §13): in the hub, and in nested stacks past its capacity.
    const receivers = placeReceivers(this, { config, key: this.key });
    this.topics = receivers.topics;
    this.receiverStacks = receivers.stacks;
    const timers = new EscalationTimers(this, 'Escalations', { key: this.key });

    // The ack secret has a key of its own: the router key's many service grants (EventBridge, CloudWatch, Logs,
    // SNS, SQS, DynamoDB) never reach it, and disabling this key revokes every link at once.
    this.ackSecretKey = new kms.Key(this, 'AckSecretKey', {
      alias: 'alias/alert-router-ack-secret',
      description: 'alert-router: the HMAC key of the signed acknowledge links (Secrets Manager only)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const ackSecret = new secretsmanager.Secret(this, 'AckSecret', {
      description: 'alert-router: HMAC key of the signed acknowledge links',
      encryptionKey: this.ackSecretKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    Validations.of(ackSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The HMAC key of the acknowledge links is rotated by hand (put a new random value, README "Security"): the functions accept the current and the previous version, so a rotation keeps sent links working; a rotation Lambda would add a function and a schedule for a key whose links live 12 hours.',
    });

    // Names are fixed so that the escalate function's ARN can be an environment value of the escalate
    // function itself (a GetAtt would be a circular reference).
    const escalateArn = this.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: serviceName('escalate'),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // The acknowledge function is not told its own URL (a circular reference) and never builds links.
    const environment = (ackBaseUrl?: string): Record<string, string> => ({
      TABLE_NAME: this.table.table.tableName,
      EVENT_BUS_NAME: this.hubBus.bus.eventBusName,
      TOPIC_ARN_PREFIX: this.topics.arnPrefix,
      SCHEDULE_GROUP: SCHEDULE_GROUP_NAME,
      ESCALATE_FUNCTION_ARN: escalateArn,
      SCHEDULER_ROLE_ARN: timers.role.roleArn,
      ESCALATION_DLQ_ARN: timers.deadLetterQueue.queueArn,
      ACK_SECRET_ARN: ackSecret.secretArn,
      ...(ackBaseUrl ? { ACK_BASE_URL: ackBaseUrl } : {}),
      ACK_LINK_TTL: ACK_LINK_TTL_DEFAULT,
    });

    const acknowledge = new RouterFunction(this, 'Acknowledge', {
      name: 'acknowledge',
      description: 'alert-router: the signed acknowledge links (GET confirms, POST acknowledges or resolves)',
      code: functionCode,
      environment: environment(),
      timeout: Duration.seconds(10),
      logKey: this.key,
      reservedConcurrency: ackConcurrency,
    });
    const ackUrl = acknowledge.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    const make = (
      name: RouterFunctionName,
      id: string,
      description: string,
      extra: Partial<RouterFunctionProps> = {},
    ) =>
      new RouterFunction(this, id, {
        name,
        description,
        code: functionCode,
        environment: environment(ackUrl.url),
        timeout: DEFAULT_TIMEOUT,
        logKey: this.key,
        ...extra,
      });
    const route = make('route', 'Route', 'alert-router: routes the events of the ingest queue');
    const escalate = make('escalate', 'Escalate', 'alert-router: fires one escalation step (Scheduler)', {
      retryAttempts: 2,
    });
    const sweeper = make('sweeper', 'Sweeper', 'alert-router: re-fires overdue escalations, heartbeat', {
      timeout: Duration.seconds(50),
      retryAttempts: 0,
    });
    // The console (DESIGN §14) when the config asks for it; the monthly report (§15) links to its report page.
    this.incidentConsole =
      config.console === undefined
        ? undefined
        : new IncidentConsole(this, 'Console', {
            config: config.console,
            receiverIds: [...config.receiversById.keys()],
            code: functionCode,
            environment: environment(ackUrl.url),
            logKey: this.key,
          });
    const monthlyReport = new MonthlyReport(this, 'MonthlyReport', {
      code: functionCode,
      // What functions/monthly-report/handler.ts reads: the table, the topics, the console for the report link.
      environment: {
        TABLE_NAME: this.table.table.tableName,
        TOPIC_ARN_PREFIX: this.topics.arnPrefix,
        ...(this.incidentConsole === undefined ? {} : { CONSOLE_URL: this.incidentConsole.url }),
      },
      logKey: this.key,
    });
    this.functions = { route, escalate, sweeper, acknowledge, 'monthly-report': monthlyReport.function };

    route.fn.addEventSource(
      new eventSources.SqsEventSource(ingest.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
      }),
    );
    timers.allowInvoke(escalate.fn);
    new events.Rule(this, 'SweeperSchedule', {
      description: 'Runs the alert-router sweeper every minute',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(sweeper.fn, { retryAttempts: 0 })],
    });

    // Least privilege: what each function's code calls, on exactly the resources it calls it on.
    const grants = {
      tableItems: new iam.PolicyStatement({
        sid: 'IncidentTableItems',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        resources: [this.table.table.tableArn],
      }),
      // Items by key after an index query (shared/adapters/aws/dynamodb-incident-store.ts `getItems`): the sweeper's
      // due steps and stale outbox entries, the console's list, the month of the report.
      batchRead: new iam.PolicyStatement({
        sid: 'IncidentTableBatchRead',
        actions: ['dynamodb:BatchGetItem'],
        resources: [this.table.table.tableArn],
      }),
      indexQuery: (indexName: string) =>
        new iam.PolicyStatement({
          sid: `Query${indexName.charAt(0).toUpperCase()}${indexName.slice(1)}`,
          actions: ['dynamodb:Query'],
          resources: [this.table.indexArn(indexName)],
        }),
      publish: new iam.PolicyStatement({
        sid: 'PublishToReceiverTopics',
        actions: ['sns:Publish'],
        resources: [...receivers.publishResources],
      }),
      key: new iam.PolicyStatement({
        sid: 'UseRouterKey',
        // Decrypt: SQS messages, table items, the secret; GenerateDataKey: SNS publish; Encrypt and DescribeKey:
        // what DynamoDB may ask of a caller of a table under a customer-managed key.
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt', 'kms:DescribeKey'],
        resources: [this.key.keyArn],
      }),
      secret: new iam.PolicyStatement({
        sid: 'ReadAckSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [ackSecret.secretArn],
      }),
      secretKey: new iam.PolicyStatement({
        sid: 'DecryptAckSecret',
        actions: ['kms:Decrypt'],
        resources: [this.ackSecretKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${this.region}.amazonaws.com` } },
      }),
      schedules: (scheduleActions: string[]) =>
        new iam.PolicyStatement({
          sid: 'EscalationSchedules',
          actions: scheduleActions,
          resources: [timers.schedulesArn],
        }),
      // Lifecycle events (DESIGN §11), with the router's own source only: a function can never pass an event off as
      // one of the spokes' AWS events. The bus encrypts them with the router key under its key policy: the caller
      // needs no KMS permission for that.
      lifecycleEvents: new iam.PolicyStatement({
        sid: 'PutLifecycleEventsOnHubBus',
        actions: ['events:PutEvents'],
        resources: [this.hubBus.bus.eventBusArn],
        conditions: { StringEquals: { 'events:source': LIFECYCLE_SOURCE } },
      }),
      passRole: new iam.PolicyStatement({
        sid: 'PassSchedulerRole',
        actions: ['iam:PassRole'],
        resources: [timers.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    };
    const schedulesReason =
      'Escalation schedules are created at run time, one per incident step (named <incident>-s<step>-t<token>); the grant is limited to the alert-router-escalations schedule group of this account and region.';
    const createAndDelete = ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'];
    const grant = (fn: RouterFunction, statements: iam.PolicyStatement[]) => {
      for (const statement of statements) fn.role.addToPrincipalPolicy(statement);
      if (statements.includes(grants.publish)) receivers.acknowledgePrefixGrant(fn.role);
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${nagValue(this.region, 'AWS::Region')}:${nagValue(this.account, 'AWS::AccountId')}:schedule/${SCHEDULE_GROUP_NAME}/*]`,
        reason: schedulesReason,
      });
    };
    // route, escalate and sweeper work on incidents and their outbox, publish, put lifecycle events, sign ack links
    // and create or delete schedules; `indexes` are the sparse or id indexes each queries besides.
    // The webhook secrets of `{slack|teams: {secret}}` (DESIGN §13), by name, for the functions that send.
    const webhookSecrets = webhookSecretsStatement(this, secretNamesFor(config));
    const allow = (fn: RouterFunction, indexes: string[]) =>
      grant(fn, [
        grants.tableItems,
        ...indexes.map(grants.indexQuery),
        grants.publish,
        ...(webhookSecrets ? [webhookSecrets] : []),
        grants.lifecycleEvents,
        grants.key,
        grants.secret,
        grants.secretKey,
        grants.schedules(createAndDelete),
        grants.passRole,
      ]);
    // route: the pipeline (incident, outbox), publishes, schedules the first step, reads the key for ack links.
    allow(route, []);
    // escalate: the next step of one incident, or a storm-control digest (read from its sparse index).
    allow(escalate, [INCIDENT_TABLE.pendingByGroup.indexName]);
    // sweeper: finds due steps in the sparse index and fires them like escalate (links included).
    allow(sweeper, [
      INCIDENT_TABLE.dueEscalations.indexName,
      INCIDENT_TABLE.pendingOutbox.indexName,
      INCIDENT_TABLE.pendingByGroup.indexName,
    ]);
    sweeper.role.addToPrincipalPolicy(grants.batchRead);
    // acknowledge (open to the internet): finds the incident by id, acknowledges it and deletes its timers. It
    // only stops things (functions/acknowledge/handler.ts): no publish, no CreateSchedule, no PassRole. An ack goes
    // through applyTransition like any change, so it puts its `Incident Acknowledged` on the hub bus.
    grant(acknowledge, [
      grants.tableItems,
      grants.indexQuery(INCIDENT_TABLE.byIncidentId.indexName),
      grants.lifecycleEvents,
      grants.key,
      grants.secret,
      grants.secretKey,
      grants.schedules(['scheduler:DeleteSchedule']),
    ]);
    // console (behind Cognito sign-in): the views read incidents by id and through the console's indexes; its
    // actions (acknowledge, resolve, share, post an update) go through applyTransition like the CLI's, so it may
    // do what route does: write incidents, publish, put lifecycle events, schedule the next-report reminder.
    if (this.incidentConsole !== undefined) {
      allow(this.incidentConsole.function, [
        INCIDENT_TABLE.byIncidentId.indexName,
        INCIDENT_TABLE.byMonth.indexName,
        INCIDENT_TABLE.openByAsp.indexName,
      ]);
      this.incidentConsole.function.role.addToPrincipalPolicy(grants.batchRead);
    }
    // monthly-report: reads the month's incidents (byMonth, then by key), claims and marks one item per month and
    // receiver (`REPORT#<month>`: a re-run sends nothing twice; it can write no other item) and publishes one
    // summary per receiver to its topic and its webhooks (functions/monthly-report/handler.ts). No lifecycle
    // events, no schedules, no ack links.
    for (const statement of [
      ...(webhookSecrets ? [webhookSecrets] : []),
      grants.indexQuery(INCIDENT_TABLE.byMonth.indexName),
      grants.batchRead,
      new iam.PolicyStatement({
        sid: 'MonthlyReportMarkers',
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [this.table.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${REPORT_MARKER_PREFIX}*`] } },
      }),
      grants.publish,
      grants.key,
    ])
      monthlyReport.function.role.addToPrincipalPolicy(statement);
    receivers.acknowledgePrefixGrant(monthlyReport.function.role);

    const teamTopic = this.topics.allowAlarms(config.team.levels[0] as string);
    const routerFunctions = {
      route: route.fn,
      escalate: escalate.fn,
      sweeper: sweeper.fn,
      acknowledge: acknowledge.fn,
      'monthly-report': monthlyReport.function.fn,
    };
    const alarms = new RouterAlarms(this, 'Alarms', {
      topic: teamTopic,
      functions: routerFunctions,
      ingestQueue: ingest.queue,
      ingestDeadLetterQueue: ingest.deadLetterQueue,
      escalationDeadLetterQueue: timers.deadLetterQueue,
      lifecycleDeadLetterQueue: this.lifecycleForwarding?.deadLetterQueue,
      ...(this.incidentConsole === undefined ? {} : { console: this.incidentConsole.function.fn }),
    });
    new RouterDashboard(this, 'Dashboard', {
      functions: routerFunctions,
      ingestQueue: ingest.queue,
      ingestDeadLetterQueue: ingest.deadLetterQueue,
      escalationDeadLetterQueue: timers.deadLetterQueue,
      alarms: alarms.alarms,
    });

    Validations.of(timers.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the DeadLetterConfig of every escalation schedule (EventBridge Scheduler) points at it; SQS redrive cannot express that link.',
    });
  }
}

/** How cdk-nag spells a value in a finding id: the literal, or `<AWS::Region>` for an unresolved pseudo parameter. */
const nagValue = (value: string, pseudo: string): string =>
  Token.isUnresolved(value) ? `<${pseudo}>` : value;
