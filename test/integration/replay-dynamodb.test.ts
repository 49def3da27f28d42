import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli.js';
import { aTableName, connectDynamoLocal, DYNAMO_LOCAL_STARTUP_MS } from '../helpers/dynamodb.js';

const run = async (argv: string[]) => {
  let out = '';
  const status = await main(
    argv,
    { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true } },
    {},
  );
  return {
    status,
    lines: out
      .trim()
      .split('\n')
      .filter((line) => line.includes('"incident"')),
  };
};

describe('replaying events/ into DynamoDB Local (alert-router replay --store dynamodb)', () => {
  let endpoint = '';
  beforeAll(async () => {
    endpoint = (await connectDynamoLocal()).endpoint;
  }, DYNAMO_LOCAL_STARTUP_MS);

  it('sends exactly the notifications the in-memory replay sends, and creates the table itself', async () => {
    const table = aTableName('replay');
    const memory = await run(['replay', '--json', '--until', '2h', 'events/']);

    const dynamo = await run([
      'replay',
      '--json',
      '--until',
      '2h',
      '--store',
      'dynamodb',
      '--endpoint',
      endpoint,
      '--table',
      table,
      'events/',
    ]);

    expect(dynamo.status).toBe(memory.status);
    expect(dynamo.lines.length).toBeGreaterThan(40);
    expect(dynamo.lines).toEqual(memory.lines);
  }, 60_000);

  it('keeps the incidents: acknowledging one afterwards works against the same table', async () => {
    const table = aTableName('replay');
    await run([
      'replay',
      '--json',
      '--store',
      'dynamodb',
      '--endpoint',
      endpoint,
      '--table',
      table,
      'events/guardduty/critical-attack-sequence.json',
    ]);

    const acked = await run([
      'ack',
      'guardduty:333333333333:ap-northeast-1:c83e5a7f9b1d4c2e8a0f6b3d5e7c9a12',
      '--by',
      'team-lead',
      '--store',
      'dynamodb',
      '--endpoint',
      endpoint,
      '--table',
      table,
    ]);
    const again = await run([
      'ack',
      'guardduty:333333333333:ap-northeast-1:c83e5a7f9b1d4c2e8a0f6b3d5e7c9a12',
      '--by',
      'team-lead',
      '--store',
      'dynamodb',
      '--endpoint',
      endpoint,
      '--table',
      table,
    ]);

    expect(acked.status).toBe(0);
    expect(again.status).toBe(1);
  }, 60_000);
});
