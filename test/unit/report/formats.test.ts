import { describe, expect, it } from 'vitest';
import { csvField } from '../../../shared/report/csv.js';
import { buildMonthlyReport, renderReport, renderReportSummary } from '../../../shared/report/index.js';
import { escapeMarkdown } from '../../../shared/report/markdown.js';
import { aConfig } from '../../helpers/config.js';
import { A, NOVEMBER, OCTOBER } from './fixtures.js';

// DESIGN §15 formats: CSV for Excel (BOM, CRLF, RFC 4180, no formula injection), HTML with everything escaped
// (titles are attacker-controlled), Markdown whose tables a title cannot break, JSON of a documented shape.

const config = aConfig();
const HOSTILE =
  '=HYPERLINK("http://evil.example","x"),|<script>alert(1)</script><img src=x onerror=alert(2)>\r\nnext';
const hostile = { ...A, subject: { ...A.subject, title: HOSTILE } };
const report = (receiver = 'team-oncall') =>
  buildMonthlyReport({
    incidents: NOVEMBER.map((incident) => (incident.id === A.id ? hostile : incident)),
    previous: OCTOBER,
    config,
    month: '2026-11',
    receiver,
  });

/** RFC 4180 records of a CSV text (quoted fields may hold commas, quotes and line breaks). */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += char;
  }
  return rows;
};

describe('CSV', () => {
  const csv = renderReport(report(), 'csv');

  it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // Every LF belongs to a CRLF, except inside a quoted field (the title's own line break).
    const outsideQuotes = csv.replace(/"(?:[^"]|"")*"/g, '');
    expect(outsideQuotes.match(/(?<!\r)\n/g)).toBeNull();
  });

  it('quotes per RFC 4180 and defuses formulas, so every record has the header’s width', () => {
    const rows = parseCsv(csv.slice(1));
    const [header, ...records] = rows;
    expect(records).toHaveLength(7);
    for (const record of records) expect(record).toHaveLength(header?.length ?? 0);
    const titleColumn = header?.indexOf('件名') ?? -1;
    const row = records.find((record) => record.includes(A.id));
    expect(row?.[titleColumn]).toBe(`'${HOSTILE}`);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+81-3', "'+81-3"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['plain 住民記録', 'plain 住民記録'],
    [-5, '-5'],
    [null, ''],
  ])('field %j → %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('gives minutes as numbers and JST times Excel can sort', () => {
    const [header, ...records] = parseCsv(csv.slice(1));
    const row = records.find((record) => record.includes(A.id)) ?? [];
    const at = (name: string) => row[header?.findIndex((h) => h.startsWith(name)) ?? -1];
    expect(at('発生')).toBe('2026-11-03 10:00');
    expect(at('確認まで')).toBe('6');
    expect(at('解消まで')).toBe('60');
  });

  it('writes a municipality’s rows without codes', () => {
    const text = renderReport(report('city-aoba'), 'csv');
    expect(parseCsv(text.slice(1))[0]).toEqual([
      'No.',
      '種別',
      'システム',
      '発生',
      '復旧・対応完了',
      '復旧までの時間（分）',
      '報告',
      '月末の状態',
    ]);
    expect(text).not.toMatch(/INC-|\d{12}|HIGH|health/);
  });
});

describe('HTML', () => {
  const html = renderReport(report(), 'html');

  it('escapes an attacker’s title everywhere it appears', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)');
  });

  it('is one A4, self-contained page: inline CSS and SVG, no script, no external asset', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="ja">/);
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('@media print');
    expect(html).toContain("default-src 'none'");
    expect(html).toMatch(/<svg [^>]*viewBox/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|url\(|@import/i);
    // The only URLs are the SVG namespace (an identifier, never fetched) and the title's text.
    const urls = new Set(html.match(/https?:\/\/[a-z0-9./]*/g));
    expect([...urls]).toEqual(['http://www.w3.org/2000/svg', 'http://evil.example']);
    expect(html).not.toMatch(/href=/);
  });

  it('carries the hooks the console and tests use', () => {
    expect(html).toContain(`data-incident="${A.id}"`);
    expect(html).toContain('MTTA（確認までの時間）');
  });

  it('is English for an ASP that reads English', () => {
    const en = renderReport(report('asp-c'), 'html');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Monthly report — November 2026');
  });
});

describe('Markdown', () => {
  it('keeps a hostile title inside its cell', () => {
    const md = renderReport(report(), 'md');
    const line = md.split('\n').find((text) => text.includes(A.id)) ?? '';
    expect(line).toContain('\\|\\<script\\>');
    // Unescaped pipes: the row has exactly as many as the header.
    const header = md.split('\n').find((text) => text.startsWith('| No. | インシデント | 重大度')) ?? '';
    const pipes = (text: string) => text.replace(/\\\|/g, '').split('|').length;
    expect(pipes(line)).toBe(pipes(header));
    expect(md).not.toContain('\r');
  });

  it.each([
    ['a|b', 'a\\|b'],
    ['[x](http://e)', '\\[x\\](http://e)'],
    ['<b>', '\\<b\\>'],
    ['line\nbreak', 'line break'],
    ['*bold* _it_ `code`', '\\*bold\\* \\_it\\_ \\`code\\`'],
  ])('escapes %j', (text, expected) => {
    expect(escapeMarkdown(text)).toBe(expected);
  });
});

describe('JSON', () => {
  it('is the report data, versioned and stable', () => {
    const json = renderReport(report(), 'json');
    const data = JSON.parse(json);
    expect(data.schema).toBe('alert-router/monthly-report@1');
    expect(Object.keys(data)).toEqual([
      'schema',
      'kind',
      'month',
      'period',
      'receiver',
      'from',
      'title',
      'figures',
      'counts',
      'incidents',
      'outages',
      'outagesBySystem',
      'scheduledChanges',
      'previous',
      'breakdown',
      'definitions',
    ]);
    expect(renderReport(report(), 'json')).toBe(json);
  });
});

describe('the summary the monthly function sends', () => {
  it('gives the team its own numbers in Japanese, with the console link', () => {
    const summary = renderReportSummary(report(), 'https://console.example/');
    expect(summary.subject).toBe('【月次報告】2026年11月 インシデント 6件・未解消 2件 — 統合運用チーム');
    expect(summary.body).toContain('MTTA（最初のページ→確認）：中央値 20分、90パーセンタイル 30分（3件）');
    expect(summary.body).toContain('https://console.example/reports/2026-11');
    expect(summary.short).toContain('MTTA中央値20分');
  });

  it('gives a municipality plain Japanese and an English ASP English', () => {
    const city = renderReportSummary(report('city-aoba'));
    expect(city.body).toContain('住民記録システム：2時間（1件）');
    expect(city.body).not.toMatch(/INC-|\d{12}|MTTA|HIGH/);
    const asp = renderReportSummary(report('asp-c'));
    expect(asp.subject).toMatch(/^\[Monthly report\] November 2026: 2 incidents/);
  });
});
