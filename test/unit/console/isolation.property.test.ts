import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConsoleApp } from '../../../functions/console/app.js';
import { viewerOf, visibleAccountsOf } from '../../../functions/console/viewer.js';
import { createMemoryIncidentStore } from '../../../shared/adapters/memory/incident-store.js';
import { createMemoryLifecycleBus } from '../../../shared/adapters/memory/lifecycle-bus.js';
import { createMemoryNotifier } from '../../../shared/adapters/memory/notifier.js';
import { createVirtualTimers, VirtualClock } from '../../../shared/adapters/memory/virtual-time.js';
import { replay } from '../../../shared/pipeline/replay.js';
import {
  aDraft,
  aRegistry,
  buildEvent,
  distinctMinutes,
  someSubjects,
  timed,
} from '../../reliability/arbitraries.js';
import { ORIGIN, SESSION_SECRET } from './console-fixture.js';

// DESIGN §7, §14 as a property: over random registries and random events (Health events gathering the accounts
// of several ASPs included), an ASP's or a municipality's pages — the list, the month list and every detail page it
// can open — never contain another tenant's account id or an incident id it may not see.

const aWorld = aRegistry({ tenantSeverityRoutes: true }).chain((registry) =>
  someSubjects(registry).chain((subjects) =>
    fc
      .array(
        aDraft(registry, subjects, {
          varySeverity: true,
          status: fc.constantFrom('open', 'open', 'resolved') as fc.Arbitrary<'open' | 'resolved'>,
        }),
        { minLength: 1, maxLength: 10 },
      )
      .chain((drafts) =>
        distinctMinutes(drafts.length, 0, 600).map((minutes) => ({
          registry,
          events: timed(drafts, minutes, 'ev').map(buildEvent),
        })),
      ),
  ),
);

describe('an ASP or municipality user never sees another tenant’s data', () => {
  it('holds over random registries and events', async () => {
    await fc.assert(
      fc.asyncProperty(aWorld, async ({ registry, events }) => {
        const { config } = registry;
        const store = createMemoryIncidentStore();
        const ports = {
          store,
          notifier: createMemoryNotifier(),
          bus: createMemoryLifecycleBus(),
          timers: createVirtualTimers(),
          clock: new VirtualClock(Date.parse('2026-11-27T00:00:00Z')),
          config,
        };
        await replay(
          events.map((event, i) => ({ file: `e${i}.json`, event })),
          ports,
          3_600_000,
        );
        const app = createConsoleApp({ ports, auth: { sessionSecret: SESSION_SECRET, devLogin: true } });
        const incidents = await store.list({}, 1000);
        const tenants = [
          ...config.asps.map((asp) => asp.id),
          ...config.municipalities.map((municipality) => municipality.id),
        ];
        for (const tenant of tenants) {
          const viewer = viewerOf(config, { name: `dev:${tenant}`, groups: [tenant] });
          if (viewer === undefined) throw new Error(`no viewer for ${tenant}`);
          const signIn = await app.request(`${ORIGIN}/dev-login?as=${tenant}`);
          const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
          const visible = new Map(incidents.map((i) => [i.id, visibleAccountsOf(config, viewer, i)]));
          const mayShow = new Set(incidents.flatMap((i) => visible.get(i.id) ?? []));
          const foreignAccounts = [...registry.registered, ...registry.unregistered].filter(
            (id) => !mayShow.has(id),
          );
          const hidden = incidents.filter((i) => (visible.get(i.id) ?? []).length === 0).map((i) => i.id);
          const pages = [
            await app.request(`${ORIGIN}/incidents`, { headers: { cookie } }),
            await app.request(`${ORIGIN}/incidents?month=2026-11`, { headers: { cookie } }),
            ...(await Promise.all(
              incidents.map((i) => app.request(`${ORIGIN}/incidents/${i.id}`, { headers: { cookie } })),
            )),
          ];
          for (const [index, response] of pages.entries()) {
            const text = await response.text();
            const incident = incidents[index - 2];
            if (incident !== undefined && hidden.includes(incident.id)) expect(response.status).toBe(404);
            for (const id of foreignAccounts) expect(text, `${tenant} page ${index}`).not.toContain(id);
            for (const id of hidden) expect(text, `${tenant} page ${index}`).not.toContain(id);
          }
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 25) },
    );
  }, 120_000);
});
