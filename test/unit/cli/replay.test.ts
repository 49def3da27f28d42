import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { incidentId } from '../../../shared/incident.js';
import { type CliRun, fromRoot, jsonLines, PROJECT_ROOT as ROOT, runCli as run } from '../../helpers/cli.js';

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
    ])('tells %s, a municipality of the shared account, of the Tokyo EC2 outage once, then of its recovery once', (municipality) => {
      const told = of(EC2_TOKYO_OUTAGE).filter((n) => n.receiver === municipality);
      expect(told.map((n) => n.kind)).toEqual(['trigger', 'resolve']);
      const [trigger, resolve] = told as [Notification, Notification];
      expect(trigger).toMatchObject({ audience: 'municipality', language: 'ja' });
      expect(trigger.subject).toContain('障害発生');
      expect(resolve.subject).toContain('復旧');
      expect(Date.parse(resolve.at)).toBeGreaterThan(Date.parse(trigger.at));
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

    it('never tells a municipality about an incident that is not an outage, nor about another account', () => {
      const municipal = notifications.filter((n) => n.audience === 'municipality');
      expect(municipal.length).toBeGreaterThan(4);
      for (const n of municipal) {
        const incident = about(n);
        expect([...incident.categories], n.incident).toEqual(['health']);
        const own = ACCOUNTS.filter((account) => account.municipalities.includes(n.receiver));
        expect(
          own.some((account) => incident.accounts.has(account.id)),
          `${n.receiver} uses an account of ${n.incident}`,
        ).toBe(true);
        expect(n.language).toBe('ja');
      }
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

/**
 * The columns a line takes in a terminal: East Asian wide and fullwidth characters (kana, kanji, 【】, （）) take
 * two, everything else one. Written out here, apart from the CLI's own measure, so the test checks it.
 */
const columns = (line: string): number =>
  [...line].reduce(
    (sum, char) =>
      sum +
      (/[\u1100-\u115f\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        char,
      )
        ? 2
        : 1),
    0,
  );

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
