import { expect } from 'vitest';
import { EnvelopeInvalidError, type Problem } from '../../shared/errors.js';
import type { Alert } from '../../shared/model.js';
import { normalizeEvent } from '../../shared/sources/index.js';

/** Every alert an event yields; fails the test when the event is ignored. */
export const alertsOf = (event: unknown): readonly Alert[] => {
  const result = normalizeEvent(event);
  if (result.kind !== 'alerts') throw new Error(`expected alerts, got ignored: ${result.reason}`);
  return result.alerts;
};

/** The one alert an event yields; fails the test when the event is ignored or yields several. */
export const alertOf = (event: unknown): Alert => {
  const alerts = alertsOf(event);
  expect(alerts).toHaveLength(1);
  return alerts[0] as Alert;
};

/** The problems an invalid event is rejected with; fails the test when it is not rejected as invalid. */
export const invalidIssues = (event: unknown): readonly Problem[] => {
  try {
    normalizeEvent(event);
  } catch (error) {
    if (error instanceof EnvelopeInvalidError) return error.issues;
    throw error;
  }
  throw new Error('expected EnvelopeInvalidError');
};
