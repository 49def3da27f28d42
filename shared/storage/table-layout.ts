/**
 * The incident table's layout: keys, indexes, projections and key attribute types, in one place with no SDK
 * import, read by the DynamoDB adapter (CreateTable) and the CDK construct (infra/constructs/incident-table.ts),
 * so the table that is deployed and the items that are written cannot drift.
 *
 * | item | pk | sk | attributes |
 * | --- | --- | --- | --- |
 * | incident (current episode) | `FP#<fingerprint>` | `INCIDENT` | `v` (the incident, compressed), `revision`, `incidentId`, `o` (its outbox: pending notifications and lifecycle events, by entry key), `marks`; `dueShard` + `dueAt` while a timer is due; `outboxShard` + `outboxAt` while an entry is pending; `expiresAt` once resolved |
 * | earlier episode (kept when the fingerprint reopened) | `FP#<fingerprint>` | `EPISODE#<incidentId>` | as the incident, never due; `expiresAt` |
 * | grouped delivery (storm control) | `INC#<incidentId>` | `DELIVERY#<deliveryId>` | `delivery` (map), `status`, `expiresAt`; `digestGroup` + `digestAt` and `outboxShard` + `outboxAt` while pending |
 * | storm-control group | `GROUP#<key>` | `GROUP` | `digest` (map), `revision`; `dueShard` + `dueAt` while a digest is due |
 *
 * Every index is sparse or small and projects only what its reader needs (a reader that needs the whole item
 * reads it by key after the query): an index write costs by the projected size, and an update that changes no
 * key or projected attribute writes no index at all.
 */

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

export const INCIDENT_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  byIncidentId,
  dueEscalations,
  pendingOutbox,
  pendingByGroup,
  /** Every global secondary index, in creation order. */
  indexes: [byIncidentId, dueEscalations, pendingOutbox, pendingByGroup] as readonly IndexSpec[],
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
  },
} as const;

export type KeyAttribute = keyof typeof INCIDENT_TABLE.attributeTypes;
