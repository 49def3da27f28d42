import type { AccountConfig } from '../config/schema.js';
import type { AlertSource, Category, Flag, Severity } from '../model.js';

/** What routes and silences match on: the alert after the trust check, with its account's registry entry. */
export type Subject = {
  readonly source: AlertSource;
  readonly category: Category;
  readonly type: string;
  readonly accountId: string;
  readonly account: AccountConfig | undefined;
  readonly region: string;
  readonly severity: Severity;
  readonly flags: readonly Flag[];
};
