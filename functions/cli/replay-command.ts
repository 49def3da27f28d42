import { createMemoryNotifier } from '../../shared/adapters/memory/notifier.js';
import { createVirtualTimers, VirtualClock } from '../../shared/adapters/memory/virtual-time.js';
import type { Config } from '../../shared/config/registry.js';
import { formatLocalTime } from '../../shared/local-time.js';
import { type ReplayReport, replay } from '../../shared/pipeline/replay.js';
import type { Notification } from '../../shared/ports.js';
import { readEventInputs } from '../event-files.js';
import { cutSubject, displayWidth, padEnd } from './display-width.js';
import type { Io } from './io.js';
import { openStore, type StoreChoice } from './store-option.js';

export type ReplayOptions = {
  readonly json: boolean;
  /** With `json`: each notification line also carries `body`, the long form exactly as sent (DESIGN §9). */
  readonly bodies?: boolean;
  readonly untilMs: number;
  /** Where incidents live: memory (optionally a JSON file kept between runs) or a DynamoDB table. */
  readonly store: StoreChoice;
};

/**
 * `alert-router replay`: the whole pipeline over files and folders with the embedded adapters. Prints the
 * timeline (or one JSON line per notification sent, DESIGN §9) and returns 1 if any input was an error.
 */
export const replayCommand = async (
  paths: readonly string[],
  config: Config,
  options: ReplayOptions,
  io: Io,
): Promise<number> => {
  const ports = {
    store: await openStore(options.store),
    notifier: createMemoryNotifier(),
    timers: createVirtualTimers(),
    clock: new VirtualClock(0),
    config,
  };
  const report = await replay(readEventInputs(paths), ports, options.untilMs);
  if (options.json) {
    for (const entry of report.timeline) {
      if (entry.kind === 'notification')
        io.stdout.write(`${JSON.stringify(jsonLine(entry.notification, options.bodies === true))}\n`);
      if (entry.kind === 'error')
        io.stdout.write(
          `${JSON.stringify({ file: entry.file, ...(entry.index === undefined ? {} : { index: entry.index }), error: entry.error })}\n`,
        );
    }
  } else {
    io.stdout.write(formatTimeline(report, config, io.stdout.columns ?? DEFAULT_COLUMNS));
  }
  return report.errors > 0 ? 1 : 0;
};

/** DESIGN §9: `{"at","incident","audience","receiver","kind","severity","language","subject"}`, `body` with --bodies. */
const jsonLine = (notification: Notification, withBody: boolean) => ({
  at: new Date(notification.at).toISOString(),
  incident: notification.incidentId,
  audience: notification.audience,
  receiver: notification.receiver,
  kind: notification.kind,
  severity: notification.severity,
  language: notification.language,
  subject: notification.subject,
  ...(withBody ? { body: notification.body } : {}),
});

/** The width the timeline fits when stdout is not a terminal (a pipe, a file, a test). */
const DEFAULT_COLUMNS = 120;
/** Receivers beyond this width continue on the next line, under the first. */
const MAX_RECEIVER_COLUMNS = 30;
/** A subject is never cut shorter than this, however narrow the terminal. */
const MIN_SUBJECT_COLUMNS = 24;
const GAP = '  ';

const KIND_JA: Record<Notification['kind'], string> = {
  trigger: '発生',
  update: '更新',
  escalation: 'エスカレーション',
  resolve: '解消',
  // Not `まとめ`: the closing summary is `集計`, and one word must not name both.
  digest: 'まとめ通知',
};

/** One row of the table before it is laid out: a notification's receivers, or an operator's action. */
type Row = {
  readonly at: number | undefined;
  readonly incident: string;
  readonly kind: string;
  /** Who was told (empty for an action: the person who acted is not a receiver). */
  readonly receivers: readonly string[];
  /** The subject, or what an action did; cut to fit. */
  readonly text: string;
  /** An error's file and reason: printed whole from the receivers column on, never cut. */
  readonly error?: string;
};

/**
 * The readable timeline: one line per moment, incident, kind and message, listing everyone who got that message
 * (a shared account's two municipalities get the same notice at the same minute: one line). It fits `columns`
 * terminal columns: long subjects are cut in the middle, keeping the account they name.
 */
const formatTimeline = (report: ReplayReport, config: Config, columns: number): string => {
  // `2026-11-27 09:05 JST`: the time in its column, the date and zone on a line of their own when the day changes.
  const local = (at: number) => formatLocalTime(at, config.timezone).split(' ');
  const rows = timelineRows(report);
  const header = { time: '時刻', incident: 'インシデント', kind: '種別', receivers: '宛先', text: '件名' };
  const widest = (texts: readonly string[], floor: string) =>
    Math.max(displayWidth(floor), ...texts.map(displayWidth));
  const widths = {
    time: widest(['00:00'], header.time),
    incident: widest(
      rows.map((row) => row.incident),
      header.incident,
    ),
    kind: widest(
      rows.map((row) => row.kind),
      header.kind,
    ),
    receivers: Math.min(
      MAX_RECEIVER_COLUMNS,
      widest(
        rows.map((row) => row.receivers.join(', ')),
        header.receivers,
      ),
    ),
  };
  const lead = widths.time + widths.incident + widths.kind + widths.receivers + 4 * GAP.length;
  const textWidth = Math.max(MIN_SUBJECT_COLUMNS, columns - lead);
  const line = (time: string, incident: string, kind: string, receivers: string, text: string) =>
    `${padEnd(time, widths.time)}${GAP}${padEnd(incident, widths.incident)}${GAP}${padEnd(kind, widths.kind)}${GAP}${
      text === '' ? receivers : `${padEnd(receivers, widths.receivers)}${GAP}${text}`
    }`.trimEnd();

  const lines = [line(header.time, header.incident, header.kind, header.receivers, header.text)];
  let day = '';
  for (const row of rows) {
    const [date = '', time = '', zone = ''] = row.at === undefined ? [] : local(row.at);
    if (date !== '' && date !== day) {
      lines.push(`── ${date} (${zone})`);
      day = date;
    }
    if (row.error !== undefined) {
      lines.push(line(time, row.incident, row.kind, row.error, ''));
      continue;
    }
    const [first = '', ...more] = wrapReceivers(row.receivers, widths.receivers);
    lines.push(line(time, row.incident, row.kind, first, cutSubject(row.text, textWidth)));
    for (const next of more) lines.push(line('', '', '', next, ''));
  }
  lines.push('', ...formatSummary(report), '');
  return lines.join('\n');
};

/** The table's rows: notifications of one incident at one moment grouped by kind and subject; actions; errors. */
const timelineRows = (report: ReplayReport): Row[] => {
  const rows: Row[] = [];
  // Notifications of one incident at one moment form a block; within it, one row per kind and message.
  let block: Notification[] = [];
  const flush = () => {
    const groups = new Map<string, Notification[]>();
    for (const n of block) {
      const key = `${n.kind}|${n.subject}`;
      groups.set(key, [...(groups.get(key) ?? []), n]);
    }
    for (const group of groups.values()) {
      const first = group[0];
      if (!first) continue;
      rows.push({
        at: first.at,
        incident: first.incidentId,
        kind: KIND_JA[first.kind],
        receivers: group.map((n) => n.receiver),
        // The kind has its own column: `[HIGH][発生] GuardDuty …` reads `HIGH GuardDuty …`, leaving room for the rest.
        text: first.subject.replace(/^\[([A-Z]+)\]\[[^\]]*\] /, '$1 '),
      });
    }
    block = [];
  };
  for (const entry of report.timeline) {
    if (entry.kind === 'notification') {
      const n = entry.notification;
      const head = block[0];
      if (head && (head.at !== n.at || head.incidentId !== n.incidentId)) flush();
      block.push(n);
      continue;
    }
    flush();
    if (entry.kind === 'action') {
      const acknowledged = entry.action === 'acknowledge';
      const effect = entry.done
        ? acknowledged
          ? 'エスカレーションを停止'
          : '通知済みの全員に解消を通知'
        : `効果なし: ${entry.result}`;
      // The person who acted is not told anything: they go in the text, not under 宛先.
      rows.push({
        at: entry.at,
        incident: entry.incidentId ?? '-',
        kind: acknowledged ? '確認 (ACK)' : '手動で解消',
        receivers: [],
        text: `${acknowledged ? '確認者' : '解消者'}: ${entry.by}（${effect}）`,
      });
    } else {
      const where = entry.index === undefined ? entry.file : `${entry.file}[${entry.index}]`;
      rows.push({
        at: entry.at,
        incident: '-',
        kind: 'エラー',
        receivers: [],
        text: '',
        error: `${where}: ${entry.error}`,
      });
    }
  }
  flush();
  return rows;
};

/** Receivers joined by `, `, broken into lines of at most `width` columns (a single long id stays whole). */
const wrapReceivers = (receivers: readonly string[], width: number): string[] => {
  const lines: string[] = [];
  for (const receiver of receivers) {
    const joined = lines.length === 0 ? undefined : `${lines[lines.length - 1]}, ${receiver}`;
    if (joined !== undefined && displayWidth(joined) <= width) lines[lines.length - 1] = joined;
    else lines.push(receiver);
  }
  return lines;
};

/** The closing summary (`集計`): what came in, what was sent to whom, what was only recorded. */
const formatSummary = (report: ReplayReport): string[] => {
  const notifications = report.timeline.flatMap((entry) =>
    entry.kind === 'notification' ? [entry.notification] : [],
  );
  const byAudience = (audience: Notification['audience']) =>
    notifications.filter((n) => n.audience === audience).length;
  return [
    `集計: イベント ${report.events} 件 → アラート ${report.alerts} 件、インシデント ${report.incidents} 件`,
    `  通知 ${notifications.length} 件（統合運用チーム ${byAudience('team')}、ASP ${byAudience('asp')}、自治体 ${byAudience('municipality')}）、うちエスカレーション ${report.escalations} 件、まとめ通知 ${notifications.filter((n) => n.kind === 'digest').length} 件`,
    `  通知せず記録 ${report.recordedOnly} 件、重複配信 ${report.duplicates} 件、古い更新 ${report.stale} 件、対象外 ${report.ignored} 件、エラー ${report.errors} 件`,
  ];
};
