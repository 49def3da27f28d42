import { ConfigInvalidError } from '../errors.js';
import { zodProblems } from '../zod-problems.js';
import { checkReferences } from './check.js';
import { type Config, indexConfig } from './registry.js';
import { configSchema } from './schema.js';

/**
 * Validates a config already parsed from YAML or JSON: the schema, then the cross-references, every problem as
 * `path: reason` in one `ConfigInvalidError`. Kept apart from the YAML reader so the Lambda bundles, which read
 * the config as JSON, do not carry a YAML parser.
 */
export const validateConfig = (raw: unknown): Config => {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigInvalidError(zodProblems(parsed.error));
  const problems = checkReferences(parsed.data);
  if (problems.length > 0) throw new ConfigInvalidError(problems);
  return indexConfig(parsed.data);
};
