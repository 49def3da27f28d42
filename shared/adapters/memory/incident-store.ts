import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type Delivery, type DigestGroup, type Incident, nextDueAt } from '../../incident.js';
import type { IncidentStore } from '../../ports.js';

/** The in-memory store, plus what tests and the replay summary read back. */
export type MemoryIncidentStore = IncidentStore & {
  readonly incidents: () => readonly Incident[];
  readonly deliveries: () => readonly Delivery[];
};

type Snapshot = { incidents: Incident[]; deliveries: Delivery[]; groups?: DigestGroup[] };

/**
 * The embedded `IncidentStore`: the same conditional-write contract as DynamoDB (revision check, incident and
 * outbox written together), held in maps. With `file`, state is loaded from and saved to a JSON file after every
 * write, so consecutive local replays continue one history.
 */
export const createMemoryIncidentStore = (options: { file?: string } = {}): MemoryIncidentStore => {
  const incidents = new Map<string, Incident>();
  const outbox = new Map<string, Delivery>();
  const groups = new Map<string, DigestGroup>();
  // Delivery ids per incident and per digest group, in outbox order: the outbox only grows, and scanning all of
  // it for one incident made a long replay quadratic.
  const byIncident = new Map<string, string[]>();
  const byGroup = new Map<string, string[]>();
  const record = (delivery: Delivery): void => {
    outbox.set(delivery.id, delivery);
    const ofIncident = byIncident.get(delivery.incidentId);
    if (ofIncident === undefined) byIncident.set(delivery.incidentId, [delivery.id]);
    else ofIncident.push(delivery.id);
    if (delivery.group === undefined) return;
    const ofGroup = byGroup.get(delivery.group);
    if (ofGroup === undefined) byGroup.set(delivery.group, [delivery.id]);
    else ofGroup.push(delivery.id);
  };
  const pendingAmong = (ids: readonly string[] | undefined): Delivery[] =>
    (ids ?? []).flatMap((id) => {
      const delivery = outbox.get(id);
      return delivery !== undefined && delivery.status === 'pending' ? [delivery] : [];
    });
  if (options.file !== undefined && existsSync(options.file)) {
    const snapshot = JSON.parse(readFileSync(options.file, 'utf8')) as Snapshot;
    for (const incident of snapshot.incidents) incidents.set(incident.fingerprint, incident);
    for (const delivery of snapshot.deliveries) {
      if (outbox.has(delivery.id)) outbox.set(delivery.id, delivery);
      else record(delivery);
    }
    for (const group of snapshot.groups ?? []) groups.set(group.key, group);
  }
  const persist = (): void => {
    if (options.file === undefined) return;
    const snapshot: Snapshot = {
      incidents: [...incidents.values()],
      deliveries: [...outbox.values()],
      groups: [...groups.values()],
    };
    writeFileSync(options.file, `${JSON.stringify(snapshot, null, 2)}\n`);
  };

  return {
    get: async (fingerprint) => incidents.get(fingerprint),
    findById: async (incidentId) => [...incidents.values()].find((incident) => incident.id === incidentId),
    dueEscalations: async (before, limit) =>
      [...incidents.values()]
        .filter((incident) => (nextDueAt(incident) ?? Number.POSITIVE_INFINITY) <= before)
        .sort((a, b) => (nextDueAt(a) ?? 0) - (nextDueAt(b) ?? 0))
        .slice(0, limit),
    save: async (incident, expectedRevision, deliveries) => {
      const stored = incidents.get(incident.fingerprint);
      if ((stored?.revision ?? 0) !== expectedRevision) return 'conflict';
      incidents.set(incident.fingerprint, incident);
      // A delivery id is deterministic: recording it again must not reset a `sent` mark.
      for (const delivery of deliveries) if (!outbox.has(delivery.id)) record(delivery);
      persist();
      return 'saved';
    },
    pendingDeliveries: async (incidentId) => pendingAmong(byIncident.get(incidentId)),
    markSent: async (delivery) => {
      const stored = outbox.get(delivery.id);
      if (stored !== undefined && stored.status !== 'sent') {
        outbox.set(delivery.id, { ...stored, status: 'sent' });
        persist();
      }
    },
    getGroup: async (key) => groups.get(key),
    saveGroup: async (group, expectedRevision) => {
      if ((groups.get(group.key)?.revision ?? 0) !== expectedRevision) return 'conflict';
      groups.set(group.key, group);
      persist();
      return 'saved';
    },
    stalePending: async (before, limit) =>
      [...outbox.values()]
        .filter((delivery) => delivery.status === 'pending' && (delivery.sweepAt ?? delivery.at) <= before)
        .sort((a, b) => (a.sweepAt ?? a.at) - (b.sweepAt ?? b.at))
        .slice(0, limit),
    dueDigests: async (before, limit) =>
      [...groups.values()]
        .filter((group) => (group.flushAt ?? Number.POSITIVE_INFINITY) <= before)
        .sort((a, b) => (a.flushAt ?? 0) - (b.flushAt ?? 0))
        .slice(0, limit),
    pendingInGroup: async (key) => pendingAmong(byGroup.get(key)).sort((a, b) => a.at - b.at),
    incidents: () => [...incidents.values()],
    deliveries: () => [...outbox.values()],
  };
};
