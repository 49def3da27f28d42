import type { Config } from '../config/registry.js';

const DAY_MS = 86_400_000;

/**
 * What a store takes from the registry, for every runtime alike (AWS functions, the CLI, the console): how long
 * resolved incidents are kept (`retention`, so a fiscal-year report can be made) and the ASP of an account (the
 * console's `openIncidents({ asp })`).
 */
export const storeRegistryOptions = (
  config: Config,
): {
  readonly retentionDays: number;
  readonly aspOfAccount: (accountId: string) => string | undefined;
} => ({
  retentionDays: config.retention / DAY_MS,
  aspOfAccount: (accountId) => config.accountsById.get(accountId)?.asp,
});
