import { SEVERITIES } from '../model.js';
import type { MonthlyReport } from './types.js';
import { formatDuration, monthTitle, SEVERITY_JA } from './words.js';

/**
 * The short summary the monthly function sends each receiver on its channels (DESIGN §15): plain text, its own
 * numbers only (the report it summarises is already scoped), Japanese, English for an ASP that reads English.
 * `consoleUrl` is the console's base address (the report page is `/reports/YYYY-MM`), or a report page itself.
 */
export type ReportSummary = { readonly subject: string; readonly body: string; readonly short: string };

const reportLink = (report: MonthlyReport, consoleUrl: string | undefined): string | undefined => {
  if (consoleUrl === undefined || consoleUrl === '') return undefined;
  if (consoleUrl.includes('/reports/')) return consoleUrl;
  return `${consoleUrl.replace(/\/+$/, '')}/reports/${report.month}`;
};

const cut = (text: string, max: number): string =>
  [...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;

const delta = (now: number, before: number | undefined): string =>
  before === undefined ? '' : `${now - before >= 0 ? '+' : ''}${now - before}`;

const municipalSummary = (report: MonthlyReport, link: string | undefined): ReportSummary => {
  const f = report.figures;
  const month = monthTitle(report.month, 'ja');
  const notices = f.opened + f.carriedOver;
  const before = report.previous === null ? undefined : report.previous.opened + report.previous.carriedOver;
  const subject = cut(
    `【月次報告】${month} お知らせ ${notices}件・障害 ${f.outages}件 — ${report.receiver.name}`,
    100,
  );
  const systems = report.outagesBySystem.map(
    (s) => `　${s.system}：${formatDuration(s.inMonthMs, 'ja')}（${s.outages}件）`,
  );
  const body = [
    `${report.receiver.name} ご担当者様`,
    '',
    `${month}に${report.from}からお送りした報告のまとめです。`,
    '',
    `■ お知らせした事象：${notices}件${before === undefined ? '' : `（前月 ${before}件）`}`,
    `■ お送りした報告（第N報）：${f.municipalReports}件`,
    `■ クラウドの障害：${f.outages}件、影響時間 計 ${formatDuration(f.outageMs, 'ja')}`,
    ...systems,
    `■ 月末時点で継続中：${f.openAtMonthEnd}件`,
    '',
    link === undefined ? '詳しくは月次報告書をご覧ください。' : `詳しくは月次報告書をご覧ください：${link}`,
    '',
    report.from,
    '',
  ].join('\n');
  const short = cut(
    `【月次報告】${month} お知らせ${notices}件、障害${f.outages}件（影響 計${formatDuration(f.outageMs, 'ja')}）${link === undefined ? '' : ` ${link}`}`,
    link === undefined ? 70 : 70 + link.length + 1,
  );
  return { subject, body, short };
};

const technicalSummaryJa = (report: MonthlyReport, link: string | undefined): ReportSummary => {
  const f = report.figures;
  const p = report.previous;
  const month = monthTitle(report.month, 'ja');
  const subject = cut(
    `【月次報告】${month} インシデント ${f.opened}件・未解消 ${f.openAtMonthEnd}件 — ${report.receiver.name}`,
    100,
  );
  const severities = SEVERITIES.map((s) => `${SEVERITY_JA[s]} ${f.bySeverity[s]}`).join('、');
  const body = [
    report.receiver.audience === 'asp' ? `${report.receiver.name} 御中` : `${report.receiver.name} 各位`,
    '',
    `${month}の月次報告（${report.receiver.audience === 'asp' ? '貴社のアカウント分' : '全アカウント'}）の要約です。`,
    '',
    `■ 発生したインシデント：${f.opened}件${p === null ? '' : `（前月 ${p.opened}件、${delta(f.opened, p.opened)}）`}`,
    `　重大度別：${severities}`,
    `■ 解消：${f.resolved}件　月末時点で未解消：${f.openAtMonthEnd}件`,
    `■ MTTA（最初のページ→確認）：中央値 ${formatDuration(f.mtta.medianMs, 'ja')}、90パーセンタイル ${formatDuration(f.mtta.p90Ms, 'ja')}（${f.mtta.count}件）`,
    `■ MTTR（発生→解消）：中央値 ${formatDuration(f.mttr.medianMs, 'ja')}、90パーセンタイル ${formatDuration(f.mttr.p90Ms, 'ja')}（${f.mttr.count}件）`,
    `■ 障害（AWS Health）：${f.outages}件、影響時間 計 ${formatDuration(f.outageMs, 'ja')}`,
    `■ AWS の計画的な変更：${f.scheduledChanges}件`,
    '',
    link === undefined
      ? '定義と一覧は月次報告書をご覧ください。'
      : `定義と一覧は月次報告書をご覧ください：${link}`,
    '',
    report.from,
    '',
  ].join('\n');
  const short = `【月次報告】${month} 発生${f.opened}件 未解消${f.openAtMonthEnd}件 MTTA中央値${formatDuration(f.mtta.medianMs, 'ja')} MTTR中央値${formatDuration(f.mttr.medianMs, 'ja')}${link === undefined ? '' : ` ${link}`}`;
  return { subject, body, short };
};

const technicalSummaryEn = (report: MonthlyReport, link: string | undefined): ReportSummary => {
  const f = report.figures;
  const p = report.previous;
  const month = monthTitle(report.month, 'en');
  const subject = cut(
    `[Monthly report] ${month}: ${f.opened} incidents, ${f.openAtMonthEnd} open — ${report.receiver.name}`,
    100,
  );
  const body = [
    `To ${report.receiver.name},`,
    '',
    `The summary of the monthly report for ${month} (your own accounts only).`,
    '',
    `- Incidents opened: ${f.opened}${p === null ? '' : ` (last month ${p.opened}, ${delta(f.opened, p.opened)})`}`,
    `  By severity: ${SEVERITIES.map((s) => `${s} ${f.bySeverity[s]}`).join(', ')}`,
    `- Resolved: ${f.resolved}; open at month end: ${f.openAtMonthEnd}`,
    `- MTTA (first page to acknowledgement): median ${formatDuration(f.mtta.medianMs, 'en')}, 90th percentile ${formatDuration(f.mtta.p90Ms, 'en')} (${f.mtta.count} incidents)`,
    `- MTTR (opened to resolved): median ${formatDuration(f.mttr.medianMs, 'en')}, 90th percentile ${formatDuration(f.mttr.p90Ms, 'en')} (${f.mttr.count} incidents)`,
    `- Outages (AWS Health): ${f.outages}, ${formatDuration(f.outageMs, 'en')} in total`,
    `- AWS scheduled changes: ${f.scheduledChanges}`,
    '',
    link === undefined
      ? 'Definitions and the list are in the report.'
      : `Definitions and the list are in the report: ${link}`,
    '',
    report.from,
    '',
  ].join('\n');
  const short = `[Monthly report] ${month}: ${f.opened} opened, ${f.openAtMonthEnd} open, MTTA median ${formatDuration(f.mtta.medianMs, 'en')}, MTTR median ${formatDuration(f.mttr.medianMs, 'en')}${link === undefined ? '' : ` ${link}`}`;
  return { subject, body, short };
};

export const renderReportSummary = (report: MonthlyReport, consoleUrl?: string): ReportSummary => {
  const link = reportLink(report, consoleUrl);
  if (report.receiver.audience === 'municipality') return municipalSummary(report, link);
  return report.receiver.language === 'en'
    ? technicalSummaryEn(report, link)
    : technicalSummaryJa(report, link);
};
