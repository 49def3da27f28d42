import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { incidentId } from '../../../shared/incident.js';
import { type CliRun, fromRoot, jsonLines, PROJECT_ROOT as ROOT, runCli as run } from '../../helpers/cli.js';

// DESIGN §9 (contract): `alert-router replay [--config FILE] [--json] [--until DURATION] PATH...`, in-process.

const EVENTS = fromRoot('events');
const CONFIG = fromRoot('events/config.example.yaml');

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

  it('exits with status 1 because events/bad holds malformed files, and writes nothing on stderr', () => {
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
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

  it('gives error lines exactly {file, error}, one per malformed file', () => {
    const errors = lines.filter((line): line is ErrorLine => !isNotification(line));
    for (const line of errors) {
      expect(Object.keys(line).sort()).toEqual(['error', 'file']);
      expect(line.error).toMatch(/\S/);
    }
    expect(errors.map((line) => line.file).sort()).toEqual(
      ['account-not-12-digits.json', 'missing-detail.json', 'not-json.json'].map((f) =>
        join(EVENTS, 'bad', f),
      ),
    );
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
    expect(twice.status).toBe(1);
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

describe('npm start', () => {
  it('prints the human timeline in JST and the まとめ summary', async () => {
    // Prepare: the start script's arguments, as npm would pass them
    const script: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start;
    const [node, bin, ...args] = script.split(/\s+/);
    expect([node, bin]).toEqual(['node', 'bin/alert-router.mjs']);
    const argv = args.map((arg) => (existsSync(join(ROOT, arg)) ? fromRoot(arg) : arg));

    // Act
    const { status, stdout, stderr } = await run(argv);

    // Assess
    expect(argv[0]).toBe('replay');
    expect(stdout).toContain('時刻 (JST)');
    expect(stdout).toMatch(/^まとめ: イベント \d+ 件/m);
    expect(stdout).toContain('team-lead');
    expect(stdout).not.toMatch(/^\s*\{"/m);
    expect(stderr).toBe('');
    expect(status).toBe(1);
  });
});
