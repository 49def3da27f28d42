import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../../shared/config/load.js';
import type { Config } from '../../shared/config/registry.js';

const EXAMPLE = new URL('../../events/config.example.yaml', import.meta.url);

/** The example config's raw object, to modify per test. */
export const exampleConfigObject = (): Record<string, unknown> => parse(readFileSync(EXAMPLE, 'utf8'));

/** The receivers of the example config, spelled out so that tests check them against it. */
export const EXAMPLE_RECEIVERS = [
  'team-oncall',
  'team-lead',
  'asp-a',
  'asp-b',
  'asp-c',
  'city-aoba',
  'city-sakura',
  'town-midori',
] as const;

/** The example registry, optionally with top-level fields replaced (`{ routes: [...] }`). */
export const aConfig = (changes: Record<string, unknown> = {}): Config =>
  parseConfig(stringify({ ...exampleConfigObject(), ...changes }));

/** Parses a config written in YAML inside a test, the way route tests in Alertmanager embed theirs. */
export const configFromYaml = (yaml: string): Config => parseConfig(yaml);
