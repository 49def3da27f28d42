import type { Config } from '../shared/config/registry.js';
import { transition } from '../shared/engine/transition.js';
import { renderNotification } from '../shared/render/index.js';
import { decide } from '../shared/routing/decide.js';
import { trustAlert } from '../shared/routing/trust.js';
import { normalizeEvent } from '../shared/sources/index.js';
import { SOURCES, type SourceName, scaledEvents } from './events.js';

/**
 * How far each event goes: `parse` is the floor (JSON.parse of the SQS body, which any consumer pays); each
 * further stage adds one step of the route function's CPU work, without I/O.
 */
const STAGES = ['parse', 'normalize', 'decide', 'record', 'render'] as const;
type Stage = (typeof STAGES)[number];

/**
 * One event through the pure core, as far as `stage`: parse → normalize (zod + source) → trust + decide
 * (policy, routes, silences) → transition (the incident and outbox a first sighting records, storm-control
 * groups included) → render each delivery that is sent at once, for its receiver and language. Returns a number
 * that depends on all the work, so none of it is skipped.
 */
const runEvent = (text: string, config: Config, stage: Stage): number => {
  const event: unknown = JSON.parse(text);
  if (stage === 'parse') return (event as { id?: string }).id?.length ?? 0;
  const normalized = normalizeEvent(event);
  if (normalized.kind === 'ignored' || stage === 'normalize') return normalized.kind.length;
  let sink = 0;
  for (const alert of normalized.alerts) {
    const { trusted } = trustAlert(alert, config);
    const now = Date.parse(alert.time);
    const decision = decide(trusted, config, now);
    if (stage === 'decide') {
      sink += decision.targets.length;
      continue;
    }
    const next = transition({ incident: undefined, alert: trusted, decision, now, config });
    if (stage === 'record' || next.next === undefined) {
      sink += next.deliveries.length;
      continue;
    }
    for (const delivery of next.deliveries) {
      // What pages is rendered now; what waits for a digest is one line of a later digest (`digestLine`, already
      // written by the transition), rendered once per digest rather than once per delivery.
      if (delivery.group === undefined) sink += renderNotification(delivery, next.next, config).body.length;
    }
  }
  return sink;
};

const timeStage = (events: readonly string[], config: Config, stage: Stage): { ms: number; sink: number } => {
  let sink = 0;
  const start = performance.now();
  for (const text of events) sink += runEvent(text, config, stage);
  return { ms: performance.now() - start, sink };
};

export type SourceCost = {
  readonly source: SourceName | 'all';
  readonly events: number;
  readonly alerts: number;
  readonly ignored: number;
  readonly notifications: number;
  /** JSON.parse of the same strings, the floor. */
  readonly parseEventsPerSecond: number;
  /** parse + normalize + trust + decide + transition + render. */
  readonly coreEventsPerSecond: number;
  readonly coreMicrosecondsPerEvent: number;
  /** Time of the whole core (parse included) over time of the parse alone. Target ≤ 3. */
  readonly ratioToParse: number;
  /** Microseconds per event each stage adds to the one before. */
  readonly stageMicroseconds: Readonly<Record<Stage, number>>;
};

const countOf = (events: readonly string[], config: Config) => {
  let alerts = 0;
  let ignored = 0;
  let notifications = 0;
  for (const text of events) {
    const normalized = normalizeEvent(JSON.parse(text));
    if (normalized.kind === 'ignored') {
      ignored++;
      continue;
    }
    for (const alert of normalized.alerts) {
      alerts++;
      const { trusted } = trustAlert(alert, config);
      const now = Date.parse(alert.time);
      notifications += transition({
        incident: undefined,
        alert: trusted,
        decision: decide(trusted, config, now),
        now,
        config,
      }).deliveries.length;
    }
  }
  return { alerts, ignored, notifications };
};

/**
 * Measures one source: each stage over all its events, `rounds` times, the stages interleaved so that drift
 * (GC, the other core, turbo) hits them alike; the best round of each stage counts.
 */
const measure = (
  source: SourceName,
  events: readonly string[],
  config: Config,
  rounds: number,
): SourceCost => {
  // Warm-up: let the JIT see every path before anything is timed.
  for (const stage of STAGES) timeStage(events.slice(0, 2_000), config, stage);
  const ms = Object.fromEntries(STAGES.map((stage) => [stage, Number.POSITIVE_INFINITY])) as Record<
    Stage,
    number
  >;
  for (let round = 0; round < rounds; round++) {
    for (const stage of STAGES) ms[stage] = Math.min(ms[stage], timeStage(events, config, stage).ms);
  }
  return summary(source, events.length, ms, countOf(events, config));
};

const summary = (
  source: SourceName | 'all',
  events: number,
  ms: Record<Stage, number>,
  counts: { alerts: number; ignored: number; notifications: number },
): SourceCost => {
  const perEvent = (value: number) => (value * 1_000) / events;
  // A stage's share is what it adds to the one before; noise can make that negative, which reads as 0.
  const added = (stage: Stage, before: Stage) =>
    perEvent(Math.max(0, Math.min(ms[stage], ms.render) - Math.min(ms[before], ms.render)));
  return {
    source,
    events,
    ...counts,
    parseEventsPerSecond: Math.round((events / ms.parse) * 1_000),
    coreEventsPerSecond: Math.round((events / ms.render) * 1_000),
    coreMicrosecondsPerEvent: perEvent(ms.render),
    ratioToParse: ms.render / ms.parse,
    stageMicroseconds: {
      parse: perEvent(ms.parse),
      normalize: added('normalize', 'parse'),
      decide: added('decide', 'normalize'),
      record: added('record', 'decide'),
      render: added('render', 'record'),
    },
  };
};

export type CoreResult = {
  readonly eventsPerSource: number;
  readonly totalEvents: number;
  readonly rounds: number;
  readonly bySource: readonly SourceCost[];
  /** All sources in equal parts (sums of the per-source times). */
  readonly mixed: SourceCost;
};

/** Section 1: core cost per event, per source, and all sources in equal parts, against the JSON.parse floor. */
export const benchCore = (config: Config, eventsPerSource: number, rounds = 2): CoreResult => {
  const bySource = SOURCES.map((source) =>
    measure(source, scaledEvents(source, eventsPerSource, config.accounts.length), config, rounds),
  );
  // All sources together: the sums of the per-source times, so every source weighs the same.
  const sum = (value: (cost: SourceCost) => number) =>
    bySource.reduce((total, cost) => total + value(cost), 0);
  const msOf = (stage: Stage) =>
    sum((cost) => {
      const untilStage = STAGES.slice(0, STAGES.indexOf(stage) + 1);
      return (untilStage.reduce((total, s) => total + cost.stageMicroseconds[s], 0) * cost.events) / 1_000;
    });
  const ms = Object.fromEntries(STAGES.map((stage) => [stage, msOf(stage)])) as Record<Stage, number>;
  ms.render = sum((cost) => (cost.coreMicrosecondsPerEvent * cost.events) / 1_000);
  const mixed = summary(
    'all',
    sum((cost) => cost.events),
    ms,
    {
      alerts: sum((cost) => cost.alerts),
      ignored: sum((cost) => cost.ignored),
      notifications: sum((cost) => cost.notifications),
    },
  );
  return { eventsPerSource, totalEvents: mixed.events, rounds, bySource, mixed };
};
