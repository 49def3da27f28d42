import { localParts } from '../local-time.js';
import type { RenderContext } from './context.js';
import type { Message } from './technical.js';
import { regionPlainJa, servicePlainJa, truncate } from './words.js';

/**
 * The notice for municipal staff: plain Japanese, naming their own systems and what the affected AWS service
 * does, with times in JST — no ARNs, no JSON, no English, no codes. An outage notice on trigger, a follow-up on
 * update, a recovery notice on resolve.
 */
export const renderMunicipality = (context: RenderContext): Message => {
  const { incident, delivery, receiver, config, accounts } = context;
  const systems = [...new Set(accounts.map((account) => account.system))];
  const systemList = systems.length > 0 ? systems.join('、') : 'ご利用中のシステム';
  const health = incident.subject.health;
  const service = servicePlainJa(health?.service ?? '');
  const region = regionPlainJa(health?.eventRegion ?? incident.subject.region);
  const started = jaTime(Date.parse(health?.startTime ?? incident.firstSeen), config.timezone);
  const contact = config.team.name;

  if (delivery.kind === 'resolve') {
    const ended = jaTime(
      Date.parse(health?.endTime ?? incident.resolvedAt ?? incident.lastSeen),
      config.timezone,
    );
    return {
      subject: truncate(`【復旧のお知らせ】${systemList}に影響していたクラウドの障害は復旧しました`, 100),
      body: [
        `${receiver.name} ご担当者様`,
        '',
        `${started}ごろから発生していた、クラウド（${region}地域の${service}機能）の障害は、${ended}ごろに復旧しました。`,
        '',
        `対象のシステム：${systemList}`,
        `発生：${started}ごろ`,
        `復旧：${ended}ごろ`,
        '',
        '現在は通常どおりご利用いただけます。念のため、業務画面が正しく動くことをご確認ください。',
        '障害のあいだに受け付けた処理や印刷物に気になる点があれば、システムの事業者または下記までご連絡ください。',
        '',
        footer(contact),
      ].join('\n'),
      short: truncate(`【復旧】${systemList}に影響していたクラウドの障害は復旧しました。`, 70),
    };
  }
  // AWS is still finding out whether there is an outage: say so, never that one is happening.
  const investigating = health?.eventTypeCategory.toLowerCase() === 'investigation';
  const heading = investigating
    ? delivery.kind === 'trigger'
      ? '障害の可能性についてのお知らせ'
      : '障害の可能性についての続報'
    : delivery.kind === 'trigger'
      ? '障害発生のお知らせ'
      : '障害に関する続報';
  const happening = investigating
    ? `${started}ごろから、ガバメントクラウド（${region}地域）の${service}機能で障害が起きている可能性があり、クラウド事業者が調査しています。`
    : `${started}ごろから、ガバメントクラウド（${region}地域）の${service}機能で障害が起きています。`;
  return {
    subject: truncate(`【${heading}】${systemList}に影響するおそれのあるクラウドの障害（${region}）`, 100),
    body: [
      `${receiver.name} ご担当者様`,
      '',
      happening,
      `次のシステムで、画面が開かない、動きが遅い、処理が止まるなどの影響が出るおそれがあります。`,
      '',
      `対象のシステム：${systemList}`,
      `発生：${started}ごろ`,
      investigating
        ? '状況：クラウド事業者が原因を調査しています。統合運用チームとシステムの事業者が影響を確認しています。'
        : '状況：クラウド事業者が復旧作業を行っています。統合運用チームとシステムの事業者が影響を確認しています。',
      '',
      '窓口業務に影響が出た場合は、住民の方へのご案内をお願いします。',
      '復旧しましたら、あらためてお知らせします。',
      '',
      footer(contact),
    ].join('\n'),
    short: truncate(
      `【${investigating ? '障害の可能性' : delivery.kind === 'trigger' ? '障害発生' : '障害続報'}】${systemList}に影響のおそれ（${region}）。詳しくはメールをご覧ください。`,
      70,
    ),
  };
};

/** `2026年11月27日 9時05分`: how a notice to the public writes a time. */
const jaTime = (millis: number, timeZone: string): string => {
  const p = localParts(millis, timeZone);
  return `${Number(p.year)}年${Number(p.month)}月${Number(p.day)}日 ${Number(p.hour)}時${p.minute}分`;
};

/** No incident id (it is a code): the reader is pointed to people instead. */
const footer = (contact: string): string =>
  `このお知らせは自動で送信しています。ご不明な点は、${contact}までお問い合わせください。`;
