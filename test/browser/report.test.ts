import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/load.js';
import type { Incident } from '../../shared/incident.js';
import { buildMonthlyReport, renderReport } from '../../shared/report/index.js';
import { launchBrowser } from '../helpers/browser.js';
import { fromRoot, PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { A, NOVEMBER } from '../unit/report/fixtures.js';

// DESIGN §15: the HTML report in Chromium, as an officer would open and print it: it loads nothing, runs
// nothing (whatever a finding title holds), fits its A4 sheet, and prints on A4. The screenshots in
// docs/images/ are made here.

const IMAGES = join(PROJECT_ROOT, 'docs/images');
const config = parseConfig(readFileSync(join(PROJECT_ROOT, 'events/config.example.yaml'), 'utf8'));

let browser: Browser;
let incidents: readonly Incident[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alert-router-report-browser-'));
  const state = join(dir, 'state.json');
  const replay = await runCli(['replay', '--until', '2h', '--state', state, fromRoot('events/')]);
  expect(replay.status, replay.stderr).toBe(0);
  const saved = JSON.parse(readFileSync(state, 'utf8')) as { incidents: Incident[]; episodes?: Incident[] };
  incidents = [...saved.incidents, ...(saved.episodes ?? [])];
  browser = await launchBrowser();
  mkdirSync(IMAGES, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** Opens an HTML text in a fresh page, recording every request it makes and every dialog it opens. */
const open = async (html: string): Promise<{ page: Page; requests: string[]; dialogs: string[] }> => {
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('data:') && request.url() !== 'about:blank') requests.push(request.url());
  });
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.setContent(html, { waitUntil: 'load' });
  return { page, requests, dialogs };
};

/** How far the widest element reaches past its A4 sheet (0: everything fits). */
// Runs in the page (a string: the project's TypeScript has no DOM library).
const overflow = (page: Page): Promise<number> =>
  page.evaluate<number>(`(() => {
    const right = document.querySelector('.sheet').getBoundingClientRect().right;
    let worst = 0;
    for (const element of document.querySelectorAll('.sheet table, .sheet svg, .sheet h1, .sheet p'))
      worst = Math.max(worst, element.getBoundingClientRect().right - right);
    return worst;
  })()`);

describe('the monthly report in Chromium', () => {
  it('shows the team’s month on an A4 sheet, loads nothing and prints on A4', async () => {
    const report = buildMonthlyReport({
      incidents,
      previous: [],
      config,
      month: '2026-11',
      receiver: 'team-oncall',
    });
    const { page, requests, dialogs } = await open(renderReport(report, 'html'));
    expect(await page.title()).toBe('月次報告 2026年11月 — 統合運用チーム');
    expect(await page.locator('h2').allTextContents()).toEqual([
      '1. 概要',
      '2. 件数の内訳',
      '3. 対応時間（MTTA・MTTR）',
      '4. 障害（AWS Health）とその影響時間',
      '5. AWS の計画的な変更（scheduledChange）',
      '6. 内訳',
      '7. インシデント一覧',
      '8. 月末時点で未解消のインシデント',
      '9. 定義',
    ]);
    expect(await page.locator('#incidents tr[data-incident]').count()).toBe(34);
    expect(await page.locator('svg').count()).toBe(4);
    expect(await overflow(page)).toBeLessThanOrEqual(1);
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.screenshot({
      path: join(IMAGES, 'report-team.png'),
      clip: { x: 0, y: 0, width: 900, height: 1500 },
    });
    // The page size comes from the report's own `@page` rule: A4 is 210 × 297 mm, 595 × 842 points.
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)];
    expect(boxes.length).toBeGreaterThan(1);
    for (const [, width, height] of boxes) {
      expect(Number(width)).toBeCloseTo(595.3, -1);
      expect(Number(height)).toBeCloseTo(841.9, -1);
    }
    await page.close();
  }, 60_000);

  it('shows a municipality its notices in plain Japanese', async () => {
    const report = buildMonthlyReport({
      incidents,
      previous: [],
      config,
      month: '2026-11',
      receiver: 'city-aoba',
    });
    const { page, requests } = await open(renderReport(report, 'html'));
    const text = await page.locator('body').innerText();
    expect(text).toContain('住民記録システム');
    expect(text).not.toMatch(/\d{12}|INC-|arn:|AWS_/);
    expect(await overflow(page)).toBeLessThanOrEqual(1);
    expect(requests).toEqual([]);
    await page.screenshot({
      path: join(IMAGES, 'report-municipality.png'),
      clip: { x: 0, y: 0, width: 900, height: 1200 },
    });
    await page.close();
  }, 60_000);

  it('runs nothing an attacker put in a finding title', async () => {
    const payload =
      '<img src=x onerror="alert(1)"><script>alert(2)</script><svg onload="alert(3)"></svg>"><iframe src="javascript:alert(4)">';
    const hostile = NOVEMBER.map((incident) =>
      incident.id === A.id ? { ...incident, subject: { ...incident.subject, title: payload } } : incident,
    );
    const report = buildMonthlyReport({
      incidents: hostile,
      config,
      month: '2026-11',
      receiver: 'team-oncall',
    });
    const { page, requests, dialogs } = await open(renderReport(report, 'html'));
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('img, script, iframe').count()).toBe(0);
    expect(await page.locator(`tr[data-incident="${A.id}"]`).first().innerText()).toContain(
      '<script>alert(2)</script>',
    );
    await page.close();
  }, 60_000);
});
