import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALERT_SOURCES, type AlertSource } from '../shared/model.js';
import { normalizeEvent } from '../shared/sources/index.js';
import { benchAccount, SAMPLE_ACCOUNTS } from './config.js';

export const EVENTS_DIR = fileURLToPath(new URL('../events/', import.meta.url));

/** The sources, in the order the report lists them (each is a folder of real-shaped samples in events/). */
/** The sources, in DESIGN §3 order (the model's own list). */
export const SOURCES = ALERT_SOURCES;
export type SourceName = AlertSource;

/** One sample event, as text, with what a variant must rewrite to be a distinct event of another account. */
export type Template = {
  readonly source: SourceName;
  readonly file: string;
  readonly text: string;
  readonly envelopeId: string;
  /** The parts of the alerts' dedup keys that name the findings (rewritten per variant). */
  readonly keyTokens: readonly string[];
};

/**
 * Every sample event of a source folder (a file holding an array gives one template per event), including the
 * ones the router ignores: real traffic has them too.
 */
export const loadTemplates = (source: SourceName): Template[] =>
  readdirSync(join(EVENTS_DIR, source))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => {
      const parsed: unknown = JSON.parse(readFileSync(join(EVENTS_DIR, source, name), 'utf8'));
      return (Array.isArray(parsed) ? parsed : [parsed]).map((event) => {
        const text = JSON.stringify(event);
        return {
          source,
          file: `${source}/${name}`,
          text,
          envelopeId: String((event as { id: unknown }).id),
          keyTokens: keyTokensOf(source, event, text),
        };
      });
    });

/**
 * The last segment of the alert's fingerprint (finding id, resource, alarm name, event ARN tail) when it occurs
 * in the event text and does not name an account: rewriting it makes a new finding. Sign-in incidents are keyed
 * by account and action only, so they vary by account alone.
 */
const keyTokensOf = (source: SourceName, event: unknown, text: string): string[] => {
  if (source === 'signin') return [];
  let fingerprints: string[];
  try {
    const normalized = normalizeEvent(event);
    fingerprints = normalized.kind === 'alerts' ? normalized.alerts.map((alert) => alert.fingerprint) : [];
  } catch {
    return [];
  }
  const tokens = fingerprints.map((fingerprint) => fingerprint.split(/[:/]/).pop() ?? '');
  return [...new Set(tokens)].filter(
    (token) => token.length >= 6 && text.includes(token) && !SAMPLE_ACCOUNTS.includes(token),
  );
};

/**
 * Variant `n` of a template: a new envelope id, a new finding (its key token suffixed) and the sample accounts
 * mapped onto accounts of the bench registry (consistently within the event, so ARNs and claims still agree).
 * `accounts` is how many registry accounts to spread over.
 */
export const variantText = (template: Template, n: number, accounts: number): string => {
  let text = template.text.replaceAll(
    `"${template.envelopeId}"`,
    `"bench-${n.toString(36)}-${template.envelopeId}"`,
  );
  for (const token of template.keyTokens) text = text.replaceAll(token, `${token}-b${n.toString(36)}`);
  SAMPLE_ACCOUNTS.forEach((account, k) => {
    if (text.includes(account)) text = text.replaceAll(account, benchAccount((n + k * 41) % accounts));
  });
  return text;
};

/** `count` distinct event strings of one source, cycling through its samples. */
export const scaledEvents = (source: SourceName, count: number, accounts = 200): string[] => {
  const templates = loadTemplates(source);
  return Array.from({ length: count }, (_, n) =>
    variantText(templates[n % templates.length] as Template, n, accounts),
  );
};
