import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot, jsonLines, outputLines, runCli as run } from '../../helpers/cli.js';

// DESIGN §8: bad input gets a clear error in words, and the rest is still processed (exit status 1).

const CONFIG = fromRoot('events/config.example.yaml');
const ALARM = fromRoot('events/cloudwatch/zeimu-batch-errors-alarm.json');

type ErrorLine = { file: string; index?: number; error: string };

describe('errors in event files and folders', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'alert-router-inputs-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const explainJson = async (...paths: string[]) => {
    const result = await run(['explain', '--json', '--config', CONFIG, ...paths]);
    return { ...result, lines: jsonLines<ErrorLine>(result.stdout) };
  };

  it('says a missing file is missing, in words: no errno code, no path twice, no dangling colon', async () => {
    // Prepare
    const missing = join(dir, 'x.json');

    // Act
    const { status, lines, stdout } = await explainJson(missing);
    const human = await run(['explain', '--config', CONFIG, missing]);

    // Assess
    expect(status).toBe(1);
    expect(lines).toEqual([{ file: missing, error: 'no such file or folder' }]);
    expect(`${stdout}${human.stdout}`).not.toMatch(/ENOENT|cannot read:/);
    expect(human.stdout.split(missing)).toHaveLength(2);
    expect(human.stdout).not.toMatch(/:\s*$/m);
  });

  it('gives the line and column of a JSON syntax error', async () => {
    // Prepare: a missing comma after line 3's value; the next key starts at line 4, column 3
    const file = join(dir, 'missing-comma.json');
    writeFileSync(file, '{\n  "version": "0",\n  "id": "a"\n  "source": "aws.guardduty"\n}\n');

    // Act
    const { status, lines } = await explainJson(file);

    // Assess
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.error).toMatch(/^not valid JSON at line 4, column 3: /);
    expect(lines[0]!.error).not.toMatch(/position/);
  });

  it('gives the line and column even where Node’s message has no position (an unexpected token)', async () => {
    // Prepare
    const file = join(dir, 'unexpected-token.json');
    writeFileSync(file, '{\n  "detail": }\n');

    // Act
    const { lines } = await explainJson(file);

    // Assess
    expect(lines[0]!.error).toMatch(/^not valid JSON at line 2, column 13: /);
    expect(lines[0]!.error).not.toContain('is not valid JSON');
  });

  it('says an empty file is empty', async () => {
    const file = join(dir, 'empty.json');
    writeFileSync(file, '  \n');
    const { status, lines } = await explainJson(file);
    expect(status).toBe(1);
    expect(lines).toEqual([{ file, error: 'the file is empty: no event' }]);
  });

  it('reads a file that starts with a byte order mark', async () => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, `\uFEFF${JSON.stringify({ id: 'x' })}`);
    const { lines } = await explainJson(file);
    expect(lines[0]!.error).not.toMatch(/JSON/);
  });

  it('reports a folder with no event file as an error (exit 1), not as 0 alerts', async () => {
    // Prepare: a folder whose only file is not .json, and its empty subfolder
    const empty = join(dir, 'no-events');
    mkdirSync(join(empty, 'sub'), { recursive: true });
    writeFileSync(join(empty, 'README.txt'), 'not an event');

    // Act
    const json = await explainJson(empty, ALARM);
    const human = await run(['explain', '--config', CONFIG, empty]);
    const replayed = await run(['replay', '--config', CONFIG, empty]);

    // Assess
    expect(json.status).toBe(1);
    expect(json.lines[0]).toEqual({ file: empty, error: 'no event files (*.json) in this folder' });
    expect(json.lines[1]).toMatchObject({ file: ALARM, accountId: '222222222222' });
    expect(human.status).toBe(1);
    expect(human.stdout).toContain('no event files (*.json) in this folder');
    expect(human.stdout).toMatch(/^0 alerts, 0 ignored, 1 error$/m);
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toContain('no event files (*.json) in this folder');
  });
});

describe('errors in the config file', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'alert-router-config-errors-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('says a missing config is missing, naming the path once (exit 2)', async () => {
    // Prepare
    const missing = join(dir, 'nope.yaml');

    // Act
    const { status, stderr } = await run(['explain', '--config', missing, ALARM]);

    // Assess
    expect(status).toBe(2);
    expect(outputLines(stderr)).toEqual([`${missing}: no such file or folder`]);
  });

  it('gives the line and column of a JSON config syntax error', async () => {
    // Prepare
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "version": 1,\n  "team": { "name": "x", }\n}\n');

    // Act
    const { status, stderr } = await run(['validate-config', file]);

    // Assess
    expect(status).toBe(2);
    expect(outputLines(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/not valid JSON at line 3, column 26: /);
  });
});
