import '../zod-locale.js';
import * as z from 'zod/mini';
import { EnvelopeInvalidError } from '../errors.js';
import { toIsoTime } from '../sources/read.js';
import { zodProblems } from '../zod-problems.js';

/**
 * An operator's action recorded as an event, so a replay can tell the whole story: somebody acknowledged a
 * page at 09:20, somebody resolved an incident by hand. On AWS the same actions come from the acknowledge link
 * or the CLI; here they ride in the event stream, in event-time order.
 */
export const OPERATOR_SOURCE = 'alert-router.operator';

const actionSchema = z.object({
  source: z.literal(OPERATOR_SOURCE),
  'detail-type': z.enum(['Acknowledge Incident', 'Resolve Incident'], {
    error: 'must be "Acknowledge Incident" or "Resolve Incident"',
  }),
  time: z.string().check(z.refine((value) => toIsoTime(value) !== undefined, 'must be an ISO 8601 time')),
  detail: z.object({
    fingerprint: z.string().check(z.minLength(1, 'must not be empty')),
    by: z.string().check(z.minLength(1, 'must name who acted')),
  }),
});

export type OperatorAction = {
  readonly action: 'acknowledge' | 'resolve';
  readonly fingerprint: string;
  readonly by: string;
  readonly at: number;
};

/** True for an event that claims to be an operator action (it may still be malformed). */
export const isOperatorAction = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && (event as { source?: unknown }).source === OPERATOR_SOURCE;

/** Reads an operator action, or throws `EnvelopeInvalidError` naming what is wrong with it. */
export const parseOperatorAction = (event: unknown): OperatorAction => {
  const parsed = actionSchema.safeParse(event);
  if (!parsed.success) throw new EnvelopeInvalidError(zodProblems(parsed.error));
  return {
    action: parsed.data['detail-type'] === 'Acknowledge Incident' ? 'acknowledge' : 'resolve',
    fingerprint: parsed.data.detail.fingerprint,
    by: parsed.data.detail.by,
    at: Date.parse(toIsoTime(parsed.data.time) ?? parsed.data.time),
  };
};
