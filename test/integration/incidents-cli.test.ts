import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli as run } from '../helpers/cli.js';
import { aTableName, connectDynamoLocal, DYNAMO_LOCAL_STARTUP_MS } from '../helpers/dynamodb.js';

// DESIGN §9, §11 (turn 2) on DynamoDB Local: `replay --json --lifecycle --store dynamodb` puts the same lifecycle
// events as the in-memory replay, and `incidents list|show --store dynamodb` read what it wrote as `--state` does.
// `share` and `update` (§12) send and record their numbered reports on the table as on a state file.

type Line = { at: string; incident?: string; 'detail-type'?: string; detail?: { eventId: string } };
type Listed = { incident: string; status: string };

const EVENTS = 'events/';

describe('incidents and lifecycle events through --store dynamodb (DynamoDB Local)', () => {
  let endpoint = '';
  /** Memory: the replay's lines, and the state file it wrote. */
  let memory: Line[];
  let state = '';
  /** DynamoDB: the replay's lines into a fresh table. */
  let dynamo: Line[];
  let table = '';
  const inTable = (name: string) => ['--store', 'dynamodb', '--endpoint', endpoint, '--table', name];

  beforeAll(async () => {
    endpoint = (await connectDynamoLocal()).endpoint;
    state = join(mkdtempSync(join(tmpdir(), 'alert-router-incidents-cli-')), 'state.json');
    const inMemory = await run([
      'replay',
      '--json',
      '--lifecycle',
      '--until',
      '2h',
      '--state',
      state,
      EVENTS,
    ]);
    expect(inMemory.status, inMemory.stderr).toBe(0);
    memory = jsonLines<Line>(inMemory.stdout);
    table = aTableName('incidents-cli');
    const inDynamo = await run([
      'replay',
      '--json',
      '--lifecycle',
      '--until',
      '2h',
      ...inTable(table),
      EVENTS,
    ]);
    dynamo = jsonLines<Line>(inDynamo.stdout);
    expect(inDynamo.stderr).toBe('');
    expect(inDynamo.status, JSON.stringify(dynamo.filter((line) => 'error' in line))).toBe(0);
  }, DYNAMO_LOCAL_STARTUP_MS + 60_000);

  const lifecycle = (lines: readonly Line[]) => lines.filter((line) => line['detail-type'] !== undefined);
  const key = (line: Line) => `${line.detail?.eventId} ${line['detail-type']}`;

  it('replay --json --lifecycle gives the same lines, lifecycle events included, as the in-memory replay', () => {
    expect(lifecycle(dynamo).length).toBeGreaterThan(20);
    expect(lifecycle(dynamo).map(key)).toEqual(lifecycle(memory).map(key));
    expect(dynamo).toEqual(memory);
  });

  it('gives the same lifecycle events when every input is delivered twice', async () => {
    const twice = await run([
      'replay',
      '--json',
      '--lifecycle',
      '--until',
      '2h',
      ...inTable(aTableName('incidents-cli-twice')),
      EVENTS,
      EVENTS,
    ]);
    expect(twice.status).toBe(0);
    expect(lifecycle(jsonLines<Line>(twice.stdout)).map(key).sort()).toEqual(
      lifecycle(memory).map(key).sort(),
    );
  }, 120_000);

  it('incidents list --json gives the incidents --state gives, with --open and --receiver too', async () => {
    for (const filter of [[], ['--open'], ['--receiver', 'asp-b']]) {
      const fromFile = await run(['incidents', 'list', '--json', ...filter, '--state', state]);
      const fromTable = await run(['incidents', 'list', '--json', ...filter, ...inTable(table)]);
      expect(fromTable.status, fromTable.stderr).toBe(0);
      // Incidents opened at the same moment may come in either order.
      const sorted = (text: string) =>
        jsonLines<Listed>(text).sort((a, b) => a.incident.localeCompare(b.incident));
      expect(sorted(fromTable.stdout).length, filter.join(' ')).toBeGreaterThan(2);
      expect(sorted(fromTable.stdout), filter.join(' ')).toEqual(sorted(fromFile.stdout));
    }
  }, 60_000);

  it('incidents show --json gives each incident and its timeline as --state gives them', async () => {
    const listed = jsonLines<Listed>((await run(['incidents', 'list', '--json', '--state', state])).stdout);
    expect(listed.length).toBeGreaterThan(20);
    for (const { incident } of listed) {
      const fromFile = await run(['incidents', 'show', incident, '--json', '--state', state]);
      const fromTable = await run(['incidents', 'show', incident, '--json', ...inTable(table)]);
      expect(fromTable.status, `${incident}: ${fromTable.stderr}`).toBe(0);
      expect(JSON.parse(fromTable.stdout), incident).toEqual(JSON.parse(fromFile.stdout));
    }
  }, 120_000);

  it('share and update work on the table: numbered reports to the account’s municipalities, kept on the timeline', async () => {
    // Prepare: a fresh table holding the GuardDuty finding of the shared account, not yet shared
    const own = aTableName('incidents-cli-share');
    const replayed = await run(['replay', '--json', ...inTable(own), 'events/guardduty/']);
    expect(replayed.status, replayed.stderr).toBe(0);
    const backdoor = 'guardduty:222222222222:ap-northeast-1:f1b3d5f7a9c14e2b8d0f6a4c2e0b9d37';
    const printed = (stdout: string) =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('  → '))
        .sort();

    // Act
    const shared = await run([
      'share',
      backdoor,
      '--by',
      'sato',
      '--message',
      '切り離しました',
      ...inTable(own),
    ]);
    const updated = await run([
      'update',
      backdoor,
      '--by',
      'sato',
      '--message',
      '調査中です',
      ...inTable(own),
    ]);
    const again = await run(['share', backdoor, '--by', 'sato', ...inTable(own)]);
    const byAsp = await run(['update', backdoor, '--by', 'asp-b', '--message', 'x', ...inTable(own)]);

    // Assess
    expect(shared.status, shared.stderr).toBe(0);
    expect(printed(shared.stdout)).toEqual([
      expect.stringMatching(/^ {2}→ city-sakura \(municipality\) trigger: 【第1報・情報共有】/),
      expect.stringMatching(/^ {2}→ town-midori \(municipality\) trigger: 【第1報・情報共有】/),
    ]);
    expect(updated.status, updated.stderr).toBe(0);
    expect(printed(updated.stdout)).toEqual([
      expect.stringMatching(/^ {2}→ city-sakura \(municipality\) update: 【第2報・続報】/),
      expect.stringMatching(/^ {2}→ town-midori \(municipality\) update: 【第2報・続報】/),
    ]);
    for (const refused of [again, byAsp]) {
      expect(refused.status).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/; nothing was sent\n$/);
    }
    const shown = await run(['incidents', 'show', backdoor, '--json', ...inTable(own)]);
    const timeline: Array<{ what: string; by?: string; receiver?: string }> = JSON.parse(
      shown.stdout,
    ).timeline;
    expect(timeline.filter((e) => e.what === 'shared' || e.what === 'update-posted')).toEqual([
      expect.objectContaining({ what: 'shared', by: 'sato', note: '切り離しました' }),
      expect.objectContaining({ what: 'update-posted', by: 'sato', note: '調査中です' }),
    ]);
  }, 60_000);

  it('incidents show of an unknown id is exit 1 with a clear message', async () => {
    const { status, stdout, stderr } = await run([
      'incidents',
      'show',
      'INC-000000000000-1',
      ...inTable(table),
    ]);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/no incident "INC-000000000000-1" in this store/);
  });

  it('incidents reindex: a table this release wrote needs nothing; a state file has no index; an operand is a usage error', async () => {
    const listed = jsonLines<Listed>((await run(['incidents', 'list', '--json', ...inTable(table)])).stdout);
    const inTableRun = await run(['incidents', 'reindex', ...inTable(table)]);
    expect(inTableRun.status, inTableRun.stderr).toBe(0);
    expect(inTableRun.stdout).toMatch(
      new RegExp(`インシデント ${listed.length} 件を確認し、0 件の索引を更新しました。`),
    );

    const inState = await run(['incidents', 'reindex', '--state', state]);
    expect(inState.status).toBe(0);
    expect(inState.stdout).toMatch(/索引はありません/);

    const extra = await run(['incidents', 'reindex', 'INC-000000000000-1', '--state', state]);
    expect(extra.status).toBe(2);
    expect(extra.stderr).toMatch(/reindex takes no operand/);
  }, 60_000);
});
