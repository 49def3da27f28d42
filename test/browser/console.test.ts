import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/incident.js';
import { launchBrowser } from '../helpers/browser.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

// Issue 15 in a real browser: `alert-router console --dev-login` (the real node server on 127.0.0.1, port 0) over
// the state a replay of events/ wrote; Debian's Chromium signs in as the team, an ASP and a municipality, lists,
// opens, acknowledges, shares and posts an update. Each page is saved to docs/images/console-*.png.

const IMAGES = join(PROJECT_ROOT, 'docs/images');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const STEP_MS = 60_000;

describe('the console in Chromium', () => {
  let server: ChildProcess;
  let base = '';
  let browser: Browser;
  let incidents: Incident[] = [];

  beforeAll(async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'alert-router-console-')), 'state.json');
    const replayed = await runCli(['replay', '--state', state, '--until', '2h', `${PROJECT_ROOT}events/`]);
    expect(replayed.status, replayed.stderr).toBe(0);
    incidents = (JSON.parse(readFileSync(state, 'utf8')) as { incidents: Incident[] }).incidents;
    server = spawn(
      process.execPath,
      [join(PROJECT_ROOT, 'bin/alert-router.mjs'), 'console', '--dev-login', '--port', '0', '--state', state],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      server.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const url = /alert-router console: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
        if (url) resolve(url);
      });
      server.stderr?.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      server.on('exit', (code) => reject(new Error(`console exited ${code}: ${err}`)));
    });
    browser = await launchBrowser();
  }, STEP_MS);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  const signedIn = async (as: string, viewport = DESKTOP): Promise<Page> => {
    const page = await browser.newPage({ viewport, locale: 'ja-JP' });
    await page.goto(`${base}/dev-login?as=${as}`);
    expect(new URL(page.url()).pathname).toBe('/incidents');
    return page;
  };
  /** Saves a screenshot: the whole page, or for a long list on a phone what the first screen shows. */
  const shot = (page: Page, name: string, fullPage = true) =>
    page.screenshot({ path: join(IMAGES, `console-${name}.png`), fullPage });

  it(
    'lets the team list, open and acknowledge with one click',
    async () => {
      const page = await signedIn('team-oncall');
      const rows = page.locator('tr[data-incident]');
      expect(await rows.count()).toBeGreaterThan(5);
      await shot(page, 'list-team');
      const target = incidents.find(
        (i) => i.state === 'open' && i.subject.source === 'guardduty',
      ) as Incident;
      await page.click(`tr[data-incident="${target.id}"] a`);
      await expect.poll(() => page.url()).toContain(`/incidents/${target.id}`);
      expect(await page.locator('h2').first().textContent()).toContain('タイムライン');
      await shot(page, 'detail-team');
      await page.click('[data-action="ack"]');
      await expect.poll(() => page.locator('.flash').textContent()).toContain('確認 (ACK) しました');
      expect(await page.locator('.facts').textContent()).toContain('dev:team-oncall');
      await page.close();
    },
    STEP_MS,
  );

  it(
    'lets the team share a security incident and post an update, each after a confirmation',
    async () => {
      const target = incidents.find(
        (i) =>
          i.state !== 'resolved' &&
          i.subject.category === 'security' &&
          i.accounts.length === 1 &&
          !Object.values(i.receivers).some((r) => r.audience === 'municipality'),
      ) as Incident;
      const page = await signedIn('team-oncall');
      await page.goto(`${base}/incidents/${target.id}`);
      await page.click('[data-action="share"]');
      await page.fill('#message', '外部から接続できる設定を閉じました。住民情報への影響は調査中です。');
      await page.selectOption('#leak', 'unknown');
      await shot(page, 'share-confirm');
      // Without the box ticked the browser does not send the form (required); the page stays.
      await page.click('button[type="submit"][data-action="share"]');
      expect(new URL(page.url()).pathname).toBe(`/incidents/${target.id}/share`);
      await page.check('input[name="confirm"]');
      await page.click('button[type="submit"][data-action="share"]');
      await expect.poll(() => page.locator('.flash').textContent()).toContain('自治体へ共有しました');
      expect(await page.locator('table.timeline').textContent()).toContain('自治体へ共有');
      await page.click('[data-action="update"]');
      await page.fill('#message', '設定の変更履歴を確認し、外部からのアクセスがなかったことを確認しました。');
      await page.check('input[name="confirm"]');
      await page.click('button[type="submit"][data-action="update"]');
      await expect.poll(() => page.locator('.flash').textContent()).toContain('続報を送りました');
      await shot(page, 'detail-shared');
      await page.close();
    },
    STEP_MS,
  );

  it(
    'shows an ASP only its own incidents and lets it acknowledge one',
    async () => {
      const own = new Set(['111111111111', '555555555555']); // asp-a's accounts in the example registry
      const page = await signedIn('asp-a');
      const accounts = await page
        .locator('tr[data-incident]')
        .evaluateAll((rows) => rows.flatMap((row) => (row.getAttribute('data-account') ?? '').split(' ')));
      expect(accounts.length).toBeGreaterThan(0);
      expect(accounts.every((id) => own.has(id))).toBe(true);
      await shot(page, 'list-asp');
      const row = page.locator('tr[data-incident]:has([data-action="ack"])').first();
      const id = await row.getAttribute('data-incident');
      await row.locator('[data-action="ack"]').click();
      await expect.poll(() => page.url()).toContain(`/incidents/${id}?done=ack`);
      const other = incidents.find((i) => i.accounts.every((id) => id === '222222222222')) as Incident;
      const response = await page.goto(`${base}/incidents/${other.id}`);
      expect(response?.status()).toBe(404);
      await page.close();
    },
    STEP_MS,
  );

  it(
    'shows a municipality the notices sent to it, in plain Japanese, without actions',
    async () => {
      const page = await signedIn('city-sakura');
      expect(await page.locator('[data-action]').count()).toBe(0);
      await shot(page, 'list-municipality');
      await page.locator('tr[data-incident] a').first().click();
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('お送りしたお知らせ');
      expect(text).not.toMatch(/\d{12}|arn:aws/);
      await shot(page, 'detail-municipality');
      await page.close();
    },
    STEP_MS,
  );

  it(
    'fits a phone: the list becomes cards',
    async () => {
      const page = await signedIn('team-oncall', PHONE);
      const scrollWidth = () => page.evaluate<number>('document.documentElement.scrollWidth');
      const width = await scrollWidth();
      expect(width).toBeLessThanOrEqual(PHONE.width);
      expect(await page.locator('thead').first().isVisible()).toBe(false);
      await shot(page, 'list-phone', false);
      await page.locator('tr[data-incident] a').first().click();
      expect(await scrollWidth()).toBeLessThanOrEqual(PHONE.width);
      await shot(page, 'detail-phone');
      await page.close();
    },
    STEP_MS,
  );

  it(
    'shows the monthly report of the signed-in receiver',
    async () => {
      const page = await signedIn('team-oncall');
      await page.goto(`${base}/reports/2026-11`);
      expect(await page.locator('tr[data-incident]').count()).toBeGreaterThan(0);
      await shot(page, 'report');
      await page.close();
    },
    STEP_MS,
  );
});
