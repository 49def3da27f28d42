import { genericEntry } from './entries/generic.js';
import { guarddutyEntries } from './entries/guardduty.js';
import { healthEntries } from './entries/health.js';
import { inspectorEntries } from './entries/inspector.js';
import { rootEntries } from './entries/root.js';
import { securityhubEntries } from './entries/securityhub.js';
import type { FirstResponseEntry } from './schema.js';

/** Every first-response entry, by source; the schema test holds each to `firstResponseEntrySchema`. */
export const FIRST_RESPONSE_CATALOGUE: readonly FirstResponseEntry[] = [
  ...guarddutyEntries,
  ...securityhubEntries,
  ...inspectorEntries,
  ...healthEntries,
  ...rootEntries,
  genericEntry,
];
