import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, HUB_STACK_NAME, spokeStackName } from '../../infra/app.js';
import { busShards, shardCapacity } from '../../infra/bus-shards.js';
import { BUS_POLICY_BUDGET_BYTES, busPolicySize } from '../../infra/constructs/hub-event-bus.js';
import type { AccountConfig } from '../../shared/config/schema.js';
import { generateRegistry, writeRegistry } from '../helpers/large-registry.js';

const account = (i: number, busShard?: number): AccountConfig => ({
  id: String(100_000_000_000 + i),
  name: `account-${i}`,
  asp: 'asp-a',
  municipalities: ['city-aoba'],
  system: 'test',
  reportsFor: [],
  reportsForOtherAsps: false,
  ...(busShard === undefined ? {} : { busShard }),
});
const accounts = (n: number, from = 0) => Array.from({ length: n }, (_, i) => account(from + i));
const shardOf = (shards: ReturnType<typeof busShards>) =>
  new Map(shards.flatMap((shard) => shard.accounts.map((a) => [a.id, shard.shard] as const)));

describe('bus shards', () => {
  it('keeps a small registry on the one bus of before, alert-router-hub', () => {
    const shards = busShards(accounts(5));
    expect(shards.map((s) => [s.shard, s.busName, s.accounts.length])).toEqual([[1, 'alert-router-hub', 5]]);
  });

  it('fills bus 1 with exactly as many accounts as the single bus took, then opens alert-router-hub-2', () => {
    const capacity = shardCapacity(1);
    const ids = (n: number) => accounts(n).map((a) => a.id);
    // The pre-sharding check accepted exactly this many accounts on one bus.
    expect(busPolicySize(ids(capacity))).toBeLessThanOrEqual(BUS_POLICY_BUDGET_BYTES);
    expect(busPolicySize(ids(capacity + 1))).toBeGreaterThan(BUS_POLICY_BUDGET_BYTES);
    const shards = busShards(accounts(capacity + 1));
    expect(shards.map((s) => [s.busName, s.accounts.length])).toEqual([
      ['alert-router-hub', capacity],
      ['alert-router-hub-2', 1],
    ]);
  });

  it('never moves an account when accounts are appended', () => {
    let previous = shardOf(busShards(accounts(1)));
    for (const n of [100, 272, 273, 600, 1_999, 2_000]) {
      const next = shardOf(busShards(accounts(n)));
      for (const [id, shard] of previous) expect(next.get(id), id).toBe(shard);
      previous = next;
    }
  });

  it('puts a pinned account on its bus without moving anyone else', () => {
    const list = accounts(600);
    const before = shardOf(busShards(list));
    const pinned = [...list.slice(0, 10), account(10, 3), ...list.slice(11)];
    const after = shardOf(busShards(pinned));
    expect(after.get(account(10).id)).toBe(3);
    for (const [id, shard] of before) if (id !== account(10).id) expect(after.get(id), id).toBe(shard);
  });

  it('keeps later shards when an account is deleted after the first account of each later shard is pinned', () => {
    const list = accounts(600);
    const before = busShards(list);
    const firsts = new Set(before.slice(1).map((shard) => shard.accounts[0]?.id));
    const pinnedFirsts = list.map((a) =>
      firsts.has(a.id) ? { ...a, busShard: shardOf(before).get(a.id) as number } : a,
    );
    const deleted = pinnedFirsts.filter((a) => a.id !== account(5).id);
    const after = shardOf(busShards(deleted));
    for (const [id, shard] of shardOf(before))
      if (id !== account(5).id) expect(after.get(id), id).toBe(shard);
  });

  it('refuses, at synth, a bus overfilled by pins', () => {
    const path = writeRegistry({
      ...generateRegistry({ accounts: 0, municipalities: 1, asps: 1, teamLevels: 1 }),
      accounts: accounts(300).map((a) => ({
        ...a,
        asp: 'asp-001',
        municipalities: ['city-001'],
        busShard: 2,
      })),
    });
    expect(() => buildApp(path, { stubFunctions: true }, { builtinCloudFormationValidation: false })).toThrow(
      /Bus alert-router-hub-2 has too many accounts pinned to it \(accounts\[\]\.busShard\)/,
    );
  }, 60_000);
});

describe('a hub of 600 accounts (three buses)', () => {
  let app: App;
  let hub: Template;
  let outdir: string;
  beforeAll(() => {
    const registry = generateRegistry({ accounts: 600, municipalities: 10, asps: 5, teamLevels: 2 });
    app = buildApp(
      writeRegistry(registry),
      { stubFunctions: true, hubAccount: '999999999999' },
      {
        builtinCloudFormationValidation: false,
      },
    );
    outdir = app.outdir;
    hub = Template.fromStack(app.node.findChild(HUB_STACK_NAME) as Stack);
  }, 60_000);

  it('has one bus with its own policy and archive per shard, each account on one bus', () => {
    const buses = Object.entries(hub.findResources('AWS::Events::EventBus'));
    expect(buses.map(([id, bus]) => [id.replace(/[0-9A-F]{8}$/, ''), bus.Properties.Name])).toEqual([
      ['HubBus', 'alert-router-hub'],
      ['HubBus2Bus', 'alert-router-hub-2'],
      ['HubBus3Bus', 'alert-router-hub-3'],
    ]);
    const principals = buses.flatMap(
      ([, bus]) => bus.Properties.Policy.Statement[0].Principal.AWS as unknown[],
    );
    expect(new Set(principals.map((p) => JSON.stringify(p))).size).toBe(600);
    const archives = Object.values(hub.findResources('AWS::Events::Archive')).map(
      (a) => a.Properties.ArchiveName,
    );
    expect(archives.sort()).toEqual([
      'alert-router-hub-2-archive',
      'alert-router-hub-3-archive',
      'alert-router-hub-archive',
    ]);
  });

  it('feeds every bus into the one ingest queue, which takes messages from those rules only', () => {
    const rules = Object.entries(hub.findResources('AWS::Events::Rule')).filter(([id]) =>
      id.startsWith('IngestRule'),
    );
    expect(rules).toHaveLength(3);
    for (const [, rule] of rules)
      expect(rule.Properties.Targets[0].Arn).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^IngestQueue/), 'Arn'],
      });
    const [queuePolicy] = Object.values(hub.findResources('AWS::SQS::QueuePolicy')).filter((p) =>
      JSON.stringify(p.Properties.Queues).includes('IngestQueue'),
    );
    const sends = queuePolicy?.Properties.PolicyDocument.Statement.find(
      (s: Record<string, unknown>) => s.Sid === 'IngestRuleSends',
    );
    expect(sends.Condition.ArnEquals['aws:SourceArn']).toEqual(
      rules.map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
    );
  });

  it('lets EventBridge use the key for each archive, by bus', () => {
    const [key] = Object.values(
      hub.findResources('AWS::KMS::Key', { Properties: { Description: /hub bus/ } }),
    );
    const statements = (
      Object.values(hub.findResources('AWS::KMS::Key')).find((k) =>
        JSON.stringify(k).includes('EventBridgeArchiveOfTheHubBus'),
      ) ?? key
    )?.Properties.KeyPolicy.Statement as Record<string, any>[];
    const archives = statements.filter((s) => String(s.Sid).startsWith('EventBridgeArchiveOfTheHubBus'));
    expect(archives.map((s) => s.Sid)).toEqual([
      'EventBridgeArchiveOfTheHubBus',
      'EventBridgeArchiveOfTheHubBus2',
      'EventBridgeArchiveOfTheHubBus3',
    ]);
    expect(statements.filter((s) => s.Sid === 'EventBridgeDescribesTheKey')).toHaveLength(1);
  });

  it('outputs each bus ARN and writes the table of which spoke targets which bus', () => {
    expect(Object.keys(hub.toJSON().Outputs).filter((k) => /^HubBus\d*Arn$/.test(k))).toEqual([
      'HubBusArn',
      'HubBus2Arn',
      'HubBus3Arn',
    ]);
    const table = JSON.parse(readFileSync(join(outdir, 'spoke-buses.json'), 'utf8')) as Record<
      string,
      unknown
    >[];
    expect(table).toHaveLength(600);
    expect(table[0]).toEqual({
      account: '100000000000',
      name: 'account-0001',
      asp: 'asp-001',
      shard: 1,
      busName: 'alert-router-hub',
      busArn: 'arn:aws:events:ap-northeast-1:999999999999:event-bus/alert-router-hub',
    });
    expect(table[599]).toMatchObject({ shard: 3, busName: 'alert-router-hub-3' });
    // What an ASP is handed lists its own accounts only.
    const csv = readFileSync(join(outdir, 'spoke-buses', 'asp-002.csv'), 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('account,name,asp,shard,busName,busArn');
    expect(lines).toHaveLength(1 + 120);
    for (const line of lines.slice(1)) expect(line.split(',')[2]).toBe('asp-002');
  });

  it('lets a spoke put events on any of the hub buses, and on no other bus', () => {
    const spoke = Template.fromStack(app.node.findChild(spokeStackName('ap-northeast-1')) as Stack).toJSON();
    const pattern = new RegExp(spoke.Parameters.HubEventBusArn.AllowedPattern);
    const arn = (name: string) => `arn:aws:events:ap-northeast-1:999999999999:event-bus/${name}`;
    for (const name of ['alert-router-hub', 'alert-router-hub-2', 'alert-router-hub-3'])
      expect(pattern.test(arn(name)), name).toBe(true);
    for (const name of ['alert-router-hub-4', 'alert-router-hub-22', 'default', 'alert-router-hubx'])
      expect(pattern.test(arn(name)), name).toBe(false);
    const [policy] = Object.values(spoke.Resources as Record<string, any>).filter(
      (r) => r.Type === 'AWS::IAM::Policy',
    );
    const deny = policy.Properties.PolicyDocument.Statement.find(
      (s: Record<string, unknown>) => s.Effect === 'Deny',
    );
    expect(JSON.stringify(deny.NotResource)).toContain(':event-bus/alert-router-hub-3');
    expect(deny.NotResource).toHaveLength(3);
  });

  it('passes cdk-nag AwsSolutions', () => {
    app.synth();
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});
