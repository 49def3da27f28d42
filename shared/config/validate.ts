import { ConfigInvalidError, type Problem } from '../errors.js';
import { formatPath, zodProblems } from '../zod-problems.js';
import { looksLikeUrl, URL_IN_CONFIG_REASON } from './channels-schema.js';
import { checkReferences } from './check.js';
import { type Config, indexConfig } from './registry.js';
import { configSchema } from './schema.js';

/**
 * Validates a config already parsed from YAML or JSON: the schema, then the cross-references, every problem as
 * `path: reason` in one `ConfigInvalidError`. Kept apart from the YAML reader so the Lambda bundles, which read
 * the config as JSON, do not carry a YAML parser.
 */
export const validateConfig = (raw: unknown): Config => {
  const urls = urlsInReceivers(raw);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    // A URL's own line says what to do; the schema's complaint at the same path would only repeat it.
    const atUrl = new Set(urls.map((problem) => problem.path));
    const rest = zodProblems(parsed.error).filter((problem) => !atUrl.has(problem.path));
    throw new ConfigInvalidError([...urls, ...rest]);
  }
  const problems = [...urls, ...checkReferences(parsed.data)];
  if (problems.length > 0) throw new ConfigInvalidError(problems);
  return indexConfig(parsed.data);
};

/**
 * Every `http(s)://` string anywhere under `receivers`, whatever field holds it: a webhook URL is a credential and
 * the config is bundled beside the handlers, so it must be refused even in a field the schema does not know.
 */
const urlsInReceivers = (raw: unknown): Problem[] => {
  const found: Problem[] = [];
  const visit = (value: unknown, path: readonly PropertyKey[]): void => {
    if (typeof value === 'string') {
      if (looksLikeUrl(value)) found.push({ path: formatPath(path), reason: URL_IN_CONFIG_REASON });
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, [...path, i]);
    } else if (value !== null && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) {
        if (looksLikeUrl(key)) found.push({ path: formatPath([...path, key]), reason: URL_IN_CONFIG_REASON });
        else visit(item, [...path, key]);
      }
  };
  if (raw !== null && typeof raw === 'object' && 'receivers' in raw) visit(raw.receivers, ['receivers']);
  return found;
};
