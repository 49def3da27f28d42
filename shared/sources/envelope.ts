import * as z from 'zod';
import { EnvelopeInvalidError } from '../errors.js';
import { zodProblems } from '../zod-problems.js';
import { toIsoTime } from './read.js';

/**
 * The EventBridge envelope (DESIGN §8): `id`, `source`, `detail-type`, a 12-digit `account`, `region`, `time`
 * and an object `detail` are required. `version` and `resources` are optional: AWS's own documentation
 * publishes events without them.
 */
const envelopeSchema = z.looseObject({
  version: z.string().optional(),
  id: z.string().min(1, 'must not be empty'),
  'detail-type': z.string().min(1, 'must not be empty'),
  source: z.string().min(1, 'must not be empty'),
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
  time: z.string().refine((value) => toIsoTime(value) !== undefined, 'must be an ISO 8601 time'),
  region: z.string().min(1, 'must not be empty'),
  resources: z.array(z.unknown()).optional(),
  detail: z.record(z.string(), z.unknown()),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/** Validates one envelope, or throws `EnvelopeInvalidError` naming every missing or malformed field. */
export const parseEnvelope = (input: unknown): Envelope => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new EnvelopeInvalidError([{ path: '', reason: 'an event must be a JSON object' }]);
  }
  const parsed = envelopeSchema.safeParse(input);
  if (!parsed.success) throw new EnvelopeInvalidError(zodProblems(parsed.error));
  return parsed.data;
};

/** Reads a source's detail with its schema, naming the path of every problem under `detail.`. */
export const parseDetail = <Schema extends z.ZodType>(
  schema: Schema,
  envelope: Envelope,
): z.infer<Schema> => {
  const parsed = schema.safeParse(envelope.detail);
  if (!parsed.success) throw new EnvelopeInvalidError(zodProblems(parsed.error, 'detail'));
  return parsed.data;
};

/** The envelope time as ISO 8601 (validated by `parseEnvelope`). */
export const envelopeTime = (envelope: Envelope): string => toIsoTime(envelope.time) ?? envelope.time;
