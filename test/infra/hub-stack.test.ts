import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../functions/aws-ports.js';
import { buildApp, HUB_STACK_NAME } from '../../infra/app.js';
import {
  BUS_POLICY_BUDGET_BYTES,
  busPolicySize,
  checkBusPolicySize,
} from '../../infra/constructs/hub-event-bus.js';
import { HubStack } from '../../infra/hub-stack.js';
import { INCIDENT_TABLE } from '../../shared/storage/table-layout.js';
import { aConfig, EXAMPLE_RECEIVERS } from '../helpers/config.js';

const EXAMPLE = 'events/config.example.yaml';
const EXAMPLE_ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'];
const FUNCTIONS = ['route', 'escalate', 'sweeper', 'acknowledge'] as const;
/** The environment `functions/aws-ports.ts` reads (docs/aws-runtime.md). */
const ENVIRONMENT = [
  'TABLE_NAME',
  'EVENT_BUS_NAME',
  'TOPIC_ARN_PREFIX',
  'SCHEDULE_GROUP',
  'ESCALATE_FUNCTION_ARN',
  'SCHEDULER_ROLE_ARN',
  'ESCALATION_DLQ_ARN',
  'ACK_SECRET_ARN',
  'ACK_BASE_URL',
  'ACK_LINK_TTL',
  'ROUTER_CONFIG_FILE',
];

let template: Template;
let json: string;

beforeAll(() => {
  const app = buildApp(EXAMPLE, { stubFunctions: true }, { builtinCloudFormationValidation: false });
  template = Template.fromStack(app.node.findChild(HUB_STACK_NAME) as Stack);
  json = JSON.stringify(template.toJSON());
});

/** A stand-in for CloudFormation: turns the intrinsics of an environment value into a plausible string. */
const fakeResolve = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if ('Fn::Join' in v) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(fakeResolve).join(separator);
  }
  if ('Ref' in v) {
    const ref = v.Ref as string;
    if (ref === 'AWS::Partition') return 'aws';
    if (ref === 'AWS::Region') return 'ap-northeast-1';
    if (ref === 'AWS::AccountId') return '123456789012';
    return ref.startsWith('AckSecret')
      ? `arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:${ref}`
      : ref;
  }
  if ('Fn::GetAtt' in v) {
    const [resource, attribute] = v['Fn::GetAtt'] as [string, string];
    if (attribute === 'FunctionUrl') return 'https://abcdefghijklmnop.lambda-url.ap-northeast-1.on.aws/';
    return `arn:aws:service:ap-northeast-1:123456789012:${resource}`;
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
};

const functionProps = (name: string) => {
  const found = template.findResources('AWS::Lambda::Function', {
    Properties: { FunctionName: `alert-router-${name}` },
  });
  const [resource] = Object.values(found);
  if (resource === undefined) throw new Error(`no function alert-router-${name}`);
  return resource.Properties as { Environment: { Variables: Record<string, unknown> }; Role: unknown };
};

const roleStatements = (name: string) => {
  const role = (functionProps(name).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: role }] },
  });
  return Object.values(policies).flatMap(
    (policy) =>
      (policy.Properties as { PolicyDocument: { Statement: Record<string, unknown>[] } }).PolicyDocument
        .Statement,
  );
};

const actionsOf = (statements: Record<string, unknown>[]) =>
  statements.flatMap((statement) => [statement.Action].flat() as string[]).sort();

describe('hub bus policy', () => {
  it('allows PutEvents from exactly the config accounts, as account root principals', () => {
    // The policy is the bus's own property (no AWS::Events::EventBusPolicy: issue 11 #14).
    const buses = template.findResources('AWS::Events::EventBus');
    expect(Object.keys(buses)).toHaveLength(1);
    const statements = (
      Object.values(buses)[0]?.Properties as { Policy: { Statement: Record<string, any>[] } }
    ).Policy.Statement;
    expect(statements).toHaveLength(1);
    const statement = statements[0] as Record<string, any>;
    expect(statement.Effect).toBe('Allow');
    expect(statement.Action).toBe('events:PutEvents');
    const principals = (statement.Principal.AWS as unknown[]).map(fakeResolve);
    expect(principals).toEqual(EXAMPLE_ACCOUNTS.map((id) => `arn:aws:iam::${id}:root`));
    expect(statement.Condition).toBeUndefined();
  });

  it('never uses aws:PrincipalOrgID (the spokes share the Digital Agency organization)', () => {
    expect(json.toLowerCase()).not.toContain('principalorgid');
  });

  it('keeps an archive of what the spokes sent', () => {
    template.hasResourceProperties('AWS::Events::Archive', {
      EventPattern: { source: [{ prefix: 'aws.' }] },
      RetentionDays: 90,
    });
  });

  it('stops synth with a clear message when the accounts pinned to one bus would not fit the 10 KB policy limit', () => {
    // Unpinned accounts spread over more buses (test/infra/shards.test.ts); pins to one bus can overfill it.
    const accounts = Array.from({ length: 400 }, (_, i) => ({
      id: String(100_000_000_000 + i),
      name: `account-${i}`,
      asp: 'asp-a',
      municipalities: ['city-aoba'],
      system: 'test',
      busShard: 1,
    }));
    const app = new App();
    expect(
      () => new HubStack(app, 'TooBig', { config: aConfig({ accounts }), functionCode: { kind: 'stub' } }),
    ).toThrow(
      /hub bus policy for 400 registered accounts would be \d+ bytes; EventBridge refuses bus policies over 10240 bytes/,
    );
  });

  it('accepts accounts up to the budget and refuses the next one', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => String(100_000_000_000 + i));
    let fits = 1;
    while (busPolicySize(ids(fits + 1)) <= BUS_POLICY_BUDGET_BYTES) fits += 1;
    expect(fits).toBeGreaterThan(200);
    expect(checkBusPolicySize(ids(fits))).toBeLessThanOrEqual(BUS_POLICY_BUDGET_BYTES);
    expect(() => checkBusPolicySize(ids(fits + 1))).toThrow(/about \d+ accounts/);
  });
});

describe('encryption and TLS', () => {
  it('encrypts every queue with the customer-managed key and denies requests without TLS', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(3);
    for (const queue of Object.values(queues))
      expect(queue.Properties.KmsMasterKeyId).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'],
      });
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    for (const logicalId of Object.keys(queues)) {
      const policy = policies.find((p) => JSON.stringify(p.Properties.Queues).includes(logicalId));
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('has one encrypted, TLS-only topic per receiver, named so that TOPIC_ARN_PREFIX + id finds it', () => {
    const topics = Object.values(template.findResources('AWS::SNS::Topic'));
    expect(topics.map((t) => t.Properties.TopicName).sort()).toEqual(
      EXAMPLE_RECEIVERS.map((id) => `alert-router-${id}`).sort(),
    );
    for (const topic of topics) expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toHaveLength(EXAMPLE_RECEIVERS.length);
    for (const policy of policies)
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
  });

  it('rotates the key', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('generates an acknowledge secret of at least 32 characters under the key', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: Match.anyValue() }),
      KmsKeyId: Match.anyValue(),
    });
    const [secret] = Object.values(template.findResources('AWS::SecretsManager::Secret'));
    expect(secret?.Properties.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(32);
  });
});

describe('ingest', () => {
  it('routes the spoke events of the hub bus to the ingest queue, with a DLQ for undeliverable ones', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^HubBus') },
      EventPattern: { source: [{ prefix: 'aws.' }] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestQueue'), 'Arn'] },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestDeadLetterQueue'), 'Arn'] },
          },
        }),
      ],
    });
  });

  it('lets EventBridge write to the queues only on behalf of this account or of its own rule', () => {
    const grants = [
      ...Object.values(template.findResources('AWS::SQS::QueuePolicy')).flatMap(
        (policy) => policy.Properties.PolicyDocument.Statement as Record<string, any>[],
      ),
      ...Object.values(template.findResources('AWS::KMS::Key')).flatMap(
        (key) => key.Properties.KeyPolicy.Statement as Record<string, any>[],
      ),
    ].filter((statement) => statement.Principal?.Service === 'events.amazonaws.com');
    expect(grants.length).toBeGreaterThanOrEqual(3);
    // kms:DescribeKey reads the key's metadata only (EventBridge checks the key is symmetric).
    for (const statement of grants.filter((s) => s.Action !== 'kms:DescribeKey'))
      expect(Object.keys(statement.Condition ?? {}).length, JSON.stringify(statement)).toBeGreaterThan(0);
  });

  it('moves an event to the DLQ after 5 receives', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestDeadLetterQueue'), 'Arn'] },
        maxReceiveCount: 5,
      },
      VisibilityTimeout: 180,
    });
  });

  it('feeds the route function in batches that report partial failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: Match.anyValue(),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FunctionName: { Ref: Match.stringLikeRegexp('^RouteFunction') },
    });
  });
});

describe('incident table', () => {
  it('is on-demand, recoverable, encrypted with the key, deletion-protected, with TTL and both indexes', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        TimeToLiveSpecification: { AttributeName: INCIDENT_TABLE.ttlAttribute, Enabled: true },
        KeySchema: [
          { AttributeName: INCIDENT_TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: INCIDENT_TABLE.sortKey, KeyType: 'RANGE' },
        ],
        // Exactly the layout's indexes (shared/storage/table-layout.ts), keys and projections, in its order.
        GlobalSecondaryIndexes: INCIDENT_TABLE.indexes.map((index) =>
          Match.objectLike({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              ...(index.sortKey !== undefined ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' }] : []),
            ],
            Projection:
              index.projection.type === 'KEYS_ONLY'
                ? { ProjectionType: 'KEYS_ONLY' }
                : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.attributes] },
          }),
        ),
      }),
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      AttributeDefinitions: Match.arrayEquals(
        Object.entries(INCIDENT_TABLE.attributeTypes).map(([AttributeName, AttributeType]) =>
          Match.objectLike({ AttributeName, AttributeType }),
        ),
      ),
    });
  });
});

describe('functions', () => {
  it.each(
    FUNCTIONS,
  )('%s runs on arm64 with the current Node.js runtime and a log group with retention', (name) => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `alert-router-${name}`,
      Architectures: ['arm64'],
      Runtime: 'nodejs24.x',
      LoggingConfig: { LogGroup: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/lambda/alert-router-${name}`,
      RetentionInDays: Match.anyValue(),
    });
  });

  it.each(FUNCTIONS)('%s gets the environment functions/aws-ports.ts reads, and it parses', (name) => {
    const variables = functionProps(name).Environment.Variables;
    // Every function but acknowledge signs links, so it needs ACK_BASE_URL; acknowledge is that URL.
    const needed = name === 'acknowledge' ? ENVIRONMENT.filter((key) => key !== 'ACK_BASE_URL') : ENVIRONMENT;
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(needed));
    expect(variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: `alert-router-${name}`,
      POWERTOOLS_METRICS_NAMESPACE: 'AlertRouter',
      ROUTER_CONFIG_FILE: 'config.json',
      SCHEDULE_GROUP: 'alert-router-escalations',
    });
    const environment = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, fakeResolve(v)]));
    expect(() => readEnvironment(environment)).not.toThrow();
    expect(environment.ESCALATE_FUNCTION_ARN).toMatch(
      /:lambda:ap-northeast-1:123456789012:function:alert-router-escalate$/,
    );
    expect(environment.TOPIC_ARN_PREFIX).toBe('arn:aws:sns:ap-northeast-1:123456789012:alert-router-');
  });

  it('gives the links of route, escalate and sweeper the acknowledge function URL', () => {
    for (const name of ['route', 'escalate', 'sweeper'])
      expect(functionProps(name).Environment.Variables.ACK_BASE_URL).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^AcknowledgeFunctionFunctionUrl/), 'FunctionUrl'],
      });
    expect(functionProps('acknowledge').Environment.Variables.ACK_BASE_URL).toBeUndefined();
  });

  it('exposes acknowledge through a function URL whose auth is the signed token', () => {
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
  });

  it('runs the sweeper every minute', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SweeperFunction'), 'Arn'] } }),
      ],
    });
  });
});

describe('least privilege', () => {
  it('grants no wildcard action and no AWS managed policy', () => {
    for (const name of FUNCTIONS)
      expect(actionsOf(roleStatements(name)).filter((a) => a.includes('*'))).toEqual([]);
    expect(json).not.toContain('ManagedPolicyArns');
  });

  it.each([
    [
      'route',
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'iam:PassRole',
        'scheduler:CreateSchedule',
        'scheduler:DeleteSchedule',
        'sns:Publish',
        'secretsmanager:GetSecretValue',
        'sqs:ReceiveMessage',
      ],
    ],
    [
      'escalate',
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'iam:PassRole',
        'scheduler:CreateSchedule',
        'scheduler:DeleteSchedule',
        'sns:Publish',
        'secretsmanager:GetSecretValue',
      ],
    ],
    [
      'sweeper',
      [
        'dynamodb:Query',
        'iam:PassRole',
        'scheduler:CreateSchedule',
        'sns:Publish',
        'secretsmanager:GetSecretValue',
      ],
    ],
    ['acknowledge', ['dynamodb:Query', 'scheduler:DeleteSchedule', 'secretsmanager:GetSecretValue']],
  ])('%s may do what its code does', (name, expected) => {
    expect(actionsOf(roleStatements(name))).toEqual(expect.arrayContaining(expected));
  });

  it('keeps the ingest queue to route', () => {
    for (const name of ['escalate', 'sweeper', 'acknowledge'])
      expect(actionsOf(roleStatements(name)).filter((a) => a.startsWith('sqs:'))).toEqual([]);
  });

  it('lets only the functions that read digests query the pending-by-group index', () => {
    const reads = (name: string) => JSON.stringify(roleStatements(name)).includes('/index/pendingByGroup');
    expect(['route', 'escalate', 'sweeper', 'acknowledge'].filter(reads)).toEqual(['escalate', 'sweeper']);
  });

  it('passes only the scheduler role, only to Scheduler', () => {
    // Not acknowledge: it only stops things (issue 18 #3; test/infra/security.test.ts).
    for (const name of ['route', 'escalate', 'sweeper'])
      expect(roleStatements(name).filter((s) => s.Action === 'iam:PassRole')).toEqual([
        expect.objectContaining({
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^EscalationsRole/), 'Arn'] },
          Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        }),
      ]);
  });

  it('lets the scheduler role invoke the escalate function and nothing else, for this group only', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': Match.anyValue() } }),
          }),
        ],
      },
    });
    const [policy] = Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^EscalationsRole') }] },
      }),
    );
    const statements = policy?.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    expect(statements.filter((s) => s.Action === 'lambda:InvokeFunction')).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^EscalateFunction/), 'Arn'] },
      }),
    ]);
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'alert-router-escalations' });
  });
});

describe('monitoring', () => {
  const alarm = (name: string) => {
    const [found] = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: name } }),
    );
    if (found === undefined) throw new Error(`no alarm ${name}`);
    return found.Properties as Record<string, any>;
  };
  const teamTopic = () =>
    Object.entries(template.findResources('AWS::SNS::Topic')).find(
      ([, topic]) => topic.Properties.TopicName === 'alert-router-team-oncall',
    )?.[0];

  it.each([
    'alert-router-ingest-dlq-not-empty',
    'alert-router-escalation-dlq-not-empty',
    'alert-router-route-errors',
    'alert-router-escalate-errors',
    'alert-router-sweeper-errors',
    'alert-router-acknowledge-errors',
    'alert-router-route-errors-persist',
    'alert-router-sweeper-heartbeat-missing',
    'alert-router-ingest-queue-age',
    'alert-router-console-errors',
  ])('%s notifies the first team level', (name) => {
    const properties = alarm(name);
    expect(properties.AlarmActions).toEqual([{ Ref: teamTopic() }]);
    expect(properties.OKActions).toEqual([{ Ref: teamTopic() }]);
  });

  it("watches the console: its failed invocations and its URL's 5xx answers (the app turns an exception into a 500 page)", () => {
    const properties = alarm('alert-router-console-errors');
    expect(properties).toMatchObject({ Threshold: 3, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    const metrics = (
      properties.Metrics as { MetricStat?: { Metric: { MetricName: string; Dimensions: any[] } } }[]
    ).flatMap((query) => (query.MetricStat === undefined ? [] : [query.MetricStat.Metric]));
    expect(metrics.map((metric) => metric.MetricName).sort()).toEqual(['Errors', 'Url5xxCount']);
    const consoleFunction = Object.entries(template.findResources('AWS::Lambda::Function')).find(
      ([, fn]) => fn.Properties.FunctionName === 'alert-router-console',
    )?.[0];
    for (const metric of metrics)
      expect(metric.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: consoleFunction } }]);
  });

  it('watches the DLQs and the oldest ingest message', () => {
    expect(alarm('alert-router-ingest-dlq-not-empty')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    expect(alarm('alert-router-ingest-queue-age')).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
    });
  });

  it('treats a missing sweeper heartbeat as breaching', () => {
    expect(alarm('alert-router-sweeper-heartbeat-missing')).toMatchObject({
      Namespace: 'AlertRouter',
      MetricName: 'SweeperHeartbeat',
      Dimensions: [{ Name: 'service', Value: 'alert-router-sweeper' }],
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('lets CloudWatch publish to the encrypted team topic', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: teamTopic() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('has a dashboard of the router metrics', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const metric of [
      'EventsReceived',
      'AlertsCRITICAL',
      'Notifications_municipality',
      'Escalations',
      'IncidentsOpened',
      'ApproximateNumberOfMessagesVisible',
      'ApproximateAgeOfOldestMessage',
      'Errors',
    ])
      expect(body).toContain(metric);
  });
});
