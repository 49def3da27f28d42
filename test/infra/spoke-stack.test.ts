import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, SPOKE_REGIONS, spokeStackName } from '../../infra/app.js';
import { spokeRules } from '../../infra/spoke-rules.js';

const EXAMPLE = 'events/config.example.yaml';
const templates = new Map<string, Template>();

beforeAll(() => {
  const app = buildApp(EXAMPLE, { stubFunctions: true }, { builtinCloudFormationValidation: false });
  for (const region of SPOKE_REGIONS)
    templates.set(region, Template.fromStack(app.node.findChild(spokeStackName(region)) as Stack));
});

const spoke = (region: string): Template => templates.get(region) as Template;

describe.each(SPOKE_REGIONS)('spoke template for %s', (region) => {
  it('takes exactly two parameters, HubAccountId and HubEventBusArn', () => {
    expect(Object.keys(spoke(region).toJSON().Parameters).sort()).toEqual(['HubAccountId', 'HubEventBusArn']);
  });

  it('stands alone: no bootstrap version rule, no asset, no Lambda, no CDK metadata resource', () => {
    const template = spoke(region).toJSON();
    expect(template.Rules).toBeUndefined();
    const text = JSON.stringify(template);
    expect(text).not.toMatch(/BootstrapVersion|AssetParameters|cdk-hnb659fds|S3Bucket/);
    const types = new Set(
      Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type),
    );
    expect([...types].sort()).toEqual([
      'AWS::Events::Rule',
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
      'AWS::SQS::Queue',
      'AWS::SQS::QueuePolicy',
    ]);
  });

  it('installs one rule per source family on the default bus, each to the hub bus through the role with a DLQ', () => {
    const rules = spoke(region).findResources('AWS::Events::Rule');
    expect(Object.keys(rules).sort()).toEqual(
      spokeRules({ minGuardDutySeverity: 4 })
        .map((r) => r.id)
        .sort(),
    );
    for (const rule of Object.values(rules)) {
      expect(rule.Properties.EventBusName).toBeUndefined();
      expect(rule.Properties.Targets).toEqual([
        {
          Id: 'HubBus',
          Arn: { Ref: 'HubEventBusArn' },
          RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^ForwardRole/), 'Arn'] },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [expect.stringMatching(/^ForwardDeadLetterQueue/), 'Arn'] },
          },
        },
      ]);
    }
  });

  it('uses the patterns of spoke-rules.ts unchanged', () => {
    const rules = spoke(region).findResources('AWS::Events::Rule');
    for (const rule of spokeRules({ minGuardDutySeverity: 4 }))
      expect(rules[rule.id]?.Properties.EventPattern).toEqual(rule.pattern);
  });

  it('lets the role put events on the hub bus only, and only in the hub account', () => {
    const [policy] = Object.values(spoke(region).findResources('AWS::IAM::Policy'));
    expect(policy?.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: { Ref: 'HubEventBusArn' },
      }),
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'events:PutEvents',
        NotResource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':events:*:', { Ref: 'HubAccountId' }, ':event-bus/*'],
          ],
        },
      }),
    ]);
    spoke(region).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })],
      },
    });
  });

  it('encrypts the DLQ, requires TLS, and accepts dead letters from its own rules only', () => {
    spoke(region).hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    const [policy] = Object.values(spoke(region).findResources('AWS::SQS::QueuePolicy'));
    const statements = policy?.Properties.PolicyDocument.Statement as Record<string, any>[];
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const allow = statements.find((s) => s.Effect === 'Allow');
    expect(allow?.Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect(allow?.Condition.ArnEquals['aws:SourceArn']).toHaveLength(
      spokeRules({ minGuardDutySeverity: 4 }).length,
    );
  });
});

describe('GuardDuty threshold', () => {
  it('follows the minGuardDutySeverity context', () => {
    const app = buildApp(
      EXAMPLE,
      { stubFunctions: true, minGuardDutySeverity: '7' },
      { builtinCloudFormationValidation: false },
    );
    const template = Template.fromStack(app.node.findChild(spokeStackName('ap-northeast-1')) as Stack);
    const rules = template.findResources('AWS::Events::Rule');
    expect(rules.GuardDutyFindings?.Properties.EventPattern).toEqual(
      spokeRules({ minGuardDutySeverity: 7 }).find((r) => r.id === 'GuardDutyFindings')?.pattern,
    );
  });

  it('refuses a threshold outside GuardDuty’s scale', () => {
    expect(() =>
      buildApp(
        EXAMPLE,
        { stubFunctions: true, minGuardDutySeverity: 11 },
        { builtinCloudFormationValidation: false },
      ),
    ).toThrow(/minGuardDutySeverity/);
  });
});
