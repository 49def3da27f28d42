import { randomBytes } from 'node:crypto';
import {
  DescribeTimeToLiveCommand,
  DynamoDBServiceException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDynamoIncidentStore,
  createIncidentTable,
  type DynamoIncidentStoreOptions,
  INCIDENT_TABLE,
} from '../../shared/adapters/aws/dynamodb-incident-store.js';
import { createMemoryLifecycleBus } from '../../shared/adapters/memory/lifecycle-bus.js';
import { createMemoryNotifier } from '../../shared/adapters/memory/notifier.js';
import { createVirtualTimers, VirtualClock } from '../../shared/adapters/memory/virtual-time.js';
import { AdapterError } from '../../shared/errors.js';
import type { Incident, LifecycleEvent } from '../../shared/incident.js';
import { routeEvent } from '../../shared/pipeline/route-event.js';
import type { Store } from '../../shared/ports.js';
import { describeIncidentStoreContract } from '../contract/incident-store.contract.js';
import { aConfig } from '../helpers/config.js';
import {
  aDynamoClient,
  aTableName,
  connectDynamoLocal,
  countRequests,
  DYNAMO_LOCAL_STARTUP_MS,
} from '../helpers/dynamodb.js';
import { aDelivery, anIncident } from '../helpers/incidents.js';
import { aGuardDutyFinding } from '../helpers/story-events.js';

let local: Awaited<ReturnType<typeof connectDynamoLocal>>;
beforeAll(async () => {
  local = await connectDynamoLocal();
}, DYNAMO_LOCAL_STARTUP_MS);
afterAll(() => local?.client.destroy());

/** A store on a table of its own, so tests never see each other's incidents. */
const aStore = async (options: Omit<DynamoIncidentStoreOptions, 'client' | 'tableName'> = {}) => {
  const tableName = aTableName();
  await createIncidentTable(local.client, tableName);
  const store = createDynamoIncidentStore({ client: local.documentClient, tableName, ...options });
  const item = async (key: { pk: string; sk: string }) =>
    (await local.documentClient.send(new GetCommand({ TableName: tableName, Key: key }))).Item;
  return { tableName, store, item };
};

const incidentKey = (incident: Incident) => ({ pk: `FP#${incident.fingerprint}`, sk: 'INCIDENT' });
const DAY_SECONDS = 86_400;
const seconds = (iso: string) => Date.parse(iso) / 1000;

describeIncidentStoreContract('DynamoDB (DynamoDB Local)', async (options) => (await aStore(options)).store);

describe('DynamoDB incident store: the table', () => {
  it('stores an incident and its outbox in one item under FP#<fingerprint> / INCIDENT, compressed, with its revision and id at the top level', async () => {
    const { store, item } = await aStore();
    const incident = anIncident();

    await store.save(incident, 0, [aDelivery()]);

    const stored = await item(incidentKey(incident));
    expect(stored).toMatchObject({
      pk: `FP#${incident.fingerprint}`,
      sk: 'INCIDENT',
      revision: 1,
      incidentId: incident.id,
      v: expect.any(Uint8Array),
      // The entry is keyed by its id less the incident id, and waits in the outbox sweep's index.
      o: { 'team-oncall/1': expect.any(Uint8Array) },
      outboxShard: 'OUTBOX',
      outboxAt: aDelivery().at,
    });
    expect(stored).not.toHaveProperty('incident');
    expect(await item({ pk: `INC#${incident.id}`, sk: `DELIVERY#${aDelivery().id}` })).toBeUndefined();

    // Marked sent: a stub stays (so the id cannot be recorded again) and the item leaves the sweep's index.
    await store.markSent([aDelivery()]);
    const marked = await item(incidentKey(incident));
    expect(marked).toMatchObject({ o: { 'team-oncall/1': 0 }, marks: 1 });
    expect(marked).not.toHaveProperty('outboxShard');
  });

  it('keeps an earlier episode as its own item, out of the sweeper index, expiring its retention after it ended', async () => {
    const { store, item } = await aStore();
    const first = anIncident({ state: 'resolved', resolvedAt: '2026-11-27T03:00:00.000Z' });
    await store.save(first, 0, []);

    await store.save(anIncident({ episode: 2, revision: 2 }), 1, []);

    const kept = await item({ pk: `FP#${first.fingerprint}`, sk: `EPISODE#${first.id}` });
    expect(kept).toMatchObject({
      incidentId: first.id,
      expiresAt: seconds('2026-11-27T03:00:00.000Z') + 400 * DAY_SECONDS,
      // In the console's and the report's index under the month it resolved in (JST).
      month: '2026-11',
      openedAt: Date.parse(first.firstSeen),
      accounts: first.accounts,
    });
    expect(kept).not.toHaveProperty('dueShard');
  });

  it('creating a table that exists is not an error, and TTL is on `expiresAt`', async () => {
    const { tableName } = await aStore();

    await createIncidentTable(local.client, tableName);

    const ttl = await local.client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: 'expiresAt',
      TimeToLiveStatus: 'ENABLED',
    });
  });
});

describe('DynamoDB incident store: TTL is set for clean-up only', () => {
  it.each([
    ['open', {}],
    ['acknowledged', { state: 'acknowledged' as const, acknowledgedAt: '2026-11-27T01:10:00.000Z' }],
  ])('an %s incident never expires', async (_case, changes) => {
    const { store, item } = await aStore();
    const incident = anIncident(changes);

    await store.save(incident, 0, []);

    expect(await item(incidentKey(incident))).not.toHaveProperty('expiresAt');
  });

  it.each([
    // 400 days: the config's default `retention`, so a fiscal year's reports can be made (issue 16).
    [undefined, 400],
    [7, 7],
  ])('a resolved incident expires its retention (%s → %i days) after it resolved', async (retentionDays, days) => {
    const { store, item } = await aStore(retentionDays === undefined ? {} : { retentionDays });
    const open = anIncident();
    await store.save(open, 0, []);
    const resolved = {
      ...open,
      revision: 2,
      state: 'resolved' as const,
      resolvedAt: '2026-11-27T03:00:00.000Z',
    };

    await store.save(resolved, 1, []);

    expect((await item(incidentKey(open)))?.expiresAt).toBe(
      seconds('2026-11-27T03:00:00.000Z') + days * DAY_SECONDS,
    );
  });

  it('a reopened incident no longer expires', async () => {
    const { store, item } = await aStore();
    const resolved = anIncident({ state: 'resolved', resolvedAt: '2026-11-27T03:00:00.000Z' });
    await store.save(resolved, 0, []);

    await store.save(anIncident({ episode: 2, revision: 2 }), 1, []);

    expect(await item(incidentKey(resolved))).not.toHaveProperty('expiresAt');
  });

  it('a grouped delivery record expires its retention after it was decided', async () => {
    const { store, item } = await aStore();
    const delivery = aDelivery({ group: 'team-oncall|111111111111|guardduty', sweepAt: 9_000 });

    await store.save(anIncident(), 0, [delivery]);

    expect((await item({ pk: `INC#${delivery.incidentId}`, sk: `DELIVERY#${delivery.id}` }))?.expiresAt).toBe(
      Math.floor(delivery.at / 1000) + 400 * DAY_SECONDS,
    );
  });

  it('an expired delivery record that TTL has not removed yet does not swallow a new delivery of that id', async () => {
    // Prepare: episode 1 paged and resolved; months later TTL removed the incident but not (yet) its delivery
    const { store, tableName } = await aStore();
    const old = anIncident();
    const grouped = { group: 'team-oncall|111111111111|guardduty' };
    await store.save(old, 0, [aDelivery(grouped, old)]);
    await store.markSent([aDelivery(grouped, old)]);
    await local.documentClient.send(new DeleteCommand({ TableName: tableName, Key: incidentKey(old) }));
    const later = anIncident({ lastSeen: '2028-06-01T00:00:00.000Z' });
    const again = aDelivery(grouped, later);
    expect(again.id).toBe(aDelivery(grouped, old).id);

    // Act: the fingerprint fires again and starts over at episode 1, with the same incident and delivery ids
    const result = await store.save(later, 0, [again]);

    // Assess
    expect(result).toBe('saved');
    expect(await store.pendingDeliveries(later.id)).toEqual([again]);
  });
});

describe('DynamoDB incident store: the sparse dueEscalations index', () => {
  const T = Date.parse('2026-11-27T01:30:00.000Z');
  const withDue = (dueAt: number | undefined, changes: Partial<Incident> = {}): Incident => ({
    ...anIncident(),
    escalation: { ...anIncident().escalation!, dueAt },
    ...changes,
  });

  it('holds an incident while it is open with a step due', async () => {
    const { store, item } = await aStore();
    const incident = withDue(T);

    await store.save(incident, 0, []);

    expect(await item(incidentKey(incident))).toMatchObject({ dueShard: 'DUE', dueAt: T });
  });

  it.each([
    ['acknowledged', withDue(undefined, { state: 'acknowledged' })],
    ['acknowledged with a stale due time', withDue(T, { state: 'acknowledged' })],
    ['resolved', withDue(T, { state: 'resolved', resolvedAt: '2026-11-27T01:20:00.000Z' })],
    ['open with no step left', withDue(undefined)],
    ['open and never escalating', anIncident({ escalation: undefined })],
  ])('leaves the index attributes out when the incident is %s', async (_case, incident) => {
    const { store, item } = await aStore();
    await store.save(withDue(T), 0, []);

    await store.save({ ...incident, revision: 2 }, 1, []);

    const stored = await item(incidentKey(incident));
    expect(stored).not.toHaveProperty(INCIDENT_TABLE.dueEscalations.partitionKey);
    expect(stored).not.toHaveProperty(INCIDENT_TABLE.dueEscalations.sortKey);
  });
});

describe('DynamoDB incident store: errors', () => {
  /** A store whose client fails every request with `error`, before the SDK's retries. */
  const failingWith = (error: unknown): Store => {
    const client = aDynamoClient(local.endpoint);
    client.middlewareStack.add(
      () => async () => {
        throw error;
      },
      { step: 'initialize', name: 'failEveryRequest' },
    );
    return createDynamoIncidentStore({ client: DynamoDBDocumentClient.from(client), tableName: 'unused' });
  };
  const $metadata = { httpStatusCode: 400 };
  const serviceError = (name: string, $fault: 'client' | 'server', httpStatusCode: number) =>
    new DynamoDBServiceException({
      name,
      $fault,
      $metadata: { httpStatusCode },
      message: `${name} (injected)`,
    });

  it.each([
    [
      'provisioned throughput exceeded',
      new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata }),
      true,
    ],
    ['throttling', serviceError('ThrottlingException', 'client', 400), true],
    ['an internal server error', new InternalServerError({ message: 'Internal error', $metadata }), true],
    ['a 503', serviceError('ServiceUnavailable', 'server', 503), true],
    ['a socket timeout', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    ['a validation error', serviceError('ValidationException', 'client', 400), false],
    ['access denied', serviceError('AccessDeniedException', 'client', 400), false],
  ])('turns %s into an AdapterError (retryable: %s) that keeps the SDK error as its cause', async (_case, error, retryable) => {
    const store = failingWith(error);

    for (const attempt of [
      () => store.get('fp'),
      () => store.findById('INC-00000000-1'),
      () => store.dueEscalations(0, 10),
      () => store.pendingDeliveries('INC-00000000-1'),
      () => store.save(anIncident(), 0, [aDelivery()]),
      () => store.markSent([aDelivery()]),
    ]) {
      const thrown = await attempt().catch((caught: unknown) => caught);
      expect(thrown).toBeInstanceOf(AdapterError);
      expect(thrown).toMatchObject({ retryable, cause: error });
      expect((thrown as Error).message).toMatch(/^DynamoDB \S+.* on table unused failed: /);
    }
  });

  it.each([
    ['throttled', 'ThrottlingError', true],
    ['over the provisioned throughput', 'ProvisionedThroughputExceeded', true],
    ['invalid', 'ValidationError', false],
  ])('turns a transaction cancelled because an item was %s into an AdapterError', async (_case, code, retryable) => {
    const cancelled = new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata,
      CancellationReasons: [{ Code: 'None' }, { Code: code }],
    });

    const thrown = await failingWith(cancelled)
      .save(anIncident(), 0, [aDelivery({ group: 'g' })])
      .catch((caught: unknown) => caught);

    expect(thrown).toBeInstanceOf(AdapterError);
    expect(thrown).toMatchObject({ retryable, message: expect.stringContaining(code) });
  });

  it('reads a transaction conflict with another writer as a conflict (the caller re-reads)', async () => {
    const cancelled = new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata,
      CancellationReasons: [{ Code: 'TransactionConflict' }],
    });

    expect(await failingWith(cancelled).save(anIncident(), 0, [aDelivery({ group: 'g' })])).toBe('conflict');
  });

  it('reports a real oversized item from DynamoDB Local as a non-retryable AdapterError', async () => {
    const { store } = await aStore();
    // Random text: the incident is stored compressed, so repetition would not make it large.
    const huge = anIncident({
      subject: { ...anIncident().subject, description: randomBytes(600_000).toString('base64') },
    });

    const thrown = await store.save(huge, 0, []).catch((caught: unknown) => caught);

    expect(thrown).toBeInstanceOf(AdapterError);
    expect(thrown).toMatchObject({ retryable: false });
  });

  it('reports a missing table as a non-retryable AdapterError', async () => {
    const store = createDynamoIncidentStore({
      client: local.documentClient,
      tableName: aTableName('missing'),
    });

    const thrown = await store.get('fp').catch((caught: unknown) => caught);

    expect(thrown).toBeInstanceOf(AdapterError);
    expect(thrown).toMatchObject({
      retryable: false,
      message: expect.stringContaining('ResourceNotFoundException'),
    });
  });

  it('refuses, without a request, a save whose grouped deliveries cannot fit in one transaction', async () => {
    const client = aDynamoClient(local.endpoint);
    const requests = countRequests(client);
    const store = createDynamoIncidentStore({
      client: DynamoDBDocumentClient.from(client),
      tableName: 'unused',
    });
    const incident = anIncident();
    const deliveries = Array.from({ length: 100 }, (_, i) =>
      aDelivery(
        { id: `${incident.id}/receiver-${i}/1`, receiver: `receiver-${i}`, group: `g-${i}` },
        incident,
      ),
    );

    const thrown = await store.save(incident, 0, deliveries).catch((caught: unknown) => caught);

    expect(thrown).toBeInstanceOf(AdapterError);
    expect(thrown).toMatchObject({
      retryable: false,
      message: expect.stringContaining('at most 98'),
    });
    expect(requests.counts()).toEqual({});
  });
});

describe('DynamoDB incident store: one write per publish marks what it sent', () => {
  const anEvent = (incident: Incident): LifecycleEvent => ({
    id: `${incident.id}/E1/asp-a`,
    incidentId: incident.id,
    fingerprint: incident.fingerprint,
    detailType: 'Incident Opened',
    detail: {
      eventId: `${incident.id}/E1/asp-a`,
      incidentId: incident.id,
      fingerprint: incident.fingerprint,
    } as LifecycleEvent['detail'],
    at: Date.parse(incident.lastSeen),
    status: 'pending',
  });
  const aCountedStore = async () => {
    const client = aDynamoClient(local.endpoint);
    const requests = countRequests(client);
    const tableName = aTableName();
    await createIncidentTable(client, tableName);
    const documents = DynamoDBDocumentClient.from(client);
    const store = createDynamoIncidentStore({ client: documents, tableName });
    const item = async (key: { pk: string; sk: string }) =>
      (await documents.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
    return { client: documents, tableName, store, requests, item };
  };

  it('marks the deliveries of one incident in one UpdateItem, and its last pending entry leaves the outbox index in the same write', async () => {
    const { store, requests, item } = await aCountedStore();
    const incident = anIncident();
    const toTeam = aDelivery({}, incident);
    const toAsp = aDelivery({ receiver: 'asp-a', audience: 'asp' }, incident);
    const opened = anEvent(incident);
    expect(await store.save(incident, 0, [toTeam, toAsp, opened])).toBe('saved');
    requests.reset();

    await store.markSent([toTeam, toAsp]);
    expect(requests.counts()).toEqual({ UpdateItem: 1 });
    await store.markSent([opened]);

    expect(requests.counts()).toEqual({ UpdateItem: 2 });
    expect(await item(incidentKey(incident))).not.toHaveProperty('outboxShard');
    expect(await store.stalePending(Date.parse(incident.lastSeen) + 1, 10)).toEqual([]);
  });

  it('keeps the item in the outbox index when another writer recorded an entry since this store saw it', async () => {
    const { client, tableName, store: mine, item } = await aCountedStore();
    const theirs = createDynamoIncidentStore({ client, tableName });
    const incident = anIncident();
    const toTeam = aDelivery({}, incident);
    expect(await mine.save(incident, 0, [toTeam])).toBe('saved');
    // Another Lambda records an escalation this store has not seen: the mark of `toTeam` is no longer the last.
    const escalation = aDelivery({ id: `${incident.id}/team-lead/1`, receiver: 'team-lead' }, incident);
    expect(await theirs.save({ ...incident, revision: 2 }, 1, [escalation])).toBe('saved');

    await mine.markSent([toTeam]);

    expect(await item(incidentKey(incident))).toHaveProperty('outboxShard');
    expect(await mine.stalePending(Date.parse(incident.lastSeen), 10)).toEqual([escalation]);
    expect(await mine.pendingDeliveries(incident.id)).toEqual([escalation]);
  });

  it('marks the rest when another writer marked some of them since this store saw the item', async () => {
    const { client, tableName, store: mine, item } = await aCountedStore();
    const theirs = createDynamoIncidentStore({ client, tableName });
    const incident = anIncident();
    const toTeam = aDelivery({}, incident);
    const toAsp = aDelivery({ receiver: 'asp-a', audience: 'asp' }, incident);
    expect(await mine.save(incident, 0, [toTeam, toAsp])).toBe('saved');
    await theirs.markSent([toTeam]);

    await mine.markSent([toTeam, toAsp]);

    expect(await mine.pendingDeliveries(incident.id)).toEqual([]);
    expect(await item(incidentKey(incident))).not.toHaveProperty('outboxShard');
  });
});

describe('DynamoDB incident store: requests per event (issue: a duplicate costs no write, a new incident two)', () => {
  const route = async () => {
    const client = aDynamoClient(local.endpoint);
    const requests = countRequests(client);
    const tableName = aTableName();
    await createIncidentTable(client, tableName);
    const store = createDynamoIncidentStore({ client: DynamoDBDocumentClient.from(client), tableName });
    const time = '2026-11-27T01:00:00.000Z';
    const ports = {
      store,
      notifier: createMemoryNotifier(),
      bus: createMemoryLifecycleBus(),
      timers: createVirtualTimers(),
      clock: new VirtualClock(Date.parse(time)),
      config: aConfig(),
    };
    requests.reset();
    return { requests, send: (event: unknown) => routeEvent(event, ports), event: aGuardDutyFinding(time) };
  };

  it('a new incident: one GetItem and one PutItem (no transaction), then one UpdateItem that marks what it sent', async () => {
    const { requests, send, event } = await route();

    const [outcome] = await send(event);

    expect(outcome).toMatchObject({ kind: 'alert', result: 'opened' });
    const sent = outcome?.kind === 'alert' ? outcome.notifications.length : 0;
    expect(sent).toBeGreaterThan(0);
    // The UpdateItem is the outbox mark (`markSent`): the notifications the publish sent and the `Incident Opened`
    // event the bus took, in one write, which (the last pending entries) also takes the item out of the outbox
    // sweep's index.
    expect(requests.counts()).toEqual({ GetItem: 1, PutItem: 1, UpdateItem: 1 });
    expect(sent).toBeGreaterThan(1);
  });

  it('a duplicate event: reads of the incident and its outbox, and no write', async () => {
    const { requests, send, event } = await route();
    await send(event);
    requests.reset();

    const [outcome] = await send(event);

    expect(outcome).toMatchObject({ kind: 'alert', result: 'duplicate', notifications: [] });
    // The pipeline asks the outbox what an earlier attempt recorded but never sent: notifications (the incident
    // item, and its grouped deliveries) and lifecycle events (the incident item); the id's owner is known.
    expect(requests.counts()).toEqual({ GetItem: 3, Query: 1 });
  });
});

describe('DynamoDB incident store: the byMonth index (the console and the report, issues 15 and 16)', () => {
  /** A store whose client counts requests and records the index capacity of every write. */
  const measured = async () => {
    const client = aDynamoClient(local.endpoint);
    const requests = countRequests(client);
    const indexUnits: Record<string, number>[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'INDEXES';
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: { GlobalSecondaryIndexes?: object } })
          .ConsumedCapacity;
        const gsi = (consumed?.GlobalSecondaryIndexes ?? {}) as Record<string, { CapacityUnits?: number }>;
        indexUnits.push(
          Object.fromEntries(Object.entries(gsi).map(([name, u]) => [name, u.CapacityUnits ?? 0])),
        );
        return result;
      },
      { step: 'initialize', name: 'indexCapacity' },
    );
    const indexesQueried: string[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { IndexName?: string; KeyConditionExpression?: string };
        if (input.KeyConditionExpression !== undefined) indexesQueried.push(input.IndexName ?? 'table');
        return next(args);
      },
      { step: 'initialize', name: 'indexesQueried' },
    );
    const tableName = aTableName();
    await createIncidentTable(client, tableName);
    const documents = DynamoDBDocumentClient.from(client);
    const storeWith = (registry: Record<string, string>) =>
      createDynamoIncidentStore({
        client: documents,
        tableName,
        aspOfAccount: (account) => registry[account],
      });
    const store = storeWith({ '111111111111': 'asp-a', '333333333333': 'asp-b' });
    return { store, storeWith, documents, tableName, requests, indexUnits, indexesQueried };
  };

  it('enters a new incident (1 WRU), moves it when it resolves, and an update that neither resolves nor changes its accounts writes no index', async () => {
    const { store, indexUnits } = await measured();
    const open = anIncident();
    await store.save(open, 0, []);
    expect(indexUnits.at(-1)).toMatchObject({ byMonth: 1, openByAsp: 1 });

    await store.save({ ...open, revision: 2, count: 5, lastSeen: '2026-11-27T02:00:00.000Z' }, 1, []);
    expect(indexUnits.at(-1)).not.toHaveProperty('byMonth');
    expect(indexUnits.at(-1)).not.toHaveProperty('openByAsp');

    const resolved = {
      ...open,
      revision: 3,
      state: 'resolved' as const,
      resolvedAt: '2026-11-27T03:00:00.000Z',
    };
    await store.save(resolved, 2, []);
    // The entry leaves `OPEN` for `2026-11`: a delete and a put; it leaves its ASP's open list: a delete.
    expect(indexUnits.at(-1)).toMatchObject({ byMonth: 2, openByAsp: 1 });
  });

  it('reindex: enters items an older release wrote without the new index, and follows an account that moved to another ASP', async () => {
    const { store, storeWith, documents, tableName } = await measured();
    const asps = async (of: typeof store, asp: string) =>
      (await of.openIncidents({ asp }, { limit: 10 })).incidents
        .map((incident) => incident.fingerprint)
        .sort();
    await store.save(anIncident({ fingerprint: 'fp-a', accounts: ['111111111111'] }), 0, []);
    await store.save(anIncident({ fingerprint: 'fp-b', accounts: ['333333333333'] }), 0, []);
    // As the release before `openByAsp` left them: no `openAsp`, and one item from before `byMonth` too.
    await documents.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: 'FP#fp-a', sk: 'INCIDENT' },
        UpdateExpression: 'REMOVE openAsp',
      }),
    );
    await documents.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: 'FP#fp-b', sk: 'INCIDENT' },
        UpdateExpression: 'REMOVE openAsp, #month, openedAt, accounts',
        ExpressionAttributeNames: { '#month': 'month' },
      }),
    );
    expect(await asps(store, 'asp-a')).toEqual([]);
    expect((await store.openIncidents({}, { limit: 10 })).incidents).toHaveLength(1);

    expect(await store.reindex()).toEqual({ scanned: 2, updated: 2 });
    expect(await asps(store, 'asp-a')).toEqual(['fp-a']);
    expect(await asps(store, 'asp-b')).toEqual(['fp-b']);
    expect((await store.openIncidents({}, { limit: 10 })).incidents).toHaveLength(2);
    expect(await store.reindex()).toEqual({ scanned: 2, updated: 0 });

    // The registry now gives account 111111111111 to asp-b: its list finds fp-a once reindexed, asp-a's never.
    const moved = storeWith({ '111111111111': 'asp-b', '333333333333': 'asp-b' });
    expect(await asps(moved, 'asp-b')).toEqual(['fp-b']);
    expect(await moved.reindex()).toEqual({ scanned: 2, updated: 1 });
    expect(await asps(moved, 'asp-b')).toEqual(['fp-a', 'fp-b']);
    expect(await asps(moved, 'asp-a')).toEqual([]);
  });

  it("reads an ASP's list and a municipality's from openByAsp (its ASPs and the shared partition), the team's from byMonth", async () => {
    const { store, indexesQueried } = await measured();
    await store.save(anIncident({ fingerprint: 'fp-a', accounts: ['111111111111'] }), 0, []);
    await store.save(anIncident({ fingerprint: 'fp-b', accounts: ['333333333333'] }), 0, []);
    await store.save(anIncident({ fingerprint: 'fp-stray', accounts: ['999999999999'] }), 0, []);
    const listed = async (query: Parameters<typeof store.openIncidents>[0]) => {
      indexesQueried.length = 0;
      const { incidents } = await store.openIncidents(query, { limit: 10 });
      return {
        fingerprints: incidents.map((incident) => incident.fingerprint).sort(),
        indexes: [...indexesQueried],
      };
    };

    expect(await listed({ asp: 'asp-a' })).toEqual({
      fingerprints: ['fp-a'],
      indexes: ['openByAsp', 'openByAsp'],
    });
    expect(await listed({ accounts: ['333333333333'] })).toEqual({
      fingerprints: ['fp-b'],
      indexes: ['openByAsp', 'openByAsp'],
    });
    expect(await listed({})).toEqual({ fingerprints: ['fp-a', 'fp-b', 'fp-stray'], indexes: ['byMonth'] });
  });

  it('answers both queries from the index and the items it names: Query and BatchGetItem, never a Scan', async () => {
    const { store, requests } = await measured();
    await store.save(anIncident(), 0, []);
    requests.reset();

    expect((await store.openIncidents({}, { limit: 10 })).incidents).toHaveLength(1);
    expect((await store.incidentsForMonth('2026-11')).length).toBe(1);

    expect(Object.keys(requests.counts()).sort()).toEqual(['BatchGetItem', 'Query']);
  });
});
