import {
  AccessDeniedException,
  EventBridgeClient,
  EventBridgeServiceException,
  InternalException,
  PutEventsCommand,
  type PutEventsCommandInput,
  type PutEventsRequestEntry,
  ThrottlingException,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createEventBridgeBus,
  entrySize,
  LIFECYCLE_SOURCE,
  PUT_EVENTS_MAX_BYTES,
} from '../../../shared/adapters/aws/eventbridge-bus.js';
import { lifecycleEvents } from '../../../shared/engine/lifecycle.js';
import { AdapterError } from '../../../shared/errors.js';
import type { LifecycleEvent } from '../../../shared/incident.js';
import { putEvents } from '../../../shared/pipeline/apply.js';
import { aConfig } from '../../helpers/config.js';
import { aDelivery, anIncident } from '../../helpers/incidents.js';

// The EventBridge side of the lifecycle events (DESIGN §11): what the adapter asks of PutEvents, and how it reads
// the answer. EventBridge accepts a request entry by entry, so what matters is which ids come back as `failed`.

const BUS = 'alert-router-hub';
const NOW = Date.parse('2026-11-27T01:00:00.000Z');
const config = aConfig();

/** The `Incident Opened` the engine derives for a new HIGH GuardDuty incident of aoba-juki-prod (asp-a). */
const opened = (): LifecycleEvent => {
  const { events } = lifecycleEvents(undefined, anIncident(), [aDelivery()], config, NOW);
  const [event] = events;
  if (event === undefined || events.length !== 1) throw new Error('expected one Incident Opened');
  return event;
};

/** `count` distinct events: copies of the real one with their own ids (the adapter reads nothing else). */
const manyEvents = (count: number, title?: string): LifecycleEvent[] =>
  Array.from({ length: count }, (_, i) => {
    const event = opened();
    const id = `${event.incidentId}/E${i + 1}/asp-a`;
    return {
      ...event,
      id,
      detail: { ...event.detail, eventId: id, ...(title === undefined ? {} : { title }) },
    };
  });

const eventbridge = mockClient(EventBridgeClient);
const bus = () => createEventBridgeBus({ client: new EventBridgeClient({}), eventBusName: BUS });

/** Every PutEvents request sent, in order. */
const requests = (): PutEventsCommandInput[] =>
  eventbridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input);

/** A service answer: every entry accepted but those whose index is in `refused` (with that error code). */
const answer = (entries: readonly PutEventsRequestEntry[], refused: Record<number, string> = {}) => ({
  FailedEntryCount: Object.keys(refused).length,
  Entries: entries.map((_, i) =>
    refused[i] === undefined
      ? { EventId: `eb-${i}` }
      : { ErrorCode: refused[i], ErrorMessage: `entry ${i}: ${refused[i]}` },
  ),
});

beforeEach(() => {
  eventbridge.reset();
  eventbridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => answer(input.Entries ?? []));
});
afterEach(() => eventbridge.reset());

describe('the PutEvents entry of a lifecycle event', () => {
  it('puts source alert-router, the detail-type, the detail as JSON, on the hub bus, at the decision time', async () => {
    const event = opened();

    const { failed } = await bus().put([event]);

    expect(failed).toEqual([]);
    const [request, ...more] = requests();
    expect(more).toEqual([]);
    expect(request?.Entries).toHaveLength(1);
    const entry = request?.Entries?.[0] as PutEventsRequestEntry;
    expect(entry).toMatchObject({
      EventBusName: BUS,
      Source: 'alert-router',
      DetailType: 'Incident Opened',
      Time: new Date(NOW),
    });
    expect(LIFECYCLE_SOURCE).toBe('alert-router');
    expect(JSON.parse(entry.Detail as string)).toEqual(event.detail);
    expect(JSON.parse(entry.Detail as string)).toMatchObject({
      eventId: event.id,
      incidentId: event.incidentId,
      asp: 'asp-a',
      accountId: '111111111111',
      severity: 'HIGH',
      status: 'open',
    });
  });

  it('sends nothing for no events', async () => {
    expect(await bus().put([])).toEqual({ failed: [] });
    expect(requests()).toEqual([]);
  });
});

describe('batches', () => {
  it.each([
    [1, [1]],
    [10, [10]],
    [11, [10, 1]],
    [23, [10, 10, 3]],
  ])('puts %i events in requests of at most 10 entries, in order: %j', async (count, sizes) => {
    const events = manyEvents(count);

    expect(await bus().put(events)).toEqual({ failed: [] });

    expect(requests().map((request) => request.Entries?.length)).toEqual(sizes);
    expect(requests().flatMap((r) => r.Entries?.map((e) => JSON.parse(e.Detail as string).eventId))).toEqual(
      events.map((event) => event.id),
    );
  });

  it('keeps every request under the 256 KB PutEvents limit (the sum of its entries), splitting before 10', async () => {
    // 40 KB titles: ten entries would be 400 KB, over the limit for the request as a whole.
    const events = manyEvents(10, 'x'.repeat(40_000));

    expect(await bus().put(events)).toEqual({ failed: [] });

    const sizes = requests().map((request) =>
      (request.Entries ?? []).reduce((sum, entry) => sum + entrySize(entry), 0),
    );
    expect(sizes.length).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toBeLessThan(PUT_EVENTS_MAX_BYTES);
    expect(requests().flatMap((request) => request.Entries ?? [])).toHaveLength(10);
  });

  it('shortens an oversized title to fit one entry instead of failing the event for ever', async () => {
    const [event] = manyEvents(1, '長'.repeat(200_000)) as [LifecycleEvent];

    expect(await bus().put([event])).toEqual({ failed: [] });

    const entry = requests()[0]?.Entries?.[0] as PutEventsRequestEntry;
    expect(entrySize(entry)).toBeLessThan(PUT_EVENTS_MAX_BYTES);
    const detail = JSON.parse(entry.Detail as string);
    expect(detail.title.startsWith('長長長')).toBe(true);
    expect(detail.title.endsWith('…')).toBe(true);
    expect({ ...detail, title: event.detail.title }).toEqual(event.detail);
  });
});

describe('partial failures', () => {
  it('returns as failed exactly the entries EventBridge refused, across batches', async () => {
    const events = manyEvents(12);
    eventbridge
      .on(PutEventsCommand)
      .callsFakeOnce((input: PutEventsCommandInput) =>
        answer(input.Entries ?? [], { 2: 'ThrottlingException', 7: 'InternalFailure' }),
      )
      .callsFakeOnce((input: PutEventsCommandInput) => answer(input.Entries ?? [], { 1: 'InternalFailure' }));

    const { failed } = await bus().put(events);

    expect(failed).toEqual([events[2]?.id, events[7]?.id, events[11]?.id]);
  });

  it('never takes an entry the answer does not account for as accepted', async () => {
    // The service answers every entry in request order; an answer that does not is no proof of delivery.
    const events = manyEvents(3);
    eventbridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: 'eb-0' }] })
      .resolvesOnce({ FailedEntryCount: 0 });

    expect((await bus().put(events)).failed).toEqual([events[1]?.id, events[2]?.id]);
    expect((await bus().put(events)).failed).toEqual(events.map((event) => event.id));
  });

  it('leaves the refused events pending in the outbox and marks the others sent (putEvents)', async () => {
    const events = manyEvents(3);
    eventbridge
      .on(PutEventsCommand)
      .callsFakeOnce((input: PutEventsCommandInput) =>
        answer(input.Entries ?? [], { 1: 'ThrottlingException' }),
      );
    const marks: string[][] = [];
    const store = {
      markSent: async (entries: readonly { id: string }[]) =>
        void marks.push(entries.map((entry) => entry.id)),
    };

    const attempt = putEvents(events, { bus: bus(), store } as never);

    await expect(attempt).rejects.toMatchObject({ name: 'AdapterError', retryable: true });
    // The accepted ones, in one call.
    expect(marks).toEqual([[events[0]?.id, events[2]?.id]]);
  });
});

describe('a failed request', () => {
  const serviceError = (name: string, status: number, fault: 'client' | 'server') =>
    new EventBridgeServiceException({
      name,
      $fault: fault,
      message: `${name} (test)`,
      $metadata: { httpStatusCode: status },
    });

  it.each([
    [
      'throttled',
      () => new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }),
    ],
    [
      'an internal error (500)',
      () => new InternalException({ message: 'oops', $metadata: { httpStatusCode: 500 } }),
    ],
    ['unavailable (503)', () => serviceError('ServiceUnavailable', 503, 'server')],
  ])('is a retryable AdapterError when %s', async (_, error) => {
    eventbridge.on(PutEventsCommand).rejects(error());

    const attempt = bus().put(manyEvents(2));

    await expect(attempt).rejects.toBeInstanceOf(AdapterError);
    await expect(attempt).rejects.toMatchObject({ retryable: true });
    await expect(attempt).rejects.toThrow(
      /eventbridge: PutEvents of 2 lifecycle events to alert-router-hub failed/,
    );
  });

  it.each([
    ['a validation error', () => serviceError('ValidationException', 400, 'client')],
    ['access denied', () => new AccessDeniedException({ message: 'no', $metadata: { httpStatusCode: 400 } })],
  ])('is not retryable on %s', async (_, error) => {
    eventbridge.on(PutEventsCommand).rejects(error());

    const attempt = bus().put(manyEvents(1));

    await expect(attempt).rejects.toBeInstanceOf(AdapterError);
    await expect(attempt).rejects.toMatchObject({ retryable: false });
  });

  it('keeps the SDK error as the cause and names no detail in the message', async () => {
    const error = serviceError('ValidationException', 400, 'client');
    eventbridge.on(PutEventsCommand).rejects(error);

    const caught = await bus()
      .put(manyEvents(1, 'secret-looking title'))
      .catch((e: unknown) => e);

    expect((caught as AdapterError).cause).toBe(error);
    expect((caught as AdapterError).message).not.toContain('secret-looking title');
  });
});
