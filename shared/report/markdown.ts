import type { Block, Document, Table } from './sections.js';

/**
 * The report as Markdown (a wiki page, a ticket, a pull request): the same sections and tables as the HTML, with
 * charts as tables. Cell text is escaped so that a finding title cannot break a table (`|`), start a link or an
 * image, inject HTML or run code formatting: the characters Markdown acts on get a backslash, line breaks become
 * spaces.
 */
export const escapeMarkdown = (text: string): string =>
  text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[\\`*_[\]<>|~!#]/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;');

const tableMd = (table: Table, caption?: string): string[] => {
  const heading = caption === undefined ? [] : [`### ${escapeMarkdown(caption)}`, ''];
  if (table.rows.length === 0) return [...heading, escapeMarkdown(table.empty), ''];
  const numeric = new Set(table.numeric ?? []);
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [
    ...heading,
    line(table.headers),
    `|${table.headers.map((_, i) => (numeric.has(i) ? ' ---: ' : ' --- ')).join('|')}|`,
    ...table.rows.map(line),
    '',
  ];
};

const blockMd = (block: Block, language: 'ja' | 'en'): string[] => {
  switch (block.kind) {
    case 'table':
      return tableMd(block.table, block.caption);
    case 'charts':
      return block.charts.flatMap((chart) =>
        chart.kind === 'bars'
          ? tableMd({
              headers: [
                chart.title,
                chart.items.some((item) => item.text) ? '' : language === 'ja' ? '件数' : 'Count',
              ],
              numeric: [1],
              rows: chart.items.map((item) => [item.label, item.text ?? String(item.value)]),
              empty: '-',
            })
          : tableMd(
              {
                headers: chart.values.map((_, i) => String(i + 1)),
                numeric: chart.values.map((_, i) => i),
                rows: [chart.values.map(String)],
                empty: '-',
              },
              chart.title,
            ),
      );
    case 'definitions':
      return [
        ...block.items.map((item) => `- **${escapeMarkdown(item.term)}**: ${escapeMarkdown(item.text)}`),
        '',
      ];
    case 'text':
      return [escapeMarkdown(block.text), ''];
  }
};

export const documentMarkdown = (doc: Document): string =>
  [
    `# ${escapeMarkdown(doc.title)}`,
    '',
    ...doc.meta.map(([term, value]) => `- ${escapeMarkdown(term)}: ${escapeMarkdown(value)}`),
    '',
    ...doc.sections.flatMap((section, i) => [
      `## ${i + 1}. ${escapeMarkdown(section.heading)}`,
      '',
      ...section.blocks.flatMap((block) => blockMd(block, doc.language)),
    ]),
    `_${escapeMarkdown(doc.footer)}_`,
    '',
  ].join('\n');
