import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp, HUB_STACK_NAME } from '../../infra/app.js';
import {
  HUB_RECEIVER_CAPACITY,
  NESTED_RECEIVER_CAPACITY,
  receiverGroups,
} from '../../infra/constructs/receiver-stacks.js';
import type { HubStack } from '../../infra/hub-stack.js';
import type { Config, Receiver } from '../../shared/config/registry.js';
import { generateRegistry, type RegistrySize, writeRegistry } from '../helpers/large-registry.js';

/** Only what `receiverGroups` reads: the receivers in config order. */
const registryOf = (levels: number, asps: number, municipalities: number): Pick<Config, 'receiversById'> => {
  const receivers: Receiver[] = [
    ...Array.from({ length: levels }, (_, i) => ({ id: `team-${i}`, audience: 'team' as const })),
    ...Array.from({ length: asps }, (_, i) => ({ id: `asp-${i}`, audience: 'asp' as const })),
    ...Array.from({ length: municipalities }, (_, i) => ({
      id: `city-${i}`,
      audience: 'municipality' as const,
    })),
  ].map((r) => ({ ...r, name: r.id, language: 'ja' as const }));
  return { receiversById: new Map(receivers.map((r) => [r.id, r])) };
};

/** receiver id → where its topic is: `hub` or the nested stack's id. */
const placement = (config: Pick<Config, 'receiversById'>): Map<string, string> => {
  const { hub, nested } = receiverGroups(config);
  return new Map([
    ...hub.map((r) => [r.id, 'hub'] as const),
    ...nested.flatMap((group) => group.receivers.map((r) => [r.id, group.id] as const)),
  ]);
};

describe('receiverGroups', () => {
  it('keeps every receiver in the hub while the registry is within the hub capacity', () => {
    const { hub, nested } = receiverGroups(
      registryOf(3, HUB_RECEIVER_CAPACITY.asp, HUB_RECEIVER_CAPACITY.municipality),
    );
    expect(nested).toEqual([]);
    expect(hub).toHaveLength(3 + HUB_RECEIVER_CAPACITY.asp + HUB_RECEIVER_CAPACITY.municipality);
  });

  it('fills nested stacks of a fixed capacity per kind, in config order, team levels always in the hub', () => {
    const { hub, nested } = receiverGroups(registryOf(3, 100, 300));
    expect(hub.filter((r) => r.audience === 'team')).toHaveLength(3);
    expect(nested.map((group) => [group.id, group.receivers.length])).toEqual([
      ['AspReceivers1', NESTED_RECEIVER_CAPACITY],
      ['AspReceivers2', 100 - HUB_RECEIVER_CAPACITY.asp - NESTED_RECEIVER_CAPACITY],
      ['MunicipalityReceivers1', 50],
      ['MunicipalityReceivers2', 50],
      ['MunicipalityReceivers3', 50],
      ['MunicipalityReceivers4', 50],
      ['MunicipalityReceivers5', 300 - HUB_RECEIVER_CAPACITY.municipality - 4 * NESTED_RECEIVER_CAPACITY],
    ]);
    expect(nested[0]?.receivers[0]?.id).toBe(`asp-${HUB_RECEIVER_CAPACITY.asp}`);
  });

  it('never moves a receiver when another is appended, whatever its kind', () => {
    const before = placement(registryOf(3, 70, 120));
    for (const after of [
      placement(registryOf(3, 71, 120)),
      placement(registryOf(3, 70, 121)),
      placement(registryOf(4, 120, 400)),
    ])
      for (const [id, where] of before) expect(after.get(id), id).toBe(where);
  });
});

const synthHub = (size: RegistrySize): HubStack => {
  const app = buildApp(
    writeRegistry(generateRegistry(size)),
    { stubFunctions: true },
    { builtinCloudFormationValidation: false },
  );
  app.synth();
  return app.node.findChild(HUB_STACK_NAME) as HubStack;
};

describe('a hub growing past its receiver capacity', () => {
  const within: RegistrySize = {
    accounts: 10,
    asps: 2,
    municipalities: HUB_RECEIVER_CAPACITY.municipality,
    teamLevels: 2,
    emailsPerReceiver: 1,
  };
  const past: RegistrySize = { ...within, municipalities: HUB_RECEIVER_CAPACITY.municipality + 1 };

  // The publish grant becomes one name-prefix ARN: the overflow managed policies CDK made for the listed ARNs go
  // (IAM policies hold no state; the roles keep their permissions inline). Nothing else changes.
  it('keeps the logical id and type of every hub resource but the overflow policies: the nested stack only adds', () => {
    const small = Template.fromStack(synthHub(within)).toJSON().Resources as Record<string, { Type: string }>;
    const hub = synthHub(past);
    const large = Template.fromStack(hub).toJSON().Resources as Record<string, { Type: string }>;
    const changed = Object.entries(small)
      .filter(
        ([id, resource]) => large[id]?.Type !== resource.Type && resource.Type !== 'AWS::IAM::ManagedPolicy',
      )
      .map(([id]) => id);
    expect(changed).toEqual([]);
    expect(Object.values(large).filter((r) => r.Type === 'AWS::CloudFormation::Stack')).toHaveLength(1);
    expect(hub.receiverStacks.map((stack) => stack.node.id)).toEqual(['MunicipalityReceivers1']);
  });

  it('puts the receiver past the capacity in a nested stack: its topic by name, encrypted, TLS only, subscribed', () => {
    const hub = synthHub(past);
    const nested = Template.fromStack(hub.receiverStacks[0] as HubStack['receiverStacks'][number]);
    const last = `city-${String(past.municipalities).padStart(3, '0')}`;
    nested.resourceCountIs('AWS::SNS::Topic', 1);
    nested.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: `alert-router-${last}`,
      KmsMasterKeyId: { Ref: Match.stringLikeRegexp('^referencetoAlertRouterHubKey') },
    });
    nested.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    nested.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: `${last}-1@example.jp`,
    });
    // Not in the hub any more.
    Template.fromStack(hub).resourcePropertiesCountIs(
      'AWS::SNS::Topic',
      { TopicName: `alert-router-${last}` },
      0,
    );
  });

  it('grants sns:Publish on every topic by ARN within the capacity, by the topic name prefix past it', () => {
    const publishOf = (hub: HubStack) => {
      const policies = Template.fromStack(hub).findResources('AWS::IAM::Policy');
      const route = Object.entries(policies).find(([id]) => id.startsWith('RouteRole'))?.[1];
      return (route?.Properties.PolicyDocument.Statement as { Sid?: string; Resource: unknown }[]).find(
        (statement) => statement.Sid === 'PublishToReceiverTopics',
      );
    };
    expect(publishOf(synthHub(within))?.Resource).toHaveLength(2 + 2 + HUB_RECEIVER_CAPACITY.municipality);
    expect(publishOf(synthHub(past))?.Resource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':sns:ap-northeast-1:',
          { Ref: 'AWS::AccountId' },
          ':alert-router-*',
        ],
      ],
    });
  });

  it('puts the Amazon Q channel configuration of a nested receiver in its nested stack, on its topic', () => {
    const registry = generateRegistry(past) as { receivers: Record<string, { channels: unknown[] }> };
    const last = `city-${String(past.municipalities).padStart(3, '0')}`;
    registry.receivers[last]?.channels.push({
      chatbot: { slack: { workspaceId: 'T0EXAMPLE01', channelId: 'C0CITY' } },
    });
    const app = buildApp(
      writeRegistry(registry),
      { stubFunctions: true },
      { builtinCloudFormationValidation: false },
    );
    app.synth();
    const hub = app.node.findChild(HUB_STACK_NAME) as HubStack;
    // The team levels' Slack channels stay in the hub; the municipality's is beside its topic.
    Template.fromStack(hub).resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', past.teamLevels);
    const nested = Template.fromStack(hub.receiverStacks[0] as HubStack['receiverStacks'][number]);
    nested.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 1);
    nested.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackChannelId: 'C0CITY',
      SnsTopicArns: [{ Ref: Match.stringLikeRegexp(`^Topics`) }],
    });
  });
});
