import type { Delivery } from '../incident.js';
import { localParts } from '../local-time.js';
import type { CardFact } from '../ports.js';
import { cardState, type RenderContext } from './context.js';
import type { Message } from './technical.js';
import { plain, regionPlainJa, servicePlainJa, truncate } from './words.js';

/**
 * The reports municipal staff get (DESIGN §12), the way Japanese public bodies expect them: numbered (第1報,
 * 第2報…, the final report at recovery), in plain polite Japanese, naming their own systems by business name and
 * what the affected cloud function does, with times in JST — never an ARN, an account id, an English code or a
 * finding type. Every report says what is known, the current state, and while it is open when the next report
 * comes; it ends with whom to call.
 *
 * Two kinds of incident reach a municipality: an AWS outage of a production account it uses (automatic), and a
 * security incident the team decided to share (`Share Incident`). The team's own updates (`Post Update`) are
 * the next report of either.
 */
export const renderMunicipality = (context: RenderContext): Message => {
  const { incident, delivery } = context;
  const facts = factsOf(context);
  const shared = incident.subject.category !== 'health';
  const number = delivery.report ?? 1;
  const state = stateOf(delivery, shared, facts.investigating);
  const label = `第${number}報・${state.label}`;
  const subject = truncate(`【${label}】${state.headline(facts)}`, 100);
  const lead = `${facts.team}です。${state.lead(number, facts)}`;
  const body = state.body(facts, delivery);
  const message = delivery.message ? [`■ ${facts.team}からのお知らせ`, plain(delivery.message)] : [];
  const closing = [...nextReport(delivery, context.config.timezone), ...contactLines(context)];
  const lines = [
    `${context.receiver.name} ご担当者様`,
    '',
    lead,
    '',
    ...body.map(lineText),
    ...(message.length > 0 ? ['', ...message] : []),
    '',
    ...closing.map(lineText),
  ];
  const systems = [...new Set(context.accounts.map((account) => account.system))];
  return {
    subject,
    body: `${lines.join('\n')}\n`,
    short: truncate(`【${label}】${state.headline(facts)}。詳しくはメールをご覧ください。`, 70),
    // The same notice for a chat channel: our own words only, no codes, no links, no first response.
    card: {
      title: state.headline(facts),
      severity: delivery.severity,
      state: cardState(context),
      kind: delivery.kind,
      label,
      text: [lead, ...paragraphsOf(body), ...(message.length > 0 ? [message.join('\n')] : [])],
      facts: [...body, ...closing].filter(isFact),
      nextSteps: [],
      links: [],
      threadId: incident.id,
      summary: subject,
      keywords: [...systems, state.label],
    },
  };
};

/** A line of a notice: a sentence, or a fact the email writes `■ label：value` and a chat channel as a field. */
type Line = string | CardFact;

const fact = (label: string, value: string): CardFact => ({ label, value });

const isFact = (line: Line): line is CardFact => typeof line !== 'string';

const lineText = (line: Line): string => (isFact(line) ? `■ ${line.label}：${line.value}` : line);

/** The sentences of a notice's body, blank lines between paragraphs, the facts left out. */
const paragraphsOf = (lines: readonly Line[]): string[] =>
  lines
    .filter((line): line is string => !isFact(line))
    .join('\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);

/** What every report says, in the words of the notice. */
type Facts = {
  readonly systems: string;
  readonly region: string;
  readonly service: string;
  readonly started: string;
  /** When the router first received the alert (a security share has no AWS start time). */
  readonly detected: string;
  readonly ended: string;
  readonly duration: string;
  readonly investigating: boolean;
  readonly team: string;
  readonly newSystems: string;
};

const factsOf = ({ incident, delivery, accounts, config }: RenderContext): Facts => {
  const systems = [...new Set(accounts.map((account) => account.system))];
  const health = incident.subject.health;
  const startedAt = Date.parse(health?.startTime ?? incident.firstSeen);
  const endedAt = Date.parse(health?.endTime ?? incident.resolvedAt ?? incident.lastSeen);
  const joined = (delivery.changes ?? []).flatMap((change) => {
    if (!change.startsWith('system:')) return [];
    const account = config.accountsById.get(change.slice('system:'.length));
    return account ? [account.system] : [];
  });
  return {
    systems: systems.length > 0 ? systems.join('、') : 'ご利用中のシステム',
    region: regionPlainJa(health?.eventRegion ?? incident.subject.region),
    service: servicePlainJa(health?.service ?? ''),
    started: jaTime(startedAt, config.timezone),
    detected: jaTime(Date.parse(incident.firstSeen), config.timezone),
    ended: jaTime(endedAt, config.timezone),
    duration: jaDuration(endedAt - startedAt),
    investigating: health?.eventTypeCategory.toLowerCase() === 'investigation',
    team: config.team.contact?.name ?? config.team.name,
    newSystems: [...new Set(joined)].join('、'),
  };
};

type State = {
  /** The state in the subject: 障害発生, 続報, 復旧（最終報）, 情報共有 … */
  readonly label: string;
  readonly headline: (facts: Facts) => string;
  readonly lead: (number: number, facts: Facts) => string;
  readonly body: (facts: Facts, delivery: Delivery) => Line[];
};

const stateOf = (delivery: Delivery, shared: boolean, investigating: boolean): State => {
  if (shared)
    return delivery.kind === 'resolve'
      ? SECURITY_CLOSED
      : delivery.kind === 'trigger'
        ? SECURITY
        : SECURITY_UPDATE;
  if (delivery.kind === 'resolve') return RECOVERED;
  if (delivery.kind === 'trigger') return investigating ? INVESTIGATING : OUTAGE;
  return OUTAGE_UPDATE;
};

const impact = '画面が開かない、動きが遅い、処理が止まるなどの影響が出るおそれがあります。';

/** What every notice of an ongoing outage states, then where it stands now. */
const outageFacts = (f: Facts, now: string): Line[] => [
  fact('対象のシステム', f.systems),
  fact('発生日時', `${f.started}ごろ`),
  fact('影響', impact),
  fact('現在の状況', now),
];

const OUTAGE: State = {
  label: '障害発生',
  headline: (f) => `${f.systems}に影響するおそれのあるクラウドの障害（${f.region}）`,
  lead: (n) => `第${n}報として、クラウドの障害についてお知らせします。`,
  body: (f) => [
    `${f.started}ごろから、ガバメントクラウド（${f.region}地域）の${f.service}機能で障害が起きています。`,
    '',
    ...outageFacts(
      f,
      'クラウド事業者が復旧作業を行っています。統合運用チームとシステムの事業者が影響を確認しています。',
    ),
    '',
    '窓口業務に影響が出た場合は、住民の方へのご案内をお願いします。',
  ],
};

const INVESTIGATING: State = {
  label: '障害の可能性',
  headline: (f) => `${f.systems}に影響するおそれのあるクラウドの不具合の調査（${f.region}）`,
  lead: (n) => `第${n}報として、クラウドで調査中の不具合についてお知らせします。`,
  body: (f) => [
    `${f.started}ごろから、ガバメントクラウド（${f.region}地域）の${f.service}機能で障害が起きている可能性があり、クラウド事業者が調査しています。`,
    '',
    ...outageFacts(
      f,
      'クラウド事業者が原因を調査しています。統合運用チームとシステムの事業者が影響を確認しています。',
    ),
  ],
};

const OUTAGE_UPDATE: State = {
  label: '続報',
  headline: (f) => `${f.systems}に影響するおそれのあるクラウドの障害（${f.region}）`,
  lead: (n) => `第${n}報として、クラウドの障害の続報をお知らせします。`,
  body: (f, delivery) => [
    ...(f.newSystems ? [`新たに${f.newSystems}にも影響するおそれが出てきました。`, ''] : []),
    ...((delivery.changes ?? []).some((change) => change === 'description' || change === 'category')
      ? ['クラウド事業者から状況の更新がありました。引き続き復旧作業が行われています。', '']
      : []),
    fact('障害の内容', `ガバメントクラウド（${f.region}地域）の${f.service}機能の障害`),
    ...outageFacts(
      f,
      '障害は続いています。クラウド事業者が復旧作業を行っており、統合運用チームとシステムの事業者が影響を確認しています。',
    ),
  ],
};

const RECOVERED: State = {
  label: '復旧（最終報）',
  headline: (f) => `${f.systems}に影響していたクラウドの障害は復旧しました`,
  lead: (n) => `第${n}報（最終報）として、障害の復旧をお知らせします。`,
  body: (f) => [
    `${f.started}ごろから発生していた、クラウド（${f.region}地域の${f.service}機能）の障害は、${f.ended}ごろに復旧しました。`,
    '',
    fact('対象のシステム', f.systems),
    fact('発生', `${f.started}ごろ`),
    fact('復旧', `${f.ended}ごろ`),
    fact('影響のあった時間', `約${f.duration}`),
    '',
    '現在は通常どおりご利用いただけます。念のため、業務画面が正しく動くことをご確認ください。',
    '障害のあいだに受け付けた処理や印刷物に気になる点があれば、システムの事業者または下記までご連絡ください。',
  ],
};

const LEAK_WORDS = {
  none: '現時点で、情報の漏えいは確認されていません。',
  unknown: '情報の漏えいの有無は、現在調査しています。',
  confirmed: '情報の漏えいが確認されています。詳しくは下記の担当までお問い合わせください。',
} as const;

const SECURITY: State = {
  label: '情報共有',
  headline: (f) => `${f.systems}に関するセキュリティ上の事象について`,
  lead: (n) =>
    n === 1
      ? '第1報として、ご利用のシステムに関するセキュリティ上の事象を情報共有いたします。'
      : `第${n}報として、セキュリティ上の事象の続報をお知らせします。`,
  body: (f, delivery) => [
    fact('対象のシステム', f.systems),
    fact('検知日時', `${f.detected}ごろ`),
    fact(
      '内容',
      'システムを動かしているクラウド環境で、不正なアクセスなどのおそれがある動きを検知しました。',
    ),
    fact('情報の漏えい', `${LEAK_WORDS[delivery.leak ?? 'unknown']}`),
    fact('現在の状況', '統合運用チームとシステムの事業者が調査と対応を行っています。'),
  ],
};

const SECURITY_UPDATE: State = { ...SECURITY, label: '続報' };

const SECURITY_CLOSED: State = {
  label: '対応完了（最終報）',
  headline: (f) => `${f.systems}に関するセキュリティ上の事象の対応を終えました`,
  lead: (n) => `第${n}報（最終報）として、セキュリティ上の事象の対応完了をお知らせします。`,
  body: (f) => [
    fact('対象のシステム', f.systems),
    fact('対応完了', `${f.ended}ごろ`),
    '統合運用チームとシステムの事業者で、調査と必要な対応を終えました。',
  ],
};

/** Open-state reports promise the next one (`次回は HH:MM ごろまでにお知らせします`); the final one does not. */
const nextReport = (delivery: Delivery, timeZone: string): Line[] => {
  if (delivery.kind === 'resolve' || delivery.nextReportAt === undefined) return [];
  const p = localParts(delivery.nextReportAt, timeZone);
  return [fact('次回のお知らせ', `次回は ${p.hour}:${p.minute} ごろまでにお知らせします。`)];
};

/** Whom to call: `team.contact` when the config has one, else the team's name. No incident id (it is a code). */
const contactLines = ({ config }: RenderContext): Line[] => {
  const contact = config.team.contact;
  const ways = [
    contact?.phone ? `電話 ${contact.phone}` : '',
    contact?.email ? `メール ${contact.email}` : '',
  ].filter(Boolean);
  const who = contact?.name ?? config.team.name;
  return [
    fact('お問い合わせ先', `${who}${ways.length > 0 ? `（${ways.join('、')}）` : ''}`),
    '',
    'このお知らせは自動で送信しています。',
  ];
};

/** `2026年11月27日 9時05分`: how a notice to the public writes a time. */
const jaTime = (millis: number, timeZone: string): string => {
  const p = localParts(millis, timeZone);
  return `${Number(p.year)}年${Number(p.month)}月${Number(p.day)}日 ${Number(p.hour)}時${p.minute}分`;
};

/** `2時間25分`, `45分`: how long an outage lasted. */
const jaDuration = (ms: number): string => {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours}時間${minutes % 60 > 0 ? `${minutes % 60}分` : ''}` : `${minutes}分`;
};
