import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The hub bus's name: spokes target `arn:aws:events:<hub region>:<hub account>:event-bus/alert-router-hub`. */
export const HUB_BUS_NAME = 'alert-router-hub';

/** EventBridge refuses an event bus resource policy larger than this (bytes). */
export const BUS_POLICY_LIMIT_BYTES = 10_240;

/**
 * Synth stops at this size, one kilobyte short of the limit, so that the failure comes from us with an
 * explanation (and room stays for a statement added by hand) rather than from CloudFormation mid-deployment.
 */
export const BUS_POLICY_BUDGET_BYTES = 9_216;

const STATEMENT_ID = 'PutEventsFromRegisteredAccounts';

/**
 * The bus policy as EventBridge stores it, with concrete ARNs (partition `aws`, a 12-digit hub account), so its
 * size can be measured before deployment. The stack renders the same statement with partition and account tokens.
 * @internal
 */
export const busPolicyDocument = (accountIds: readonly string[], region: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      // CDK prefixes the statement id with `cdk-`.
      Sid: `cdk-${STATEMENT_ID}`,
      Effect: 'Allow',
      Principal: {
        AWS:
          accountIds.length === 1
            ? `arn:aws:iam::${accountIds[0]}:root`
            : accountIds.map((id) => `arn:aws:iam::${id}:root`),
      },
      Action: 'events:PutEvents',
      Resource: `arn:aws:events:${region}:123456789012:event-bus/${HUB_BUS_NAME}`,
    },
  ],
});

/** Bytes of the bus policy for these accounts (compact JSON, UTF-8). */
export const busPolicySize = (accountIds: readonly string[], region = 'ap-northeast-1'): number =>
  Buffer.byteLength(JSON.stringify(busPolicyDocument(accountIds, region)), 'utf8');

/** Throws, naming the numbers, when the bus policy for these accounts would not fit the budget. */
export const checkBusPolicySize = (accountIds: readonly string[], region = 'ap-northeast-1'): number => {
  const size = busPolicySize(accountIds, region);
  if (size > BUS_POLICY_BUDGET_BYTES) {
    const perAccount = Math.ceil(
      (size - busPolicySize(accountIds.slice(0, 1), region)) / (accountIds.length - 1),
    );
    const fits =
      Math.floor((BUS_POLICY_BUDGET_BYTES - busPolicySize(accountIds.slice(0, 1), region)) / perAccount) + 1;
    throw new Error(
      `alert-router: the hub bus policy for ${accountIds.length} registered accounts would be ${size} bytes; ` +
        `EventBridge refuses bus policies over ${BUS_POLICY_LIMIT_BYTES} bytes and this app stops at ` +
        `${BUS_POLICY_BUDGET_BYTES} (about ${fits} accounts). Remove accounts from the config or split them over ` +
        'several hubs.',
    );
  }
  return size;
};

/** Options of {@link HubEventBus}. */
export type HubEventBusProps = {
  /** The registered spoke accounts (config `accounts[].id`): the only principals allowed to put events. */
  readonly accountIds: readonly string[];
  /** How long the archive keeps events for replay; 90 days by default. */
  readonly archiveRetention?: Duration;
};

/**
 * The hub's custom event bus. Its resource policy allows `events:PutEvents` from the registered account ids only,
 * each as an `arn:aws:iam::<id>:root` principal: the spoke accounts belong to the Digital Agency's Organization,
 * so `aws:PrincipalOrgID` would admit every account of every vendor. An archive keeps what the spokes sent so
 * that an incident can be replayed after a bug fix.
 */
export class HubEventBus extends Construct {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  /** Bytes of the resource policy as measured at synth (0 without registered accounts). */
  readonly policySize: number;

  constructor(
    scope: Construct,
    id: string,
    { accountIds, archiveRetention = Duration.days(90) }: HubEventBusProps,
  ) {
    super(scope, id);
    const stack = Stack.of(this);
    const region = Token.isUnresolved(stack.region) ? 'ap-northeast-1' : stack.region;
    const accounts = [...new Set(accountIds)].sort();

    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: HUB_BUS_NAME,
      description: 'alert-router hub: security and health events forwarded by the registered spoke accounts',
    });
    this.policySize = accounts.length === 0 ? 0 : checkBusPolicySize(accounts, region);
    if (accounts.length > 0) {
      this.bus.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: STATEMENT_ID,
          effect: iam.Effect.ALLOW,
          principals: accounts.map((account) => new iam.AccountPrincipal(account)),
          actions: ['events:PutEvents'],
          resources: [this.bus.eventBusArn],
        }),
      );
    }

    this.archive = this.bus.archive('Archive', {
      archiveName: `${HUB_BUS_NAME}-archive`,
      description: 'Every AWS event the spokes forwarded, for replay',
      eventPattern: { source: events.Match.prefix('aws.') },
      retention: archiveRetention,
    });
  }
}
