import type { AckAction } from '../ack-token.js';
import type { Incident } from '../incident.js';
import { formatLocalTime } from '../local-time.js';
import { headline, plain, sourceLabel } from './words.js';

/**
 * The pages behind an acknowledge link, in Japanese. GET shows what the link will do and asks for a click (mail
 * scanners follow links: a GET never changes anything); POST does it. Every value from an event is
 * HTML-escaped, so a finding title cannot inject markup.
 */
export type Page = { readonly status: number; readonly html: string };

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const page = (status: number, title: string, body: string): Page => ({
  status,
  html: `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.6}dt{font-weight:bold}button{font-size:1.1em;padding:.5em 1.5em}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
});

const ACTION_WORDS: Record<AckAction, { verb: string; done: string }> = {
  ack: { verb: '確認（ACK）する', done: '確認（ACK）しました。以後のエスカレーションは止まります。' },
  resolve: { verb: '解消にする', done: '解消にしました。通知を受けた全員に解消をお知らせします。' },
};

const summary = (incident: Incident, timeZone: string): string =>
  `<dl><dt>インシデント</dt><dd>${escapeHtml(incident.id)}</dd><dt>重大度</dt><dd>${escapeHtml(incident.severity)}</dd><dt>内容</dt><dd>${escapeHtml(`${sourceLabel(incident.subject.source)} ${plain(headline(incident.subject))}`)}</dd><dt>状態</dt><dd>${escapeHtml(STATE_WORDS[incident.state])}</dd><dt>初回検知</dt><dd>${escapeHtml(formatLocalTime(Date.parse(incident.firstSeen), timeZone))}</dd></dl>`;

const STATE_WORDS: Record<Incident['state'], string> = {
  open: '未確認',
  acknowledged: '確認済み',
  resolved: '解消済み',
};

/** GET: what the link will do, with one button that posts the same token. */
export const confirmPage = (
  incident: Incident,
  action: AckAction,
  receiver: string,
  token: string,
  timeZone: string,
): Page =>
  page(
    200,
    `インシデントを${ACTION_WORDS[action].verb}`,
    `${summary(incident, timeZone)}<p>${escapeHtml(receiver)} として${escapeHtml(ACTION_WORDS[action].verb)}場合は、次のボタンを押してください。</p><form method="post"><input type="hidden" name="t" value="${escapeHtml(token)}"><button type="submit">${escapeHtml(ACTION_WORDS[action].verb)}</button></form>`,
  );

/** POST done (or nothing left to do: the incident was already acknowledged or resolved). */
export const donePage = (incident: Incident, action: AckAction, changed: boolean, timeZone: string): Page =>
  page(
    200,
    changed ? ACTION_WORDS[action].done : `このインシデントはすでに${STATE_WORDS[incident.state]}です。`,
    summary(incident, timeZone),
  );

/** Why a link was refused; each reason has its own sentence for the person who clicked. */
export type Refusal =
  | 'malformed'
  | 'forged'
  | 'expired'
  | 'unknown-incident'
  | 'cross-site'
  | 'action-not-allowed';

const REFUSALS: Record<Refusal, string> = {
  malformed: 'リンクが正しくありません。通知メールのリンクをそのまま開いてください。',
  forged: 'リンクを確認できませんでした。通知メールのリンクをそのまま開いてください。',
  expired:
    'リンクの有効期限が切れています。新しい通知のリンクを開くか、統合運用チームのコマンドラインから確認してください。',
  'unknown-incident':
    'このリンクのインシデントは見つかりませんでした（新しい発生に置き換わった可能性があります）。',
  'cross-site':
    'ほかのサイトからの操作は受け付けていません。通知メールのリンクを開き、表示されたボタンを押してください。',
  'action-not-allowed':
    'このリンクでは確認（ACK）以外の操作はできません。解消は統合運用チームのコマンドラインから行ってください。',
};

/** 403 for a bad, forged, expired or cross-site request; 404 for an incident that is gone. Nothing was changed. */
export const refusedPage = (reason: Refusal): Page =>
  page(
    reason === 'unknown-incident' ? 404 : 403,
    '操作できませんでした',
    `<p>${escapeHtml(REFUSALS[reason])}</p>`,
  );

/**
 * The headers of every page behind an acknowledge link. The token rides in the URL: no caching, no referrer, no
 * framing, no scripts; HSTS so that a browser that has seen the endpoint never tries it over plain HTTP again.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};
