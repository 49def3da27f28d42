import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromRoot, runCli } from '../../helpers/cli.js';

// DESIGN §9 `report` (issue 16): after a replay of events/ into a --state file, `report` writes all four formats
// for the team, an ASP and a municipality; bad months and receivers are usage errors (exit status 2).

let state = '';
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'alert-router-report-'));
  state = join(dir, 'state.json');
  const replay = await runCli(['replay', '--until', '2h', '--state', state, fromRoot('events/')]);
  expect(replay.status, replay.stderr).toBe(0);
}, 120_000);

describe('alert-router report', () => {
  it.each([
    ['team-oncall', '統合運用チーム'],
    ['asp-a', 'Aシステムズ株式会社'],
    ['asp-c', 'C Cloud Solutions K.K.'],
    ['city-aoba', '青葉市'],
  ])(
    'writes %s’s November in all four formats',
    async (receiver, name) => {
      for (const format of ['html', 'csv', 'json', 'md']) {
        const run = await runCli([
          'report',
          '--month',
          '2026-11',
          '--receiver',
          receiver,
          '--format',
          format,
          '--state',
          state,
        ]);
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        if (format === 'csv') expect(run.stdout.startsWith('\uFEFF')).toBe(true);
        else expect(run.stdout).toContain(name);
        if (format === 'json') {
          const report = JSON.parse(run.stdout);
          expect(report.receiver.id).toBe(receiver);
          expect(report.figures.opened + report.figures.carriedOver).toBeGreaterThan(0);
        }
      }
    },
    60_000,
  );

  it('gives the team Markdown on stdout by default, with the replay’s numbers', async () => {
    const run = await runCli(['report', '--month', '2026-11', '--state', state]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^# 月次報告 2026年11月 — 統合運用チーム/);
    expect(run.stdout).toContain('| 発生したインシデント | 34 | 0 | +34 |');
  });

  it('keeps an ASP’s and a municipality’s report to their own', async () => {
    const asp = await runCli([
      'report',
      '--month',
      '2026-11',
      '--receiver',
      'asp-a',
      '--format',
      'json',
      '--state',
      state,
    ]);
    const ids = JSON.parse(asp.stdout).incidents.flatMap((row: { accounts: { id: string }[] }) =>
      row.accounts.map((a) => a.id),
    );
    expect(new Set(ids)).toEqual(new Set(['111111111111', '555555555555']));
    const city = await runCli([
      'report',
      '--month',
      '2026-11',
      '--receiver',
      'city-aoba',
      '--format',
      'md',
      '--state',
      state,
    ]);
    expect(city.stdout).toContain('住民記録システム');
    expect(city.stdout).not.toMatch(/\d{12}|INC-|税務システム|arn:/);
  });

  it('writes every receiver’s files with --out', async () => {
    const out = join(dir, 'reports');
    const run = await runCli(['report', '--month', '2026-11', '--out', out, '--state', state]);
    expect(run.status).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(7 * 4); // the team once, 3 ASPs, 3 municipalities; 4 formats each
    expect(files).toContain('team-oncall-2026-11.html');
    expect(files).toContain('town-midori-2026-11.csv');
    expect(run.stdout.trim().split('\n')).toHaveLength(28);
    expect(readFileSync(join(out, 'asp-b-2026-11.md'), 'utf8')).toContain('B情報サービス株式会社');
  }, 60_000);

  it('writes a fiscal-year summary', async () => {
    const run = await runCli(['report', '--fiscal-year', '2026', '--format', 'csv', '--state', state]);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\r\n');
    expect(lines).toHaveLength(14); // header, 12 months, the final CRLF
    expect(lines[8]).toMatch(/^2026-11,34,/);
  });

  it.each([
    [['--month', '2026-13'], '--month: "2026-13" is not a month such as 2026-11'],
    [['--month', '11-2026'], 'is not a month'],
    [['--month', '2026-11', '--receiver', 'city-x'], '--receiver: "city-x" is not in the registry'],
    [['--month', '2026-11', '--receiver', 'all'], 'it needs --out DIR'],
    [['--month', '2026-11', '--format', 'pdf'], '--format: "pdf" is not html, csv, json, md'],
    [['--fiscal-year', 'R8'], '--fiscal-year: "R8" is not a year'],
    [['--month', '2026-11', '--fiscal-year', '2026'], 'give one'],
    [[], 'needs --month YYYY-MM'],
  ])('refuses %j with exit status 2', async (args, message) => {
    const run = await runCli(['report', ...args, '--state', state]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('needs a store that holds incidents', async () => {
    const run = await runCli(['report', '--month', '2026-11']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--state FILE');
  });
});
