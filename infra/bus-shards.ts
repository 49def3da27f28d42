import type { AccountConfig } from '../shared/config/schema.js';
import { BUS_POLICY_BUDGET_BYTES, busPolicySize, hubBusName } from './constructs/hub-event-bus.js';

/**
 * One hub bus and the accounts its policy admits. Shard 1 is the bus of a small registry, named as before
 * sharding (`alert-router-hub`); shard n ≥ 2 is `alert-router-hub-<n>`.
 */
export type BusShard = {
  readonly shard: number;
  readonly busName: string;
  readonly accounts: readonly AccountConfig[];
};

/** A 12-digit id of the same length as any account id: policy sizes depend on lengths only. */
const sampleIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => String(100_000_000_000 + i));

/**
 * How many accounts a shard's bus policy takes within {@link BUS_POLICY_BUDGET_BYTES}. Shard 1 takes exactly as many
 * as the single bus took before sharding, so a registry that synthesized then keeps every account on that bus.
 */
export const shardCapacity = (shard: number): number => {
  const name = hubBusName(shard);
  let low = 1;
  let high = 2_000;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (busPolicySize(sampleIds(mid), 'ap-northeast-1', name) <= BUS_POLICY_BUDGET_BYTES) low = mid;
    else high = mid - 1;
  }
  return low;
};

/**
 * Assigns every account to a hub bus by its position in `accounts`, so that appending an account never moves
 * another one:
 * - the account at position i (0-based, pinned accounts included) is on the shard whose range of positions holds i:
 *   shard 1 takes positions 0 … capacity(1) − 1, shard 2 the next capacity(2), and so on ({@link shardCapacity});
 * - an account with `busShard: n` is on shard n instead (a pin). Its position still counts, so pinning an account
 *   moves nobody else; a pin into a full shard stops synth when the policy is measured ({@link checkBusPolicySize}).
 *
 * Deleting an entry moves the first account of every later shard back one shard: pin those first (their shard is in
 * `cdk.out/spoke-buses.json`), then delete. Only shards with accounts get a bus.
 */
export const busShards = (accounts: readonly AccountConfig[]): readonly BusShard[] => {
  const members = new Map<number, AccountConfig[]>();
  let shard = 1;
  let end = shardCapacity(shard);
  accounts.forEach((account, position) => {
    while (position >= end) {
      shard += 1;
      end += shardCapacity(shard);
    }
    const target = account.busShard ?? shard;
    const list = members.get(target) ?? [];
    list.push(account);
    members.set(target, list);
  });
  return [...members.entries()]
    .sort(([a], [b]) => a - b)
    .map(([number, list]) => ({ shard: number, busName: hubBusName(number), accounts: list }));
};
