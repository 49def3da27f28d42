import { beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/incident.js';
import { loadEvent, withChanges } from '../../helpers/events.js';
import { aConsole } from './console-fixture.js';

// Whoever can write a finding (a resource name, an alarm description, a crafted title) must not be able to put
// markup into the console: hono's html helper escapes every value, and the CSP allows no script at all.

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</style><script>alert(2)</script>',
  'javascript:alert(3)',
];
/** Markup that would act: a script, an image or SVG tag, an event handler inside a real tag, a javascript: link. */
const LIVE_MARKUP = [/<script/i, /<img/i, /<svg/i, /<[a-z][^>]*\son[a-z]+=/i, /href="javascript:/i];

const hostileGuardDuty = (i: number, payload: string) =>
  withChanges(loadEvent('guardduty/high-exfiltration-1st.json'), (event) => {
    event.id = `xss-gd-${i}`;
    event.detail.id = `xss-finding-${i}`;
    event.detail.title = `title ${payload}`;
    event.detail.description = `description ${payload}`;
    event.detail.type = `Exfiltration:S3/${payload}`;
    event.detail.resource.instanceDetails = { instanceId: `i-${payload}` };
    // GuardDuty API call findings carry the caller's user agent: free text of the attacker's choosing.
    event.detail.service.action = {
      actionType: 'AWS_API_CALL',
      awsApiCallAction: { api: 'GetObject', userAgent: `ua ${payload}`, serviceName: 's3.amazonaws.com' },
    };
  });

const hostileAlarm = (i: number, payload: string) =>
  withChanges(loadEvent('cloudwatch/zeimu-batch-errors-alarm.json'), (event) => {
    event.id = `xss-cw-${i}`;
    event.detail.alarmName = `alarm ${payload}`;
    if (event.detail.configuration) event.detail.configuration.description = `alarm description ${payload}`;
    event.resources = [`arn:aws:cloudwatch:ap-northeast-1:222222222222:alarm:${payload}`];
  });

describe('attacker-controlled finding fields are escaped on every page', () => {
  let c: Awaited<ReturnType<typeof aConsole>>;
  let hostile: Incident[];
  beforeAll(async () => {
    const inputs = PAYLOADS.flatMap((payload, i) => [
      { file: `gd-${i}.json`, event: hostileGuardDuty(i, payload) },
      { file: `cw-${i}.json`, event: hostileAlarm(i, payload) },
    ]);
    c = await aConsole({ inputs });
    hostile = [...(await c.store.list({}, 100))];
  });

  it('stores the hostile text as it came (so the pages below really get it)', () => {
    expect(hostile.length).toBe(PAYLOADS.length * 2);
    expect(hostile.some((i) => i.subject.title.includes('<script>alert(1)</script>'))).toBe(true);
    expect(hostile.some((i) => i.subject.description.includes('"><img src=x onerror=alert(1)>'))).toBe(true);
  });

  it.each([
    'team-oncall',
    'asp-a',
    'asp-b',
  ])('escapes titles, descriptions, types and resources for %s', async (as) => {
    const cookie = await c.signIn(as);
    const pages = [await (await c.get('/incidents', cookie)).text()];
    for (const incident of hostile) {
      const detail = await c.get(`/incidents/${incident.id}`, cookie);
      if (detail.status === 200) pages.push(await detail.text());
      if (as === 'team-oncall') {
        pages.push(await (await c.get(`/incidents/${incident.id}/resolve`, cookie)).text());
        pages.push(await (await c.get(`/incidents/${incident.id}/share`, cookie)).text());
      }
    }
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      for (const pattern of LIVE_MARKUP) expect(page).not.toMatch(pattern);
    }
    const all = pages.join('\n');
    expect(all).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(all).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes query values it echoes (filters, month) and never reflects the user agent', async () => {
    const cookie = await c.signIn('team-oncall');
    const evil = encodeURIComponent('"><script>alert(9)</script>');
    const page = await (
      await c.request(`/incidents?system=${evil}&asp=${evil}&severity=${evil}`, {
        headers: { cookie, 'user-agent': '<script>alert(8)</script>' },
      })
    ).text();
    expect(page).not.toMatch(/<script/i);
    const month = await (await c.get(`/incidents?month=${evil}`, cookie)).text();
    expect(month).not.toMatch(/<script/i);
  });
});

describe('security headers', () => {
  let c: Awaited<ReturnType<typeof aConsole>>;
  beforeAll(async () => {
    c = await aConsole();
  });

  it.each([
    '/incidents',
    '/incidents/INC-000000000000-1',
    '/nowhere',
    '/dev-login?as=nobody',
  ])('sends a strict CSP and refuses framing on %s', async (path) => {
    const response = await c.get(path, await c.signIn('team-oncall'));
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('script-src');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('gives the inline style the response’s nonce, a new one each time', async () => {
    const cookie = await c.signIn('team-oncall');
    const nonces = await Promise.all(
      [1, 2].map(async () => {
        const response = await c.get('/incidents', cookie);
        const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
        expect(await response.text()).toContain(`<style nonce="${nonce}">`);
        return nonce;
      }),
    );
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('sets the session cookie HttpOnly, Secure, SameSite=Strict, host-only and short-lived', async () => {
    const response = await c.get('/dev-login?as=team-oncall');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-console-session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Domain=');
    expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeLessThanOrEqual(3600);
  });

  it('rejects a session cookie whose signature was tampered with', async () => {
    const cookie = await c.signIn('asp-a');
    const [name, value] = cookie.split('=') as [string, string];
    const [payload, signature] = decodeURIComponent(value).split('.') as [string, string];
    const session = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...session, groups: ['team-oncall'] })).toString('base64url');
    const response = await c.get('/incidents', `${name}=${encodeURIComponent(`${forged}.${signature}`)}`);
    expect(response.status).toBe(401);
  });

  it('signs out: the POST needs the token, and clears the session', async () => {
    const cookie = await c.signIn('team-oncall');
    expect((await c.post('/logout', cookie, {})).status).toBe(403);
    const out = await c.post('/logout', cookie, { csrf: await c.csrfOf(cookie) });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/signed-out');
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-console-session=;.*Max-Age=0/);
  });
});
