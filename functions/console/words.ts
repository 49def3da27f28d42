import type { IncidentState, TimelineEntry } from '../../shared/incident.js';
import { formatLocalTime } from '../../shared/local-time.js';
import type { Category } from '../../shared/model.js';
import { type TimelineWords, timelineWhatJa } from '../../shared/render/timeline-words.js';

/** The console's Japanese words (DESIGN §14: Japanese first, JST); the CLI's where they are the same. */

export { SEVERITY_JA, STATE_JA } from '../../shared/render/timeline-words.js';

/** A municipality reads the state of a notice, not of the team's work. */
export const MUNICIPAL_STATE_JA: Record<IncidentState, string> = {
  open: '対応中',
  acknowledged: '対応中',
  resolved: '復旧・解消',
};

/** What a municipality is told an incident is about: no finding titles, no English codes. */
export const CATEGORY_MUNICIPAL_JA: Record<Category, string> = {
  health: 'クラウド基盤（AWS）の障害・お知らせ',
  security: 'セキュリティに関するお知らせ',
  compliance: '設定に関するお知らせ',
  application: 'システムの稼働に関するお知らせ',
};

/** A page names whom a share went to and calls an update notice 続報, as the municipality's notice does. */
const TIMELINE_WORDS: TimelineWords = {
  what: { shared: '自治体へ共有', 'update-posted': '続報を送信' },
  kind: { update: '続報' },
  parens: ['（', '）'],
};

export const ACTION_JA = {
  ack: '確認 (ACK)',
  resolve: '解消にする',
  share: '自治体へ共有',
  update: '続報を送る',
} as const;

/** What an entry was: `通知（発生）` for a notice of a kind, else the word for `what`. */
export const whatJa = (entry: TimelineEntry): string => timelineWhatJa(entry, TIMELINE_WORDS);

/** `2026-11-27 09:05 JST` from an ISO time; `-` when there is none. */
export const timeJa = (iso: string | undefined, timeZone: string): string => {
  if (iso === undefined) return '-';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '-' : formatLocalTime(ms, timeZone);
};
