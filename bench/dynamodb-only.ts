import { benchConfig } from './config.js';
import { benchDynamo } from './dynamodb.js';

/**
 * `npx tsx bench/dynamodb-only.ts`: section 3 of the bench alone (DynamoDB Local requests and capacity per
 * pipeline step), printed as one line per step; `npm run bench` runs it with the rest and writes the tables.
 */
const result = await benchDynamo(benchConfig());
for (const s of result.scenarios) {
  const requests = Object.entries(s.requests)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  process.stdout.write(
    `${s.scenario}: ${requests}; WRU ${s.writeUnits} (indexes ${s.writeUnitsIndexes}), RRU ${s.readUnits}` +
      `${s.target ? `; target ${s.target}: ${s.met ? 'met' : 'NOT met'}` : ''}\n`,
  );
}
