import type { Alert, AlertStatus, Flag, Severity } from '../model.js';
import type { Envelope } from './envelope.js';

/** What a source makes of one event: alerts, or a named reason why the event is not an alert. */
export type Normalized =
  | { readonly kind: 'alerts'; readonly alerts: readonly Alert[] }
  | { readonly kind: 'ignored'; readonly reason: string };

/**
 * What the state a source reports (an alarm state, a compliance type) means for the alert: its severity, status,
 * flags and the reason, or a reason to ignore the event.
 */
export type Verdict =
  | {
      readonly kind: 'alert';
      readonly severity: Severity;
      readonly status: AlertStatus;
      readonly flags: readonly Flag[];
      readonly reason: string;
    }
  | { readonly kind: 'ignored'; readonly reason: string };

/**
 * One event source: its zod schema and its normalizer live in one file (`shared/sources/<name>.ts`), so adding
 * a source touches that file and one line of the registry.
 *
 * `accepts` claims an event by `source` and `detail-type`; `normalize` returns alerts or an ignore reason, and
 * throws `EnvelopeInvalidError` only when the detail cannot be read at all.
 */
export type EventSource = {
  readonly name: string;
  readonly accepts: (envelope: Envelope) => boolean;
  readonly normalize: (envelope: Envelope) => Normalized;
};

export const alerts = (list: readonly Alert[]): Normalized => ({ kind: 'alerts', alerts: list });
export const ignored = (reason: string): Normalized => ({ kind: 'ignored', reason });
