import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { incidentId } from '../../../shared/incident.js';
import { fromRoot, outputLines, runCli as run } from '../../helpers/cli.js';

// DESIGN §9, §12 (turn 2): `share INCIDENT --by WHO [--message TEXT] [--leak …] [--next DURATION]` and
// `update INCIDENT --by WHO --message TEXT [--next DURATION]` on a `--state FILE` that replay wrote (the DynamoDB
// form is in test/integration/incidents-cli.test.ts). The CLI prints the notifications; it has no channels.

const CONFIG = fromRoot('events/config.example.yaml');
/** The story without the team's own communications (events/operator/team-communications.json): nothing shared yet. */
const STORY_WITHOUT_TEAM_COMMUNICATIONS = [
  'events/cloudwatch',
  'events/config',
  'events/guardduty',
  'events/health',
  'events/inspector',
  'events/securityhub',
  'events/signin',
  'events/operator/story-acknowledgements.json',
  'events/operator/oncall-acknowledgements.json',
].map(fromRoot);

/** GuardDuty Backdoor finding of kyodo-zeimu-prod (222222222222, 共同利用 by city-sakura and town-midori): open. */
const BACKDOOR = 'guardduty:222222222222:ap-northeast-1:f1b3d5f7a9c14e2b8d0f6a4c2e0b9d37';
const BACKDOOR_ID = incidentId(BACKDOOR, 1);
/** The Tokyo EC2 outage: resolved by AWS Health at 11:30 JST. */
const EC2_TOKYO_OUTAGE = incidentId(
  'health:arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_TOKYO_20261127',
  1,
);
/** The Osaka Lambda outage of aoba-fukushi-prod: open, city-aoba was sent its 第1報 by the router itself. */
const LAMBDA_OSAKA_OUTAGE = incidentId(
  'health:arn:aws:health:ap-northeast-3::event/LAMBDA/AWS_LAMBDA_OPERATIONAL_ISSUE/AWS_LAMBDA_OPERATIONAL_ISSUE_OSAKA_20261127',
  1,
);

type Entry = { at: string; what: string; receiver?: string; kind?: string; by?: string; note?: string };

/** A printed notification line: `  → RECEIVER (AUDIENCE) KIND: SUBJECT`. */
const printed = (stdout: string) =>
  outputLines(stdout)
    .map((line) => /^ {2}→ (\S+) \((\w+)\) (\w+): (.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, receiver, audience, kind, subject]) => ({ receiver, audience, kind, subject }));

describe('share and update on a --state file', () => {
  let base = '';

  beforeAll(async () => {
    base = join(mkdtempSync(join(tmpdir(), 'alert-router-communications-')), 'base.json');
    const replayed = await run([
      'replay',
      '--json',
      '--until',
      '2h',
      '--state',
      base,
      '--config',
      CONFIG,
      ...STORY_WITHOUT_TEAM_COMMUNICATIONS,
    ]);
    expect(replayed.status, replayed.stderr).toBe(0);
    expect(replayed.stdout).not.toContain(`"incident":"${BACKDOOR_ID}","audience":"municipality"`);
  });

  /** A fresh copy of the replayed state, so each test starts from the same story. */
  const aState = (): string => {
    const state = join(mkdtempSync(join(tmpdir(), 'alert-router-communications-')), 'state.json');
    copyFileSync(base, state);
    return state;
  };
  const act = (state: string, ...args: string[]) => run([...args, '--state', state, '--config', CONFIG]);
  const timeline = async (state: string, id: string): Promise<Entry[]> => {
    const shown = await run(['incidents', 'show', id, '--json', '--state', state, '--config', CONFIG]);
    expect(shown.status, shown.stderr).toBe(0);
    return JSON.parse(shown.stdout).timeline;
  };

  it('share sends 第1報・情報共有 to exactly the municipalities of the incident’s account, and records it', async () => {
    // Prepare
    const state = aState();

    // Act
    const shared = await act(
      state,
      'share',
      BACKDOOR_ID,
      '--by',
      'sato',
      '--message',
      '不審な通信をしていたサーバーを切り離しました。',
      '--leak',
      'none',
      '--next',
      '30m',
    );

    // Assess
    expect(shared.status, shared.stderr).toBe(0);
    expect(shared.stderr).toBe('');
    expect(shared.stdout).toContain(`share: ${BACKDOOR_ID} shared with city-sakura, town-midori by sato`);
    const sent = printed(shared.stdout);
    expect(sent.map((n) => n.receiver).sort()).toEqual(['city-sakura', 'town-midori']);
    for (const n of sent) {
      expect(n).toMatchObject({ audience: 'municipality', kind: 'trigger' });
      expect(n.subject).toMatch(/^【第1報・情報共有】税務システム/);
      expect(n.subject).not.toMatch(/\d{12}|arn:aws|GuardDuty|Backdoor/);
    }
    const entries = await timeline(state, BACKDOOR_ID);
    expect(entries).toContainEqual(
      expect.objectContaining({
        what: 'shared',
        by: 'sato',
        note: '不審な通信をしていたサーバーを切り離しました。',
      }),
    );
    const told = entries.filter((e) => e.what === 'notified' && e.receiver?.match(/^(city|town)-/));
    expect(told.map((e) => e.receiver).sort()).toEqual(['city-sakura', 'town-midori']);
  });

  it('update after a share sends 第2報・続報 to the same municipalities, and nobody else', async () => {
    // Prepare
    const state = aState();
    expect((await act(state, 'share', BACKDOOR, '--by', 'sato')).status).toBe(0);

    // Act: by fingerprint this time
    const updated = await act(
      state,
      'update',
      BACKDOOR,
      '--by',
      'suzuki',
      '--message',
      '住民の情報が外部に送られた形跡は見つかっていません。',
      '--next',
      '3h',
    );

    // Assess
    expect(updated.status, updated.stderr).toBe(0);
    expect(updated.stdout).toContain('update: posted to city-sakura, town-midori by suzuki');
    const sent = printed(updated.stdout);
    expect(sent.map((n) => n.receiver).sort()).toEqual(['city-sakura', 'town-midori']);
    for (const n of sent) {
      expect(n).toMatchObject({ audience: 'municipality', kind: 'update' });
      expect(n.subject).toMatch(/^【第2報・続報】税務システム/);
    }
    expect((await timeline(state, BACKDOOR_ID)).filter((e) => e.what === 'update-posted')).toEqual([
      expect.objectContaining({ by: 'suzuki', note: '住民の情報が外部に送られた形跡は見つかっていません。' }),
    ]);
  });

  it('update of an open outage sends the next report to the municipality the router already told', async () => {
    const state = aState();
    const updated = await act(
      state,
      'update',
      LAMBDA_OSAKA_OUTAGE,
      '--by',
      'sato',
      '--message',
      '福祉システムの一部の画面が表示されにくくなっています。',
    );
    expect(updated.status, updated.stderr).toBe(0);
    expect(printed(updated.stdout)).toEqual([
      {
        receiver: 'city-aoba',
        audience: 'municipality',
        kind: 'update',
        subject: expect.stringMatching(/^【第2報・続報】福祉システム/),
      },
    ]);
  });

  describe('a refused action: exit 1, one clear line on stderr, nothing sent and nothing stored', () => {
    it.each([
      [
        'an unknown incident id',
        ['share', 'INC-000000000000-1', '--by', 'sato'],
        /^alert-router: no current incident "INC-000000000000-1" in this store$/,
      ],
      [
        'an unknown fingerprint',
        ['update', 'guardduty:999999999999:ap-northeast-1:nope', '--by', 'sato', '--message', 'x'],
        /no current incident "guardduty:999999999999:ap-northeast-1:nope"/,
      ],
      [
        'a share of a resolved incident',
        ['share', EC2_TOKYO_OUTAGE, '--by', 'sato'],
        new RegExp(`^alert-router: share: ${EC2_TOKYO_OUTAGE} is already resolved; nothing was sent$`),
      ],
      [
        'an update of a resolved incident',
        ['update', EC2_TOKYO_OUTAGE, '--by', 'sato', '--message', '復旧しました'],
        new RegExp(`^alert-router: update: ${EC2_TOKYO_OUTAGE} is already resolved; nothing was sent$`),
      ],
      [
        'a share of an incident that is not security or compliance',
        ['share', LAMBDA_OSAKA_OUTAGE, '--by', 'sato'],
        /is a health incident; only security and compliance incidents are shared.*; nothing was sent$/,
      ],
      [
        'an update no municipality could receive: nothing was shared yet',
        ['update', BACKDOOR_ID, '--by', 'sato', '--message', '続報です'],
        new RegExp(`no municipality has been told of ${BACKDOOR_ID} yet; nothing was sent$`),
      ],
      [
        'a share by an ASP',
        ['share', BACKDOOR_ID, '--by', 'asp-a'],
        /^alert-router: share: only the team may do this; "asp-a" is an ASP; nothing was sent$/,
      ],
      [
        'a share by a municipality',
        ['share', BACKDOOR_ID, '--by', 'city-aoba'],
        /^alert-router: share: only the team may do this; "city-aoba" is a municipality; nothing was sent$/,
      ],
      [
        'an update by an ASP',
        ['update', LAMBDA_OSAKA_OUTAGE, '--by', 'asp-a', '--message', 'x'],
        /^alert-router: update: only the team may do this; "asp-a" is an ASP; nothing was sent$/,
      ],
      [
        'an update by a municipality',
        ['update', LAMBDA_OSAKA_OUTAGE, '--by', 'city-aoba', '--message', 'x'],
        /^alert-router: update: only the team may do this; "city-aoba" is a municipality; nothing was sent$/,
      ],
    ])('%s', async (_, args, message) => {
      // Prepare
      const state = aState();
      const before = readFileSync(state, 'utf8');

      // Act
      const { status, stdout, stderr } = await act(state, ...args);

      // Assess
      expect(status).toBe(1);
      expect(stdout).toBe('');
      expect(outputLines(stderr)).toEqual([expect.stringMatching(message)]);
      expect(readFileSync(state, 'utf8')).toBe(before);
    });

    it('a second share of the same incident: post an update instead', async () => {
      // Prepare
      const state = aState();
      expect((await act(state, 'share', BACKDOOR_ID, '--by', 'sato')).status).toBe(0);
      const before = readFileSync(state, 'utf8');

      // Act
      const { status, stdout, stderr } = await act(state, 'share', BACKDOOR_ID, '--by', 'suzuki');

      // Assess
      expect(status).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `alert-router: share: ${BACKDOOR_ID} was already shared with city-sakura, town-midori; post an update instead; nothing was sent\n`,
      );
      expect(readFileSync(state, 'utf8')).toBe(before);
    });
  });

  describe('bad usage: exit 2, the problem and the synopsis on stderr, nothing sent', () => {
    it.each([
      [['share', BACKDOOR_ID], /share: --by WHO is required/],
      [['share', BACKDOOR_ID, '--by', '  '], /share: --by WHO is required/],
      [['update', LAMBDA_OSAKA_OUTAGE, '--message', 'x'], /update: --by WHO is required/],
      [['update', LAMBDA_OSAKA_OUTAGE, '--by', 'sato'], /update: --message TEXT is required/],
      // An empty report is caught as bad usage before the store is opened (the engine refuses it too, for events).
      [
        ['update', LAMBDA_OSAKA_OUTAGE, '--by', 'sato', '--message', ''],
        /update: --message TEXT is required/,
      ],
      [
        ['update', LAMBDA_OSAKA_OUTAGE, '--by', 'sato', '--message', '   '],
        /update: --message TEXT is required/,
      ],
      [
        ['share', BACKDOOR_ID, '--by', 'sato', '--leak', 'maybe'],
        /--leak: "maybe" is not none, unknown or confirmed/,
      ],
      [
        ['share', BACKDOOR_ID, '--by', 'sato', '--next', 'soon'],
        /--next: "soon" is not a duration such as 60m/,
      ],
      [
        ['update', LAMBDA_OSAKA_OUTAGE, '--by', 'sato', '--message', 'x', '--next', '1 hour'],
        /--next: "1 hour" is not a duration/,
      ],
      [
        ['update', LAMBDA_OSAKA_OUTAGE, '--by', 'sato', '--message', 'x', '--leak', 'maybe'],
        /--leak: "maybe" is not none, unknown or confirmed/,
      ],
      [['share', '--by', 'sato'], /share: takes exactly one INCIDENT/],
      [
        ['update', BACKDOOR_ID, LAMBDA_OSAKA_OUTAGE, '--by', 'sato', '--message', 'x'],
        /takes exactly one INCIDENT/,
      ],
    ])('%j', async (args, message) => {
      // Prepare
      const state = aState();
      const before = readFileSync(state, 'utf8');

      // Act
      const { status, stdout, stderr } = await act(state, ...args);

      // Assess
      expect(status).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr).toContain(`alert-router ${args[0]} --help`);
      expect(readFileSync(state, 'utf8')).toBe(before);
    });

    it.each([
      'share',
      'update',
    ])('%s without --state or --store says to pass one, instead of "no incident"', async (command) => {
      const { status, stdout, stderr } = await run([
        command,
        BACKDOOR_ID,
        '--by',
        'sato',
        '--message',
        'x',
        '--config',
        CONFIG,
      ]);
      expect(status).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('--state FILE');
      expect(stderr).toContain('--store dynamodb');
    });
  });
});
