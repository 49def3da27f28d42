import { createMemoryIncidentStore } from '../shared/adapters/memory/incident-store.js';
import { createMemoryLifecycleBus } from '../shared/adapters/memory/lifecycle-bus.js';
import { createMemoryNotifier } from '../shared/adapters/memory/notifier.js';
import { createVirtualTimers, VirtualClock } from '../shared/adapters/memory/virtual-time.js';
import type { Config } from '../shared/config/registry.js';
import { replay } from '../shared/pipeline/replay.js';
import type { Notifier, Store } from '../shared/ports.js';
import { buildMix, type MixOptions } from './mix.js';

export type ReplayResult = {
  readonly events: number;
  readonly accounts: number;
  readonly mix: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Outcomes by transition result (opened, updated, resolved, duplicate, stale). */
  readonly results: Readonly<Record<string, number>>;
  readonly incidents: number;
  readonly notifications: number;
  readonly notificationsByKind: Readonly<Record<string, number>>;
  readonly escalations: number;
  readonly errors: number;
  readonly memory: {
    /** RSS and heap after the events were built and a full GC, before the replay. */
    readonly baselineRssMB: number;
    readonly baselineHeapMB: number;
    /** The highest RSS and heap seen while replaying (sampled every 250 store writes and sends). */
    readonly peakRssMB: number;
    readonly peakHeapMB: number;
    /** Heap the replay's state holds at the end (incidents, outbox, timeline), after a full GC. */
    readonly retainedHeapMB: number;
  };
};

const MB = 1024 * 1024;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/**
 * Section 2: replay throughput with the in-memory store, on a day of 200 accounts (`mix.ts`): steady stream,
 * re-deliveries and a storm, with escalations running two hours past the last event. Run it in a fresh process
 * with `--expose-gc` for meaningful memory figures.
 */
export const benchReplay = async (config: Config, options: MixOptions = {}): Promise<ReplayResult> => {
  const { inputs, counts } = buildMix({ accounts: config.accounts.length, ...options });
  gc();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  let calls = 0;
  const sample = () => {
    if (++calls % 250 !== 0) return;
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const memoryStore = createMemoryIncidentStore();
  const store: Store = {
    ...memoryStore,
    save: (...args) => {
      sample();
      return memoryStore.save(...args);
    },
  };
  const memoryNotifier = createMemoryNotifier();
  const notifier: Notifier = {
    send: (notification) => {
      sample();
      return memoryNotifier.send(notification);
    },
  };
  const started = performance.now();
  const report = await replay(
    inputs,
    {
      store,
      notifier,
      bus: createMemoryLifecycleBus(),
      timers: createVirtualTimers(),
      clock: new VirtualClock(Date.parse('2026-11-27T00:00:00Z')),
      config,
    },
    2 * 3_600_000,
  );
  const seconds = (performance.now() - started) / 1_000;
  const end = process.memoryUsage();
  peakRss = Math.max(peakRss, end.rss);
  peakHeap = Math.max(peakHeap, end.heapUsed);
  gc();
  const retained = process.memoryUsage().heapUsed - baseline.heapUsed;

  const results: Record<string, number> = { ...report.results } as Record<string, number>;
  const notificationsByKind: Record<string, number> = {};
  for (const notification of memoryNotifier.sent()) {
    notificationsByKind[notification.kind] = (notificationsByKind[notification.kind] ?? 0) + 1;
  }
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    events: report.events,
    accounts: config.accounts.length,
    mix: counts,
    seconds: round(seconds),
    eventsPerSecond: Math.round(report.events / seconds),
    results,
    incidents: report.incidents,
    notifications: memoryNotifier.sent().length,
    notificationsByKind,
    escalations: report.escalations,
    errors: report.errors,
    memory: {
      baselineRssMB: round(baseline.rss / MB),
      baselineHeapMB: round(baseline.heapUsed / MB),
      peakRssMB: round(peakRss / MB),
      peakHeapMB: round(peakHeap / MB),
      retainedHeapMB: round(retained / MB),
    },
  };
};
