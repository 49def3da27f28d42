import type {
  Delivery,
  DeliveryKind,
  Incident,
  LeakKnown,
  OverdueReport,
  ReceiverRecord,
} from '../incident.js';
import { deliveryId } from '../incident.js';
import type { Severity } from '../model.js';

/** What one delivery tells one receiver. */
export type DeliveryPlan = {
  readonly receiver: string;
  readonly audience: ReceiverRecord['audience'];
  readonly kind: DeliveryKind;
  readonly severity: Severity;
  readonly reason: string;
  /** The receiver's own accounts of the incident that this delivery speaks of. */
  readonly accounts: readonly string[];
  readonly previousSeverity?: Severity;
  /** A municipal report's extras (DESIGN §12): when it promises the next report, what changed, the team's words. */
  readonly nextReportAt?: number;
  readonly changes?: readonly string[];
  readonly message?: string;
  readonly leak?: LeakKnown;
  readonly overdue?: readonly OverdueReport[];
};

/** One delivery for the outbox, and the receiver's record updated to say it was decided. */
export const deliver = (
  incident: Incident,
  now: number,
  plan: DeliveryPlan,
): { incident: Incident; delivery: Delivery } => {
  const { receiver, audience, kind, severity } = plan;
  const last = incident.receivers[receiver];
  const sequence = (last?.sent ?? 0) + 1;
  const delivery: Delivery = {
    id: deliveryId(incident.id, receiver, sequence),
    incidentId: incident.id,
    fingerprint: incident.fingerprint,
    receiver,
    audience,
    kind,
    severity,
    reason: plan.reason,
    ...(plan.previousSeverity ? { previousSeverity: plan.previousSeverity } : {}),
    accounts: plan.accounts,
    // A municipality's every notice is a numbered report (第N報); an open-state one promises the next.
    ...(audience === 'municipality' ? { report: sequence } : {}),
    ...(audience === 'municipality' && kind !== 'resolve' && plan.nextReportAt !== undefined
      ? { nextReportAt: plan.nextReportAt }
      : {}),
    ...(plan.changes?.length ? { changes: plan.changes } : {}),
    ...(plan.message !== undefined ? { message: plan.message } : {}),
    ...(plan.leak !== undefined ? { leak: plan.leak } : {}),
    ...(plan.overdue !== undefined ? { overdue: plan.overdue } : {}),
    at: now,
    status: 'pending',
  };
  const told = kind === 'resolve' ? (last?.accounts ?? plan.accounts) : union(last?.accounts, plan.accounts);
  const record: ReceiverRecord = {
    audience,
    lastKind: kind,
    lastSeverity: severity,
    lastAt: now,
    sent: sequence,
    accounts: told,
    ...(delivery.nextReportAt !== undefined ? { promisedAt: delivery.nextReportAt } : {}),
  };
  return { incident: { ...incident, receivers: { ...incident.receivers, [receiver]: record } }, delivery };
};

const union = (a: readonly string[] | undefined, b: readonly string[]): readonly string[] =>
  a === undefined ? b : b.every((id) => a.includes(id)) ? a : [...a, ...b.filter((id) => !a.includes(id))];
