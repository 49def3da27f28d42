import type { Alert } from '../model.js';
import { withinBounds } from './bounds.js';
import { cloudwatch } from './cloudwatch.js';
import { config } from './config.js';
import { type Envelope, parseEnvelope } from './envelope.js';
import { guardduty } from './guardduty.js';
import { health } from './health.js';
import { inspector } from './inspector.js';
import { securityhub } from './securityhub.js';
import { signin } from './signin.js';
import { type EventSource, ignored, type Normalized } from './source.js';

/**
 * The registry: the first source that accepts an event normalizes it. `signin` comes first because CloudTrail
 * delivers API calls under the called service's `source` (`aws.guardduty` for CreateSampleFindings), which must
 * never be read as that service's finding.
 */
export const SOURCES: readonly EventSource[] = [
  signin,
  guardduty,
  securityhub,
  health,
  inspector,
  config,
  cloudwatch,
];

/**
 * One event in, alerts or an ignore reason out; throws `EnvelopeInvalidError` for what cannot be read. Every
 * alert is cut to the sizes the stores and channels accept (`bounds.ts`).
 */
export const normalizeEvent = (input: unknown): Normalized & { readonly envelope: Envelope } => {
  const envelope = parseEnvelope(input);
  const source = SOURCES.find((candidate) => candidate.accepts(envelope));
  if (!source) {
    return {
      envelope,
      ...ignored(`no source reads "${envelope.source}" events of type "${envelope['detail-type']}"`),
    };
  }
  const normalized = source.normalize(envelope);
  return normalized.kind === 'alerts'
    ? { envelope, kind: 'alerts', alerts: normalized.alerts.map(withinBounds) }
    : { envelope, ...normalized };
};

export type { Envelope, EventSource, Normalized };
export type NormalizedAlerts = readonly Alert[];
