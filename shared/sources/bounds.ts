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

/** A field of `T` that holds text (an optional one too). */
type TextField<T> = { [Field in keyof T]-?: NonNullable<T[Field]> extends string ? Field : never }[keyof T];

/** One field's bound: its most characters, and how a longer value is cut (`boundedKey` keeps identifiers apart). */
type Bound<T> = readonly [field: TextField<T>, max: number, cut: (value: string, max: number) => string];

const ALERT_BOUNDS: readonly Bound<Alert>[] = [
  ['fingerprint', KEY_MAX, boundedKey],
  ['accountId', REGION_MAX, boundedKey],
  ['region', REGION_MAX, clip],
  ['resource', RESOURCE_MAX, clip],
  ['type', TEXT_MAX, clip],
  ['title', TEXT_MAX, clip],
  ['eventId', KEY_MAX, boundedKey],
];

const HEALTH_BOUNDS: readonly Bound<HealthDetail>[] = [
  ['eventArn', KEY_MAX, boundedKey],
  ['service', REGION_MAX, clip],
  ['eventTypeCategory', REGION_MAX, clip],
  ['eventRegion', REGION_MAX, clip],
  ['communicationId', KEY_MAX, boundedKey],
];

const textOf = <T>(record: T, field: TextField<T>): string | undefined => record[field] as string | undefined;

/** Whether every bounded field of `record` is within its bound (an absent optional field is). */
const fits = <T>(record: T, bounds: readonly Bound<T>[]): boolean =>
  bounds.every(([field, max]) => (textOf(record, field)?.length ?? 0) <= max);

/** `record` with every bounded field cut to its bound (an absent optional field stays absent). */
const cut = <T extends object>(record: T, bounds: readonly Bound<T>[]): T => {
  const copy = { ...record } as Record<string, unknown>;
  for (const [field, max, cutValue] of bounds) {
    const value = textOf(record, field);
    if (value !== undefined) copy[field as string] = cutValue(value, max);
  }
  return copy as T;
};

const healthFits = (health: HealthDetail): boolean =>
  fits(health, HEALTH_BOUNDS) &&
  health.affectedEntities.length <= ENTITIES_MAX &&
  health.affectedEntities.every((entity) => entity.length <= RESOURCE_MAX);

const boundedHealth = (health: HealthDetail): HealthDetail => ({
  ...cut(health, HEALTH_BOUNDS),
  affectedEntities: health.affectedEntities
    .slice(0, ENTITIES_MAX)
    .map((entity) => clip(entity, RESOURCE_MAX)),
});

/**
 * Whether `boundedAlert` would change nothing, as for nearly every alert: looking is far cheaper than copying
 * an alert of any of seven shapes. Both read the same bounds.
 */
const alertFits = (alert: Alert): boolean =>
  fits(alert, ALERT_BOUNDS) &&
  alert.reasons.every((reason) => reason.length <= TEXT_MAX) &&
  (alert.health === undefined || healthFits(alert.health));

/** The alert with every field from the event within its bound; a well-formed alert is returned as it is. */
export const withinBounds = (alert: Alert): Alert => (alertFits(alert) ? alert : boundedAlert(alert));

const boundedAlert = (alert: Alert): Alert => ({
  ...cut(alert, ALERT_BOUNDS),
  reasons: alert.reasons.map((reason) => clip(reason, TEXT_MAX)),
  ...(alert.health === undefined ? {} : { health: boundedHealth(alert.health) }),
});
