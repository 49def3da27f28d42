import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createDynamoIncidentStore,
  createIncidentTable,
} from '../shared/adapters/aws/dynamodb-incident-store.js';
import { createMemoryLifecycleBus } from '../shared/adapters/memory/lifecycle-bus.js';
import { createMemoryNotifier } from '../shared/adapters/memory/notifier.js';
import { createVirtualTimers, VirtualClock } from '../shared/adapters/memory/virtual-time.js';
import type { Config } from '../shared/config/registry.js';
import { acknowledge, fireTimer } from '../shared/pipeline/operator.js';
import { routeEvent } from '../shared/pipeline/route-event.js';
import type { Ports, Timer, Timers } from '../shared/ports.js';
import { normalizeEvent } from '../shared/sources/index.js';
import { storeRegistryOptions } from '../shared/storage/registry-options.js';
import { countRequests, localClient, startDynamoLocal } from './dynamodb-local.js';
import { loadTemplates, type SourceName, variantText } from './events.js';

const READS = new Set(['GetItem', 'Query', 'BatchGetItem', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['TransactWriteItems', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

/**
 * Counts every HTTP request a client sends, by operation, after the retry step (a retried call counts twice),
 * and asks DynamoDB for the capacity each consumed, so the cost model can use units, not just requests.
 */
const instrument = (client: DynamoDBClient) => {
  let units = { read: 0, write: 0, writeIndexes: 0 };
  const byOperation: Record<string, number> = {};
  /** UpdateItems that mark outbox entries sent (or take a fully sent item out of the outbox sweep's index). */
  let marks = 0;
  // Initialize sees the command's input and its final output: ask for the capacity, then read it.
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity ??= 'INDEXES';
      const expression = (args.input as { UpdateExpression?: string }).UpdateExpression ?? '';
      if (expression.includes(':sent') || expression.startsWith('REMOVE outboxShard')) marks++;
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: unknown } | undefined)?.ConsumedCapacity;
      const write =
        'TransactItems' in (args.input as object) ||
        'Item' in (args.input as object) ||
        'UpdateExpression' in (args.input as object);
      for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        const { CapacityUnits = 0, GlobalSecondaryIndexes = {} } = entry as {
          CapacityUnits?: number;
          GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
        };
        const indexes = Object.values(GlobalSecondaryIndexes).reduce(
          (sum, index) => sum + (index.CapacityUnits ?? 0),
          0,
        );
        units = write
          ? { ...units, write: units.write + CapacityUnits, writeIndexes: units.writeIndexes + indexes }
          : { ...units, read: units.read + CapacityUnits };
        const operation =
          args.input && 'TransactItems' in args.input ? 'TransactWriteItems' : commandName(args.input);
        byOperation[operation] = (byOperation[operation] ?? 0) + CapacityUnits;
      }
      return result;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
  const requests = countRequests(client);
  return {
    take: () => {
      const taken = { requests: requests.take(), units, byOperation: { ...byOperation }, marks };
      marks = 0;
      for (const key of Object.keys(byOperation)) delete byOperation[key];
      units = { read: 0, write: 0, writeIndexes: 0 };
      return taken;
    },
  };
};

/** The operation an input belongs to, from its shape (the capacity middleware sees inputs, not names). */
const commandName = (input: object): string => {
  if ('UpdateExpression' in input) return 'UpdateItem';
  if ('Item' in input) return 'PutItem';
  if ('KeyConditionExpression' in input) return 'Query';
  if ('Key' in input) return 'GetItem';
  return 'other';
};

export type Scenario = {
  readonly scenario: string;
  readonly what: string;
  /** DynamoDB requests by operation. */
  readonly requests: Readonly<Record<string, number>>;
  readonly reads: number;
  /**
   * Writes of the pipeline itself: the incident with its outbox (PutItem when it opens, UpdateItem after, a
   * TransactWriteItems with grouped deliveries or when it reopens) and digest group state (PutItem).
   */
  readonly writes: number;
  /**
   * `UpdateItem`s that mark outbox entries sent, counted apart: one per publish (the notifications it sent; the
   * lifecycle events the bus took), the last of which also takes the incident out of the outbox sweep's index;
   * one per grouped delivery a digest sent.
   */
  readonly markSent: number;
  readonly notifications: number;
  /** Read request units DynamoDB reported (strongly consistent reads: 1 per 4 KB). */
  readonly readUnits: number;
  /** Write request units DynamoDB reported, the global secondary indexes included (transactions count twice). */
  readonly writeUnits: number;
  /** The part of `writeUnits` spent on the global secondary indexes. */
  readonly writeUnitsIndexes: number;
  /** Capacity units by operation (reads and writes). */
  readonly unitsByOperation: Readonly<Record<string, number>>;
  /** EventBridge Scheduler calls (CreateSchedule / DeleteSchedule) the step makes. */
  readonly schedulerCalls: number;
  readonly target: string | undefined;
  readonly met: boolean | undefined;
};

export type DynamoResult = {
  readonly endpoint: 'DynamoDB Local';
  readonly scenarios: readonly Scenario[];
  readonly seconds: number;
};

const sample = (source: SourceName, file: string, n: number, accounts: number): Record<string, unknown> => {
  const template = loadTemplates(source).find((candidate) => candidate.file === `${source}/${file}`);
  if (template === undefined) throw new Error(`bench: no sample ${source}/${file}`);
  return JSON.parse(variantText(template, n, accounts)) as Record<string, unknown>;
};

/** Section 3: DynamoDB requests per pipeline step, against DynamoDB Local. */
export const benchDynamo = async (config: Config): Promise<DynamoResult> => {
  const started = performance.now();
  const local = await startDynamoLocal();
  const client = localClient(local.endpoint);
  try {
    const tableName = 'bench-incidents';
    await createIncidentTable(client, tableName);
    const counter = instrument(client);
    const documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    // As every runtime makes it: with the registry (retention, and the ASP index of open incidents).
    const store = createDynamoIncidentStore({
      client: documents,
      tableName,
      ...storeRegistryOptions(config),
    });
    const notifier = createMemoryNotifier();
    const virtual = createVirtualTimers();
    let schedulerCalls = 0;
    const timers: Timers = {
      schedule: async (timer) => {
        schedulerCalls++;
        await virtual.schedule(timer);
      },
      cancel: async (name) => {
        schedulerCalls++;
        await virtual.cancel(name);
      },
    };
    const clock = new VirtualClock(Date.parse('2026-11-27T00:00:00Z'));
    const ports: Ports = { store, notifier, bus: createMemoryLifecycleBus(), timers, clock, config };
    const accounts = config.accounts.length;
    const scenarios: Scenario[] = [];

    const step = async (
      scenario: string,
      what: string,
      run: () => Promise<unknown>,
      target?: { text: string; met: (s: Omit<Scenario, 'target' | 'met'>) => boolean },
    ) => {
      counter.take();
      schedulerCalls = 0;
      const sentBefore = notifier.sent().length;
      await run();
      const { requests, units, byOperation, marks } = counter.take();
      const count = (names: Set<string>) =>
        Object.entries(requests).reduce((sum, [name, value]) => sum + (names.has(name) ? value : 0), 0);
      // The incident's own write is an UpdateItem after it opened: only the outbox marks count as markSent.
      const markSent = marks;
      const result = {
        scenario,
        what,
        requests,
        reads: count(READS),
        writes: count(WRITES) - markSent,
        markSent,
        notifications: notifier.sent().length - sentBefore,
        readUnits: units.read,
        writeUnits: units.write,
        writeUnitsIndexes: units.writeIndexes,
        unitsByOperation: byOperation,
        schedulerCalls,
      };
      scenarios.push({ ...result, target: target?.text, met: target?.met(result) });
    };
    const at = (iso: string) => clock.advanceTo(Date.parse(iso));
    const takeTimer = (kind: 'digest' | 'escalation'): Timer => {
      const timer = virtual.pending().find((candidate) => (candidate.kind ?? 'escalation') === kind);
      if (timer === undefined) throw new Error(`bench: no ${kind} timer pending`);
      void virtual.cancel(timer.name);
      return timer;
    };

    // A HIGH GuardDuty finding of a production account: the team and the ASP are paged, escalation starts.
    const high = sample('guardduty', 'high-exfiltration-1st.json', 3, accounts);
    at('2026-11-27T01:00:00Z');
    await step(
      'new incident',
      'HIGH GuardDuty finding, first sighting (pages team + ASP)',
      () => routeEvent(high, ports),
      {
        text: '≤ 2 requests (reads + writes, markSent apart), ≤ 10 WRU with markSent',
        met: (s) => s.reads + s.writes <= 2 && s.writeUnits <= 10,
      },
    );
    await step('duplicate', 'the same envelope re-delivered', () => routeEvent(high, ports), {
      text: '0 writes',
      met: (s) => s.writes + s.markSent === 0,
    });
    at('2026-11-27T01:10:00Z');
    await step(
      'update',
      'the finding republished (count 3, newer updatedAt)',
      () => routeEvent(sample('guardduty', 'high-exfiltration-republished-count-3.json', 3, accounts), ports),
      { text: '≤ 6 WRU', met: (s) => s.writeUnits <= 6 },
    );
    at('2026-11-27T01:12:00Z');
    const fingerprint = firstFingerprint(high);
    await step('acknowledge', 'the on-call acknowledges (ack link or CLI)', () =>
      acknowledge(fingerprint, 'team-oncall', ports),
    );
    at('2026-11-27T01:25:00Z');
    await step('resolve', 'the finding archived: resolve to everyone told', () =>
      routeEvent(sample('guardduty', 'high-exfiltration-archived.json', 3, accounts), ports),
    );

    // A CRITICAL nobody acknowledges: the escalation step 15 minutes later.
    at('2026-11-27T03:00:00Z');
    for (const timer of virtual.pending()) await virtual.cancel(timer.name);
    await routeEvent(sample('guardduty', 'critical-attack-sequence.json', 5, accounts), ports);
    const escalation = takeTimer('escalation');
    at(new Date(escalation.at).toISOString());
    await step('escalation step', 'unacknowledged CRITICAL: page the next level', () =>
      fireTimer(escalation, ports),
    );

    // MEDIUM findings wait for a digest (storm control).
    for (const timer of virtual.pending()) await virtual.cancel(timer.name);
    at('2026-11-27T04:00:00Z');
    const medium = (n: number) => {
      const event = sample('guardduty', 'high-exfiltration-1st.json', 200 + n * accounts, accounts);
      (event.detail as { severity: number }).severity = 5;
      return event;
    };
    await step('new grouped incident', 'first MEDIUM finding of a group: recorded, digest scheduled', () =>
      routeEvent(medium(0), ports),
    );
    await step('next grouped incident', 'another MEDIUM of the same group while its digest is pending', () =>
      routeEvent(medium(1), ports),
    );
    const digest = takeTimer('digest');
    at(new Date(digest.at).toISOString());
    await step('digest', 'the group digest: one message for both, each marked sent', () =>
      fireTimer(digest, ports),
    );
    return { endpoint: 'DynamoDB Local', scenarios, seconds: (performance.now() - started) / 1_000 };
  } finally {
    client.destroy();
    await local.stop();
  }
};

const firstFingerprint = (event: unknown): string => {
  const normalized = normalizeEvent(event);
  if (normalized.kind !== 'alerts' || normalized.alerts[0] === undefined) throw new Error('bench: no alert');
  return normalized.alerts[0].fingerprint;
};
