import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, HEALTH_BACKUP_REGIONS, SPOKE_REGIONS, spokeStackName } from '../../infra/app.js';
import { healthBackupRules, spokeRules } from '../../infra/spoke-rules.js';
import { matchesPattern } from '../helpers/event-pattern.js';
import { EVENTS_DIR, loadEvent } from '../helpers/events.js';

const EXAMPLE = 'events/config.example.yaml';
const templates = new Map<string, Template>();

beforeAll(() => {
  const app = buildApp(EXAMPLE, { stubFunctions: true }, { builtinCloudFormationValidation: false });
  for (const region of [...SPOKE_REGIONS, ...HEALTH_BACKUP_REGIONS])
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
      'AWS::KMS::Key',
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

  it('lets the role put events on the hub bus only: the hub account, Tokyo, alert-router-hub', () => {
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
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':events:ap-northeast-1:',
              { Ref: 'HubAccountId' },
              ':event-bus/alert-router-hub',
            ],
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
    spoke(region).hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ForwardDeadLetterKey'), 'Arn'] },
    });
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

describe.each(
  HEALTH_BACKUP_REGIONS,
)('spoke template for %s, the backup region of Health (issue 11 #8)', (region) => {
  it('forwards AWS Health events and nothing else', () => {
    const rules = spoke(region).findResources('AWS::Events::Rule');
    expect(Object.keys(rules)).toEqual(['HealthEvents']);
    expect(rules.HealthEvents?.Properties.EventPattern).toEqual(healthBackupRules()[0]?.pattern);
    expect(rules.HealthEvents?.Properties.Targets).toEqual([
      expect.objectContaining({ Id: 'HubBus', Arn: { Ref: 'HubEventBusArn' } }),
    ]);
  });

  it('takes the backup copy of a Tokyo outage and leaves findings and sign-ins in the region', () => {
    const [rule] = healthBackupRules();
    const inUsWest2 = (path: string) => ({ ...(loadEvent(path) as object), region: 'us-west-2' });
    expect(
      matchesPattern(rule?.pattern ?? {}, inUsWest2('health/ec2-tokyo-outage-kyodo-zeimu-backup-copy.json')),
    ).toBe(true);
    for (const path of ['guardduty/critical-attack-sequence.json', 'signin/root-console-login-no-mfa.json'])
      expect(matchesPattern(rule?.pattern ?? {}, inUsWest2(path)), path).toBe(false);
  });

  it('matches every Health sample of events/ and no other sample', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? walk(join(dir, entry.name))
          : entry.name.endsWith('.json')
            ? [join(dir, entry.name)]
            : [],
      );
    const samples = walk(join(EVENTS_DIR, 'health')).concat(
      ['guardduty', 'securityhub', 'inspector', 'config', 'cloudwatch', 'signin'].flatMap((d) =>
        walk(join(EVENTS_DIR, d)),
      ),
    );
    const [rule] = healthBackupRules();
    let health = 0;
    for (const path of samples) {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      for (const event of [parsed].flat() as { source?: string }[]) {
        const isHealth = event.source === 'aws.health';
        health += isHealth ? 1 : 0;
        expect(matchesPattern(rule?.pattern ?? {}, { ...event, region: 'us-west-2' }), path).toBe(isHealth);
      }
    }
    expect(health).toBeGreaterThan(5);
  });

  it('has the same role, DLQ and parameters as every other spoke', () => {
    expect(Object.keys(spoke(region).toJSON().Parameters).sort()).toEqual(['HubAccountId', 'HubEventBusArn']);
    spoke(region).resourceCountIs('AWS::SQS::Queue', 1);
    spoke(region).resourceCountIs('AWS::IAM::Role', 1);
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
