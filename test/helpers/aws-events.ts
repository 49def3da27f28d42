import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The real AWS sample events: read-only, kept outside the repository (`../shared/aws-events` beside the checkout;
 * `AWS_EVENTS_DIR` points elsewhere). Every test that reads them locates them here.
 */
export const AWS_EVENTS_DIR =
  process.env.AWS_EVENTS_DIR ?? fileURLToPath(new URL('../../../shared/aws-events/', import.meta.url));

/**
 * Whether the tests that read the real samples can run. A fresh clone on a laptop may not have the folder, and
 * those tests are skipped; CI (`CI` set) always has it, so there a missing folder fails loudly instead of letting
 * the tests pass without having checked anything.
 */
export const awsEventsAvailable = (
  dir: string = AWS_EVENTS_DIR,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean => {
  if (existsSync(dir)) return true;
  if (env.CI) {
    throw new Error(
      `The real AWS sample events are missing: no folder at ${dir}. CI must have them (set AWS_EVENTS_DIR if ` +
        'they live elsewhere); without them the tests that read them would pass having checked nothing.',
    );
  }
  return false;
};
