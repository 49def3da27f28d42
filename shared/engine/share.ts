import type { Config } from '../config/registry.js';
import { type Delivery, type Incident, type LeakKnown, RECENT_EVENT_IDS } from '../incident.js';
import { visibleAccounts } from '../routing/visibility.js';
import { deliver } from './deliver.js';
import { informed, withPending } from './municipal.js';
import { type Transition, unchanged } from './step.js';
import { finish } from './transition.js';

/** Why the team cannot share or post this, or undefined when it may. */
const refusal = (
  incident: Incident | undefined,
  by: string,
  config: Config,
  id?: string,
): string | undefined => {
  if (incident === undefined) return 'no such incident';
  if (id !== undefined && incident.id !== id) return `${id} is no longer current`;
  if (by.trim() === '') return '`by` must name who acts';
  const receiver = config.receiversById.get(by);
  if (receiver !== undefined && receiver.audience !== 'team')
    return `only the team may do this; "${by}" is ${receiver.audience === 'asp' ? 'an ASP' : 'a municipality'}`;
  if (incident.state === 'resolved') return `${incident.id} is already resolved`;
  return undefined;
};

export type ShareInput = {
  readonly by: string;
  readonly message?: string | undefined;
  readonly leak?: LeakKnown | undefined;
  /** Milliseconds until the next report is promised (default `municipalityUpdates.nextReport`). */
  readonly nextMs?: number | undefined;
  readonly expectedId?: string | undefined;
  /** The operator event's key: the same event delivered again is recognised and does nothing. */
  readonly key?: string | undefined;
};

/** The same operator event, delivered again: nothing to do. */
const repeated = (incident: Incident | undefined, key: string | undefined): Transition | undefined =>
  key !== undefined && incident?.recentEventIds.includes(key)
    ? unchanged('duplicate', `dedup: ${key} was already applied to ${incident.id}`)
    : undefined;

/** The incident remembering the operator event it applied (bounded like every envelope id). */
const remembering = (incident: Incident, key: string | undefined): Incident =>
  key === undefined
    ? incident
    : { ...incident, recentEventIds: [...incident.recentEventIds, key].slice(-RECENT_EVENT_IDS) };

/**
 * The team shares a security or compliance incident with the municipalities of its accounts (DESIGN §12, "必要に
 * 応じて自治体に情報連携": a decision, never automatic). The receivers come from the incident's own accounts, never
 * from the input, so no share can reach another tenant's municipality.
 */
export const shareStep = (
  incident: Incident | undefined,
  input: ShareInput,
  now: number,
  config: Config,
): Transition => {
  const again = repeated(incident, input.key);
  if (again !== undefined) return again;
  const why = refusal(incident, input.by, config, input.expectedId);
  if (why !== undefined || incident === undefined) return unchanged('refused', `share: ${why}`);
  if (incident.subject.category !== 'security' && incident.subject.category !== 'compliance')
    return unchanged(
      'refused',
      `share: ${incident.id} is a ${incident.subject.category} incident; only security and compliance incidents are shared (outages reach municipalities on their own)`,
    );
  const municipalities = [
    ...new Set(incident.accounts.flatMap((id) => config.accountsById.get(id)?.municipalities ?? [])),
  ];
  if (municipalities.length === 0)
    return unchanged('refused', `share: no municipality uses the accounts of ${incident.id}`);
  const already = municipalities.filter((id) => incident.receivers[id] !== undefined);
  if (already.length > 0)
    return unchanged(
      'refused',
      `share: ${incident.id} was already shared with ${already.join(', ')}; post an update instead`,
    );
  return reportTo(incident, municipalities, input, now, config, {
    kind: 'trigger',
    reason: 'shared',
    leak: input.leak ?? 'unknown',
    what: 'shared',
    why: `share: ${incident.id} shared with ${municipalities.join(', ')} by ${input.by}`,
  });
};

/**
 * The team's own words as the next numbered report to every municipality already told of the episode (DESIGN
 * §12 `Post Update`). The timeline records it for the team and the ASP to see.
 */
export const postUpdateStep = (
  incident: Incident | undefined,
  input: ShareInput & { readonly message: string },
  now: number,
  config: Config,
): Transition => {
  const again = repeated(incident, input.key);
  if (again !== undefined) return again;
  const why = refusal(incident, input.by, config, input.expectedId);
  if (why !== undefined || incident === undefined) return unchanged('refused', `update: ${why}`);
  if (input.message.trim() === '') return unchanged('refused', 'update: the message must not be empty');
  const told = Object.entries(incident.receivers).filter(([, record]) => informed(record));
  if (told.length === 0)
    return unchanged('refused', `update: no municipality has been told of ${incident.id} yet`);
  return reportTo(
    withPending(incident, {}),
    told.map(([id]) => id),
    input,
    now,
    config,
    {
      kind: 'update',
      reason: 'update-posted',
      ...((input.leak ?? incident.leak) ? { leak: input.leak ?? incident.leak } : {}),
      what: 'update-posted',
      why: `update: posted to ${told.map(([id]) => id).join(', ')} by ${input.by}`,
    },
  );
};

/**
 * The team's report to `municipalities`, numbered per municipality, with its message and its promise of the next
 * one, recorded on the timeline with who decided it.
 */
const reportTo = (
  incident: Incident,
  municipalities: readonly string[],
  input: ShareInput,
  now: number,
  config: Config,
  report: {
    readonly kind: 'trigger' | 'update';
    readonly reason: 'shared' | 'update-posted';
    readonly leak?: LeakKnown;
    readonly what: 'shared' | 'update-posted';
    readonly why: string;
  },
): Transition => {
  const known = report.leak ? { leak: report.leak } : {};
  let next: Incident = remembering({ ...incident, ...known, revision: incident.revision + 1 }, input.key);
  const deliveries: Delivery[] = [];
  for (const receiver of municipalities) {
    const made = deliver(next, now, {
      receiver,
      audience: 'municipality',
      kind: report.kind,
      severity: incident.severity,
      reason: report.reason,
      accounts: visibleAccounts(config, { audience: 'municipality', id: receiver }, incident.accounts),
      ...(input.message ? { message: input.message } : {}),
      ...(report.leak ? { leak: report.leak } : {}),
      nextReportAt: now + (input.nextMs ?? config.municipalityUpdates.nextReport),
    });
    next = made.incident;
    deliveries.push(made.delivery);
  }
  const at = new Date(now).toISOString();
  return finish(
    incident,
    {
      result: 'updated',
      next,
      deliveries,
      cancelTimers: [],
      reasons: [report.why],
      happened: [{ at, what: report.what, by: input.by, ...(input.message ? { note: input.message } : {}) }],
    },
    config,
    now,
    input.by,
  );
};
