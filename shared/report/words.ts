import type { Language } from '../config/schema.js';
import { localParts, zoneLabel } from '../local-time.js';
import type { AlertSource, Severity } from '../model.js';
import { SEVERITY_JA } from '../render/timeline-words.js';
import { sourceLabel } from '../render/words.js';
import type { NoticeKind, ReportReceiver } from './types.js';

/**
 * The report's words, Japanese first and English for an ASP that reads English (`language: en`). A municipality
 * always reads Japanese, and never a code (DESIGN §12).
 */

export { SEVERITY_JA };

export const NOTICE_JA: Record<NoticeKind, string> = {
  outage: 'クラウドの障害',
  'outage-possible': 'クラウドの障害の可能性（調査）',
  security: 'セキュリティ上の事象（情報共有）',
};

export const severityLabel = (severity: Severity, language: Language): string =>
  language === 'ja' ? `${SEVERITY_JA[severity]} (${severity})` : severity;

export const sourceName = (source: AlertSource): string => sourceLabel(source);

/** `2026年11月` / `November 2026`. */
export const monthTitle = (month: string, language: Language): string => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return language === 'ja'
    ? `${year}年${m}月`
    : `${new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(Date.UTC(year, m - 1, 1))} ${year}`;
};

/** `2026-11-27 09:05` in the zone (the zone is named once, in the period line). */
export const localTime = (iso: string | null, timeZone: string): string => {
  if (iso === null) return '';
  const p = localParts(Date.parse(iso), timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
};

/** `11/27 09:05`: a time in a table of one month (the year and the zone are in the period line). */
export const shortTime = (iso: string, timeZone: string): string => {
  const p = localParts(Date.parse(iso), timeZone);
  return `${p.month}/${p.day} ${p.hour}:${p.minute}`;
};

/** `2026年11月1日 0:00` for a municipality's reader. */
export const jaDate = (iso: string, timeZone: string): string => {
  const p = localParts(Date.parse(iso), timeZone);
  return `${Number(p.year)}年${Number(p.month)}月${Number(p.day)}日 ${Number(p.hour)}時${p.minute}分`;
};

export const zoneName = zoneLabel;

/** `2時間5分`, `45分`, `3日4時間` / `2h 5m`: durations rounded to the minute. */
export const formatDuration = (ms: number | null, language: Language): string => {
  if (ms === null) return '-';
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (language === 'en') {
    const parts = [days > 0 ? `${days}d` : '', hours > 0 ? `${hours}h` : '', `${rest}m`];
    return parts
      .filter((part) => part !== '')
      .join(' ')
      .replace(/ 0m$/, '');
  }
  const parts = [
    days > 0 ? `${days}日` : '',
    hours > 0 ? `${hours}時間` : '',
    rest > 0 || minutes === 0 ? `${rest}分` : '',
  ];
  return parts.join('');
};

/** The report's title: `月次報告 2026年11月 — 青葉市`. */
export const reportTitle = (month: string, receiver: ReportReceiver): string =>
  receiver.language === 'ja'
    ? `月次報告 ${monthTitle(month, 'ja')} — ${receiver.name}`
    : `Monthly report — ${monthTitle(month, 'en')} — ${receiver.name}`;

export const fiscalYearTitle = (year: number, receiver: ReportReceiver): string => {
  const reiwa = year - 2018;
  return receiver.language === 'ja'
    ? `年度報告 ${year}年度${reiwa >= 1 ? `（令和${reiwa === 1 ? '元' : reiwa}年度）` : ''} — ${receiver.name}`
    : `Fiscal year report — FY${year} (April ${year} – March ${year + 1}) — ${receiver.name}`;
};

type Definition = { readonly term: string; readonly text: string };

/** The definitions every report prints, so its numbers can be checked by hand from its own incident list. */
export const definitionsFor = (receiver: ReportReceiver, timezone: string): Definition[] => {
  const zone = zoneLabel(timezone);
  if (receiver.audience === 'municipality')
    return [
      {
        term: '対象',
        text: `この月（${zone}の1日0時から翌月1日0時まで）に貴団体へお送りした報告（第N報）にかかわる事象です。対象のシステムは業務システムの名前で示します。`,
      },
      {
        term: '影響時間',
        text: 'クラウドの障害が始まった時刻から復旧した時刻まで（AWS が示した時刻。示されないときは、当方が検知・確認した時刻）。月末に続いていた障害は、月末までの時間です。',
      },
      {
        term: '復旧までの時間（中央値・90パーセンタイル）',
        text: '発生（当方の検知）から復旧までの時間を、この月に復旧した事象について集計したもの。中央値は小さい順に並べた真ん中の値（偶数件のときは真ん中2つの平均）、90パーセンタイルは小さい順に並べて ⌈0.9×件数⌉ 番目の値です。',
      },
    ];
  if (receiver.language === 'en')
    return [
      {
        term: 'Scope',
        text:
          receiver.audience === 'asp'
            ? `Incidents of your own accounts only (for an incident shared with other tenants, only your accounts' part), opened in the month (00:00 ${zone} on the 1st to 00:00 on the 1st of the next month) or still open from before.`
            : `Every incident opened in the month (00:00 ${zone} on the 1st to 00:00 on the 1st of the next month) or still open from before.`,
      },
      {
        term: 'Page',
        text: 'An immediate notice asking someone to act, to a team level or an ASP: the first notice of an incident, a notice that it got worse (e.g. its severity rose) or an escalation step. Digests, reminders, resolve notices and municipal reports are not pages.',
      },
      {
        term: 'MTTA',
        text: 'Mean time to acknowledge, reported as median and 90th percentile: first page → first acknowledgement, over incidents acknowledged in the month that paged. An acknowledgement before the page counts as 0.',
      },
      {
        term: 'MTTR',
        text: 'Mean time to resolve, reported as median and 90th percentile: opened (first alert received) → resolved (by its source or by hand), over incidents resolved in the month.',
      },
      {
        term: 'Median, 90th percentile',
        text: 'Median: the middle of the sorted values (the mean of the two middle ones for an even count). 90th percentile: nearest rank, the value at rank ⌈0.9 × n⌉ of the sorted values.',
      },
      {
        term: 'Outage',
        text: 'An AWS Health issue or investigation affecting your systems; its time runs from the start AWS gave (else when it was received) to its end (else when it was resolved), cut at month end while ongoing.',
      },
      {
        term: 'As of month end',
        text: 'What happened after the month ended is not in this report: a report of the same month made later reads the same.',
      },
    ];
  return [
    {
      term: '対象',
      text:
        receiver.audience === 'asp'
          ? `貴社のアカウントのインシデントのみ（他の事業者と共通の事象は、貴社のアカウントの分のみ）。この月（${zone}の1日0時から翌月1日0時まで）に発生したもの、および前月から継続しているもの。`
          : `全アカウントのインシデント。この月（${zone}の1日0時から翌月1日0時まで）に発生したもの、および前月から継続しているもの。`,
    },
    {
      term: 'ページ（呼び出し）',
      text: '統合運用チーム（各レベル）または ASP に対応を求める即時の通知：インシデントの最初の通知、悪化の通知（重大度の上昇など）、エスカレーション。まとめ通知・再通知・解消の通知・自治体への報告は含みません。',
    },
    {
      term: 'MTTA（確認までの時間）',
      text: '最初のページから最初の確認（ACK）までの時間。この月に確認されたインシデントのうち、ページしたものが対象。ページより前に確認済みの場合は 0 とします。',
    },
    {
      term: 'MTTR（解消までの時間）',
      text: '発生（最初のアラートの受信）から解消（発生元の解消通知、または手動の解消）までの時間。この月に解消したインシデントが対象。',
    },
    {
      term: '中央値・90パーセンタイル',
      text: '中央値は小さい順に並べた真ん中の値（偶数件のときは真ん中2つの平均）。90パーセンタイルは最近順位法（nearest rank）：小さい順に並べて ⌈0.9×件数⌉ 番目の値。',
    },
    {
      term: '障害（AWS Health）',
      text: 'AWS Health の issue（障害）と investigation（調査）。影響時間は AWS が示した開始から終了まで（示されないときは受信から解消まで）。月末に継続中のものは月末までの時間です。',
    },
    {
      term: '月末時点',
      text: '月末より後の出来事はこの報告に含みません（後日に同じ月の報告を作っても同じ内容になります）。',
    },
  ];
};
