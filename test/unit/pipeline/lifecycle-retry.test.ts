import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventBridgeBus } from '../../../shared/adapters/aws/eventbridge-bus.js';
import { routeEvent } from '../../../shared/pipeline/route-event.js';
import type { LifecycleBus } from '../../../shared/ports.js';
import { aHarness } from '../../helpers/harness.js';
import { aRefusingBus } from '../../helpers/refusing-bus.js';
import { anOutageCopy } from '../../helpers/story-events.js';

// DESIGN §11, issue 12 §3: lifecycle events leave through the outbox. When the bus refuses some entries of a put,
// exactly those stay pending; the retry (SQS redelivers the same event, which is a duplicate) puts only those.

const ASP_B_ACCOUNT = '222222222222';
const ASP_A_ACCOUNT = '111111111111';
const INCIDENT = 'INC-9b97c1b729a3-1';

/** A Tokyo outage reaching an ASP B account, then an ASP A account: the second copy emits one event per ASP. */
const outage = (bus: LifecycleBus) => {
  const h = aHarness();
  const ports = { ...h.ports, bus };
  const deliver = (event: unknown) => {
    h.clock.advanceTo(Date.parse((event as { time: string }).time));
    return routeEvent(event, ports);
  };
  return {
    h,
    deliver,
    copyFromB: anOutageCopy(ASP_B_ACCOUNT, '2026-11-27T00:05:00Z'),
    copyFromA: anOutageCopy(ASP_A_ACCOUNT, '2026-11-27T00:10:00Z'),
    pending: async () => (await h.store.pendingEvents(INCIDENT)).map((event) => event.id),
  };
};

describe('a partially failed put of lifecycle events', () => {
  it('leaves exactly the refused events pending, and the redelivery puts only those', async () => {
    const fake = aRefusingBus();
    const { h, deliver, copyFromB, copyFromA, pending } = outage(fake.bus);
    await deliver(copyFromB);
    fake.refuse((event) => event.detail.asp === 'asp-a');

    await expect(deliver(copyFromA)).rejects.toMatchObject({ name: 'AdapterError', retryable: true });

    expect(fake.puts().at(-1)).toEqual([`${INCIDENT}/E2/asp-b`, `${INCIDENT}/E2/asp-a`]);
    expect(await pending()).toEqual([`${INCIDENT}/E2/asp-a`]);
    const sentBefore = h.sent();

    // SQS redelivers the same event while the bus still refuses: only the pending one is put, and it stays pending.
    await expect(deliver(copyFromA)).rejects.toMatchObject({ retryable: true });
    expect(fake.puts().at(-1)).toEqual([`${INCIDENT}/E2/asp-a`]);
    expect(await pending()).toEqual([`${INCIDENT}/E2/asp-a`]);

    // The bus recovers: the next redelivery (a duplicate) puts that one event and nothing else.
    fake.recover();
    await deliver(copyFromA);
    expect(fake.puts().at(-1)).toEqual([`${INCIDENT}/E2/asp-a`]);
    expect(await pending()).toEqual([]);
    expect(fake.accepted().map((event) => `${event.id} ${event.detailType}`)).toEqual([
      `${INCIDENT}/E1/asp-b Incident Opened`,
      `${INCIDENT}/E2/asp-b Incident Updated`,
      `${INCIDENT}/E2/asp-a Incident Opened`,
    ]);
    // No page twice, and nothing more to put on a further redelivery.
    expect(h.sent()).toEqual(sentBefore);
    const puts = fake.puts().length;
    await deliver(copyFromA);
    expect(fake.puts()).toHaveLength(puts);
  });

  describe('through the EventBridge adapter (per-entry ErrorCode)', () => {
    const eventbridge = mockClient(EventBridgeClient);
    afterEach(() => eventbridge.reset());

    it('retries only the entries PutEvents refused', async () => {
      const asps = (input: PutEventsCommandInput) =>
        (input.Entries ?? []).map((entry) => JSON.parse(entry.Detail as string).asp as string);
      eventbridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
        const refused = asps(input).map((asp) => asp === 'asp-a');
        return {
          FailedEntryCount: refused.filter(Boolean).length,
          Entries: refused.map((no, i) =>
            no ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : { EventId: `e-${i}` },
          ),
        };
      });
      const bus = createEventBridgeBus({
        client: new EventBridgeClient({}),
        eventBusName: 'alert-router-hub',
      });
      const { deliver, copyFromB, copyFromA, pending } = outage(bus);
      await deliver(copyFromB);

      await expect(deliver(copyFromA)).rejects.toMatchObject({ retryable: true });
      expect(await pending()).toEqual([`${INCIDENT}/E2/asp-a`]);

      eventbridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({
        FailedEntryCount: 0,
        Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `e-${i}` })),
      }));
      await deliver(copyFromA);

      const calls = eventbridge.commandCalls(PutEventsCommand).map((call) => asps(call.args[0].input));
      expect(calls).toEqual([['asp-b'], ['asp-b', 'asp-a'], ['asp-a']]);
      expect(await pending()).toEqual([]);
    });
  });
});
