import type { Config } from '../config/registry.js';
import { receiverById } from '../config/registry.js';
import type { Delivery, DeliveryKind } from '../incident.js';
import { formatLocalTime } from '../local-time.js';
import { SEVERITIES, type Severity, severityRank } from '../model.js';
import type { Notification } from '../ports.js';
import { headline, plain, sourceLabel, truncate } from './words.js';

/**
 * Storm control's message: one digest lists what a group (receiver, account, source) gathered since the last
 * one — new alerts, updates and resolves — instead of one notification each.
 */

/** How many items a digest lists by name; the rest are counted. */
const LISTED = 50;

/** The line a digest lists one grouped delivery by (from the facts fixed when it was recorded). */
const digestLine = (delivery: Delivery): string => {
  const item = delivery.summary;
  // Deliveries recorded before items were facts carry their line as text.
  if (item === undefined || typeof item === 'string') return item ?? delivery.incidentId;
  return truncate(
    `[${item.severity}] ${sourceLabel(item.source)} ${plain(headline(item))} — ${item.resources.map(plain).join(', ')} (${delivery.incidentId})`,
    200,
  );
};

const WORDS = {
  ja: {
    digest: 'まとめ',
    label: { account: 'アカウント', source: '検知元', alerts: 'アラート' },
    kind: { trigger: '発生', update: '更新', escalation: 'エスカレーション', resolve: '解消' } as Record<
      DeliveryKind,
      string
    >,
    count: (n: number) => `${n}件`,
    counts: (text: string) => `（${text}）`,
    where: (name: string) => `— ${name}`,
    heading: (n: number, since: string) => `【まとめ通知】${since} 以降のアラート ${n}件`,
    more: (n: number) => `ほか ${n}件`,
    why: {
      quiet:
        '重大度が HIGH 未満のアラートは、まとめて通知しています（HIGH 以上のセキュリティ検知や障害はすぐに通知します）。',
      application: 'アプリケーションのアラーム（CloudWatch）は、重大度にかかわらずまとめて通知しています。',
    },
  },
  en: {
    digest: 'DIGEST',
    label: { account: 'Account', source: 'Source', alerts: 'Alerts' },
    kind: { trigger: 'new', update: 'updated', escalation: 'escalated', resolve: 'resolved' } as Record<
      DeliveryKind,
      string
    >,
    count: (n: number) => `${n} ${n === 1 ? 'alert' : 'alerts'}`,
    counts: (text: string) => ` (${text})`,
    where: (name: string) => ` — ${name}`,
    heading: (n: number, since: string) => `Digest: ${n} ${n === 1 ? 'alert' : 'alerts'} since ${since}`,
    more: (n: number) => `and ${n} more`,
    why: {
      quiet:
        'Alerts below HIGH are sent in digests; security findings and outages of HIGH and above are sent at once.',
      application: 'Application alarms (CloudWatch) are sent in digests whatever their severity.',
    },
  },
} as const;

/** Renders one digest for the receiver of a group from its pending deliveries (oldest first). */
export const renderDigest = (
  group: string,
  deliveries: readonly Delivery[],
  at: number,
  config: Config,
): Notification => {
  const receiver = receiverById(config, deliveries[0]?.receiver ?? group.split('|')[0] ?? '');
  const [, accountId = '', source = ''] = group.split('|');
  const account = config.accountsById.get(accountId);
  const words = WORDS[receiver.language];
  const severity = deliveries.reduce<Severity>(
    (worst, d) => (severityRank(d.severity) < severityRank(worst) ? d.severity : worst),
    SEVERITIES[SEVERITIES.length - 1] as Severity,
  );
  const counts = (['trigger', 'update', 'resolve'] as const)
    .map((kind) => [kind, deliveries.filter((d) => d.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${words.kind[kind]} ${n}`)
    .join(receiver.language === 'ja' ? '・' : ', ');
  const where = account?.name ?? accountId;
  const since = formatLocalTime(deliveries[0]?.at ?? at, config.timezone);
  const lines = deliveries.slice(0, LISTED).map((d) => `- ${words.kind[d.kind]}: ${digestLine(d)}`);
  const incidentIds = [...new Set(deliveries.map((d) => d.incidentId))];
  const heading = words.heading(deliveries.length, since);
  const more = deliveries.length > LISTED ? [words.more(deliveries.length - LISTED)] : [];
  const why = source === 'cloudwatch' ? words.why.application : words.why.quiet;
  const subject = truncate(
    `[${severity}][${words.digest}] ${sourceLabel(source)} ${words.count(deliveries.length)}${words.counts(counts)}${words.where(where)}`,
    100,
  );
  return {
    deliveryId: `DIGEST/${group}/${at}`,
    at,
    incidentId: incidentIds[0] ?? '',
    incidentIds,
    fingerprint: deliveries[0]?.fingerprint ?? '',
    audience: receiver.audience,
    receiver: receiver.id,
    kind: 'digest',
    severity,
    language: receiver.language,
    subject,
    body: [heading, '', ...lines, ...more, '', why, ''].join('\n'),
    short: truncate(
      `[${severity} ${words.digest}] ${where} ${sourceLabel(source)} ${words.count(deliveries.length)}${words.counts(counts)}`,
      receiver.language === 'en' ? 160 : 70,
    ),
    attributes: {
      audience: receiver.audience,
      receiver: receiver.id,
      severity,
      source,
      kind: 'digest',
      ...(account ? { account: account.id, asp: account.asp } : {}),
    },
    // Digests go to the team and ASPs only (never municipalities): the group is one of the receiver's own accounts.
    card: {
      title: heading,
      severity,
      state: deliveries.every((d) => d.kind === 'resolve') ? 'resolved' : 'open',
      kind: 'digest',
      label: words.digest,
      text: [[...lines, ...more].join('\n'), why],
      facts: [
        { label: words.label.account, value: account ? `${account.name} (${account.id})` : accountId },
        { label: words.label.source, value: sourceLabel(source) },
        { label: words.label.alerts, value: `${words.count(deliveries.length)}${words.counts(counts)}` },
      ],
      nextSteps: [],
      links: [],
      threadId: `DIGEST/${group}`,
      summary: subject,
      keywords: [
        ...new Set([sourceLabel(source), severity, ...(account ? [account.system] : []), words.digest]),
      ],
    },
  };
};
