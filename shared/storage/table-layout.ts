/**
 * The incident table's layout: keys, indexes, projections and key attribute types, in one place with no SDK
 * import, read by the DynamoDB adapter (CreateTable) and the CDK construct (infra/constructs/incident-table.ts),
 * so the table that is deployed and the items that are written cannot drift.
 *
 * | item | pk | sk | attributes |
 * | --- | --- | --- | --- |
 * | incident (current episode) | `FP#<fingerprint>` | `INCIDENT` | `v` (the incident, compressed), `revision`, `incidentId`, `o` (its outbox: pending notifications and lifecycle events, by entry key), `marks`; `month` + `openedAt` + `accounts` (the console's and the report's index); `openAsp` while not resolved and an account is registered (an ASP's console list); `dueShard` + `dueAt` while a timer is due; `outboxShard` + `outboxAt` while an entry is pending; `expiresAt` once resolved |
 * | earlier episode (kept when the fingerprint reopened) | `FP#<fingerprint>` | `EPISODE#<incidentId>` | as the incident, never due; `expiresAt` |
 * | monthly report sent to a receiver (DESIGN §15) | `REPORT#<YYYY-MM>` | `RECEIVER#<receiver id>` | `state` (`sending` while claimed, `sent`), `claimedAt`, `expiresAt` |
 * | grouped delivery (storm control) | `INC#<incidentId>` | `DELIVERY#<deliveryId>` | `delivery` (map), `status`, `expiresAt`; `digestGroup` + `digestAt` and `outboxShard` + `outboxAt` while pending |
 * | storm-control group | `GROUP#<key>` | `GROUP` | `digest` (map), `revision`; `dueShard` + `dueAt` while a digest is due |
 *
 * Every index is sparse or small and projects only what its reader needs (a reader that needs the whole item
 * reads it by key after the query): an index write costs by the projected size, and an update that changes no
 * key or projected attribute writes no index at all.
 */

import { type Incident, isTeamOnly } from '../incident.js';
import { jstMonth } from '../month.js';

export type ProjectionSpec =
  | { readonly type: 'KEYS_ONLY' }
  | { readonly type: 'INCLUDE'; readonly attributes: readonly string[] };

export type IndexSpec = {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly projection: ProjectionSpec;
};

/** `byIncidentId`: ack links and `incidents show` find an episode by its id (keys only; then a GetItem). */
const byIncidentId = {
  indexName: 'byIncidentId',
  partitionKey: 'incidentId',
  projection: { type: 'KEYS_ONLY' },
} as const satisfies IndexSpec;

/**
 * `dueEscalations`: the sweeper's timers, one shard per kind (`DUE` incidents, `DIGEST` groups). A group's
 * state is small and projected; an incident is read by key.
 */
const dueEscalations = {
  indexName: 'dueEscalations',
  partitionKey: 'dueShard',
  sortKey: 'dueAt',
  projection: { type: 'INCLUDE', attributes: ['digest'] },
} as const satisfies IndexSpec;

/** `pendingOutbox`: items with an outbox entry still pending, by when it is overdue (the outbox sweep). */
const pendingOutbox = {
  indexName: 'pendingOutbox',
  partitionKey: 'outboxShard',
  sortKey: 'outboxAt',
  projection: { type: 'INCLUDE', attributes: ['delivery'] },
} as const satisfies IndexSpec;

/** `pendingByGroup`: grouped deliveries waiting for their group's digest, oldest first. */
const pendingByGroup = {
  indexName: 'pendingByGroup',
  partitionKey: 'digestGroup',
  sortKey: 'digestAt',
  projection: { type: 'INCLUDE', attributes: ['delivery'] },
} as const satisfies IndexSpec;

/**
 * `byMonth`: the console's open incidents and the monthly report's episodes (DESIGN §14, §15). Every incident and
 * earlier episode is in it once: partition `OPEN` while it is not resolved, else the JST month it resolved in
 * (`2026-11`); sort key `openedAt` (epoch ms of `firstSeen`). Open incidents, newest first, are one partition read
 * backwards; the episodes of month M are exactly `OPEN` and the months M…now, each with `openedAt` < end of M.
 * Projects `accounts`, so an ASP's or a municipality's list is filtered before any item is read. An update that
 * neither resolves nor changes the accounts writes no index; the resolve moves the entry (2 WRU).
 */
const byMonth = {
  indexName: 'byMonth',
  partitionKey: 'month',
  sortKey: 'openedAt',
  projection: { type: 'INCLUDE', attributes: ['accounts'] },
} as const satisfies IndexSpec;

/**
 * `openByAsp`: the incidents an ASP's (or its municipalities') console list looks at (DESIGN §14), so that list
 * reads its own few entries and not every open incident. Sparse: partition `openAsp` is the ASP of the incident's
 * registered accounts while it is not resolved, {@link SHARED_ASP} when they belong to several ASPs, and absent once
 * resolved, when no account is registered or when the incident is the team's alone (only the team sees those,
 * through `byMonth`); sort key `openedAt`;
 * projects `accounts`, which the reader filters on. It costs 1 WRU when an incident opens and 1 when it resolves.
 * Created in the release after `byMonth` (CloudFormation creates one index per table update).
 */
const openByAsp = {
  indexName: 'openByAsp',
  partitionKey: 'openAsp',
  sortKey: 'openedAt',
  projection: { type: 'INCLUDE', attributes: ['accounts'] },
} as const satisfies IndexSpec;

/** The `openByAsp` partition of incidents whose accounts belong to more than one ASP. */
export const SHARED_ASP = '*';

/**
 * The `openByAsp` partition of an incident: its ASP while it is not resolved (every registered account of one ASP),
 * {@link SHARED_ASP} when the accounts span ASPs, `undefined` when it is resolved, has no registered account or is the
 * team's alone ({@link isTeamOnly}).
 */
export const openAspOf = (
  incident: Pick<Incident, 'state' | 'accounts' | 'flags'>,
  aspOfAccount: ((accountId: string) => string | undefined) | undefined,
): string | undefined => {
  if (incident.state === 'resolved' || aspOfAccount === undefined || isTeamOnly(incident)) return undefined;
  const asps = new Set(incident.accounts.flatMap((account) => aspOfAccount(account) ?? []));
  if (asps.size === 0) return undefined;
  return asps.size === 1 ? (asps.values().next().value as string) : SHARED_ASP;
};

/** The `byMonth` partition of incidents not yet resolved (open or acknowledged). */
export const OPEN_PARTITION = 'OPEN';

/** Where an episode sits in `byMonth`: its partition and sort key. */
export const monthEntry = (incident: {
  readonly state: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly resolvedAt?: string;
}): { readonly month: string; readonly openedAt: number } => ({
  month:
    incident.state === 'resolved'
      ? jstMonth(Date.parse(incident.resolvedAt ?? incident.lastSeen))
      : OPEN_PARTITION,
  openedAt: Date.parse(incident.firstSeen),
});

export const INCIDENT_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  byIncidentId,
  dueEscalations,
  pendingOutbox,
  pendingByGroup,
  byMonth,
  openByAsp,
  /** Every global secondary index, in creation order (a release adds at most one: test/infra/upgrade.test.ts). */
  indexes: [
    byIncidentId,
    dueEscalations,
    pendingOutbox,
    pendingByGroup,
    byMonth,
    openByAsp,
  ] as readonly IndexSpec[],
  /** Key attribute types, as CreateTable and CDK spell them. */
  attributeTypes: {
    pk: 'S',
    sk: 'S',
    incidentId: 'S',
    dueShard: 'S',
    dueAt: 'N',
    outboxShard: 'S',
    outboxAt: 'N',
    digestGroup: 'S',
    digestAt: 'N',
    month: 'S',
    openedAt: 'N',
    openAsp: 'S',
  },
} as const;

export type KeyAttribute = keyof typeof INCIDENT_TABLE.attributeTypes;
