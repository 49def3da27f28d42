import { createMemoryNotifier } from '../../shared/adapters/memory/notifier.js';
import { createVirtualTimers, VirtualClock } from '../../shared/adapters/memory/virtual-time.js';
import type { Config } from '../../shared/config/registry.js';
import { formatLocalTime } from '../../shared/local-time.js';
import { type ReplayReport, replay } from '../../shared/pipeline/replay.js';
import type { Notification } from '../../shared/ports.js';
import { readEventInputs } from '../event-files.js';
import type { Io } from './io.js';
import { openStore, type StoreChoice } from './store-option.js';

export type ReplayOptions = {
  readonly json: boolean;
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
      if (entry.kind === 'notification') io.stdout.write(`${JSON.stringify(jsonLine(entry.notification))}\n`);
      if (entry.kind === 'error')
        io.stdout.write(
          `${JSON.stringify({ file: entry.file, ...(entry.index === undefined ? {} : { index: entry.index }), error: entry.error })}\n`,
        );
    }
  } else {
    io.stdout.write(formatTimeline(report, config));
  }
  return report.errors > 0 ? 1 : 0;
};

/** DESIGN §9: `{"at","incident","audience","receiver","kind","severity","language","subject"}`. */
const jsonLine = (notification: Notification) => ({
  at: new Date(notification.at).toISOString(),
  incident: notification.incidentId,
  audience: notification.audience,
  receiver: notification.receiver,
  kind: notification.kind,
  severity: notification.severity,
  language: notification.language,
  subject: notification.subject,
});

const KIND_JA: Record<Notification['kind'], string> = {
  trigger: '発生',
  update: '更新',
  escalation: 'エスカレーション',
  resolve: '解消',
  digest: 'まとめ',
};

/**
 * The readable timeline: one line per moment, incident, kind and message, listing everyone who got that message
 * (a shared account's two municipalities get the same notice at the same minute: one line).
 */
const formatTimeline = (report: ReplayReport, config: Config): string => {
  const zone = config.timezone === 'Asia/Tokyo' ? 'JST' : config.timezone;
  const lines = [
    `${pad(`時刻 (${zone})`, 12)}  ${pad('インシデント', 18)}  ${pad('通知', 16)}  ${pad('宛先', 30)}  件名`,
  ];
  const clock = (at: number | undefined) =>
    at === undefined ? '' : formatLocalTime(at, config.timezone).slice(5, 16).replace('-', '/');
  // Notifications of one incident at one moment form a block; within it, one line per kind and message.
  let block: Notification[] = [];
  const flush = () => {
    const groups = new Map<string, Notification[]>();
    for (const n of block) {
      const key = `${n.kind}|${n.subject}`;
      groups.set(key, [...(groups.get(key) ?? []), n]);
    }
    for (const [first, ...rest] of groups.values()) {
      if (!first) continue;
      const receivers = [first, ...rest].map((n) => n.receiver).join(', ');
      lines.push(
        `${pad(clock(first.at), 12)}  ${pad(first.incidentId, 18)}  ${pad(KIND_JA[first.kind], 16)}  ${pad(receivers, 30)}  ${first.subject}`,
      );
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
      const verb = entry.action === 'acknowledge' ? '確認 (ACK)' : '手動で解消';
      const effect = entry.done
        ? entry.action === 'acknowledge'
          ? 'エスカレーションを停止'
          : '通知済みの全員に解消を通知'
        : `効果なし: ${entry.result}`;
      lines.push(
        `${pad(clock(entry.at), 12)}  ${pad(entry.incidentId ?? '-', 18)}  ${pad(verb, 16)}  ${pad(entry.by, 30)}  ${effect}`,
      );
    } else {
      const where = entry.index === undefined ? entry.file : `${entry.file}[${entry.index}]`;
      lines.push(
        `${pad(clock(entry.at), 12)}  ${pad('-', 18)}  ${pad('エラー', 16)}  ${where}: ${entry.error}`,
      );
    }
  }
  flush();
  const notifications = report.timeline.flatMap((entry) =>
    entry.kind === 'notification' ? [entry.notification] : [],
  );
  const byAudience = (audience: Notification['audience']) =>
    notifications.filter((n) => n.audience === audience).length;
  lines.push(
    '',
    `まとめ: イベント ${report.events} 件 → アラート ${report.alerts} 件、インシデント ${report.incidents} 件`,
    `  通知 ${notifications.length} 件（統合運用チーム ${byAudience('team')}、ASP ${byAudience('asp')}、自治体 ${byAudience('municipality')}）、うちエスカレーション ${report.escalations} 件、まとめ通知 ${notifications.filter((n) => n.kind === 'digest').length} 件`,
    `  通知せず記録 ${report.recordedOnly} 件、重複配信 ${report.duplicates} 件、古い更新 ${report.stale} 件、対象外 ${report.ignored} 件、エラー ${report.errors} 件`,
    '',
  );
  return lines.join('\n');
};

/** Pads to a display width where each Japanese character takes two columns. */
const pad = (text: string, width: number): string => {
  const columns = [...text].reduce((sum, char) => sum + (char.charCodeAt(0) > 0xff ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(0, width - columns));
};
