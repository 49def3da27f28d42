import { parseDocument } from 'yaml';
import { ConfigInvalidError, type Problem } from '../errors.js';
import { jsonSyntaxReason } from '../json-syntax.js';
import type { Config } from './registry.js';
import { validateConfig } from './validate.js';

/**
 * Parses config text (YAML, or JSON when `format` says so; YAML is a superset, but JSON errors read better)
 * into a validated `Config`, or throws `ConfigInvalidError` listing every problem as `path: reason`.
 */
export const parseConfig = (text: string, format: 'yaml' | 'json' = 'yaml'): Config =>
  validateConfig(format === 'json' ? parseJson(text) : parseYaml(text));

/** The format a config file's name implies. */
export const configFormat = (fileName: string): 'yaml' | 'json' =>
  fileName.toLowerCase().endsWith('.json') ? 'json' : 'yaml';

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigInvalidError([{ path: '', reason: jsonSyntaxReason(text, error) }], {
      cause: error,
    });
  }
};

const parseYaml = (text: string): unknown => {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const problems: Problem[] = document.errors.map((error) => ({
      path: error.linePos ? `line ${error.linePos[0].line}` : '',
      reason: `not valid YAML: ${error.message.split('\n')[0]}`,
    }));
    throw new ConfigInvalidError(problems);
  }
  return document.toJS();
};
