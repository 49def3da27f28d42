import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { AdapterError } from '../../errors.js';
import { type Delivery, type DigestGroup, type Incident, nextDueAt } from '../../incident.js';
import type { IncidentStore, SaveResult } from '../../ports.js';
import { errorName, sdkError } from './sdk-error.js';

/**
 * The single-table layout of the incident store, shared with the CDK stack so that the table it deploys and
 * the items this adapter writes cannot drift.
 *
 * | item | pk | sk | other attributes |
 * | --- | --- | --- | --- |
 * | incident (current episode of a fingerprint) | `FP#<fingerprint>` | `INCIDENT` | `incident` (map), `revision`, `incidentId`, `state`; `dueShard` + `dueAt` while an escalation step is due; `expiresAt` once resolved |
 * | delivery (outbox) | `INC#<incidentId>` | `DELIVERY#<deliveryId>` | `delivery` (map), `status`, `expiresAt` |
 *
 * Indexes: `byIncidentId` (pk `incidentId`, ALL) answers ack links; `dueEscalations` (pk `dueShard`, sk
 * `dueAt`, ALL) is sparse and answers the sweeper. TTL on `expiresAt` only cleans up: nothing waits for it.
 */
export const INCIDENT_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  byIncidentId: { indexName: 'byIncidentId', partitionKey: 'incidentId' },
  dueEscalations: { indexName: 'dueEscalations', partitionKey: 'dueShard', sortKey: 'dueAt' },
  pendingByGroup: { indexName: 'pendingByGroup', partitionKey: 'digestGroup', sortKey: 'digestAt' },
  /** Key attribute types, as CreateTable and CDK spell them. */
  attributeTypes: {
    pk: 'S',
    sk: 'S',
    incidentId: 'S',
    dueShard: 'S',
    dueAt: 'N',
    digestGroup: 'S',
    digestAt: 'N',
  },
} as const;

/** Days a resolved incident and a delivery are kept before TTL removes them, unless told otherwise. */
export const DEFAULT_RETENTION_DAYS = 90;

/** A transaction holds at most 100 items (DynamoDB's limit): the incident and up to 99 deliveries. */
const MAX_TRANSACTION_ITEMS = 100;

const INCIDENT_SK = 'INCIDENT';
const DELIVERY_PREFIX = 'DELIVERY#';
/**
 * Every due incident shares one partition of the sparse index, so one ordered Query finds the earliest steps.
 * A hub has at most a few hundred open escalations; a single partition takes 1,000 writes a second.
 */
const DUE_SHARD = 'DUE';
/** Digest groups with a digest due share the same sparse index under their own shard (the sweeper's other query). */
const DIGEST_SHARD = 'DIGEST';
/** Pending deliveries share it too, under a third shard: the outbox sweep finds what a failed publish left. */
const OUTBOX_SHARD = 'OUTBOX';
const GROUP_SK = 'GROUP';
const groupKey = (key: string) => ({ pk: `GROUP#${key}`, sk: GROUP_SK });
const DAY_SECONDS = 86_400;

const incidentKey = (fingerprint: string) => ({ pk: `FP#${fingerprint}`, sk: INCIDENT_SK });
const deliveryKey = (incidentId: string, id: string) => ({
  pk: `INC#${incidentId}`,
  sk: `${DELIVERY_PREFIX}${id}`,
});

/** Options of {@link createDynamoIncidentStore}. */
export type DynamoIncidentStoreOptions = {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Days to keep a resolved incident and a delivery record (TTL clean-up); default 90. */
  readonly retentionDays?: number;
};

type IncidentItem = { readonly incident: Incident };

/** A delivery as the outbox stores it: the record nested, its status beside it. */
const readDelivery = (item: Record<string, unknown>): Delivery => {
  const { delivery, status } = item as unknown as DeliveryItem;
  return { ...delivery, status } as Delivery;
};

type DeliveryItem = { readonly delivery: Omit<Delivery, 'status'>; readonly status: Delivery['status'] };

/**
 * The `IncidentStore` port on one DynamoDB table (layout: {@link INCIDENT_TABLE}).
 *
 * Every read the pipeline makes on the hot path is a single request: `get` is one consistent GetItem and
 * `save` one TransactWriteItems, so a new incident costs two requests and a duplicate event no write. The
 * incident's revision fences every write; a failed fence is the result `conflict`, never an exception.
 * Failures are `AdapterError`s whose `retryable` says whether SQS redelivery may help (throttling, timeouts,
 * 5xx) or not (validation, a missing table); SDK types never reach the caller.
 *
 * @example
 * const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
 * const store = createDynamoIncidentStore({ client, tableName: 'alert-router-incidents' });
 */
export const createDynamoIncidentStore = ({
  client,
  tableName,
  retentionDays = DEFAULT_RETENTION_DAYS,
}: DynamoIncidentStoreOptions): IncidentStore => {
  if (!Number.isFinite(retentionDays) || retentionDays <= 0) {
    throw new RangeError(`retentionDays must be a positive number of days, got ${retentionDays}`);
  }
  const retentionSeconds = Math.round(retentionDays * DAY_SECONDS);

  const incidentItem = (incident: Incident) => {
    const dueAt = nextDueAt(incident);
    return {
      ...incidentKey(incident.fingerprint),
      // A JSON round trip drops `undefined` fields (`escalation: undefined`), which the marshaller would reject
      // unless the caller's client happened to set `removeUndefinedValues`.
      incident: JSON.parse(JSON.stringify(incident)) as Incident,
      revision: incident.revision,
      incidentId: incident.id,
      state: incident.state,
      // Sparse index: the attributes exist only while a step is due, so the sweeper reads nothing else. A Put
      // replaces the whole item, so leaving them out is what removes them.
      ...(dueAt !== undefined ? { dueShard: DUE_SHARD, dueAt } : {}),
      ...(incident.state === 'resolved'
        ? { expiresAt: epochSeconds(Date.parse(incident.resolvedAt ?? incident.lastSeen)) + retentionSeconds }
        : {}),
    };
  };

  const deliveryItem = (delivery: Delivery) => {
    const { status, ...rest } = delivery;
    return {
      ...deliveryKey(delivery.incidentId, delivery.id),
      // Nested, so that the delivery's own `incidentId` does not put every delivery into `byIncidentId`.
      delivery: rest,
      status,
      expiresAt: epochSeconds(delivery.at) + retentionSeconds,
      // Sparse index of what waits for a digest: present while pending, removed by `markSent`.
      ...(delivery.group !== undefined && status === 'pending'
        ? { digestGroup: delivery.group, digestAt: delivery.at }
        : {}),
      // The outbox sweep's entry in the shared sparse index, also removed by `markSent`.
      ...(status === 'pending' ? { dueShard: OUTBOX_SHARD, dueAt: delivery.sweepAt ?? delivery.at } : {}),
    };
  };

  const transact = async (incident: Incident, expectedRevision: number, deliveries: readonly Delivery[]) =>
    client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: incidentItem(incident),
              ...(expectedRevision === 0
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : {
                    ConditionExpression: '#revision = :expected',
                    ExpressionAttributeNames: { '#revision': 'revision' },
                    ExpressionAttributeValues: { ':expected': expectedRevision },
                  }),
            },
          },
          ...deliveries.map((delivery) => ({
            Put: {
              TableName: tableName,
              Item: deliveryItem(delivery),
              // A live record of this id (maybe already `sent`) must stay as it is. An expired one that TTL
              // has not removed yet belongs to an earlier life of the id (a resolved incident deleted by TTL
              // restarts at episode 1) and must not swallow the new delivery.
              ConditionExpression: 'attribute_not_exists(pk) OR #expiresAt < :now',
              ExpressionAttributeNames: { '#expiresAt': INCIDENT_TABLE.ttlAttribute },
              ExpressionAttributeValues: { ':now': epochSeconds(delivery.at) },
            },
          })),
        ],
      }),
    );

  const query = async (operation: string, input: QueryCommandInput, limit = Number.POSITIVE_INFINITY) => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const remaining = limit - items.length;
      const page = await call(operation, tableName, () =>
        client.send(
          new QueryCommand({
            ...input,
            ...(Number.isFinite(remaining) ? { Limit: remaining } : {}),
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined && items.length < limit);
    return items;
  };

  /** The sweeper's questions: items of one shard of the sparse `dueEscalations` index due by `before`, oldest first. */
  const dueItems = async (operation: string, shard: string, before: number, limit: number) =>
    limit <= 0
      ? []
      : query(
          operation,
          {
            TableName: tableName,
            IndexName: INCIDENT_TABLE.dueEscalations.indexName,
            KeyConditionExpression: '#shard = :shard AND #dueAt <= :before',
            ExpressionAttributeNames: {
              '#shard': INCIDENT_TABLE.dueEscalations.partitionKey,
              '#dueAt': INCIDENT_TABLE.dueEscalations.sortKey,
            },
            ExpressionAttributeValues: { ':shard': shard, ':before': before },
            ScanIndexForward: true,
          },
          limit,
        );

  return {
    get: async (fingerprint) => {
      const { Item } = await call('GetItem', tableName, () =>
        client.send(
          new GetCommand({
            TableName: tableName,
            Key: incidentKey(fingerprint),
            // The read decides the next write: it must see the last committed revision.
            ConsistentRead: true,
            ProjectionExpression: 'incident',
          }),
        ),
      );
      return (Item as IncidentItem | undefined)?.incident;
    },

    findById: async (incidentId) => {
      // Index reads are eventually consistent; an ack arrives minutes after the page, and what the ack then
      // writes is fenced by the revision read through `get`.
      const [item] = await query(
        'Query byIncidentId',
        {
          TableName: tableName,
          IndexName: INCIDENT_TABLE.byIncidentId.indexName,
          KeyConditionExpression: '#id = :id',
          ExpressionAttributeNames: { '#id': INCIDENT_TABLE.byIncidentId.partitionKey },
          ExpressionAttributeValues: { ':id': incidentId },
        },
        1,
      );
      return (item as IncidentItem | undefined)?.incident;
    },

    dueEscalations: async (before, limit) => {
      const items = await dueItems('Query dueEscalations', DUE_SHARD, before, limit);
      return items.map((item) => (item as unknown as IncidentItem).incident);
    },

    save: async (incident, expectedRevision, deliveries): Promise<SaveResult> => {
      // Two writes of one item in a transaction are a validation error; the first record of an id wins.
      const ids = new Set<string>();
      let pending = deliveries.filter((delivery) => !ids.has(delivery.id) && ids.add(delivery.id));
      if (pending.length + 1 > MAX_TRANSACTION_ITEMS) {
        throw new AdapterError(
          `cannot save ${incident.id} with ${pending.length} deliveries: a DynamoDB transaction holds at most ` +
            `${MAX_TRANSACTION_ITEMS - 1} deliveries with the incident`,
          false,
        );
      }
      // Each pass either commits, or finds deliveries that are already recorded and leaves them out: at most
      // one extra request, and only when an outbox record is re-recorded (a retry after a crash).
      for (;;) {
        try {
          await transact(incident, expectedRevision, pending);
          return 'saved';
        } catch (error) {
          const outcome = cancellation(error);
          if (outcome === undefined) throw adapterError('TransactWriteItems', tableName, error);
          if (outcome.kind === 'conflict') return 'conflict';
          if (outcome.kind === 'failed') throw adapterError('TransactWriteItems', tableName, error, outcome);
          const recorded = new Set(outcome.indexes.map((index) => index - 1));
          pending = pending.filter((_, index) => !recorded.has(index));
        }
      }
    },

    pendingDeliveries: async (incidentId) => {
      const items = await query('Query outbox', {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': deliveryKey(incidentId, '').pk,
          ':prefix': DELIVERY_PREFIX,
          ':pending': 'pending',
        },
        // Right after a crash the retry must see what the failed attempt recorded.
        ConsistentRead: true,
      });
      return items.map(readDelivery).sort((a, b) => a.at - b.at);
    },

    getGroup: async (key) => {
      const { Item } = await call('GetItem', tableName, () =>
        client.send(
          new GetCommand({
            TableName: tableName,
            Key: groupKey(key),
            ConsistentRead: true,
            ProjectionExpression: 'digest',
          }),
        ),
      );
      return (Item as { digest: DigestGroup } | undefined)?.digest;
    },

    saveGroup: async (group, expectedRevision): Promise<SaveResult> => {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...groupKey(group.key),
              digest: JSON.parse(JSON.stringify(group)) as DigestGroup,
              revision: group.revision,
              ...(group.flushAt !== undefined ? { dueShard: DIGEST_SHARD, dueAt: group.flushAt } : {}),
            },
            ...(expectedRevision === 0
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: '#revision = :expected',
                  ExpressionAttributeNames: { '#revision': 'revision' },
                  ExpressionAttributeValues: { ':expected': expectedRevision },
                }),
          }),
        );
        return 'saved';
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') return 'conflict';
        throw adapterError('PutItem', tableName, error);
      }
    },

    pendingInGroup: async (key) => {
      const items = await query('Query pendingByGroup', {
        TableName: tableName,
        IndexName: INCIDENT_TABLE.pendingByGroup.indexName,
        KeyConditionExpression: '#group = :group',
        ExpressionAttributeNames: { '#group': INCIDENT_TABLE.pendingByGroup.partitionKey },
        ExpressionAttributeValues: { ':group': key },
        ScanIndexForward: true,
      });
      return items.map(readDelivery);
    },

    stalePending: async (before, limit) => {
      const items = await dueItems('Query stalePending', OUTBOX_SHARD, before, limit);
      return items.map(readDelivery);
    },

    dueDigests: async (before, limit) => {
      const items = await dueItems('Query dueDigests', DIGEST_SHARD, before, limit);
      return items.map((item) => (item as unknown as { digest: DigestGroup }).digest);
    },

    markSent: async (delivery) => {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: deliveryKey(delivery.incidentId, delivery.id),
            UpdateExpression: 'SET #status = :sent REMOVE digestGroup, digestAt, dueShard, dueAt',
            // Without the condition an update would create a bare item for a delivery never recorded.
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':sent': 'sent' },
          }),
        );
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') return;
        throw adapterError('UpdateItem', tableName, error);
      }
    },
  };
};

/**
 * Creates the incident table (on-demand, both indexes, TTL on `expiresAt`) and waits until it is ACTIVE.
 * A table that already exists is not an error, so the CLI and tests can call it before every run.
 *
 * @example
 * await createIncidentTable(new DynamoDBClient({ endpoint: 'http://127.0.0.1:8000' }), 'incidents');
 */
export const createIncidentTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  const { byIncidentId, dueEscalations, pendingByGroup, attributeTypes } = INCIDENT_TABLE;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: Object.entries(attributeTypes).map(([AttributeName, AttributeType]) => ({
          AttributeName,
          AttributeType,
        })),
        KeySchema: [
          { AttributeName: INCIDENT_TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: INCIDENT_TABLE.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: byIncidentId.indexName,
            KeySchema: [{ AttributeName: byIncidentId.partitionKey, KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            IndexName: dueEscalations.indexName,
            KeySchema: [
              { AttributeName: dueEscalations.partitionKey, KeyType: 'HASH' },
              { AttributeName: dueEscalations.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            IndexName: pendingByGroup.indexName,
            KeySchema: [
              { AttributeName: pendingByGroup.partitionKey, KeyType: 'HASH' },
              { AttributeName: pendingByGroup.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  } catch (error) {
    if (errorName(error) !== 'ResourceInUseException') throw adapterError('CreateTable', tableName, error);
  }
  await call('DescribeTable', tableName, () =>
    waitUntilTableExists({ client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 }, { TableName: tableName }),
  );
  // Enabling TTL twice is a ValidationException on AWS, so look first.
  const ttl = await call('DescribeTimeToLive', tableName, () =>
    client.send(new DescribeTimeToLiveCommand({ TableName: tableName })),
  );
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (status !== 'ENABLED' && status !== 'ENABLING') {
    await call('UpdateTimeToLive', tableName, () =>
      client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: INCIDENT_TABLE.ttlAttribute, Enabled: true },
        }),
      ),
    );
  }
};

const epochSeconds = (millis: number): number => Math.floor(millis / 1000);

/** Runs one SDK call and translates whatever it throws. */
const call = async <T>(operation: string, tableName: string, send: () => Promise<T>): Promise<T> => {
  try {
    return await send();
  } catch (error) {
    throw adapterError(operation, tableName, error);
  }
};

type Cancellation =
  | { readonly kind: 'conflict' }
  | { readonly kind: 'recorded'; readonly indexes: readonly number[] }
  | { readonly kind: 'failed'; readonly retryable: boolean; readonly codes: readonly string[] };

/** Codes of a cancelled transaction's items that another attempt may get past. */
const RETRYABLE_REASONS = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

/**
 * Reads a cancelled transaction item by item (reason 0 is the incident, the rest its deliveries). Undefined
 * when the error is not a cancellation.
 */
const cancellation = (error: unknown): Cancellation | undefined => {
  if (errorName(error) !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  const codes = reasons.map((reason) => reason.Code ?? 'None');
  // The fence failed, or another transaction held the item: either way nothing was written, and the caller
  // re-reads and decides again, which is right whichever writer won.
  if (codes[0] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict'))
    return { kind: 'conflict' };
  const failed = codes.filter((code) => code !== 'None' && code !== 'ConditionalCheckFailed');
  if (failed.length > 0) {
    return { kind: 'failed', retryable: failed.every((code) => RETRYABLE_REASONS.has(code)), codes: failed };
  }
  const indexes = codes.flatMap((code, index) => (code === 'ConditionalCheckFailed' ? [index] : []));
  // No reasons at all (an emulator that omits them): the fence is the only condition we can be sure of.
  return indexes.length === 0 ? { kind: 'conflict' } : { kind: 'recorded', indexes };
};

/**
 * DynamoDB's own names for "too much, too fast, or not now", on top of the ones every service shares (see
 * `sdk-error.ts`): redelivery later may succeed.
 */
const DYNAMODB_RETRYABLE_NAMES: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'TransactionInProgressException',
  'LimitExceededException',
]);

/** Our error for an SDK failure: what failed, where, and whether to retry; the SDK error stays as `cause`. */
const adapterError = (
  operation: string,
  tableName: string,
  error: unknown,
  cancelled?: Extract<Cancellation, { kind: 'failed' }>,
): AdapterError => {
  const what = `DynamoDB ${operation} on table ${tableName} failed`;
  if (cancelled === undefined) return sdkError(what, error, DYNAMODB_RETRYABLE_NAMES);
  return new AdapterError(
    `${what}: transaction cancelled (${cancelled.codes.join(', ')})`,
    cancelled.retryable,
    {
      cause: error,
    },
  );
};
