import { isDeepStrictEqual } from 'node:util';
import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';
import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { AdapterError } from '../../errors.js';
import {
  type Delivery,
  type DigestGroup,
  type Incident,
  isLifecycleEvent,
  isTeamOnly,
  type LifecycleEvent,
  nextDueAt,
  type OutboxEntry,
} from '../../incident.js';
import { inMonth, jstMonth, monthBounds, monthsBounds, nextMonth } from '../../month.js';
import type {
  Clock,
  IncidentPage,
  IndexUpkeep,
  OpenIncidentsQuery,
  PageRequest,
  ReindexResult,
  ReportMark,
  ReportMarks,
  SaveResult,
  Store,
} from '../../ports.js';
import {
  decodeCursor,
  mergeNewestFirst,
  type OpenEntry,
  openFilter,
  readOpenPage,
} from '../../storage/open-incidents.js';
import {
  INCIDENT_TABLE,
  monthEntry,
  OPEN_PARTITION,
  openAspOf,
  SHARED_ASP,
} from '../../storage/table-layout.js';
import { errorName, sdkError } from './sdk-error.js';

/** The layout lives in shared/storage (no SDK import there); re-exported for the adapter's callers. */
export { INCIDENT_TABLE };

/**
 * Days a resolved incident, an earlier episode and a delivery are kept before TTL removes them, by default: the
 * config's `retention` default (400d), so a fiscal year's reports can still be made (DESIGN §15).
 */
export const DEFAULT_RETENTION_DAYS = 400;

/** A transaction holds at most 100 items (DynamoDB's limit): the incident and up to 99 grouped deliveries. */
const MAX_TRANSACTION_ITEMS = 100;

const INCIDENT_SK = 'INCIDENT';
const EPISODE_PREFIX = 'EPISODE#';
const DELIVERY_PREFIX = 'DELIVERY#';
const FP_PREFIX = 'FP#';
/**
 * Every due incident shares one partition of the sparse index, so one ordered Query finds the earliest steps.
 * A hub has at most a few hundred open escalations; a single partition takes 1,000 writes a second.
 */
const DUE_SHARD = 'DUE';
/** Digest groups with a digest due share the same sparse index under their own shard (the sweeper's other query). */
const DIGEST_SHARD = 'DIGEST';
/** The one partition of the `pendingOutbox` index: what a failed publish left behind is rare and short-lived. */
const OUTBOX_SHARD = 'OUTBOX';
const GROUP_SK = 'GROUP';
const REPORT_PREFIX = 'REPORT#';
const RECEIVER_PREFIX = 'RECEIVER#';
const DAY_SECONDS = 86_400;
/** How far past the month asked `incidentsForMonth` looks for its resolution, for a store made without a clock. */
export const MONTHS_WITHOUT_CLOCK = 24;
/** A sent entry stays in the incident's outbox as this stub, so recording its id again cannot make it pending. */
const SENT = 0;

const groupKey = (key: string) => ({ pk: `GROUP#${key}`, sk: GROUP_SK });
const incidentKey = (fingerprint: string) => ({ pk: `${FP_PREFIX}${fingerprint}`, sk: INCIDENT_SK });
const episodeKey = (fingerprint: string, incidentId: string) => ({
  pk: `${FP_PREFIX}${fingerprint}`,
  sk: `${EPISODE_PREFIX}${incidentId}`,
});
const reportKey = (month: string, receiver: string) => ({
  pk: `${REPORT_PREFIX}${month}`,
  sk: `${RECEIVER_PREFIX}${receiver}`,
});
const deliveryKey = (incidentId: string, id: string) => ({
  pk: `INC#${incidentId}`,
  sk: `${DELIVERY_PREFIX}${id}`,
});

type Key = { readonly pk: string; readonly sk: string };
type Item = Record<string, unknown>;

/** An outbox holder as this store last saw it (see `seen` in {@link createDynamoIncidentStore}). */
type Seen = {
  readonly incidentId: string;
  readonly revision: number;
  readonly marks: number | undefined;
  /** Keys of its outbox entries still pending, and of those sent. */
  readonly pending: ReadonlySet<string>;
  readonly sent: ReadonlySet<string>;
  /** In the outbox sweep's index (`outboxShard`). */
  readonly indexed: boolean;
};

/** Options of {@link createDynamoIncidentStore}. */
export type DynamoIncidentStoreOptions = {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /**
   * Days to keep a resolved incident, an earlier episode, a delivery record and a report mark (TTL clean-up);
   * default 400 (the config's `retention`).
   */
  readonly retentionDays?: number;
  /**
   * The ASP of an account (the config's registry): where an open incident sits in the `openByAsp` index, which an
   * ASP's or a municipality's `openIncidents` reads. Without it nothing enters that index and every list reads `OPEN`.
   */
  readonly aspOfAccount?: (accountId: string) => string | undefined;
  /**
   * "Now", for the last month `incidentsForMonth` looks at (the month after now's). Without it, the query looks
   * {@link MONTHS_WITHOUT_CLOCK} months past the month asked: an episode resolved later than that is left out.
   */
  readonly clock?: Clock;
};

// ---------------------------------------------------------------------------------------------------------
// Item encoding. Write units are paid per started kilobyte of the whole item (an UpdateItem pays for the larger
// of the item before and after), so the incident item carries no derived or repeated data: the incident is
// stored compressed without what its keys already say (fingerprint, id, revision), and an outbox entry without
// the incident's ids. The pipeline never sees the difference: everything is converted back here.

const compress = (value: unknown): Uint8Array =>
  brotliCompressSync(JSON.stringify(value), {
    params: { [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_QUALITY]: 11 },
  });
const decompress = <T>(value: unknown): T =>
  JSON.parse(brotliDecompressSync(value as Uint8Array).toString('utf8')) as T;

/** What the `v` attribute holds: the incident less what the item's keys and attributes already say. */
const encodeIncident = (incident: Incident): Uint8Array => {
  const { fingerprint: _fingerprint, id: _id, revision: _revision, ...rest } = incident;
  return compress(rest);
};

const decodeIncident = (item: Item): Incident => ({
  ...decompress<Omit<Incident, 'fingerprint' | 'id' | 'revision'>>(item.v),
  fingerprint: String(item.pk).slice(FP_PREFIX.length),
  id: String(item.incidentId),
  revision: Number(item.revision),
});

/** The key of an entry in its incident's outbox map: the id less the incident id it starts with. */
const entryKey = (entry: OutboxEntry, incidentId: string): string =>
  entry.id.startsWith(`${incidentId}/`) ? entry.id.slice(incidentId.length + 1) : `=${entry.id}`;
const entryIdOf = (key: string, incidentId: string): string =>
  key.startsWith('=') ? key.slice(1) : `${incidentId}/${key}`;

/** Leaves out what the incident item already says; `decodeEntry` restores it. */
const encodeEntry = (entry: OutboxEntry): Uint8Array => {
  const { id: _id, incidentId, fingerprint, status: _status, ...rest } = entry;
  const own = (value: string, expected: string) => (value === expected ? undefined : value);
  if (!isLifecycleEvent(entry)) return compress(rest);
  const { eventId, incidentId: detailIncident, fingerprint: detailFingerprint, ...detail } = entry.detail;
  return compress({
    ...rest,
    detail: {
      ...detail,
      ...(own(eventId, entry.id) !== undefined ? { eventId } : {}),
      ...(own(detailIncident, incidentId) !== undefined ? { incidentId: detailIncident } : {}),
      ...(own(detailFingerprint, fingerprint) !== undefined ? { fingerprint: detailFingerprint } : {}),
    },
  });
};

const decodeEntry = (
  key: string,
  value: unknown,
  incident: Pick<Incident, 'id' | 'fingerprint'>,
): OutboxEntry => {
  const id = entryIdOf(key, incident.id);
  const stored = decompress<Record<string, unknown>>(value);
  const base = { id, incidentId: incident.id, fingerprint: incident.fingerprint };
  if (!('detailType' in stored)) return { ...base, ...stored, status: 'pending' } as Delivery;
  const detail = stored.detail as Record<string, unknown>;
  return {
    ...base,
    ...stored,
    detail: { eventId: id, incidentId: incident.id, fingerprint: incident.fingerprint, ...detail },
    status: 'pending',
  } as LifecycleEvent;
};

/** The pending entries of an incident or episode item, oldest first. */
const pendingOf = (item: Item): OutboxEntry[] => {
  const outbox = (item.o ?? {}) as Record<string, unknown>;
  const pending = Object.entries(outbox).filter(([, value]) => value !== SENT);
  if (pending.length === 0) return [];
  const incident = { id: String(item.incidentId), fingerprint: String(item.pk).slice(FP_PREFIX.length) };
  return pending.map(([key, value]) => decodeEntry(key, value, incident)).sort((a, b) => a.at - b.at);
};

/** When an entry is overdue for the outbox sweep: a grouped delivery when its digest should have gone out. */
const dueAtOf = (entry: OutboxEntry): number =>
  isLifecycleEvent(entry) ? entry.at : (entry.sweepAt ?? entry.at);

/**
 * An episode's console and report index attributes: its `byMonth` partition (`OPEN`, or the month it resolved in),
 * time and accounts, and its `openByAsp` partition while it is open (absent without a registry).
 */
const listed = (
  incident: Incident,
  aspOfAccount: ((accountId: string) => string | undefined) | undefined,
) => {
  const openAsp = openAspOf(incident, aspOfAccount);
  return {
    ...monthEntry(incident),
    accounts: [...incident.accounts],
    ...(openAsp === undefined ? {} : { openAsp }),
  };
};

/** Index entries read at a time for a list page of `limit` whose entries are mostly kept: the page and one more. */
const listPageSize = (limit: number): number => Math.min(Math.max(limit + 1, 25), 1_000);

/** A grouped delivery as its own item stores it: the record nested, its status beside it. */
const readDelivery = (item: Item): Delivery => {
  const { delivery, status } = item as { delivery: Omit<Delivery, 'status'>; status?: Delivery['status'] };
  return { ...delivery, status: status ?? 'pending' } as Delivery;
};

/**
 * The `Store` port on one DynamoDB table (layout: shared/storage/table-layout.ts).
 *
 * An incident item holds the incident and its outbox: the notifications that page and the lifecycle events its
 * transitions recorded, until each is marked sent. So a transition is one conditional write of one item (a
 * PutItem for a new incident, an UpdateItem after), never a transaction, and the fence (`revision`) covers the
 * outbox too. Deliveries that wait for a storm-control digest are their own items (the digest finds them by
 * group), written with the incident in one transaction. When a fingerprint reopens, the earlier episode is
 * copied to an item of its own in the same transaction, so `findById` and its pending entries outlive it.
 *
 * Reads on the hot path: `get` is one consistent GetItem, so a new incident costs two requests (plus one
 * UpdateItem per publish that marks what it sent, which also takes the incident out of the outbox sweep's index
 * when nothing is left pending) and a duplicate event no write. A failed fence is `conflict`, never an
 * exception. Failures are `AdapterError`s whose `retryable` says whether a retry may help; SDK types never reach
 * the caller.
 *
 * @example
 * const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
 * const store = createDynamoIncidentStore({ client, tableName: 'alert-router-incidents' });
 */
export const createDynamoIncidentStore = ({
  client,
  tableName,
  retentionDays = DEFAULT_RETENTION_DAYS,
  aspOfAccount,
  clock,
}: DynamoIncidentStoreOptions): Store & ReportMarks & IndexUpkeep => {
  if (!Number.isFinite(retentionDays) || retentionDays <= 0) {
    throw new RangeError(`retentionDays must be a positive number of days, got ${retentionDays}`);
  }
  const retentionSeconds = Math.round(retentionDays * DAY_SECONDS);
  const expiresAt = (incident: Incident) =>
    epochSeconds(Date.parse(incident.resolvedAt ?? incident.lastSeen)) + retentionSeconds;

  /**
   * Which fingerprint an incident id belongs to, learnt from `get` and `save` (an id never changes owner): the
   * pipeline reads an incident before it asks for its outbox, so this spares the eventually consistent index.
   * Bounded; a miss only costs the index query.
   */
  const owners = new Map<string, string>();
  const learn = (incidentId: string, fingerprint: string) => {
    if (owners.size >= 10_000) owners.delete(owners.keys().next().value as string);
    owners.set(incidentId, fingerprint);
  };

  /**
   * What this store last saw of each outbox holder (an incident item, or an earlier episode's item), learnt from
   * every read and write of it: a PutItem is the item, a save's UpdateItem and a mark return it. It lets the mark
   * of a holder's last pending entries take it out of the outbox sweep's index in the same write, fenced by the
   * revision and `marks` seen (every save changes the one, every mark the other), so it is exact or it fails and
   * returns the item as it is. An entry seen `sent` stays sent (an episode's outbox only grows). Bounded; a miss
   * only costs the separate write that leaves the index.
   */
  const seen = new Map<string, Seen>();
  const see = (item: Item | undefined): Seen | undefined => {
    if (item === undefined || typeof item.pk !== 'string' || !item.pk.startsWith(FP_PREFIX)) return undefined;
    const outbox = Object.entries((item.o ?? {}) as Record<string, unknown>);
    const state: Seen = {
      incidentId: String(item.incidentId),
      revision: Number(item.revision),
      marks: item.marks === undefined ? undefined : Number(item.marks),
      pending: new Set(outbox.filter(([, value]) => value !== SENT).map(([key]) => key)),
      sent: new Set(outbox.filter(([, value]) => value === SENT).map(([key]) => key)),
      indexed: item.outboxShard !== undefined,
    };
    const key = `${item.pk}|${item.sk}`;
    seen.delete(key);
    if (seen.size >= 1_000) seen.delete(seen.keys().next().value as string);
    seen.set(key, state);
    return state;
  };
  const forget = (key: Key) => seen.delete(`${key.pk}|${key.sk}`);

  /** The whole incident item of a new incident (or of the new episode of a reopened one). */
  const newIncidentItem = (incident: Incident, entries: readonly OutboxEntry[]): Item => {
    const dueAt = nextDueAt(incident);
    const outboxAt = entries.length > 0 ? Math.min(...entries.map(dueAtOf)) : undefined;
    return {
      ...incidentKey(incident.fingerprint),
      v: encodeIncident(incident),
      revision: incident.revision,
      incidentId: incident.id,
      o: Object.fromEntries(entries.map((entry) => [entryKey(entry, incident.id), encodeEntry(entry)])),
      ...listed(incident, aspOfAccount),
      ...(dueAt !== undefined ? { dueShard: DUE_SHARD, dueAt } : {}),
      ...(outboxAt !== undefined ? { outboxShard: OUTBOX_SHARD, outboxAt } : {}),
      ...(incident.state === 'resolved' ? { expiresAt: expiresAt(incident) } : {}),
    };
  };

  /**
   * The update of an existing incident item: the new incident, the new timer and TTL attributes, and the new
   * outbox entries; entries already in the outbox (pending or sent) are never written. Index attributes that
   * keep their value write no index.
   */
  const incidentUpdate = (incident: Incident, expectedRevision: number, entries: readonly OutboxEntry[]) => {
    const names: Record<string, string> = { '#revision': 'revision', '#incidentId': 'incidentId' };
    const values: Record<string, unknown> = {
      ':v': encodeIncident(incident),
      ':revision': incident.revision,
      ':expected': expectedRevision,
      ':id': incident.id,
    };
    const set = [
      'v = :v',
      '#revision = :revision',
      '#month = :month',
      'openedAt = :openedAt',
      'accounts = :accounts',
    ];
    const remove: string[] = [];
    const entry = listed(incident, aspOfAccount);
    names['#month'] = INCIDENT_TABLE.byMonth.partitionKey;
    values[':month'] = entry.month;
    values[':openedAt'] = entry.openedAt;
    values[':accounts'] = entry.accounts;
    if (entry.openAsp === undefined) remove.push('openAsp');
    else {
      set.push('openAsp = :openAsp');
      values[':openAsp'] = entry.openAsp;
    }
    const conditions = ['#revision = :expected', '#incidentId = :id'];
    const dueAt = nextDueAt(incident);
    if (dueAt !== undefined) {
      set.push('dueShard = :dueShard', 'dueAt = :dueAt');
      values[':dueShard'] = DUE_SHARD;
      values[':dueAt'] = dueAt;
    } else remove.push('dueShard', 'dueAt');
    if (incident.state === 'resolved') {
      set.push('expiresAt = :expiresAt');
      values[':expiresAt'] = expiresAt(incident);
    } else remove.push('expiresAt');
    entries.forEach((entry, i) => {
      names[`#e${i}`] = entryKey(entry, incident.id);
      values[`:e${i}`] = encodeEntry(entry);
      set.push(`o.#e${i} = :e${i}`);
      conditions.push(`attribute_not_exists(o.#e${i})`);
    });
    if (entries.length > 0) {
      // The earliest pending entry decides when the sweep looks: an older one still pending keeps its time.
      set.push('outboxShard = :outboxShard', 'outboxAt = if_not_exists(outboxAt, :outboxAt)');
      values[':outboxShard'] = OUTBOX_SHARD;
      values[':outboxAt'] = Math.min(...entries.map(dueAtOf));
    }
    return {
      TableName: tableName,
      Key: incidentKey(incident.fingerprint),
      UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
  };

  const groupedItem = (delivery: Delivery): Item => {
    const { status, ...rest } = delivery;
    return {
      ...deliveryKey(delivery.incidentId, delivery.id),
      // Nested, so that the delivery's own `incidentId` does not put it into `byIncidentId`.
      delivery: rest,
      status,
      expiresAt: epochSeconds(delivery.at) + retentionSeconds,
      // Sparse indexes of what waits for a digest and of what the outbox sweep looks at: removed by `markSent`.
      ...(delivery.group !== undefined && status === 'pending'
        ? { digestGroup: delivery.group, digestAt: delivery.at }
        : {}),
      ...(status === 'pending'
        ? { outboxShard: OUTBOX_SHARD, outboxAt: delivery.sweepAt ?? delivery.at }
        : {}),
    };
  };
  const groupedPut = (delivery: Delivery) => ({
    Put: {
      TableName: tableName,
      Item: groupedItem(delivery),
      // A live record of this id (maybe already `sent`) must stay as it is. An expired one that TTL has not
      // removed yet belongs to an earlier life of the id (a resolved incident deleted by TTL restarts at
      // episode 1) and must not swallow the new delivery.
      ConditionExpression: 'attribute_not_exists(pk) OR #expiresAt < :now',
      ExpressionAttributeNames: { '#expiresAt': INCIDENT_TABLE.ttlAttribute },
      ExpressionAttributeValues: { ':now': epochSeconds(delivery.at) },
    },
  });

  /** One attempt of a save; `retry` names what to leave out of the next one. */
  type Attempt =
    | { readonly kind: 'saved' }
    | { readonly kind: 'conflict' }
    | { readonly kind: 'reopen'; readonly previous: Item }
    | {
        readonly kind: 'retry';
        readonly recordedEntries: ReadonlySet<string>;
        readonly recordedGrouped: ReadonlySet<number>;
      };

  /** Reads the incident item's failed condition: who won, or which entries were already recorded. */
  const afterFailedFence = (
    incident: Incident,
    expectedRevision: number,
    old: Item | undefined,
    entries: readonly OutboxEntry[],
  ): Attempt => {
    if (old === undefined || Number(old.revision) !== expectedRevision) return { kind: 'conflict' };
    if (old.incidentId !== incident.id) return { kind: 'reopen', previous: old };
    const outbox = (old.o ?? {}) as Record<string, unknown>;
    const recorded = new Set(
      entries.map((entry) => entryKey(entry, incident.id)).filter((key) => key in outbox),
    );
    return recorded.size === 0
      ? { kind: 'conflict' }
      : { kind: 'retry', recordedEntries: recorded, recordedGrouped: new Set() };
  };

  const attempt = async (
    incident: Incident,
    expectedRevision: number,
    entries: readonly OutboxEntry[],
    grouped: readonly Delivery[],
  ): Promise<Attempt> => {
    if (expectedRevision === 0 && grouped.length === 0) {
      const item = newIncidentItem(incident, entries);
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        see(item);
        return { kind: 'saved' };
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') return { kind: 'conflict' };
        throw adapterError('PutItem', tableName, error);
      }
    }
    const update = incidentUpdate(incident, expectedRevision, entries);
    if (grouped.length === 0) {
      try {
        // The item as written (no capacity cost) tells the marks that follow what is pending in it.
        const { Attributes } = await client.send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }));
        see(Attributes);
        return { kind: 'saved' };
      } catch (error) {
        if (errorName(error) !== 'ConditionalCheckFailedException')
          throw adapterError('UpdateItem', tableName, error);
        return afterFailedFence(
          incident,
          expectedRevision,
          itemOfFailure((error as { Item?: unknown }).Item),
          entries,
        );
      }
    }
    const first =
      expectedRevision === 0
        ? {
            Put: {
              TableName: tableName,
              Item: newIncidentItem(incident, entries),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          }
        : { Update: update };
    try {
      await client.send(new TransactWriteCommand({ TransactItems: [first, ...grouped.map(groupedPut)] }));
      if (expectedRevision === 0) see(newIncidentItem(incident, entries));
      else forget(update.Key);
      return { kind: 'saved' };
    } catch (error) {
      const outcome = cancellation(error);
      if (outcome === undefined) throw adapterError('TransactWriteItems', tableName, error);
      if (outcome.kind === 'failed') throw adapterError('TransactWriteItems', tableName, error, outcome);
      if (outcome.kind === 'conflict') return { kind: 'conflict' };
      if (outcome.incident !== undefined) {
        if (expectedRevision === 0) return { kind: 'conflict' };
        return afterFailedFence(incident, expectedRevision, outcome.incident, entries);
      }
      return {
        kind: 'retry',
        recordedEntries: new Set(),
        recordedGrouped: new Set(outcome.indexes.map((index) => index - 1)),
      };
    }
  };

  /**
   * A fingerprint reopened: the earlier episode moves to an item of its own (its outbox and all), and the new
   * episode replaces the incident item, in one transaction fenced by the revision and by `marks` (a `markSent`
   * since the read would otherwise be undone by the copy).
   */
  const reopen = async (
    incident: Incident,
    expectedRevision: number,
    previous: Item,
    entries: readonly OutboxEntry[],
    grouped: readonly Delivery[],
  ): Promise<SaveResult> => {
    const { dueShard: _shard, dueAt: _due, openAsp: _asp, ...kept } = previous;
    const earlier = decodeIncident(previous);
    const episode = {
      ...kept,
      ...episodeKey(earlier.fingerprint, earlier.id),
      ...listed(earlier, aspOfAccount),
      expiresAt: expiresAt(earlier),
    };
    const marks = previous.marks;
    const item = newIncidentItem(incident, entries);
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: item,
                ConditionExpression: `#revision = :expected AND #incidentId = :previous AND ${
                  marks === undefined ? 'attribute_not_exists(marks)' : 'marks = :marks'
                }`,
                ExpressionAttributeNames: { '#revision': 'revision', '#incidentId': 'incidentId' },
                ExpressionAttributeValues: {
                  ':expected': expectedRevision,
                  ':previous': earlier.id,
                  ...(marks === undefined ? {} : { ':marks': marks }),
                },
              },
            },
            { Put: { TableName: tableName, Item: episode } },
            ...grouped.map(groupedPut),
          ],
        }),
      );
      learn(incident.id, incident.fingerprint);
      see(item);
      see(episode);
      return 'saved';
    } catch (error) {
      const outcome = cancellation(error);
      if (outcome === undefined) throw adapterError('TransactWriteItems', tableName, error);
      if (outcome.kind === 'failed') throw adapterError('TransactWriteItems', tableName, error, outcome);
      // A grouped delivery already recorded, or anything else: re-read and decide again.
      return 'conflict';
    }
  };

  const getItem = async (key: Key): Promise<Item | undefined> => {
    const { Item } = await call('GetItem', tableName, () =>
      // The read decides the next write, or what is still to send: it must see the last committed write.
      client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true })),
    );
    see(Item);
    return Item;
  };

  /** Items by key, consistently, in the order asked (missing ones left out). */
  const getItems = async (keys: readonly Key[]): Promise<Item[]> => {
    const found = new Map<string, Item>();
    // BatchGetItem takes 100 keys: the batches of a long list (a month's report) go out together.
    const batches: Record<string, unknown>[][] = [];
    for (let start = 0; start < keys.length; start += 100)
      batches.push(keys.slice(start, start + 100).map((key) => ({ ...key })));
    const readBatch = async (batch: Record<string, unknown>[]) => {
      let request: Record<string, unknown>[] | undefined = batch;
      while (request !== undefined && request.length > 0) {
        const keysOfRequest: Record<string, unknown>[] = request;
        const page: BatchGetCommandOutput = await call('BatchGetItem', tableName, () =>
          client.send(
            new BatchGetCommand({
              RequestItems: { [tableName]: { Keys: keysOfRequest, ConsistentRead: true } },
            }),
          ),
        );
        for (const item of page.Responses?.[tableName] ?? []) {
          found.set(`${item.pk}|${item.sk}`, item);
          see(item);
        }
        request = page.UnprocessedKeys?.[tableName]?.Keys;
      }
    };
    await Promise.all(batches.map(readBatch));
    return keys.flatMap((key) => {
      const item = found.get(`${key.pk}|${key.sk}`);
      return item ? [item] : [];
    });
  };

  const query = async (operation: string, input: QueryCommandInput, limit = Number.POSITIVE_INFINITY) => {
    const items: Item[] = [];
    let start: Item | undefined;
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

  /** Items of one shard of a sparse index due by `before`, oldest first. */
  const dueItems = async (
    operation: string,
    index: typeof INCIDENT_TABLE.dueEscalations | typeof INCIDENT_TABLE.pendingOutbox,
    shard: string,
    before: number,
    limit: number,
  ) =>
    limit <= 0
      ? []
      : query(
          operation,
          {
            TableName: tableName,
            IndexName: index.indexName,
            KeyConditionExpression: '#shard = :shard AND #at <= :before',
            ExpressionAttributeNames: { '#shard': index.partitionKey, '#at': index.sortKey },
            ExpressionAttributeValues: { ':shard': shard, ':before': before },
            ScanIndexForward: true,
          },
          limit,
        );

  /**
   * The item that holds an episode: the incident item while the id is current, else the earlier episode's own
   * item. The fingerprint comes from what this store saw, or from the (eventually consistent) id index.
   */
  const episodeItem = async (incidentId: string): Promise<Item | undefined> => {
    let fingerprint = owners.get(incidentId);
    if (fingerprint === undefined) {
      const [key] = await query(
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
      if (key === undefined) return undefined;
      fingerprint = String(key.pk).slice(FP_PREFIX.length);
    }
    const current = await getItem(incidentKey(fingerprint));
    if (current?.incidentId === incidentId) return current;
    return getItem(episodeKey(fingerprint, incidentId));
  };

  /** Grouped deliveries of an episode still pending (their own items), consistently. */
  const pendingGrouped = async (incidentId: string): Promise<Delivery[]> => {
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
      ConsistentRead: true,
    });
    return items.map(readDelivery);
  };

  /**
   * One UpdateItem marking entries of one holder's outbox sent. Only pending entries of this episode: it never
   * creates an item or an entry, and never marks twice. With `last` (the holder as seen, whose pending entries are
   * exactly these), the same write takes the holder out of the outbox sweep's index, fenced by what was seen.
   */
  const markUpdate = (key: Key, incidentId: string, keys: readonly string[], last: Seen | undefined) => {
    const names: Record<string, string> = { '#incidentId': 'incidentId' };
    const values: Record<string, unknown> = { ':sent': SENT, ':one': 1, ':id': incidentId, ':binary': 'B' };
    const set: string[] = [];
    const conditions = ['#incidentId = :id'];
    keys.forEach((entry, i) => {
      names[`#m${i}`] = entry;
      set.push(`o.#m${i} = :sent`);
      conditions.push(`attribute_type(o.#m${i}, :binary)`);
    });
    let expression = `SET ${set.join(', ')} ADD marks :one`;
    if (last !== undefined) {
      expression += ' REMOVE outboxShard, outboxAt';
      names['#revision'] = 'revision';
      values[':revision'] = last.revision;
      conditions.push('#revision = :revision');
      if (last.marks === undefined) conditions.push('attribute_not_exists(marks)');
      else {
        conditions.push('marks = :marks');
        values[':marks'] = last.marks;
      }
    }
    return new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: expression,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  };

  /**
   * Marks entries (by key) of one holder's outbox sent, in one write unless a condition fails on the way: an
   * entry already sent, an item that moved on since it was seen. Each failure returns the item as it is, and the
   * next attempt marks what is still pending. Returns the keys this holder does not hold for the episode (it is
   * missing, or holds another episode): they are in the earlier episode's item, if anywhere.
   */
  const markIn = async (key: Key, incidentId: string, keys: readonly string[]): Promise<string[]> => {
    let state = seen.get(`${key.pk}|${key.sk}`);
    let todo = [...keys];
    // Bounded: a failed fence is retried at most twice, and every other failure leaves fewer entries to mark.
    for (let attempt = 0; attempt < keys.length + 3; attempt++) {
      if (state !== undefined && state.incidentId === incidentId) {
        const { sent } = state;
        todo = todo.filter((entry) => !sent.has(entry));
        if (todo.length === 0) return [];
      }
      const last =
        state !== undefined &&
        state.incidentId === incidentId &&
        state.indexed &&
        attempt < 2 &&
        [...state.pending].every((entry) => todo.includes(entry))
          ? state
          : undefined;
      try {
        const { Attributes } = await client.send(markUpdate(key, incidentId, todo, last));
        see(Attributes);
        // Not known to be the last ones, yet they were: the holder leaves the index in a write of its own.
        if (last === undefined && Attributes !== undefined) await leaveOutboxIndex(Attributes);
        return [];
      } catch (error) {
        if (errorName(error) !== 'ConditionalCheckFailedException')
          throw adapterError('UpdateItem', tableName, error);
        const old = itemOfFailure((error as { Item?: unknown }).Item);
        if (old === undefined) {
          forget(key);
          // Nothing says which condition failed (an emulator that omits the item): one entry at a time.
          if (todo.length === 1) return todo;
          const left: string[] = [];
          for (const entry of todo) left.push(...(await markIn(key, incidentId, [entry])));
          return left;
        }
        state = see(old);
        if (old.incidentId !== incidentId) return todo;
        // Only what is pending now: an entry sent meanwhile, or never recorded here, is not marked.
        const pending = state?.pending ?? new Set<string>();
        todo = todo.filter((entry) => pending.has(entry));
        if (todo.length === 0) return [];
      }
    }
    throw new AdapterError(
      `DynamoDB UpdateItem on table ${tableName}: the outbox of ${incidentId} kept changing`,
      true,
    );
  };

  /** Marks a grouped delivery (an item of its own) sent and takes it out of the digest's and the sweep's indexes. */
  const markGrouped = async (delivery: Delivery): Promise<void> => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: deliveryKey(delivery.incidentId, delivery.id),
          UpdateExpression: 'SET #status = :sent REMOVE digestGroup, digestAt, outboxShard, outboxAt',
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
  };

  /**
   * The last pending entry of an item was marked: the item leaves the outbox sweep's index. Fenced by the
   * revision and the marks seen, so an entry recorded meanwhile keeps it there.
   */
  const leaveOutboxIndex = async (item: Item): Promise<void> => {
    if (item.outboxShard === undefined || pendingKeys(item).length > 0) return;
    try {
      forget({ pk: String(item.pk), sk: String(item.sk) });
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'REMOVE outboxShard, outboxAt',
          ConditionExpression: `#revision = :revision AND ${
            item.marks === undefined ? 'attribute_not_exists(marks)' : 'marks = :marks'
          }`,
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: {
            ':revision': item.revision,
            ...(item.marks === undefined ? {} : { ':marks': item.marks }),
          },
        }),
      );
    } catch (error) {
      if (errorName(error) === 'ConditionalCheckFailedException') return;
      throw adapterError('UpdateItem', tableName, error);
    }
  };

  /**
   * Entries of one index partition (`byMonth`'s `OPEN`, or an ASP's in `openByAsp`), newest first, from `from`
   * (epoch ms) down, read a page at a time as the consumer asks. `pageSize` is about a list page when most entries
   * are kept, and 1,000 (about 100 KB) when a filter keeps a few of many.
   */
  async function* partitionEntries(
    index: { readonly indexName: string; readonly partitionKey: string; readonly sortKey: string },
    partition: string,
    from: number | undefined,
    pageSize: number,
  ): AsyncGenerator<OpenEntry<Key>> {
    let start: Item | undefined;
    do {
      const page = await call(`Query ${index.indexName}`, tableName, () =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: index.indexName,
            KeyConditionExpression: `#partition = :partition${from === undefined ? '' : ' AND #at <= :from'}`,
            ExpressionAttributeNames: {
              '#partition': index.partitionKey,
              ...(from === undefined ? {} : { '#at': index.sortKey }),
            },
            ExpressionAttributeValues: {
              ':partition': partition,
              ...(from === undefined ? {} : { ':from': from }),
            },
            ScanIndexForward: false,
            Limit: pageSize,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        yield {
          openedAt: Number(item.openedAt),
          accounts: Array.isArray(item.accounts) ? item.accounts.map(String) : [],
          ref: { pk: String(item.pk), sk: String(item.sk) },
        };
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }

  /**
   * The entries an open-incident query looks at, newest first. The team's whole list is `byMonth`'s `OPEN`. A query
   * by ASP or by accounts reads those ASPs' `openByAsp` partitions and the shared one, merged: an ASP's list
   * reads its own entries, not every open incident. An account the registry does not know sits in no ASP's
   * partition, so a query naming one (or a store without a registry) reads `OPEN`, filtered.
   */
  const openEntries = (query: OpenIncidentsQuery, from: number | undefined, limit: number) => {
    const listPage = listPageSize(limit);
    const asps =
      aspOfAccount === undefined
        ? undefined
        : query.accounts !== undefined
          ? query.accounts.map(aspOfAccount)
          : query.asp !== undefined
            ? [query.asp]
            : undefined;
    if (asps === undefined || asps.some((asp) => asp === undefined)) {
      const filtered = query.asp !== undefined || query.accounts !== undefined;
      return partitionEntries(INCIDENT_TABLE.byMonth, OPEN_PARTITION, from, filtered ? 1_000 : listPage);
    }
    const partitions = [...new Set([...(asps as string[]), SHARED_ASP])];
    // A page by accounts (a municipality, a system) keeps a few of its ASPs' entries; a page by ASP keeps most.
    const pageSize = query.accounts === undefined ? listPage : 1_000;
    return mergeNewestFirst(
      partitions.map((partition) => partitionEntries(INCIDENT_TABLE.openByAsp, partition, from, pageSize)),
    );
  };

  /**
   * One page of a console list from index entries: the entries the query keeps, then their items, of which those
   * `listed` still keeps (the index is eventually consistent); a tenant's query never holds a team-only incident.
   */
  const listPage = async (
    query: OpenIncidentsQuery,
    page: PageRequest,
    entriesFrom: (from: number | undefined) => AsyncIterable<OpenEntry<Key>>,
    listed: (incident: Incident) => boolean,
  ): Promise<IncidentPage> => {
    const keep = openFilter(query, aspOfAccount);
    const cursor = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const { refs, cursor: next } = await readOpenPage(
      entriesFrom(cursor?.openedAt),
      keep,
      page.limit,
      cursor,
    );
    const tenant = query.asp !== undefined || query.accounts !== undefined;
    const incidents = (await getItems(refs))
      .map(decodeIncident)
      .filter((incident) => listed(incident) && !(tenant && isTeamOnly(incident)));
    return { incidents, ...(next !== undefined ? { cursor: next } : {}) };
  };

  /**
   * Every incident and earlier-episode item, a Scan page at a time (the operator's commands `incidents list` and
   * `reindex`, never a request path), with what decodes the incident and the attributes `also` names.
   */
  async function* incidentItemPages(also: readonly string[] = []): AsyncGenerator<Item[]> {
    const names = ['pk', 'sk', 'v', 'revision', 'incidentId', ...also];
    let start: Item | undefined;
    do {
      const page = await call('Scan', tableName, () =>
        client.send(
          new ScanCommand({
            TableName: tableName,
            FilterExpression: 'begins_with(#a0, :fp)',
            // `month` is a reserved word: every attribute goes by a placeholder.
            ProjectionExpression: names.map((_, i) => `#a${i}`).join(', '),
            ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
            ExpressionAttributeValues: { ':fp': FP_PREFIX },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      yield page.Items ?? [];
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }

  const pendingEntries = async (incidentId: string): Promise<OutboxEntry[]> => {
    const item = await episodeItem(incidentId);
    return item === undefined ? [] : pendingOf(item);
  };

  return {
    get: async (fingerprint) => {
      const item = await getItem(incidentKey(fingerprint));
      if (item === undefined) return undefined;
      const incident = decodeIncident(item);
      learn(incident.id, fingerprint);
      return incident;
    },

    findById: async (incidentId) => {
      const item = await episodeItem(incidentId);
      return item === undefined ? undefined : decodeIncident(item);
    },

    reindex: async (): Promise<ReindexResult> => {
      // An operator's command after an upgrade or a registry change, like `list`. Each item is written only if an
      // index attribute differs, and only at the revision read (a writer in between has already set them from the
      // same rule).
      let scanned = 0;
      let updated = 0;
      for await (const page of incidentItemPages(['month', 'openedAt', 'accounts', 'openAsp'])) {
        for (const item of page) {
          scanned++;
          const entry = listed(decodeIncident(item), aspOfAccount);
          const current = {
            month: item.month,
            openedAt: item.openedAt,
            accounts: item.accounts,
            ...(item.openAsp === undefined ? {} : { openAsp: item.openAsp }),
          };
          if (isDeepStrictEqual(current, entry)) continue;
          try {
            await client.send(
              new UpdateCommand({
                TableName: tableName,
                Key: { pk: item.pk, sk: item.sk },
                UpdateExpression: `SET #month = :month, openedAt = :openedAt, accounts = :accounts${
                  entry.openAsp === undefined ? ' REMOVE openAsp' : ', openAsp = :openAsp'
                }`,
                ConditionExpression: '#revision = :revision',
                ExpressionAttributeNames: {
                  '#month': INCIDENT_TABLE.byMonth.partitionKey,
                  '#revision': 'revision',
                },
                ExpressionAttributeValues: {
                  ':month': entry.month,
                  ':openedAt': entry.openedAt,
                  ':accounts': entry.accounts,
                  ':revision': item.revision,
                  ...(entry.openAsp === undefined ? {} : { ':openAsp': entry.openAsp }),
                },
              }),
            );
            updated++;
          } catch (error) {
            if (errorName(error) !== 'ConditionalCheckFailedException')
              throw adapterError('UpdateItem', tableName, error);
          }
        }
      }
      return { scanned, updated };
    },

    list: async (filter, limit) => {
      // `incidents list` is the CLI's question, not a request path: a paginated Scan of the incident and episode
      // items is simpler than an index every write would pay for, and its cost is the operator's, once.
      const items: Item[] = [];
      for await (const page of incidentItemPages()) items.push(...page);
      return items
        .map(decodeIncident)
        .filter((incident) => !filter.open || incident.state !== 'resolved')
        .filter(
          (incident) => filter.receiver === undefined || incident.receivers[filter.receiver] !== undefined,
        )
        .sort((a, b) => b.firstSeen.localeCompare(a.firstSeen) || a.id.localeCompare(b.id))
        .slice(0, limit);
    },

    openIncidents: async (query, page): Promise<IncidentPage> =>
      listPage(
        query,
        page,
        (from) => openEntries(query, from, page.limit),
        (incident) => incident.state !== 'resolved',
      ),

    incidentsForMonth: async (month, through) => {
      const bounds = monthsBounds(month, through);
      // Open now, or resolved in the months or since (a month after "now" too, for a clock a little behind).
      const last =
        clock === undefined
          ? jstMonth(bounds.start + MONTHS_WITHOUT_CLOCK * 31 * DAY_SECONDS * 1000)
          : nextMonth(jstMonth(Math.max(clock.now(), bounds.start)));
      const partitions = [OPEN_PARTITION];
      for (let m = month; m <= last; m = nextMonth(m)) partitions.push(m);
      const keys = (
        await Promise.all(
          partitions.map((partition) =>
            query('Query byMonth', {
              TableName: tableName,
              IndexName: INCIDENT_TABLE.byMonth.indexName,
              KeyConditionExpression: '#month = :month AND #at < :end',
              ExpressionAttributeNames: {
                '#month': INCIDENT_TABLE.byMonth.partitionKey,
                '#at': INCIDENT_TABLE.byMonth.sortKey,
              },
              ExpressionAttributeValues: { ':month': partition, ':end': bounds.end },
              ProjectionExpression: 'pk, sk',
            }),
          ),
        )
      ).flat();
      return (await getItems(keys.map((key) => ({ pk: String(key.pk), sk: String(key.sk) }))))
        .map(decodeIncident)
        .filter((incident) => inMonth(incident, bounds))
        .sort((a, b) => Date.parse(a.firstSeen) - Date.parse(b.firstSeen) || a.id.localeCompare(b.id));
    },

    resolvedIncidents: async (month, query, page) => {
      monthBounds(month);
      // Exactly the month's partition of `byMonth`, where an episode sits once it resolved in that month; a tenant's
      // query keeps a few of its entries.
      const tenant = query.asp !== undefined || query.accounts !== undefined;
      return listPage(
        query,
        page,
        (from) =>
          partitionEntries(INCIDENT_TABLE.byMonth, month, from, tenant ? 1_000 : listPageSize(page.limit)),
        (incident) => incident.state === 'resolved' && monthEntry(incident).month === month,
      );
    },

    claimReport: async (month, receiver, now, staleBefore) => {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...reportKey(month, receiver),
              state: 'sending',
              claimedAt: now,
              expiresAt: epochSeconds(now) + retentionSeconds,
            },
            ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND claimedAt < :stale)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':sending': 'sending', ':stale': staleBefore },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return 'claimed';
      } catch (error) {
        if (errorName(error) !== 'ConditionalCheckFailedException')
          throw adapterError('PutItem', tableName, error);
        const old = itemOfFailure((error as { Item?: unknown }).Item) ?? {};
        const mark: ReportMark = {
          month,
          receiver,
          state: old.state === 'sending' ? 'sending' : 'sent',
          claimedAt: Number(old.claimedAt ?? 0),
        };
        return mark;
      }
    },

    markReportSent: async (month, receiver) => {
      await call('UpdateItem', tableName, () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: reportKey(month, receiver),
            UpdateExpression: 'SET #state = :sent',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':sent': 'sent' },
          }),
        ),
      );
    },

    dueEscalations: async (before, limit) => {
      const keys = await dueItems(
        'Query dueEscalations',
        INCIDENT_TABLE.dueEscalations,
        DUE_SHARD,
        before,
        limit,
      );
      // The index is eventually consistent: keep what is still due once read.
      return (await getItems(keys.map((key) => ({ pk: String(key.pk), sk: String(key.sk) }))))
        .map(decodeIncident)
        .filter((incident) => (nextDueAt(incident) ?? Number.POSITIVE_INFINITY) <= before);
    },

    save: async (incident, expectedRevision, entries): Promise<SaveResult> => {
      // Two records of one id in one save: the first wins.
      const ids = new Set<string>();
      const unique = entries.filter((entry) => !ids.has(entry.id) && ids.add(entry.id));
      let embedded = unique.filter((entry) => isLifecycleEvent(entry) || entry.group === undefined);
      let grouped = unique.filter(
        (entry): entry is Delivery => !isLifecycleEvent(entry) && entry.group !== undefined,
      );
      if (grouped.length + 2 > MAX_TRANSACTION_ITEMS) {
        throw new AdapterError(
          `cannot save ${incident.id} with ${grouped.length} grouped deliveries: a DynamoDB transaction holds at ` +
            `most ${MAX_TRANSACTION_ITEMS - 2} with the incident`,
          false,
        );
      }
      // Each pass commits, or finds entries already recorded (a retry after a crash) and leaves them out.
      for (;;) {
        const outcome = await attempt(incident, expectedRevision, embedded, grouped);
        if (outcome.kind === 'saved') {
          learn(incident.id, incident.fingerprint);
          return 'saved';
        }
        if (outcome.kind === 'conflict') return 'conflict';
        if (outcome.kind === 'reopen')
          return reopen(incident, expectedRevision, outcome.previous, embedded, grouped);
        embedded = embedded.filter((entry) => !outcome.recordedEntries.has(entryKey(entry, incident.id)));
        grouped = grouped.filter((_, index) => !outcome.recordedGrouped.has(index));
      }
    },

    pendingDeliveries: async (incidentId) => {
      const [embedded, grouped] = await Promise.all([pendingEntries(incidentId), pendingGrouped(incidentId)]);
      return [...embedded.filter((entry): entry is Delivery => !isLifecycleEvent(entry)), ...grouped].sort(
        (a, b) => a.at - b.at,
      );
    },

    pendingEvents: async (incidentId) =>
      (await pendingEntries(incidentId)).filter((entry): entry is LifecycleEvent => isLifecycleEvent(entry)),

    markSent: async (entries) => {
      const grouped = new Map<string, Delivery>();
      // The entries of one episode's outbox, by incident id: marked together in one write.
      const embedded = new Map<string, { fingerprint: string; keys: Set<string> }>();
      for (const entry of entries) {
        if (!isLifecycleEvent(entry) && entry.group !== undefined) {
          grouped.set(entry.id, entry);
          continue;
        }
        const holder = embedded.get(entry.incidentId) ?? { fingerprint: entry.fingerprint, keys: new Set() };
        holder.keys.add(entryKey(entry, entry.incidentId));
        embedded.set(entry.incidentId, holder);
      }
      await Promise.all([
        // Grouped deliveries are items of their own (a digest marks them; not the paging path): one write each.
        ...[...grouped.values()].map(markGrouped),
        ...[...embedded].map(async ([incidentId, { fingerprint, keys }]) => {
          const left = await markIn(incidentKey(fingerprint), incidentId, [...keys]);
          // Not in the current episode: an earlier one (the fingerprint reopened before this was marked).
          if (left.length > 0) await markIn(episodeKey(fingerprint, incidentId), incidentId, left);
        }),
      ]);
    },

    stalePending: async (before, limit) => {
      const found = await dueItems(
        'Query pendingOutbox',
        INCIDENT_TABLE.pendingOutbox,
        OUTBOX_SHARD,
        before,
        limit,
      );
      // A grouped delivery is projected into the index; an incident's outbox is read from the item.
      const grouped = found.filter((item) => item.delivery !== undefined).map(readDelivery);
      const holders = await getItems(
        found
          .filter((item) => item.delivery === undefined)
          .map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
      );
      // An item left in the index with nothing pending (its last mark raced a save) leaves it now.
      for (const holder of holders) if (pendingKeys(holder).length === 0) await leaveOutboxIndex(holder);
      return [...grouped, ...holders.flatMap(pendingOf)]
        .filter((entry) => entry.status === 'pending' && dueAtOf(entry) <= before)
        .sort((a, b) => dueAtOf(a) - dueAtOf(b))
        .slice(0, limit);
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

    dueDigests: async (before, limit) => {
      const items = await dueItems(
        'Query dueDigests',
        INCIDENT_TABLE.dueEscalations,
        DIGEST_SHARD,
        before,
        limit,
      );
      return items.map((item) => (item as unknown as { digest: DigestGroup }).digest);
    },
  };
};

/**
 * The item a failed condition returned (`ReturnValuesOnConditionCheckFailure`): the document client does not
 * unmarshall errors, so this reads the wire format for the few types the incident item uses.
 */
const itemOfFailure = (item: unknown): Item | undefined => {
  if (item === undefined || item === null) return undefined;
  const value = (attribute: Record<string, unknown>): unknown => {
    if ('S' in attribute) return attribute.S;
    if ('N' in attribute) return Number(attribute.N);
    if ('B' in attribute) return attribute.B;
    if ('BOOL' in attribute) return attribute.BOOL;
    if ('NULL' in attribute) return null;
    if ('L' in attribute) return (attribute.L as Record<string, unknown>[]).map(value);
    if ('M' in attribute) return itemOfFailure(attribute.M);
    return attribute;
  };
  const entries = Object.entries(item as Record<string, Record<string, unknown>>);
  // Already plain (a client that unmarshalls, or a test double): leave it as it is.
  if (
    entries.some(
      ([, attribute]) =>
        typeof attribute !== 'object' || attribute === null || attribute instanceof Uint8Array,
    )
  )
    return item as Item;
  return Object.fromEntries(entries.map(([name, attribute]) => [name, value(attribute)]));
};

/** Keys of the entries of an item's outbox still pending. */
const pendingKeys = (item: Item): string[] =>
  Object.entries((item.o ?? {}) as Record<string, unknown>)
    .filter(([, value]) => value !== SENT)
    .map(([key]) => key);

/**
 * Creates the incident table (on-demand, the layout's indexes, TTL on `expiresAt`) and waits until it is ACTIVE.
 * A table that already exists is not an error, so the CLI and tests can call it before every run.
 *
 * @example
 * await createIncidentTable(new DynamoDBClient({ endpoint: 'http://127.0.0.1:8000' }), 'incidents');
 */
export const createIncidentTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  const { attributeTypes } = INCIDENT_TABLE;
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
        GlobalSecondaryIndexes: INCIDENT_TABLE.indexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
            ...(index.sortKey !== undefined
              ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }]
              : []),
          ],
          Projection:
            index.projection.type === 'KEYS_ONLY'
              ? { ProjectionType: 'KEYS_ONLY' as const }
              : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.projection.attributes] },
        })),
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
  | {
      readonly kind: 'cancelled';
      /** The incident item as it was, when its own condition failed (ReturnValuesOnConditionCheckFailure). */
      readonly incident: Item | undefined;
      /** Indexes (in the transaction) of the other items whose condition failed: already recorded. */
      readonly indexes: readonly number[];
    }
  | { readonly kind: 'failed'; readonly retryable: boolean; readonly codes: readonly string[] };

/** Codes of a cancelled transaction's items that another attempt may get past. */
const RETRYABLE_REASONS = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

/**
 * Reads a cancelled transaction item by item (reason 0 is the incident, the rest its grouped deliveries).
 * Undefined when the error is not a cancellation.
 */
const cancellation = (error: unknown): Cancellation | undefined => {
  if (errorName(error) !== 'TransactionCanceledException') return undefined;
  const reasons =
    (error as { CancellationReasons?: { Code?: string; Item?: Item }[] }).CancellationReasons ?? [];
  const codes = reasons.map((reason) => reason.Code ?? 'None');
  // Another transaction held an item: nothing was written, and the caller re-reads and decides again.
  if (codes.includes('TransactionConflict')) return { kind: 'conflict' };
  const failed = codes.filter((code) => code !== 'None' && code !== 'ConditionalCheckFailed');
  if (failed.length > 0) {
    return { kind: 'failed', retryable: failed.every((code) => RETRYABLE_REASONS.has(code)), codes: failed };
  }
  // No reasons at all (an emulator that omits them): the fence is the only condition we can be sure of.
  if (!codes.includes('ConditionalCheckFailed')) return { kind: 'conflict' };
  const indexes = codes.flatMap((code, index) =>
    index > 0 && code === 'ConditionalCheckFailed' ? [index] : [],
  );
  return {
    kind: 'cancelled',
    incident: codes[0] === 'ConditionalCheckFailed' ? (itemOfFailure(reasons[0]?.Item) ?? {}) : undefined,
    indexes,
  };
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
