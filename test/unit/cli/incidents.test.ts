import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { incidentId } from '../../../shared/incident.js';
import {
  columns,
  fromRoot,
  jsonLines,
  outputLines,
  PROJECT_ROOT as ROOT,
  runCli as run,
} from '../../helpers/cli.js';

// DESIGN §9 (turn 2): `incidents list [--open] [--receiver ID] [--json]` and `incidents show ID [--json]` on
// `--state FILE` (here) or `--store dynamodb` (test/integration/incidents-cli.test.ts), read from what replay wrote.

const EVENTS = fromRoot('events');
const CONFIG = fromRoot('events/config.example.yaml');

type Notification = { at: string; incident: string; receiver: string; kind: string };
type Listed = {
  incident: string;
  fingerprint: string;
  status: 'open' | 'acknowledged' | 'resolved';
  acknowledged: boolean;
  severity: string;
  accountId: string;
  asp: string | null;
  title: string;
  openedAt: string;
  resolvedAt: string | null;
};
type Entry = {
  at: string;
  what: string;
  receiver?: string;
  channel?: string;
  kind?: string;
  by?: string;
  note?: string;
  count?: number;
};
type Shown = { incident: Listed & Record<string, unknown>; timeline: Entry[] };

const LIST_KEYS = [
  'accountId',
  'acknowledged',
  'asp',
  'fingerprint',
  'incident',
  'openedAt',
  'resolvedAt',
  'severity',
  'status',
  'title',
];
const ENTRY_KEYS = ['at', 'what', 'receiver', 'channel', 'kind', 'by', 'note', 'count'];
const WHATS = [
  'received',
  'notified',
  'digest',
  'escalated',
  'acknowledged',
  'shared',
  'update-posted',
  'reminder',
  'resolved',
  'reopened',
];
/** Timeline entries that are one notification to one receiver (a digest line is listed in a later digest). */
const NOTICES = ['notified', 'escalated', 'reminder'];

const ACCOUNTS: Array<{ id: string; asp: string }> = parse(
  readFileSync(join(ROOT, 'events/config.example.yaml'), 'utf8'),
).accounts;
const EC2_TOKYO_OUTAGE = incidentId(
  'health:arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_TOKYO_20261127',
  1,
);
const ATTACK_SEQUENCE_FINGERPRINT = 'guardduty:333333333333:ap-northeast-1:c83e5a7f9b1d4c2e8a0f6b3d5e7c9a12';
const ZEIMU_ALARM_FINGERPRINT =
  'cloudwatch:arn:aws:cloudwatch:ap-northeast-1:222222222222:alarm:zeimu-batch-errors';

describe('incidents list and show after `replay --state FILE events/`', () => {
  let state = '';
  let notifications: Notification[];
  let listed: Listed[];
  const incidents = (...args: string[]) => run(['incidents', ...args, '--state', state, '--config', CONFIG]);
  const show = async (id: string): Promise<Shown> => {
    const result = await incidents('show', id, '--json');
    expect(result.status, result.stderr).toBe(0);
    const [shown, ...more] = jsonLines<Shown>(result.stdout);
    expect(more).toEqual([]);
    return shown as Shown;
  };

  beforeAll(async () => {
    state = join(mkdtempSync(join(tmpdir(), 'alert-router-incidents-')), 'state.json');
    const replayed = await run([
      'replay',
      '--json',
      '--until',
      '2h',
      '--state',
      state,
      '--config',
      CONFIG,
      EVENTS,
    ]);
    expect(replayed.status).toBe(0);
    notifications = jsonLines<Notification>(replayed.stdout);
    const result = await incidents('list', '--json');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    listed = jsonLines<Listed>(result.stdout);
  });

  describe('list --json', () => {
    it('gives one line per incident with exactly the DESIGN §9 keys, newest first', () => {
      expect(listed.length).toBeGreaterThan(20);
      expect(new Set(listed.map((i) => i.incident)).size).toBe(listed.length);
      for (const notified of new Set(notifications.map((n) => n.incident)))
        expect(listed.map((i) => i.incident)).toContain(notified);
      for (const line of listed) expect(Object.keys(line).sort()).toEqual(LIST_KEYS);
      const opened = listed.map((i) => i.openedAt);
      expect(opened).toEqual([...opened].sort().reverse());
    });

    it('gives each field its meaning: status, acknowledged, first account and its ASP, times', () => {
      for (const line of listed) {
        expect(['open', 'acknowledged', 'resolved']).toContain(line.status);
        expect(typeof line.acknowledged).toBe('boolean');
        if (line.status === 'acknowledged') expect(line.acknowledged).toBe(true);
        expect(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']).toContain(line.severity);
        expect(line.accountId).toMatch(/^\d{12}$/);
        expect(line.asp).toBe(ACCOUNTS.find((account) => account.id === line.accountId)?.asp ?? null);
        expect(line.title).toMatch(/\S/);
        expect(new Date(line.openedAt).toISOString()).toBe(line.openedAt);
        if (line.status === 'resolved')
          expect(new Date(line.resolvedAt ?? '').toISOString()).toBe(line.resolvedAt);
        else expect(line.resolvedAt).toBeNull();
      }
      // The story: the Tokyo outage was acknowledged, then resolved by AWS Health; it began on the shared account.
      expect(listed.find((i) => i.incident === EC2_TOKYO_OUTAGE)).toMatchObject({
        status: 'resolved',
        acknowledged: true,
        accountId: '222222222222',
        asp: 'asp-b',
        openedAt: '2026-11-27T00:05:00.000Z',
        resolvedAt: '2026-11-27T02:30:00.000Z',
      });
    });

    it('--open lists exactly the incidents not resolved yet', async () => {
      const open = jsonLines<Listed>((await incidents('list', '--open', '--json')).stdout);
      expect(open.length).toBeGreaterThan(5);
      expect(open).toEqual(listed.filter((i) => i.status !== 'resolved'));
    });

    it('--receiver lists exactly the incidents that receiver was told of', async () => {
      // Prepare: who was told of what, from each incident's own timeline
      const toldAspC = [];
      for (const line of listed) {
        const { timeline } = await show(line.incident);
        if (timeline.some((entry) => entry.receiver === 'asp-c')) toldAspC.push(line);
      }

      // Act
      const result = await incidents('list', '--receiver', 'asp-c', '--json');

      // Assess
      expect(result.status).toBe(0);
      const forAspC = jsonLines<Listed>(result.stdout);
      expect(forAspC.length).toBeGreaterThan(2);
      expect(forAspC).toEqual(toldAspC);
      for (const n of notifications.filter((n) => n.receiver === 'asp-c'))
        expect(forAspC.map((i) => i.incident)).toContain(n.incident);
    });
  });

  describe('show --json', () => {
    it('gives {incident, timeline}: the incident as listed, the timeline with the DESIGN §9 entry keys', async () => {
      for (const line of listed) {
        const shown = await show(line.incident);
        expect(Object.keys(shown).sort()).toEqual(['incident', 'timeline']);
        expect(shown.incident).toMatchObject(line);
        expect(shown.timeline.length, line.incident).toBeGreaterThan(0);
        for (const entry of shown.timeline) {
          for (const key of Object.keys(entry)) expect(ENTRY_KEYS).toContain(key);
          expect(WHATS).toContain(entry.what);
          expect(new Date(entry.at).toISOString()).toBe(entry.at);
        }
      }
    });

    it('lists every notification of the incident: the receivers, kinds and times replay --json sent', async () => {
      const notified = [...new Set(notifications.map((n) => n.incident))];
      expect(notified.length).toBeGreaterThan(20);
      for (const id of notified) {
        const { timeline } = await show(id);
        const sent = notifications.filter((n) => n.incident === id);
        // A notice, an escalation or a reminder: one entry each, the same receiver, kind and time.
        const notice = (e: { at: string; receiver?: string; kind?: string }) =>
          `${e.at} ${e.receiver} ${e.kind}`;
        expect(
          timeline
            .filter((e) => NOTICES.includes(e.what))
            .map(notice)
            .sort(),
          id,
        ).toEqual(
          sent
            .filter((n) => n.kind !== 'digest')
            .map(notice)
            .sort(),
        );
        // A digest names the incident to its receiver: the timeline has that receiver's digest line, from before.
        for (const digest of sent.filter((n) => n.kind === 'digest')) {
          const lines = timeline.filter((e) => e.what === 'digest' && e.receiver === digest.receiver);
          expect(lines.length, `${id} digest to ${digest.receiver}`).toBeGreaterThan(0);
          expect(lines.some((e) => e.at <= digest.at)).toBe(true);
        }
      }
    });

    it('says when the alert was received: the first entry, at the time the incident opened', async () => {
      for (const line of listed) {
        const { timeline } = await show(line.incident);
        expect(timeline[0], line.incident).toMatchObject({ what: 'received', at: line.openedAt });
      }
    });

    it('tells the story of the escalated attack sequence: received, paged, escalated, acknowledged', async () => {
      // Act: by fingerprint, which names the current episode
      const shown = await show(ATTACK_SEQUENCE_FINGERPRINT);

      // Assess
      expect(shown.incident.incident).toBe(incidentId(ATTACK_SEQUENCE_FINGERPRINT, 1));
      expect(shown.timeline.map((e) => [e.what, e.receiver ?? e.by ?? e.note])).toEqual([
        ['received', 'new'],
        ['notified', 'team-oncall'],
        ['notified', 'asp-c'],
        ['escalated', 'team-lead'],
        ['acknowledged', 'team-lead'],
      ]);
    });

    it('is exit 1 with a clear message for an incident the store does not hold', async () => {
      const { status, stdout, stderr } = await incidents('show', 'INC-000000000000-1');
      expect(status).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/no incident "INC-000000000000-1" in this store/);
    });
  });

  describe('human forms', () => {
    it('list: a table with Japanese headings, JST days, every incident, within 120 columns', async () => {
      const { status, stdout } = await incidents('list');
      const rows = stdout.split('\n');
      expect(status).toBe(0);
      expect(rows[0]).toMatch(/^発生\s+インシデント\s+状態\s+重大度\s+アカウント\s+ASP\s+件名$/);
      expect(stdout).toContain('── 2026-11-27 (JST)');
      for (const line of listed) expect(stdout).toContain(line.incident);
      // 09:05 JST is 00:05 UTC: the outage's row shows the local time.
      expect(rows.find((row) => row.includes(EC2_TOKYO_OUTAGE))).toMatch(/^09:05\s+INC-\S+\s+解消\s+HIGH\s/);
      expect(stdout).toMatch(/^インシデント \d+ 件（未確認 \d+、確認済み \d+、解消 \d+）$/m);
      expect(rows.filter((row) => columns(row) > 120)).toEqual([]);
      expect(stdout).not.toMatch(/^\s*\{"/m);
    });

    it('show: the header (id, title, severity, state, accounts, who acknowledged) and the timeline in JST', async () => {
      const { status, stdout } = await incidents('show', EC2_TOKYO_OUTAGE);
      expect(status).toBe(0);
      const rows = stdout.split('\n');
      expect(rows[0]).toBe(`${EC2_TOKYO_OUTAGE}  EC2 AWS_EC2_OPERATIONAL_ISSUE`);
      expect(stdout).toMatch(/重大度: HIGH\s+状態: 解消\s+発生: 2026-11-27 09:05 JST/);
      expect(stdout).toMatch(/アカウント: 222222222222 kyodo-zeimu-prod.*111111111111 aoba-juki-prod/);
      expect(stdout).toContain('確認: team-oncall（2026-11-27 09:15 JST）');
      expect(stdout).toContain('解消: 2026-11-27 11:30 JST');
      expect(stdout).toMatch(/^時刻\s+内容\s+宛先\s+詳細$/m);
      // The example config gives team-oncall an Amazon Q channel too (DESIGN §13), so its row stands apart from asp-b's.
      expect(stdout).toMatch(/^09:05\s+通知 \(発生\)\s+team-oncall\s+email\+chatbot$/m);
      expect(stdout).toMatch(/^09:05\s+通知 \(発生\)\s+asp-b\s+email$/m);
      expect(stdout).toMatch(/^09:15\s+確認 \(ACK\)\s+-\s+確認者: team-oncall$/m);
      expect(stdout).toMatch(/^11:30\s+通知 \(解消\)\s+team-oncall/m);
      // Every receiver is named, those that do not fit on the next lines.
      for (const receiver of ['city-aoba', 'city-sakura', 'town-midori']) expect(stdout).toContain(receiver);
      expect(rows.filter((row) => columns(row) > 120)).toEqual([]);
    });
  });

  it('shows an earlier episode by its id after the incident reopened, and lists both', async () => {
    // Prepare: the zeimu alarm (ALARM at 04:00, OK at 04:20 UTC) fires again the next day
    const again = JSON.parse(
      readFileSync(join(ROOT, 'events/cloudwatch/zeimu-batch-errors-alarm.json'), 'utf8'),
    );
    again.id = 'e7a0c5b3-2d19-4f86-b4e1-0c9d8a7f6e99';
    again.time = '2026-11-28T04:00:00Z';
    again.detail.state.timestamp = '2026-11-28T04:00:00.118+0000';
    const file = join(mkdtempSync(join(tmpdir(), 'alert-router-reopen-')), 'zeimu-again.json');
    writeFileSync(file, JSON.stringify(again));
    const replayed = await run(['replay', '--json', '--state', state, '--config', CONFIG, file]);
    expect(replayed.status).toBe(0);

    // Act
    const first = await show(incidentId(ZEIMU_ALARM_FINGERPRINT, 1));
    const second = await show(incidentId(ZEIMU_ALARM_FINGERPRINT, 2));
    const current = await show(ZEIMU_ALARM_FINGERPRINT);
    const all = jsonLines<Listed>((await incidents('list', '--json')).stdout);

    // Assess
    expect(first.incident).toMatchObject({ status: 'resolved', openedAt: '2026-11-27T04:00:00.000Z' });
    expect(first.timeline.map((e) => e.what)).toContain('resolved');
    expect(second.incident).toMatchObject({ status: 'open', openedAt: '2026-11-28T04:00:00.000Z' });
    expect(current).toEqual(second);
    expect(all.map((i) => i.incident)).toEqual(
      expect.arrayContaining([
        incidentId(ZEIMU_ALARM_FINGERPRINT, 1),
        incidentId(ZEIMU_ALARM_FINGERPRINT, 2),
      ]),
    );
  });
});

describe('incidents: bad usage (exit 2)', () => {
  it('needs --state or --store, with the message ack and resolve give', async () => {
    // Act
    const listed = await run(['incidents', 'list', '--config', CONFIG]);
    const shown = await run(['incidents', 'show', 'INC-9b97c1b729a3-1', '--config', CONFIG]);
    const acked = await run(['ack', 'INC-9b97c1b729a3-1', '--config', CONFIG]);

    // Assess
    const problem = (stderr: string) => outputLines(stderr)[0]?.replace(/^alert-router \w+: /, '');
    for (const result of [listed, shown]) {
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(problem(result.stderr)).toBe(problem(acked.stderr));
      expect(result.stderr).toContain('--state FILE');
      expect(result.stderr).toContain('--store dynamodb');
    }
  });

  it('says a --state file that does not exist is missing', async () => {
    const missing = join(tmpdir(), 'alert-router-no-such-state.json');
    const { status, stderr } = await run(['incidents', 'list', '--state', missing, '--config', CONFIG]);
    expect(status).toBe(2);
    expect(stderr).toContain(`--state ${missing}: no such file`);
  });

  it.each([
    [[], /needs list, show or reindex/],
    [['lsit'], /"lsit" is not list, show or reindex/],
    [['list', 'INC-9b97c1b729a3-1'], /list takes no operand/],
    [['show'], /show takes exactly one INCIDENT/],
    [['show', 'INC-1', 'INC-2'], /show takes exactly one INCIDENT/],
    [['show', 'INC-9b97c1b729a3-1', '--open'], /--open and --receiver go with incidents list/],
    [['list', '--receiver'], /--receiver needs a value/],
    [['list', '--until', '2h'], /--until is not an option of incidents; it goes with replay/],
  ])('incidents %j: %s', async (args, message) => {
    const { status, stdout, stderr } = await run(['incidents', ...args, '--state', 'x.json']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toContain('alert-router incidents --help');
  });
});
