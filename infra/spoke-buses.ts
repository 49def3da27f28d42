import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../shared/config/registry.js';
import type { BusShard } from './bus-shards.js';
import { HUB_REGION } from './constructs/hub-event-bus.js';

/** What the hub account is written as in the table when synth does not know it (`-c hubAccount=` not given). */
export const UNKNOWN_HUB_ACCOUNT = '<hub account id>';

/** One spoke account and the bus its spoke stacks target (their `HubEventBusArn` parameter). */
export type SpokeBus = {
  readonly account: string;
  readonly name: string;
  readonly asp: string;
  readonly shard: number;
  readonly busName: string;
  readonly busArn: string;
};

/** The table, in config order: what the team hands each ASP for its accounts. */
export const spokeBusTable = (
  config: Config,
  shards: readonly BusShard[],
  hubAccount: string = UNKNOWN_HUB_ACCOUNT,
): readonly SpokeBus[] => {
  const shardOf = new Map(
    shards.flatMap((shard) => shard.accounts.map((account) => [account.id, shard] as const)),
  );
  return config.accounts.map((account) => {
    const shard = shardOf.get(account.id);
    if (shard === undefined) throw new Error(`alert-router: account ${account.id} is on no hub bus`);
    return {
      account: account.id,
      name: account.name,
      asp: account.asp,
      shard: shard.shard,
      busName: shard.busName,
      busArn: `arn:aws:events:${HUB_REGION}:${hubAccount}:event-bus/${shard.busName}`,
    };
  });
};

const COLUMNS = ['account', 'name', 'asp', 'shard', 'busName', 'busArn'] as const;

const csvCell = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** CSV with a byte-order mark, so that Excel opens the Japanese names as UTF-8. */
export const spokeBusCsv = (rows: readonly SpokeBus[]): string =>
  `\uFEFF${[COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((c) => csvCell(row[c])).join(','))].join('\r\n')}\r\n`;

/**
 * Writes `spoke-buses.json` and `spoke-buses.csv` (every account: for the team) and `spoke-buses/<asp>.csv` (one
 * ASP's accounts: what that ASP is handed; an ASP never sees another ASP's accounts) into the cloud assembly.
 */
export const writeSpokeBuses = (
  outdir: string,
  config: Config,
  shards: readonly BusShard[],
  hubAccount?: string,
): readonly SpokeBus[] => {
  const rows = spokeBusTable(config, shards, hubAccount);
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, 'spoke-buses.json'), `${JSON.stringify(rows, null, 2)}\n`);
  writeFileSync(join(outdir, 'spoke-buses.csv'), spokeBusCsv(rows));
  const perAsp = join(outdir, 'spoke-buses');
  rmSync(perAsp, { recursive: true, force: true });
  mkdirSync(perAsp, { recursive: true });
  for (const asp of config.asps)
    writeFileSync(join(perAsp, `${asp.id}.csv`), spokeBusCsv(rows.filter((row) => row.asp === asp.id)));
  return rows;
};
