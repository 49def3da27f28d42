import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { aConsole } from './console-fixture.js';

// DESIGN §14, §15: `/reports/YYYY-MM` is the monthly report of the receiver the user signed in as, scoped by the
// report itself, under a CSP that allows its inline style by hash only.

describe('the monthly report page', () => {
  let c: Awaited<ReturnType<typeof aConsole>>;
  beforeAll(async () => {
    c = await aConsole();
  });

  it('shows the team its report, with a strict hash-based CSP and a way back', async () => {
    const response = await c.get('/reports/2026-11', await c.signIn('team-oncall'));
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('href="/incidents"');
    expect(page).toMatch(/data-incident="INC-/);
    const csp = response.headers.get('content-security-policy') ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it.each(['asp-a', 'city-sakura'])('shows %s no account of another tenant', async (as) => {
    const page = await (await c.get('/reports/2026-11', await c.signIn(as))).text();
    const own = c.config.accounts
      .filter((a) => a.asp === as || a.municipalities.includes(as))
      .map((a) => a.id);
    for (const account of c.config.accounts.filter((a) => !own.includes(a.id)))
      expect(page).not.toContain(account.id);
  });

  it('answers 404 for a path that is not a month, and asks for sign-in without a session', async () => {
    const cookie = await c.signIn('team-oncall');
    expect((await c.get('/reports/2026-13', cookie)).status).toBe(404);
    expect((await c.get('/reports/latest', cookie)).status).toBe(404);
    expect((await c.get('/reports/2026-11')).status).toBe(401);
  });
});
