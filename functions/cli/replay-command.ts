import { createMemoryLifecycleBus } from '../../shared/adapters/memory/lifecycle-bus.js';
import { createMemoryNotifier } from '../../shared/adapters/memory/notifier.js';
import { createVirtualTimers, VirtualClock } from '../../shared/adapters/memory/virtual-time.js';
import type { Config } from '../../shared/config/registry.js';
import type { LifecycleEvent } from '../../shared/incident.js';
import { formatLocalTime } from '../../shared/local-time.js';
import { type ReplayReport, replay } from '../../shared/pipeline/replay.js';
import type { Notification } from '../../shared/ports.js';
import { DELIVERY_KIND_JA } from '../../shared/render/timeline-words.js';
import { readEventInputs } from '../event-files.js';
import { cutSubject, displayWidth, padEnd, wrapReceivers } from './display-width.js';
import type { Io } from './io.js';
import { openStore, type StoreChoice } from './store-option.js';

export type ReplayOptions = {
  readonly json: boolean;
  /** With `json`: each notification line also carries `body`, the long form exactly as sent (DESIGN §9). */
  readonly bodies?: boolean;
  /** With `json`: also one line per lifecycle event put on the bus, in time order among the others (§9, §11). */
  readonly lifecycle?: boolean;
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
  const bus = createMemoryLifecycleBus();
  const ports = {
    store: await openStore(options.store, config),
    notifier: createMemoryNotifier(),
    bus,
    timers: createVirtualTimers(),
    clock: new VirtualClock(0),
    config,
  };
  const report = await replay(readEventInputs(paths), ports, options.untilMs);
  if (options.json) {
    const lines = jsonLines(report, options.bodies === true);
    const events = options.lifecycle === true ? bus.events() : [];
    for (const line of withLifecycleLines(lines, events)) io.stdout.write(`${JSON.stringify(line.json)}\n`);
  } else {
    io.stdout.write(formatTimeline(report, config, io.stdout.columns ?? DEFAULT_COLUMNS));
  }
  return report.errors > 0 ? 1 : 0;
};

/** One line of `--json` output, with what places it in time: its moment and the incident it is about. */
type JsonLine = { readonly at: number | undefined; readonly incident?: string; readonly json: object };

/** The notification and error lines of the timeline, in its order. */
const jsonLines = (report: ReplayReport, withBody: boolean): JsonLine[] =>
  report.timeline.flatMap((entry): JsonLine[] => {
    if (entry.kind === 'notification') {
      const n = entry.notification;
      return [{ at: n.at, incident: n.incidentId, json: notificationLine(n, withBody) }];
    }
    if (entry.kind === 'error') {
      const index = entry.index === undefined ? {} : { index: entry.index };
      return [{ at: entry.at, json: { file: entry.file, ...index, error: entry.error } }];
    }
    return [];
  });

/**
 * DESIGN §9: `{"at","incident","audience","receiver","kind","severity","language","subject"}`, `channel` for a
 * `slack`/`teams` webhook's copy (issue 14), `body` with --bodies.
 */
const notificationLine = (notification: Notification, withBody: boolean) => ({
  at: new Date(notification.at).toISOString(),
  incident: notification.incidentId,
  audience: notification.audience,
  receiver: notification.receiver,
  kind: notification.kind,
  severity: notification.severity,
  language: notification.language,
  subject: notification.subject,
  // Issue 14: a webhook's copy is a line of its own, saying which; the topic's line is unchanged.
  ...(notification.channel !== undefined ? { channel: notification.channel } : {}),
  ...(withBody ? { body: notification.body } : {}),
});

/**
 * The lines with one `{"at","detail-type","detail"}` line per lifecycle event merged in by time; the lines keep
 * their order. An event goes after the lines of an earlier moment and after its own incident's lines of the same
 * moment (an incident is put on the bus after its notifications are sent), before another incident's.
 */
const withLifecycleLines = (lines: readonly JsonLine[], events: readonly LifecycleEvent[]): JsonLine[] => {
  if (events.length === 0) return [...lines];
  const time = (line: JsonLine) => line.at ?? Number.NEGATIVE_INFINITY;
  // after[i]: the events that go after the first i lines, in bus order.
  const after = new Map<number, LifecycleEvent[]>();
  let next = 0;
  for (const event of [...events].sort((a, b) => a.at - b.at)) {
    while (next < lines.length && time(lines[next] as JsonLine) < event.at) next++;
    let place = next;
    for (let i = next; i < lines.length && time(lines[i] as JsonLine) === event.at; i++) {
      if (lines[i]?.incident === event.incidentId) place = i + 1;
    }
    after.set(place, [...(after.get(place) ?? []), event]);
  }
  return lines
    .flatMap((line, i) => [...lifecycleLines(after.get(i)), line])
    .concat(lifecycleLines(after.get(lines.length)));
};

/** DESIGN §9 (turn 2): `{"at","detail-type":"Incident Opened"|…,"detail":{…}}`, the detail exactly as put. */
const lifecycleLines = (events: readonly LifecycleEvent[] = []): JsonLine[] =>
  events.map((event) => ({
    at: event.at,
    json: { at: new Date(event.at).toISOString(), 'detail-type': event.detailType, detail: event.detail },
  }));

/** The width the timeline fits when stdout is not a terminal (a pipe, a file, a test). */
const DEFAULT_COLUMNS = 120;
/** Receivers beyond this width continue on the next line, under the first. */
const MAX_RECEIVER_COLUMNS = 30;
/** A subject is never cut shorter than this, however narrow the terminal. */
const MIN_SUBJECT_COLUMNS = 24;
const GAP = '  ';

const KIND_JA: Record<Notification['kind'], string> = {
  ...DELIVERY_KIND_JA,
  // Not `まとめ`: the closing summary is `集計`, and one word must not name both.
  digest: 'まとめ通知',
  report: '月次報告',
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

/** A reminder is not news: its kind says so (the subject's tag, in either language). */
const REMINDER_JA: Readonly<Record<string, string>> = {
  リマインド: 'リマインド',
  REMINDER: 'リマインド',
  自治体への続報期限: '続報の期限',
  'REPORT DUE': '続報の期限',
};

/** How the timeline shows an operator's action: its kind, who acted, and what it did. */
const ACTION_JA: Record<TimelineAction, { kind: string; who: string; effect: string }> = {
  acknowledge: { kind: '確認 (ACK)', who: '確認者', effect: 'エスカレーションを停止' },
  resolve: { kind: '手動で解消', who: '解消者', effect: '通知済みの全員に解消を通知' },
  share: { kind: '情報共有', who: '共有者', effect: '自治体に第1報を送信' },
  update: { kind: '続報の投稿', who: '投稿者', effect: '自治体に続報を送信' },
};

type TimelineAction = Extract<ReplayReport['timeline'][number], { kind: 'action' }>['action'];

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
        kind: REMINDER_JA[/^\[[A-Z]+\]\[([^\]]+)\]/.exec(first.subject)?.[1] ?? ''] ?? KIND_JA[first.kind],
        receivers: group.map((n) => (n.channel === undefined ? n.receiver : `${n.receiver} (${n.channel})`)),
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
      const words = ACTION_JA[entry.action];
      const effect = entry.done ? words.effect : `効果なし: ${entry.result}`;
      // The person who acted is not told anything: they go in the text, not under 宛先.
      rows.push({
        at: entry.at,
        incident: entry.incidentId ?? '-',
        kind: words.kind,
        receivers: [],
        text: `${words.who}: ${entry.by}（${effect}）`,
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
