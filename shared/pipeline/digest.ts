import type { Delivery, DigestGroup } from '../incident.js';
import type { DigestTimer, Notification, Ports } from '../ports.js';
import { renderDigest } from '../render/digest.js';
import { onTransport, throwIfAnyFailed } from './publish.js';
import { retryOnConflict } from './record.js';

/** Schedule names are short and Scheduler-safe: a hash of the group and the due second. */
const digestTimerName = (key: string, at: number): string => {
  let hash = 2166136261;
  for (const char of key) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 16777619) >>> 0;
  return `DIGEST-${hash.toString(16).padStart(8, '0')}-${Math.floor(at / 1000)}`;
};

/**
 * A grouped delivery was recorded: make sure the group's next digest is scheduled. The first digest of a quiet
 * group waits `grouping.wait` (30 s) so a burst lands in one message; after a digest, the next waits until
 * `grouping.interval` (5 min) has passed. If one is already scheduled, the delivery simply joins it.
 */
export const scheduleDigest = (key: string, ports: Ports): Promise<number | undefined> =>
  retryOnConflict(`digest group ${key}`, async () => {
    const { wait, interval } = ports.config.grouping;
    const group = await ports.store.getGroup(key);
    if (group?.flushAt !== undefined) return undefined;
    const flushAt = Math.max(
      ports.clock.now() + wait,
      (group?.lastFlushAt ?? Number.NEGATIVE_INFINITY) + interval,
    );
    const next: DigestGroup = {
      key,
      revision: (group?.revision ?? 0) + 1,
      lastFlushAt: group?.lastFlushAt,
      flushAt,
    };
    if ((await ports.store.saveGroup(next, group?.revision ?? 0)) === 'conflict') return 'conflict';
    await ports.timers.schedule({
      kind: 'digest',
      name: digestTimerName(key, flushAt),
      group: key,
      at: flushAt,
    });
    return flushAt;
  });

/**
 * A digest timer fired (or the sweeper found it overdue): claim the group's due digest, then send one message per
 * transport (the topic, each webhook) listing everything waiting in the group, and mark what went out sent in one
 * call; a failed transport's deliveries stay pending (the timer's retry or the outbox sweep sends them alone). Fenced by the due time: a timer whose time is
 * no longer the group's does nothing, and a retry of a claimed digest re-sends only what is still pending.
 */
export const flushDigest = (
  timer: Pick<DigestTimer, 'group' | 'at'>,
  ports: Ports,
): Promise<{
  readonly result: 'sent' | 'empty' | 'stale';
  readonly notifications: readonly Notification[];
}> =>
  retryOnConflict(`digest group ${timer.group}`, async () => {
    const group = await ports.store.getGroup(timer.group);
    const claimedBefore = group?.flushAt === undefined && group?.lastFlushAt === timer.at;
    if (group === undefined || (group.flushAt !== timer.at && !claimedBefore))
      return { result: 'stale' as const, notifications: [] };
    if (!claimedBefore) {
      const claimed: DigestGroup = {
        ...group,
        revision: group.revision + 1,
        lastFlushAt: timer.at,
        flushAt: undefined,
      };
      if ((await ports.store.saveGroup(claimed, group.revision)) === 'conflict') return 'conflict';
    }
    const pending = await ports.store.pendingInGroup(timer.group);
    if (pending.length === 0) return { result: 'empty' as const, notifications: [] };
    const now = ports.clock.now();
    const parts = byTransport(pending).map((deliveries, i) => ({
      deliveries,
      digest: digestOn(renderDigest(timer.group, deliveries, now, ports.config), deliveries, i),
    }));
    const results = await Promise.allSettled(parts.map((part) => ports.notifier.send(part.digest)));
    const sent = parts.filter((_, i) => results[i]?.status === 'fulfilled');
    if (sent.length > 0) await ports.store.markSent(sent.flatMap((part) => part.deliveries));
    throwIfAnyFailed(results, `digests of group ${timer.group}`);
    return { result: 'sent' as const, notifications: parts.map((part) => part.digest) };
  });

/**
 * A group's pending deliveries split by transport (DESIGN §13): the topic's (email, SMS, chatbot) and each webhook's
 * own, in first-seen order, so each channel gets one digest and a failed webhook's deliveries stay pending alone.
 */
const byTransport = (pending: readonly Delivery[]): Delivery[][] => {
  const parts = new Map<string, Delivery[]>();
  for (const delivery of pending) {
    const key = delivery.channel === undefined ? '' : `${delivery.channel}|${delivery.secret ?? ''}`;
    parts.set(key, [...(parts.get(key) ?? []), delivery]);
  }
  return [...parts.values()];
};

/** The digest on its part's transport; a webhook digest's id gets `~<channel>-<part>` (the topic's is unchanged). */
const digestOn = (digest: Notification, deliveries: readonly Delivery[], part: number): Notification => {
  const first = deliveries[0];
  if (first?.channel === undefined) return digest;
  return onTransport({ ...digest, deliveryId: `${digest.deliveryId}~${first.channel}-${part}` }, first);
};
