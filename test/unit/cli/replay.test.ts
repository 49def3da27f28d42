import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { incidentId } from '../../../shared/incident.js';
import {
  type CliRun,
  columns,
  fromRoot,
  jsonLines,
  PROJECT_ROOT as ROOT,
  runCli as run,
} from '../../helpers/cli.js';

// DESIGN §9 (contract): `alert-router replay [--config FILE] [--json] [--until DURATION] PATH...`, in-process.

const EVENTS = fromRoot('events');
const CONFIG = fromRoot('events/config.example.yaml');
const MALFORMED = fromRoot('malformed-events');

type Notification = {
  at: string;
  incident: string;
  audience: 'team' | 'asp' | 'municipality';
  receiver: string;
  kind: 'trigger' | 'update' | 'escalation' | 'resolve';
  severity: string;
  language: 'ja' | 'en';
  subject: string;
};
type ErrorLine = { file: string; index?: number; error: string };
type Line = Notification | ErrorLine;
type AlertLine = { file: string; fingerprint: string; accountId: string; category: string };

const isNotification = (line: Line): line is Notification => 'incident' in line;

/** The registry of the example config: account → ASP, name, municipalities. */
type Account = { id: string; name: string; asp: string; municipalities: string[] };
const ACCOUNTS: Account[] = parse(readFileSync(join(ROOT, 'events/config.example.yaml'), 'utf8')).accounts;

/** The incident id an alert's first episode gets (the id is derived from the fingerprint). */
const firstIncidentOf = (fingerprint: string): string => incidentId(fingerprint, 1);

const EC2_TOKYO_OUTAGE =
  'health:arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_TOKYO_20261127';
const GUARDDUTY_EXFILTRATION = 'guardduty:111111111111:ap-northeast-1:b6c2f0e4a8d14e7c9f3a5b7d1e9c2a40';
const ATTACK_SEQUENCE = 'guardduty:333333333333:ap-northeast-1:c83e5a7f9b1d4c2e8a0f6b3d5e7c9a12';
/** The GuardDuty Backdoor finding of the shared account 222222222222, shared by the team at 13:10 JST. */
const SHARED_BACKDOOR_FINGERPRINT = 'guardduty:222222222222:ap-northeast-1:f1b3d5f7a9c14e2b8d0f6a4c2e0b9d37';
const SHARED_BACKDOOR = incidentId(SHARED_BACKDOOR_FINGERPRINT, 1);
const ZEIMU_ALARM = 'cloudwatch:arn:aws:cloudwatch:ap-northeast-1:222222222222:alarm:zeimu-batch-errors';

describe('replay --json --until 2h over the sample events', () => {
  let result: CliRun;
  let lines: Line[];
  let notifications: Notification[];
  /** From `explain --json`: what each incident is about (its accounts and categories). */
  let incidents: Map<string, { accounts: Set<string>; categories: Set<string> }>;

  beforeAll(async () => {
    result = await run(['replay', '--json', '--until', '2h', '--config', CONFIG, EVENTS]);
    lines = jsonLines<Line>(result.stdout);
    notifications = lines.filter(isNotification);

    const explained = jsonLines<AlertLine | { file: string }>(
      (await run(['explain', '--json', '--config', CONFIG, EVENTS])).stdout,
    );
    incidents = new Map();
    for (const line of explained) {
      if (!('fingerprint' in line)) continue;
      const id = firstIncidentOf(line.fingerprint);
      const known = incidents.get(id) ?? { accounts: new Set<string>(), categories: new Set<string>() };
      known.accounts.add(line.accountId);
      known.categories.add(line.category);
      incidents.set(id, known);
    }
  });

  const about = (notification: Notification) => {
    const found = incidents.get(notification.incident.replace(/-\d+$/, '-1'));
    expect(found, `incident ${notification.incident} is known to explain`).toBeDefined();
    return found!;
  };
  const of = (fingerprint: string) =>
    notifications.filter((n) => n.incident === firstIncidentOf(fingerprint));

  it('exits with status 0 and writes nothing on stderr: the story holds no malformed file', () => {
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(lines.filter((line) => !isNotification(line))).toEqual([]);
  });

  it('gives notification lines exactly the DESIGN §9 keys and allowed values', () => {
    expect(notifications.length).toBeGreaterThan(30);
    for (const n of notifications) {
      expect(Object.keys(n).sort()).toEqual([
        'at',
        'audience',
        'incident',
        'kind',
        'language',
        'receiver',
        'severity',
        'subject',
      ]);
      expect(new Date(n.at).toISOString()).toBe(n.at);
      expect(n.incident).toMatch(/\S/);
      expect(['team', 'asp', 'municipality']).toContain(n.audience);
      expect(n.receiver).toMatch(/\S/);
      // `digest` extends DESIGN §9: storm control (issue 6) sends one message for many quiet alerts.
      expect(['trigger', 'update', 'escalation', 'resolve', 'digest']).toContain(n.kind);
      expect(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']).toContain(n.severity);
      expect(['ja', 'en']).toContain(n.language);
      expect(n.subject).toMatch(/\S/);
      expect([...n.subject].length, n.subject).toBeLessThanOrEqual(100);
    }
  });

  it('gives error lines exactly {file, error}, one per malformed file, and exits with status 1', async () => {
    // Act: the malformed samples, then the story, in one run
    const withBad = await run(['replay', '--json', '--until', '2h', '--config', CONFIG, MALFORMED, EVENTS]);

    // Assess
    const errors = jsonLines<Line>(withBad.stdout).filter((line): line is ErrorLine => !isNotification(line));
    for (const line of errors) {
      expect(Object.keys(line).sort()).toEqual(['error', 'file']);
      expect(line.error).toMatch(/\S/);
    }
    expect(errors.map((line) => line.file).sort()).toEqual(
      ['account-not-12-digits.json', 'missing-detail.json', 'not-json.json'].map((f) => join(MALFORMED, f)),
    );
    expect(withBad.status).toBe(1);
    // Bad input loses nothing: the story's notifications are all still sent.
    expect(jsonLines<Line>(withBad.stdout).filter(isNotification)).toEqual(notifications);
  });

  it('gives the same notifications when every file is replayed twice', async () => {
    // Act
    const twice = await run(['replay', '--json', '--until', '2h', '--config', CONFIG, EVENTS, EVENTS]);

    // Assess
    const once = notifications.map((n) => JSON.stringify(n)).sort();
    const again = jsonLines<Line>(twice.stdout)
      .filter(isNotification)
      .map((n) => JSON.stringify(n))
      .sort();
    expect(again).toEqual(once);
    expect(twice.status).toBe(0);
  });

  describe('the story', () => {
    it.each([
      'city-sakura',
      'town-midori',
    ])('tells %s, a municipality of the shared account, of the Tokyo EC2 outage in numbered reports, from 第1報 to the final one', (municipality) => {
      const told = of(EC2_TOKYO_OUTAGE).filter((n) => n.receiver === municipality);
      // DESIGN §12: 第1報 at 09:05; AWS's update at 09:10 held back to 09:35 (30 minutes after the 第1報); the
      // team's own update at 10:00 (events/operator/team-communications.json); the final report at the recovery.
      expect(told.map((n) => [n.at, n.kind, n.subject.replace(/】.*$/, '】')])).toEqual([
        ['2026-11-27T00:05:00.000Z', 'trigger', '【第1報・障害発生】'],
        ['2026-11-27T00:35:00.000Z', 'update', '【第2報・続報】'],
        ['2026-11-27T01:00:00.000Z', 'update', '【第3報・続報】'],
        ['2026-11-27T02:30:00.000Z', 'resolve', '【第4報・復旧（最終報）】'],
      ]);
      for (const n of told) {
        expect(n).toMatchObject({ audience: 'municipality', language: 'ja' });
        expect(n.subject).toContain('税務システム');
      }
      expect(told.at(-1)?.subject).toContain('復旧');
    });

    it('tells city-aoba, whose account joined the Tokyo outage at 09:10, in its own numbering', () => {
      const told = of(EC2_TOKYO_OUTAGE).filter((n) => n.receiver === 'city-aoba');
      // AWS's update at 09:10 is city-aoba's 第1報 itself; the team's update at 10:00 is its 第2報.
      expect(told.map((n) => [n.at, n.kind, n.subject.replace(/】.*$/, '】')])).toEqual([
        ['2026-11-27T00:10:00.000Z', 'trigger', '【第1報・障害発生】'],
        ['2026-11-27T01:00:00.000Z', 'update', '【第2報・続報】'],
        ['2026-11-27T02:30:00.000Z', 'resolve', '【第3報・復旧（最終報）】'],
      ]);
      for (const n of told) expect(n.subject).toContain('住民記録システム');
    });

    it('sends a municipality at most one report per 30 minutes for an AWS outage, besides the team’s own', () => {
      const municipal = notifications.filter(
        (n) => n.audience === 'municipality' && about(n).categories.has('health'),
      );
      // The team's Post Update at 10:00 JST (01:00Z) is the team's decision, not rate-limited.
      const automatic = municipal.filter(
        (n) => !(n.kind === 'update' && n.at === '2026-11-27T01:00:00.000Z'),
      );
      for (const receiver of new Set(automatic.map((n) => n.receiver)))
        for (const incident of new Set(automatic.map((n) => n.incident))) {
          const times = automatic
            .filter((n) => n.receiver === receiver && n.incident === incident && n.kind !== 'resolve')
            .map((n) => Date.parse(n.at));
          for (let i = 1; i < times.length; i++)
            expect(times[i]! - times[i - 1]!, `${receiver} ${incident}`).toBeGreaterThanOrEqual(30 * 60_000);
        }
    });

    it('tells each receiver of the GuardDuty HIGH finding once, despite 3 publications and a duplicate delivery', () => {
      const told = of(GUARDDUTY_EXFILTRATION);
      const byKind = (kind: Notification['kind']) =>
        told
          .filter((n) => n.kind === kind)
          .map((n) => n.receiver)
          .sort();
      expect(byKind('trigger')).toEqual(['asp-a', 'team-oncall']);
      expect(byKind('resolve')).toEqual(['asp-a', 'team-oncall']);
      expect(byKind('update')).toEqual([]);
    });

    it('escalates the CRITICAL attack sequence to team-lead', () => {
      const escalations = of(ATTACK_SEQUENCE).filter((n) => n.kind === 'escalation');
      expect(escalations.length).toBeGreaterThan(0);
      expect(escalations[0]).toMatchObject({ audience: 'team', receiver: 'team-lead', severity: 'CRITICAL' });
    });

    it('tells only asp-b about the CloudWatch alarm of account 222222222222, from trigger to resolve', () => {
      const told = of(ZEIMU_ALARM);
      expect(new Set(told.map((n) => n.receiver))).toEqual(new Set(['asp-b']));
      // An application alarm does not page: it reaches the ASP in storm-control digests, the trigger in one and
      // the resolve twenty minutes later in the next.
      expect(told.map((n) => n.kind)).toEqual(['digest', 'digest']);
      expect(told.map((n) => n.subject)).toEqual([
        expect.stringContaining('発生 1'),
        expect.stringContaining('解消 1'),
      ]);
    });

    it('never tells a municipality about an incident that is not an outage unless the team shared it, nor about another account', () => {
      const municipal = notifications.filter((n) => n.audience === 'municipality');
      expect(municipal.length).toBeGreaterThan(4);
      for (const n of municipal) {
        const incident = about(n);
        // Outages reach municipalities on their own; a security incident only through the team's share
        // (events/operator/team-communications.json shares the GuardDuty Backdoor finding at 13:10 JST).
        if (n.incident === SHARED_BACKDOOR)
          expect([...incident.categories], n.incident).toEqual(['security']);
        else expect([...incident.categories], n.incident).toEqual(['health']);
        const own = ACCOUNTS.filter((account) => account.municipalities.includes(n.receiver));
        expect(
          own.some((account) => incident.accounts.has(account.id)),
          `${n.receiver} uses an account of ${n.incident}`,
        ).toBe(true);
        expect(n.language).toBe('ja');
      }
    });

    it('tells exactly the shared account’s municipalities of the shared GuardDuty finding: 第1報, then the team’s 第2報', () => {
      const municipal = of(SHARED_BACKDOOR_FINGERPRINT).filter((n) => n.audience === 'municipality');
      expect(
        municipal.map((n) => [n.at, n.receiver, n.kind, n.subject.replace(/】.*$/, '】')]).sort(),
      ).toEqual([
        ['2026-11-27T04:10:00.000Z', 'city-sakura', 'trigger', '【第1報・情報共有】'],
        ['2026-11-27T04:10:00.000Z', 'town-midori', 'trigger', '【第1報・情報共有】'],
        ['2026-11-27T05:00:00.000Z', 'city-sakura', 'update', '【第2報・続報】'],
        ['2026-11-27T05:00:00.000Z', 'town-midori', 'update', '【第2報・続報】'],
      ]);
      for (const n of municipal) expect(n.subject).not.toMatch(/GuardDuty|Backdoor|\d{12}|arn:aws/);
    });

    it('reminds the team on-call, never a municipality, when a promised report did not go out by its time', () => {
      // The team's 第2報 at 14:00 JST promised the next within 3h: none went out by 17:00 JST (08:00Z).
      const reminders = of(SHARED_BACKDOOR_FINGERPRINT).filter((n) =>
        n.subject.includes('自治体への続報期限'),
      );
      expect(reminders.map((n) => [n.at, n.audience, n.receiver, n.kind])).toEqual([
        ['2026-11-27T08:00:00.000Z', 'team', 'team-oncall', 'update'],
      ]);
      for (const n of notifications.filter((n) => n.subject.includes('自治体への続報期限')))
        expect(n.audience).toBe('team');
    });

    it('never tells an ASP about an incident of another ASP’s account', () => {
      const asp = notifications.filter((n) => n.audience === 'asp');
      expect(asp.length).toBeGreaterThan(10);
      for (const n of asp) {
        // The incident must concern one of the receiver's accounts…
        const mine = ACCOUNTS.filter((account) => account.asp === n.receiver);
        expect(
          mine.some((account) => about(n).accounts.has(account.id)),
          `${n.receiver}: ${n.subject}`,
        ).toBe(true);
        // …and where the subject names the account (`— name`, maybe cut with …), it is one of the receiver's.
        const named = /— ([^—]+)$/.exec(n.subject)?.[1];
        if (named === undefined) continue;
        const candidates = named.endsWith('…')
          ? ACCOUNTS.filter((account) => account.name.startsWith(named.slice(0, -1)))
          : ACCOUNTS.filter((account) => account.name === named);
        expect(candidates.length, `subject names a registered account: ${n.subject}`).toBeGreaterThan(0);
        for (const account of candidates) expect(account.asp, n.subject).toBe(n.receiver);
      }
    });

    it('pages the team for a shared outage once, however many spokes forward it', () => {
      const team = of(EC2_TOKYO_OUTAGE).filter((n) => n.receiver === 'team-oncall');
      expect(team.map((n) => n.kind)).toEqual(['trigger', 'resolve']);
    });
  });
});

describe('npm start', () => {
  let start: CliRun;
  let rows: string[];

  beforeAll(async () => {
    // The start script's arguments, as npm would pass them
    const script: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start;
    const [node, bin, ...args] = script.split(/\s+/);
    expect([node, bin]).toEqual(['node', 'bin/alert-router.mjs']);
    const argv = args.map((arg) => (existsSync(join(ROOT, arg)) ? fromRoot(arg) : arg));
    expect(argv[0]).toBe('replay');
    start = await run(argv);
    rows = start.stdout.split('\n');
  });

  it('prints the human timeline in JST and the 集計 summary, and exits 0: the story ran', () => {
    expect(rows[0]).toMatch(/^時刻\s+インシデント\s+種別\s+宛先\s+件名$/);
    expect(start.stdout).toContain('── 2026-11-27 (JST)');
    expect(start.stdout).toMatch(/^集計: イベント \d+ 件/m);
    expect(start.stdout).toContain('team-lead');
    expect(start.stdout).not.toMatch(/^\s*\{"/m);
    expect(start.stdout).not.toContain('エラー  ');
    expect(start.stderr).toBe('');
    expect(start.status).toBe(0);
  });

  it('names the digest kind and the closing summary differently (まとめ通知 / 集計)', () => {
    // Digest subjects count what they list (`1件`, `1 alert`): each such row is of the kind まとめ通知.
    const digestRows = rows.filter((row) => /\d+件|\d+ a/.test(row) && !row.includes('【'));
    expect(digestRows.length).toBeGreaterThan(3);
    for (const row of digestRows) expect(row).toMatch(/\sまとめ通知\s/);
    expect(start.stdout).not.toMatch(/^まとめ/m);
    expect(rows.filter((row) => /\sまとめ\s/.test(row))).toEqual([]);
  });

  it('shows who acknowledged as the one who acted, not as a receiver', () => {
    const acks = rows.filter((row) => row.includes('確認 (ACK)'));
    expect(acks.length).toBeGreaterThan(5);
    for (const row of acks) {
      // The 宛先 column (between the kind and the text) is empty; the text names who acknowledged.
      expect(row).toMatch(/確認 \(ACK\)\s+確認者: (team-oncall|team-lead)（/);
    }
    expect(start.stdout).toContain('確認者: team-lead');
  });

  it('shows the team’s share and updates as actions, followed by the numbered reports they sent', () => {
    // events/operator/team-communications.json: an update of the outage at 10:00, a share at 13:10, an update at 14:00.
    expect(rows.filter((row) => /情報共有\s+共有者|続報の投稿\s+投稿者/.test(row))).toEqual([
      expect.stringMatching(
        /^10:00\s+INC-9b97c1b729a3-1\s+続報の投稿\s+投稿者: team-oncall（自治体に続報を送信）$/,
      ),
      expect.stringMatching(
        /^13:10\s+INC-9ca33789c57a-1\s+情報共有\s+共有者: team-oncall（自治体に第1報を送信）$/,
      ),
      expect.stringMatching(
        /^14:00\s+INC-9ca33789c57a-1\s+続報の投稿\s+投稿者: team-lead（自治体に続報を送信）$/,
      ),
    ]);
    expect(rows).toContainEqual(
      expect.stringMatching(
        /^13:10\s+INC-9ca33789c57a-1\s+発生\s+city-sakura, town-midori\s+【第1報・情報共有】/,
      ),
    );
    expect(rows).toContainEqual(
      expect.stringMatching(
        /^11:30\s+INC-9b97c1b729a3-1\s+解消\s+city-sakura, town-midori\s+【第4報・復旧（最終報）】/,
      ),
    );
  });

  it('keeps every line within 120 columns (CJK characters count two), cutting subjects but not the account', async () => {
    // Prepare: the accounts the full subjects name
    const json = jsonLines<Notification>(
      (await run(['replay', '--json', '--until', '2h', '--config', CONFIG, EVENTS])).stdout,
    );
    const named = new Set(json.flatMap((n) => /— ([^—]+)$/.exec(n.subject)?.[1] ?? []));

    // Assess
    expect(rows.filter((row) => columns(row) > 120)).toEqual([]);
    const cut = rows.filter((row) => row.includes('GuardDuty Unauthor'));
    expect(cut.length).toBeGreaterThan(0);
    for (const row of cut) expect(row).toMatch(/— aoba-juki-prod$/);
    for (const row of rows.filter((r) => / — [^—]+$/.test(r)))
      expect(named, row).toContain(/— ([^—]+)$/.exec(row)![1]);
  });
});

describe('replay --json --bodies (DESIGN §9, turn 2)', () => {
  it('adds the long form, as sent, to each notification line and changes nothing else', async () => {
    // Act
    const plain = await run(['replay', '--json', '--until', '2h', '--config', CONFIG, EVENTS]);
    const withBodies = await run([
      'replay',
      '--json',
      '--bodies',
      '--until',
      '2h',
      '--config',
      CONFIG,
      EVENTS,
    ]);

    // Assess
    expect(withBodies.status).toBe(0);
    const bodied = jsonLines<Notification & { body: string }>(withBodies.stdout);
    const lines = jsonLines<Notification>(plain.stdout);
    expect(bodied.map(({ body: _body, ...rest }) => rest)).toEqual(lines);
    for (const n of bodied) {
      expect(Object.keys(n)).toContain('body');
      expect(n.body.split('\n').length, n.subject).toBeGreaterThan(2);
    }
    // The municipality reads the notice in full: the system it is about, the region, in Japanese.
    const notice = bodied.find((n) => n.receiver === 'city-sakura' && n.kind === 'trigger');
    expect(notice?.body).toContain('税務システム');
    expect(notice?.body).not.toMatch(/arn:aws|\d{12}/);
  });
});

/** A lifecycle line of `replay --json --lifecycle` (DESIGN §9, §11). */
type LifecycleLine = {
  at: string;
  'detail-type': string;
  detail: { eventId: string; incidentId: string; asp?: string; at: string; [key: string]: unknown };
};
const isLifecycle = (line: object): line is LifecycleLine => 'detail-type' in line;
/** The §11 detail keys; `accountName`, `asp`, `system` and `by` may be absent. */
const DETAIL_KEYS = [
  'eventId',
  'incidentId',
  'fingerprint',
  'episode',
  'source',
  'category',
  'type',
  'title',
  'severity',
  'status',
  'accountId',
  'municipalities',
  'receivers',
  'at',
];
const OPTIONAL_DETAIL_KEYS = ['accountName', 'asp', 'system', 'by'];

describe('replay --json --lifecycle (DESIGN §9, §11, turn 2)', () => {
  let plain: CliRun;
  let result: CliRun;
  let lines: Array<Notification | LifecycleLine>;
  let events: LifecycleLine[];
  let notifications: Notification[];
  /** `incidents list --json` over the state the same replay wrote: where each incident ended. */
  let listed: Array<{ incident: string; status: string; acknowledged: boolean }>;

  beforeAll(async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'alert-router-lifecycle-')), 'state.json');
    plain = await run(['replay', '--json', '--until', '2h', '--config', CONFIG, EVENTS]);
    result = await run([
      'replay',
      '--json',
      '--lifecycle',
      '--until',
      '2h',
      '--state',
      state,
      '--config',
      CONFIG,
      EVENTS,
    ]);
    lines = jsonLines<Notification | LifecycleLine>(result.stdout);
    events = lines.filter(isLifecycle);
    notifications = lines.filter((line): line is Notification => !isLifecycle(line));
    listed = jsonLines(
      (await run(['incidents', 'list', '--json', '--state', state, '--config', CONFIG])).stdout,
    );
  });

  const eventsOf = (incident: string, detailType: string) =>
    events.filter((e) => e.detail.incidentId === incident && e['detail-type'] === detailType);

  it('adds lifecycle lines and changes nothing else: the notification lines are those of --json alone', () => {
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(events.length).toBeGreaterThan(20);
    expect(notifications).toEqual(jsonLines(plain.stdout));
  });

  it('gives each lifecycle line exactly {at, detail-type, detail}, with the §11 detail and a unique eventId', () => {
    expect(events.length).toBeGreaterThan(20);
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual(['at', 'detail', 'detail-type']);
      expect([
        'Incident Opened',
        'Incident Updated',
        'Incident Escalated',
        'Incident Acknowledged',
        'Incident Shared',
        'Incident Resolved',
      ]).toContain(event['detail-type']);
      const keys = Object.keys(event.detail);
      for (const key of DETAIL_KEYS) expect(keys, event.detail.eventId).toContain(key);
      for (const key of keys) expect([...DETAIL_KEYS, ...OPTIONAL_DETAIL_KEYS]).toContain(key);
      expect(event.detail.at).toBe(event.at);
    }
    const ids = events.map((e) => e.detail.eventId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('interleaves the lines in time order, an incident’s event after its own notifications of that moment', () => {
    const times = lines.map((line) => Date.parse(line.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const outage = firstIncidentOf(EC2_TOKYO_OUTAGE);
    const opened = lines.findIndex(
      (line) =>
        isLifecycle(line) && line.detail.incidentId === outage && line['detail-type'] === 'Incident Opened',
    );
    const triggers = lines.flatMap((line, i) =>
      !isLifecycle(line) && line.incident === outage && line.at === lines[opened]?.at ? [i] : [],
    );
    expect(triggers.length).toBeGreaterThan(1);
    expect(opened).toBe(Math.max(...triggers) + 1);
  });

  it('gives an Incident Opened for every incident that paged, one for each ASP that was paged', () => {
    const paged = notifications.filter((n) => n.kind === 'trigger');
    expect(paged.length).toBeGreaterThan(20);
    for (const n of paged) {
      const opened = eventsOf(n.incident, 'Incident Opened');
      expect(opened.length, `${n.incident} paged ${n.receiver}`).toBeGreaterThan(0);
      expect(Date.parse(opened[0]!.at)).toBeLessThanOrEqual(Date.parse(n.at));
      if (n.audience === 'asp')
        expect(
          opened.map((e) => e.detail.asp),
          `${n.incident}: ${n.receiver} sees it opened`,
        ).toContain(n.receiver);
    }
  });

  it('gives an Incident Escalated for every escalation, at its time', () => {
    const escalations = notifications.filter((n) => n.kind === 'escalation');
    expect(escalations.length).toBeGreaterThan(0);
    for (const n of escalations)
      expect(
        eventsOf(n.incident, 'Incident Escalated').map((e) => e.at),
        n.incident,
      ).toContain(n.at);
    // …and none without one.
    for (const e of events.filter((event) => event['detail-type'] === 'Incident Escalated'))
      expect(escalations.some((n) => n.incident === e.detail.incidentId && n.at === e.at)).toBe(true);
  });

  it('gives an Incident Resolved for every resolve, and for every opened incident that ended resolved', () => {
    const resolves = notifications.filter((n) => n.kind === 'resolve');
    expect(resolves.length).toBeGreaterThan(0);
    for (const n of resolves)
      expect(
        eventsOf(n.incident, 'Incident Resolved').map((e) => e.at),
        n.incident,
      ).toContain(n.at);
    const opened = new Set(
      events.filter((e) => e['detail-type'] === 'Incident Opened').map((e) => e.detail.incidentId),
    );
    const resolved = listed.filter((i) => i.status === 'resolved' && opened.has(i.incident));
    expect(resolved.length).toBeGreaterThan(2);
    for (const incident of resolved)
      expect(eventsOf(incident.incident, 'Incident Resolved').length, incident.incident).toBeGreaterThan(0);
    // Nothing is said resolved that is not.
    for (const e of events.filter((event) => event['detail-type'] === 'Incident Resolved'))
      expect(listed.find((i) => i.incident === e.detail.incidentId)?.status).toBe('resolved');
  });

  it('gives an Incident Acknowledged for every opened incident someone acknowledged', () => {
    const opened = new Set(
      events.filter((e) => e['detail-type'] === 'Incident Opened').map((e) => e.detail.incidentId),
    );
    const acknowledged = listed.filter((i) => i.acknowledged && opened.has(i.incident));
    expect(acknowledged.length).toBeGreaterThan(5);
    for (const incident of acknowledged)
      expect(eventsOf(incident.incident, 'Incident Acknowledged').length, incident.incident).toBeGreaterThan(
        0,
      );
  });

  it('gives the same events when every input is delivered twice', async () => {
    // Act
    const twice = await run([
      'replay',
      '--json',
      '--lifecycle',
      '--until',
      '2h',
      '--config',
      CONFIG,
      EVENTS,
      EVENTS,
    ]);

    // Assess: compared by eventId and detail-type, each once
    const key = (e: LifecycleLine) => `${e.detail.eventId} ${e['detail-type']}`;
    const again = jsonLines<Notification | LifecycleLine>(twice.stdout).filter(isLifecycle);
    expect(again.map(key).sort()).toEqual(events.map(key).sort());
    expect(again).toEqual(events);
    expect(twice.status).toBe(0);
  });

  it('is a usage error without --json (exit 2): the human timeline shows notifications only', async () => {
    const { status, stdout, stderr } = await run(['replay', '--lifecycle', '--config', CONFIG, EVENTS]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--lifecycle goes with --json/);
  });
});
