import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { fromRoot, outputLines, PROJECT_ROOT as ROOT, runCli as run } from '../../helpers/cli.js';

// DESIGN §8–§9: `alert-router validate-config FILE`; config errors fail with the path and the reason, one line each.

const EXAMPLE = fromRoot('events/config.example.yaml');

/** The example config as an object, to break in one test. */
const example = (): Record<string, any> =>
  parse(readFileSync(join(ROOT, 'events/config.example.yaml'), 'utf8'));

describe('validate-config', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'alert-router-config-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, config: Record<string, any>): string => {
    const file = join(dir, name);
    writeFileSync(file, stringify(config));
    return file;
  };

  it('accepts the example config with exit status 0 and says OK', async () => {
    // Act
    const { status, stdout, stderr } = await run(['validate-config', EXAMPLE]);

    // Assess
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(outputLines(stdout)).toHaveLength(1);
    expect(stdout).toContain(EXAMPLE);
    expect(stdout).toMatch(/\bOK\b/);
  });

  it('prints one "path: reason" line per broken reference and exits with status 2 (a bad config, DESIGN §9)', async () => {
    // Prepare
    const config = example();
    config.accounts[0].asp = 'asp-x';
    config.accounts[1].municipalities = ['city-sakura', 'city-zz'];
    config.accounts[3].reportsFor = ['999999999999'];
    config.silences[0].endsAt = '2026-11-27T17:00:00+09:00';
    const file = write('broken-references.yaml', config);

    // Act
    const { status, stdout, stderr } = await run(['validate-config', file]);

    // Assess
    expect(status).toBe(2);
    expect(stdout).toBe('');
    const lines = outputLines(stderr);
    expect(lines.map((line) => line.slice(`${file}: `.length)).sort()).toEqual(
      [
        'accounts[0].asp: unknown ASP "asp-x"',
        'accounts[1].municipalities[1]: unknown municipality "city-zz"',
        'accounts[3].reportsFor[0]: unknown account "999999999999"',
        'silences[0].endsAt: must be after startsAt',
      ].sort(),
    );
    for (const line of lines) expect(line.startsWith(`${file}: `)).toBe(true);
  });

  it.each([
    [
      'an account id that is not 12 digits',
      (config: Record<string, any>) => {
        config.accounts[2].id = '12345';
      },
      /^accounts\[2\]\.id: .*12-digit/,
    ],
    [
      'a language no renderer speaks',
      (config: Record<string, any>) => {
        config.asps[1].language = 'fr';
      },
      /^asps\[1\]\.language: /,
    ],
    [
      'an escalation wait that is not a duration',
      (config: Record<string, any>) => {
        config.escalation.HIGH.ackWithin = 'soon';
      },
      /^escalation\.HIGH\.ackWithin: .*duration/,
    ],
  ])('names the path of %s, in one line', async (_case, change, expected) => {
    // Prepare
    const config = example();
    change(config);
    const file = write('broken-shape.yaml', config);

    // Act
    const { status, stderr } = await run(['validate-config', file]);

    // Assess
    expect(status).toBe(2);
    const lines = outputLines(stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.slice(`${file}: `.length)).toMatch(expected);
  });

  it('reports a file that does not exist in one line, in words, with exit status 2', async () => {
    // Act
    const missing = join(dir, 'no-such-config.yaml');
    const { status, stderr } = await run(['validate-config', missing]);

    // Assess
    expect(status).toBe(2);
    expect(outputLines(stderr)).toEqual([`${missing}: no such file or folder`]);
  });

  it('rejects a call without a file as a usage error (exit status 2)', async () => {
    const { status, stderr } = await run(['validate-config']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/validate-config/);
  });
});
