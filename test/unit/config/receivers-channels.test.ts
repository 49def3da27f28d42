import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  CHANNEL_NAMES,
  channelsOf,
  secretNamesFor,
  topicChannels,
  webhookChannels,
} from '../../../shared/config/channels.js';
import { readConfigFile } from '../../../shared/config/file.js';
import { parseConfig } from '../../../shared/config/load.js';
import { ConfigInvalidError } from '../../../shared/errors.js';
import { outputLines, PROJECT_ROOT, runCli } from '../../helpers/cli.js';
import { exampleConfigObject } from '../../helpers/config.js';

// DESIGN §13: `receivers: {<receiver id>: {channels: [...]}}`, and every bad item named by its path.

const SLACK = { workspaceId: 'T0123456789', channelId: 'C0123456789' };
const TEAMS = {
  tenantId: '11111111-2222-3333-4444-555555555555',
  teamId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  channelId: '19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2',
};

/** The example config with a `receivers` block. */
const withReceivers = (receivers: unknown) => parseConfig(stringify({ ...exampleConfigObject(), receivers }));

/** The `path: reason` lines a `receivers` block fails with. */
const problemsOf = (receivers: unknown): string[] => {
  try {
    withReceivers(receivers);
  } catch (error) {
    if (error instanceof ConfigInvalidError) return error.message.split('\n');
    throw error;
  }
  throw new Error('the config was accepted');
};

describe('channelsOf', () => {
  it('gives email to a receiver the config says nothing about', () => {
    // Prepare
    const config = withReceivers({ 'team-oncall': { channels: ['sms'] } });

    // Act & Assess
    expect(channelsOf(config, 'asp-a')).toEqual([{ kind: 'email' }]);
    expect(channelsOf(config, 'city-aoba')).toEqual([{ kind: 'email' }]);
    expect(channelsOf(config, 'team-oncall')).toEqual([{ kind: 'sms' }]);
  });

  it('parses every form into a ReceiverChannel, in config order', () => {
    // Prepare
    const config = withReceivers({
      'team-oncall': {
        channels: [
          { email: { to: ['oncall@example.jp', 'lead@example.jp'] } },
          { sms: { to: ['+819012345678'] } },
          { chatbot: { slack: SLACK } },
          { chatbot: { teams: TEAMS } },
          { slack: { secret: 'alert-router/slack-team' } },
          { teams: { secret: 'alert-router/teams-team' } },
        ],
      },
      'asp-a': { channels: ['email', 'sms', 'chatbot'] },
      'city-aoba': { channels: [{ email: null }] },
    });

    // Act
    const team = channelsOf(config, 'team-oncall');

    // Assess
    expect(team).toEqual([
      { kind: 'email', to: ['oncall@example.jp', 'lead@example.jp'] },
      { kind: 'sms', to: ['+819012345678'] },
      { kind: 'chatbot', slack: SLACK },
      { kind: 'chatbot', teams: TEAMS },
      { kind: 'slack', secret: 'alert-router/slack-team' },
      { kind: 'teams', secret: 'alert-router/teams-team' },
    ]);
    expect([...new Set(team.map((channel) => channel.kind))]).toEqual(CHANNEL_NAMES);
    expect(channelsOf(config, 'asp-a')).toEqual([{ kind: 'email' }, { kind: 'sms' }, { kind: 'chatbot' }]);
    expect(channelsOf(config, 'city-aoba')).toEqual([{ kind: 'email' }]);
  });

  it('splits topic channels from webhooks and lists each webhook secret once', () => {
    // Prepare
    const config = withReceivers({
      'team-oncall': { channels: ['email', { slack: { secret: 'shared-slack' } }] },
      'asp-a': { channels: [{ teams: { secret: 'asp-a/teams' } }, { slack: { secret: 'shared-slack' } }] },
    });

    // Act & Assess
    expect(topicChannels(config, 'team-oncall')).toEqual([{ kind: 'email' }]);
    expect(topicChannels(config, 'asp-a')).toEqual([]);
    expect(webhookChannels(config, 'asp-a')).toEqual([
      { kind: 'teams', secret: 'asp-a/teams' },
      { kind: 'slack', secret: 'shared-slack' },
    ]);
    expect(webhookChannels(config, 'asp-b')).toEqual([]);
    expect(secretNamesFor(config)).toEqual(['asp-a/teams', 'shared-slack']);
  });

  it('reads every form from events/config.channels.example.yaml', () => {
    // Act
    const config = readConfigFile(join(PROJECT_ROOT, 'events/config.channels.example.yaml'));

    // Assess
    const kinds = [...config.receiversById.keys()].flatMap((id) => channelsOf(config, id).map((c) => c.kind));
    expect(new Set(kinds)).toEqual(new Set(CHANNEL_NAMES));
    expect(secretNamesFor(config)).toEqual(['alert-router/asp-a-slack', 'alert-router/asp-c-teams']);
  });

  it('keeps the example config valid without receivers', () => {
    const { receivers: _, ...rest } = exampleConfigObject();
    expect(parseConfig(stringify(rest)).receivers).toEqual({});
  });
});

describe('receivers validation', () => {
  it.each([
    [
      'an unknown receiver id',
      { 'asp-x': { channels: ['email'] } },
      ['receivers.asp-x: unknown receiver "asp-x" (a team level, an ASP id or a municipality id)'],
    ],
    [
      'an empty channel list',
      { 'asp-a': { channels: [] } },
      [/^receivers\.asp-a\.channels: must list at least one channel/],
    ],
    [
      'a bad email address',
      { 'team-oncall': { channels: [{ email: { to: ['oncall@example.jp', 'oncall.example.jp'] } }] } },
      [/^receivers\.team-oncall\.channels\[0\]\.email\.to\[1\]: must be an email address/],
    ],
    [
      'a domestic phone number',
      { 'team-oncall': { channels: [{ sms: { to: ['090-1234-5678'] } }] } },
      [/^receivers\.team-oncall\.channels\[0\]\.sms\.to\[0\]: must be an E\.164 phone number such as \+81/],
    ],
    [
      'an empty address list',
      { 'team-oncall': { channels: [{ sms: { to: [] } }] } },
      [/^receivers\.team-oncall\.channels\[0\]\.sms\.to: must list at least one address/],
    ],
    [
      'a bare webhook without its secret',
      { 'asp-a': { channels: ['slack'] } },
      [/^receivers\.asp-a\.channels\[0\]: must be \{slack: \{secret: <secret name>\}\}/],
    ],
    [
      'an unknown channel',
      { 'asp-a': { channels: ['fax'] } },
      [/^receivers\.asp-a\.channels\[0\]: must be email, sms or chatbot/],
    ],
    [
      'two channels in one item',
      { 'asp-a': { channels: [{ email: null, sms: null }] } },
      [/^receivers\.asp-a\.channels\[0\]: must name exactly one channel/],
    ],
    [
      'a chatbot item without a channel configuration',
      { 'asp-a': { channels: [{ chatbot: {} }] } },
      [/^receivers\.asp-a\.channels\[0\]\.chatbot: must name one channel configuration/],
    ],
    [
      'a Slack workspace id in lower case',
      { 'asp-a': { channels: [{ chatbot: { slack: { ...SLACK, workspaceId: 'my-workspace' } } }] } },
      [/^receivers\.asp-a\.channels\[0\]\.chatbot\.slack\.workspaceId: must be a Slack workspace id/],
    ],
    [
      'a Teams channel id that is not URL-encoded',
      { 'asp-a': { channels: [{ chatbot: { teams: { ...TEAMS, channelId: '19:abc@thread.tacv2' } } }] } },
      [/^receivers\.asp-a\.channels\[0\]\.chatbot\.teams\.channelId: must be the Teams channel id/],
    ],
    [
      'a secret ARN instead of a name',
      {
        'asp-a': {
          channels: [{ slack: { secret: 'arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:x' } }],
        },
      },
      [/^receivers\.asp-a\.channels\[0\]\.slack\.secret: must be the name of an AWS Secrets Manager secret/],
    ],
  ])('names the path of %s', (_case, receivers, expected) => {
    // Act
    const problems = problemsOf(receivers);

    // Assess
    expect(problems).toHaveLength(expected.length);
    for (const [i, line] of expected.entries()) {
      if (typeof line === 'string') expect(problems[i]).toBe(line);
      else expect(problems[i]).toMatch(line);
    }
  });

  it.each([
    ['email twice', ['email', { email: { to: ['a@example.jp'] } }]],
    ['sms twice', [{ sms: { to: ['+819012345678'] } }, 'sms']],
    ['bare chatbot beside a configured one', [{ chatbot: { slack: SLACK } }, 'chatbot']],
    ['one Slack channel configured twice', [{ chatbot: { slack: SLACK } }, { chatbot: { slack: SLACK } }]],
    ['one webhook secret twice', [{ teams: { secret: 'x' } }, { teams: { secret: 'x' } }]],
  ])('rejects %s, naming both places', (_case, channels) => {
    expect(problemsOf({ 'team-oncall': { channels } })).toEqual([
      'receivers.team-oncall.channels[1]: the same channel is already listed at receivers.team-oncall.channels[0]',
    ]);
  });

  it('accepts several chat channels of one receiver when they differ', () => {
    const config = withReceivers({
      'team-oncall': {
        channels: [
          { chatbot: { slack: SLACK } },
          { chatbot: { slack: { ...SLACK, channelId: 'C9999999999' } } },
          { chatbot: { teams: TEAMS } },
          { slack: { secret: 'a' } },
          { slack: { secret: 'b' } },
        ],
      },
    });
    expect(channelsOf(config, 'team-oncall')).toHaveLength(5);
  });

  it('rejects an address listed twice without repeating it (personal data)', () => {
    // Act
    const problems = problemsOf({
      'team-oncall': {
        channels: [{ email: { to: ['Oncall@example.jp', 'x@example.jp', 'oncall@example.jp'] } }],
      },
    });

    // Assess
    expect(problems).toEqual([
      'receivers.team-oncall.channels[0].email.to[2]: the same address is already listed at receivers.team-oncall.channels[0].email.to[0]',
    ]);
    expect(problems.join('\n')).not.toContain('example.jp');
  });

  it('never repeats a bad address or phone number in its message', () => {
    const problems = problemsOf({
      'team-oncall': {
        channels: [{ email: { to: ['taro.yamada@@example.jp'] } }, { sms: { to: ['09011112222'] } }],
      },
    });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).not.toMatch(/yamada|09011112222/);
  });

  it.each([
    [
      'as the secret',
      { 'asp-a': { channels: [{ slack: { secret: 'https://hooks.slack.com/services/T0/B0/xyz' } }] } },
      ['receivers.asp-a.channels[0].slack.secret'],
    ],
    [
      'in a field of its own',
      { 'asp-a': { channels: [{ teams: { url: 'https://example.webhook.office.com/workflows/1' } }] } },
      ['receivers.asp-a.channels[0].teams.url'],
    ],
    [
      'as a bare item, over plain http',
      { 'team-oncall': { channels: ['email', 'http://hooks.example.jp/x'] } },
      ['receivers.team-oncall.channels[1]'],
    ],
  ])('rejects a webhook URL %s, naming the path and pointing to Secrets Manager', (_case, receivers, paths) => {
    // Act
    const problems = problemsOf(receivers);

    // Assess
    const urlLines = problems.filter((line) => line.includes('must not be a URL'));
    expect(urlLines.map((line) => line.slice(0, line.indexOf(': ')))).toEqual(paths);
    for (const line of urlLines) expect(line).toMatch(/Secrets Manager/);
    // One line per URL: the schema's own complaint at the same path is not repeated.
    expect(new Set(problems.map((line) => line.slice(0, line.indexOf(': ')))).size).toBe(problems.length);
  });

  it('rejects a URL even when the rest of the receivers block is valid', () => {
    const problems = problemsOf({
      'team-oncall': { channels: ['email'] },
      'asp-a': { channels: [{ slack: { secret: 'HTTPS://hooks.slack.com/services/T0/B0/xyz' } }] },
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^receivers\.asp-a\.channels\[0\]\.slack\.secret: must not be a URL: .*Secrets Manager/,
      ),
    ]);
  });
});

describe('validate-config with receivers', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'alert-router-receivers-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, receivers: unknown): string => {
    const file = join(dir, name);
    writeFileSync(file, stringify({ ...exampleConfigObject(), receivers }));
    return file;
  };

  it('accepts every channel form with exit status 0', async () => {
    // Prepare
    const file = write('good.yaml', {
      'team-oncall': { channels: [{ email: { to: ['oncall@example.jp'] } }, { chatbot: { slack: SLACK } }] },
      'asp-a': { channels: ['email', { slack: { secret: 'alert-router/asp-a-slack' } }] },
      'city-aoba': { channels: [{ sms: { to: ['+819012345678'] } }] },
    });

    // Act
    const { status, stdout, stderr } = await runCli(['validate-config', file]);

    // Assess
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/\bOK\b/);
  });

  it('refuses a webhook URL and bad addresses with exit status 2, one "path: reason" line each', async () => {
    // Prepare
    const file = write('bad.yaml', {
      'team-oncall': { channels: [{ email: { to: ['oncall'] } }, 'email'] },
      'asp-a': { channels: [{ slack: { secret: 'https://hooks.slack.com/services/T0/B0/xyz' } }] },
      'asp-z': { channels: ['email'] },
    });

    // Act
    const { status, stdout, stderr } = await runCli(['validate-config', file]);

    // Assess
    expect(status).toBe(2);
    expect(stdout).toBe('');
    const lines = outputLines(stderr).map((line) => line.slice(`${file}: `.length));
    expect(lines).toEqual([
      expect.stringMatching(
        /^receivers\.asp-a\.channels\[0\]\.slack\.secret: must not be a URL: .*Secrets Manager/,
      ),
      expect.stringMatching(
        /^receivers\.team-oncall\.channels\[0\]\.email\.to\[0\]: must be an email address/,
      ),
    ]);
    expect(stderr).not.toContain('hooks.slack.com');
  });

  it('reports unknown receivers and duplicates once the shapes are right, with exit status 2', async () => {
    // Prepare
    const file = write('references.yaml', {
      'team-oncall': { channels: ['email', 'email'] },
      'asp-z': { channels: ['email'] },
    });

    // Act
    const { status, stderr } = await runCli(['validate-config', file]);

    // Assess
    expect(status).toBe(2);
    expect(outputLines(stderr).map((line) => line.slice(`${file}: `.length))).toEqual([
      'receivers.team-oncall.channels[1]: the same channel is already listed at receivers.team-oncall.channels[0]',
      'receivers.asp-z: unknown receiver "asp-z" (a team level, an ASP id or a municipality id)',
    ]);
  });
});
