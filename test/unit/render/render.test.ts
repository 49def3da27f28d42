import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryIncidentStore } from '../../../shared/adapters/memory/incident-store.js';
import { createMemoryLifecycleBus } from '../../../shared/adapters/memory/lifecycle-bus.js';
import { createMemoryNotifier } from '../../../shared/adapters/memory/notifier.js';
import { createVirtualTimers, VirtualClock } from '../../../shared/adapters/memory/virtual-time.js';
import type { Config } from '../../../shared/config/registry.js';
import type { Delivery, DeliveryKind, Incident } from '../../../shared/incident.js';
import { replay } from '../../../shared/pipeline/replay.js';
import type { Notification } from '../../../shared/ports.js';
import { ACK_LINK_PLACEHOLDER, renderNotification } from '../../../shared/render/index.js';
import { aConfig, exampleConfigObject } from '../../helpers/config.js';
import { loadEvent } from '../../helpers/events.js';
import { aDelivery, aHealthIncident, anIncident, aSubject } from '../../helpers/incidents.js';

// The example registry: 111111111111 aoba-juki-prod (asp-a, [city-aoba], 住民記録システム);
// 222222222222 kyodo-zeimu-prod (asp-b, [city-sakura, town-midori], 税務システム);
// 333333333333 aoba-fukushi-prod (asp-c, English, [city-aoba], 福祉システム); team levels team-oncall, team-lead.
const config = aConfig();

/** A delivery of `incident` to `receiver`, with the audience the registry gives that receiver. */
const deliveryTo = (
  receiver: string,
  incident: Incident,
  overrides: Partial<Delivery> = {},
  registry: Config = config,
): Delivery => {
  const audience = registry.receiversById.get(receiver)?.audience;
  if (audience === undefined) throw new Error(`not in the registry: ${receiver}`);
  return aDelivery({ receiver, audience, ...overrides }, incident);
};

const render = (
  receiver: string,
  incident: Incident,
  overrides: Partial<Delivery> = {},
  registry: Config = config,
): Notification =>
  renderNotification(deliveryTo(receiver, incident, overrides, registry), incident, registry);

/** Everything a reader of the notification sees. */
const allText = (n: Notification): string => `${n.subject}\n${n.body}\n${n.short}`;
const chars = (text: string): number => [...text].length;

/**
 * What a municipal clerk must never see: Latin letters (ASCII or full-width), ARNs, JSON. The one exception is an
 * email address (`team.contact.email` of the config, in the お問い合わせ先 line): it cannot be written otherwise.
 */
const LATIN = /(?<!@[\w.-]*)(?![\w.-]*@)[A-Za-zＡ-Ｚａ-ｚ]/;

const MUNICIPAL_KINDS: readonly DeliveryKind[] = ['trigger', 'update', 'resolve'];

describe('the municipality notice', () => {
  const outage = aHealthIncident(['222222222222']);
  const recovered = aHealthIncident(['222222222222'], {
    state: 'resolved',
    resolvedAt: '2026-11-27T02:30:00.000Z',
    subject: {
      ...outage.subject,
      health: { ...outage.subject.health!, endTime: '2026-11-27T02:20:00.000Z' },
    },
  });

  it('announces an outage in plain Japanese, naming the municipality, its system, the city, the service and JST', () => {
    // Act
    const n = render('city-sakura', outage, { report: 1, nextReportAt: Date.parse('2026-11-27T01:05:00Z') });

    // Assess
    expect(n.subject.startsWith('【第1報・障害発生】')).toBe(true);
    expect(chars(n.subject)).toBeLessThanOrEqual(100);
    expect(n.body.startsWith('桜川市 ご担当者様')).toBe(true);
    expect(n.body).toContain('税務システム');
    expect(n.subject).toContain('税務システム');
    expect(n.body).toContain('東京');
    expect(n.body).toContain('仮想サーバー');
    expect(n.body).toContain('2026年11月27日 9時05分');
    expect(n.body).toContain('統合運用チーム');
    expect(n.body).toContain('■ 次回のお知らせ：次回は 10:05 ごろまでにお知らせします。');
    expect(n.short.startsWith('【第1報・障害発生】')).toBe(true);
    expect(chars(n.short)).toBeLessThanOrEqual(70);
  });

  it('announces the recovery with the start and end times in JST', () => {
    // Act
    const n = render('town-midori', recovered, { kind: 'resolve', reason: 'resolved', report: 3 });

    // Assess
    expect(n.subject.startsWith('【第3報・復旧（最終報）】')).toBe(true);
    expect(chars(n.subject)).toBeLessThanOrEqual(100);
    expect(n.body.startsWith('緑町 ご担当者様')).toBe(true);
    expect(n.body).toContain('税務システム');
    expect(n.body).toContain('東京');
    expect(n.body).toContain('仮想サーバー');
    expect(n.body).toContain('発生：2026年11月27日 9時05分');
    expect(n.body).toContain('復旧：2026年11月27日 11時20分');
    expect(n.body).toContain('■ 影響のあった時間：約2時間15分');
    expect(n.body).not.toContain('障害発生');
    expect(n.body).not.toContain('次回は');
    expect(n.short.startsWith('【第3報・復旧（最終報）】')).toBe(true);
    expect(chars(n.short)).toBeLessThanOrEqual(70);
  });

  it('calls a follow-up a follow-up, not a new outage', () => {
    const n = render('city-sakura', outage, { kind: 'update', reason: 'aws-update', report: 2 });

    expect(n.subject.startsWith('【第2報・続報】')).toBe(true);
    expect(n.short.startsWith('【第2報・続報】')).toBe(true);
  });

  it.each(
    MUNICIPAL_KINDS.flatMap((kind) =>
      ['city-aoba', 'city-sakura', 'town-midori'].map((receiver) => [kind, receiver] as const),
    ),
  )('a %s notice to %s has no Latin letters, no ARN, no JSON and no incident id', (kind, receiver) => {
    // Prepare: an incident whose every technical field is full of English, codes and ARNs.
    const incident = aHealthIncident(['111111111111', '222222222222', '333333333333'], {
      ...(kind === 'resolve' ? { state: 'resolved', resolvedAt: '2026-11-27T02:30:00.000Z' } : {}),
    });

    // Act
    const n = render(receiver, incident, { kind, reason: kind === 'resolve' ? 'resolved' : 'first' });

    // Assess
    for (const text of [n.subject, n.body, n.short]) {
      expect(text).not.toMatch(LATIN);
      expect(text).not.toContain('arn:');
      expect(text).not.toMatch(/[{}]/);
      expect(text).not.toContain(incident.id);
    }
    expect(chars(n.subject)).toBeLessThanOrEqual(100);
    expect(chars(n.short)).toBeLessThanOrEqual(70);
  });

  it('names every system of the municipality the outage affects, and only those', () => {
    // Prepare: one Health event seen from aoba's two accounts and from the shared 税務 account.
    const incident = aHealthIncident(['111111111111', '333333333333', '222222222222']);

    // Act
    const aoba = allText(render('city-aoba', incident));
    const sakura = allText(render('city-sakura', incident));

    // Assess
    expect(aoba).toContain('住民記録システム');
    expect(aoba).toContain('福祉システム');
    expect(aoba).not.toContain('税務システム');
    expect(sakura).toContain('税務システム');
    expect(sakura).not.toContain('住民記録システム');
    expect(sakura).not.toContain('福祉システム');
    expect(sakura).not.toContain('青葉市');
  });

  it.each([
    ['EC2', '仮想サーバー'],
    ['RDS', 'データベース'],
    ['LAMBDA', 'プログラム実行基盤'],
    ['ELASTICLOADBALANCING', '通信の振り分け'],
    ['AWS', 'クラウドの基盤'],
    ['QUANTUM_LEDGER_X', 'クラウドの基盤'],
  ])('describes the service %s as %s', (service, words) => {
    const n = render('city-aoba', aHealthIncident(['111111111111'], {}, { service }));

    expect(n.body).toContain(`${words}機能`);
    expect(allText(n)).not.toMatch(LATIN);
  });

  it.each([
    ['ap-northeast-3', '大阪'],
    ['us-east-1', 'バージニア北部'],
    ['ap-east-9', '海外または不明な地域'],
  ])('names the region %s as %s, never as a code', (eventRegion, words) => {
    const n = render('city-aoba', aHealthIncident(['111111111111'], {}, { eventRegion }));

    expect(n.body).toContain(`${words}地域`);
    expect(allText(n)).not.toMatch(LATIN);
  });

  it('keeps the subject and the short form within their limits when a municipality uses many systems', () => {
    // Prepare: city-aoba served by eight accounts with long system names.
    const raw = exampleConfigObject();
    const extra = Array.from({ length: 8 }, (_, i) => ({
      id: String(600000000000 + i),
      name: `aoba-extra-${i}`,
      asp: 'asp-a',
      municipalities: ['city-aoba'],
      system: `介護保険および障害者福祉の総合管理システム第${i + 1}号`,
      environment: 'production',
    }));
    const registry = aConfig({ accounts: [...(raw.accounts as unknown[]), ...extra] });
    const incident = aHealthIncident(extra.map((account) => account.id));

    // Act
    const trigger = render('city-aoba', incident, {}, registry);
    const resolve = render('city-aoba', incident, { kind: 'resolve' }, registry);

    // Assess
    for (const n of [trigger, resolve]) {
      expect(chars(n.subject)).toBeLessThanOrEqual(100);
      expect(chars(n.short)).toBeLessThanOrEqual(70);
      expect(n.body).toContain('第8号');
    }
    expect(trigger.subject.startsWith('【第1報・障害発生】')).toBe(true);
    expect(resolve.subject).toMatch(/^【第\d+報・復旧（最終報）】/);
  });

  it('stays plain Japanese for the real Tokyo EC2 outage and its recovery, replayed through the pipeline', async () => {
    // Prepare
    const notifier = createMemoryNotifier();
    const files = [
      'health/ec2-tokyo-outage-kyodo-zeimu.json',
      'health/ec2-tokyo-outage-aoba-juki.json',
      'health/ec2-tokyo-outage-recovered.json',
    ];

    // Act
    await replay(
      files.map((file) => ({ file, event: loadEvent(file) })),
      {
        store: createMemoryIncidentStore(),
        notifier,
        bus: createMemoryLifecycleBus(),
        timers: createVirtualTimers(),
        clock: new VirtualClock(0),
        config,
      },
    );

    // Assess
    const notices = notifier.sent().filter((n) => n.audience === 'municipality');
    const told = (kind: DeliveryKind) =>
      notices
        .filter((n) => n.kind === kind)
        .map((n) => n.receiver)
        .sort();
    expect(told('trigger')).toEqual(['city-aoba', 'city-sakura', 'town-midori']);
    expect(told('resolve')).toEqual(['city-aoba', 'city-sakura', 'town-midori']);
    for (const n of notices) {
      expect(allText(n)).not.toMatch(LATIN);
      expect(allText(n)).not.toMatch(/arn:|[{}]/);
      expect(n.body).toContain('仮想サーバー');
      expect(n.body).toContain('東京');
      expect(n.body).toContain('2026年11月27日 9時01分');
      expect(n.subject).toMatch(
        n.kind === 'resolve' ? /^【第\d+報・復旧（最終報）】/ : /^【第\d+報・(障害発生|続報)】/,
      );
    }
  });
});

describe('the technical message to the team and the ASP (ja)', () => {
  const incident = anIncident();

  it('has a subject with severity, kind, source, finding type and account name', () => {
    const n = render('team-oncall', incident);

    expect(n.subject).toBe('[HIGH][発生] GuardDuty UnauthorizedAccess:EC2/SSHBruteForce — aoba-juki-prod');
  });

  it('keeps the subject within 100 characters when the finding type is very long', () => {
    // Prepare
    const long = anIncident({
      subject: aSubject({ type: `Execution:Runtime/${'VeryLongFindingTypeSegment'.repeat(10)}` }),
    });

    // Act
    const n = render('asp-a', long);

    // Assess
    expect(chars(n.subject)).toBeLessThanOrEqual(100);
    expect(n.subject.startsWith('[HIGH][発生] GuardDuty Execution:Runtime/VeryLong')).toBe(true);
    expect(n.subject).toContain('…');
    expect(n.subject.endsWith(' — aoba-juki-prod')).toBe(true);
    expect(chars(n.short)).toBeLessThanOrEqual(70);
    expect(n.short).toContain(long.id);
  });

  it('lists the incident, severity, account, ASP, system and municipalities, region, JST time and console', () => {
    // Act
    const body = render('team-oncall', incident).body;

    // Assess
    expect(body).toContain(`インシデント: ${incident.id}`);
    expect(body).toContain('重大度: HIGH');
    expect(body).toContain('種別: GuardDuty UnauthorizedAccess:EC2/SSHBruteForce');
    expect(body).toContain('アカウント: aoba-juki-prod (111111111111)');
    expect(body).toContain('ASP: Aシステムズ株式会社');
    expect(body).toContain('システム: 住民記録システム（青葉市）');
    expect(body).toContain('リージョン: 東京 (ap-northeast-1)');
    expect(body).toContain('リソース: i-0123456789abcdef0');
    expect(body).toContain('検知: 2026-11-27 10:00 JST');
    expect(body).toContain(`コンソール: ${incident.subject.consoleUrl}`);
    expect(body.startsWith('【アラート発生】SSH brute force attacks against i-0123456789abcdef0')).toBe(true);
  });

  it('names every municipality of a shared account', () => {
    const n = render('asp-b', anIncident({ accounts: ['222222222222'] }), { audience: 'asp' });

    expect(n.body).toContain('システム: 税務システム（桜川市・緑町）');
    expect(n.body).toContain('ASP: B情報サービス株式会社');
  });

  it('counts repeats and gives first and last time when a finding was seen again', () => {
    const n = render('team-oncall', anIncident({ count: 7, lastSeen: '2026-11-27T03:15:00.000Z' }));

    expect(n.body).toContain('初回 2026-11-27 10:00 JST ／ 最終 2026-11-27 12:15 JST（7回）');
  });

  it.each([
    ['team-oncall', 'trigger', true],
    ['team-oncall', 'update', true],
    ['team-lead', 'escalation', true],
    ['team-oncall', 'resolve', false],
    ['asp-a', 'trigger', false],
    ['asp-a', 'update', false],
    ['asp-a', 'resolve', false],
  ] as const)('to %s, a %s message carries the ack link: %s', (receiver, kind, hasAck) => {
    const n = render(receiver, incident, {
      kind,
      reason: kind === 'escalation' ? 'escalation-step-1' : 'first',
    });

    expect(n.body.includes(ACK_LINK_PLACEHOLDER)).toBe(hasAck);
    expect(n.body.includes('確認（ACK）:')).toBe(hasAck);
    expect(n.subject).not.toContain(ACK_LINK_PLACEHOLDER);
    expect(n.short).not.toContain(ACK_LINK_PLACEHOLDER);
  });

  it.each([
    ['HIGH', 30, '30分'],
    ['CRITICAL', 15, '15分'],
  ] as const)('a %s escalation says who is paged now and after how long', (severity, minutes, waited) => {
    // Prepare: the on-call did not acknowledge; the first step pages the lead.
    const unacknowledged = anIncident({
      severity,
      escalation: { ...anIncident().escalation!, ackWithinMs: minutes * 60_000, step: 1, token: 2 },
    });

    // Act
    const n = render('team-lead', unacknowledged, { kind: 'escalation', reason: 'escalation-step-1' });

    // Assess
    expect(n.subject.startsWith(`[${severity}][エスカレーション] GuardDuty`)).toBe(true);
    expect(n.body).toContain('【エスカレーション】');
    expect(n.body).toContain(
      `${waited}以内に確認されなかったため、次の担当 team-lead に通知しています（エスカレーション 1/1）。`,
    );
    expect(n.short.startsWith(`[${severity} エスカレーション] ${unacknowledged.id}`)).toBe(true);
  });

  it.each([
    [2, '再通知 1/3 回目'],
    [4, '再通知 3/3 回目'],
  ] as const)('step %i after the last of two levels is a repeat, not a level that does not exist', (step, says) => {
    const unacknowledged = anIncident({
      severity: 'CRITICAL',
      escalation: { ...anIncident().escalation!, ackWithinMs: 15 * 60_000, step, token: step + 1 },
    });

    const n = render('team-lead', unacknowledged, { kind: 'escalation', reason: `escalation-step-${step}` });

    expect(n.body).toContain(`15分以内に確認されなかったため、team-lead に再度通知しています（${says}）。`);
    expect(n.body).not.toMatch(/第\d段階|15m/);
  });

  it('an update says what changed: the severity it rose from', () => {
    const n = render('team-oncall', anIncident({ severity: 'HIGH' }), {
      kind: 'update',
      reason: 'severity-rose',
      severity: 'HIGH',
      previousSeverity: 'MEDIUM',
    });

    expect(n.body).toContain('変更: 重大度が MEDIUM から HIGH に上がりました。');
  });

  it('a reminder says it is one', () => {
    const n = render('team-oncall', anIncident(), { kind: 'update', reason: 'repeat-due' });

    expect(n.body).toContain('リマインド: このアラートは確認（ACK）されないまま続いています。');
  });

  it('a resolve says so and gives the time it was resolved', () => {
    // Prepare
    const resolved = anIncident({ state: 'resolved', resolvedAt: '2026-11-27T02:45:00.000Z' });

    // Act
    const n = render('asp-a', resolved, { kind: 'resolve', reason: 'resolved' });

    // Assess
    expect(n.subject.startsWith('[HIGH][解消] GuardDuty')).toBe(true);
    expect(n.body.startsWith('【アラート解消】')).toBe(true);
    expect(n.body).toContain('解消時刻: 2026-11-27 11:45 JST');
  });

  it.each([
    ['trigger', '発生'],
    ['update', '更新'],
    ['resolve', '解消'],
  ] as const)('the short form of a %s starts with severity and kind and carries the incident id', (kind, word) => {
    const n = render('team-oncall', incident, { kind });

    expect(n.short.startsWith(`[HIGH ${word}] ${incident.id} `)).toBe(true);
    expect(chars(n.short)).toBeLessThanOrEqual(70);
  });

  it('the headline of a Security Hub finding is its title, not its broad type', () => {
    const finding = anIncident({
      subject: aSubject({
        source: 'securityhub',
        type: 'Software and Configuration Checks/Industry and Regulatory Standards',
        title: 'S3.8 S3 general purpose buckets should block public access',
      }),
    });

    const n = render('team-oncall', finding);

    expect(n.subject).toBe(
      '[HIGH][発生] Security Hub S3.8 S3 general purpose buckets should block public access — aoba-juki-prod',
    );
  });
});

describe('the technical message in English (asp-c)', () => {
  const incident = anIncident({ severity: 'CRITICAL', accounts: ['333333333333'] });

  it('uses English words and labels, with no Japanese heading', () => {
    // Act
    const n = render('asp-c', incident, { severity: 'CRITICAL' });

    // Assess
    expect(n.language).toBe('en');
    expect(n.subject.startsWith('[CRITICAL][TRIGGERED] GuardDuty UnauthorizedAccess:EC2/SSHBruteForce')).toBe(
      true,
    );
    expect(n.subject.endsWith('— aoba-fukushi-prod')).toBe(true);
    expect(n.body.startsWith('Alert triggered: SSH brute force attacks')).toBe(true);
    expect(n.body).toContain(`Incident: ${incident.id}`);
    expect(n.body).toContain('Severity: CRITICAL');
    expect(n.body).toContain('Account: aoba-fukushi-prod (333333333333)');
    expect(n.body).toContain('ASP: C Cloud Solutions K.K.');
    expect(n.body).toContain('Region: Tokyo (ap-northeast-1)');
    expect(n.body).toContain('Seen: 2026-11-27 10:00 JST');
    for (const japanese of ['【', 'インシデント', '重大度', 'リージョン', 'アカウント', '発生', '確認']) {
      expect(n.body).not.toContain(japanese);
    }
    expect(n.body).not.toContain(ACK_LINK_PLACEHOLDER);
  });

  it.each([
    ['trigger', 'TRIGGERED'],
    ['update', 'UPDATED'],
    ['resolve', 'RESOLVED'],
  ] as const)('the short form of a %s starts with severity and kind and fits 160 characters', (kind, word) => {
    const long = anIncident({
      severity: 'CRITICAL',
      accounts: ['333333333333'],
      subject: aSubject({ type: `Execution:Runtime/${'VeryLongFindingTypeSegment'.repeat(10)}` }),
    });

    const n = render('asp-c', long, { kind, severity: 'CRITICAL' });

    expect(n.short.startsWith(`[CRITICAL ${word}] ${long.id} aoba-fukushi-prod`)).toBe(true);
    expect(chars(n.short)).toBeLessThanOrEqual(160);
    expect(chars(n.subject)).toBeLessThanOrEqual(100);
  });
});

describe('isolation in the text (DESIGN §7)', () => {
  // One Health outage seen from asp-a's account and from asp-b's shared account.
  const incident = aHealthIncident(['111111111111', '222222222222']);

  it.each([
    [
      'asp-a',
      ['aoba-juki-prod', '111111111111', '住民記録システム'],
      ['kyodo-zeimu-prod', '222222222222', '税務システム', 'B情報サービス', '桜川市'],
    ],
    [
      'asp-b',
      ['kyodo-zeimu-prod', '222222222222', '税務システム'],
      ['aoba-juki-prod', '111111111111', '住民記録システム', 'Aシステムズ', '青葉市'],
    ],
  ] as const)('%s reads only its own accounts', (receiver, own, foreign) => {
    const n = render(receiver, incident);

    for (const word of own) expect(n.body).toContain(word);
    for (const word of foreign) expect(allText(n)).not.toContain(word);
    expect(n.subject.endsWith(`— ${own[0]}`)).toBe(true);
  });

  it('the team reads every account, including one not in the registry', () => {
    const gathered = aHealthIncident(['111111111111', '222222222222', '999999999999']);

    const n = render('team-oncall', gathered);

    for (const word of [
      'aoba-juki-prod (111111111111)',
      'kyodo-zeimu-prod (222222222222)',
      '未登録アカウント: 999999999999',
    ]) {
      expect(n.body).toContain(word);
    }
    expect(allText(render('asp-a', gathered))).not.toContain('999999999999');
  });

  it('the team reads an unregistered account id where the account name would be', () => {
    const n = render(
      'team-oncall',
      anIncident({ accounts: ['999999999999'], flags: ['unregistered-account'] }),
    );

    expect(n.subject.endsWith('— 999999999999')).toBe(true);
  });

  it('an ASP that owns none of the accounts reads no account at all, not even in the subject', () => {
    const n = render('asp-c', incident);

    expect(n.subject).toBe('[HIGH][TRIGGERED] AWS Health AWS_EC2_OPERATIONAL_ISSUE');
    expect(n.short).toBe(`[HIGH TRIGGERED] ${incident.id} AWS Health AWS_EC2_OPERATIONAL_ISSUE`);
    expect(n.attributes).not.toHaveProperty('account');
  });

  it('no receiver reads about accounts outside its view, whatever accounts an incident gathers', () => {
    const accounts = config.accounts;
    const receivers = [...config.receiversById.values()].filter((r) => r.audience !== 'team');
    fc.assert(
      fc.property(
        fc.subarray(
          accounts.map((a) => a.id),
          { minLength: 1 },
        ),
        fc.constantFrom(...receivers),
        fc.constantFrom<DeliveryKind>('trigger', 'update', 'resolve'),
        (ids, receiver, kind) => {
          // Prepare
          const sees = (a: (typeof accounts)[number]) =>
            receiver.audience === 'asp' ? a.asp === receiver.id : a.municipalities.includes(receiver.id);
          const visible = accounts.filter((a) => ids.includes(a.id) && sees(a));
          const hidden = accounts.filter((a) => ids.includes(a.id) && !sees(a));
          const ownWords = new Set(visible.flatMap((a) => [a.system]));

          // Act
          const text = allText(render(receiver.id, aHealthIncident(ids), { kind }));

          // Assess: no id, name or system of a hidden account (unless a visible one shares the system name).
          for (const a of hidden) {
            expect(text).not.toContain(a.id);
            expect(text).not.toContain(a.name);
            if (!ownWords.has(a.system)) expect(text).not.toContain(a.system);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('safety of event-provided text', () => {
  it.each([
    ['newline', 'Bad\nSubject'],
    ['carriage return and line feed', 'Bad\r\nSubject'],
    ['tab', 'Bad\tSubject'],
    ['NUL', 'Bad\u0000Subject'],
    ['escape sequence', 'Bad\u001b[31mSubject'],
    ['DEL', 'Bad\u007fSubject'],
    ['next line (C1)', 'Bad\u0085Subject'],
    ['line separator', 'Bad\u2028Subject'],
    ['paragraph separator', 'Bad\u2029Subject'],
    ['right-to-left override', 'Bad\u202ESubject'],
  ])('a %s in a title or type never reaches the subject or the short form', (_name, text) => {
    // Prepare: Security Hub heads with the title, GuardDuty with the type.
    const byTitle = anIncident({ subject: aSubject({ source: 'securityhub', title: text }) });
    const byType = anIncident({ subject: aSubject({ type: text }) });

    for (const incident of [byTitle, byType]) {
      for (const receiver of ['team-oncall', 'asp-a']) {
        // Act
        const n = render(receiver, incident);

        // Assess
        for (const line of [n.subject, n.short]) {
          expect(line).not.toMatch(/[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u);
        }
        // The subject has room for the whole phrase; the short form may cut it, but only after the space.
        expect(n.subject).toMatch(/Bad +(\[31m)?Subject/);
        expect(n.short).toMatch(/Bad +(\[31m)?S?/);
      }
    }
  });

  it('a newline in a resource cannot forge a line of the body', () => {
    // Prepare
    const forged = anIncident({
      subject: aSubject({
        resource: 'i-0123\nコンソール: https://evil.example/\r\n確認（ACK）: https://evil.example/ack',
      }),
    });

    // Act
    const n = render('team-oncall', forged);

    // Assess
    const lines = n.body.split('\n');
    expect(lines.filter((line) => line.startsWith('コンソール:'))).toEqual([
      `コンソール: ${forged.subject.consoleUrl}`,
    ]);
    expect(lines.filter((line) => line.startsWith('確認（ACK）:'))).toEqual([
      `確認（ACK）: ${ACK_LINK_PLACEHOLDER}`,
    ]);
    expect(lines.find((line) => line.startsWith('リソース:'))).toContain('evil.example');
  });

  it('an unknown region is printed as its code to technical readers and described to municipalities', () => {
    // Prepare
    const incident = aHealthIncident(['111111111111'], {}, { eventRegion: 'xx-nowhere-9' });

    // Act
    const team = render('team-oncall', incident);
    const asp = render(
      'asp-c',
      anIncident({ accounts: ['333333333333'], subject: aSubject({ region: 'xx-nowhere-9' }) }),
    );
    const city = render('city-aoba', incident);

    // Assess
    expect(team.body).toContain('リージョン: xx-nowhere-9');
    expect(asp.body).toContain('Region: xx-nowhere-9');
    expect(city.body).toContain('海外または不明な地域');
    expect(allText(city)).not.toMatch(LATIN);
  });
});

describe('notification attributes', () => {
  it.each([
    ['team-oncall', 'team', anIncident(), { account: '111111111111', asp: 'asp-a' }, 'ja'],
    ['asp-a', 'asp', anIncident(), { account: '111111111111', asp: 'asp-a' }, 'ja'],
    [
      'asp-c',
      'asp',
      anIncident({ accounts: ['333333333333'] }),
      { account: '333333333333', asp: 'asp-c' },
      'en',
    ],
    [
      'asp-b',
      'asp',
      aHealthIncident(['111111111111', '222222222222']),
      { account: '222222222222', asp: 'asp-b' },
      'ja',
    ],
    [
      'city-sakura',
      'municipality',
      aHealthIncident(['111111111111', '222222222222']),
      { account: '222222222222', asp: 'asp-b' },
      'ja',
    ],
  ] as const)('to %s: audience %s, its own account and ASP, language', (receiver, audience, incident, own, language) => {
    // Act
    const delivery = deliveryTo(receiver, incident, { kind: 'update', severity: 'CRITICAL' });
    const n = renderNotification(delivery, incident, config);

    // Assess
    expect(n).toMatchObject({
      deliveryId: delivery.id,
      at: delivery.at,
      incidentId: incident.id,
      fingerprint: incident.fingerprint,
      audience,
      receiver,
      kind: 'update',
      severity: 'CRITICAL',
      language,
    });
    expect(n.attributes).toEqual({
      audience,
      receiver,
      severity: 'CRITICAL',
      source: incident.subject.source,
      kind: 'update',
      ...own,
    });
  });

  it('a municipality notice is in Japanese even if the registry gives the municipality another language', () => {
    // Prepare
    const raw = exampleConfigObject();
    const municipalities = (raw.municipalities as Record<string, unknown>[]).map((m) => ({
      ...m,
      language: 'en',
    }));
    const registry = aConfig({ municipalities });
    const incident = aHealthIncident(['111111111111']);

    // Act
    const n = render('city-aoba', incident, {}, registry);

    // Assess
    expect(n.language).toBe('ja');
    expect(n.subject.startsWith('【第1報・障害発生】')).toBe(true);
  });

  it('an account that is not in the registry gives no account or ASP attribute', () => {
    const n = render('team-oncall', anIncident({ accounts: ['999999999999'] }));

    expect(n.attributes).not.toHaveProperty('account');
    expect(n.attributes).not.toHaveProperty('asp');
  });
});
