import { carriesFirstResponse, type FirstResponse, firstResponse } from '../first-response/index.js';
import type { Delivery, DeliveryKind, Escalation } from '../incident.js';
import { formatLocalTime } from '../local-time.js';
import type { Owner } from '../model.js';
import type { CardFact, CardLink, NotificationCard } from '../ports.js';
import { aspName, cardState, municipalityNames, type RenderContext } from './context.js';
import {
  characterCount,
  headline,
  plain,
  producerNote,
  regionLabel,
  sourceLabel,
  truncate,
} from './words.js';

/** The rendered text of one notification, and the same as a card for the chat channels. */
export type Message = {
  readonly subject: string;
  readonly body: string;
  readonly short: string;
  readonly card: NotificationCard;
};

/** The words of the technical summary in one language; the layout is shared. */
type Phrases = {
  readonly kind: Record<DeliveryKind, string>;
  /** A reminder's label in the subject, by the delivery's reason: it is not news, it is a nudge. */
  readonly reminderKind: Readonly<Record<string, string>>;
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
  readonly duration: (ms: number) => string;
  /** Step `step` of `levels` team levels: the next level is paged, or (after the last) the last level again. */
  readonly escalated: (step: ClimbOrRepeat, receiver: string, waited: string) => string;
  /** Why an update is sent: what changed since this receiver's last notice. */
  readonly changed: {
    readonly severity: (from: string, to: string) => string;
    readonly reminder: string;
    readonly newReceiver: string;
    /** The team promised a municipality its next report by a time that has passed (DESIGN §12). */
    readonly reportOverdue: (missed: string, incidentId: string) => string;
  };
  readonly firstResponse: {
    readonly heading: (who: Owner) => string;
    readonly reference: string;
  };
  readonly mismatch: (sender: string, claimed: string) => string;
  readonly unregisteredWarning: (id: string) => string;
  readonly ackPrompt: string;
};

/** An escalation step climbs to the next team level, or repeats at the last one (DESIGN §6). */
type ClimbOrRepeat =
  | { readonly climb: true; readonly step: number; readonly of: number }
  | { readonly climb: false; readonly repeat: number; readonly of: number };

const JA: Phrases = {
  kind: { trigger: '発生', update: '更新', escalation: 'エスカレーション', resolve: '解消' },
  reminderKind: { 'repeat-due': 'リマインド', 'report-overdue': '自治体への続報期限' },
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
  duration: (ms) => {
    const hours = Math.floor(ms / 3_600_000);
    const minutes = Math.round((ms % 3_600_000) / 60_000);
    return `${hours > 0 ? `${hours}時間` : ''}${minutes > 0 || hours === 0 ? `${minutes}分` : ''}`;
  },
  escalated: (step, receiver, waited) =>
    step.climb
      ? `${waited}以内に確認されなかったため、次の担当 ${receiver} に通知しています（エスカレーション ${step.step}/${step.of}）。`
      : `${waited}以内に確認されなかったため、${receiver} に再度通知しています（再通知 ${step.repeat}/${step.of} 回目）。`,
  changed: {
    severity: (from, to) => `変更: 重大度が ${from} から ${to} に上がりました。`,
    reminder: 'リマインド: このアラートは確認（ACK）されないまま続いています。対応状況をご確認ください。',
    newReceiver: '変更: 影響の範囲が広がり、この宛先にも関係するようになりました。',
    reportOverdue: (missed, id) =>
      `要対応: 自治体にお約束した次回のお知らせの時刻を過ぎましたが、まだ送られていません（${missed}）。状況を確認し、続報を送ってください: alert-router update ${id} --by <担当> --message "<本文>"`,
  },
  firstResponse: {
    heading: (who) => `初動対応（主に${who === 'team' ? '統合運用チーム' : 'ASP'}が行います）`,
    reference: '参考',
  },
  mismatch: (sender, claimed) =>
    `⚠ 注意: 送信元のアカウント ${sender} は、アカウント ${claimed} の検知を中継することを許可されていません（reportsFor 未設定）。${claimed} の利用者には通知していません。送信元の設定か不正な送信を確認してください。`,
  unregisteredWarning: (id) =>
    `⚠ 注意: 送信元のアカウント ${id} は登録されていません。ASP・自治体には通知していません。登録漏れか不正な送信を確認してください。`,
  ackPrompt: '対応を始めたら、次のリンクで確認（ACK）してください。確認されるまで通知が続きます。',
};

const EN: Phrases = {
  kind: { trigger: 'TRIGGERED', update: 'UPDATED', escalation: 'ESCALATED', resolve: 'RESOLVED' },
  reminderKind: { 'repeat-due': 'REMINDER', 'report-overdue': 'REPORT DUE' },
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
  duration: (ms) => {
    const hours = Math.floor(ms / 3_600_000);
    const minutes = Math.round((ms % 3_600_000) / 60_000);
    const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
    return [hours > 0 ? part(hours, 'hour') : '', minutes > 0 || hours === 0 ? part(minutes, 'minute') : '']
      .filter(Boolean)
      .join(' ');
  },
  escalated: (step, receiver, waited) =>
    step.climb
      ? `Not acknowledged within ${waited}: now paging the next level, ${receiver} (escalation ${step.step} of ${step.of}).`
      : `Not acknowledged within ${waited}: paging ${receiver} again (repeat ${step.repeat} of ${step.of}).`,
  changed: {
    severity: (from, to) => `Changed: severity rose from ${from} to ${to}.`,
    reminder: 'Reminder: this alert is still open and nobody has acknowledged it.',
    newReceiver: 'Changed: the impact grew and now concerns this receiver too.',
    reportOverdue: (missed, id) =>
      `Action needed: the next report promised to municipalities is overdue (${missed}). Check the situation and send an update: alert-router update ${id} --by <you> --message "<text>"`,
  },
  firstResponse: {
    heading: (who) => `First response (mainly by ${who === 'team' ? 'the integrated team' : 'the ASP'})`,
    reference: 'Reference',
  },
  mismatch: (sender, claimed) =>
    `WARNING: sender account ${sender} is not allowed to report for account ${claimed} (no reportsFor). The owners of ${claimed} were not told. Check the sender's configuration or whether this was forged.`,
  unregisteredWarning: (id) =>
    `WARNING: sender account ${id} is not registered. No ASP or municipality was told. Check for a missing registration or a forged event.`,
  ackPrompt: 'When you start working on it, acknowledge with the link below. Paging continues until then.',
};

/** Email subject and SNS `Subject` limit, in characters. */
const SUBJECT_MAX = 100;

/** A placeholder the AWS runtime replaces with a signed link (issue "AWS runtime"); the local run prints it. */
export const ACK_LINK_PLACEHOLDER = '{{ackUrl}}';

/**
 * The technical summary for the integrated team and the ASPs: finding type, resource, account name, ASP,
 * system, region, JST times, console link, and for team pages an ack link. Every fact about accounts comes from
 * the receiver's own accounts (`RenderContext`), never from another tenant that the incident also concerns.
 */
export const renderTechnical = (context: RenderContext): Message => {
  const { incident, delivery, receiver, config, accounts, sighting } = context;
  const words = receiver.language === 'en' ? EN : JA;
  const subject = incident.subject;
  const time = (iso: string) => formatLocalTime(Date.parse(iso), config.timezone);
  const firstSeen = time(sighting.firstSeen);
  // A first sighting was last seen when it was first seen.
  const lastSeen = sighting.lastSeen === sighting.firstSeen ? firstSeen : time(sighting.lastSeen);
  const name = plain(headline(subject));
  // Only the receiver's own accounts name the message; a raw id only for the team (an unregistered account).
  const where = accounts[0]?.name ?? context.unregistered[0] ?? '';
  const kind = words.reminderKind[delivery.reason] ?? words.kind[delivery.kind];
  const resources = sighting.resources.map((resource) => plain(resource)).join(', ');
  // The facts, once: the email lists them as `label: value` lines, the chat channels as fields.
  const fact = (label: string, value: string): CardFact => ({ label, value });
  const head = [
    fact(words.label.incident, incident.id),
    fact(words.label.severity, delivery.severity),
    fact(words.label.type, `${sourceLabel(subject.source)} ${plain(subject.type)}`),
  ];
  const tail = [
    ...accounts.flatMap((account) => [
      fact(words.label.account, `${account.name} (${account.id})`),
      fact(words.label.asp, aspName(config, account.asp)),
      fact(words.label.system, `${account.system}（${municipalityNames(config, account)}）`),
    ]),
    ...context.unregistered.map((id) => fact(words.label.unregistered, id)),
    fact(words.label.region, regionLabel(subject.region, receiver.language)),
    ...(resources ? [fact(words.label.resource, truncate(resources, 600))] : []),
    fact(words.label.seen, words.seen(firstSeen, lastSeen, sighting.count)),
    ...(delivery.kind === 'resolve' && incident.resolvedAt
      ? [fact(words.label.resolvedAt, time(incident.resolvedAt))]
      : []),
  ];
  const line = ({ label, value }: CardFact) => `${label}: ${value}`;
  const summary = subject.description
    ? [`${words.label.summary}: ${truncate(plain(subject.description), 600)}`]
    : [];
  const producer = producerNote(incident.flags, receiver.language);
  const guide = firstResponseOf(context);
  const ack =
    receiver.audience === 'team' && delivery.kind !== 'resolve' && delivery.reason !== 'report-overdue'
      ? (context.ackLink ?? ACK_LINK_PLACEHOLDER)
      : undefined;
  const before = [
    ...warnings(context, words),
    ...(delivery.kind === 'escalation' ? [escalationLine(delivery, incident.escalation, words)] : []),
    ...changeLines(delivery, words, config),
  ];

  const lines = [
    `${words.heading[delivery.kind]}${plain(subject.title)}`,
    '',
    ...before.flatMap((paragraph) => [paragraph, '']),
    ...head.map(line),
    ...producer,
    ...summary,
    ...tail.map(line),
    `${words.label.console}: ${subject.consoleUrl}`,
    ...(guide ? firstResponseLines(guide, words) : []),
    ...(ack !== undefined ? ['', words.ackPrompt, `${words.label.ack}: ${ack}`] : []),
  ];
  // A long finding type is cut, never the account name after it: a reader with several accounts needs it.
  const lead = `[${delivery.severity}][${kind}] ${sourceLabel(subject.source)} `;
  const atWhere = where ? ` — ${where}` : '';
  const room = Math.max(SUBJECT_MAX - characterCount(lead) - characterCount(atWhere), 10);
  const links: CardLink[] = [
    ...(ack !== undefined ? [{ kind: 'ack' as const, label: words.label.ack, url: ack }] : []),
    { kind: 'console', label: words.label.console, url: subject.consoleUrl },
    ...(guide
      ? [{ kind: 'reference' as const, label: words.firstResponse.reference, url: guide.docUrl }]
      : []),
  ];
  const title = `${sourceLabel(subject.source)} ${name}${atWhere}`;
  return {
    subject: truncate(`${lead}${truncate(name, room)}${atWhere}`, SUBJECT_MAX),
    body: `${lines.join('\n')}\n`,
    short: truncate(
      [`[${delivery.severity} ${kind}]`, incident.id, where, sourceLabel(subject.source), name]
        .filter(Boolean)
        .join(' '),
      receiver.language === 'en' ? 160 : 70,
    ),
    card: {
      title: truncate(title, 250),
      severity: delivery.severity,
      state: cardState(context),
      kind: delivery.kind,
      label: kind,
      text: [...before, ...producer, ...summary],
      facts: [...head, ...tail],
      ...(guide
        ? {
            guide: {
              heading: words.firstResponse.heading(guide.who),
              title: guide.title,
              meaning: guide.meaning,
            },
          }
        : {}),
      nextSteps: guide?.steps ?? [],
      links,
      threadId: incident.id,
      summary: truncate(`[${delivery.severity} ${kind}] ${title}`, 200),
      keywords: [
        ...new Set([sourceLabel(subject.source), delivery.severity, ...accounts.map((a) => a.system)]),
      ],
    },
  };
};

/**
 * What the team must read before anything else: the sender was not allowed to speak for the account the finding
 * names (§7), or is not registered at all. Only the team is ever told of such alerts.
 */
const warnings = (context: RenderContext, words: Phrases): string[] => {
  if (context.receiver.audience !== 'team') return [];
  const { incident } = context;
  const sender = incident.accounts[0] ?? '';
  const named = (id: string) => {
    const account = context.config.accountsById.get(id);
    return account ? `${account.name} (${id})` : id;
  };
  const lines: string[] = [];
  if (incident.flags.includes('account-mismatch') && incident.subject.claimedAccountId !== undefined)
    lines.push(words.mismatch(named(sender), named(plain(incident.subject.claimedAccountId))));
  else if (incident.flags.includes('unregistered-account')) lines.push(words.unregisteredWarning(sender));
  return lines;
};

const escalationLine = (delivery: Delivery, escalation: Escalation | undefined, words: Phrases): string => {
  const step = Number(delivery.reason.replace(/\D/g, '')) || 1;
  const levels = escalation?.levels.length ?? 2;
  const climbs = Math.max(0, levels - 1);
  const waited = words.duration(escalation?.ackWithinMs ?? 0);
  const where: ClimbOrRepeat =
    step <= climbs
      ? { climb: true, step, of: climbs }
      : { climb: false, repeat: step - climbs, of: escalation?.repeat ?? step - climbs };
  return words.escalated(where, delivery.receiver, waited);
};

/**
 * First steps (初動対応, DESIGN §13) for the team and the ASPs on an open security or compliance alert of HIGH and
 * above: many ASPs are application vendors, not security specialists. Our own words, from the catalogue; an
 * unknown type falls back to its family, then to generic steps. Resolves and municipal notices carry none.
 */
const firstResponseOf = (context: RenderContext): FirstResponse | undefined => {
  const { incident, delivery, receiver } = context;
  if (receiver.audience === 'municipality' || delivery.kind === 'resolve') return undefined;
  // A nudge about a municipal report is not a new finding: no first steps again.
  if (delivery.reason === 'report-overdue') return undefined;
  if (!carriesFirstResponse(incident.subject.category, delivery.severity)) return undefined;
  return firstResponse(
    {
      source: incident.subject.source,
      type: incident.subject.type,
      resource: incident.subject.resource,
      fingerprint: incident.fingerprint,
    },
    receiver.language,
  );
};

/** The email's first-response section: heading, what it means, numbered steps, the AWS documentation. */
const firstResponseLines = (guide: FirstResponse, words: Phrases): string[] => [
  '',
  `■ ${words.firstResponse.heading(guide.who)}`,
  guide.title,
  guide.meaning,
  ...guide.steps.map((step, i) => `${i + 1}. ${step}`),
  `${words.firstResponse.reference}: ${guide.docUrl}`,
];

/** An update says what changed since the receiver's last notice (one paragraph, or none). */
const changeLines = (delivery: Delivery, words: Phrases, config: RenderContext['config']): string[] => {
  if (delivery.kind !== 'update') return [];
  if (delivery.reason === 'severity-rose' && delivery.previousSeverity)
    return [words.changed.severity(delivery.previousSeverity, delivery.severity)];
  if (delivery.reason === 'repeat-due') return [words.changed.reminder];
  if (delivery.reason === 'new-receiver') return [words.changed.newReceiver];
  if (delivery.reason === 'report-overdue') {
    const missed = (delivery.overdue ?? [])
      .map((o) => {
        const name = config.receiversById.get(o.receiver)?.name ?? o.receiver;
        return `${name} ${words === JA ? `第${o.report}報` : `report ${o.report}`} ${formatLocalTime(o.promisedAt, config.timezone).slice(11, 16)}`;
      })
      .join(', ');
    return [words.changed.reportOverdue(missed, delivery.incidentId)];
  }
  return [];
};
