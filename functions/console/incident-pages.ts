import { html } from 'hono/html';
import type { Config } from '../../shared/config/registry.js';
import { type Incident, sightingOf, type TimelineEntry } from '../../shared/incident.js';
import { ALERT_SOURCES, type AlertSource, SEVERITIES, type Severity } from '../../shared/model.js';
import { timelineNoteJa } from '../../shared/render/timeline-words.js';
import { regionLabel, regionPlainJa, servicePlainJa, sourceLabel } from '../../shared/render/words.js';
import type { Html } from './layout.js';
import {
  allowedActions,
  type ConsoleAction,
  type Viewer,
  visibleAccountsOf,
  visibleTimeline,
} from './viewer.js';
import {
  ACTION_JA,
  CATEGORY_MUNICIPAL_JA,
  MUNICIPAL_STATE_JA,
  SEVERITY_JA,
  STATE_JA,
  timeJa,
  whatJa,
} from './words.js';

/** The list's filters (DESIGN §14): severity, source, ASP, system. */
export type ListFilters = {
  readonly severity?: Severity;
  readonly source?: AlertSource;
  readonly asp?: string;
  readonly system?: string;
};

export type ListView = {
  readonly viewer: Viewer;
  readonly config: Config;
  readonly incidents: readonly Incident[];
  readonly filters: ListFilters;
  readonly csrf: string;
  /** Resolved incidents of this month (`YYYY-MM`) rather than the open ones. */
  readonly month?: string;
  /** The link to the next page, if there is one. */
  readonly nextHref?: string;
  readonly firstHref?: string;
};

const severityBadge = (severity: Severity) =>
  html`<span class="sev sev-${severity}" title="${severity}">${SEVERITY_JA[severity]}</span>`;
const stateBadge = (incident: Incident, municipal: boolean) =>
  html`<span class="state state-${incident.state}">${(municipal ? MUNICIPAL_STATE_JA : STATE_JA)[incident.state]}</span>`;

const accountLabel = (config: Config, id: string) => {
  const account = config.accountsById.get(id);
  return account === undefined ? `${id}（未登録）` : `${account.name}（${id}）`;
};
const unique = (values: readonly string[]) => [...new Set(values)];
const systemsOf = (config: Config, accounts: readonly string[]) =>
  unique(accounts.flatMap((id) => config.accountsById.get(id)?.system ?? []));
const aspNamesOf = (config: Config, accounts: readonly string[]) =>
  unique(
    accounts.flatMap((id) => {
      const asp = config.accountsById.get(id)?.asp;
      return asp === undefined ? [] : [config.receiversById.get(asp)?.name ?? asp];
    }),
  );

/** The one-click ack (a form: no JavaScript), or the link to a confirmation page for the other actions. */
export const actionControl = (incident: Incident, action: ConsoleAction, csrf: string): Html =>
  action === 'ack'
    ? html`<form method="post" action="/incidents/${incident.id}/ack"><input type="hidden" name="csrf" value="${csrf}"><button type="submit" data-action="ack">${ACTION_JA.ack}</button></form>`
    : html`<form method="get" action="/incidents/${incident.id}/${action}"><button type="submit" class="${action === 'resolve' ? 'secondary' : ''}" data-action="${action}">${ACTION_JA[action]}…</button></form>`;

const select = (
  name: string,
  label: string,
  options: readonly (readonly [value: string, text: string])[],
  chosen: string | undefined,
) =>
  html`<label>${label}<select name="${name}"><option value="">すべて</option>${options.map(
    ([value, text]) =>
      html`<option value="${value}"${value === chosen ? html` selected` : ''}>${text}</option>`,
  )}</select></label>`;

/** The systems a viewer may filter on: the team all, an ASP its own accounts'. */
const filterSystems = (config: Config, viewer: Viewer) =>
  unique(
    config.accounts
      .filter((account) => viewer.kind === 'team' || viewer.receivers.includes(account.asp))
      .map((account) => account.system),
  ).sort();

const filterForm = (view: ListView): Html => {
  const { viewer, config, filters } = view;
  if (viewer.kind === 'municipality') return html``;
  return html`<form class="filters" method="get" action="/incidents">
${view.month === undefined ? '' : html`<input type="hidden" name="month" value="${view.month}">`}
${select(
  'severity',
  '重大度',
  SEVERITIES.map((s) => [s, `${SEVERITY_JA[s]}（${s}）`] as const),
  filters.severity,
)}
${select(
  'source',
  '検知元',
  ALERT_SOURCES.map((s) => [s, sourceLabel(s)] as const),
  filters.source,
)}
${
  viewer.kind === 'team'
    ? select(
        'asp',
        'ASP',
        config.asps.map((asp) => [asp.id, asp.name] as const),
        filters.asp,
      )
    : ''
}
${select(
  'system',
  'システム',
  filterSystems(config, viewer).map((s) => [s, s] as const),
  filters.system,
)}
<button type="submit">絞り込む</button>
</form>`;
};

const monthForm = (view: ListView): Html =>
  html`<form class="filters" method="get" action="/incidents">
<label>解消済みのインシデント（月別）<input type="month" name="month" value="${view.month ?? ''}" required></label>
<button type="submit" class="secondary">表示</button>
${view.month === undefined ? '' : html`<a href="/incidents">未解消の一覧へ戻る</a>`}
</form>`;

/** One row of the team's or an ASP's list: only the viewer's own accounts of the incident. */
const technicalRow = (view: ListView, incident: Incident): Html => {
  const { config, viewer } = view;
  const accounts = visibleAccountsOf(config, viewer, incident);
  const ack = allowedActions(config, viewer, incident).includes('ack');
  return html`<tr data-incident="${incident.id}" data-account="${accounts.join(' ')}">
<td class="when" data-label="発生">${timeJa(incident.firstSeen, config.timezone)}</td>
<td data-label="重大度">${severityBadge(incident.severity)}</td>
<td data-label="状態">${stateBadge(incident, false)}</td>
<td class="title" data-label="件名"><a href="/incidents/${incident.id}">${incident.subject.title}</a><div class="id">${incident.id} · ${sourceLabel(incident.subject.source)}</div></td>
<td data-label="アカウント">${accounts.map((id) => html`<div>${accountLabel(config, id)}</div>`)}</td>
<td class="owner" data-label="ASP／システム">${aspNamesOf(config, accounts).join('、') || '-'}<div class="muted">${systemsOf(config, accounts).join('、') || '-'}</div></td>
<td data-label="操作">${ack ? actionControl(incident, 'ack', view.csrf) : ''}</td>
</tr>`;
};

/** When a notice about the incident was first sent to this municipality. */
const firstNoticeAt = (viewer: Viewer, incident: Incident): string | undefined =>
  (incident.timeline ?? []).find(
    (entry) => entry.receiver !== undefined && viewer.receivers.includes(entry.receiver),
  )?.at ?? incident.firstSeen;

/** A municipality's row: what the notice was about, in words, for its own systems; no ids, no English. */
const municipalRow = (view: ListView, incident: Incident): Html => {
  const { config, viewer } = view;
  const accounts = visibleAccountsOf(config, viewer, incident);
  return html`<tr data-incident="${incident.id}" data-account="${accounts.join(' ')}">
<td class="when" data-label="お知らせ">${timeJa(firstNoticeAt(viewer, incident), config.timezone)}</td>
<td class="title" data-label="内容"><a href="/incidents/${incident.id}">${CATEGORY_MUNICIPAL_JA[incident.subject.category]}</a></td>
<td data-label="システム">${systemsOf(config, accounts).join('、')}</td>
<td data-label="状況">${stateBadge(incident, true)}</td>
</tr>`;
};

export const listBody = (view: ListView): Html => {
  const municipal = view.viewer.kind === 'municipality';
  const heading =
    view.month === undefined
      ? municipal
        ? '対応中のお知らせ'
        : '未解消のインシデント'
      : `${view.month.replace('-', '年')}月に解消した${municipal ? 'お知らせ' : 'インシデント'}`;
  const head = municipal
    ? html`<tr><th>お知らせ</th><th>内容</th><th>システム</th><th>状況</th></tr>`
    : html`<tr><th>発生 (JST)</th><th>重大度</th><th>状態</th><th>件名</th><th>アカウント</th><th>ASP／システム</th><th>操作</th></tr>`;
  const rows = view.incidents.map((incident) =>
    municipal ? municipalRow(view, incident) : technicalRow(view, incident),
  );
  return html`<h1>${heading}</h1>
${filterForm(view)}
${
  view.incidents.length === 0
    ? html`<p class="muted">該当する${municipal ? 'お知らせ' : 'インシデント'}はありません。</p>`
    : html`<table class="list"><thead>${head}</thead><tbody>${rows}</tbody></table>`
}
<nav class="pager">${view.firstHref === undefined ? html`<span></span>` : html`<a href="${view.firstHref}">最初のページへ</a>`}${
    view.nextHref === undefined ? '' : html`<a href="${view.nextHref}" rel="next">次のページ →</a>`
  }</nav>
${monthForm(view)}`;
};

export type DetailView = {
  readonly viewer: Viewer;
  readonly config: Config;
  readonly incident: Incident;
  readonly csrf: string;
};

/** Receivers as people read them: `team-oncall（統合運用チーム）`. */
const receiverLabel = (config: Config, id: string | undefined): string => {
  if (id === undefined) return '';
  const receiver = config.receiversById.get(id);
  return receiver === undefined || receiver.name === id ? id : `${receiver.name}（${id}）`;
};

const timelineTable = (view: DetailView, entries: readonly TimelineEntry[]): Html => {
  const { config, viewer } = view;
  const municipal = viewer.kind === 'municipality';
  if (entries.length === 0) return html`<p class="muted">記録はまだありません。</p>`;
  return html`<table class="list timeline"><thead><tr><th>時刻 (JST)</th><th>内容</th><th>宛先</th><th>詳細</th></tr></thead><tbody>${entries.map(
    (entry) => html`<tr>
<td class="when" data-label="時刻">${timeJa(entry.at, config.timezone)}</td>
<td data-label="内容">${whatJa(entry)}</td>
<td data-label="宛先">${municipal ? (config.receiversById.get(entry.receiver ?? '')?.name ?? '') : receiverLabel(config, entry.receiver)}</td>
<td data-label="詳細">${[
      entry.note === undefined || (municipal && !entry.note.startsWith('第'))
        ? undefined
        : timelineNoteJa(entry.note),
      entry.by === undefined ? undefined : `実施者: ${entry.by}`,
      entry.count === undefined || entry.count <= 1 ? undefined : `${entry.count} 回`,
      entry.channel === undefined || municipal ? undefined : `経路: ${entry.channel}`,
    ].flatMap((part) => (part === undefined ? [] : [html`<div>${part}</div>`]))}</td>
</tr>`,
  )}</tbody></table>`;
};

const fact = (term: string, value: string | Html) => html`<dt>${term}</dt><dd>${value}</dd>`;

/** The team's or an ASP's view of one incident: facts of its own accounts, the timeline, the actions it may take. */
const technicalDetail = (view: DetailView): Html => {
  const { config, viewer, incident } = view;
  const accounts = visibleAccountsOf(config, viewer, incident);
  const seen = sightingOf(incident, accounts);
  const actions = allowedActions(config, viewer, incident);
  const consoleLink = /^https:\/\//.test(incident.subject.consoleUrl)
    ? incident.subject.consoleUrl
    : undefined;
  return html`<h1>${incident.subject.title}</h1>
<div class="actions">${actions.map((action) => actionControl(incident, action, view.csrf))}</div>
<dl class="facts" data-incident="${incident.id}" data-account="${accounts.join(' ')}">
${fact('インシデント', html`<span class="id">${incident.id}</span>`)}
${fact('重大度', severityBadge(incident.severity))}
${fact('状態', stateBadge(incident, false))}
${fact('検知元', `${sourceLabel(incident.subject.source)}（${incident.subject.type}）`)}
${fact('アカウント', html`${accounts.map((id) => html`<div>${accountLabel(config, id)}</div>`)}`)}
${fact('ASP', aspNamesOf(config, accounts).join('、') || '-')}
${fact('システム', systemsOf(config, accounts).join('、') || '-')}
${fact('リージョン', regionLabel(incident.subject.region, 'ja'))}
${fact('リソース', html`${seen.resources.map((resource) => html`<div class="id">${resource}</div>`)}`)}
${fact('説明', incident.subject.description || '-')}
${fact('発生', timeJa(seen.firstSeen, config.timezone))}
${fact('最終受信', `${timeJa(seen.lastSeen, config.timezone)}（${seen.count} 回）`)}
${fact('確認', incident.acknowledgedAt === undefined ? '-' : `${timeJa(incident.acknowledgedAt, config.timezone)}${viewer.kind === 'team' || incident.acknowledgedBy === viewer.name ? `（${incident.acknowledgedBy ?? ''}）` : ''}`)}
${fact('解消', incident.resolvedAt === undefined ? '-' : timeJa(incident.resolvedAt, config.timezone))}
${consoleLink === undefined ? '' : fact('AWS コンソール', html`<a href="${consoleLink}" rel="noopener noreferrer" target="_blank">該当アカウントで開く</a>`)}
</dl>
<h2>タイムライン（誰に何をいつ伝えたか）</h2>
${timelineTable(view, visibleTimeline(viewer, incident, accounts))}`;
};

/** A municipality's view: the notices it was sent, about its own systems, in plain Japanese. */
const municipalDetail = (view: DetailView): Html => {
  const { config, viewer, incident } = view;
  const accounts = visibleAccountsOf(config, viewer, incident);
  const health = incident.subject.health;
  return html`<h1>${CATEGORY_MUNICIPAL_JA[incident.subject.category]}</h1>
<dl class="facts" data-incident="${incident.id}" data-account="${accounts.join(' ')}">
${fact('対象システム', systemsOf(config, accounts).join('、'))}
${fact('状況', stateBadge(incident, true))}
${health === undefined ? '' : fact('影響のある機能', `${servicePlainJa(health.service)}（${regionPlainJa(incident.subject.region)}）`)}
${fact('最初のお知らせ', timeJa(firstNoticeAt(viewer, incident), config.timezone))}
${fact('復旧・解消', incident.resolvedAt === undefined ? '-' : timeJa(incident.resolvedAt, config.timezone))}
</dl>
<p class="muted">お知らせの本文はメールでお送りしています。ご不明な点は${config.team.contact?.name ?? config.team.name}までお問い合わせください。</p>
<h2>お送りしたお知らせ</h2>
${timelineTable(view, visibleTimeline(viewer, incident, accounts))}`;
};

export const detailBody = (view: DetailView): Html =>
  view.viewer.kind === 'municipality' ? municipalDetail(view) : technicalDetail(view);

/** The confirmation step of resolve, share and update: a form with what to say and a box to tick. */
export const confirmBody = (
  incident: Incident,
  action: Exclude<ConsoleAction, 'ack'>,
  csrf: string,
  config: Config,
): Html => {
  const municipalities = unique(
    incident.accounts.flatMap((id) => config.accountsById.get(id)?.municipalities ?? []),
  ).map((id) => config.receiversById.get(id)?.name ?? id);
  const what = {
    resolve: html`<p>このインシデントを手動で解消にします。これまでに通知したすべての宛先に解消の通知が送られます。</p>`,
    share: html`<p>次の自治体に、平易な日本語のお知らせ（第1報・情報共有）として送ります: <strong>${municipalities.join('、') || '（なし）'}</strong></p>`,
    update: html`<p>すでにお知らせした自治体に、次の報（続報）としてこの文面を送ります。</p>`,
  }[action];
  const fields =
    action === 'resolve'
      ? ''
      : html`<label for="message">自治体へのメッセージ${action === 'update' ? '（必須）' : '（任意）'}</label>
<textarea id="message" name="message" maxlength="2000"${action === 'update' ? html` required` : ''}></textarea>
<label for="leak">情報漏えいの有無</label>
<select id="leak" name="leak">${action === 'update' ? html`<option value="">前回のとおり</option>` : ''}<option value="unknown">調査中</option><option value="none">漏えいは確認されていません</option><option value="confirmed">漏えいを確認</option></select>
<label for="next">次回のお知らせ（分後）</label>
<input id="next" name="next" type="number" min="5" max="1440" step="5" value="60">`;
  return html`<h1>${ACTION_JA[action]}: ${incident.subject.title}</h1>
<form class="confirm" method="post" action="/incidents/${incident.id}/${action}">
<p class="id">${incident.id}</p>
${what}
<input type="hidden" name="csrf" value="${csrf}">
${fields}
<label class="check"><input type="checkbox" name="confirm" value="yes" required> 内容を確認しました</label>
<button type="submit" class="${action === 'resolve' ? 'danger' : ''}" data-action="${action}">${ACTION_JA[action]}</button>
<a href="/incidents/${incident.id}">やめる</a>
</form>`;
};
