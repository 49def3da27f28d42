import { createMemoryIncidentStore } from '../shared/adapters/memory/incident-store.js';
import { createMemoryLifecycleBus } from '../shared/adapters/memory/lifecycle-bus.js';
import { createMemoryNotifier } from '../shared/adapters/memory/notifier.js';
import { createVirtualTimers, VirtualClock } from '../shared/adapters/memory/virtual-time.js';
import type { Config } from '../shared/config/registry.js';
import { type ReplayInput, replay } from '../shared/pipeline/replay.js';
import { benchAccount } from './config.js';
import { loadTemplates, variantText } from './events.js';

export type StormResult = {
  readonly findings: number;
  readonly account: string;
  readonly windowMinutes: number;
  /** How long the replay ran past the last finding, so every digest could go out. */
  readonly drainMinutes: number;
  readonly incidents: number;
  /** Notifications each receiver got during and after the storm. */
  readonly perReceiver: Readonly<Record<string, number>>;
  /** What the receivers would have got without storm control: one message per finding and receiver. */
  readonly withoutGrouping: Readonly<Record<string, number>>;
  /** Deliveries recorded but never sent, and incidents no message mentions: both must be 0. */
  readonly lostDeliveries: number;
  readonly incidentsInNoMessage: number;
  readonly teamTarget: number;
  readonly met: boolean;
};

/**
 * Section 4: `findings` MEDIUM GuardDuty findings from one production account within five minutes (a scanner
 * misbehaving, a sample-findings button pressed in a loop), through the whole pipeline on the memory adapters.
 */
export const benchStorm = async (
  config: Config,
  findings = 1_000,
  windowMinutes = 5,
): Promise<StormResult> => {
  const template = loadTemplates('guardduty').find((candidate) =>
    candidate.file.endsWith('/high-exfiltration-1st.json'),
  );
  if (template === undefined) throw new Error('bench: no GuardDuty sample');
  const start = Date.parse('2026-11-27T03:00:00Z');
  const account = benchAccount(0);
  const inputs: ReplayInput[] = Array.from({ length: findings }, (_, n) => {
    const event = JSON.parse(variantText(template, 2_000_000 + n, 1)) as {
      time: string;
      detail: { severity: number };
    };
    event.time = new Date(start + Math.floor((n * windowMinutes * 60_000) / findings)).toISOString();
    event.detail.severity = 5;
    return { file: 'bench:storm', event };
  });
  const store = createMemoryIncidentStore();
  const notifier = createMemoryNotifier();
  const drainMinutes = 30;
  const report = await replay(
    inputs,
    {
      store,
      notifier,
      bus: createMemoryLifecycleBus(),
      timers: createVirtualTimers(),
      clock: new VirtualClock(start),
      config,
    },
    drainMinutes * 60_000,
  );
  const perReceiver: Record<string, number> = {};
  const mentioned = new Set<string>();
  for (const notification of notifier.sent()) {
    perReceiver[notification.receiver] = (perReceiver[notification.receiver] ?? 0) + 1;
    for (const id of notification.incidentIds ?? [notification.incidentId]) mentioned.add(id);
  }
  const withoutGrouping: Record<string, number> = {};
  for (const delivery of store.deliveries()) {
    withoutGrouping[delivery.receiver] = (withoutGrouping[delivery.receiver] ?? 0) + 1;
  }
  const incidents = store.incidents();
  const lostDeliveries = store.deliveries().filter((delivery) => delivery.status !== 'sent').length;
  const incidentsInNoMessage = incidents.filter((incident) => !mentioned.has(incident.id)).length;
  const team = config.team.levels.reduce((sum, id) => sum + (perReceiver[id] ?? 0), 0);
  return {
    findings,
    account,
    windowMinutes,
    drainMinutes,
    incidents: report.incidents,
    perReceiver,
    withoutGrouping,
    lostDeliveries,
    incidentsInNoMessage,
    teamTarget: 3,
    met: team <= 3 && lostDeliveries === 0 && incidentsInNoMessage === 0,
  };
};
