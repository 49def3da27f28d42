import '../zod-locale.js';
import { hash } from 'node:crypto';
import * as z from 'zod/mini';
import { parseDuration } from '../config/duration.js';
import { EnvelopeInvalidError } from '../errors.js';
import { LEAK_KNOWN, type LeakKnown } from '../incident.js';
import { toIsoTime } from '../sources/read.js';
import { zodProblems } from '../zod-problems.js';

/**
 * An operator's action recorded as an event, so a replay can tell the whole story: somebody acknowledged a
 * page at 09:20, somebody resolved an incident by hand, the team shared a security incident with the municipalities
 * or posted the next report. On AWS the same actions come from the acknowledge link
 * or the CLI; here they ride in the event stream, in event-time order.
 */
export const OPERATOR_SOURCE = 'alert-router.operator';

const DETAIL_TYPES = ['Acknowledge Incident', 'Resolve Incident', 'Share Incident', 'Post Update'] as const;

const ACTIONS = {
  'Acknowledge Incident': 'acknowledge',
  'Resolve Incident': 'resolve',
  'Share Incident': 'share',
  'Post Update': 'update',
} as const;

const actionSchema = z.object({
  source: z.literal(OPERATOR_SOURCE),
  'detail-type': z.enum(DETAIL_TYPES, {
    error: `must be one of ${DETAIL_TYPES.map((type) => `"${type}"`).join(', ')}`,
  }),
  time: z.string().check(z.refine((value) => toIsoTime(value) !== undefined, 'must be an ISO 8601 time')),
  detail: z.object({
    fingerprint: z.string().check(z.minLength(1, 'must not be empty')),
    by: z.string().check(z.minLength(1, 'must name who acted')),
    /** Share Incident / Post Update (DESIGN §9): the team's words, and when the next report is promised. */
    message: z.optional(z.string()),
    next: z.optional(
      z
        .string()
        .check(z.refine((value) => parseDuration(value) !== undefined, 'must be a duration such as 60m')),
    ),
    leak: z.optional(z.enum(LEAK_KNOWN, { error: 'must be none, unknown or confirmed' })),
  }),
});

export type OperatorAction = {
  readonly action: 'acknowledge' | 'resolve' | 'share' | 'update';
  readonly fingerprint: string;
  readonly by: string;
  readonly at: number;
  readonly message?: string;
  readonly nextMs?: number;
  readonly leak?: LeakKnown;
  /**
   * The same action delivered twice (EventBridge and a replay deliver at least once) is one action: its envelope
   * id, or, for a hand-written event without one, its content.
   */
  readonly key: string;
};

/** True for an event that claims to be an operator action (it may still be malformed). */
export const isOperatorAction = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && (event as { source?: unknown }).source === OPERATOR_SOURCE;

/** Reads an operator action, or throws `EnvelopeInvalidError` naming what is wrong with it. */
export const parseOperatorAction = (event: unknown): OperatorAction => {
  const parsed = actionSchema.safeParse(event);
  if (!parsed.success) throw new EnvelopeInvalidError(zodProblems(parsed.error));
  const { detail } = parsed.data;
  const id = (event as { id?: unknown }).id;
  const key =
    typeof id === 'string' && id !== ''
      ? `op:${id}`
      : `op:${hash('sha256', JSON.stringify([parsed.data['detail-type'], parsed.data.time, detail])).slice(0, 24)}`;
  return {
    key,
    action: ACTIONS[parsed.data['detail-type']],
    fingerprint: detail.fingerprint,
    by: detail.by,
    at: Date.parse(toIsoTime(parsed.data.time) ?? parsed.data.time),
    ...(detail.message !== undefined ? { message: detail.message } : {}),
    ...(detail.next !== undefined ? { nextMs: parseDuration(detail.next) } : {}),
    ...(detail.leak !== undefined ? { leak: detail.leak } : {}),
  };
};
