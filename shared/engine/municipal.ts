import type { Config } from '../config/registry.js';
import type { Delivery, Incident, OverdueReport, PendingReport, ReceiverRecord } from '../incident.js';
import { visibleAccounts } from '../routing/visibility.js';
import { deliver } from './deliver.js';

/**
 * Numbered reports to municipalities (DESIGN §12): 第1報 when an outage (or a team share) first reaches a
 * municipality, a 続報 for each material AWS update — at most one per `municipalityUpdates.minInterval` per
 * municipality, later ones held back and sent when the interval has passed —, the team's own updates, and the
 * final report at close. Every open-state report promises the next one; a promise not kept reminds the team.
 */

/** A municipality still being told of this episode (its last report was not the final one). */
export const informed = (record: ReceiverRecord): boolean =>
  record.audience === 'municipality' && record.lastKind !== 'resolve';

/** What an AWS update changed for one municipality: the description, the category, a system newly affected. */
const changesFor = (before: Incident, after: Incident, municipality: string, config: Config): string[] => {
  const changes: string[] = [];
  const health = after.subject.health;
  if (health === undefined) return changes;
  if (after.subject.description !== before.subject.description) changes.push('description');
  if (health.eventTypeCategory !== before.subject.health?.eventTypeCategory) changes.push('category');
  for (const id of after.accounts) {
    if (before.accounts.includes(id)) continue;
    if (config.accountsById.get(id)?.municipalities.includes(municipality)) changes.push(`system:${id}`);
  }
  return changes;
};

/**
 * After an AWS update was applied (`before` → `after`): the next report to each municipality already told,
 * if the update is material for it — now, or held in `pendingReports` until `minInterval` has passed since its
 * last report. Team and ASPs are not paged again by AWS updates (the notify rules of §4 decide for them).
 */
export const awsUpdateReports = (
  before: Incident,
  after: Incident,
  alreadyTold: readonly Delivery[],
  now: number,
  config: Config,
): { incident: Incident; deliveries: Delivery[]; reasons: string[] } => {
  let next = after;
  const deliveries: Delivery[] = [];
  const reasons: string[] = [];
  for (const [receiver, record] of Object.entries(after.receivers)) {
    if (!informed(record) || alreadyTold.some((d) => d.receiver === receiver)) continue;
    const changes = changesFor(before, after, receiver, config);
    if (changes.length === 0) continue;
    const pending = next.pendingReports?.[receiver];
    const merged = [...new Set([...(pending?.changes ?? []), ...changes])];
    const dueAt = record.lastAt + config.municipalityUpdates.minInterval;
    if (now < dueAt) {
      next = {
        ...next,
        pendingReports: { ...next.pendingReports, [receiver]: { at: dueAt, changes: merged } },
      };
      reasons.push(
        `report: ${receiver}'s next report waits until ${new Date(dueAt).toISOString()} (minInterval)`,
      );
      continue;
    }
    const made = report(next, receiver, merged, now, config);
    next = made.incident;
    deliveries.push(made.delivery);
    reasons.push(`report: 続報 to ${receiver} (${merged.join(', ')})`);
  }
  return { incident: next, deliveries, reasons };
};

/** The report an AWS update calls for, to one municipality; its pending entry goes. */
const report = (
  incident: Incident,
  receiver: string,
  changes: readonly string[],
  now: number,
  config: Config,
): { incident: Incident; delivery: Delivery } => {
  const { [receiver]: _sent, ...stillPending } = incident.pendingReports ?? {};
  const base: Incident = withPending(incident, stillPending);
  return deliver(base, now, {
    receiver,
    audience: 'municipality',
    kind: 'update',
    severity: incident.severity,
    reason: 'aws-update',
    accounts: visibleAccounts(config, { audience: 'municipality', id: receiver }, incident.accounts),
    changes,
    nextReportAt: now + config.municipalityUpdates.nextReport,
  });
};

export const withPending = (
  incident: Incident,
  pending: Readonly<Record<string, PendingReport>>,
): Incident => {
  const { pendingReports: _old, ...rest } = incident;
  return Object.keys(pending).length === 0 ? rest : { ...rest, pendingReports: pending };
};

/**
 * What is due for the municipalities at `now` (the incident's own timer): held-back reports go out, and a promised
 * report that has not gone out reminds the team's first level — once per promise, never the municipality.
 */
export const dueMunicipalReports = (
  incident: Incident,
  now: number,
  config: Config,
): { incident: Incident; deliveries: Delivery[]; reasons: string[] } => {
  let next = incident;
  const deliveries: Delivery[] = [];
  const reasons: string[] = [];
  for (const [receiver, pending] of Object.entries(incident.pendingReports ?? {})) {
    if (pending.at > now) continue;
    const made = report(next, receiver, pending.changes, now, config);
    next = made.incident;
    deliveries.push(made.delivery);
    reasons.push(`report: held-back 続報 to ${receiver} (${pending.changes.join(', ')})`);
  }
  const oncall = config.team.levels[0];
  const overdue: OverdueReport[] = [];
  for (const [receiver, record] of Object.entries(next.receivers)) {
    if (!informed(record) || record.promisedAt === undefined || record.promiseReminded) continue;
    if (record.promisedAt > now) continue;
    overdue.push({ receiver, report: record.sent + 1, promisedAt: record.promisedAt });
    next = { ...next, receivers: { ...next.receivers, [receiver]: { ...record, promiseReminded: true } } };
  }
  // One reminder for every promise missed at this moment (a shared account's municipalities share a promise).
  if (overdue.length > 0 && oncall !== undefined) {
    const made = deliver(next, now, {
      receiver: oncall,
      audience: 'team',
      kind: 'update',
      severity: next.severity,
      reason: 'report-overdue',
      accounts: next.accounts,
      overdue,
    });
    next = made.incident;
    deliveries.push(made.delivery);
    reasons.push(
      `report: the next report promised to ${overdue.map((o) => o.receiver).join(', ')} is overdue; ${oncall} is reminded`,
    );
  }
  return { incident: next, deliveries, reasons };
};
