import { beforeAll, describe, expect, it } from 'vitest';
import { aConsole, hooks } from './console-fixture.js';

// DESIGN §14: the team sees everything; an ASP only incidents of its own accounts; a municipality only the notices
// sent to it. Another tenant's incident is a 404, never the page.

type Console = Awaited<ReturnType<typeof aConsole>>;

describe('what each kind of user sees', () => {
  let c: Console;
  const accountsOf = (asp: string) => c.config.accounts.filter((a) => a.asp === asp).map((a) => a.id);
  beforeAll(async () => {
    c = await aConsole();
  });

  it('redirects / to the incident list', async () => {
    const response = await c.get('/');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/incidents');
  });

  it('shows the team every open incident, newest first, with its rows hooked by incident and account', async () => {
    const cookie = await c.signIn('team-oncall');
    const page = await (await c.get('/incidents', cookie)).text();
    const open = (await c.store.list({ open: true }, 1000)).map((incident) => incident.id);
    expect(open.length).toBeGreaterThan(5);
    expect(hooks(page).incidents).toEqual(open);
    expect(page).toContain('data-action="ack"');
  });

  it.each(['asp-a', 'asp-b', 'asp-c'])('shows %s only incidents of its own accounts', async (asp) => {
    const cookie = await c.signIn(asp);
    const page = await (await c.get('/incidents', cookie)).text();
    const own = accountsOf(asp);
    const { incidents, accounts } = hooks(page);
    expect(incidents.length).toBeGreaterThan(0);
    expect(accounts.every((id) => own.includes(id))).toBe(true);
    const others = c.config.accounts.filter((a) => a.asp !== asp).map((a) => a.id);
    for (const id of others) expect(page).not.toContain(id);
  });

  it('answers 404 to an ASP asking for another ASP’s incident, and shows its own', async () => {
    const all = await c.store.list({}, 1000);
    const ofB = all.find((i) => i.accounts.every((id) => accountsOf('asp-b').includes(id)));
    const ofA = all.find((i) => i.accounts.every((id) => accountsOf('asp-a').includes(id)));
    expect(ofA && ofB).toBeTruthy();
    const cookie = await c.signIn('asp-a');
    const theirs = await c.get(`/incidents/${ofB?.id}`, cookie);
    expect(theirs.status).toBe(404);
    expect(await theirs.text()).not.toContain(ofB?.subject.title ?? '-');
    const mine = await c.get(`/incidents/${ofA?.id}`, cookie);
    expect(mine.status).toBe(200);
  });

  it('shows a municipality only incidents it was told of, without account ids, ARNs or finding titles', async () => {
    const all = await c.store.list({}, 1000);
    const told = all.filter((i) => i.receivers['city-sakura']?.audience === 'municipality');
    expect(told.length).toBeGreaterThan(0);
    const cookie = await c.signIn('city-sakura');
    const page = await (await c.get('/incidents', cookie)).text();
    const open = told.filter((i) => i.state !== 'resolved').map((i) => i.id);
    expect(hooks(page).incidents.sort()).toEqual(open.sort());
    for (const incident of told) {
      const detail = await c.get(`/incidents/${incident.id}`, cookie);
      expect(detail.status).toBe(200);
      const text = (await detail.text()).replace(/data-(incident|account)="[^"]*"/g, '');
      expect(text).not.toMatch(/\b\d{12}\b/);
      expect(text).not.toContain('arn:aws');
      expect(text).not.toContain(incident.subject.title);
    }
    const untold = all.find((i) => i.receivers['city-sakura'] === undefined);
    expect((await c.get(`/incidents/${untold?.id}`, cookie)).status).toBe(404);
  });

  it('offers a municipality no action and an ASP only ack', async () => {
    const city = await (await c.get('/incidents', await c.signIn('city-aoba'))).text();
    expect(city).not.toContain('data-action=');
    const asp = await (await c.get('/incidents', await c.signIn('asp-a'))).text();
    const actions = [...asp.matchAll(/data-action="(\w+)"/g)].map((m) => m[1]);
    expect(new Set(actions)).toEqual(new Set(['ack']));
  });

  it('shows the whole timeline to the team: who was told what, when', async () => {
    const cookie = await c.signIn('team-oncall');
    const incident = (await c.store.list({}, 1000)).find((i) =>
      (i.timeline ?? []).some((e) => e.what === 'escalated'),
    );
    const page = await (await c.get(`/incidents/${incident?.id}`, cookie)).text();
    expect(page).toContain('エスカレーション');
    expect(page).toContain('team-lead');
    expect(page).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} JST/);
  });

  it('lists the resolved incidents of a month', async () => {
    const cookie = await c.signIn('team-oncall');
    const resolved = (await c.store.list({}, 1000)).filter((i) => i.state === 'resolved');
    expect(resolved.length).toBeGreaterThan(0);
    const page = await (await c.get('/incidents?month=2026-11', cookie)).text();
    expect(hooks(page).incidents.sort()).toEqual(resolved.map((i) => i.id).sort());
    expect((await c.get('/incidents?month=2026-13', cookie)).status).toBe(400);
  });

  it('filters by severity, source, ASP and system', async () => {
    const cookie = await c.signIn('team-oncall');
    const open = await c.store.list({ open: true }, 1000);
    const cases: Array<[string, (i: (typeof open)[number]) => boolean]> = [
      ['severity=CRITICAL', (i) => i.severity === 'CRITICAL'],
      ['source=health', (i) => i.subject.source === 'health'],
      ['asp=asp-b', (i) => i.accounts.some((id) => c.config.accountsById.get(id)?.asp === 'asp-b')],
      [
        `system=${encodeURIComponent('税務システム')}`,
        (i) => i.accounts.some((id) => c.config.accountsById.get(id)?.system === '税務システム'),
      ],
    ];
    for (const [query, keep] of cases) {
      const page = await (await c.get(`/incidents?${query}`, cookie)).text();
      expect(hooks(page).incidents, query).toEqual(open.filter(keep).map((i) => i.id));
    }
  });

  it('pages the list with the store cursor', async () => {
    const small = await aConsole({ pageSize: 3 });
    const cookie = await small.signIn('team-oncall');
    const first = await (await small.get('/incidents', cookie)).text();
    expect(hooks(first).incidents).toHaveLength(3);
    const next = /href="([^"]+)" rel="next"/.exec(first)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBeDefined();
    const second = await (await small.get(next as string, cookie)).text();
    expect(hooks(second).incidents.some((id) => hooks(first).incidents.includes(id))).toBe(false);
  });

  it("pages a month's resolved incidents too, newest first, every one once, the month kept in the links", async () => {
    const small = await aConsole({ pageSize: 2 });
    const cookie = await small.signIn('team-oncall');
    const resolved = (await small.store.list({}, 1000))
      .filter((i) => i.state === 'resolved')
      .sort((a, b) => b.firstSeen.localeCompare(a.firstSeen));
    expect(resolved.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let path: string | undefined = '/incidents?month=2026-11';
    for (let pages = 0; path !== undefined && pages < 20; pages++) {
      const page = await (await small.get(path, cookie)).text();
      expect(hooks(page).incidents.length).toBeLessThanOrEqual(2);
      seen.push(...hooks(page).incidents);
      path = /href="([^"]+)" rel="next"/.exec(page)?.[1]?.replaceAll('&amp;', '&');
      if (path !== undefined) expect(path).toContain('month=2026-11');
    }
    expect(seen).toEqual(resolved.map((i) => i.id));
  });
});

describe('who may use the console', () => {
  let c: Console;
  beforeAll(async () => {
    c = await aConsole();
  });

  it('asks for sign-in without a session (401, dev-login links when enabled)', async () => {
    const response = await c.get('/incidents');
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('/dev-login?as=team-oncall');
  });

  it('refuses a user in no group, or only in groups that are not receivers (403)', async () => {
    for (const groups of [[], ['admins', 'asp-z', 'Team-Oncall']]) {
      const cookie = await sessionCookie(groups);
      const response = await c.get('/incidents', cookie);
      expect(response.status, JSON.stringify(groups)).toBe(403);
      expect(await response.text()).not.toContain('data-incident');
    }
  });

  it('has no dev login unless the app was made with it', async () => {
    const plain = await aConsole({ auth: { devLogin: false } });
    expect((await plain.get('/dev-login?as=team-oncall')).status).toBe(404);
  });

  it('refuses a dev login as an unknown receiver', async () => {
    const response = await c.get('/dev-login?as=nobody');
    expect(response.status).toBe(400);
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});

/** A session cookie for arbitrary groups, signed as the app signs its own (as Cognito sign-in would make). */
const sessionCookie = async (groups: readonly string[]): Promise<string> => {
  const { generateSignedCookie } = await import('hono/cookie');
  const { SESSION_SECRET } = await import('./console-fixture.js');
  const value = Buffer.from(
    JSON.stringify({ sid: 'test-session', name: 'someone@example.jp', groups, exp: 4_102_444_800 }),
  ).toString('base64url');
  const header = await generateSignedCookie('__Host-console-session', value, SESSION_SECRET, {
    path: '/',
    secure: true,
  });
  return header.split(';')[0] as string;
};
