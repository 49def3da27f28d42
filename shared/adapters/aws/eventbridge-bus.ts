import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import { AdapterError } from '../../errors.js';
import type { LifecycleEvent } from '../../incident.js';
import type { LifecycleBus } from '../../ports.js';
import { sdkError } from './sdk-error.js';

/**
 * The source of every lifecycle event. The hub's ingest rule matches `aws.*` sources only, so none comes back into
 * the router (infra/constructs/ingest-queue.ts); consumers' rules match on it.
 */
const LIFECYCLE_SOURCE = 'alert-router';

/** PutEvents takes at most 10 entries a request. */
const PUT_EVENTS_MAX_ENTRIES = 10;

/**
 * PutEvents: "the total entry size must be less than 256 KB", for the request as a whole (the sum of its entries,
 * measured by {@link entrySize}), not for each entry.
 */
const PUT_EVENTS_MAX_BYTES = 256 * 1024;

/** What ends a title that was shortened to fit. */
const CUT_MARK = '…';

/** What the EventBridge bus needs: a client, and the hub bus. */
type EventBridgeBusOptions = {
  readonly client: EventBridgeClient;
  /** Name or ARN of the hub bus (`EVENT_BUS_NAME`). */
  readonly eventBusName: string;
};

/**
 * The `LifecycleBus` port on EventBridge PutEvents (DESIGN §11): source `alert-router`, the detail-type, and the
 * lifecycle detail as the event's `detail`.
 *
 * Requests hold at most 10 entries and stay under 256 KB together, in the order given. EventBridge accepts a request
 * entry by entry: the ids of the entries it refused (throttled, internal failure) come back as `failed` and stay
 * pending in the outbox, so the retry puts only those again. An entry counts as accepted only when the answer says
 * so (an `EventId` and no `ErrorCode` at its position): an answer that does not account for an entry is no proof.
 *
 * Limits are met here, never by failing: a detail is a few hundred bytes of bounded fields, but its title comes from
 * the finding, so a title that would not fit is shortened (ending in `…`).
 *
 * Failures: a request that fails as a whole is an {@link AdapterError} with the SDK error as `cause`, retryable for
 * throttling, server faults and timeouts, not for validation or authorization. Events of earlier requests of the same
 * call were put then and are put again by the retry: consumers dedup on `detail.eventId`.
 *
 * @example
 * ```ts
 * const bus = createEventBridgeBus({ client: new EventBridgeClient({}), eventBusName: 'alert-router-hub' });
 * const { failed } = await bus.put(events);
 * ```
 */
const createEventBridgeBus = ({ client, eventBusName }: EventBridgeBusOptions): LifecycleBus => ({
  put: async (events) => {
    const failed: string[] = [];
    const entries = events.map((event) => ({ event, entry: entryOf(event, eventBusName) }));
    for (const batch of batches(entries)) {
      let response: PutEventsCommandOutput;
      try {
        response = await client.send(new PutEventsCommand({ Entries: batch.map(({ entry }) => entry) }));
      } catch (error) {
        throw sdkError(
          `eventbridge: PutEvents of ${batch.length} lifecycle events to ${eventBusName} failed`,
          error,
        );
      }
      // The answer lists the entries in request order.
      batch.forEach(({ event }, i) => {
        if (!accepted(response.Entries?.[i])) failed.push(event.id);
      });
    }
    return { failed };
  },
});

/** An answer entry that proves delivery: an event id, and no error code. @internal */
const accepted = (result: PutEventsResultEntry | undefined): boolean =>
  result !== undefined && !result.ErrorCode && typeof result.EventId === 'string' && result.EventId !== '';

/**
 * The entries in requests of at most 10 whose sizes add up to less than 256 KB, keeping their order.
 * @internal
 */
const batches = <T extends { readonly entry: PutEventsRequestEntry }>(entries: readonly T[]): T[][] => {
  const result: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of entries) {
    const size = entrySize(item.entry);
    if (current.length === PUT_EVENTS_MAX_ENTRIES || bytes + size >= PUT_EVENTS_MAX_BYTES) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
};

/**
 * One PutEvents entry: the detail of DESIGN §11 as JSON, `Time` the time of the transition. A detail too large for a
 * request of its own gets a shorter title.
 * @internal
 */
const entryOf = (event: LifecycleEvent, eventBusName: string): PutEventsRequestEntry => {
  const entry = (title: string): PutEventsRequestEntry => ({
    EventBusName: eventBusName,
    Source: LIFECYCLE_SOURCE,
    DetailType: event.detailType,
    Detail: JSON.stringify({ ...event.detail, title }),
    Time: new Date(event.at),
  });
  const full = entry(event.detail.title);
  if (entrySize(full) < PUT_EVENTS_MAX_BYTES) return full;
  const chars = [...event.detail.title];
  const cut = (length: number) => entry(`${chars.slice(0, length).join('')}${CUT_MARK}`);
  if (entrySize(cut(0)) >= PUT_EVENTS_MAX_BYTES) {
    // Every other field is bounded by the config: this would be a bug, never event text.
    throw new AdapterError(`eventbridge: lifecycle event ${event.id} is too large for PutEvents`, false);
  }
  // The longest head of the title that fits, in characters (a character is never split).
  let low = 0;
  let high = chars.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (entrySize(cut(middle)) < PUT_EVENTS_MAX_BYTES) low = middle;
    else high = middle - 1;
  }
  return cut(low);
};

/**
 * An entry's size as EventBridge counts it against the request limit: 14 bytes for `Time`, then the UTF-8 bytes of
 * `Source`, `DetailType`, `Detail` and each of `Resources` (the bus name does not count).
 */
const entrySize = (entry: PutEventsRequestEntry): number =>
  (entry.Time === undefined ? 0 : 14) +
  bytes(entry.Source) +
  bytes(entry.DetailType) +
  bytes(entry.Detail) +
  (entry.Resources ?? []).reduce((sum, resource) => sum + bytes(resource), 0);

const bytes = (text: string | undefined): number =>
  text === undefined ? 0 : Buffer.byteLength(text, 'utf8');

export { createEventBridgeBus, entryOf, entrySize, LIFECYCLE_SOURCE, PUT_EVENTS_MAX_BYTES };
export type { EventBridgeBusOptions };
