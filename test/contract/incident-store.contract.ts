import { beforeEach, describe, expect, it } from 'vitest';
import {
  type Delivery,
  type DigestGroup,
  deliveryId,
  type Incident,
  type LifecycleEvent,
} from '../../shared/incident.js';
import type { Store } from '../../shared/ports.js';
import { aDelivery, aHealthIncident, anIncident } from '../helpers/incidents.js';

/**
 * The storage port's contract (`Store` = incidents + outbox + digest groups, shared/ports.ts), as one suite that every adapter runs: the memory
 * store (test/unit/adapters) and the DynamoDB store on DynamoDB Local (test/integration). What the pipeline
 * relies on is stated here once, so the adapters cannot drift apart.
 *
 * `makeStore` is called before every test and must return an empty store, made with the options it is given (the
 * account registry the console's ASP filter resolves accounts with).
 */
export type ContractStoreOptions = { readonly aspOfAccount: (accountId: string) => string | undefined };

/** The registry the contract's stores are made with: two accounts of asp-a, one of asp-b. */
const ASP_OF_ACCOUNT: Readonly<Record<string, string>> = {
  '111111111111': 'asp-a',
  '222222222222': 'asp-a',
  '333333333333': 'asp-b',
};

export const describeIncidentStoreContract = (
  name: string,
  makeStore: (options: ContractStoreOptions) => Store | Promise<Store>,
): void => {
  describe(`IncidentStore contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore({ aspOfAccount: (id) => ASP_OF_ACCOUNT[id] });
    });

    /** Saves an incident that does not exist yet, and checks that it did. */
    const create = async (incident: Incident, deliveries: readonly (Delivery | LifecycleEvent)[] = []) => {
      expect(await store.save(incident, 0, deliveries)).toBe('saved');
      return incident;
    };

    describe('conditional create', () => {
      it('knows nothing of a fingerprint never saved', async () => {
        expect(await store.get('guardduty:999999999999:ap-northeast-1:never')).toBeUndefined();
      });

      it('creates an incident when expecting revision 0, and reads it back whole', async () => {
        // Prepare: every kind of field the store must keep (nested maps, lists, optional fields, Japanese text)
        const incident = aHealthIncident(['111111111111', '222222222222'], {
          state: 'acknowledged',
          flags: ['unregistered-account'],
          receivers: {
            'team-oncall': {
              audience: 'team',
              lastKind: 'trigger',
              lastSeverity: 'HIGH',
              lastAt: Date.parse('2026-11-27T00:10:00.000Z'),
              sent: 1,
            },
            'city-a': {
              audience: 'municipality',
              lastKind: 'trigger',
              lastSeverity: 'HIGH',
              lastAt: Date.parse('2026-11-27T00:10:00.000Z'),
              sent: 1,
            },
          },
          acknowledgedBy: 'team-oncall',
          acknowledgedAt: '2026-11-27T00:20:00.000Z',
          escalation: undefined,
          subject: {
            ...aHealthIncident([]).subject,
            description: '東京リージョンの EC2 で接続障害が発生しています。',
          },
        });

        // Act
        const result = await store.save(incident, 0, []);

        // Assess
        expect(result).toBe('saved');
        expect(await store.get(incident.fingerprint)).toEqual(incident);
      });

      it('refuses to create an incident that already exists: conflict, and the stored one is unchanged', async () => {
        const first = await create(anIncident());

        const result = await store.save(anIncident({ severity: 'CRITICAL' }), 0, []);

        expect(result).toBe('conflict');
        expect(await store.get(first.fingerprint)).toEqual(first);
      });
    });

    describe('revision-fenced update', () => {
      it('updates an incident whose stored revision is the expected one', async () => {
        const first = await create(anIncident());
        const second = { ...first, revision: 2, severity: 'CRITICAL' as const, count: 2 };

        const result = await store.save(second, 1, []);

        expect(result).toBe('saved');
        expect(await store.get(first.fingerprint)).toEqual(second);
      });

      it('refuses a write based on a stale revision: conflict, and nothing changes', async () => {
        const first = await create(anIncident());
        const second = { ...first, revision: 2, count: 2 };
        expect(await store.save(second, 1, [])).toBe('saved');

        const result = await store.save({ ...first, revision: 2, count: 99 }, 1, []);

        expect(result).toBe('conflict');
        expect(await store.get(first.fingerprint)).toEqual(second);
      });

      it('refuses an update of an incident that was never created', async () => {
        const result = await store.save(anIncident({ revision: 2 }), 1, []);

        expect(result).toBe('conflict');
        expect(await store.get(anIncident().fingerprint)).toBeUndefined();
      });
    });

    describe('the incident and its deliveries are written together', () => {
      it('records the deliveries with the incident, as pending', async () => {
        const incident = anIncident();
        const deliveries = [
          aDelivery({}, incident),
          aDelivery({ receiver: 'asp-a', audience: 'asp' }, incident),
        ];

        await create(incident, deliveries);

        expect(byId(await store.pendingDeliveries(incident.id))).toEqual(byId(deliveries));
      });

      it('records none of the deliveries of a save that conflicts', async () => {
        const incident = await create(anIncident(), [aDelivery()]);
        const late = aDelivery({
          id: deliveryId(incident.id, 'asp-a', 1),
          receiver: 'asp-a',
          audience: 'asp',
        });

        const result = await store.save({ ...incident, revision: 2 }, 0, [late]);

        expect(result).toBe('conflict');
        expect(await store.pendingDeliveries(incident.id)).toEqual([aDelivery()]);
      });

      it('never resets a delivery to pending when its id is recorded again, and still saves the incident', async () => {
        // Prepare: the first trigger was recorded and sent
        const incident = await create(anIncident(), [aDelivery()]);
        await store.markSent([aDelivery()]);
        const escalation = aDelivery({ id: deliveryId(incident.id, 'team-lead', 1), receiver: 'team-lead' });
        const next = { ...incident, revision: 2, count: 2 };

        // Act: a retry records the same delivery id (pending) again, with a new one
        const result = await store.save(next, 1, [aDelivery(), escalation]);

        // Assess
        expect(result).toBe('saved');
        expect(await store.get(incident.fingerprint)).toEqual(next);
        expect(await store.pendingDeliveries(incident.id)).toEqual([escalation]);
      });

      it('records a delivery listed twice in one save once, as first listed', async () => {
        const incident = anIncident();
        const first = aDelivery({ reason: 'first' }, incident);

        await create(incident, [first, { ...first, reason: 'listed-again' }]);

        expect(await store.pendingDeliveries(incident.id)).toEqual([first]);
      });
    });

    describe('the outbox', () => {
      it("lists only this incident's deliveries that are not yet sent", async () => {
        const incident = anIncident();
        const other = anIncident({ fingerprint: 'guardduty:111111111111:ap-northeast-1:finding-2' });
        const toTeam = aDelivery({}, incident);
        const toAsp = aDelivery({ receiver: 'asp-a', audience: 'asp' }, incident);
        await create(incident, [toTeam, toAsp]);
        await create(other, [aDelivery({}, other)]);

        await store.markSent([toTeam]);

        expect(await store.pendingDeliveries(incident.id)).toEqual([toAsp]);
        expect(await store.pendingDeliveries(other.id)).toEqual([aDelivery({}, other)]);
        expect(await store.pendingDeliveries('INC-00000000-1')).toEqual([]);
      });

      it('marks a delivery sent twice without harm', async () => {
        const incident = await create(anIncident(), [aDelivery()]);

        await store.markSent([aDelivery()]);
        await store.markSent([aDelivery()]);

        expect(await store.pendingDeliveries(incident.id)).toEqual([]);
      });

      it('marks all a publish sent in one call, past entries already sent or never recorded, and only those', async () => {
        const incident = anIncident();
        const other = anIncident({ fingerprint: 'guardduty:111111111111:ap-northeast-1:finding-2' });
        const toTeam = aDelivery({}, incident);
        const toAsp = aDelivery({ receiver: 'asp-a', audience: 'asp' }, incident);
        const toCity = aDelivery({ receiver: 'city-a', audience: 'municipality' }, incident);
        await create(incident, [toTeam, toAsp, toCity]);
        await create(other, [aDelivery({}, other)]);
        await store.markSent([toAsp]);

        await store.markSent([
          toTeam,
          toAsp,
          aDelivery({ receiver: 'never-recorded' }, incident),
          aDelivery({}, other),
        ]);

        expect(await store.pendingDeliveries(incident.id)).toEqual([toCity]);
        expect(await store.pendingDeliveries(other.id)).toEqual([]);
        expect(await store.stalePending(Date.parse(incident.lastSeen), 10)).toEqual([toCity]);
        await store.markSent([toCity]);
        expect(await store.stalePending(Date.parse(incident.lastSeen), 10)).toEqual([]);
        await store.markSent([]);
      });

      it('treats marking a delivery that was never recorded as harmless, and records nothing', async () => {
        const incident = anIncident();

        await store.markSent([aDelivery({}, incident)]);
        await create(incident, [aDelivery({}, incident)]);

        // Had markSent created a `sent` record, the recorded delivery would not be pending now.
        expect(await store.pendingDeliveries(incident.id)).toEqual([aDelivery({}, incident)]);
      });
    });

    describe('findById', () => {
      it('finds the current episode of a fingerprint by its incident id', async () => {
        const incident = await create(anIncident());
        await create(anIncident({ fingerprint: 'guardduty:111111111111:ap-northeast-1:finding-2' }));

        expect(await store.findById(incident.id)).toEqual(incident);
        expect(await store.findById('INC-00000000-1')).toBeUndefined();
      });

      it('still finds an earlier episode, with what it left pending, once a new episode replaced it', async () => {
        // Prepare: episode 1 resolved, its resolve notice recorded and not yet sent
        const first = await create(
          anIncident({ state: 'resolved', resolvedAt: '2026-11-27T02:00:00.000Z' }),
          [aDelivery({ kind: 'resolve', reason: 'resolved' })],
        );
        const second = anIncident({ episode: 2, revision: 2 });

        // Act: the fingerprint fires again
        expect(await store.save(second, 1, [aDelivery({}, second)])).toBe('saved');

        // Assess: both episodes are found by id, each with its own outbox
        expect(second.id).not.toBe(first.id);
        expect(await store.get(first.fingerprint)).toEqual(second);
        expect(await store.findById(first.id)).toEqual(first);
        expect(await store.findById(second.id)).toEqual(second);
        expect(await store.pendingDeliveries(first.id)).toEqual([
          aDelivery({ kind: 'resolve', reason: 'resolved' }),
        ]);
        expect(await store.pendingDeliveries(second.id)).toEqual([aDelivery({}, second)]);
        await store.markSent([aDelivery({ kind: 'resolve', reason: 'resolved' })]);
        expect(await store.pendingDeliveries(first.id)).toEqual([]);
        expect(await store.stalePending(Number.MAX_SAFE_INTEGER, 10)).toEqual([aDelivery({}, second)]);
      });

      it('keeps every earlier episode when a fingerprint reopens twice', async () => {
        const first = await create(anIncident({ state: 'resolved', resolvedAt: '2026-11-27T02:00:00.000Z' }));
        const second = { ...anIncident({ episode: 2, revision: 2 }), state: 'resolved' as const };
        expect(await store.save(second, 1, [])).toBe('saved');
        const third = anIncident({ episode: 3, revision: 3 });

        expect(await store.save(third, 2, [])).toBe('saved');

        expect(await store.findById(first.id)).toEqual(first);
        expect(await store.findById(second.id)).toEqual(second);
        expect(await store.findById(third.id)).toEqual(third);
      });
    });

    describe('lifecycle events (outbox entries like deliveries)', () => {
      const anEvent = (
        overrides: Partial<LifecycleEvent> = {},
        incident: Incident = anIncident(),
      ): LifecycleEvent => {
        const id = overrides.id ?? `${incident.id}/E1/asp-a`;
        return {
          id,
          incidentId: incident.id,
          fingerprint: incident.fingerprint,
          detailType: 'Incident Opened',
          detail: {
            eventId: id,
            incidentId: incident.id,
            fingerprint: incident.fingerprint,
            episode: incident.episode,
            source: 'guardduty',
            category: 'security',
            type: incident.subject.type,
            title: incident.subject.title,
            severity: incident.severity,
            status: 'open',
            accountId: '111111111111',
            accountName: '青葉市 住民記録システム',
            asp: 'asp-a',
            system: '住民記録',
            municipalities: ['city-a'],
            receivers: ['asp-a', 'team-oncall'],
            at: incident.lastSeen,
          },
          at: Date.parse(incident.lastSeen),
          status: 'pending',
          ...overrides,
        };
      };

      it('records events with the incident, apart from its deliveries, until each is marked sent', async () => {
        const incident = anIncident();
        const opened = anEvent();
        await create(incident, [aDelivery(), opened]);

        expect(await store.pendingEvents(incident.id)).toEqual([opened]);
        expect(await store.pendingDeliveries(incident.id)).toEqual([aDelivery()]);
        await store.markSent([opened]);
        await store.markSent([opened]);
        expect(await store.pendingEvents(incident.id)).toEqual([]);
        expect(await store.pendingDeliveries(incident.id)).toEqual([aDelivery()]);
        expect(await store.get(incident.fingerprint)).toEqual(incident);
      });

      it('records the events of an update, and none of a save that conflicts', async () => {
        const incident = await create(anIncident());
        const updated = anEvent({ id: `${incident.id}/E2/asp-a`, detailType: 'Incident Updated' });
        const late = anEvent({ id: `${incident.id}/E3/asp-a`, detailType: 'Incident Escalated' });

        expect(await store.save({ ...incident, revision: 2 }, 1, [updated])).toBe('saved');
        expect(await store.save({ ...incident, revision: 3 }, 1, [late])).toBe('conflict');

        expect(await store.pendingEvents(incident.id)).toEqual([updated]);
      });

      it('never makes an event pending again when its id is recorded again', async () => {
        const incident = await create(anIncident(), [anEvent()]);
        await store.markSent([anEvent()]);

        expect(await store.save({ ...incident, revision: 2 }, 1, [anEvent()])).toBe('saved');

        expect(await store.pendingEvents(incident.id)).toEqual([]);
        expect(await store.get(incident.fingerprint)).toEqual({ ...incident, revision: 2 });
      });

      it('treats marking an event never recorded as harmless', async () => {
        const incident = anIncident();

        await store.markSent([anEvent({}, incident)]);
        await create(incident, [anEvent({}, incident)]);

        expect(await store.pendingEvents(incident.id)).toEqual([anEvent({}, incident)]);
      });

      it('hands pending events to the outbox sweep once due, with the deliveries, oldest first', async () => {
        const incident = anIncident();
        const page = aDelivery({ at: 1_000 }, incident);
        const opened = anEvent({ at: 2_000 }, incident);
        await create(incident, [opened, page]);

        expect(await store.stalePending(1_500, 10)).toEqual([page]);
        expect(await store.stalePending(5_000, 10)).toEqual([page, opened]);
        await store.markSent([page]);
        expect(await store.stalePending(5_000, 10)).toEqual([opened]);
        await store.markSent([opened]);
        expect(await store.stalePending(5_000, 10)).toEqual([]);
      });
    });

    describe('list (incidents list)', () => {
      const told = (receiver: string) => ({
        [receiver]: {
          audience: 'team' as const,
          lastKind: 'trigger' as const,
          lastSeverity: 'HIGH' as const,
          lastAt: 0,
          sent: 1,
        },
      });

      it('lists incidents and earlier episodes newest first, filtered by open and by receiver, up to the limit', async () => {
        // Prepare: an old resolved episode reopened, an acknowledged one, an open one told only to asp-a
        const resolved = await create(
          anIncident({
            fingerprint: 'fp-a',
            state: 'resolved',
            resolvedAt: '2026-11-27T02:00:00.000Z',
            firstSeen: '2026-11-27T01:00:00.000Z',
            receivers: told('team-oncall'),
          }),
        );
        const reopened = anIncident({
          fingerprint: 'fp-a',
          episode: 2,
          revision: 2,
          firstSeen: '2026-11-27T04:00:00.000Z',
          receivers: told('team-oncall'),
        });
        expect(await store.save(reopened, 1, [])).toBe('saved');
        const acknowledged = await create(
          anIncident({
            fingerprint: 'fp-b',
            state: 'acknowledged',
            firstSeen: '2026-11-27T03:00:00.000Z',
            receivers: told('team-oncall'),
          }),
        );
        const aspOnly = await create(
          anIncident({
            fingerprint: 'fp-c',
            firstSeen: '2026-11-27T02:00:00.000Z',
            receivers: told('asp-a'),
          }),
        );
        await store.saveGroup({ key: 'g', revision: 1, lastFlushAt: undefined, flushAt: 1 }, 0);

        // Act + Assess
        expect(await store.list({}, 10)).toEqual([reopened, acknowledged, aspOnly, resolved]);
        expect(await store.list({ open: true }, 10)).toEqual([reopened, acknowledged, aspOnly]);
        expect(await store.list({ receiver: 'team-oncall' }, 10)).toEqual([reopened, acknowledged, resolved]);
        expect(await store.list({ open: true, receiver: 'asp-a' }, 10)).toEqual([aspOnly]);
        expect(await store.list({}, 2)).toEqual([reopened, acknowledged]);
        expect(await store.list({ receiver: 'city-z' }, 10)).toEqual([]);
      });
    });

    describe('dueEscalations (the sweeper)', () => {
      const T = Date.parse('2026-11-27T01:30:00.000Z');
      const dueAt = (fingerprint: string, at: number | undefined, changes: Partial<Incident> = {}) => {
        const base = anIncident({ fingerprint });
        return { ...base, escalation: { ...base.escalation!, dueAt: at }, ...changes };
      };

      it('returns open incidents whose step was due at or before the time, earliest first', async () => {
        // Prepare: saved out of order, one exactly at the time, one a millisecond after it
        const late = await create(dueAt('fp-late', T));
        const early = await create(dueAt('fp-early', T - 20 * 60_000));
        await create(dueAt('fp-after', T + 1));
        const middle = await create(dueAt('fp-middle', T - 10 * 60_000));

        // Act
        const due = await store.dueEscalations(T, 10);

        // Assess
        expect(due).toEqual([early, middle, late]);
      });

      it('returns at most `limit` incidents, the earliest', async () => {
        const incidents = [];
        for (let i = 0; i < 5; i++) incidents.push(await create(dueAt(`fp-${i}`, T - (5 - i) * 60_000)));

        expect(await store.dueEscalations(T, 2)).toEqual(incidents.slice(0, 2));
        expect(await store.dueEscalations(T, 0)).toEqual([]);
      });

      it('leaves out acknowledged and resolved incidents and open ones with no step due', async () => {
        const open = await create(dueAt('fp-open', T - 60_000));
        await create(dueAt('fp-acknowledged', T - 60_000, { state: 'acknowledged' }));
        await create(
          dueAt('fp-resolved', T - 60_000, { state: 'resolved', resolvedAt: '2026-11-27T01:20:00.000Z' }),
        );
        await create(dueAt('fp-no-step-left', undefined));
        await create(anIncident({ fingerprint: 'fp-never-escalates', escalation: undefined }));

        expect(await store.dueEscalations(T, 10)).toEqual([open]);
      });

      it('returns open incidents whose reminder or silence end is due, by the earliest of their times', async () => {
        // Prepare: one reminder due, one silence end due, one reminder not yet due (issue: reminders by timer)
        const reminded = await create(dueAt('fp-reminder', undefined, { remindAt: T - 5 * 60_000 }));
        const released = await create(
          dueAt('fp-held', T + 60 * 60_000, {
            held: {
              until: T - 10 * 60_000,
              targets: [{ audience: 'team', receiver: 'team-oncall' }],
              escalates: true,
            },
          }),
        );
        await create(dueAt('fp-reminder-later', undefined, { remindAt: T + 1 }));

        // Act
        const due = await store.dueEscalations(T, 10);

        // Assess
        expect(due).toEqual([released, reminded]);
      });

      it.each([
        ['acknowledged', { state: 'acknowledged' as const, acknowledgedBy: 'team-oncall' }],
        ['resolved', { state: 'resolved' as const, resolvedAt: '2026-11-27T01:25:00.000Z' }],
        ['moved to a later step', {}],
      ])('stops returning an incident once it is %s', async (_case, changes) => {
        const incident = await create(dueAt('fp-paged', T - 60_000));
        const later = { ...incident.escalation!, step: 1, token: 2, dueAt: T + 30 * 60_000 };
        const next = { ...incident, revision: 2, escalation: later, ...changes };

        expect(await store.save(next, 1, [])).toBe('saved');

        expect(await store.dueEscalations(T, 10)).toEqual([]);
      });
    });

    describe('stalePending (the outbox sweep)', () => {
      it('lists pending deliveries due at or before the time, oldest first, until they are marked sent', async () => {
        const incident = anIncident();
        const page = aDelivery({ at: 1_000 }, incident);
        const later = aDelivery(
          { id: deliveryId(incident.id, 'asp-a', 1), receiver: 'asp-a', audience: 'asp', at: 3_000 },
          incident,
        );
        const grouped = aDelivery(
          {
            id: deliveryId(incident.id, 'team-lead', 1),
            receiver: 'team-lead',
            at: 500,
            group: 'g',
            sweepAt: 9_000,
          },
          incident,
        );
        await create(incident, [later, page, grouped]);

        expect(await store.stalePending(2_000, 10)).toEqual([page]);
        expect(await store.stalePending(10_000, 10)).toEqual([page, later, grouped]);
        expect(await store.stalePending(10_000, 1)).toEqual([page]);
        await store.markSent([page]);
        expect(await store.stalePending(10_000, 10)).toEqual([later, grouped]);
      });
    });

    describe('storm-control groups', () => {
      const GROUP = 'team-oncall|111111111111|guardduty';
      const group = (over: Partial<DigestGroup> = {}): DigestGroup => ({
        key: GROUP,
        revision: 1,
        lastFlushAt: undefined,
        flushAt: 1_000,
        ...over,
      });

      it('creates a group once and then updates it only from its stored revision', async () => {
        expect(await store.getGroup(GROUP)).toBeUndefined();
        expect(await store.saveGroup(group(), 0)).toBe('saved');
        expect(await store.saveGroup(group(), 0)).toBe('conflict');
        expect(await store.saveGroup(group({ revision: 2, flushAt: undefined, lastFlushAt: 1_000 }), 1)).toBe(
          'saved',
        );
        expect(await store.saveGroup(group({ revision: 3 }), 1)).toBe('conflict');
        expect(await store.getGroup(GROUP)).toEqual(
          group({ revision: 2, flushAt: undefined, lastFlushAt: 1_000 }),
        );
      });

      it('lists the pending deliveries of a group, oldest first, until each is marked sent', async () => {
        const first = anIncident({ fingerprint: 'fp-1', id: 'INC-000000000001-1' });
        const second = anIncident({ fingerprint: 'fp-2', id: 'INC-000000000002-1' });
        const late = aDelivery({ group: GROUP, summary: 'two', at: 2_000 }, second);
        const early = aDelivery({ group: GROUP, summary: 'one', at: 1_000 }, first);
        const other = aDelivery(
          { group: 'asp-a|111111111111|guardduty', receiver: 'asp-a', audience: 'asp' },
          first,
        );
        await create(second, [late]);
        await create(first, [early, other]);

        expect(await store.pendingInGroup(GROUP)).toEqual([early, late]);
        await store.markSent([early]);
        expect(await store.pendingInGroup(GROUP)).toEqual([late]);
      });

      it('finds groups whose digest is due, and forgets them once the digest is claimed', async () => {
        await store.saveGroup(group({ flushAt: 5_000 }), 0);
        await store.saveGroup(group({ key: 'asp-a|111111111111|guardduty', flushAt: 9_000 }), 0);

        expect((await store.dueDigests(6_000, 10)).map((g) => g.key)).toEqual([GROUP]);
        await store.saveGroup(group({ revision: 2, flushAt: undefined, lastFlushAt: 5_000 }), 1);
        expect(await store.dueDigests(6_000, 10)).toEqual([]);
      });
    });

    describe('open incidents (the console, issue 15)', () => {
      /** An incident of its own fingerprint, first seen at `firstSeen`, on `accounts`. */
      const opened = (key: string, firstSeen: string, overrides: Partial<Incident> = {}) =>
        anIncident({ fingerprint: `fp-${key}`, firstSeen, lastSeen: firstSeen, ...overrides });
      const ids = (incidents: readonly Incident[]) => incidents.map((incident) => incident.fingerprint);
      /** Every page of a query, following the cursors. */
      const allPages = async (query: Parameters<Store['openIncidents']>[0], limit: number) => {
        const pages: string[][] = [];
        let cursor: string | undefined;
        do {
          const page = await store.openIncidents(query, { limit, ...(cursor ? { cursor } : {}) });
          pages.push(ids(page.incidents));
          cursor = page.cursor;
        } while (cursor !== undefined && pages.length < 20);
        return pages;
      };

      it('lists open and acknowledged incidents, newest first, never a resolved one', async () => {
        await create(opened('old', '2026-11-01T00:00:00.000Z'));
        await create(opened('acked', '2026-11-10T00:00:00.000Z', { state: 'acknowledged' }));
        await create(
          opened('done', '2026-11-20T00:00:00.000Z', {
            state: 'resolved',
            resolvedAt: '2026-11-21T00:00:00.000Z',
            escalation: undefined,
          }),
        );
        await create(opened('new', '2026-11-27T00:00:00.000Z'));

        const page = await store.openIncidents({}, { limit: 10 });

        expect(ids(page.incidents)).toEqual(['fp-new', 'fp-acked', 'fp-old']);
        expect(page.cursor).toBeUndefined();
        expect(page.incidents[0]).toEqual(opened('new', '2026-11-27T00:00:00.000Z'));
      });

      it('drops an incident from the list once it resolves', async () => {
        const incident = await create(opened('a', '2026-11-01T00:00:00.000Z'));
        await create(opened('b', '2026-11-02T00:00:00.000Z'));
        const resolved: Incident = {
          ...incident,
          revision: 2,
          state: 'resolved',
          resolvedAt: '2026-11-03T00:00:00.000Z',
          escalation: undefined,
        };
        expect(await store.save(resolved, 1, [])).toBe('saved');

        expect(ids((await store.openIncidents({}, { limit: 10 })).incidents)).toEqual(['fp-b']);
      });

      it('pages with an opaque cursor: every incident once, newest first, no cursor on the last page', async () => {
        for (const [i, day] of ['01', '02', '03', '04', '05'].entries()) {
          await create(opened(`${i}`, `2026-11-${day}T00:00:00.000Z`));
        }

        const pages = await allPages({}, 2);

        expect(pages).toEqual([['fp-4', 'fp-3'], ['fp-2', 'fp-1'], ['fp-0']]);
        // The cursor names no incident, account or key.
        const { cursor } = await store.openIncidents({}, { limit: 2 });
        expect(cursor).toBeDefined();
        expect(Buffer.from(cursor ?? '', 'base64url').toString()).not.toMatch(/fp-|FP#|111111111111|INC/);
      });

      it('pages through incidents first seen at the same instant, each exactly once', async () => {
        for (const key of ['a', 'b', 'c', 'd']) await create(opened(key, '2026-11-05T00:00:00.000Z'));
        await create(opened('later', '2026-11-06T00:00:00.000Z'));
        await create(opened('earlier', '2026-11-04T00:00:00.000Z'));

        const pages = await allPages({}, 2);

        const all = pages.flat();
        expect(all).toHaveLength(6);
        expect(new Set(all).size).toBe(6);
        expect(all[0]).toBe('fp-later');
        expect(all.at(-1)).toBe('fp-earlier');
      });

      it("lists an ASP's incidents only: those with an account of that ASP, a shared Health event too", async () => {
        await create(opened('a1', '2026-11-01T00:00:00.000Z', { accounts: ['111111111111'] }));
        await create(opened('b1', '2026-11-02T00:00:00.000Z', { accounts: ['333333333333'] }));
        await create(opened('a2', '2026-11-03T00:00:00.000Z', { accounts: ['222222222222'] }));
        await create(
          opened('shared', '2026-11-04T00:00:00.000Z', { accounts: ['333333333333', '111111111111'] }),
        );
        await create(opened('b2', '2026-11-05T00:00:00.000Z', { accounts: ['333333333333'] }));

        expect(await allPages({ asp: 'asp-a' }, 1)).toEqual([['fp-shared'], ['fp-a2'], ['fp-a1']]);
        expect((await allPages({ asp: 'asp-b' }, 10)).flat()).toEqual(['fp-b2', 'fp-shared', 'fp-b1']);
        expect((await allPages({ asp: 'asp-none' }, 10)).flat()).toEqual([]);
      });

      it("lists a municipality's incidents by its accounts, and both filters together", async () => {
        await create(opened('a1', '2026-11-01T00:00:00.000Z', { accounts: ['111111111111'] }));
        await create(opened('a2', '2026-11-02T00:00:00.000Z', { accounts: ['222222222222'] }));
        await create(opened('b1', '2026-11-03T00:00:00.000Z', { accounts: ['333333333333'] }));

        expect((await allPages({ accounts: ['222222222222', '333333333333'] }, 1)).flat()).toEqual([
          'fp-b1',
          'fp-a2',
        ]);
        expect((await allPages({ accounts: ['333333333333'], asp: 'asp-a' }, 10)).flat()).toEqual([]);
        expect((await allPages({ accounts: [] }, 10)).flat()).toEqual([]);
      });

      it("follows an incident's accounts and state: an ASP's list gains it, loses it, and never keeps a resolved one", async () => {
        const moved = await create(
          opened('moved', '2026-11-01T00:00:00.000Z', { accounts: ['111111111111'] }),
        );
        await create(opened('b1', '2026-11-02T00:00:00.000Z', { accounts: ['333333333333'] }));
        const now: Incident = { ...moved, revision: 2, accounts: ['333333333333'] };
        expect(await store.save(now, 1, [])).toBe('saved');

        expect((await allPages({ asp: 'asp-a' }, 10)).flat()).toEqual([]);
        expect((await allPages({ asp: 'asp-b' }, 10)).flat()).toEqual(['fp-b1', 'fp-moved']);

        const resolved: Incident = {
          ...now,
          revision: 3,
          state: 'resolved',
          resolvedAt: '2026-11-03T00:00:00.000Z',
        };
        expect(await store.save(resolved, 2, [])).toBe('saved');
        expect((await allPages({ asp: 'asp-b' }, 10)).flat()).toEqual(['fp-b1']);
        expect((await allPages({ accounts: ['333333333333'] }, 10)).flat()).toEqual(['fp-b1']);
      });

      it("pages an ASP's own and shared incidents of the same instant together, each exactly once", async () => {
        for (const key of ['a', 'b', 'c']) {
          await create(opened(key, '2026-11-05T00:00:00.000Z', { accounts: ['111111111111'] }));
          await create(
            opened(`shared-${key}`, '2026-11-05T00:00:00.000Z', {
              accounts: ['111111111111', '333333333333'],
            }),
          );
        }
        await create(opened('later', '2026-11-06T00:00:00.000Z', { accounts: ['222222222222'] }));

        const pages = await allPages({ asp: 'asp-a' }, 2);

        expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
        expect(new Set(pages.flat())).toEqual(
          new Set(['fp-later', 'fp-a', 'fp-b', 'fp-c', 'fp-shared-a', 'fp-shared-b', 'fp-shared-c']),
        );
        expect(pages[0]?.[0]).toBe('fp-later');
      });

      it("never lists a team-only incident (a refused account claim) in a tenant's query; the team's lists it", async () => {
        await create(
          opened('refused', '2026-11-02T00:00:00.000Z', {
            accounts: ['111111111111'],
            flags: ['account-mismatch'],
          }),
        );
        await create(opened('a1', '2026-11-01T00:00:00.000Z', { accounts: ['111111111111'] }));

        expect((await allPages({ asp: 'asp-a' }, 1)).flat()).toEqual(['fp-a1']);
        expect((await allPages({ accounts: ['111111111111'] }, 10)).flat()).toEqual(['fp-a1']);
        expect((await allPages({}, 10)).flat()).toEqual(['fp-refused', 'fp-a1']);
      });

      it('finds an incident of an account the registry does not know when a query names that account', async () => {
        await create(opened('stray', '2026-11-01T00:00:00.000Z', { accounts: ['999999999999'] }));
        await create(opened('a1', '2026-11-02T00:00:00.000Z', { accounts: ['111111111111'] }));

        expect((await allPages({ accounts: ['999999999999'] }, 10)).flat()).toEqual(['fp-stray']);
        expect((await allPages({ asp: 'asp-a' }, 10)).flat()).toEqual(['fp-a1']);
        expect((await allPages({}, 10)).flat()).toEqual(['fp-a1', 'fp-stray']);
      });

      it('refuses a cursor it did not make and a page size that is not a positive whole number', async () => {
        await create(opened('a', '2026-11-01T00:00:00.000Z'));

        await expect(store.openIncidents({}, { limit: 1, cursor: 'not-a-cursor' })).rejects.toThrow(
          RangeError,
        );
        await expect(
          store.openIncidents({}, { limit: 1, cursor: Buffer.from('{"pk":"FP#x"}').toString('base64url') }),
        ).rejects.toThrow(RangeError);
        await expect(store.openIncidents({}, { limit: 0 })).rejects.toThrow(RangeError);
      });
    });

    describe('incidents of a month (the report, issue 16)', () => {
      const episode = (
        key: string,
        firstSeen: string,
        resolvedAt?: string,
        overrides: Partial<Incident> = {},
      ) =>
        anIncident({
          fingerprint: `fp-${key}`,
          firstSeen,
          lastSeen: resolvedAt ?? firstSeen,
          ...(resolvedAt !== undefined ? { state: 'resolved', resolvedAt, escalation: undefined } : {}),
          ...overrides,
        });
      const month = async (m: string) => (await store.incidentsForMonth(m)).map((incident) => incident.id);

      it('finds every episode opened in, resolved in or open across a JST month, oldest first', async () => {
        // 2026-10-31 23:59:59.999 JST: October; 2026-11-01 00:00 JST: November.
        const lastOfOctober = await create(
          episode('oct', '2026-10-31T14:59:59.999Z', '2026-10-31T14:59:59.999Z'),
        );
        const firstOfNovember = await create(
          episode('nov', '2026-10-31T15:00:00.000Z', '2026-11-02T00:00:00.000Z'),
        );
        // Opened in October, resolved 2026-12-01 00:00 JST: October, November and December.
        const across = await create(
          episode('across', '2026-10-10T00:00:00.000Z', '2026-11-30T15:00:00.000Z'),
        );
        const stillOpen = await create(episode('open', '2026-09-01T00:00:00.000Z'));
        const acknowledged = await create(
          episode('acked', '2026-12-05T00:00:00.000Z', undefined, { state: 'acknowledged' }),
        );

        expect(await month('2026-10')).toEqual([stillOpen.id, across.id, lastOfOctober.id]);
        expect(await month('2026-11')).toEqual([stillOpen.id, across.id, firstOfNovember.id]);
        expect(await month('2026-12')).toEqual([stillOpen.id, across.id, acknowledged.id]);
        expect(await month('2026-08')).toEqual([]);
      });

      it('finds earlier episodes of a fingerprint that reopened, each in its own months', async () => {
        const first = await create(episode('fp', '2026-11-03T00:00:00.000Z', '2026-11-04T00:00:00.000Z'));
        const second = {
          ...episode('fp', '2026-11-20T00:00:00.000Z', '2026-12-02T00:00:00.000Z'),
          episode: 2,
          revision: 2,
        };
        const secondSaved = { ...second, id: anIncident({ fingerprint: 'fp-fp', episode: 2 }).id };
        expect(await store.save(secondSaved, 1, [])).toBe('saved');
        const third = { ...episode('fp', '2026-12-10T00:00:00.000Z'), episode: 3, revision: 3 };
        const thirdSaved = { ...third, id: anIncident({ fingerprint: 'fp-fp', episode: 3 }).id };
        expect(await store.save(thirdSaved, 2, [])).toBe('saved');

        expect(await month('2026-11')).toEqual([first.id, secondSaved.id]);
        expect(await month('2026-12')).toEqual([secondSaved.id, thirdSaved.id]);
        expect(await store.incidentsForMonth('2026-11')).toEqual([first, secondSaved]);
      });

      it('refuses a month that is not YYYY-MM', async () => {
        await expect(store.incidentsForMonth('2026-13')).rejects.toThrow(RangeError);
        await expect(store.incidentsForMonth('2026-1')).rejects.toThrow(/YYYY-MM/);
      });

      it('finds the episodes resolved in a JST month, newest first, a page at a time, earlier episodes too; never an open one', async () => {
        const resolved = async (
          m: string,
          query: Parameters<Store['resolvedIncidents']>[1] = {},
          limit = 10,
        ) => {
          const pages: string[][] = [];
          let cursor: string | undefined;
          do {
            const page = await store.resolvedIncidents(m, query, { limit, ...(cursor ? { cursor } : {}) });
            pages.push(page.incidents.map((incident) => incident.id));
            cursor = page.cursor;
          } while (cursor !== undefined && pages.length < 20);
          return pages;
        };
        // Resolved 2026-11-01 00:00 JST (November) and 2026-10-31 23:59:59.999 JST (October).
        const first = await create(episode('first', '2026-10-20T00:00:00.000Z', '2026-10-31T15:00:00.000Z'));
        const oct = await create(episode('oct', '2026-10-21T00:00:00.000Z', '2026-10-31T14:59:59.999Z'));
        const late = await create(
          episode('late', '2026-11-10T00:00:00.000Z', '2026-11-30T14:00:00.000Z', {
            accounts: ['333333333333'],
          }),
        );
        await create(episode('open', '2026-11-05T00:00:00.000Z'));
        // A fingerprint resolved in November that reopened: its first episode stays in November.
        const earlier = await create(episode('re', '2026-11-03T00:00:00.000Z', '2026-11-04T00:00:00.000Z'));
        const reopened = {
          ...episode('re', '2026-11-20T00:00:00.000Z'),
          id: anIncident({ fingerprint: 'fp-re', episode: 2 }).id,
          episode: 2,
          revision: 2,
        };
        expect(await store.save(reopened, 1, [])).toBe('saved');

        expect(await resolved('2026-11', {}, 2)).toEqual([[late.id, earlier.id], [first.id]]);
        expect((await store.resolvedIncidents('2026-11', {}, { limit: 1 })).incidents).toEqual([late]);
        expect((await resolved('2026-11', { asp: 'asp-b' })).flat()).toEqual([late.id]);
        expect((await resolved('2026-11', { accounts: ['111111111111'] })).flat()).toEqual([
          earlier.id,
          first.id,
        ]);
        expect((await resolved('2026-10')).flat()).toEqual([oct.id]);
        expect((await resolved('2026-12')).flat()).toEqual([]);
        await expect(store.resolvedIncidents('2026-13', {}, { limit: 1 })).rejects.toThrow(RangeError);
      });

      it('finds the episodes of several months in one read, each once', async () => {
        const sep = await create(episode('sep', '2026-09-10T00:00:00.000Z', '2026-09-11T00:00:00.000Z'));
        const across = await create(
          episode('across', '2026-10-10T00:00:00.000Z', '2026-11-20T00:00:00.000Z'),
        );
        const nov = await create(episode('nov', '2026-11-10T00:00:00.000Z'));
        const dec = await create(episode('dec', '2026-12-10T00:00:00.000Z', '2026-12-11T00:00:00.000Z'));
        const ids = async (m: string, through?: string) =>
          (await store.incidentsForMonth(m, through)).map((incident) => incident.id);

        expect(await ids('2026-10', '2026-11')).toEqual([across.id, nov.id]);
        expect(await ids('2026-09', '2026-12')).toEqual([sep.id, across.id, nov.id, dec.id]);
        expect(await ids('2026-11', '2026-11')).toEqual(await ids('2026-11'));
        await expect(store.incidentsForMonth('2026-11', '2026-10')).rejects.toThrow(RangeError);
      });
    });

    describe('concurrent writers', () => {
      it.each([
        ['create', 0],
        ['update', 1],
      ])('lets exactly one of two concurrent saves of the same revision win (%s)', async (_case, expected) => {
        // Prepare: two Lambdas read the same state and computed different next states
        if (expected > 0) await create(anIncident());
        const mine = anIncident({ revision: expected + 1, count: 10 });
        const theirs = anIncident({ revision: expected + 1, count: 20 });
        const myDelivery = aDelivery({ receiver: 'asp-a', audience: 'asp' });
        const theirDelivery = aDelivery({ receiver: 'city-a', audience: 'municipality' });

        // Act
        const results = await Promise.all([
          store.save(mine, expected, [myDelivery]),
          store.save(theirs, expected, [theirDelivery]),
        ]);

        // Assess: one saved, one conflict, and the stored state and outbox are the winner's alone
        expect([...results].sort()).toEqual(['conflict', 'saved']);
        const [winner, winnerDelivery] =
          results[0] === 'saved' ? [mine, myDelivery] : [theirs, theirDelivery];
        expect(await store.get(mine.fingerprint)).toEqual(winner);
        expect(await store.pendingDeliveries(mine.id)).toEqual([winnerDelivery]);
      });
    });
  });
};

const byId = (deliveries: readonly Delivery[]): Delivery[] =>
  [...deliveries].sort((a, b) => a.id.localeCompare(b.id));
