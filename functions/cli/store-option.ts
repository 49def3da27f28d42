import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createDynamoIncidentStore,
  createIncidentTable,
} from '../../shared/adapters/aws/dynamodb-incident-store.js';
import { createMemoryIncidentStore } from '../../shared/adapters/memory/incident-store.js';
import type { Config } from '../../shared/config/registry.js';
import type { Store } from '../../shared/ports.js';
import { storeRegistryOptions } from '../../shared/storage/registry-options.js';

/** Where the CLI keeps incidents: in memory (optionally a JSON file) or in a DynamoDB table. */
export type StoreChoice =
  | { readonly kind: 'memory'; readonly stateFile?: string }
  | {
      readonly kind: 'dynamodb';
      readonly table: string;
      readonly endpoint?: string;
      readonly region?: string;
    };

/** Reads `--store`, `--state`, `--endpoint`, `--table`, `--region` into a choice, or a usage problem. */
export const storeChoice = (values: {
  store?: string;
  state?: string;
  endpoint?: string;
  table?: string;
  region?: string;
}): StoreChoice | string => {
  const kind = values.store ?? 'memory';
  if (kind === 'memory') {
    if (values.endpoint || values.table) return '--endpoint and --table go with --store dynamodb';
    return values.state ? { kind, stateFile: values.state } : { kind };
  }
  if (kind !== 'dynamodb') return `--store: "${kind}" is not memory or dynamodb`;
  if (!values.table) return '--store dynamodb needs --table NAME';
  if (values.state) return '--state goes with --store memory';
  return {
    kind,
    table: values.table,
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    ...(values.region ? { region: values.region } : {}),
  };
};

/**
 * Opens the store. For DynamoDB with `--endpoint` (DynamoDB Local), the table is created if missing and dummy
 * credentials are used (the emulator checks none); without an endpoint the usual AWS credential chain applies.
 */
export const openStore = async (choice: StoreChoice, config: Config): Promise<Store> => {
  const registry = storeRegistryOptions(config);
  if (choice.kind === 'memory')
    return createMemoryIncidentStore({
      aspOfAccount: registry.aspOfAccount,
      ...(choice.stateFile ? { file: choice.stateFile } : {}),
    });
  const client = new DynamoDBClient({
    region: choice.region ?? 'ap-northeast-1',
    ...(choice.endpoint
      ? { endpoint: choice.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  if (choice.endpoint) await createIncidentTable(client, choice.table);
  return createDynamoIncidentStore({
    client: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    tableName: choice.table,
    ...registry,
  });
};
