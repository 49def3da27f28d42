import type { IncidentState, ReceiverRecord } from '../incident.js';
import { type Severity, severityRank } from '../model.js';

/** Why a receiver is told now (DESIGN §4 "told"), or `none`. */
export type NotifyReason = 'first' | 'new-receiver' | 'severity-rose' | 'repeat-due' | 'none';

/**
 * The pure heart of deduplication, for one receiver of an open incident: told once per episode; told again only
 * when the severity rises, or when the repeat interval has passed and nobody has acknowledged.
 * (Resolves are not decided here: every receiver that got a trigger gets the resolve, always.)
 */
export const notifyReason = (
  last: ReceiverRecord | undefined,
  next: { readonly severity: Severity; readonly state: IncidentState; readonly newEpisode: boolean },
  now: number,
  repeatMs: number,
): NotifyReason => {
  if (last === undefined) return next.newEpisode ? 'first' : 'new-receiver';
  if (severityRank(next.severity) < severityRank(last.lastSeverity)) return 'severity-rose';
  if (next.state === 'open' && now - last.lastAt >= repeatMs) return 'repeat-due';
  return 'none';
};
