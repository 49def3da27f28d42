import type { Config } from '../config/registry.js';
import { type Delivery, type DigestItem, type Incident, sightingOf } from '../incident.js';
import { atLeast, type EveryField } from '../model.js';
import type { Transition } from './step.js';

/**
 * Storm control (which deliveries wait for a digest): what does not page — below HIGH, or an application alarm —
 * to a team or ASP receiver. Escalations and municipal notices never wait; a HIGH or CRITICAL page never waits;
 * and what escalates is never grouped (a Health investigation is MEDIUM, yet it pages until acknowledged).
 * The group is the receiver's own account (§7), never another tenant's that the incident also gathered.
 */
export const digestGroupOf = (incident: Incident, delivery: Delivery, config: Config): string | undefined => {
  if (!config.grouping.enabled) return undefined;
  if (delivery.audience === 'municipality' || delivery.kind === 'escalation') return undefined;
  if (incident.escalation !== undefined) return undefined;
  // The team must post a promised report now: never held back for a digest.
  if (delivery.reason === 'report-overdue') return undefined;
  const pages = atLeast(incident.severity, 'HIGH') && incident.subject.category !== 'application';
  if (pages) return undefined;
  const account = delivery.accounts?.[0] ?? incident.accounts[0] ?? 'unknown';
  return `${delivery.receiver}|${account}|${incident.subject.source}`;
};

/** Marks the transition's deliveries that wait for a digest, with the line the digest will list them by. */
export const withDigestGroups = (transition: Transition, config: Config): Transition => {
  const incident = transition.next;
  if (incident === undefined || transition.deliveries.length === 0) return transition;
  return {
    ...transition,
    deliveries: transition.deliveries.map((delivery) => {
      const group = digestGroupOf(incident, delivery, config);
      if (group === undefined) return delivery;
      const sweepAt = delivery.at + config.grouping.wait + config.grouping.interval;
      // Named field by field, not spread: see `EveryField`.
      const grouped: EveryField<Delivery> = {
        id: delivery.id,
        incidentId: delivery.incidentId,
        fingerprint: delivery.fingerprint,
        receiver: delivery.receiver,
        audience: delivery.audience,
        kind: delivery.kind,
        severity: delivery.severity,
        reason: delivery.reason,
        previousSeverity: delivery.previousSeverity,
        accounts: delivery.accounts,
        report: delivery.report,
        nextReportAt: delivery.nextReportAt,
        changes: delivery.changes,
        message: delivery.message,
        leak: delivery.leak,
        overdue: delivery.overdue,
        at: delivery.at,
        status: delivery.status,
        group,
        summary: digestItem(incident, delivery.accounts ?? incident.accounts),
        sweepAt,
        channel: delivery.channel,
        secret: delivery.secret,
      };
      return grouped;
    }),
  };
};

/** The facts a digest lists a grouped delivery by: the receiver's own accounts' resources only (§7). */
const digestItem = (incident: Incident, accounts: readonly string[]): DigestItem => ({
  severity: incident.severity,
  source: incident.subject.source,
  type: incident.subject.type,
  title: incident.subject.title,
  resources: sightingOf(incident, accounts).resources,
});
