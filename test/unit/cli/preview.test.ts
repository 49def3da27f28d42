import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CHANNEL_NAMES } from '../../../shared/config/channels.js';
import { channelPayload } from '../../../shared/render/channels/index.js';
import { fromRoot, jsonLines, runCli as run } from '../../helpers/cli.js';
import { loadEvent } from '../../helpers/events.js';
import { aHarness } from '../../helpers/harness.js';
import { allChannelsConfig, allChannelsConfigObject } from '../render/channels/corpus.js';
import {
  chatbotSchema,
  emailSchema,
  slackSchema,
  smsSchema,
  teamsSchema,
} from '../render/channels/platform-schemas.js';

// DESIGN §9 `preview [--config FILE] [--json] [--receiver ID] [--channel C] FILE...`, driven in-process through
// `main`: every message each receiver would get on each channel, exactly as sent.

type PayloadLine = { file: string; index?: number; receiver: string; channel: string; payload: unknown };
type Line = PayloadLine | { file: string; index?: number; error: string };

const EVENTS = fromRoot('events');
const MALFORMED = fromRoot('malformed-events');
const CRITICAL = fromRoot('events/guardduty/critical-attack-sequence.json');

let dir = '';
let CONFIG = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'preview-'));
  CONFIG = join(dir, 'all-channels.yaml');
  writeFileSync(CONFIG, stringify(allChannelsConfigObject()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEMAS = {
  email: () => emailSchema,
  sms: (language: 'ja' | 'en') => smsSchema(language),
  chatbot: () => chatbotSchema,
  slack: () => slackSchema,
  teams: () => teamsSchema,
};

describe('preview --json', () => {
  it('gives a valid payload for all five channels of every receiver, over every sample event', async () => {
    // Act
    const { status, stdout, stderr } = await run(['preview', '--json', '--config', CONFIG, EVENTS]);

    // Assess
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const lines = jsonLines<Line>(stdout);
    const payloads = lines.filter((line): line is PayloadLine => 'payload' in line);
    expect(payloads.length).toBe(lines.length);
    expect(new Set(payloads.map((line) => line.channel))).toEqual(new Set(CHANNEL_NAMES));
    expect(new Set(payloads.map((line) => line.receiver)).size).toBeGreaterThanOrEqual(5);
    for (const line of payloads) {
      expect(Object.keys(line).sort()).toEqual(
        ['channel', 'file', 'payload', 'receiver', ...('index' in line ? ['index'] : [])].sort(),
      );
      const language = line.receiver === 'asp-c' ? 'en' : 'ja';
      const result = SCHEMAS[line.channel as keyof typeof SCHEMAS](language).safeParse(line.payload);
      expect(result.success, `${line.file} ${line.receiver} ${line.channel}: ${result.error}`).toBe(true);
    }
  });

  it('prints exactly what the router sends', async () => {
    // Prepare: the same event through the real pipeline
    const h = aHarness(allChannelsConfig());
    await h.send(loadEvent('guardduty/critical-attack-sequence.json'));
    const sent = h.notifier.sent();

    // Act
    const { stdout } = await run(['preview', '--json', '--config', CONFIG, CRITICAL]);

    // Assess: the topic entry reaches email, SMS and chatbot (one SNS publish), each webhook entry its own channel
    const lines = jsonLines<PayloadLine>(stdout);
    const expected = sent.flatMap((n) => {
      const webhook = /~(slack|teams)$/.exec(n.deliveryId)?.[1] as 'slack' | 'teams' | undefined;
      const channels = webhook ? [webhook] : (['email', 'sms', 'chatbot'] as const);
      return channels.map((channel) => ({
        file: CRITICAL,
        receiver: n.receiver,
        channel,
        payload: channelPayload(n, channel),
      }));
    });
    expect(sent.length).toBe(6);
    expect(lines).toEqual(expected);
  });

  it('filters by receiver and by channel', async () => {
    // Act
    const { status, stdout } = await run([
      'preview',
      '--json',
      '--config',
      CONFIG,
      '--receiver',
      'team-oncall',
      '--channel',
      'slack',
      CRITICAL,
    ]);

    // Assess
    expect(status).toBe(0);
    const lines = jsonLines<PayloadLine>(stdout);
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatchObject({ receiver: 'team-oncall', channel: 'slack' });
  });

  it('uses the receiver’s configured channels (email alone by default)', async () => {
    // Act: the example config gives team-oncall email and chatbot, and nothing to the others
    const { stdout } = await run([
      'preview',
      '--json',
      '--config',
      fromRoot('events/config.example.yaml'),
      CRITICAL,
    ]);

    // Assess
    const lines = jsonLines<PayloadLine>(stdout);
    const byReceiver = (id: string) =>
      lines.filter((line) => line.receiver === id).map((line) => line.channel);
    expect(byReceiver('team-oncall')).toEqual(['email', 'chatbot']);
    expect(byReceiver('asp-c')).toEqual(['email']);
  });
});

describe('preview and tenant isolation (§7)', () => {
  it('shows an ASP nothing of another ASP’s alert', async () => {
    // Prepare: the finding is about asp-c's account
    const mine = await run(['preview', '--json', '--config', CONFIG, '--receiver', 'asp-c', CRITICAL]);

    // Act
    const other = await run(['preview', '--json', '--config', CONFIG, '--receiver', 'asp-a', CRITICAL]);

    // Assess
    expect(jsonLines<PayloadLine>(mine.stdout).length).toBe(CHANNEL_NAMES.length);
    expect(other.status).toBe(0);
    expect(other.stdout).toBe('');
  });

  it('never shows an ASP another ASP’s accounts, over every sample event', async () => {
    // Act
    const { stdout } = await run(['preview', '--json', '--config', CONFIG, '--receiver', 'asp-a', EVENTS]);

    // Assess
    const lines = jsonLines<PayloadLine>(stdout);
    expect(lines.length).toBeGreaterThan(0);
    const others = allChannelsConfig().accounts.filter((account) => account.asp !== 'asp-a');
    for (const line of lines) {
      expect(line.receiver).toBe('asp-a');
      for (const account of others) expect(JSON.stringify(line.payload)).not.toContain(account.id);
    }
  });
});

describe('preview, text and errors', () => {
  it('prints each receiver and channel, then the message', async () => {
    // Act
    const { status, stdout } = await run([
      'preview',
      '--config',
      CONFIG,
      '--receiver',
      'team-oncall',
      CRITICAL,
    ]);

    // Assess
    expect(status).toBe(0);
    expect(stdout).toContain('  team-oncall · email\n    Subject: [CRITICAL][発生] GuardDuty');
    expect(stdout).toContain('    | ■ 初動対応');
    expect(stdout).toContain('  team-oncall · slack\n    {');
    expect(stdout).toMatch(/5 messages, 0 ignored, 0 errors\n$/);
  });

  it.each([
    [['--receiver', 'asp-x'], /--receiver: "asp-x" is not a receiver/],
    [['--channel', 'fax'], /--channel: "fax" is not email, sms, chatbot, slack, teams/],
    [[], /needs at least one file or folder/],
  ])('refuses bad usage %j with exit status 2', async (args, message) => {
    // Act
    const { status, stderr, stdout } = await run([
      'preview',
      '--config',
      CONFIG,
      ...args,
      ...(args.length > 0 ? [CRITICAL] : []),
    ]);

    // Assess
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('reports unreadable events as error lines and exits 1 after the rest', async () => {
    // Act
    const { status, stdout } = await run(['preview', '--json', '--config', CONFIG, MALFORMED, CRITICAL]);

    // Assess
    expect(status).toBe(1);
    const lines = jsonLines<Line>(stdout);
    expect(lines.some((line) => 'error' in line)).toBe(true);
    expect(lines.some((line) => 'payload' in line && line.file === CRITICAL)).toBe(true);
  });
});
