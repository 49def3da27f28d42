import type { ParsedConfig } from '../config/schema.js';
import { type CompiledRoute, compileRoutes } from './routes.js';
import { type CompiledSilence, compileSilences } from './silences.js';

/**
 * Routes and silences with their matchers compiled (globs become regexes), once per config: every alert is
 * matched against all of them. Kept here, beside the matchers, so the config layer knows nothing of routing.
 */
const compiled = new WeakMap<
  ParsedConfig,
  { readonly routes: readonly CompiledRoute[]; readonly silences: readonly CompiledSilence[] }
>();

const compiledOf = (config: ParsedConfig) => {
  let found = compiled.get(config);
  if (found === undefined) {
    found = { routes: compileRoutes(config.routes), silences: compileSilences(config.silences) };
    compiled.set(config, found);
  }
  return found;
};

export const routesOf = (config: ParsedConfig): readonly CompiledRoute[] => compiledOf(config).routes;

export const silencesOf = (config: ParsedConfig): readonly CompiledSilence[] => compiledOf(config).silences;
