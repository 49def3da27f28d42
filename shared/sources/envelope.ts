import '../zod-locale.js';
import * as z from 'zod/mini';
import { EnvelopeInvalidError, type Problem } from '../errors.js';
import { zodProblems } from '../zod-problems.js';
import { toIsoTime } from './read.js';

/**
 * The EventBridge envelope (DESIGN §8): `id`, `source`, `detail-type`, a 12-digit `account`, `region`, `time`
 * and an object `detail` are required. `version` and `resources` are optional: AWS's own documentation
 * publishes events without them.
 */
const envelopeSchema = z.looseObject({
  version: z.optional(z.string()),
  id: z.string().check(z.minLength(1, 'must not be empty')),
  'detail-type': z.string().check(z.minLength(1, 'must not be empty')),
  source: z.string().check(z.minLength(1, 'must not be empty')),
  account: z.string().check(z.regex(/^\d{12}$/, 'must be a 12-digit AWS account id')),
  time: z.string().check(z.refine((value) => toIsoTime(value) !== undefined, 'must be an ISO 8601 time')),
  region: z.string().check(z.minLength(1, 'must not be empty')),
  resources: z.optional(z.array(z.unknown())),
  // Checked, not copied: the source's own schema reads the detail next, and a record schema would walk and copy
  // every finding first.
  detail: z.custom<Record<string, unknown>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'expected an object',
  ),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/** Sources read no deeper than this; what lies below is passed on untouched. */
const WELL_FORMED_DEPTH = 64;

/**
 * The event with every lone surrogate (a UTF-16 surrogate without its pair) replaced by U+FFFD. JSON may carry
 * them (`"\ud800"`), but UTF-8 cannot: `encodeURIComponent` throws on one (console links, the SNS request) and
 * the stores reject them, so one malformed character would fail the event on every retry.
 */
const wellFormed = (value: unknown, depth = 0): unknown => {
  if (typeof value === 'string') return value.toWellFormed();
  if (typeof value !== 'object' || value === null || depth >= WELL_FORMED_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => wellFormed(item, depth + 1));
  // `Object.fromEntries` defines own properties: a `"__proto__"` key stays data, as `JSON.parse` made it.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, wellFormed(item, depth + 1)]));
};

/**
 * Whether `wellFormed` would change anything: almost never, and looking is far cheaper than copying. Every value
 * of every event is looked at, so this walks with plain loops (no arrays of values) and the native check.
 */
const hasLoneSurrogate = (value: unknown, depth = 0): boolean => {
  if (typeof value === 'string') return !value.isWellFormed();
  if (typeof value !== 'object' || value === null || depth >= WELL_FORMED_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (hasLoneSurrogate(item, depth + 1)) return true;
    return false;
  }
  // A parsed event's objects inherit nothing enumerable, so `for…in` visits exactly their own values.
  const fields = value as Record<string, unknown>;
  for (const key in fields) if (hasLoneSurrogate(fields[key], depth + 1)) return true;
  return false;
};

/** An error names this many problems at most: 10,000 bad array items must not make a 1 MB log line. */
const PROBLEMS_MAX = 10;

const firstProblems = (problems: readonly Problem[]): Problem[] =>
  problems.length <= PROBLEMS_MAX
    ? [...problems]
    : [
        ...problems.slice(0, PROBLEMS_MAX),
        { path: '', reason: `and ${problems.length - PROBLEMS_MAX} more problems` },
      ];

/** Validates one envelope, or throws `EnvelopeInvalidError` naming every missing or malformed field. */
export const parseEnvelope = (input: unknown): Envelope => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new EnvelopeInvalidError([{ path: '', reason: 'an event must be a JSON object' }]);
  }
  const parsed = envelopeSchema.safeParse(hasLoneSurrogate(input) ? wellFormed(input) : input);
  if (!parsed.success) throw new EnvelopeInvalidError(firstProblems(zodProblems(parsed.error)));
  return parsed.data;
};

/** Reads a source's detail with its schema, naming the path of every problem under `detail.`. */
export const parseDetail = <Schema extends z.ZodMiniType>(
  schema: Schema,
  envelope: Envelope,
): z.infer<Schema> => {
  const parsed = schema.safeParse(envelope.detail);
  if (!parsed.success) throw new EnvelopeInvalidError(firstProblems(zodProblems(parsed.error, 'detail')));
  return parsed.data;
};

/** The envelope time as ISO 8601 (validated by `parseEnvelope`). */
export const envelopeTime = (envelope: Envelope): string => toIsoTime(envelope.time) ?? envelope.time;
