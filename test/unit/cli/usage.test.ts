import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot, outputLines, runCli as run } from '../../helpers/cli.js';

// DESIGN §9: every command has its own --help; bad usage is one clear message on stderr and exit status 2.

const CONFIG = fromRoot('events/config.example.yaml');
const GUARDDUTY = fromRoot('events/guardduty');

describe('--help', () => {
  it.each([
    ['explain', 'alert-router explain [--config FILE] [--json] PATH...'],
    ['replay', 'alert-router replay [--config FILE] [--json [--bodies] [--lifecycle]]'],
    ['ack', 'alert-router ack INCIDENT'],
    ['resolve', 'alert-router resolve INCIDENT'],
    [
      'share',
      'alert-router share INCIDENT --by WHO [--message TEXT] [--leak none|unknown|confirmed] [--next DURATION]',
    ],
    [
      'update',
      'alert-router update INCIDENT --by WHO --message TEXT [--leak none|unknown|confirmed] [--next DURATION]',
    ],
    [
      'incidents',
      'alert-router incidents (list [--open] [--receiver ID] | show INCIDENT | reindex) [--json]',
    ],
    ['validate-config', 'alert-router validate-config FILE'],
  ])('`%s --help` prints that command’s own help on stdout, exit 0', async (command, synopsis) => {
    // Act
    const { status, stdout, stderr } = await run([command, '--help']);

    // Assess
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain(synopsis);
    // Only this command: no other command's synopsis.
    const others = [
      'explain',
      'replay',
      'ack',
      'resolve',
      'share',
      'update',
      'incidents',
      'validate-config',
    ].filter((c) => c !== command);
    for (const other of others)
      expect(stdout).not.toMatch(new RegExp(`^(Usage: )?\\s*alert-router ${other} `, 'm'));
  });

  it('`-h` and `help COMMAND` print the same help as `COMMAND --help`', async () => {
    const long = await run(['replay', '--help']);
    expect((await run(['replay', '-h'])).stdout).toBe(long.stdout);
    expect((await run(['help', 'replay'])).stdout).toBe(long.stdout);
  });

  it('--help wins over anything else on the line (even an unknown option)', async () => {
    const { status, stdout } = await run(['explain', '--nope', 'x.json', '--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('alert-router explain');
  });

  it('`--help` alone lists every command on stdout, exit 0', async () => {
    const { status, stdout } = await run(['--help']);
    expect(status).toBe(0);
    for (const command of ['explain', 'replay', 'ack', 'share', 'update', 'incidents', 'validate-config'])
      expect(stdout).toContain(command);
  });
});

describe('usage errors', () => {
  it('suggests the closest option for an unknown one, on stderr with exit 2', async () => {
    // Act
    const { status, stdout, stderr } = await run(['explain', '--jsn', '--config', CONFIG, GUARDDUTY]);

    // Assess
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/unknown option --jsn/);
    expect(stderr).toMatch(/did you mean --json\?/);
    expect(stderr).toContain('alert-router explain --help');
  });

  it.each([
    ['replay', '--untill', '--until'],
    ['replay', '--confg', '--config'],
    ['ack', '--stat', '--state'],
  ])('`%s %s` suggests %s', async (command, typo, meant) => {
    const { status, stderr } = await run([command, typo, 'x']);
    expect(status).toBe(2);
    expect(stderr).toContain(`did you mean ${meant}?`);
  });

  it('suggests nothing when no option is close', async () => {
    const { status, stderr } = await run(['explain', '--verbose', GUARDDUTY]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/unknown option --verbose/);
    expect(stderr).not.toMatch(/did you mean/);
  });

  it('says which command takes an option given to another one', async () => {
    const { status, stderr } = await run(['explain', '--until', '2h', GUARDDUTY]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/--until is not an option of explain; it goes with replay/);
  });

  it('says an option needs a value, without Node’s wording', async () => {
    const { status, stderr } = await run(['explain', GUARDDUTY, '--config']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/--config needs a value/);
    expect(stderr).not.toMatch(/<value>|argument missing/);
  });

  it('is short: the problem, the synopsis and where to read more, not the whole manual', async () => {
    const { stderr } = await run(['replay', '--untill', '2h', GUARDDUTY]);
    expect(outputLines(stderr).length).toBeLessThanOrEqual(4);
  });

  it('writes the usage to stderr, not stdout, when no command is given (exit 2)', async () => {
    const { status, stdout, stderr } = await run([]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('alert-router explain');
  });

  it('suggests the closest command for an unknown one', async () => {
    const { status, stdout, stderr } = await run(['explian', GUARDDUTY]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/unknown command "explian"/);
    expect(stderr).toMatch(/did you mean explain\?/);
  });

  it('rejects --bodies without --json (the human timeline has no bodies)', async () => {
    const { status, stderr } = await run(['replay', '--bodies', '--config', CONFIG, GUARDDUTY]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/--bodies goes with --json/);
  });
});

describe('ack and resolve need a store that holds incidents', () => {
  it.each([
    'ack',
    'resolve',
  ])('`%s` without --state or --store says to pass one (exit 2), instead of "no incident"', async (command) => {
    // Act
    const { status, stdout, stderr } = await run([command, 'INC-9b97c1b729a3-1', '--config', CONFIG]);

    // Assess
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--state FILE');
    expect(stderr).toContain('--store dynamodb');
    expect(stderr).not.toMatch(/no current incident/);
  });

  it('says a --state file that does not exist is missing (exit 2), instead of "no incident"', async () => {
    const missing = join(tmpdir(), 'alert-router-no-such-state.json');
    const { status, stderr } = await run([
      'ack',
      'INC-9b97c1b729a3-1',
      '--state',
      missing,
      '--config',
      CONFIG,
    ]);
    expect(status).toBe(2);
    expect(stderr).toContain(`--state ${missing}: no such file`);
    expect(stderr).not.toMatch(/no current incident/);
  });
});
