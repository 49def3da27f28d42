import { describe, expect, it } from 'vitest';
import { AWS_EVENTS_DIR, awsEventsAvailable } from '../../helpers/aws-events.js';

/** Issue 11 #14: tests that read `../shared/aws-events` must not pass silently in CI when it is missing. */
describe('locating the real AWS sample events', () => {
  const MISSING = '/nonexistent/shared/aws-events/';

  it('fails loudly in CI when the folder is missing', () => {
    expect(() => awsEventsAvailable(MISSING, { CI: 'true' })).toThrow(
      /real AWS sample events are missing: no folder at \/nonexistent\/shared\/aws-events\//,
    );
  });

  it('lets a local run skip those tests when the folder is missing', () => {
    expect(awsEventsAvailable(MISSING, {})).toBe(false);
  });

  it('finds the folder beside the checkout', () => {
    expect(AWS_EVENTS_DIR).toMatch(/shared\/aws-events\/?$/);
    expect(awsEventsAvailable(import.meta.dirname, { CI: 'true' })).toBe(true);
  });
});
