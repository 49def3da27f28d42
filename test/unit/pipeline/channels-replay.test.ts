import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { fromRoot, jsonLines, runCli } from '../../helpers/cli.js';
import { exampleConfigObject } from '../../helpers/config.js';

// DESIGN §9 `replay --json`: one line per notification sent. Issue 14: a webhook's copy is a line of its own with
// `"channel"`; the topic's lines are exactly what they were.

type Line = Record<string, unknown> & { receiver?: string; channel?: string };

const EVENT = fromRoot('events/guardduty/high-exfiltration-1st.json');

const configWith = (receivers: Record<string, unknown>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'channels-replay-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, stringify({ ...exampleConfigObject(), receivers }));
  return file;
};

const replay = async (config: string, ...flags: string[]): Promise<Line[]> => {
  const run = await runCli(['replay', '--config', config, '--json', ...flags, EVENT]);
  expect(run.status).toBe(0);
  return jsonLines<Line>(run.stdout);
};

describe('replay --json with webhook channels', () => {
  it('adds one line per webhook with "channel", and leaves the topic lines unchanged', async () => {
    const plain = await replay(configWith({}));
    const hooks = await replay(
      configWith({
        'team-oncall': { channels: ['email', { slack: { secret: 'alert-router/team-slack' } }] },
        'asp-a': { channels: ['email', { teams: { secret: 'alert-router/asp-a-teams' } }] },
      }),
    );

    expect(hooks.filter((line) => line.channel === undefined)).toEqual(plain);
    const extra = hooks.filter((line) => line.channel !== undefined);
    expect(extra.map((line) => `${line.receiver}:${line.channel}`)).toEqual([
      'team-oncall:slack',
      'asp-a:teams',
    ]);
    for (const line of extra) {
      const { channel: _channel, ...rest } = line;
      expect(plain).toContainEqual(rest);
    }
  });

  it('prints a webhook-only receiver once, on its webhook', async () => {
    const lines = await replay(
      configWith({ 'asp-a': { channels: [{ slack: { secret: 'alert-router/asp-a-slack' } }] } }),
    );

    expect(lines.filter((line) => line.receiver === 'asp-a').map((line) => line.channel)).toEqual(['slack']);
  });

  it('never prints a secret name or a URL', async () => {
    const run = await runCli([
      'replay',
      '--config',
      configWith({ 'team-oncall': { channels: [{ slack: { secret: 'alert-router/team-slack' } }] } }),
      '--json',
      '--bodies',
      '--lifecycle',
      EVENT,
    ]);

    expect(run.stdout).toContain('"channel":"slack"');
    expect(run.stdout).not.toContain('alert-router/team-slack');
  });
});
