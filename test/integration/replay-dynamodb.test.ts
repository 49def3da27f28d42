import { beforeAll, describe, expect, it } from 'vitest';
import { outputLines, runCli } from '../helpers/cli.js';
import { aTableName, connectDynamoLocal, DYNAMO_LOCAL_STARTUP_MS } from '../helpers/dynamodb.js';

/** The exit status and the notification lines of one run (stderr is not checked here). */
const run = async (argv: string[]) => {
  const { status, stdout } = await runCli(argv);
  return { status, lines: outputLines(stdout).filter((line) => line.includes('"incident"')) };
};

describe('replaying events/ into DynamoDB Local (alert-router replay --store dynamodb)', () => {
  let endpoint = '';
  beforeAll(async () => {
    endpoint = (await connectDynamoLocal()).endpoint;
  }, DYNAMO_LOCAL_STARTUP_MS);

  /** The options that point a command at `table` in DynamoDB Local. */
  const inTable = (table: string) => ['--store', 'dynamodb', '--endpoint', endpoint, '--table', table];

  it('sends exactly the notifications the in-memory replay sends, and creates the table itself', async () => {
    const table = aTableName('replay');
    const memory = await run(['replay', '--json', '--until', '2h', 'events/']);

    const dynamo = await run(['replay', '--json', '--until', '2h', ...inTable(table), 'events/']);

    expect(dynamo.status).toBe(memory.status);
    expect(dynamo.lines.length).toBeGreaterThan(40);
    expect(dynamo.lines).toEqual(memory.lines);
  }, 60_000);

  it('keeps the incidents: acknowledging one afterwards works against the same table', async () => {
    const table = aTableName('replay');
    await run(['replay', '--json', ...inTable(table), 'events/guardduty/critical-attack-sequence.json']);
    const ack = [
      'ack',
      'guardduty:333333333333:ap-northeast-1:c83e5a7f9b1d4c2e8a0f6b3d5e7c9a12',
      '--by',
      'team-lead',
      ...inTable(table),
    ];

    const acked = await run(ack);
    const again = await run(ack);

    expect(acked.status).toBe(0);
    expect(again.status).toBe(1);
  }, 60_000);
});
