import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createMemoryIncidentStore } from '../../../shared/adapters/memory/incident-store.js';
import { describeIncidentStoreContract } from '../../contract/incident-store.contract.js';

// The embedded store keeps the same contract as DynamoDB, in memory and backed by a JSON file (local replays).
describeIncidentStoreContract('memory', (options) => createMemoryIncidentStore(options));

const folder = mkdtempSync(join(tmpdir(), 'incident-store-'));
let files = 0;
describeIncidentStoreContract('memory, backed by a JSON file', (options) =>
  createMemoryIncidentStore({ ...options, file: join(folder, `store-${++files}.json`) }),
);
afterAll(() => rmSync(folder, { recursive: true, force: true }));
