import { hash } from 'node:crypto';
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
  const digest = hash('sha256', value);
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

const fits = (value: string, max: number): boolean => value.length <= max;

/** Whether `boundedHealth` would change nothing (the bounds it applies, checked in the same order). */
const healthFits = (health: HealthDetail): boolean =>
  fits(health.eventArn, KEY_MAX) &&
  fits(health.service, REGION_MAX) &&
  fits(health.eventTypeCategory, REGION_MAX) &&
  fits(health.eventRegion, REGION_MAX) &&
  (health.communicationId === undefined || fits(health.communicationId, KEY_MAX)) &&
  health.affectedEntities.length <= ENTITIES_MAX &&
  health.affectedEntities.every((entity) => fits(entity, RESOURCE_MAX));

/**
 * Whether `boundedAlert` would change nothing, as for nearly every alert: looking is far cheaper than copying
 * an alert of any of seven shapes. The bounds are the ones `boundedAlert` applies, in the same order.
 */
const alertFits = (alert: Alert): boolean =>
  fits(alert.fingerprint, KEY_MAX) &&
  fits(alert.accountId, REGION_MAX) &&
  fits(alert.region, REGION_MAX) &&
  fits(alert.resource, RESOURCE_MAX) &&
  fits(alert.type, TEXT_MAX) &&
  fits(alert.title, TEXT_MAX) &&
  fits(alert.eventId, KEY_MAX) &&
  alert.reasons.every((reason) => fits(reason, TEXT_MAX)) &&
  (alert.health === undefined || healthFits(alert.health));

/** The alert with every field from the event within its bound; a well-formed alert is returned as it is. */
export const withinBounds = (alert: Alert): Alert => (alertFits(alert) ? alert : boundedAlert(alert));

const boundedAlert = (alert: Alert): Alert => ({
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
