import { createHash } from 'node:crypto';
import type { Config } from '../../shared/config/registry.js';
import { buildMonthlyReport, renderReport, reportEpisodes } from '../../shared/report/index.js';
import type { ConsoleStore } from './queries.js';
import type { Viewer } from './viewer.js';

/**
 * The monthly report page (DESIGN §14, §15): the report's own HTML document (A4, print-friendly, no external
 * assets) for the receiver the viewer signed in as — the team level, the ASP or the municipality — scoped by the
 * report itself, as the monthly mail's link promises. A link back to the console is added above it.
 */
export const reportDocument = async (
  store: Pick<ConsoleStore, 'incidentsForMonth'>,
  config: Config,
  viewer: Viewer,
  month: string,
): Promise<{ readonly html: string; readonly csp: string }> => {
  const receiver = viewer.receivers[0] ?? '';
  const { incidents, previous } = await reportEpisodes(store, month);
  const report = buildMonthlyReport({ incidents, previous, config, month, receiver });
  const html = renderReport(report, 'html').replace(
    '<body>',
    '<body><p class="console-back"><a href="/incidents">← コンソールに戻る</a></p>',
  );
  return { html, csp: documentCsp(html) };
};

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * A CSP as strict as the console's for a document we did not lay out: its inline `<style>` blocks and `style`
 * attributes are allowed by their hashes (computed from the very bytes sent), nothing else runs or loads.
 */
export const documentCsp = (html: string): string => {
  const blocks = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => sha256(m[1] ?? ''));
  const attributes = [...new Set([...html.matchAll(/\sstyle="([^"]*)"/g)].map((m) => m[1] ?? ''))].map(
    sha256,
  );
  const styles = [...blocks, ...(attributes.length > 0 ? ["'unsafe-hashes'", ...attributes] : [])];
  return [
    "default-src 'none'",
    `style-src ${styles.length > 0 ? styles.join(' ') : "'none'"}`,
    'img-src data:',
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
};
