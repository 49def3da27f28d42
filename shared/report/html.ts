import type { Block, Chart, Document, Table } from './sections.js';

/**
 * The report as one self-contained HTML page: A4, print-friendly, inline CSS, charts drawn here as SVG, no script,
 * no external asset (a municipal office may open it offline or print it). Every text is escaped: finding titles
 * come from events, which an attacker can write.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text and attribute values as HTML: the five characters that can change markup become entities. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);

const STYLE = `
@page { size: A4 portrait; margin: 14mm 12mm 16mm; }
* { box-sizing: border-box; }
html { background: #e9ecef; }
body { margin: 0; font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif;
  color: #1b1f23; font-size: 10pt; line-height: 1.5; }
.sheet { background: #fff; width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 14mm 12mm 16mm;
  box-shadow: 0 1px 4px rgba(0,0,0,.25); }
header { border-bottom: 2px solid #1f3a5f; padding-bottom: 4mm; margin-bottom: 5mm; }
.doc-kind { font-size: 9pt; letter-spacing: .3em; color: #1f3a5f; font-weight: bold; }
h1 { font-size: 16pt; margin: 1mm 0 3mm; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .5mm 4mm; margin: 0; font-size: 9.5pt; }
dl.meta dt { color: #555; } dl.meta dd { margin: 0; }
h2 { font-size: 12pt; color: #1f3a5f; border-left: 4px solid #1f3a5f; padding-left: 2mm; margin: 6mm 0 2.5mm;
  break-after: avoid; }
h3 { font-size: 10pt; margin: 3mm 0 1.5mm; break-after: avoid; }
section { break-inside: auto; }
table { border-collapse: collapse; width: 100%; margin: 0 0 2mm; font-size: 8.5pt; }
table.wide { font-size: 7pt; }
table.fixed { table-layout: fixed; }
th, td { border: 1px solid #b8c0c8; padding: .8mm 1.4mm; vertical-align: top; text-align: left;
  overflow-wrap: anywhere; white-space: pre-line; }
td.nw { white-space: nowrap; overflow-wrap: normal; }
th { background: #eef2f6; font-weight: bold; }
th.num { text-align: right; }
td.num { text-align: right; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
.empty { color: #666; margin: 0 0 2mm; font-size: 9pt; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm 6mm; margin-bottom: 3mm; }
.charts figure { margin: 0; break-inside: avoid; }
.charts figure.full { grid-column: 1 / -1; }
figcaption { font-size: 9pt; font-weight: bold; margin-bottom: 1mm; }
svg { display: block; width: 100%; height: auto; }
dl.definitions { margin: 0; font-size: 8.5pt; }
dl.definitions dt { font-weight: bold; margin-top: 1.5mm; }
dl.definitions dd { margin: 0 0 0 4mm; }
footer { margin-top: 6mm; padding-top: 2mm; border-top: 1px solid #b8c0c8; font-size: 8pt; color: #555; }
@media print {
  html { background: none; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
`;

const BAR = '#2f5d8a';
const AXIS = '#8a949e';

/** About how wide a text is at font size 10: a wide (CJK, full-width) character 10 units, others 6. */
const textWidth = (text: string): number =>
  [...text].reduce(
    (sum, char) =>
      sum +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        char,
      )
        ? 10
        : 6),
    0,
  );

/** The text cut (with …) to fit `width` units. */
const fitText = (text: string, width: number): string => {
  if (textWidth(text) <= width) return text;
  let kept = '';
  for (const char of text) {
    if (textWidth(`${kept + char}…`) > width) break;
    kept += char;
  }
  return `${kept}…`;
};

/** A horizontal bar chart: one row per item, the value at the end of its bar. */
const barsSvg = (items: readonly { label: string; value: number; text?: string }[]): string => {
  const rows = items.length === 0 ? [{ label: '-', value: 0 }] : items;
  const width = 340;
  const labelWidth = 150;
  const rowHeight = 18;
  const valueWidth = Math.max(24, ...rows.map((item) => textWidth(item.text ?? String(item.value)) + 6));
  const barArea = width - labelWidth - valueWidth;
  const max = Math.max(1, ...rows.map((item) => item.value));
  const height = rows.length * rowHeight + 4;
  const bars = rows
    .map((item, i) => {
      const y = i * rowHeight + 2;
      const length = Math.round((item.value / max) * barArea);
      const label = fitText(item.label, labelWidth - 8);
      return (
        `<text x="${labelWidth - 4}" y="${y + 12}" text-anchor="end" font-size="10">${escapeHtml(label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 2}" width="${length}" height="${rowHeight - 6}" fill="${BAR}"/>` +
        `<text x="${labelWidth + length + 4}" y="${y + 12}" font-size="10">${escapeHtml(item.text ?? String(item.value))}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img">` +
    `<line x1="${labelWidth}" y1="0" x2="${labelWidth}" y2="${height}" stroke="${AXIS}" stroke-width="1"/>${bars}</svg>`
  );
};

/** A column chart of daily counts: one column per day, the day under it, the count over it when not zero. */
const columnsSvg = (values: readonly number[]): string => {
  const width = 700;
  const height = 130;
  const base = height - 18;
  const left = 24;
  const step = (width - left - 4) / Math.max(1, values.length);
  const max = Math.max(1, ...values);
  const ticks = [0, Math.ceil(max / 2), max]
    .filter((tick, i, all) => all.indexOf(tick) === i)
    .map((tick) => {
      const y = base - (tick / max) * (base - 14);
      return (
        `<line x1="${left}" y1="${y.toFixed(1)}" x2="${width - 4}" y2="${y.toFixed(1)}" stroke="#dde2e7" stroke-width="1"/>` +
        `<text x="${left - 4}" y="${(y + 3).toFixed(1)}" text-anchor="end" font-size="9">${tick}</text>`
      );
    })
    .join('');
  const columns = values
    .map((value, i) => {
      const x = left + i * step;
      const h = (value / max) * (base - 14);
      return (
        `<rect x="${(x + step * 0.15).toFixed(1)}" y="${(base - h).toFixed(1)}" width="${(step * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="${BAR}"/>` +
        (value > 0
          ? `<text x="${(x + step / 2).toFixed(1)}" y="${(base - h - 3).toFixed(1)}" text-anchor="middle" font-size="9">${value}</text>`
          : '') +
        `<text x="${(x + step / 2).toFixed(1)}" y="${height - 5}" text-anchor="middle" font-size="9" fill="#555">${i + 1}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img">${ticks}` +
    `<line x1="${left}" y1="${base}" x2="${width - 4}" y2="${base}" stroke="${AXIS}" stroke-width="1"/>${columns}</svg>`
  );
};

const chartHtml = (chart: Chart): string =>
  chart.kind === 'bars'
    ? `<figure><figcaption>${escapeHtml(chart.title)}</figcaption>${barsSvg(chart.items)}</figure>`
    : `<figure class="full"><figcaption>${escapeHtml(chart.title)}</figcaption>${columnsSvg(chart.values)}</figure>`;

const tableHtml = (table: Table, caption?: string): string => {
  const heading = caption === undefined ? '' : `<h3>${escapeHtml(caption)}</h3>`;
  if (table.rows.length === 0) return `${heading}<p class="empty">${escapeHtml(table.empty)}</p>`;
  const numeric = new Set(table.numeric ?? []);
  const nowrap = new Set(table.nowrap ?? []);
  const cell = (tag: 'th' | 'td', text: string, i: number) => {
    const classes = [numeric.has(i) ? 'num' : '', tag === 'td' && nowrap.has(i) ? 'nw' : ''].filter(
      (c) => c !== '',
    );
    return `<${tag}${classes.length > 0 ? ` class="${classes.join(' ')}"` : ''}>${escapeHtml(text)}</${tag}>`;
  };
  const head = `<thead><tr>${table.headers.map((text, i) => cell('th', text, i)).join('')}</tr></thead>`;
  const body = table.rows
    .map((row, r) => {
      const id = table.rowIds?.[r];
      const hook = id === undefined || id === '' ? '' : ` data-incident="${escapeHtml(id)}"`;
      return `<tr${hook}>${row.map((text, i) => cell('td', text, i)).join('')}</tr>`;
    })
    .join('\n');
  const classes = [table.headers.length > 8 ? 'wide' : '', table.widths ? 'fixed' : ''].filter(
    (c) => c !== '',
  );
  const columns =
    table.widths === undefined
      ? ''
      : `<colgroup>${table.widths.map((w) => `<col style="width:${w}%">`).join('')}</colgroup>`;
  return `${heading}<table${classes.length > 0 ? ` class="${classes.join(' ')}"` : ''}>${columns}${head}<tbody>\n${body}\n</tbody></table>`;
};

const blockHtml = (block: Block): string => {
  switch (block.kind) {
    case 'table':
      return tableHtml(block.table, block.caption);
    case 'charts':
      return `<div class="charts">${block.charts.map(chartHtml).join('')}</div>`;
    case 'definitions':
      return `<dl class="definitions">${block.items
        .map((item) => `<dt>${escapeHtml(item.term)}</dt><dd>${escapeHtml(item.text)}</dd>`)
        .join('')}</dl>`;
    case 'text':
      return `<p>${escapeHtml(block.text)}</p>`;
  }
};

export const documentHtml = (doc: Document): string => {
  const sections = doc.sections
    .map(
      (section, i) =>
        `<section id="${escapeHtml(section.id)}"><h2>${i + 1}. ${escapeHtml(section.heading)}</h2>\n${section.blocks
          .map(blockHtml)
          .join('\n')}</section>`,
    )
    .join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${doc.language}">`,
    '<head>',
    '<meta charset="utf-8">',
    // No script, no fetch: whatever a title holds, this page runs nothing and loads nothing.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body><div class="sheet">',
    `<header><div class="doc-kind">${escapeHtml(doc.docKind)}</div><h1>${escapeHtml(doc.title)}</h1>`,
    `<dl class="meta">${doc.meta.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl></header>`,
    sections,
    `<footer>${escapeHtml(doc.footer)}</footer>`,
    '</div></body>',
    '</html>',
    '',
  ].join('\n');
};
