import { formatDuration } from '../config/duration.js';
import type { DeliveryKind } from '../incident.js';
import { formatLocalTime } from '../local-time.js';
import { aspName, municipalityNames, type RenderContext } from './context.js';
import { characterCount, headline, plain, regionLabel, sourceLabel, truncate } from './words.js';

/** The rendered text of one notification. */
export type Message = { readonly subject: string; readonly body: string; readonly short: string };

/** The words of the technical summary in one language; the layout is shared. */
type Phrases = {
  readonly kind: Record<DeliveryKind, string>;
  readonly heading: Record<DeliveryKind, string>;
  readonly label: Record<
    | 'incident'
    | 'severity'
    | 'type'
    | 'summary'
    | 'account'
    | 'asp'
    | 'system'
    | 'region'
    | 'resource'
    | 'seen'
    | 'resolvedAt'
    | 'console'
    | 'ack'
    | 'unregistered',
    string
  >;
  readonly seen: (first: string, last: string, count: number) => string;
  readonly escalated: (step: number, receiver: string, waited: string) => string;
  readonly ackPrompt: string;
};

const JA: Phrases = {
  kind: { trigger: '発生', update: '更新', escalation: 'エスカレーション', resolve: '解消' },
  heading: {
    trigger: '【アラート発生】',
    update: '【アラート更新】',
    escalation: '【エスカレーション】未確認のアラート',
    resolve: '【アラート解消】',
  },
  label: {
    incident: 'インシデント',
    severity: '重大度',
    type: '種別',
    summary: '内容',
    account: 'アカウント',
    asp: 'ASP',
    system: 'システム',
    region: 'リージョン',
    resource: 'リソース',
    seen: '検知',
    resolvedAt: '解消時刻',
    console: 'コンソール',
    ack: '確認（ACK）',
    unregistered: '未登録アカウント',
  },
  seen: (first, last, count) => (count > 1 ? `初回 ${first} ／ 最終 ${last}（${count}回）` : first),
  escalated: (step, receiver, waited) =>
    `${waited}以内に確認されなかったため、${receiver} に通知しています（第${step}段階）。`,
  ackPrompt: '対応を始めたら、次のリンクで確認（ACK）してください。確認されるまで通知が続きます。',
};

const EN: Phrases = {
  kind: { trigger: 'TRIGGERED', update: 'UPDATED', escalation: 'ESCALATED', resolve: 'RESOLVED' },
  heading: {
    trigger: 'Alert triggered: ',
    update: 'Alert updated: ',
    escalation: 'Escalation — not acknowledged: ',
    resolve: 'Alert resolved: ',
  },
  label: {
    incident: 'Incident',
    severity: 'Severity',
    type: 'Type',
    summary: 'Summary',
    account: 'Account',
    asp: 'ASP',
    system: 'System',
    region: 'Region',
    resource: 'Resource',
    seen: 'Seen',
    resolvedAt: 'Resolved at',
    console: 'Console',
    ack: 'Acknowledge',
    unregistered: 'Unregistered account',
  },
  seen: (first, last, count) => (count > 1 ? `first ${first}, last ${last} (${count} times)` : first),
  escalated: (step, receiver, waited) =>
    `Not acknowledged within ${waited}: now paging ${receiver} (step ${step}).`,
  ackPrompt: 'When you start working on it, acknowledge with the link below. Paging continues until then.',
};

/** Email subject and SNS `Subject` limit, in characters. */
const SUBJECT_MAX = 100;

/** A placeholder the AWS runtime replaces with a signed link (issue "AWS runtime"); the local run prints it. */
export const ACK_LINK_PLACEHOLDER = '{{ackUrl}}';

/**
 * The technical summary for the integrated team and the ASPs: finding type, resource, account name, ASP,
 * system, region, JST times, console link, and for team pages an ack link.
 */
export const renderTechnical = (context: RenderContext): Message => {
  const { incident, delivery, receiver, config, accounts } = context;
  const words = receiver.language === 'en' ? EN : JA;
  const subject = incident.subject;
  const time = (iso: string) => formatLocalTime(Date.parse(iso), config.timezone);
  const firstSeen = time(incident.firstSeen);
  // A first sighting was last seen when it was first seen.
  const lastSeen = incident.lastSeen === incident.firstSeen ? firstSeen : time(incident.lastSeen);
  const name = plain(headline(subject));
  // Only the receiver's own accounts name the message; a raw id only for the team (an unregistered account).
  const where = accounts[0]?.name ?? context.unregistered[0] ?? '';
  const kind = words.kind[delivery.kind];

  const lines = [
    `${words.heading[delivery.kind]}${plain(subject.title)}`,
    '',
    ...(delivery.kind === 'escalation'
      ? [
          words.escalated(
            Number(delivery.reason.replace(/\D/g, '')) || 1,
            receiver.id,
            formatDuration(incident.escalation?.ackWithinMs ?? 0),
          ),
          '',
        ]
      : []),
    `${words.label.incident}: ${incident.id}`,
    `${words.label.severity}: ${delivery.severity}`,
    `${words.label.type}: ${sourceLabel(subject.source)} ${plain(subject.type)}`,
    ...(subject.description ? [`${words.label.summary}: ${truncate(plain(subject.description), 600)}`] : []),
    ...accounts.flatMap((account) => [
      `${words.label.account}: ${account.name} (${account.id})`,
      `${words.label.asp}: ${aspName(config, account.asp)}`,
      `${words.label.system}: ${account.system}（${municipalityNames(config, account)}）`,
    ]),
    ...context.unregistered.map((id) => `${words.label.unregistered}: ${id}`),
    `${words.label.region}: ${regionLabel(subject.region, receiver.language)}`,
    `${words.label.resource}: ${plain(subject.resource)}`,
    `${words.label.seen}: ${words.seen(firstSeen, lastSeen, incident.count)}`,
    ...(delivery.kind === 'resolve' && incident.resolvedAt
      ? [`${words.label.resolvedAt}: ${time(incident.resolvedAt)}`]
      : []),
    `${words.label.console}: ${subject.consoleUrl}`,
    ...(receiver.audience === 'team' && delivery.kind !== 'resolve'
      ? ['', words.ackPrompt, `${words.label.ack}: ${context.ackLink ?? ACK_LINK_PLACEHOLDER}`]
      : []),
  ];
  // A long finding type is cut, never the account name after it: a reader with several accounts needs it.
  const lead = `[${delivery.severity}][${kind}] ${sourceLabel(subject.source)} `;
  const tail = where ? ` — ${where}` : '';
  const room = Math.max(SUBJECT_MAX - characterCount(lead) - characterCount(tail), 10);
  return {
    subject: truncate(`${lead}${truncate(name, room)}${tail}`, SUBJECT_MAX),
    body: `${lines.join('\n')}\n`,
    short: truncate(
      [`[${delivery.severity} ${kind}]`, incident.id, where, sourceLabel(subject.source), name]
        .filter(Boolean)
        .join(' '),
      receiver.language === 'en' ? 160 : 70,
    ),
  };
};
