import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildApp,
  HEALTH_BACKUP_REGIONS,
  HUB_STACK_NAME,
  SPOKE_REGIONS,
  spokeStackName,
} from '../../infra/app.js';

/**
 * What the security review of the templates asked for (issue 18: #1, #3, #4, #5, #10, #11, #13; issue 11 #14), as
 * template assertions on the synthesized hub and spoke stacks.
 */
const EXAMPLE = 'events/config.example.yaml';
type Statement = Record<string, any>;

let hub: Template;
const spokes = new Map<string, Template>();
beforeAll(() => {
  const app = buildApp(EXAMPLE, { stubFunctions: true }, { builtinCloudFormationValidation: false });
  hub = Template.fromStack(app.node.findChild(HUB_STACK_NAME) as Stack);
  for (const region of [...SPOKE_REGIONS, ...HEALTH_BACKUP_REGIONS])
    spokes.set(region, Template.fromStack(app.node.findChild(spokeStackName(region)) as Stack));
});

const resources = (template: Template, type: string) => Object.entries(template.findResources(type));
const logicalId = (template: Template, type: string, prefix: string): string => {
  const found = resources(template, type).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${found.length}`);
  return (found[0] as [string, unknown])[0];
};
const functionOf = (name: string) => {
  const [entry] = resources(hub, 'AWS::Lambda::Function').filter(
    ([, r]) => r.Properties.FunctionName === `alert-router-${name}`,
  );
  if (entry === undefined) throw new Error(`no function ${name}`);
  return entry[1].Properties as Record<string, any>;
};
const roleStatements = (name: string): Statement[] => {
  const role = functionOf(name).Role['Fn::GetAtt'][0] as string;
  return resources(hub, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
};
const actionsOf = (statements: Statement[]) =>
  [...new Set(statements.flatMap((s) => [s.Action].flat()))].sort();
const keyPolicy = (template: Template, prefix: string): Statement[] => {
  const id = logicalId(template, 'AWS::KMS::Key', prefix);
  return template.toJSON().Resources[id].Properties.KeyPolicy.Statement;
};
const ROUTER_KEY = 'Key';
const byService = (statements: Statement[], service: string) =>
  statements.filter((s) => JSON.stringify(s.Principal ?? {}).includes(service));

describe('18 #1: the public acknowledge URL cannot starve alerting', () => {
  it('caps the acknowledge function with a small reserved concurrency', () => {
    const reserved = functionOf('acknowledge').ReservedConcurrentExecutions;
    expect(reserved).toBeGreaterThanOrEqual(1);
    expect(reserved).toBeLessThanOrEqual(10);
  });

  it('leaves route, escalate and sweeper on the account pool, which the cap keeps free of acks', () => {
    for (const name of ['route', 'escalate', 'sweeper'])
      expect(functionOf(name).ReservedConcurrentExecutions, name).toBeUndefined();
  });
});

describe('18 #3: the internet-facing acknowledge role has only what an ack needs', () => {
  it('may read and write incidents, find one by id, read the ack secret, delete a schedule and put its lifecycle event', () => {
    // events:PutEvents: on the hub bus, source alert-router only (test/infra/lifecycle-events.test.ts).
    expect(actionsOf(roleStatements('acknowledge'))).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'events:PutEvents',
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'scheduler:DeleteSchedule',
      'secretsmanager:GetSecretValue',
    ]);
  });

  it('may not publish, create schedules or pass a role', () => {
    const actions = actionsOf(roleStatements('acknowledge'));
    expect(actions).not.toContain('sns:Publish');
    expect(actions).not.toContain('scheduler:CreateSchedule');
    expect(actions).not.toContain('iam:PassRole');
  });

  it('still lets the other functions publish and schedule', () => {
    for (const name of ['route', 'escalate', 'sweeper'])
      expect(actionsOf(roleStatements(name)), name).toEqual(
        expect.arrayContaining(['sns:Publish', 'scheduler:CreateSchedule', 'iam:PassRole']),
      );
  });
});

describe('18 #4: key policies', () => {
  it('lets CloudWatch use the router key only for alarms of this account', () => {
    const [statement, ...more] = byService(keyPolicy(hub, ROUTER_KEY), 'cloudwatch.amazonaws.com');
    expect(more).toEqual([]);
    expect(statement?.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(JSON.stringify(statement?.Condition.ArnLike['aws:SourceArn'])).toContain(':alarm:alert-router-*');
  });

  it('gives EventBridge no kms:Encrypt, and ReEncrypt only for its own bus archive (encryption context)', () => {
    for (const statement of byService(keyPolicy(hub, ROUTER_KEY), 'events.amazonaws.com')) {
      const actions = [statement.Action].flat();
      expect(actions, JSON.stringify(statement)).not.toContain('kms:Encrypt');
      if (actions.includes('kms:ReEncrypt*'))
        expect(Object.keys(statement.Condition.StringEquals)).toEqual([
          'kms:EncryptionContext:aws:events:event-bus:arn',
        ]);
      if (!actions.every((a) => a === 'kms:DescribeKey'))
        expect(statement.Condition, JSON.stringify(statement)).toBeDefined();
    }
  });

  it('encrypts the acknowledge secret with a key of its own, read only through Secrets Manager', () => {
    const routerKey = logicalId(hub, 'AWS::KMS::Key', ROUTER_KEY);
    const secretKey = logicalId(hub, 'AWS::KMS::Key', 'AckSecretKey');
    hub.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [secretKey, 'Arn'] },
    });
    hub.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    expect(secretKey).not.toBe(routerKey);
    expect(JSON.stringify(keyPolicy(hub, ROUTER_KEY))).not.toContain('secretsmanager');
    for (const name of ['route', 'escalate', 'sweeper', 'acknowledge']) {
      const onSecretKey = roleStatements(name).filter(
        (s) => JSON.stringify(s.Resource) === JSON.stringify({ 'Fn::GetAtt': [secretKey, 'Arn'] }),
      );
      expect(onSecretKey, name).toEqual([
        expect.objectContaining({
          Action: 'kms:Decrypt',
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.ap-northeast-1.amazonaws.com' } },
        }),
      ]);
    }
  });
});

describe('18 #5: the ingest queue takes messages from the ingest rule only', () => {
  it('grants EventBridge sqs:SendMessage alone, conditioned on the ingest rule ARN', () => {
    const queue = logicalId(hub, 'AWS::SQS::Queue', 'IngestQueue');
    const rule = logicalId(hub, 'AWS::Events::Rule', 'IngestRule');
    const [policy] = resources(hub, 'AWS::SQS::QueuePolicy').filter(
      ([, p]) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: queue }]),
    );
    const grants = byService(policy?.[1].Properties.PolicyDocument.Statement, 'events.amazonaws.com');
    expect(grants).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [rule, 'Arn'] } } },
      }),
    ]);
  });
});

describe('18 #10: encryption at rest with customer-managed keys', () => {
  const routerKeyArn = () => ({ 'Fn::GetAtt': [logicalId(hub, 'AWS::KMS::Key', ROUTER_KEY), 'Arn'] });

  it('encrypts the hub bus and its archive with the router key', () => {
    hub.hasResourceProperties('AWS::Events::EventBus', { KmsKeyIdentifier: routerKeyArn() });
    hub.hasResourceProperties('AWS::Events::Archive', { KmsKeyIdentifier: routerKeyArn() });
  });

  it('encrypts every log group with the router key, which CloudWatch Logs may use for our log groups only', () => {
    const groups = resources(hub, 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThanOrEqual(4);
    for (const [id, group] of groups) expect(group.Properties.KmsKeyId, id).toEqual(routerKeyArn());
    const [logs, ...more] = byService(keyPolicy(hub, ROUTER_KEY), 'logs.');
    expect(more).toEqual([]);
    expect(JSON.stringify(logs?.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'])).toContain(
      ':log-group:/aws/lambda/alert-router-*',
    );
  });

  it.each([
    ...SPOKE_REGIONS,
    ...HEALTH_BACKUP_REGIONS,
  ])('encrypts the %s spoke DLQ with a customer-managed key of the spoke', (region) => {
    const spoke = spokes.get(region) as Template;
    const key = logicalId(spoke, 'AWS::KMS::Key', 'ForwardDeadLetterKey');
    spoke.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } });
    spoke.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const [events, ...more] = byService(keyPolicy(spoke, 'ForwardDeadLetterKey'), 'events.amazonaws.com');
    expect(more).toEqual([]);
    expect([events?.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(events?.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
  });

  it('keeps the copies of events held outside Japan (us-east-1, us-west-2) for a short time only', () => {
    const retention = (region: string) =>
      Object.values((spokes.get(region) as Template).findResources('AWS::SQS::Queue'))[0]?.Properties
        .MessageRetentionPeriod;
    for (const region of ['ap-northeast-1', 'ap-northeast-3']) expect(retention(region)).toBe(14 * 86_400);
    for (const region of ['us-east-1', 'us-west-2'])
      expect(retention(region)).toBeLessThanOrEqual(4 * 86_400);
  });
});

describe('18 #11: a spoke forwards to the hub bus in Tokyo and to nothing else', () => {
  it.each([...SPOKE_REGIONS, ...HEALTH_BACKUP_REGIONS])('pins region and bus name in %s', (region) => {
    const spoke = spokes.get(region) as Template;
    const pattern = new RegExp(spoke.toJSON().Parameters.HubEventBusArn.AllowedPattern);
    expect(pattern.test('arn:aws:events:ap-northeast-1:123456789012:event-bus/alert-router-hub')).toBe(true);
    for (const wrong of [
      'arn:aws:events:us-east-1:123456789012:event-bus/alert-router-hub',
      'arn:aws:events:ap-northeast-1:123456789012:event-bus/default',
      'arn:aws:events:ap-northeast-1:123456789012:event-bus/alert-router-hub-2',
    ])
      expect(pattern.test(wrong), wrong).toBe(false);
    const [policy] = Object.values(spoke.findResources('AWS::IAM::Policy'));
    const deny = (policy?.Properties.PolicyDocument.Statement as Statement[]).find(
      (s) => s.Effect === 'Deny',
    );
    expect(deny?.NotResource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':events:ap-northeast-1:',
          { Ref: 'HubAccountId' },
          ':event-bus/alert-router-hub',
        ],
      ],
    });
  });
});

describe('18 #13: the only copies of poison events survive a stack deletion', () => {
  it.each(['IngestDeadLetterQueue', 'EscalationsDeadLetterQueue'])('retains the hub %s', (prefix) => {
    const id = logicalId(hub, 'AWS::SQS::Queue', prefix);
    expect(hub.toJSON().Resources[id]).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it.each([...SPOKE_REGIONS, ...HEALTH_BACKUP_REGIONS])('retains the %s spoke DLQ and its key', (region) => {
    const spoke = (spokes.get(region) as Template).toJSON().Resources as Record<string, any>;
    for (const [id, resource] of Object.entries(spoke).filter(
      ([, r]) => r.Type === 'AWS::SQS::Queue' || r.Type === 'AWS::KMS::Key',
    ))
      expect(resource.DeletionPolicy, id).toBe('Retain');
  });
});

describe('issue 11 #14: the bus policy lives on the bus', () => {
  it('puts the bus policy on the bus itself: no CfnEventBusPolicy (cdk-nag reads its deprecated principal)', () => {
    expect(resources(hub, 'AWS::Events::EventBusPolicy')).toEqual([]);
    const [[, bus] = []] = resources(hub, 'AWS::Events::EventBus');
    expect(bus?.Properties.Policy.Statement).toHaveLength(1);
  });
});
