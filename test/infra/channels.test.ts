import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildApp, HUB_STACK_NAME } from '../../infra/app.js';
import { exampleConfigObject } from '../helpers/config.js';

// DESIGN §13: the CDK app turns `receivers` into SNS subscriptions, Amazon Q channel configurations and, for
// webhooks, read access to exactly the named secrets.

const SLACK = { workspaceId: 'T0123456789', channelId: 'C0123456789' };
const TEAMS = {
  tenantId: '11111111-2222-3333-4444-555555555555',
  teamId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  channelId: '19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2',
};
const ADDRESSES = ['oncall-1@example.jp', 'oncall-2@example.jp', 'asp-a-ops@example.co.jp'];
const PHONE = '+819012345678';

const RECEIVERS = {
  'team-oncall': {
    channels: [
      { email: { to: ADDRESSES.slice(0, 2) } },
      { sms: { to: [PHONE] } },
      { chatbot: { slack: SLACK } },
      { chatbot: { teams: TEAMS } },
    ],
  },
  'team-lead': { channels: ['email', { teams: { secret: 'alert-router/team-lead-teams' } }] },
  'asp-a': {
    channels: [{ email: { to: ADDRESSES.slice(2) } }, { slack: { secret: 'alert-router/asp-a-slack' } }],
  },
  'asp-b': { channels: ['chatbot', { slack: { secret: 'alert-router/asp-a-slack' } }] },
};

/** Synthesises the hub of the example config with `receivers` (the app's cdk-nag plugin runs too). */
const synthHub = (receivers: unknown) => {
  const path = join(mkdtempSync(join(tmpdir(), 'alert-router-channels-')), 'config.yaml');
  writeFileSync(path, stringify({ ...exampleConfigObject(), receivers }));
  const app = buildApp(path, { stubFunctions: true }, { builtinCloudFormationValidation: false });
  const stack = app.node.findChild(HUB_STACK_NAME) as Stack;
  return { app, stack, template: Template.fromStack(stack) };
};

describe('hub stack with channels', () => {
  let template: Template;
  let json: string;
  let nag: ReturnType<AwsSolutionsChecks['validateScope']>;

  beforeAll(() => {
    const hub = synthHub(RECEIVERS);
    template = hub.template;
    json = JSON.stringify(template.toJSON());
    nag = new AwsSolutionsChecks().validateScope(hub.app);
  });

  it('subscribes each email address and phone number to its receiver’s topic, and nothing else', () => {
    // Assess
    const subscriptions = template.findResources('AWS::SNS::Subscription');
    const endpoints = Object.values(subscriptions).map(
      (resource) => `${resource.Properties.Protocol} ${resource.Properties.Endpoint}`,
    );
    expect(endpoints.sort()).toEqual(
      [...ADDRESSES.map((address) => `email ${address}`), `sms ${PHONE}`].sort(),
    );
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sms',
      Endpoint: PHONE,
      TopicArn: { Ref: Match.stringLikeRegexp('^Topicsteamoncall') },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: ADDRESSES[2],
      TopicArn: { Ref: Match.stringLikeRegexp('^Topicsaspa') },
    });
  });

  it('keeps addresses out of logical ids, outputs and metadata (personal data)', () => {
    // Assess
    const { Outputs = {}, Resources } = template.toJSON() as {
      Outputs?: Record<string, unknown>;
      Resources: Record<string, { Metadata?: unknown }>;
    };
    const elsewhere = JSON.stringify([
      Object.keys(Resources),
      Outputs,
      Object.values(Resources).map((resource) => resource.Metadata ?? null),
    ]);
    for (const personal of [...ADDRESSES, PHONE, 'example.jp', '9012345678'])
      expect(elsewhere).not.toContain(personal);
  });

  it('creates one Amazon Q Slack and one Teams channel configuration on the team topic, read-only, logging errors', () => {
    // Assess
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 1);
    template.resourceCountIs('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', 1);
    const guardrail = [
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/ReadOnlyAccess']] },
    ];
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      ConfigurationName: 'alert-router-team-oncall-slack-C0123456789',
      SlackWorkspaceId: SLACK.workspaceId,
      SlackChannelId: SLACK.channelId,
      SnsTopicArns: [{ Ref: Match.stringLikeRegexp('^Topicsteamoncall') }],
      GuardrailPolicies: guardrail,
      LoggingLevel: 'ERROR',
      UserRoleRequired: false,
    });
    template.hasResourceProperties('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      ConfigurationName: 'alert-router-team-oncall-teams-b6ef35dc342d56ba5654e6fc6d25a071',
      TeamsTenantId: TEAMS.tenantId,
      TeamId: TEAMS.teamId,
      TeamsChannelId: TEAMS.channelId,
      SnsTopicArns: [{ Ref: Match.stringLikeRegexp('^Topicsteamoncall') }],
      GuardrailPolicies: guardrail,
      LoggingLevel: 'ERROR',
    });
  });

  it('gives the channel role nothing but the trust of Amazon Q', () => {
    // Assess
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'chatbot.amazonaws.com' } })],
        },
      },
    });
    expect(Object.keys(roles)).toHaveLength(1);
    const [roleId, role] = Object.entries(roles)[0]!;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toBeUndefined();
    const attached = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.Roles ?? []).includes(roleId),
    );
    expect(attached).toEqual([]);
    for (const configuration of Object.values(
      template.findResources('AWS::Chatbot::SlackChannelConfiguration'),
    ))
      expect(configuration.Properties.IamRoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
  });

  it('lets exactly the sending functions read exactly the named webhook secrets', () => {
    // Prepare: the functions that publish notifications are the ones that may post to webhooks.
    const statementsOf = (sid: string) =>
      Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([id, policy]) =>
        (policy.Properties.PolicyDocument.Statement as { Sid?: string; Action: unknown; Resource: unknown }[])
          .filter((statement) => statement.Sid === sid)
          .map((statement) => ({ id, statement })),
      );
    const readers = statementsOf('ReadWebhookSecrets');
    const publishers = statementsOf('PublishToReceiverTopics').map(({ id }) => id);

    // Assess
    // Only functions that publish read the secrets (the monthly report publishes summaries on topics only).
    for (const { id } of readers) expect(publishers).toContain(id);
    for (const name of ['Route', 'Escalate', 'Sweeper'])
      expect(readers.some(({ id }) => id.startsWith(`${name}Role`))).toBe(true);
    expect(readers.some(({ id }) => id.startsWith('Acknowledge'))).toBe(false);
    for (const { statement } of readers) {
      expect(statement.Action).toBe('secretsmanager:GetSecretValue');
      const resources = JSON.stringify(statement.Resource);
      expect(resources).toContain(':secret:alert-router/asp-a-slack-??????');
      expect(resources).toContain(':secret:alert-router/team-lead-teams-??????');
      expect(statement.Resource).toHaveLength(2);
      expect(resources).not.toContain('*');
    }
  });

  it('puts no secret name or URL in any function environment', () => {
    // Assess
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      const environment = JSON.stringify(fn.Properties.Environment ?? {});
      expect(environment).not.toContain('asp-a-slack');
      expect(environment).not.toContain('team-lead-teams');
    }
    expect(json).not.toMatch(/hooks\.slack\.com|webhook\.office\.com|logic\.azure\.com/);
  });

  it('passes cdk-nag AwsSolutions without new findings', () => {
    expect(
      nag.violations.map(
        (v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
  });
});

describe('hub stack without channels', () => {
  it('has no subscriptions, no Amazon Q configuration and no webhook secret grant', () => {
    // Act
    const { template } = synthHub({});

    // Assess
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
    template.resourceCountIs('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('ReadWebhookSecrets');
  });

  it('keeps a bare chatbot for configurations made outside the stack', () => {
    const { template } = synthHub({ 'team-oncall': { channels: ['chatbot', 'email'] } });
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});
