import { createMemoryIncidentStore } from '../../shared/adapters/memory/incident-store.js';
import { createMemoryNotifier } from '../../shared/adapters/memory/notifier.js';
import { createVirtualTimers, VirtualClock } from '../../shared/adapters/memory/virtual-time.js';
import type { Config } from '../../shared/config/registry.js';
import { formatLocalTime } from '../../shared/local-time.js';
import { type ReplayReport, replay } from '../../shared/pipeline/replay.js';
import type { Notification } from '../../shared/ports.js';
import { readEventInputs } from '../event-files.js';
import type { Io } from './io.js';

export type ReplayOptions = {
  readonly json: boolean;
  readonly untilMs: number;
  /** Keep incidents in this JSON file between runs (the embedded store's persistence). */
  readonly stateFile?: string;
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
    store: createMemoryIncidentStore(options.stateFile ? { file: options.stateFile } : {}),
    notifier: createMemoryNotifier(),
    timers: createVirtualTimers(),
    clock: new VirtualClock(0),
    config,
  };
  const report = await replay(readEventInputs(paths), ports, options.untilMs);
  if (options.json) {
    for (const entry of report.timeline) {
      io.stdout.write(
        `${JSON.stringify(entry.kind === 'notification' ? jsonLine(entry.notification) : { file: entry.file, ...(entry.index === undefined ? {} : { index: entry.index }), error: entry.error })}\n`,
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
};

const formatTimeline = (report: ReplayReport, config: Config): string => {
  const lines = [
    `時刻 (${config.timezone === 'Asia/Tokyo' ? 'JST' : config.timezone})    インシデント     宛先 (種別)                 通知       件名`,
  ];
  for (const entry of report.timeline) {
    if (entry.kind === 'error') {
      const where = entry.index === undefined ? entry.file : `${entry.file}[${entry.index}]`;
      lines.push(`${' '.repeat(20)}エラー           ${where}: ${entry.error}`);
      continue;
    }
    const n = entry.notification;
    const time = formatLocalTime(n.at, config.timezone, true).replace(/ [A-Z]+$|\s\S+\/\S+$/, '');
    lines.push(
      `${time}  ${n.incidentId.padEnd(15)}  ${`${n.receiver} (${n.audience})`.padEnd(26)}  ${pad(KIND_JA[n.kind], 9)}  ${n.subject}`,
    );
  }
  const notifications = report.timeline.flatMap((entry) =>
    entry.kind === 'notification' ? [entry.notification] : [],
  );
  const byAudience = (audience: Notification['audience']) =>
    notifications.filter((n) => n.audience === audience).length;
  lines.push(
    '',
    `まとめ: イベント ${report.events} 件 → アラート ${report.alerts} 件、インシデント ${report.incidents} 件`,
    `  通知 ${notifications.length} 件（統合運用チーム ${byAudience('team')}、ASP ${byAudience('asp')}、自治体 ${byAudience('municipality')}）、うちエスカレーション ${report.escalations} 件`,
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
