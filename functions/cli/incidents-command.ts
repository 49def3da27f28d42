import type { Config } from '../../shared/config/registry.js';
import type { Incident, IncidentState, TimelineEntry } from '../../shared/incident.js';
import { formatLocalTime } from '../../shared/local-time.js';
import type { IncidentFilter, IncidentStore, IndexUpkeep } from '../../shared/ports.js';
import { STATE_JA, timelineNoteJa, timelineWhatJa } from '../../shared/render/timeline-words.js';
import { cutEnd, displayWidth, padEnd, wrapReceivers } from './display-width.js';
import type { Io } from './io.js';

/** The width the tables fit when stdout is not a terminal (a pipe, a file, a test). */
const DEFAULT_COLUMNS = 120;
/** Receivers beyond this width continue on the next line, under the first. */
const MAX_RECEIVER_COLUMNS = 30;
/** A title or a note is never cut shorter than this, however narrow the terminal. */
const MIN_TEXT_COLUMNS = 24;
const GAP = '  ';

/** `incidents list` shows at most this many (newest first); the rest is named on stderr. */
export const LIST_LIMIT = 1000;

/**
 * `alert-router incidents list [--open] [--receiver ID] [--json]`: the incidents of a store, newest first
 * (DESIGN §9, turn 2). With `json`, one line per incident; otherwise a table in the config's time zone.
 */
export const listIncidentsCommand = async (
  filter: IncidentFilter,
  json: boolean,
  store: Pick<IncidentStore, 'list'>,
  config: Config,
  io: Io,
): Promise<number> => {
  const found = await store.list(filter, LIST_LIMIT + 1);
  const incidents = found.slice(0, LIST_LIMIT);
  if (json) {
    for (const incident of incidents) io.stdout.write(`${JSON.stringify(listLine(incident, config))}\n`);
  } else {
    io.stdout.write(formatList(incidents, config, io.stdout.columns ?? DEFAULT_COLUMNS));
  }
  if (found.length > LIST_LIMIT)
    io.stderr.write(`alert-router incidents list: only the newest ${LIST_LIMIT} are shown\n`);
  return 0;
};

/**
 * `alert-router incidents show ID [--json]`: one incident (any episode, by its `INC-…` id, or the current one of a
 * fingerprint) and its timeline. An unknown one is exit status 1.
 */
export const showIncidentCommand = async (
  ref: string,
  json: boolean,
  store: Pick<IncidentStore, 'findById' | 'get'>,
  config: Config,
  io: Io,
): Promise<number> => {
  const incident = ref.startsWith('INC-') ? await store.findById(ref) : await store.get(ref);
  if (incident === undefined) {
    io.stderr.write(`alert-router incidents show: no incident "${ref}" in this store\n`);
    return 1;
  }
  if (json) {
    io.stdout.write(
      `${JSON.stringify({ incident: showLine(incident, config), timeline: (incident.timeline ?? []).map(timelineLine) })}\n`,
    );
  } else {
    io.stdout.write(formatShow(incident, config, io.stdout.columns ?? DEFAULT_COLUMNS));
  }
  return 0;
};

/**
 * `alert-router incidents reindex --store dynamodb …`: brings every incident's index entries up to date (after an
 * upgrade that added an index, or after accounts moved to another ASP in the registry), and says how many items
 * it rewrote. A state file has no index: nothing to do.
 */
export const reindexCommand = async (store: object, io: Io): Promise<number> => {
  if (!('reindex' in store)) {
    io.stdout.write('索引はありません（状態ファイル）。再作成するものはありません。\n');
    return 0;
  }
  const { scanned, updated } = await (store as IndexUpkeep).reindex();
  io.stdout.write(`インシデント ${scanned} 件を確認し、${updated} 件の索引を更新しました。\n`);
  return 0;
};

/**
 * DESIGN §9: `{"incident","fingerprint","status","acknowledged","severity","accountId","asp","title","openedAt",
 * "resolvedAt"}`. `asp` is the first account's ASP in the registry (null for an unregistered account).
 */
const listLine = (incident: Incident, config: Config) => {
  const accountId = incident.accounts[0] ?? null;
  return {
    incident: incident.id,
    fingerprint: incident.fingerprint,
    status: incident.state,
    acknowledged: wasAcknowledged(incident),
    severity: incident.severity,
    accountId,
    asp: (accountId === null ? undefined : config.accountsById.get(accountId)?.asp) ?? null,
    title: incident.subject.title,
    openedAt: incident.firstSeen,
    resolvedAt: incident.resolvedAt ?? null,
  };
};

/**
 * The incident of `show --json`: the fields of a list line and what a reader of one incident wants besides; not
 * the stored item, whose bookkeeping (revisions, dedup ids, timer tokens) is the store's own and may change.
 */
const showLine = (incident: Incident, config: Config) => ({
  ...listLine(incident, config),
  episode: incident.episode,
  source: incident.subject.source,
  category: incident.subject.category,
  type: incident.subject.type,
  accounts: incident.accounts,
  count: incident.count,
  lastSeen: incident.lastSeen,
  receivers: Object.keys(incident.receivers),
  acknowledgedBy: incident.acknowledgedBy ?? null,
  acknowledgedAt: incident.acknowledgedAt ?? null,
  resolvedBy: incident.resolvedBy ?? null,
});

/** DESIGN §9: `{"at","what","receiver"?,"channel"?,"kind"?,"by"?,"note"?}`, and `count` when repeats folded. */
const timelineLine = (entry: TimelineEntry) => ({
  at: entry.at,
  what: entry.what,
  ...(entry.receiver === undefined ? {} : { receiver: entry.receiver }),
  ...(entry.channel === undefined ? {} : { channel: entry.channel }),
  ...(entry.kind === undefined ? {} : { kind: entry.kind }),
  ...(entry.by === undefined ? {} : { by: entry.by }),
  ...(entry.note === undefined ? {} : { note: entry.note }),
  ...(entry.count === undefined ? {} : { count: entry.count }),
});

/** Acknowledged now, or before it was resolved. */
const wasAcknowledged = (incident: Incident): boolean =>
  incident.state === 'acknowledged' || incident.acknowledgedAt !== undefined;

/** `aoba-juki-prod`, or the id of an unregistered account; `+1` for each further account. */
const accountsLabel = (incident: Incident, config: Config): string => {
  const [first, ...more] = incident.accounts.map((id) => config.accountsById.get(id)?.name ?? id);
  return `${first ?? '-'}${more.length > 0 ? ` +${more.length}` : ''}`;
};

/** A table row before it is laid out: its moment (for the time and day line; none on a continuation) and cells. */
type Row = { readonly at: number | undefined; readonly cells: readonly string[] };

/**
 * Lays out rows under headings: each column as wide as its widest cell, the last one (free text) cut to fit
 * `columns`; a `── date (zone)` line whenever the day changes, so the time column holds the time alone.
 */
const table = (
  headings: readonly string[],
  rows: readonly Row[],
  config: Config,
  columns: number,
): string[] => {
  // The first column holds the time (`09:05`), filled in below.
  const widths = headings
    .slice(0, -1)
    .map((heading, i) =>
      Math.max(
        displayWidth(heading),
        i === 0 ? 5 : 0,
        ...rows.map((row) => displayWidth(row.cells[i] ?? '')),
      ),
    );
  const lead = widths.reduce((sum, width) => sum + width + GAP.length, 0);
  const textWidth = Math.max(MIN_TEXT_COLUMNS, columns - lead);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i < widths.length ? padEnd(cell, widths[i] ?? 0) : cutEnd(cell, textWidth)))
      .join(GAP)
      .trimEnd();
  const lines = [line(headings)];
  let day = '';
  for (const row of rows) {
    const [date = '', time = '', zone = ''] =
      row.at === undefined ? [] : formatLocalTime(row.at, config.timezone).split(' ');
    if (date !== '' && date !== day) {
      lines.push(`── ${date} (${zone})`);
      day = date;
    }
    lines.push(line([time, ...row.cells.slice(1)]));
  }
  return lines;
};

/** The human list: one row per incident, newest first, then the count by state. */
const formatList = (incidents: readonly Incident[], config: Config, columns: number): string => {
  if (incidents.length === 0) return '該当するインシデントはありません。\n';
  const rows = incidents.map((incident) => ({
    at: Date.parse(incident.firstSeen),
    cells: [
      '',
      incident.id,
      STATE_JA[incident.state],
      incident.severity,
      accountsLabel(incident, config),
      config.accountsById.get(incident.accounts[0] ?? '')?.asp ?? '-',
      incident.subject.title,
    ],
  }));
  const lines = table(
    ['発生', 'インシデント', '状態', '重大度', 'アカウント', 'ASP', '件名'],
    rows,
    config,
    columns,
  );
  const count = (state: IncidentState) => incidents.filter((incident) => incident.state === state).length;
  lines.push(
    '',
    `インシデント ${incidents.length} 件（未確認 ${count('open')}、確認済み ${count('acknowledged')}、解消 ${count('resolved')}）`,
    '',
  );
  return lines.join('\n');
};

const BY_JA: Partial<Record<TimelineEntry['what'], string>> = {
  acknowledged: '確認者',
  resolved: '解消者',
  shared: '共有者',
  'update-posted': '投稿者',
};

/** The details of an entry: its note, who did it, how often, on which channel. */
const detailsJa = (entry: TimelineEntry): string =>
  [
    entry.note === undefined ? undefined : timelineNoteJa(entry.note),
    entry.by === undefined ? undefined : `${BY_JA[entry.what] ?? '実施者'}: ${entry.by}`,
    entry.count === undefined || entry.count <= 1 ? undefined : `${entry.count} 回`,
    entry.channel,
  ]
    .filter((part) => part !== undefined)
    .join('、');

/**
 * Entries of one moment that say the same thing to several receivers (a notice to the team and the ASP) form one
 * row listing them all, as in the replay timeline.
 */
const groupEntries = (timeline: readonly TimelineEntry[]) => {
  const groups: Array<{ entry: TimelineEntry; receivers: string[] }> = [];
  const key = (entry: TimelineEntry) =>
    JSON.stringify([entry.at, entry.what, entry.kind, entry.channel, entry.note, entry.by, entry.count]);
  for (const entry of timeline) {
    const last = groups.at(-1);
    if (last !== undefined && entry.receiver !== undefined && key(last.entry) === key(entry)) {
      last.receivers.push(entry.receiver);
      continue;
    }
    groups.push({ entry, receivers: entry.receiver === undefined ? [] : [entry.receiver] });
  }
  return groups;
};

/** The human form of one incident: a header (what, how bad, where it stands, who acted) and its timeline. */
const formatShow = (incident: Incident, config: Config, columns: number): string => {
  const time = (iso: string | undefined) =>
    iso === undefined ? '-' : formatLocalTime(Date.parse(iso), config.timezone);
  const accounts = incident.accounts.map((id) => {
    const account = config.accountsById.get(id);
    return account === undefined
      ? `${id}（未登録）`
      : `${id} ${account.name}（${account.asp}、${account.system}）`;
  });
  const header = [
    `${incident.id}  ${incident.subject.title}`,
    `  重大度: ${incident.severity}   状態: ${STATE_JA[incident.state]}   発生: ${time(incident.firstSeen)}   最終受信: ${time(incident.lastSeen)}（${incident.count} 回）`,
    `  アカウント: ${accounts.join('、')}`,
    `  確認: ${incident.acknowledgedBy === undefined ? '-' : `${incident.acknowledgedBy}（${time(incident.acknowledgedAt)}）`}`,
    `  解消: ${incident.resolvedAt === undefined ? '-' : `${time(incident.resolvedAt)}（${incident.resolvedBy ?? `${incident.subject.source} の解消通知`}）`}`,
    '',
  ];
  const rows: Row[] = [];
  for (const { entry, receivers } of groupEntries(incident.timeline ?? [])) {
    const [first = '-', ...more] = wrapReceivers(receivers, MAX_RECEIVER_COLUMNS);
    rows.push({ at: Date.parse(entry.at), cells: ['', timelineWhatJa(entry), first, detailsJa(entry)] });
    // The receivers that do not fit continue below, without repeating the time.
    for (const next of more) rows.push({ at: undefined, cells: ['', '', next, ''] });
  }
  const lines =
    rows.length === 0
      ? ['（タイムラインはまだありません）']
      : table(['時刻', '内容', '宛先', '詳細'], rows, config, columns);
  return `${[...header, ...lines].map((line) => cutEnd(line, Math.max(columns, MIN_TEXT_COLUMNS))).join('\n')}\n`;
};
