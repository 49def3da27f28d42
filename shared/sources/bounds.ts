import { createHash } from 'node:crypto';
import type { Alert, HealthDetail } from '../model.js';
import { clip } from './read.js';

/**
 * The sizes every alert keeps, whatever its event carried: AWS identifiers are short (a finding id is 32
 * characters, an ARN at most 2,048), so a longer one is hostile or broken input. Without bounds, one such field
 * would fail the event on every retry further on: DynamoDB refuses a key over 2,048 bytes and an item over
 * 400 KB, and SNS a message over 256 KB.
 */
const KEY_MAX = 512;
const REGION_MAX = 64;
const TEXT_MAX = 300;
const RESOURCE_MAX = 2_048;
const ENTITIES_MAX = 100;

/**
 * An identifier cut to `max` characters with a SHA-256 of the whole value, so two long identifiers that
 * share a prefix stay two incidents (or two event ids): a plain cut would merge them.
 * @internal
 */
export const boundedKey = (value: string, max = KEY_MAX): string => {
  if (value.length <= max) return value;
  const digest = createHash('sha256').update(value).digest('hex');
  return `${clip(value, max - digest.length - 8)}~sha256:${digest}`;
};

const boundedHealth = (health: HealthDetail): HealthDetail => ({
  ...health,
  eventArn: boundedKey(health.eventArn),
  service: clip(health.service, REGION_MAX),
  eventTypeCategory: clip(health.eventTypeCategory, REGION_MAX),
  eventRegion: clip(health.eventRegion, REGION_MAX),
  ...(health.communicationId === undefined ? {} : { communicationId: boundedKey(health.communicationId) }),
  affectedEntities: health.affectedEntities
    .slice(0, ENTITIES_MAX)
    .map((entity) => clip(entity, RESOURCE_MAX)),
});

/** The alert with every field from the event within its bound; a well-formed alert is returned as it is. */
export const withinBounds = (alert: Alert): Alert => ({
  ...alert,
  fingerprint: boundedKey(alert.fingerprint),
  accountId: boundedKey(alert.accountId, REGION_MAX),
  region: clip(alert.region, REGION_MAX),
  resource: clip(alert.resource, RESOURCE_MAX),
  type: clip(alert.type, TEXT_MAX),
  title: clip(alert.title, TEXT_MAX),
  eventId: boundedKey(alert.eventId),
  reasons: alert.reasons.map((reason) => clip(reason, TEXT_MAX)),
  ...(alert.health === undefined ? {} : { health: boundedHealth(alert.health) }),
});
