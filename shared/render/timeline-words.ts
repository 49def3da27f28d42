import type { DeliveryKind, IncidentState, TimelineEntry } from '../incident.js';
import type { Severity } from '../model.js';

/**
 * The Japanese words for an incident and its timeline, shared by the CLI (`incidents show`), the console and the
 * monthly report, so that one state or one step is called the same wherever an operator reads it.
 */

export const STATE_JA: Record<IncidentState, string> = {
  open: '未確認',
  acknowledged: '確認済み',
  resolved: '解消',
};

export const SEVERITY_JA: Record<Severity, string> = {
  CRITICAL: '緊急',
  HIGH: '高',
  MEDIUM: '中',
  LOW: '低',
  INFORMATIONAL: '情報',
};

export const DELIVERY_KIND_JA: Record<DeliveryKind, string> = {
  trigger: '発生',
  update: '更新',
  escalation: 'エスカレーション',
  resolve: '解消',
};

export const TIMELINE_WHAT_JA: Record<TimelineEntry['what'], string> = {
  received: '受信',
  notified: '通知',
  digest: 'まとめ通知',
  escalated: 'エスカレーション',
  acknowledged: '確認 (ACK)',
  shared: '共有',
  'update-posted': '続報',
  reminder: '再通知',
  resolved: '解消',
  reopened: '再発',
};

/** Where a reader needs other words than the CLI's (the console says whom a share went to). */
export type TimelineWords = {
  readonly what?: Partial<Record<TimelineEntry['what'], string>>;
  readonly kind?: Partial<Record<DeliveryKind, string>>;
  /** Around the kind of a notice: ` (`…`)` in the terminal, full-width on a Japanese page. */
  readonly parens?: readonly [string, string];
};

/** What an entry was: `通知 (発生)` for a notice of a kind, else the word for `what`. */
export const timelineWhatJa = (entry: TimelineEntry, words: TimelineWords = {}): string => {
  const what = words.what?.[entry.what] ?? TIMELINE_WHAT_JA[entry.what];
  if (entry.kind === undefined || !['notified', 'digest', 'reminder'].includes(entry.what)) return what;
  const [open, close] = words.parens ?? [' (', ')'];
  return `${what}${open}${words.kind?.[entry.kind] ?? DELIVERY_KIND_JA[entry.kind]}${close}`;
};

const NOTE_JA: Readonly<Record<string, string>> = {
  new: '新規',
  update: '更新',
  resolved: '解消済みで受信',
  // The sweeper's reminder of a numbered report not sent by the time it promised (shared/engine/timeline.ts).
  'a promised municipal report is overdue': '自治体への続報の予定時刻を過ぎています',
};

const NOTE_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^severity (\S+) → (\S+)$/, '重大度 $1 → $2'],
  [/^account (\S+) joins$/, 'アカウント $1 も影響'],
  [/^by (\S+)$/, '$1 の解消通知による'],
  [/^step (\d+)$/, '第 $1 段階'],
  [/^episode (\d+)$/, '第 $1 回目の発生'],
];

/** The engine's notes (`new`, `by guardduty`, `step 1`, …) in Japanese; an unknown one as written. */
export const timelineNoteJa = (note: string): string => {
  const fixed = NOTE_JA[note];
  if (fixed !== undefined) return fixed;
  for (const [pattern, ja] of NOTE_RULES) if (pattern.test(note)) return note.replace(pattern, ja);
  return note;
};
