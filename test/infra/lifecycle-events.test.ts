import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildApp, HUB_STACK_NAME } from '../../infra/app.js';
import { lifecycleEvents } from '../../shared/engine/lifecycle.js';
import { LIFECYCLE_DETAIL_TYPES, type LifecycleEvent } from '../../shared/incident.js';
import { aConfig, exampleConfigObject } from '../helpers/config.js';
import { matchesPattern } from '../helpers/event-pattern.js';
import { loadEvent } from '../helpers/events.js';
import { aDelivery, anIncident } from '../helpers/incidents.js';

// DESIGN §2, §7, §11, issue 12 §3: the functions that apply transitions put lifecycle events on the hub bus; the
// ingest rule never takes them back into the router; `asps[].eventBusArn` forwards one ASP's events to its own bus.

type Statement = Record<string, any>;
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

const EXAMPLE = 'events/config.example.yaml';
// The console's actions (ack, resolve, share, update) go through the same transition step (DESIGN §14); the monthly
// report changes no incident and puts no event.
const PUBLISHERS = ['route', 'escalate', 'sweeper', 'acknowledge', 'console'] as const;
const ASP_A_BUS = 'arn:aws:events:ap-northeast-1:123456789012:event-bus/asp-a-tickets';
const ASP_C_BUS = 'arn:aws:events:ap-northeast-3:210987654321:event-bus/asp-c/alerts';

/** A config file like the example, with `eventBusArn` on some ASPs (buildApp reads a path, as synth does). */
const configWithBuses = (dir: string, buses: Record<string, string>): string => {
  const config = exampleConfigObject() as { asps: Record<string, unknown>[] };
  for (const asp of config.asps) if (buses[asp.id as string]) asp.eventBusArn = buses[asp.id as string];
  const path = join(dir, 'config.yaml');
  writeFileSync(path, stringify(config));
  return path;
};

const hubOf = (configPath: string, context: Record<string, unknown> = {}) =>
  Template.fromStack(
    buildApp(
      configPath,
      { stubFunctions: true, ...context },
      { builtinCloudFormationValidation: false },
    ).node.findChild(HUB_STACK_NAME) as Stack,
  );

const resources = (template: Template, type: string) =>
  Object.entries(template.findResources(type)) as [string, Resource][];
const onlyId = (template: Template, type: string, prefix: string): string => {
  const found = resources(template, type).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${found.length}`);
  return (found[0] as [string, Resource])[0];
};
const functionOf = (template: Template, name: string) => {
  const found = resources(template, 'AWS::Lambda::Function').find(
    ([, r]) => r.Properties.FunctionName === `alert-router-${name}`,
  );
  if (found === undefined) throw new Error(`no function ${name}`);
  return found[1].Properties;
};
const policyOf = (template: Template, roleId: string): Statement[] =>
  resources(template, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
const putEventsOf = (statements: Statement[]) =>
  statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('events:')));

/** The lifecycle events the engine derives for a new incident, as EventBridge delivers them to rules. */
const delivered = (event: LifecycleEvent) => ({
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': event.detailType,
  source: 'alert-router',
  account: '999999999999',
  time: new Date(event.at).toISOString(),
  region: 'ap-northeast-1',
  resources: [],
  detail: event.detail,
});
const config = aConfig();
/** One `Incident Opened` per tenant view: asp-a (111111111111) and asp-b (222222222222). */
const openedEvents = () =>
  lifecycleEvents(
    undefined,
    anIncident({ accounts: ['111111111111', '222222222222'] }),
    [aDelivery()],
    config,
    Date.parse('2026-11-27T01:00:00Z'),
  ).events.map(delivered);
/** Every detail-type, for each view, and the team-only view of an account outside the registry (no `asp`). */
const everyLifecycleEvent = () =>
  openedEvents().flatMap((event) => [
    ...LIFECYCLE_DETAIL_TYPES.map((type) => ({ ...event, 'detail-type': type })),
    { ...event, detail: { ...event.detail, asp: undefined } },
  ]);
const aSpokeEvent = () => loadEvent('guardduty/high-exfiltration-1st.json');

describe('on the example config (no ASP bus)', () => {
  let hub: Template;
  beforeAll(() => {
    hub = hubOf(EXAMPLE);
  });

  it.each(PUBLISHERS)('%s may put events on the hub bus, with source alert-router only', (name) => {
    const roleId = functionOf(hub, name).Role['Fn::GetAtt'][0] as string;
    expect(putEventsOf(policyOf(hub, roleId))).toEqual([
      {
        Sid: 'PutLifecycleEventsOnHubBus',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': [onlyId(hub, 'AWS::Events::EventBus', 'HubBus'), 'Arn'] },
        Condition: { StringEquals: { 'events:source': 'alert-router' } },
      },
    ]);
  });

  it.each(PUBLISHERS)('%s is told the hub bus in EVENT_BUS_NAME', (name) => {
    expect(functionOf(hub, name).Environment.Variables.EVENT_BUS_NAME).toEqual({
      Ref: onlyId(hub, 'AWS::Events::EventBus', 'HubBus'),
    });
  });

  it('gives events:PutEvents to the functions that change incidents and to nothing else', () => {
    const roles = resources(hub, 'AWS::IAM::Policy')
      .filter(([, p]) => putEventsOf(p.Properties.PolicyDocument.Statement).length > 0)
      .flatMap(([, p]) => p.Properties.Roles.map((r: { Ref: string }) => r.Ref))
      .sort();
    const functionRoles = PUBLISHERS.map((name) => functionOf(hub, name).Role['Fn::GetAtt'][0]).sort();
    expect(roles).toEqual(functionRoles);
  });

  it('never routes a lifecycle event back into the router: the ingest rule does not match source alert-router', () => {
    const queue = onlyId(hub, 'AWS::SQS::Queue', 'IngestQueue');
    const intoIngest = resources(hub, 'AWS::Events::Rule').filter(([, rule]) =>
      JSON.stringify(rule.Properties.Targets ?? []).includes(`"${queue}"`),
    );
    expect(intoIngest).toHaveLength(1);
    const pattern = (intoIngest[0] as [string, Resource])[1].Properties.EventPattern;
    // The pattern still takes what the spokes send (so this test can fail), and none of the router's own events.
    expect(matchesPattern(pattern, aSpokeEvent())).toBe(true);
    for (const event of everyLifecycleEvent())
      expect(matchesPattern(pattern, event), JSON.stringify(event.detail)).toBe(false);
  });

  it('archives the spokes’ events, not the router’s own', () => {
    const [[, archive]] = resources(hub, 'AWS::Events::Archive') as [[string, Resource]];
    for (const event of everyLifecycleEvent())
      expect(matchesPattern(archive.Properties.EventPattern, event)).toBe(false);
  });

  it('lets EventBridge encrypt the router’s events on the CMK-encrypted bus, for that bus only', () => {
    // Custom events (ours) on a bus with a customer-managed key are encrypted with it; AWS events are not.
    const keyId = onlyId(hub, 'AWS::KMS::Key', 'Key');
    const statements = hub.toJSON().Resources[keyId].Properties.KeyPolicy.Statement as Statement[];
    const forEvents = statements.filter((s) => s.Principal?.Service === 'events.amazonaws.com');
    expect(forEvents).toContainEqual(expect.objectContaining({ Action: 'kms:DescribeKey' }));
    const busKey = forEvents.find(
      (s) => s.Condition?.StringEquals?.['kms:EncryptionContext:aws:events:event-bus:arn'],
    );
    expect(busKey?.Action).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey']));
    expect(JSON.stringify(busKey?.Condition)).toContain(':event-bus/alert-router-hub');
    hub.hasResourceProperties('AWS::Events::EventBus', {
      KmsKeyIdentifier: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  it('creates no forwarding rule, role or DLQ when no ASP names a bus', () => {
    expect(
      resources(hub, 'AWS::Events::Rule').filter(([id]) => id.startsWith('LifecycleForwarding')),
    ).toEqual([]);
    expect(resources(hub, 'AWS::SQS::Queue')).toHaveLength(3);
  });
});

describe('asps[].eventBusArn', () => {
  let dir: string;
  let hub: Template;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'alert-router-lifecycle-'));
    hub = hubOf(configWithBuses(dir, { 'asp-a': ASP_A_BUS, 'asp-c': ASP_C_BUS }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const forwardRules = () =>
    resources(hub, 'AWS::Events::Rule').filter(([id]) => id.startsWith('LifecycleForwarding'));
  const ruleTo = (bus: string) => {
    const found = forwardRules().filter(([, r]) => r.Properties.Targets[0].Arn === bus);
    expect(found).toHaveLength(1);
    return found[0] as [string, Resource];
  };

  it('creates one rule per ASP with a bus, on the hub bus, matching that ASP’s lifecycle events only', () => {
    expect(forwardRules()).toHaveLength(2);
    for (const [asp, bus] of [
      ['asp-a', ASP_A_BUS],
      ['asp-c', ASP_C_BUS],
    ] as const) {
      const [, rule] = ruleTo(bus);
      expect(rule.Properties.EventBusName).toEqual({ Ref: onlyId(hub, 'AWS::Events::EventBus', 'HubBus') });
      expect(rule.Properties.EventPattern).toEqual({ source: ['alert-router'], detail: { asp: [asp] } });
    }
  });

  it('hands asp-a its own view of a shared incident and nothing of asp-b’s or the spokes’', () => {
    const [, rule] = ruleTo(ASP_A_BUS);
    const matched = everyLifecycleEvent().filter((event) =>
      matchesPattern(rule.Properties.EventPattern, event),
    );
    expect(matched.length).toBe(LIFECYCLE_DETAIL_TYPES.length);
    for (const event of matched) {
      expect(event.detail.asp).toBe('asp-a');
      expect(event.detail.accountId).toBe('111111111111');
    }
    expect(matchesPattern(rule.Properties.EventPattern, aSpokeEvent())).toBe(false);
  });

  it('forwards through a role that may put events on that ASP’s bus and nowhere else, with a DLQ', () => {
    const dlq = onlyId(hub, 'AWS::SQS::Queue', 'LifecycleForwardingDeadLetterQueue');
    for (const bus of [ASP_A_BUS, ASP_C_BUS]) {
      const [, rule] = ruleTo(bus);
      const [target] = rule.Properties.Targets;
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } });
      const roleId = target.RoleArn['Fn::GetAtt'][0] as string;
      expect(policyOf(hub, roleId)).toEqual([
        expect.objectContaining({ Effect: 'Allow', Action: 'events:PutEvents', Resource: bus }),
      ]);
      const trust = hub.toJSON().Resources[roleId].Properties.AssumeRolePolicyDocument.Statement;
      expect(trust).toEqual([
        expect.objectContaining({
          Principal: { Service: 'events.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'aws:SourceArn': expect.anything() },
          },
        }),
      ]);
      expect(JSON.stringify(trust)).toContain(':rule/alert-router-hub/*');
    }
  });

  it('keeps undeliverable events in an encrypted, TLS-only DLQ that survives the stack, sendable by these rules only', () => {
    const dlq = onlyId(hub, 'AWS::SQS::Queue', 'LifecycleForwardingDeadLetterQueue');
    const queue = hub.toJSON().Resources[dlq] as Resource;
    expect(queue.DeletionPolicy).toBe('Retain');
    expect(queue.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
    expect(queue.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    const statements = resources(hub, 'AWS::SQS::QueuePolicy')
      .filter(([, p]) => JSON.stringify(p.Properties.Queues).includes(dlq))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const sends = statements.filter((s) => s.Effect === 'Allow');
    expect(sends.map((s) => s.Condition.ArnEquals['aws:SourceArn']).sort()).toEqual(
      forwardRules()
        .map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] }))
        .sort(),
    );
    hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'alert-router-lifecycle-dlq-not-empty',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
    });
  });

  it('sends nothing back to the router: no rule but ingest targets the ingest queue, none targets the hub bus', () => {
    const queue = onlyId(hub, 'AWS::SQS::Queue', 'IngestQueue');
    const bus = onlyId(hub, 'AWS::Events::EventBus', 'HubBus');
    const targets = resources(hub, 'AWS::Events::Rule').flatMap(([id, r]) =>
      (r.Properties.Targets ?? []).map((t: Statement) => ({ id, arn: JSON.stringify(t.Arn) })),
    );
    expect(targets.filter((t) => t.arn.includes(`"${queue}"`)).map((t) => t.id)).toEqual([
      onlyId(hub, 'AWS::Events::Rule', 'IngestRule'),
    ]);
    expect(targets.filter((t) => t.arn.includes(`"${bus}"`) || t.arn.includes('alert-router-hub'))).toEqual(
      [],
    );
  });

  it('names each forwarding role in a stack output, for the ASP’s bus policy', () => {
    const outputs = Object.values(hub.toJSON().Outputs ?? {}) as { Value: unknown; Description: string }[];
    for (const asp of ['asp-a', 'asp-c'])
      expect(
        outputs.filter((o) => o.Description.includes(asp) && JSON.stringify(o.Value).includes('Role')),
      ).toHaveLength(1);
  });

  it('refuses at synth an ASP bus that is the hub bus itself (a loop)', () => {
    const path = configWithBuses(dir, {
      'asp-b': 'arn:aws:events:ap-northeast-1:999999999999:event-bus/alert-router-hub',
    });
    expect(() => hubOf(path, { hubAccount: '999999999999' })).toThrow(
      /the eventBusArn of ASP "asp-b" is the hub bus itself/,
    );
  });
});
