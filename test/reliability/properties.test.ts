import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../shared/config/registry.js';
import type { Delivery } from '../../shared/incident.js';
import type { AlertSource, Category } from '../../shared/model.js';
import { explainEvent } from '../../shared/pipeline/explain.js';
import { resolve } from '../../shared/pipeline/operator.js';
import type { Notification } from '../../shared/ports.js';
import { normalizeEvent } from '../../shared/sources/index.js';
import { aHarness } from '../helpers/harness.js';
import {
  aDraft,
  aRegistry,
  aSender,
  buildEvent,
  claimOf,
  type Draft,
  distinctMinutes,
  type EventSpec,
  isOutageKind,
  isRefusedClaim,
  type Registry,
  resolvable,
  type Subject,
  someSubjects,
  TEAM_LEVELS,
  tenantOf,
  timed,
  timeOf,
} from './arbitraries.js';

/**
 * DESIGN §4, §5, §7 as properties over random registries and random event sequences, run through the real
 * pipeline (`routeEvent` on the memory adapters). Assertions read the outbox (every delivery the router decided,
 * per incident, receiver and kind) and the notifications sent, which storm control may group into digests.
 *
 * `PROPERTY_RUNS=2000 npx vitest run test/reliability/properties.test.ts` scales every property up; on a failure
 * fast-check prints the seed and the shrunk counterexample (`seed`, `path`) to replay it.
 */
const RUNS = Number(process.env.PROPERTY_RUNS) || undefined;
const runs = (base: number) => ({
  numRuns: RUNS ?? base,
  ...(process.env.PROPERTY_SEED ? { seed: Number(process.env.PROPERTY_SEED) } : {}),
});
/** Generous, because a loaded CI machine is slow and `PROPERTY_RUNS` scales the work. */
const TIMEOUT = 60_000 * Math.max(1, (RUNS ?? 0) / 100);

// ── Stories: events, re-deliveries, escalation timers and acks, in a random order ─────────────────────

type Step =
  | { readonly kind: 'event'; readonly spec: EventSpec }
  | { readonly kind: 'again'; readonly pick: number }
  | { readonly kind: 'tick'; readonly minutes: number }
  | { readonly kind: 'ack'; readonly pick: number };

type Story = {
  readonly registry: Registry;
  readonly subjects: readonly Subject[];
  readonly steps: readonly Step[];
};

const anExtraStep: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('again' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 5, max: 120 }) }),
  fc.record({ kind: fc.constant('ack' as const), pick: fc.nat() }),
);

/**
 * Opens and resolves with changing severities, from the claimed account, a reporting account or any other,
 * in random version order, with re-deliveries, escalation timers firing and acknowledgements in between.
 */
const aStory: fc.Arbitrary<Story> = aRegistry({ tenantSeverityRoutes: true }).chain((registry) =>
  someSubjects(registry).chain((subjects) =>
    fc
      .array(
        aDraft(registry, subjects, {
          varySeverity: true,
          status: fc.constantFrom('open', 'open', 'resolved') as fc.Arbitrary<'open' | 'resolved'>,
        }),
        { minLength: 1, maxLength: 12 },
      )
      .chain((drafts) =>
        fc
          .record({
            minutes: distinctMinutes(drafts.length, 0, 600),
            extras: fc.array(fc.record({ at: fc.nat(drafts.length - 1), step: anExtraStep }), {
              maxLength: 8,
            }),
          })
          .map(({ minutes, extras }) => {
            const events = timed(drafts, minutes, 'ev');
            const steps = events.flatMap((spec, i) => [
              { kind: 'event' as const, spec },
              ...extras.filter((extra) => extra.at === i).map((extra) => extra.step),
            ]);
            return { registry, subjects, steps };
          }),
      ),
  ),
);

/**
 * What the test knows of an incident episode: its source and category, and every account it ever gathered. Only a
 * Health event (one incident per event ARN, §5) gathers the accounts of several spokes, and so of several ASPs.
 */
type Seen = { readonly source: AlertSource; readonly category: Category; readonly accounts: Set<string> };

type StepLog = {
  readonly step: Step;
  /** The event sent by this step (an `event` or an `again`). */
  readonly spec: EventSpec | undefined;
  readonly deliveries: readonly Delivery[];
  readonly notifications: readonly Notification[];
};

/** Plays a story on a fresh harness and returns what each step added to the outbox and the notifier. */
const play = async (story: Story, tail: readonly Step[] = []) => {
  const h = aHarness(story.registry.config);
  const sent: EventSpec[] = [];
  const seen = new Map<string, Seen>();
  const known = new Set<string>();
  const log: StepLog[] = [];
  let notified = 0;
  const observe = () => {
    for (const incident of h.store.incidents()) {
      const { source, category } = incident.subject;
      const entry = seen.get(incident.id) ?? { source, category, accounts: new Set<string>() };
      for (const account of incident.accounts) entry.accounts.add(account);
      seen.set(incident.id, entry);
    }
  };
  for (const step of [...story.steps, ...tail]) {
    let spec: EventSpec | undefined;
    if (step.kind === 'event') spec = step.spec;
    if (step.kind === 'again') spec = sent.length > 0 ? sent[step.pick % sent.length] : undefined;
    if (spec !== undefined) {
      await h.send(buildEvent(spec));
      if (step.kind === 'event') sent.push(spec);
    } else if (step.kind === 'tick') {
      await h.runUntil(new Date(h.clock.now() + step.minutes * 60_000).toISOString());
    } else if (step.kind === 'ack') {
      const open = h.store.incidents().filter((incident) => incident.state === 'open');
      const incident = open.sort((a, b) => a.id.localeCompare(b.id))[step.pick % Math.max(open.length, 1)];
      if (incident) await h.ack(incident.fingerprint);
    }
    observe();
    const deliveries = h.store.deliveries().filter((delivery) => !known.has(delivery.id));
    for (const delivery of deliveries) known.add(delivery.id);
    log.push({ step, spec, deliveries, notifications: h.notifier.sent().slice(notified) });
    notified = h.notifier.sent().length;
  }
  return { h, log, seen };
};

/** Every resolvable subject resolves from its own account, after everything else (newest version). */
const finalResolves = (story: Story): Step[] =>
  story.subjects
    .filter((subject) => resolvable(subject.kind))
    .map((subject, i) => ({
      kind: 'event' as const,
      spec: {
        id: `final-${i}`,
        envelope: subject.claimed,
        minute: 700 + i,
        items: [
          { subject, claimed: subject.claimed, severity: subject.severity, status: 'resolved' as const },
        ],
      },
    }));

// ── Isolation (§7) ─────────────────────────────────────────────────────────────────────────────────────

type Allowed = { readonly asps: Set<string>; readonly municipalities: Set<string> };

/**
 * Who an event may tell, per fingerprint of its alerts, from the trust oracle alone: the ASP of the account each
 * alert may speak for, and that account's municipalities for an outage. A refused claim may tell no tenant.
 */
const allowedBy = (config: Config, spec: EventSpec): Map<string, Allowed> => {
  const normalized = normalizeEvent(buildEvent(spec));
  const alerts = normalized.kind === 'alerts' ? normalized.alerts : [];
  const allowed = new Map<string, Allowed>();
  spec.items.forEach((item, i) => {
    const fingerprint = alerts[i]?.fingerprint;
    if (fingerprint === undefined) return;
    const entry = allowed.get(fingerprint) ?? { asps: new Set(), municipalities: new Set() };
    const tenant = tenantOf(config, spec.envelope, claimOf(item, spec.envelope));
    if (tenant) {
      entry.asps.add(tenant.asp);
      if (isOutageKind(item.subject.kind) && item.subject.kind !== 'health-risk') {
        for (const id of tenant.municipalities) entry.municipalities.add(id);
      }
    }
    allowed.set(fingerprint, entry);
  });
  return allowed;
};

const aspOf = (config: Config, account: string) => config.accounts.find((a) => a.id === account)?.asp;
const servesIt = (config: Config, account: string, municipality: string) =>
  config.accounts.find((a) => a.id === account)?.municipalities.includes(municipality) ?? false;

/**
 * The incident-level rule, for a delivery or a notification: the team hears of anything; an ASP only of an
 * incident of one of its accounts (for anything but a Health event, of nothing but its accounts); a municipality
 * only of a Health outage (not a risk notice) of an account that serves it.
 */
const expectVisible = (config: Config, seen: Seen | undefined, audience: string, receiver: string) => {
  expect(seen, `an incident for ${receiver}`).toBeDefined();
  if (seen === undefined) return;
  const accounts = [...seen.accounts];
  const context = `${audience} ${receiver} told of a ${seen.source} incident of ${accounts.join(', ')}`;
  if (audience === 'team') expect(TEAM_LEVELS as readonly string[], context).toContain(receiver);
  if (audience === 'asp') {
    const asps = accounts.map((account) => aspOf(config, account));
    expect(asps, context).toContain(receiver);
    if (seen.source !== 'health') {
      // A finding, alarm or sign-in is one account's: no other tenant's account may be part of it.
      expect(
        asps.filter((asp) => asp !== undefined && asp !== receiver),
        context,
      ).toEqual([]);
    }
  }
  if (audience === 'municipality') {
    expect(seen.category, context).toBe('health');
    expect(
      accounts.some((account) => servesIt(config, account, receiver)),
      context,
    ).toBe(true);
  }
};

/**
 * The message-level rule: what an ASP or a municipality reads names no account that is not theirs, even when the
 * incident is shared (a Health event forwarded by several tenants' spokes, one incident by §5).
 */
const expectNoOtherTenantIn = (config: Config, n: Notification) => {
  if (n.audience === 'team') return;
  const text = `${n.subject}\n${n.body}\n${n.short}`;
  const foreign = config.accounts.filter((account) =>
    n.audience === 'asp' ? account.asp !== n.receiver : !account.municipalities.includes(n.receiver),
  );
  for (const account of foreign) {
    expect(text.includes(account.id), `${n.receiver} reads ${account.id} in ${n.deliveryId}:\n${text}`).toBe(
      false,
    );
  }
};

const incidentsOf = (notification: Notification): readonly string[] =>
  notification.incidentIds ?? [notification.incidentId];

/** How often the interesting cases came up, so a generator that stops producing them fails loudly. */
const coverage = {
  acceptedReportsFor: 0,
  refusedClaims: 0,
  unregisteredSenders: 0,
  batches: 0,
  aspDeliveries: 0,
  municipalityDeliveries: 0,
  escalations: 0,
  resolves: 0,
};

describe('tenant isolation over random registries and events (DESIGN §7)', () => {
  it(
    'tells an ASP or a municipality only of its own accounts, whatever routes and spokes try',
    async () => {
      await fc.assert(
        fc.asyncProperty(aStory, async (story) => {
          const { config } = story.registry;
          const { log, seen } = await play(story, finalResolves(story));

          for (const { step, spec, deliveries, notifications } of log) {
            count(config, spec, deliveries);
            // Caused by this step: only an event may tell an ASP or a municipality, and only what it may say.
            const allowed = spec ? allowedBy(config, spec) : new Map<string, Allowed>();
            for (const d of deliveries) {
              const context = `${d.kind} ${d.id} after ${JSON.stringify(step)}`;
              expectVisible(config, seen.get(d.incidentId), d.audience, d.receiver);
              if (spec === undefined) {
                // A timer tells the team (an escalation step, a reminder, an overdue municipal report) or sends a
                // municipality the report an earlier AWS update called for; never anything new to a tenant.
                const timed = [d.audience, d.kind, d.kind === 'update' ? d.reason : ''].join(' ');
                expect(
                  [
                    'team escalation ',
                    'team update repeat-due',
                    'team update report-overdue',
                    'asp update repeat-due',
                    'municipality update aws-update',
                  ],
                  context,
                ).toContain(timed);
                continue;
              }
              const may = allowed.get(d.fingerprint) ?? { asps: new Set(), municipalities: new Set() };
              // A Health event closing is AWS closing it for every spoke (§5): its resolve reaches all told.
              const gatheredClose = d.kind === 'resolve' && seen.get(d.incidentId)?.source === 'health';
              if (d.audience === 'asp' && !gatheredClose)
                expect([...may.asps], context).toContain(d.receiver);
              if (d.audience === 'municipality' && !gatheredClose)
                expect([...may.municipalities], context).toContain(d.receiver);
            }
            // A spoke that does not report for the account it claims reaches the team and no tenant at all: not
            // the claimed account's (no trigger, no update, and no resolve of an incident its tenant was told of).
            if (
              spec?.items.every((item) => isRefusedClaim(config, spec.envelope, claimOf(item, spec.envelope)))
            ) {
              expect(
                deliveries.filter((d) => d.audience !== 'team').map((d) => `${d.kind} ${d.receiver}`),
                `event from ${spec.envelope} claiming ${spec.items.map((item) => item.claimed).join(', ')}`,
              ).toEqual([]);
            }
            for (const n of notifications) {
              for (const id of incidentsOf(n)) expectVisible(config, seen.get(id), n.audience, n.receiver);
              expectNoOtherTenantIn(config, n);
            }
          }
        }),
        runs(100),
      );

      for (const [what, times] of Object.entries(coverage)) expect(times, what).toBeGreaterThan(0);
    },
    TIMEOUT,
  );
});

const count = (config: Config, spec: EventSpec | undefined, deliveries: readonly Delivery[]) => {
  if (spec !== undefined) {
    const claims = spec.items.map((item) => claimOf(item, spec.envelope));
    if (claims.some((claim) => claim !== spec.envelope && tenantOf(config, spec.envelope, claim)))
      coverage.acceptedReportsFor++;
    if (claims.some((claim) => isRefusedClaim(config, spec.envelope, claim))) coverage.refusedClaims++;
    if (!config.accounts.some((account) => account.id === spec.envelope)) coverage.unregisteredSenders++;
    if (spec.items.length > 1) coverage.batches++;
  }
  for (const d of deliveries) {
    if (d.audience === 'asp') coverage.aspDeliveries++;
    if (d.audience === 'municipality') coverage.municipalityDeliveries++;
    if (d.kind === 'escalation') coverage.escalations++;
    if (d.kind === 'resolve') coverage.resolves++;
  }
};

// ── Idempotency and order (§5) ─────────────────────────────────────────────────────────────────────────

type OrderCase = {
  readonly registry: Registry;
  readonly opens: readonly EventSpec[];
  readonly resolves: readonly EventSpec[];
};

/**
 * Opens of random subjects (a copy may come from another spoke: a reporting account, a refused sender, another
 * account's Health copy), in version order, then resolves carrying the newest versions of their subjects.
 *
 * `sameFacts`: every copy of a subject carries the subject's severity, and no route changes severities by tenant.
 * Without it, arrival order legitimately changes who is told what (DESIGN §4, §5): a receiver told CRITICAL
 * first needs no "severity rose" update that HIGH-then-CRITICAL sends, and an older HIGH copy arriving after a
 * newer MEDIUM one is stale, so the ASP that the HIGH copy would have paged in order is not paged.
 */
const anOrderCase = (sameFacts: boolean): fc.Arbitrary<OrderCase> =>
  aRegistry({ tenantSeverityRoutes: !sameFacts }).chain((registry) =>
    someSubjects(registry).chain((subjects) =>
      fc
        .record({
          opens: fc.array(
            aDraft(registry, subjects, { varySeverity: !sameFacts, status: fc.constant('open' as const) }),
            { minLength: 1, maxLength: 10 },
          ),
          resolves: fc.subarray(subjects.filter((subject) => resolvable(subject.kind))).chain((closing) =>
            fc.tuple(
              ...closing.map((subject) =>
                aSender(registry, subject.claimed).map(
                  (envelope): Draft => ({
                    envelope,
                    items: [
                      { subject, claimed: subject.claimed, severity: subject.severity, status: 'resolved' },
                    ],
                  }),
                ),
              ),
            ),
          ),
        })
        .chain(({ opens, resolves }) =>
          distinctMinutes(opens.length, 0, 600).map((minutes) => ({
            registry,
            opens: timed(opens, minutes, 'open').sort((a, b) => a.minute - b.minute),
            resolves: timed(
              resolves,
              resolves.map((_, i) => 700 + i),
              'resolve',
            ),
          })),
        ),
    ),
  );

/** Any delivery order of `events`: every one at least once, some twice, shuffled. */
const redelivered = (events: readonly EventSpec[]) =>
  fc
    .tuple(fc.shuffledSubarray([...events], { minLength: events.length }), fc.subarray([...events]))
    .chain(([all, copies]) =>
      fc.shuffledSubarray([...all, ...copies], { minLength: all.length + copies.length }),
    );

const outcomeOf = async (config: Config, events: readonly EventSpec[]) => {
  const h = aHarness(config);
  for (const spec of events) {
    // As in replay and on AWS, timers due by an event's time fire before it.
    await h.runUntil(timeOf(spec.minute));
    await h.send(buildEvent(spec));
  }
  // Let every timer run out: what an order defers (a municipal report held back by minInterval) goes out too.
  await h.runUntil(timeOf(60 * 60));
  const incidents = h.store
    .incidents()
    .map((i) => ({
      id: i.id,
      state: i.state,
      severity: i.severity,
      accounts: [...i.accounts].sort(),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  // Order-sensitive by design, left out: reminders repeat with time (24 h, a missed promise), which an order
  // shifts; and a municipal report tells of a change the municipality saw (§12) — copies arriving newest first
  // show it no change at all, where the clean order shows two.
  const compared = h.store
    .deliveries()
    .filter((d) => !['repeat-due', 'report-overdue', 'aws-update'].includes(d.reason));
  const deliveries = [...new Set(compared.map((d) => `${d.incidentId} ${d.receiver} ${d.kind}`))];
  // How many times each was told counts what the events caused; timed steps (escalation) depend on the clock.
  const count = compared.filter((d) => d.kind !== 'escalation').length;
  return { incidents, deliveries: deliveries.sort(), count };
};

/**
 * A case, and a messy delivery of it. Only opens are shuffled; resolves follow, in order (re-sent copies after
 * their original). A resolve that overtakes its trigger rightly tells nobody (nobody had been told of a
 * trigger), so "any order" cannot include moving a resolve before the opens.
 */
const aMessyDelivery = (sameFacts: boolean) =>
  anOrderCase(sameFacts).chain((c) =>
    fc.record({
      c: fc.constant(c),
      opens: redelivered(c.opens),
      copies: fc
        .array(fc.nat(), { maxLength: 2 })
        .map((picks) =>
          c.resolves.length === 0 ? [] : picks.map((i) => c.resolves[i % c.resolves.length]!),
        ),
    }),
  );

describe('duplicates and order over random registries and events (DESIGN §5)', () => {
  it(
    'gives the same incidents and the same (incident, receiver, kind) deliveries as the clean order',
    async () => {
      await fc.assert(
        fc.asyncProperty(aMessyDelivery(true), async ({ c, opens, copies }) => {
          const { config } = c.registry;
          const clean = await outcomeOf(config, [...c.opens, ...c.resolves]);
          const messy = await outcomeOf(config, [...opens, ...c.resolves, ...copies]);

          expect(messy.incidents).toEqual(clean.incidents);
          expect(messy.deliveries).toEqual(clean.deliveries);
          // And nobody is told the same thing twice because of a copy.
          expect(messy.count).toBe(clean.count);
        }),
        runs(100),
      );
    },
    TIMEOUT,
  );

  it(
    'ends in the same incidents when severities change between copies, and tells nobody the clean order does not',
    async () => {
      await fc.assert(
        fc.asyncProperty(aMessyDelivery(false), async ({ c, opens, copies }) => {
          const { config } = c.registry;
          const clean = await outcomeOf(config, [...c.opens, ...c.resolves]);
          const messy = await outcomeOf(config, [...opens, ...c.resolves, ...copies]);

          // The newest copy sets the severity; late copies only add accounts; the state is the same.
          expect(messy.incidents).toEqual(clean.incidents);
          // A late (stale) copy may tell fewer receivers, never others: every receiver told is one in-order
          // delivery tells too.
          const told = (deliveries: readonly string[]) =>
            new Set(deliveries.map((line) => line.split(' ').slice(0, 2).join(' ')));
          const cleanTold = told(clean.deliveries);
          expect([...told(messy.deliveries)].filter((line) => !cleanTold.has(line))).toEqual([]);
        }),
        runs(100),
      );
    },
    TIMEOUT,
  );
});

// ── Resolve (§4) ───────────────────────────────────────────────────────────────────────────────────────

describe('resolves over random registries and events (DESIGN §4)', () => {
  it(
    'tells every receiver that got a trigger or an escalation exactly one resolve, and nobody else',
    async () => {
      await fc.assert(
        fc.asyncProperty(aStory, async (story) => {
          const { h } = await play(story, finalResolves(story));
          // Root sign-ins (and incidents a refused claim opened) never resolve by themselves: an operator closes them.
          for (const incident of h.store.incidents().filter((i) => i.state !== 'resolved')) {
            await resolve(incident.fingerprint, 'operator', h.ports);
          }

          expect(h.store.incidents().filter((i) => i.state !== 'resolved')).toEqual([]);
          const byReceiver = new Map<string, Delivery[]>();
          for (const d of h.store.deliveries()) {
            const key = `${d.incidentId} ${d.receiver}`;
            byReceiver.set(key, [...(byReceiver.get(key) ?? []), d]);
          }
          for (const [key, deliveries] of byReceiver) {
            const kinds = deliveries.map((d) => d.kind);
            const told = kinds.filter((kind) => kind !== 'resolve').length;
            expect(kinds.filter((kind) => kind === 'trigger').length, key).toBeLessThanOrEqual(1);
            expect(kinds.filter((kind) => kind === 'resolve').length, `${key}: ${kinds.join(', ')}`).toBe(
              told > 0 ? 1 : 0,
            );
          }
        }),
        runs(100),
      );
    },
    TIMEOUT,
  );
});

// ── Explain agrees with the pipeline (§9) ──────────────────────────────────────────────────────────────

describe('explain over random registries and events (DESIGN §9)', () => {
  it(
    'names exactly the receivers that routing one event on an empty store tells',
    async () => {
      const oneEvent = aRegistry({ tenantSeverityRoutes: true }).chain((registry) =>
        someSubjects(registry, 3).chain((subjects) =>
          fc.record({
            registry: fc.constant(registry),
            draft: aDraft(registry, subjects, {
              varySeverity: true,
              status: fc.constantFrom('open', 'resolved') as fc.Arbitrary<'open' | 'resolved'>,
            }),
            minute: fc.integer({ min: 0, max: 600 }),
          }),
        ),
      );
      await fc.assert(
        fc.asyncProperty(oneEvent, async ({ registry, draft, minute }) => {
          const [spec] = timed([draft], [minute], 'one');
          const event = buildEvent(spec!);
          const h = aHarness(registry.config);

          await h.send(event);

          const explained = explainEvent(event, registry.config).flatMap((e) =>
            e.kind === 'alert' ? e.notify.map((t) => `${t.audience} ${t.receiver}`) : [],
          );
          const told = h.store.deliveries().map((d) => `${d.audience} ${d.receiver}`);
          expect(told.sort()).toEqual(explained.sort());
          expect(h.store.deliveries().every((d) => d.kind === 'trigger')).toBe(true);
        }),
        runs(200),
      );
    },
    TIMEOUT,
  );
});
