import type { ReplayInput } from '../shared/pipeline/replay.js';
import { normalizeEvent } from '../shared/sources/index.js';
import { benchAccount } from './config.js';
import { loadTemplates, type SourceName, type Template, variantText } from './events.js';

type EventObject = Record<string, unknown> & { time: string; detail: Record<string, unknown> };

const DAY_START = Date.parse('2026-11-27T00:00:00Z');
const MINUTE = 60_000;

/** A deterministic pseudo-random sequence (mulberry32), so every run replays the same mix. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

const template = (source: SourceName, file: string): Template => {
  const found = loadTemplates(source).find((candidate) => candidate.file === `${source}/${file}`);
  if (found === undefined) throw new Error(`bench: no sample ${source}/${file}`);
  return found;
};

/** Variant `n` of a sample as an object whose envelope time is `at` (its source version stays the sample's). */
const eventAt = (sample: Template, n: number, accounts: number, at: number): EventObject => {
  const event = JSON.parse(variantText(sample, n, accounts)) as EventObject;
  event.time = new Date(at).toISOString();
  return event;
};

const fingerprintOf = (event: unknown): string => {
  const normalized = normalizeEvent(event);
  if (normalized.kind !== 'alerts' || normalized.alerts[0] === undefined) throw new Error('bench: no alert');
  return normalized.alerts[0].fingerprint;
};

export type MixOptions = {
  readonly total?: number;
  readonly accounts?: number;
  /** Share of the events that are exact re-deliveries of earlier ones (default 0.2). */
  readonly duplicateShare?: number;
  /** MEDIUM findings of one account within five minutes (default 10,000). */
  readonly stormSize?: number;
  readonly seed?: number;
};

export type Mix = {
  readonly inputs: ReplayInput[];
  readonly counts: Readonly<Record<string, number>>;
};

/**
 * A day of a hub with `accounts` spokes, `total` events in all:
 * - a steady stream over 24 h of incident lifecycles: GuardDuty findings (LOW to CRITICAL, republished with a
 *   growing count, half of them archived), alarms that fire and clear, Inspector and Config findings that open
 *   and close, Security Hub control failures, and Health outages forwarded by five accounts each and recovered;
 *   the on-call acknowledges 60 % of what pages, 10 minutes later;
 * - a storm: `stormSize` MEDIUM GuardDuty findings from one account within five minutes (03:00–03:05 UTC);
 * - `duplicateShare` of all events re-delivered (the same envelope again, as SQS and EventBridge may).
 */
export const buildMix = ({
  total = 100_000,
  accounts = 200,
  duplicateShare = 0.2,
  stormSize = 10_000,
  seed = 7,
}: MixOptions = {}): Mix => {
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const samples = {
    gdOpen: template('guardduty', 'high-exfiltration-1st.json'),
    gdUpdate: template('guardduty', 'high-exfiltration-republished-count-3.json'),
    gdUpdate2: template('guardduty', 'high-exfiltration-republished-count-7.json'),
    gdArchived: template('guardduty', 'high-exfiltration-archived.json'),
    alarm: template('cloudwatch', 'zeimu-batch-errors-alarm.json'),
    alarmOk: template('cloudwatch', 'zeimu-batch-errors-ok.json'),
    inspectorOpen: template('inspector', 'package-vulnerability-high-active.json'),
    inspectorClosed: template('inspector', 'package-vulnerability-closed.json'),
    configOpen: template('config', 's3-public-read-noncompliant-aoba-juki.json'),
    configClosed: template('config', 's3-public-read-compliant-aoba-juki.json'),
    control: template('securityhub', 'control-s3-8-fsbp-failed.json'),
    outage: template('health', 'ec2-tokyo-outage-kyodo-zeimu.json'),
    recovered: template('health', 'ec2-tokyo-outage-recovered.json'),
  };
  const inputs: ReplayInput[] = [];
  const counts: Record<string, number> = {};
  const add = (kind: string, event: unknown) => {
    inputs.push({ file: `bench:${kind}`, event });
    counts[kind] = (counts[kind] ?? 0) + 1;
  };
  const ack = (fingerprint: string, at: number) =>
    add('ack', {
      version: '0',
      id: `ack-${inputs.length}`,
      source: 'alert-router.operator',
      'detail-type': 'Acknowledge Incident',
      time: new Date(at).toISOString(),
      detail: { fingerprint, by: 'team-oncall' },
    });

  // The storm: one account, one source, MEDIUM, distinct findings, five minutes.
  const stormStart = DAY_START + 3 * 60 * MINUTE;
  for (let n = 0; n < stormSize; n++) {
    const event = eventAt(
      samples.gdOpen,
      1_000_000 + n,
      1,
      stormStart + Math.floor((n * 5 * MINUTE) / stormSize),
    );
    event.detail.severity = 5;
    add('storm', event);
  }

  const steady = Math.round(total * (1 - duplicateShare)) - stormSize;
  let n = 0;
  while (n < steady) {
    const at = DAY_START + Math.floor(next() * 22 * 60 * MINUTE);
    const account = Math.floor(next() * accounts);
    const variant = n * accounts + account; // the account of a variant is `variant % accounts`
    const kind = next();
    if (kind < 0.45) {
      const severity = pick([2, 5, 5, 8, 8, 9]);
      const open = eventAt(samples.gdOpen, variant, accounts, at);
      open.detail.severity = severity;
      add('guardduty', open);
      n++;
      for (const [k, update] of [samples.gdUpdate, samples.gdUpdate2].entries()) {
        if (next() < 0.5) break;
        const event = eventAt(update, variant, accounts, at + (k + 1) * 15 * MINUTE);
        event.detail.severity = severity;
        add('guardduty-update', event);
        n++;
      }
      if (severity >= 7 && next() < 0.6) {
        ack(fingerprintOf(open), at + 10 * MINUTE);
        n++;
      }
      if (next() < 0.5) {
        const archived = eventAt(samples.gdArchived, variant, accounts, at + 45 * MINUTE);
        archived.detail.severity = severity;
        add('guardduty-resolve', archived);
        n++;
      }
    } else if (kind < 0.7) {
      add('alarm', eventAt(samples.alarm, variant, accounts, at));
      n++;
      if (next() < 0.9) {
        add(
          'alarm-ok',
          eventAt(samples.alarmOk, variant, accounts, at + (5 + Math.floor(next() * 25)) * MINUTE),
        );
        n++;
      }
    } else if (kind < 0.8) {
      const open = eventAt(samples.inspectorOpen, variant, accounts, at);
      add('inspector', open);
      n++;
      if (next() < 0.6) {
        ack(fingerprintOf(open), at + 10 * MINUTE);
        n++;
      }
      if (next() < 0.5) {
        add('inspector-resolve', eventAt(samples.inspectorClosed, variant, accounts, at + 40 * MINUTE));
        n++;
      }
    } else if (kind < 0.88) {
      add('config', eventAt(samples.configOpen, variant, accounts, at));
      n++;
      if (next() < 0.7) {
        add('config-resolve', eventAt(samples.configClosed, variant, accounts, at + 40 * MINUTE));
        n++;
      }
    } else if (kind < 0.97) {
      add('securityhub', eventAt(samples.control, variant, accounts, at));
      n++;
    } else {
      // One outage seen from five accounts: the same event ARN (variant n), each copy from its own account.
      const ids = Array.from({ length: 5 }, (_, k) => (account + k * 37) % accounts);
      for (const id of ids) {
        const copy = eventAt(samples.outage, n, accounts, at + id * 1_000);
        retarget(copy, benchAccount(id));
        add('health', copy);
      }
      for (const id of ids) {
        const recovered = eventAt(samples.recovered, n, accounts, at + 120 * MINUTE + id * 1_000);
        retarget(recovered, benchAccount(id));
        add('health-resolve', recovered);
      }
      n += 10;
    }
  }

  // Re-deliveries: the same envelope as an earlier event, a little later in the queue (same event time).
  const originals = inputs.length;
  while (inputs.length < total) {
    const original = inputs[Math.floor(next() * originals)] as { file: string; event: unknown };
    add('duplicate', original.event);
  }
  return { inputs, counts };
};

/** A Health copy as forwarded by another account (the event ARN stays: one outage, many accounts). */
const retarget = (event: EventObject, account: string) => {
  event.account = account;
  event.id = `${event.id}-${account}`;
  if ('affectedAccount' in event.detail) event.detail.affectedAccount = account;
};
