import '../zod-locale.js';
import * as z from 'zod/mini';
import { OWNERS } from '../model.js';

/**
 * The shape of one first-response (初動対応) entry: what a finding means in plain words, the first 3–5 steps, who
 * takes them and where AWS documents them, in Japanese and English. The catalogue is TypeScript data (it must live
 * inside the esbuild Lambda bundle); this schema is what the schema test holds every entry to.
 */

/** Hiragana, katakana or a CJK ideograph: Japanese text has at least one; English text has none. */
export const JAPANESE_CHARACTER = /[\u3040-\u30ff\u3400-\u9fff]/;

/** Only AWS's own documentation site, over HTTPS. */
export const AWS_DOCS_URL = /^https:\/\/docs\.aws\.amazon\.com\/[^\s]+$/;

/**
 * `{source}:{key}` as `explain` prints it: `guardduty:UnauthorizedAccess:IAMUser`, `securityhub:control:S3.8`,
 * `inspector:PACKAGE_VULNERABILITY`, `root:signin:ConsoleLogin`, or the single `generic` entry.
 */
const ENTRY_ID = /^(generic|(guardduty|securityhub|inspector|health|root):\S(.*\S)?)$/;

const japanese = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.regex(JAPANESE_CHARACTER, 'must be written in Japanese'),
  );

const english = z.string().check(
  z.trim(),
  z.minLength(1, 'must not be empty'),
  z.refine((text) => !JAPANESE_CHARACTER.test(text), 'must be written in English (no Japanese characters)'),
);

export const bilingualSchema = z.strictObject({ ja: japanese, en: english });
export type Bilingual = z.infer<typeof bilingualSchema>;

const entryId = z.string().check(z.regex(ENTRY_ID, 'must look like source:key (or be "generic")'));

export const firstResponseEntrySchema = z.strictObject({
  /** The primary lookup key, and what `explain` prints. */
  id: entryId,
  /** Further lookup keys that share this entry (the same control under another id, a sibling finding type). */
  also: z.optional(z.array(entryId)),
  title: bilingualSchema,
  meaning: bilingualSchema,
  steps: z
    .array(bilingualSchema)
    .check(z.minLength(3, 'must list at least 3 steps'), z.maxLength(5, 'must list at most 5 steps')),
  /** Who takes the first steps: the integrated operations team or the ASP that runs the workload. */
  who: z.enum(OWNERS),
  docUrl: z.string().check(z.regex(AWS_DOCS_URL, 'must be an https://docs.aws.amazon.com/ link')),
});
export type FirstResponseEntry = z.infer<typeof firstResponseEntrySchema>;

export const catalogueSchema = z.array(firstResponseEntrySchema);
