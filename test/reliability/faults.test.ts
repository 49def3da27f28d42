import { AsyncLocalStorage } from 'node:async_hooks';
import {
  DeleteTableCommand,
  type DynamoDBClient,
  ThrottlingException as DynamoThrottlingException,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  EventBridgeClient,
  ThrottlingException as EventBridgeThrottlingException,
  PutEventsCommand,
  type PutEventsCommandInput,
} from '@aws-sdk/client-eventbridge';
import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  type DeleteScheduleCommandInput,
  ResourceNotFoundException,
  SchedulerClient,
  ThrottlingException as SchedulerThrottlingException,
} from '@aws-sdk/client-scheduler';
import {
  InternalErrorException,
  PublishCommand,
  type PublishCommandInput,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEscalateHandler } from '../../functions/escalate/handler.js';
import { createRouteHandler } from '../../functions/route/handler.js';
import { createSweeperHandler } from '../../functions/sweeper/handler.js';
import {
  createDynamoIncidentStore,
  createIncidentTable,
  INCIDENT_TABLE,
} from '../../shared/adapters/aws/dynamodb-incident-store.js';
import { createEventBridgeBus } from '../../shared/adapters/aws/eventbridge-bus.js';
import { createSchedulerTimers } from '../../shared/adapters/aws/scheduler-timers.js';
import { createSnsNotifier } from '../../shared/adapters/aws/sns-notifier.js';
import { VirtualClock } from '../../shared/adapters/memory/virtual-time.js';
import { AdapterError } from '../../shared/errors.js';
import { acknowledge, escalate, resolve } from '../../shared/pipeline/operator.js';
import { OVERDUE_MS, sweepOverdue } from '../../shared/pipeline/sweep.js';
import type { Notifier, Ports } from '../../shared/ports.js';
import { aConfig, EXAMPLE_RECEIVERS } from '../helpers/config.js';
import {
  aDynamoClient,
  aTableName,
  connectDynamoLocal,
  DYNAMO_LOCAL_STARTUP_MS,
} from '../helpers/dynamodb.js';
import { aHarness } from '../helpers/harness.js';
import { aLambdaContext, anSqsBatch, quietTelemetry } from '../helpers/lambda.js';
import { schedulerError } from '../helpers/sdk-errors.js';
import { aGuardDutyFinding, anOutageCopy, GUARDDUTY_FINGERPRINT } from '../helpers/story-events.js';

/*
 * Fault injection (issue 6, item 3): the real route, escalate and sweeper handlers on the real DynamoDB store
 * (DynamoDB Local, one table per run) and the real SNS notifier and Scheduler timers over mocked SDK clients.
 * Faults are injected where AWS puts them: in the DynamoDB client's middleware stack (throttling, timeouts
 * before the request and after the server committed it, a Lambda that dies right after a write), in SNS
 * Publish (throttling, 5xx, a timeout after SNS accepted the message, a crash just before or after it), and in
 * Scheduler (throttling, a schedule that is created but never fires). The simulation then does what AWS does:
 * SQS re-delivers failed records (the whole batch when the Lambda died), Scheduler retries a failed escalate
 * invocation, the sweeper runs every minute, all on a virtual clock. The same stream without faults is the
 * reference: every delivery it sends must be sent (0 lost), nothing may stay pending in the outbox, and the
 * duplicates may not exceed one per fault of a call (for a failed outbox mark, one per entry it marked: a publish
 * marks all it sent in one write), plus, for a crash, what the dying Lambda had published and not yet marked sent
 * (it sends a record's notifications, and a batch's records, in parallel, and marks them once all have settled).
 *
 * FAULT_RUNS=200 npx vitest run test/reliability/faults.test.ts   more randomized runs (FAULT_SEED to vary)
 * FAULT_DEBUG=1 …                                                   prints each run's timeline
 * A random run is seeded, but records of a batch run in parallel, so which call is "the nth" can vary between
 * runs of one seed: a failing run prints its timeline (invocations, faults, publishes), which is the repro.
 */

// ---------------------------------------------------------------------------------------------------------
// Faults

const FAULT_KINDS = [
  'dynamodb-throttle',
  'dynamodb-timeout',
  'dynamodb-timeout-after-write',
  'crash-after-write',
  'sns-throttle',
  'sns-5xx',
  'sns-timeout-after-publish',
  'crash-before-publish',
  'crash-after-publish',
  'scheduler-throttle',
  'schedule-lost',
  'eventbridge-throttle',
  'eventbridge-partial',
] as const;
type FaultKind = (typeof FAULT_KINDS)[number];

/** The calls faults are injected into; the sweeper's query is told apart from the outbox's. */
type Operation =
  | 'GetItem'
  | 'TransactWriteItems'
  | 'UpdateItem'
  | 'QueryOutbox'
  | 'QueryDue'
  | 'Publish'
  | 'CreateSchedule'
  | 'DeleteSchedule'
  | 'PutEvents';

/** What can go wrong at each call. */
const KINDS_AT: Record<Operation, readonly FaultKind[]> = {
  GetItem: ['dynamodb-throttle', 'dynamodb-timeout'],
  TransactWriteItems: [
    'dynamodb-throttle',
    'dynamodb-timeout',
    'dynamodb-timeout-after-write',
    'crash-after-write',
  ],
  UpdateItem: ['dynamodb-throttle', 'dynamodb-timeout', 'dynamodb-timeout-after-write'],
  QueryOutbox: ['dynamodb-throttle', 'dynamodb-timeout'],
  QueryDue: ['dynamodb-throttle', 'dynamodb-timeout'],
  Publish: [
    'sns-throttle',
    'sns-5xx',
    'sns-timeout-after-publish',
    'crash-before-publish',
    'crash-after-publish',
  ],
  CreateSchedule: ['scheduler-throttle', 'schedule-lost'],
  DeleteSchedule: ['scheduler-throttle'],
  PutEvents: ['eventbridge-throttle', 'eventbridge-partial'],
};

type Injected = {
  readonly kind: FaultKind;
  readonly operation: Operation;
  readonly nth: number;
  /**
   * The duplicates the fault may cause: 1, or for a failed outbox mark, every entry it marked (a publish marks all
   * it sent in one write, so its retry sends them all again).
   */
  readonly weight: number;
};

/** Decides, call by call, whether the `nth` call (1-based, per operation) of a run fails, and how. */
type FaultPlan = (operation: Operation, nth: number) => FaultKind | undefined;

const noFaults: FaultPlan = () => undefined;

/** Given faults at given calls: `{ TransactWriteItems: { 2: 'crash-after-write' } }`. */
const faultsAt =
  (table: Partial<Record<Operation, Record<number, FaultKind>>>): FaultPlan =>
  (operation, nth) =>
    table[operation]?.[nth];

/** mulberry32: a small seeded generator, so a failing random run can be replayed from its seed. */
const random = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/** Each call fails with probability `rate` (the sweeper's minutely query much less), at most `max` times a run. */
const randomFaults = (seed: number, rate = 0.07, max = 8): FaultPlan => {
  const next = random(seed);
  let injected = 0;
  return (operation) => {
    if (injected >= max || next() >= (operation === 'QueryDue' ? rate / 20 : rate)) return undefined;
    injected++;
    const kinds = KINDS_AT[operation];
    return kinds[Math.floor(next() * kinds.length)];
  };
};

/** Thrown at every call once the simulated Lambda has died, until its invocation is over. */
class DeadLambda extends Error {}

/**
 * One run's fault injector: counts calls per operation, asks the plan, keeps the tally and a timeline. It also
 * plays the Lambda's death: after `crash`, every call of the invocation fails; what that invocation had published
 * and not yet marked sent is what its redelivery may send again (the crash's duplicate budget).
 */
const anInjector = (plan: FaultPlan) => {
  const calls: Partial<Record<Operation, number>> = {};
  const injected: Injected[] = [];
  /** What happened, in order: invocations, faults, publishes; a failing run prints it. */
  const log: string[] = [];
  /** Per crash: the deliveries the dying Lambda had published and not marked sent. */
  const crashes: { readonly invocation: string; readonly unmarked: readonly string[] }[] = [];
  let published = new Set<string>();
  let marked = new Set<string>();
  let dead = false;
  let enabled = true;
  let only: ReadonlySet<Operation> | undefined;
  return {
    injected,
    calls,
    crashes,
    log,
    /** The fault for this call, if any; throws if the Lambda already died. */
    at: (operation: Operation, weight = 1): FaultKind | undefined => {
      if (dead) throw new DeadLambda(`the Lambda died before this ${operation}`);
      if (!enabled) return undefined;
      const nth = (calls[operation] ?? 0) + 1;
      calls[operation] = nth;
      if (only !== undefined && !only.has(operation)) return undefined;
      const kind = plan(operation, nth);
      if (kind !== undefined) {
        if (!KINDS_AT[operation].includes(kind)) throw new Error(`no ${kind} fault at ${operation}`);
        injected.push({ kind, operation, nth, weight });
        log.push(`  fault ${kind} at ${operation} #${nth}`);
      }
      return kind;
    },
    /** The Lambda dies here: this call and every later one of the invocation fail. */
    crash: (where: string): never => {
      dead = true;
      throw new DeadLambda(`simulated crash ${where}`);
    },
    /** SNS accepted a delivery. */
    published: (deliveryId: string, count: number) => {
      published.add(deliveryId);
      log.push(`  published ${deliveryId}${count === 1 ? '' : ` (${count} times now)`}`);
    },
    /** DynamoDB committed `markSent` of a delivery (whether or not its response arrived). */
    marked: (deliveryId: string) => marked.add(deliveryId),
    note: (what: string) => log.push(`  ${what}`),
    /** Runs one invocation; tells whether the Lambda died during it. */
    invocation: async <T>(
      label: string,
      run: () => Promise<T>,
    ): Promise<{ died: boolean; value?: T; error?: unknown }> => {
      log.push(label);
      published = new Set();
      marked = new Set();
      try {
        const value = await run();
        return { died: dead, value };
      } catch (error) {
        log.push(`  → failed: ${(error as Error).message}`);
        return { died: dead, error };
      } finally {
        if (dead) {
          const unmarked = [...published].filter((id) => !marked.has(id));
          crashes.push({ invocation: label, unmarked });
          log.push(`  → the Lambda died; published and not marked sent: ${JSON.stringify(unmarked)}`);
        }
        dead = false;
      }
    },
    /** Runs `work` with faults injected only into `operations`. */
    only: async <T>(operations: readonly Operation[], work: () => Promise<T>): Promise<T> => {
      only = new Set(operations);
      try {
        return await work();
      } finally {
        only = undefined;
      }
    },
    stop: () => {
      enabled = false;
    },
  };
};
type Injector = ReturnType<typeof anInjector>;

const sdkMetadata = { $metadata: { httpStatusCode: 400 } };
const timeoutError = (what: string) =>
  Object.assign(new Error(`${what}: connection timed out after 3000 ms`), { name: 'TimeoutError' });

/**
 * Fault injection on the DynamoDB client's middleware stack (document clients built on it share the stack). It
 * sits in the initialize step, before the SDK's own retries, so an injected fault reaches the code as it would
 * after the SDK gave up; a fault "after the write" lets the request commit, then loses the response.
 */
const injectDynamoFaults = (client: DynamoDBClient, injector: Injector) => {
  let throttles = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context.commandName ?? '').replace(/Command$/, '');
      const input = args.input as {
        IndexName?: string;
        TransactItems?: unknown[];
        ConditionExpression?: string;
      };
      // `TransactWriteItems` stands for every write that records a transition (the incident and its outbox in
      // one conditional write: a PutItem when it opens, a fenced UpdateItem after, a transaction with grouped
      // deliveries); `UpdateItem` for the outbox marks.
      const records =
        command === 'TransactWriteItems' ||
        (command === 'PutItem' && (args.input as { Item?: { sk?: string } }).Item?.sk === 'INCIDENT') ||
        (command === 'UpdateItem' && (input.ConditionExpression ?? '').includes('#revision = :expected'));
      const operation: Operation | undefined = records
        ? 'TransactWriteItems'
        : command === 'Query'
          ? input.IndexName === undefined
            ? 'QueryOutbox'
            : input.IndexName === INCIDENT_TABLE.dueEscalations.indexName
              ? 'QueryDue'
              : undefined
          : command === 'GetItem' || command === 'UpdateItem'
            ? command
            : undefined;
      if (operation === undefined) return next(args);
      // An outbox mark names each entry it marks `#m0`, `#m1`…: a fault of it may re-send them all.
      const marking = Object.keys(
        (args.input as { ExpressionAttributeNames?: Record<string, string> }).ExpressionAttributeNames ?? {},
      ).filter((name) => /^#m\d+$/.test(name)).length;
      const kind = injector.at(operation, Math.max(1, operation === 'UpdateItem' ? marking : 1));
      if (kind === 'dynamodb-throttle') {
        // Each of the three shapes DynamoDB throttling takes, in turn.
        const shape = throttles++ % 3;
        if (shape === 1 && input.TransactItems !== undefined) {
          throw new TransactionCanceledException({
            message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
            CancellationReasons: (input.TransactItems ?? []).map((_, i) => ({
              Code: i === 0 ? 'ThrottlingError' : 'None',
            })),
            ...sdkMetadata,
          });
        }
        if (shape === 2) throw new DynamoThrottlingException({ message: 'Rate exceeded', ...sdkMetadata });
        throw new ProvisionedThroughputExceededException({
          message: 'The level of configured provisioned throughput for the table was exceeded',
          ...sdkMetadata,
        });
      }
      if (kind === 'dynamodb-timeout') throw timeoutError(operation);
      const result = await next(args);
      if (kind === 'dynamodb-timeout-after-write') throw timeoutError(operation);
      if (kind === 'crash-after-write') injector.crash(`right after ${operation}`);
      return result;
    },
    { step: 'initialize', name: 'injectFaults' },
  );
};

/**
 * Watches what DynamoDB committed, from inside the fault injection (so a write whose response was lost counts):
 * - the sparse `dueAt` and `outboxAt` indexes, mirrored (a Put replaces the whole item, so an item without them
 *   leaves them; an update sets or removes them).
 *   The simulation uses it only to skip the minutes in which the sweeper's query would find nothing overdue:
 *   200 idle sweeps a run would be most of the test's time;
 * - `markSent` of each delivery, for the duplicate budget of a crash.
 */
const observeWrites = (client: DynamoDBClient, injector: Injector) => {
  const due = new Map<string, number>();
  type Put = { Item?: Record<string, unknown> };
  type Update = {
    Key?: { pk?: string; sk?: string };
    UpdateExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  };
  const track = ({ Item }: Put) => {
    if (Item === undefined) return;
    const key = `${Item.pk}|${Item.sk}`;
    if (typeof Item.dueAt === 'number') due.set(key, Item.dueAt);
    else due.delete(key);
    if (typeof Item.outboxAt === 'number') due.set(`outbox|${key}`, Item.outboxAt);
    else due.delete(`outbox|${key}`);
  };
  const trackUpdate = ({ Key, UpdateExpression = '', ExpressionAttributeValues = {} }: Update) => {
    const key = `${Key?.pk}|${Key?.sk}`;
    const dueAt = ExpressionAttributeValues[':dueAt'];
    if (typeof dueAt === 'number') due.set(key, dueAt);
    else if (UpdateExpression.includes('REMOVE dueShard')) due.delete(key);
    // The outbox sweep's index: an entry recorded keeps the earliest time; the last mark removes it.
    const outboxAt = ExpressionAttributeValues[':outboxAt'];
    if (typeof outboxAt === 'number')
      due.set(`outbox|${key}`, Math.min(outboxAt, due.get(`outbox|${key}`) ?? outboxAt));
    else if (/REMOVE .*outboxShard/.test(UpdateExpression)) due.delete(`outbox|${key}`);
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as Put & Update & { TransactItems?: { Put?: Put; Update?: Update }[] };
      if (context.commandName === 'PutItemCommand') track(input);
      if (context.commandName === 'TransactWriteItemsCommand') {
        for (const item of input.TransactItems ?? []) {
          if (item.Put) track(item.Put);
          if (item.Update) trackUpdate(item.Update);
        }
      }
      if (context.commandName === 'UpdateItemCommand') {
        trackUpdate(input);
        const sk = input.Key?.sk ?? '';
        if (sk.startsWith('DELIVERY#')) injector.marked(sk.slice('DELIVERY#'.length));
        // Entries of an incident's outbox, all a publish sent in one mark (`#m0`, `#m1`…): keyed by their id
        // less the incident id.
        const incidentId = input.ExpressionAttributeValues?.[':id'];
        const marking =
          input.ExpressionAttributeValues !== undefined && ':sent' in input.ExpressionAttributeValues;
        for (const [name, entry] of Object.entries(input.ExpressionAttributeNames ?? {})) {
          if (!marking || !/^#m\d+$/.test(name) || typeof incidentId !== 'string') continue;
          injector.marked(entry.startsWith('=') ? entry.slice(1) : `${incidentId}/${entry}`);
        }
      }
      return result;
    },
    { step: 'initialize', name: 'observeWrites', priority: 'low' },
  );
  return { anyDueBy: (millis: number) => [...due.values()].some((dueAt) => dueAt <= millis) };
};

// ---------------------------------------------------------------------------------------------------------
// The AWS boundary: SNS and Scheduler over aws-sdk-client-mock

/** What one run's SNS and Scheduler do; the mocks find it by the client the request came from. */
type Boundary = {
  readonly publish: (input: PublishCommandInput) => Promise<unknown>;
  readonly putEvents: (input: PutEventsCommandInput) => Promise<unknown>;
  readonly create: (input: CreateScheduleCommandInput) => Promise<unknown>;
  readonly remove: (input: DeleteScheduleCommandInput) => Promise<unknown>;
};
const boundaries = new WeakMap<object, Boundary>();
const boundaryOf = (client: object): Boundary => {
  const boundary = boundaries.get(client);
  if (boundary === undefined) throw new Error('a client that no run created');
  return boundary;
};

// Every SNSClient and SchedulerClient of this file is mocked; each run has its own clients, so runs may overlap.
const sns = mockClient(SNSClient);
const scheduler = mockClient(SchedulerClient);
const eventbridge = mockClient(EventBridgeClient);
const installMocks = () => {
  eventbridge.on(PutEventsCommand).callsFake((input, getClient) => boundaryOf(getClient()).putEvents(input));
  sns.on(PublishCommand).callsFake((input, getClient) => boundaryOf(getClient()).publish(input));
  scheduler.on(CreateScheduleCommand).callsFake((input, getClient) => boundaryOf(getClient()).create(input));
  scheduler.on(DeleteScheduleCommand).callsFake((input, getClient) => boundaryOf(getClient()).remove(input));
};

/** The delivery id of the notification being published, for the SNS mock to count per delivery. */
const publishing = new AsyncLocalStorage<string>();

type Schedule = { readonly name: string; readonly at: number; readonly input: string };

/** `at(2026-11-27T01:30:00)` in UTC → epoch ms. */
const fireTime = (expression: string | undefined): number => {
  const match = /^at\((.+)\)$/.exec(expression ?? '');
  if (!match) throw new Error(`not a one-time schedule: ${expression}`);
  return Date.parse(`${match[1]}Z`);
};

/**
 * A run's SNS (counts what it accepted, per delivery id) and Scheduler (keeps live schedules by name, refuses a
 * second one of a name, says "not found" for a name it does not have), with the run's faults.
 */
const aBoundary = (injector: Injector, onCreated: (schedule: Schedule) => void) => {
  const published = new Map<string, number>();
  /** Lifecycle events EventBridge accepted, per event id (what a consumer would see, before its dedup). */
  const events = new Map<string, number>();
  const live = new Map<string, Schedule>();
  const eventBridgeClient = new EventBridgeClient({ region: 'ap-northeast-1' });
  const snsClient = new SNSClient({ region: 'ap-northeast-1' });
  const schedulerClient = new SchedulerClient({ region: 'ap-northeast-1' });
  const throttled = () => schedulerError(SchedulerThrottlingException, 'Rate exceeded', 429);
  const boundary: Boundary = {
    publish: async () => {
      const kind = injector.at('Publish');
      if (kind === 'sns-throttle') throw new ThrottledException({ message: 'Rate exceeded', ...sdkMetadata });
      if (kind === 'sns-5xx') {
        throw new InternalErrorException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } });
      }
      if (kind === 'crash-before-publish') injector.crash('just before Publish');
      const id = publishing.getStore() ?? 'unknown';
      const count = (published.get(id) ?? 0) + 1;
      published.set(id, count);
      injector.published(id, count);
      if (kind === 'sns-timeout-after-publish') throw timeoutError('Publish');
      if (kind === 'crash-after-publish') injector.crash('right after Publish');
      return { MessageId: `${id}#${count}` };
    },
    putEvents: async (input) => {
      const kind = injector.at('PutEvents');
      if (kind === 'eventbridge-throttle') {
        throw new EventBridgeThrottlingException({ message: 'Rate exceeded', ...sdkMetadata });
      }
      // A partial failure: EventBridge refuses the first entry of the batch and accepts the others.
      const entries = (input.Entries ?? []).map((entry, i) => {
        if (kind === 'eventbridge-partial' && i === 0) {
          return { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' };
        }
        const id = (JSON.parse(entry.Detail ?? '{}') as { eventId?: string }).eventId ?? 'unknown';
        const count = (events.get(id) ?? 0) + 1;
        events.set(id, count);
        injector.note(`put ${entry.DetailType} ${id}${count === 1 ? '' : ` (${count} times now)`}`);
        return { EventId: `${id}#${count}` };
      });
      return { Entries: entries, FailedEntryCount: entries.filter((entry) => 'ErrorCode' in entry).length };
    },
    create: async (input) => {
      const kind = injector.at('CreateSchedule');
      if (kind === 'scheduler-throttle') throw throttled();
      const name = input.Name ?? '';
      if (live.has(name)) throw schedulerError(ConflictException, `Schedule ${name} already exists.`, 409);
      // A lost schedule: Scheduler says yes and it never fires.
      if (kind !== 'schedule-lost') {
        const schedule = { name, at: fireTime(input.ScheduleExpression), input: input.Target?.Input ?? '' };
        live.set(name, schedule);
        onCreated(schedule);
      }
      return { ScheduleArn: `arn:aws:scheduler:ap-northeast-1:999999999999:schedule/escalations/${name}` };
    },
    remove: async (input) => {
      if (injector.at('DeleteSchedule') === 'scheduler-throttle') throw throttled();
      if (!live.delete(input.Name ?? '')) {
        throw schedulerError(ResourceNotFoundException, `Schedule ${input.Name} does not exist.`, 404);
      }
      return {};
    },
  };
  boundaries.set(snsClient, boundary);
  boundaries.set(schedulerClient, boundary);
  boundaries.set(eventBridgeClient, boundary);
  return {
    snsClient,
    schedulerClient,
    eventBridgeClient,
    published,
    events,
    /** Scheduler takes a schedule that is due (ActionAfterCompletion: DELETE); undefined if it was deleted. */
    take: (name: string) => {
      const schedule = live.get(name);
      live.delete(name);
      return schedule;
    },
  };
};

// ---------------------------------------------------------------------------------------------------------
// The stream: the story's GuardDuty finding and Tokyo outage, plus HIGH and CRITICAL findings of other
// accounts (no MEDIUM or LOW: storm control would group those). Each batch holds at most one event per
// fingerprint, so the clean run's outcome does not depend on the order SQS hands records in.

const T0 = Date.parse('2026-11-27T01:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const CRITICAL_FINGERPRINT = 'guardduty:222222222222:ap-northeast-1:crit-222';

type Step =
  | { readonly at: number; readonly kind: 'batch'; readonly events: readonly unknown[] }
  | { readonly at: number; readonly kind: 'ack'; readonly fingerprint: string };

const STREAM: readonly Step[] = [
  {
    at: 0,
    kind: 'batch',
    events: [
      aGuardDutyFinding(at(0)),
      aGuardDutyFinding(at(0), { id: 'crit-222', account: '222222222222', severity: 9.5 }),
      anOutageCopy('111111111111', at(0)),
    ],
  },
  {
    at: 2,
    kind: 'batch',
    events: [
      anOutageCopy('222222222222', at(2)),
      aGuardDutyFinding(at(2), { count: 3 }),
      aGuardDutyFinding(at(2), { id: 'high-333', account: '333333333333', severity: 7.5 }),
    ],
  },
  { at: 5, kind: 'batch', events: [anOutageCopy('222222222222', at(5), { backup: true })] },
  { at: 10, kind: 'batch', events: [aGuardDutyFinding(at(10), { severity: 9, count: 7 })] },
  // The CRITICAL finding's first escalation step is due at +15 min; the ack stops the rest.
  { at: 25, kind: 'ack', fingerprint: CRITICAL_FINGERPRINT },
  // Every other escalation has run its four steps by +122 min (later by a few minutes under faults).
  {
    at: 180,
    kind: 'batch',
    events: [
      aGuardDutyFinding(at(180), { archived: true }),
      anOutageCopy('111111111111', at(180), { closed: true }),
      aGuardDutyFinding(at(180), { id: 'high-333', account: '333333333333', severity: 7.5, archived: true }),
    ],
  },
];
const END = T0 + 200 * 60_000;

/** SQS: a failed record comes back after the visibility timeout, up to maxReceiveCount times. */
const VISIBILITY_MS = 30_000;
const MAX_RECEIVES = 10;
/** Scheduler: a failed invocation is retried (5 retries, as the timers configure), then dead-lettered. */
const SCHEDULER_RETRY_MS = 60_000;
const SCHEDULER_RETRIES = 5;
const SWEEP_EVERY_MS = 60_000;
/** The sweeper's calls that may fail in these runs (a failed sweep is retried by the next one). */
const SWEEPER_FAULTS: readonly Operation[] = ['QueryDue', 'GetItem', 'CreateSchedule'];

// ---------------------------------------------------------------------------------------------------------
// One run

type RunResult = {
  readonly label: string;
  readonly injected: readonly Injected[];
  /** Each time the Lambda died: the deliveries it had published and not marked sent. */
  readonly crashes: readonly { readonly invocation: string; readonly unmarked: readonly string[] }[];
  /** The run's timeline (invocations, faults, publishes), for failure messages and FAULT_DEBUG. */
  readonly log: readonly string[];
  /** Calls that could have failed, per operation. */
  readonly calls: Readonly<Partial<Record<Operation, number>>>;
  readonly published: ReadonlyMap<string, number>;
  /** Lifecycle events EventBridge accepted, per event id. */
  readonly events: ReadonlyMap<string, number>;
  readonly pendingAfter: readonly string[];
  readonly sqsDeadLetters: number;
  readonly schedulerDeadLetters: number;
  readonly refiredBySweeper: number;
  /** Sweeper runs, and minutes skipped because nothing was overdue. */
  readonly sweeps: number;
  readonly skippedSweeps: number;
  readonly redeliveries: number;
  readonly ms: number;
};

const config = aConfig();
const ackLinks = (incidentId: string, receiver: string) => `https://ack.example/?t=${incidentId}:${receiver}`;

let endpoint = '';

const runStream = async (label: string, plan: FaultPlan): Promise<RunResult> => {
  const started = performance.now();
  const injector = anInjector(plan);
  const client = aDynamoClient(endpoint);
  const tableName = aTableName('faults');
  await createIncidentTable(client, tableName);
  injectDynamoFaults(client, injector);
  const dueIndex = observeWrites(client, injector);

  type Job = { at: number; seq: number; run: () => Promise<void> };
  const jobs: Job[] = [];
  let seq = 0;
  const enqueue = (when: number, run: () => Promise<void>) => jobs.push({ at: when, seq: seq++, run });

  const clock = new VirtualClock(T0);
  const time = () => new Date(clock.now()).toISOString().slice(11, 19);
  let schedulerDeadLetters = 0;
  let sqsDeadLetters = 0;
  let refiredBySweeper = 0;
  let redeliveries = 0;
  let sweeps = 0;
  let skippedSweeps = 0;

  // A reminder (`wake`) is due a day after the last page, far past this stream: it is left scheduled, not run
  // (test/unit/engine/reminders.test.ts covers it); everything within the stream's hour still runs.
  const boundary = aBoundary(injector, (schedule) => {
    const laterReminder = JSON.parse(schedule.input).kind === 'wake' && schedule.at > END + 60 * 60_000;
    if (!laterReminder) enqueue(schedule.at, () => fire(schedule.name));
  });
  const sender = createSnsNotifier({
    client: boundary.snsClient,
    topicArnFor: (receiver) => `arn:aws:sns:ap-northeast-1:999999999999:alert-router-${receiver}`,
  });
  const ports: Ports = {
    store: createDynamoIncidentStore({ client: DynamoDBDocumentClient.from(client), tableName }),
    notifier: { send: (n) => publishing.run(n.deliveryId, () => sender.send(n)) },
    bus: createEventBridgeBus({ client: boundary.eventBridgeClient, eventBusName: 'alert-router-hub' }),
    timers: createSchedulerTimers({
      client: boundary.schedulerClient,
      groupName: 'alert-router-escalations',
      targetArn: 'arn:aws:lambda:ap-northeast-1:999999999999:function:alert-router-escalate',
      roleArn: 'arn:aws:iam::999999999999:role/alert-router-scheduler',
      deadLetterArn: 'arn:aws:sqs:ap-northeast-1:999999999999:alert-router-escalate-dlq',
      clock,
    }),
    clock,
    config,
    ackLinks,
  };
  const resolvePorts = async () => ports;

  /** SQS hands the records to the route Lambda; failed ones (all of them if it died) come back later. */
  const deliver = async (bodies: readonly unknown[], receive: number): Promise<void> => {
    const batch = anSqsBatch(bodies);
    const route = createRouteHandler(resolvePorts, quietTelemetry());
    const outcome = await injector.invocation(
      `${time()} route: ${bodies.length} records, receive ${receive}`,
      () => route(batch, aLambdaContext()),
    );
    const failed = outcome.died
      ? bodies
      : ((outcome.value as SQSBatchResponse | undefined)?.batchItemFailures ?? []).map(
          ({ itemIdentifier }) => bodies[batch.Records.findIndex((r) => r.messageId === itemIdentifier)],
        );
    if (outcome.error !== undefined && !outcome.died) throw outcome.error;
    if (failed.length === 0) return;
    if (!outcome.died)
      injector.note(`→ ${failed.length} of ${bodies.length} records failed: SQS re-delivers them`);
    if (receive >= MAX_RECEIVES) {
      sqsDeadLetters += failed.length;
      return;
    }
    redeliveries += failed.length;
    enqueue(clock.now() + VISIBILITY_MS, () => deliver(failed, receive + 1));
  };

  /** Scheduler invokes the escalate Lambda for a due schedule, and retries it if it fails. */
  const fire = async (name: string): Promise<void> => {
    const schedule = boundary.take(name);
    if (schedule === undefined) return; // deleted by an ack or a resolve
    const invoke = async (attempt: number): Promise<void> => {
      const escalateHandler = createEscalateHandler(resolvePorts, quietTelemetry());
      const outcome = await injector.invocation(`${time()} escalate ${name}, attempt ${attempt}`, () =>
        escalateHandler(JSON.parse(schedule.input)),
      );
      if (outcome.error === undefined) return;
      if (attempt > SCHEDULER_RETRIES) schedulerDeadLetters++;
      else enqueue(clock.now() + SCHEDULER_RETRY_MS, () => invoke(attempt + 1));
    };
    await invoke(1);
  };

  const sweep = async () => {
    if (!dueIndex.anyDueBy(clock.now() - OVERDUE_MS)) {
      skippedSweeps++;
      return;
    }
    sweeps++;
    const sweeper = createSweeperHandler(resolvePorts, quietTelemetry());
    // Known gap (see the last describe block): a step the sweeper records and then fails to send is never
    // retried, so the sweeper's own calls get only the faults it recovers from: before its write, or after its
    // page went out and was marked sent.
    const outcome = await injector.only(SWEEPER_FAULTS, () =>
      injector.invocation(`${time()} sweeper`, () => sweeper()),
    );
    // A failed sweep is simply the next minute's job.
    refiredBySweeper += outcome.value?.refired ?? 0;
  };

  const ack = async (fingerprint: string, attempt = 1): Promise<void> => {
    const outcome = await injector.invocation(`${time()} acknowledge ${fingerprint}`, () =>
      acknowledge(fingerprint, 'team-oncall', ports),
    );
    // The operator's click failed: they click again.
    if (outcome.error !== undefined && attempt < MAX_RECEIVES) {
      enqueue(clock.now() + VISIBILITY_MS, () => ack(fingerprint, attempt + 1));
    }
  };

  for (const step of STREAM) {
    const when = T0 + step.at * 60_000;
    if (step.kind === 'batch') enqueue(when, () => deliver(step.events, 1));
    else enqueue(when, () => ack(step.fingerprint));
  }
  for (let t = T0 + SWEEP_EVERY_MS; t <= END; t += SWEEP_EVERY_MS) enqueue(t, sweep);

  for (;;) {
    let next: Job | undefined;
    for (const job of jobs)
      if (!next || job.at < next.at || (job.at === next.at && job.seq < next.seq)) next = job;
    if (next === undefined) break;
    jobs.splice(jobs.indexOf(next), 1);
    if (next.at > END + 60 * 60_000) throw new Error(`${label}: the simulation does not settle`);
    clock.advanceTo(next.at);
    await next.run();
  }

  // What the outbox still calls pending must be nothing: every recorded delivery went out.
  injector.stop();
  const incidents = new Set([...boundary.published.keys()].map((id) => id.split('/')[0] ?? ''));
  const pendingAfter: string[] = [];
  for (const incidentId of incidents) {
    for (const delivery of await ports.store.pendingDeliveries(incidentId)) pendingAfter.push(delivery.id);
    for (const event of await ports.store.pendingEvents(incidentId)) pendingAfter.push(event.id);
  }
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  client.destroy();
  return {
    label,
    injected: injector.injected,
    crashes: injector.crashes,
    log: injector.log,
    calls: { ...injector.calls },
    published: boundary.published,
    events: boundary.events,
    pendingAfter,
    sqsDeadLetters,
    schedulerDeadLetters,
    refiredBySweeper,
    sweeps,
    skippedSweeps,
    redeliveries,
    ms: performance.now() - started,
  };
};

// ---------------------------------------------------------------------------------------------------------
// Comparing a run with the clean one

const CRASHES: ReadonlySet<FaultKind> = new Set([
  'crash-after-write',
  'crash-before-publish',
  'crash-after-publish',
]);

type Comparison = {
  /** Deliveries the clean run sent and this one never did. */
  readonly lost: readonly string[];
  /** Deliveries this run sent and the clean run did not (the stream is timed so that faults cannot cause any). */
  readonly unexpected: readonly string[];
  /** Publishes beyond the first, over all deliveries. */
  readonly duplicates: number;
  /** Most publishes of one delivery. */
  readonly maxPerDelivery: number;
  /**
   * What the duplicates may be: one per fault of a call (per entry of a failed mark), and for a crash, every delivery the dying Lambda had
   * published and not yet marked sent (it publishes a record's deliveries, and a batch's records, in parallel).
   */
  readonly budget: number;
  readonly crashDuplicateBudget: number;
  /** Lifecycle events the clean run put and this one never did; those this run put that the clean one did not. */
  readonly lostEvents: readonly string[];
  readonly unexpectedEvents: readonly string[];
  /** Puts of a lifecycle event beyond the first, over all events. */
  readonly eventDuplicates: number;
};

/** The duplicates some faults may cause together. */
const weightOf = (faults: readonly Injected[]): number =>
  faults.reduce((sum, fault) => sum + fault.weight, 0);

const compare = (clean: RunResult, run: RunResult): Comparison => {
  const lost = [...clean.published.keys()].filter((id) => !run.published.has(id));
  const unexpected = [...run.published.keys()].filter((id) => !clean.published.has(id));
  let duplicates = 0;
  let maxPerDelivery = 0;
  for (const count of run.published.values()) {
    duplicates += count - 1;
    maxPerDelivery = Math.max(maxPerDelivery, count);
  }
  const callFaults = weightOf(run.injected.filter(({ kind }) => !CRASHES.has(kind)));
  const crashDuplicateBudget = run.crashes.reduce(
    (sum, crash) => sum + Math.max(1, crash.unmarked.length),
    0,
  );
  let eventDuplicates = 0;
  for (const count of run.events.values()) eventDuplicates += count - 1;
  return {
    lostEvents: [...clean.events.keys()].filter((id) => !run.events.has(id)),
    unexpectedEvents: [...run.events.keys()].filter((id) => !clean.events.has(id)),
    eventDuplicates,
    lost,
    unexpected,
    duplicates,
    maxPerDelivery,
    budget: callFaults + crashDuplicateBudget,
    crashDuplicateBudget,
  };
};

const totals = {
  runs: 0,
  faults: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>,
  lost: 0,
  duplicates: 0,
  eventDuplicates: 0,
  budget: 0,
  /** Most duplicates of a run divided by its faults. */
  maxDuplicatesPerFault: 0,
  /** Most deliveries one crash left published and unmarked. */
  maxUnmarkedPerCrash: 0,
  maxPublishesOfOneDelivery: 0,
  refiredBySweeper: 0,
  redeliveries: 0,
  ms: 0,
};

/** Runs the stream under `plan`, checks it against the clean run, adds it to the totals. */
const checkAgainstClean = async (label: string, plan: FaultPlan) => {
  const run = await runStream(label, plan);
  const result = compare(clean, run);
  totals.runs++;
  for (const { kind } of run.injected) totals.faults[kind]++;
  totals.lost += result.lost.length;
  totals.duplicates += result.duplicates;
  totals.budget += result.budget;
  if (run.injected.length > 0) {
    totals.maxDuplicatesPerFault = Math.max(
      totals.maxDuplicatesPerFault,
      result.duplicates / run.injected.length,
    );
  }
  for (const crash of run.crashes) {
    totals.maxUnmarkedPerCrash = Math.max(totals.maxUnmarkedPerCrash, crash.unmarked.length);
  }
  totals.maxPublishesOfOneDelivery = Math.max(totals.maxPublishesOfOneDelivery, result.maxPerDelivery);
  totals.refiredBySweeper += run.refiredBySweeper;
  totals.redeliveries += run.redeliveries;
  totals.ms += run.ms;

  const duplicated = [...run.published].filter(([, count]) => count > 1).map(([id]) => id);
  const context =
    `${label}: ${run.injected.length} faults, ${result.duplicates} duplicates ${JSON.stringify(duplicated)} ` +
    `(budget ${result.budget}). Timeline:\n${run.log.join('\n')}\n`;
  if (process.env.FAULT_DEBUG) console.info(context);
  expect(result.lost, `${context}lost notifications`).toEqual([]);
  // Lifecycle events go through the same outbox: none lost, and a second put only when what EventBridge took was
  // not marked sent: the Lambda died, or the mark itself failed (a fault of an outbox `UpdateItem`), exactly as
  // for a notification whose mark failed. Consumers dedup on the event id.
  const markFaults = weightOf(run.injected.filter(({ operation }) => operation === 'UpdateItem'));
  expect(result.lostEvents, `${context}lost lifecycle events`).toEqual([]);
  expect(result.unexpectedEvents, `${context}lifecycle events the clean run never put`).toEqual([]);
  expect(result.eventDuplicates, `${context}duplicate lifecycle events`).toBeLessThanOrEqual(
    run.crashes.length + markFaults,
  );
  totals.eventDuplicates += result.eventDuplicates;
  expect(run.pendingAfter, `${context}deliveries still pending in the outbox`).toEqual([]);
  expect(result.unexpected, `${context}notifications the clean run never sent`).toEqual([]);
  expect(result.duplicates, `${context}duplicates`).toBeLessThanOrEqual(result.budget);
  // Faults of calls alone: at most one duplicate each, or for a failed mark one per entry it marked.
  if (run.crashes.length === 0) expect(result.duplicates).toBeLessThanOrEqual(weightOf(run.injected));
  expect(run.sqsDeadLetters, `${context}SQS dead letters`).toBe(0);
  expect(run.schedulerDeadLetters, `${context}Scheduler dead letters`).toBe(0);
  return { run, result };
};

let clean: RunResult;

describe('fault injection: DynamoDB Local, SNS and Scheduler boundaries, SQS and Scheduler redelivery', () => {
  beforeAll(async () => {
    endpoint = (await connectDynamoLocal()).endpoint;
    installMocks();
    clean = await runStream('clean', noFaults);
  }, DYNAMO_LOCAL_STARTUP_MS + 30_000);

  afterAll(() => {
    sns.restore();
    scheduler.restore();
    eventbridge.restore();
    const faults = Object.values(totals.faults).reduce((a, b) => a + b, 0);
    console.info(
      `fault injection: ${totals.runs} faulty runs of ${clean.published.size} notifications ` +
        `(clean run ${Math.round(clean.ms)} ms, calls ${JSON.stringify(clean.calls)}); ` +
        `${faults} faults injected ${JSON.stringify(totals.faults)}; lost ${totals.lost}; ` +
        `lifecycle events ${clean.events.size} (duplicates ${totals.eventDuplicates}); ` +
        `duplicates ${totals.duplicates} (budget ${totals.budget}; at most ` +
        `${totals.maxDuplicatesPerFault.toFixed(2)} per fault in a run, ${totals.maxPublishesOfOneDelivery} ` +
        `publishes of one delivery, ${totals.maxUnmarkedPerCrash} unmarked deliveries in one crash); ` +
        `${totals.redeliveries} SQS redeliveries; ${totals.refiredBySweeper} steps re-fired by the sweeper; ` +
        `${Math.round(totals.ms)} ms of run time (summed; random runs overlap)`,
    );
  });

  it('the clean run sends every trigger, update, escalation and resolve once, and leaves nothing pending', () => {
    expect(clean.injected).toEqual([]);
    // Every incident that paged opened, escalated and resolved on the bus, each event once.
    expect([...clean.events.values()].every((count) => count === 1)).toBe(true);
    const detailTypes = new Set([...clean.events.keys()].map((id) => id.split('/')[1]?.[0]));
    expect(clean.events.size).toBeGreaterThan(5);
    expect(detailTypes).toEqual(new Set(['E']));
    expect([...clean.published.values()].every((count) => count === 1)).toBe(true);
    expect(clean.pendingAfter).toEqual([]);
    expect(clean.refiredBySweeper).toBe(0);
    const kinds = [...clean.published.keys()].map((id) => id.split('/')[1]);
    expect(new Set(kinds)).toEqual(new Set(EXAMPLE_RECEIVERS));
    expect(clean.published.size).toBeGreaterThan(35);
  });

  const TABLE: readonly { name: string; plan: Partial<Record<Operation, Record<number, FaultKind>>> }[] = [
    {
      name: 'DynamoDB throttles reads and writes (all three shapes)',
      plan: {
        GetItem: { 1: 'dynamodb-throttle', 7: 'dynamodb-throttle' },
        TransactWriteItems: { 2: 'dynamodb-throttle', 5: 'dynamodb-throttle', 9: 'dynamodb-throttle' },
        UpdateItem: { 3: 'dynamodb-throttle' },
      },
    },
    {
      // A publish marks all it sent in one write: when that write fails, the retry sends each of them again.
      name: 'an outbox mark of a whole publish fails: its deliveries, and only those, are sent again',
      plan: { UpdateItem: { 1: 'dynamodb-timeout', 4: 'dynamodb-timeout', 6: 'dynamodb-throttle' } },
    },
    {
      name: 'DynamoDB times out, before the request and after the server committed it',
      plan: {
        GetItem: { 4: 'dynamodb-timeout' },
        TransactWriteItems: { 1: 'dynamodb-timeout-after-write', 6: 'dynamodb-timeout' },
        UpdateItem: { 2: 'dynamodb-timeout-after-write', 8: 'dynamodb-timeout' },
        QueryOutbox: { 1: 'dynamodb-timeout' },
      },
    },
    {
      name: 'the Lambda dies after the store write, before any publish (route and escalate)',
      plan: {
        TransactWriteItems: { 1: 'crash-after-write', 8: 'crash-after-write', 11: 'crash-after-write' },
      },
    },
    {
      name: 'SNS throttles and fails with 5xx',
      plan: { Publish: { 1: 'sns-throttle', 4: 'sns-5xx', 12: 'sns-throttle', 20: 'sns-5xx' } },
    },
    {
      name: 'the notifier dies just before or right after a Publish, or SNS times out after accepting it',
      plan: {
        Publish: {
          2: 'crash-before-publish',
          6: 'crash-after-publish',
          15: 'sns-timeout-after-publish',
          18: 'crash-before-publish',
        },
      },
    },
    {
      name: 'EventBridge throttles a PutEvents call and refuses entries of others (partial failures)',
      plan: { PutEvents: { 1: 'eventbridge-throttle', 2: 'eventbridge-partial', 5: 'eventbridge-partial' } },
    },
    {
      name: 'Scheduler throttles CreateSchedule and DeleteSchedule',
      plan: {
        CreateSchedule: { 1: 'scheduler-throttle', 3: 'scheduler-throttle' },
        DeleteSchedule: { 1: 'scheduler-throttle' },
      },
    },
  ];

  for (const { name, plan } of TABLE) {
    it(name, async () => {
      const { run } = await checkAgainstClean(name, faultsAt(plan));
      expect(run.injected.length).toBe(Object.values(plan).flatMap((calls) => Object.keys(calls)).length);
    }, 30_000);
  }

  it('a lost schedule: the sweeper pages the next level a few minutes late', async () => {
    const { run } = await checkAgainstClean(
      'lost schedules',
      // Calls 1, 3 and 11 are escalation steps (each incident's reminder is scheduled right after its first step).
      faultsAt({ CreateSchedule: { 1: 'schedule-lost', 3: 'schedule-lost', 11: 'schedule-lost' } }),
    );
    expect(run.injected).toHaveLength(3);
    expect(run.refiredBySweeper).toBeGreaterThanOrEqual(3);
  }, 30_000);

  const runs = Number(process.env.FAULT_RUNS ?? 4);
  const RUNS_AT_ONCE = 4;
  const seed = Number(process.env.FAULT_SEED ?? 20261127);
  it(
    `${runs} randomized runs (seed ${seed}; FAULT_RUNS, FAULT_SEED)`,
    async () => {
      // A few runs at a time: each has its own table, clients and faults, and DynamoDB Local serves them all.
      for (let first = 0; first < runs; first += RUNS_AT_ONCE) {
        const batch = Array.from({ length: Math.min(RUNS_AT_ONCE, runs - first) }, (_, i) => first + i);
        await Promise.all(
          batch.map((i) => checkAgainstClean(`random run ${i} (seed ${seed + i})`, randomFaults(seed + i))),
        );
      }
    },
    30_000 + runs * 3_000,
  );
});

/**
 * The smallest reproduction of what the runs above found: an attempt that records its deliveries and then fails
 * to send one leaves it pending in the outbox, and its retry (Scheduler retrying the escalate invocation, an
 * operator clicking resolve again) finds the step already taken: a stale result, which used to send nothing.
 */
describe('a retry whose transition is already recorded sends what its failed attempt left pending', () => {
  /** A notifier whose first `failures` sends are throttled. */
  const throttledOnce = (notifier: Notifier, failures = 1): Notifier => ({
    send: async (notification) => {
      if (failures-- > 0)
        throw new AdapterError('sns: Publish failed: ThrottledException: Rate exceeded', true);
      return notifier.send(notification);
    },
  });

  it('a retried escalation step pages the next level', async () => {
    const h = aHarness();
    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));
    const timer = h.timers.takeDue(Date.parse('2026-11-27T02:00:00Z'));
    if (timer === undefined || timer.kind === 'digest' || timer.kind === 'wake')
      throw new Error('expected an escalation timer');
    h.clock.advanceTo(timer.at);
    const ports = { ...h.ports, notifier: throttledOnce(h.notifier) };

    await expect(escalate(timer, ports)).rejects.toThrow(AdapterError);
    const retry = await escalate(timer, ports);

    expect(retry.result).toBe('stale');
    expect(h.sent()).toEqual(['team-oncall:trigger', 'asp-a:trigger', 'team-lead:escalation']);
    expect(await h.store.pendingDeliveries(timer.incidentId)).toEqual([]);
  });

  it('a retried manual resolve tells everyone', async () => {
    const h = aHarness();
    const [opened] = await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));
    const ports = { ...h.ports, notifier: throttledOnce(h.notifier) };

    await expect(resolve(GUARDDUTY_FINGERPRINT, 'team-oncall', ports)).rejects.toThrow(AdapterError);
    const retry = await resolve(GUARDDUTY_FINGERPRINT, 'team-oncall', ports);

    expect(retry.result).toBe('stale');
    // The retry sends the resolve that failed after the one that went out.
    expect(h.sent()).toEqual([
      'team-oncall:trigger',
      'asp-a:trigger',
      'asp-a:resolve',
      'team-oncall:resolve',
    ]);
    const incidentId = opened?.kind === 'alert' ? (opened.incidentId ?? '') : '';
    expect(await h.store.pendingDeliveries(incidentId)).toEqual([]);
  });
});

/**
 * KNOWN GAP, reported, not fixed here: the sweeper re-fires an overdue step with the live token, records it,
 * and fails to send it (SNS throttled, the Lambda dies). Nothing retries that token: the incident is no longer
 * overdue (its next step is 30 minutes away), Scheduler never had the step, and the next step sends only its own
 * page. The recorded page stays pending in the outbox for good (after the last step, nobody is paged at all). A
 * sweep over old pending deliveries (a sparse index on pending outbox items, like the digest one) would close
 * it. This test pins the gap: when it is closed, it fails; then assert the fix here and drop `SWEEPER_FAULTS`.
 */
describe('a step the sweeper re-fired and failed to send', () => {
  it('is sent by a later sweep (the outbox sweep), not lost until the next step', async () => {
    const h = aHarness();
    const [opened] = await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));
    const incidentId = opened?.kind === 'alert' ? (opened.incidentId ?? '') : '';
    // The schedule of step 1 (due 01:30) is lost.
    expect(h.timers.takeDue(Date.parse('2026-11-27T01:30:00Z'))).toMatchObject({ token: 1 });
    let failures = 1;
    const ports = {
      ...h.ports,
      notifier: {
        send: async (notification: Parameters<Notifier['send']>[0]) => {
          if (failures-- > 0) throw new AdapterError('sns: Publish failed: ThrottledException', true);
          return h.notifier.send(notification);
        },
      },
    };

    h.clock.advanceTo(Date.parse('2026-11-27T01:33:00Z'));
    await expect(sweepOverdue(ports)).rejects.toThrow(AdapterError);
    // The sweeper runs every minute: two minutes after the failed step was due, it sends the page again.
    for (let minute = 34; minute <= 36; minute++) {
      h.clock.advanceTo(Date.parse('2026-11-27T01:00:00Z') + minute * 60_000);
      await sweepOverdue(ports);
    }

    expect(h.notifier.sent().map((n) => n.deliveryId)).toEqual([
      `${incidentId}/team-oncall/1`,
      `${incidentId}/asp-a/1`,
      `${incidentId}/team-lead/1`,
    ]);
    expect(await h.store.pendingDeliveries(incidentId)).toEqual([]);
  });
});
