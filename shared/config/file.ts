import { readFileSync } from 'node:fs';
import { ConfigInvalidError } from '../errors.js';
import { configFormat, parseConfig } from './load.js';
import type { Config } from './registry.js';

/** Reads and validates a config file; the CLI, the Lambda packaging and the CDK app all start here. */
export const readConfigFile = (path: string): Config => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigInvalidError(
      [{ path: '', reason: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}` }],
      {
        cause: error,
      },
    );
  }
  return parseConfig(text, configFormat(path));
};
