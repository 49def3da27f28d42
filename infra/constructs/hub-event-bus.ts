import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** The hub's region (Tokyo): the hub stack deploys there, and a spoke forwards to no bus elsewhere. */
export const HUB_REGION = 'ap-northeast-1';

/** The hub bus's name: spokes target `arn:aws:events:ap-northeast-1:<hub account>:event-bus/alert-router-hub`. */
export const HUB_BUS_NAME = 'alert-router-hub';

/** The bus of shard n (infra/bus-shards.ts): shard 1 keeps the single bus's name, so an upgrade replaces nothing. */
export const hubBusName = (shard: number): string =>
  shard === 1 ? HUB_BUS_NAME : `${HUB_BUS_NAME}-${shard}`;

/** EventBridge refuses an event bus resource policy larger than this (bytes). */
export const BUS_POLICY_LIMIT_BYTES = 10_240;

/**
 * Synth stops at this size, one kilobyte short of the limit, so that the failure comes from us with an
 * explanation (and room stays for a statement added by hand) rather than from CloudFormation mid-deployment.
 */
export const BUS_POLICY_BUDGET_BYTES = 9_216;

/**
 * The statement id. It differs from the `cdk-PutEventsFromRegisteredAccounts` of the former separate
 * `AWS::Events::EventBusPolicy` resource: when CloudFormation deletes that resource after the update (it removes
 * its statement by id), it must not remove this one.
 */
const STATEMENT_ID = 'RegisteredAccountsPutEvents';

/**
 * The bus policy as EventBridge stores it, with concrete ARNs (partition `aws`, a 12-digit hub account), so its
 * size can be measured before deployment. The stack renders the same document with partition and account tokens.
 * @internal
 */
export const busPolicyDocument = (accountIds: readonly string[], region: string, busName = HUB_BUS_NAME) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: STATEMENT_ID,
      Effect: 'Allow',
      Principal: {
        AWS:
          accountIds.length === 1
            ? `arn:aws:iam::${accountIds[0]}:root`
            : accountIds.map((id) => `arn:aws:iam::${id}:root`),
      },
      Action: 'events:PutEvents',
      Resource: `arn:aws:events:${region}:123456789012:event-bus/${busName}`,
    },
  ],
});

/** Bytes of the bus policy for these accounts (compact JSON, UTF-8). */
export const busPolicySize = (
  accountIds: readonly string[],
  region = 'ap-northeast-1',
  busName = HUB_BUS_NAME,
): number => Buffer.byteLength(JSON.stringify(busPolicyDocument(accountIds, region, busName)), 'utf8');

/**
 * Throws, naming the numbers, when the bus policy for these accounts would not fit the budget. The app shards the
 * accounts over several buses (infra/bus-shards.ts), so this fires only for a shard overfilled by `busShard` pins.
 */
export const checkBusPolicySize = (
  accountIds: readonly string[],
  region = 'ap-northeast-1',
  busName = HUB_BUS_NAME,
): number => {
  const size = busPolicySize(accountIds, region, busName);
  if (size > BUS_POLICY_BUDGET_BYTES) {
    const one = busPolicySize(accountIds.slice(0, 1), region, busName);
    const perAccount = Math.ceil((size - one) / (accountIds.length - 1));
    const fits = Math.floor((BUS_POLICY_BUDGET_BYTES - one) / perAccount) + 1;
    throw new Error(
      `alert-router: the hub bus policy for ${accountIds.length} registered accounts would be ${size} bytes; ` +
        `EventBridge refuses bus policies over ${BUS_POLICY_LIMIT_BYTES} bytes and this app stops at ` +
        `${BUS_POLICY_BUDGET_BYTES} (about ${fits} accounts). Bus ${busName} has too many accounts pinned to it ` +
        '(accounts[].busShard): pin some to another bus.',
    );
  }
  return size;
};

/** Options of {@link HubEventBus}. */
export type HubEventBusProps = {
  /** The registered spoke accounts (config `accounts[].id`): the only principals allowed to put events. */
  readonly accountIds: readonly string[];
  /** Encrypts the bus (rules, targets, the router's own events) and its archive of raw events. */
  readonly key: kms.IKey;
  /** How long the archive keeps events for replay; 90 days by default. */
  readonly archiveRetention?: Duration;
  /**
   * The bus's shard (infra/bus-shards.ts): 1 (default) is `alert-router-hub`, n is `alert-router-hub-<n>`. Names
   * and key policy statement ids of shard 1 are those of the single bus before sharding.
   */
  readonly shard?: number;
};

/**
 * The hub's custom event bus. Its resource policy allows `events:PutEvents` from the registered account ids only,
 * each as an `arn:aws:iam::<id>:root` principal: the spoke accounts belong to the Digital Agency's Organization,
 * so `aws:PrincipalOrgID` would admit every account of every vendor. An archive keeps what the spokes sent so
 * that an incident can be replayed after a bug fix. Bus and archive are encrypted with the router's
 * customer-managed key (AWS encrypts the AWS service events passing through a bus with its own key; what the
 * archive keeps for 90 days is under ours, and so are the router's own lifecycle events on the bus: EventBridge
 * encrypts and decrypts them under the key policy below, so the functions that put them need no KMS grant).
 *
 * The policy is the bus's own `Policy` property, not a separate `AWS::Events::EventBusPolicy`: that resource's
 * `principal` property is deprecated, and cdk-nag reads it on every synth (issue 11 #14).
 */
export class HubEventBus extends Construct {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  /** Bytes of the resource policy as measured at synth (0 without registered accounts). */
  readonly policySize: number;

  constructor(
    scope: Construct,
    id: string,
    { accountIds, key, archiveRetention = Duration.days(90), shard = 1 }: HubEventBusProps,
  ) {
    super(scope, id);
    const stack = Stack.of(this);
    const region = Token.isUnresolved(stack.region) ? 'ap-northeast-1' : stack.region;
    const accounts = [...new Set(accountIds)].sort();
    const busName = hubBusName(shard);
    const suffix = shard === 1 ? '' : String(shard);

    // Built from the name: the bus's own Arn attribute inside its own policy (or its key's) would be a cycle.
    const busArn = stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: busName });
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: busName,
      description: 'alert-router hub: security and health events forwarded by the registered spoke accounts',
      kmsKey: key,
    });
    this.policySize = accounts.length === 0 ? 0 : checkBusPolicySize(accounts, region, busName);
    if (accounts.length > 0) {
      const document = new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: STATEMENT_ID,
            effect: iam.Effect.ALLOW,
            principals: accounts.map((account) => new iam.AccountPrincipal(account)),
            actions: ['events:PutEvents'],
            resources: [busArn],
          }),
        ],
      });
      (this.bus.node.defaultChild as events.CfnEventBus).policy = document;
    }

    // Same construct path (and logical id) as `bus.archive('Archive', …)`, which cannot take a key. The key is set
    // on the CloudFormation resource, and its policy written here with the bus ARN built from the name: the
    // construct's own `kmsKey` would put the bus's Arn attribute in the key policy (key → bus → key, a cycle).
    this.archive = new events.Archive(this.bus, 'Archive', {
      sourceEventBus: this.bus,
      archiveName: `${busName}-archive`,
      description: 'Every AWS event the spokes forwarded, for replay',
      eventPattern: { source: events.Match.prefix('aws.') },
      retention: archiveRetention,
    });
    (this.archive.node.defaultChild as events.CfnArchive).kmsKeyIdentifier = key.keyArn;
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `EventBridgeArchiveOfTheHubBus${suffix}`,
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:EncryptionContext:aws:events:event-bus:arn': busArn } },
      }),
    );
    // One statement for every bus: the first one writes it.
    if (shard === 1)
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'EventBridgeDescribesTheKey',
          principals: [new iam.ServicePrincipal('events.amazonaws.com')],
          actions: ['kms:DescribeKey'],
          resources: ['*'],
        }),
      );
  }
}
