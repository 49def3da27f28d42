import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { createRouteHandler } from '../../functions/route/handler.js';
import { createSnsNotifier } from '../../shared/adapters/aws/sns-notifier.js';
import { AdapterError } from '../../shared/errors.js';
import type { Notification } from '../../shared/ports.js';
import { aConfig } from '../helpers/config.js';
import { EVENTS_DIR, loadEvent } from '../helpers/events.js';
import { aHarness } from '../helpers/harness.js';
import { aLambdaContext, anSqsRecord, quietTelemetry } from '../helpers/lambda.js';
import { MUTATION_KINDS, type Mutant, type MutationKind, mutantAt } from './fuzz.js';

/**
 * Fuzzing the route handler (issue 6, item 4): mutated copies of every real-shaped sample in `events/` go
 * through `createRouteHandler` on the memory ports, in SQS batches of ten that each hold one untouched sample.
 * `FUZZ_RUNS` sets the number of mutants (default 10,000; `npm run test:fuzz` runs 100,000), `FUZZ_SEED` the
 * seed; a failure prints both, with the mutations of each failing record, so it replays exactly.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_127);
const PER_BATCH = 9;

/** SNS: the subject a message may carry, and the JSON message with its attributes. */
const SUBJECT_MAX = 100;
const SNS_SUBJECT_MAX = 99;
const SNS_MESSAGE_MAX_BYTES = 262_144;
const UNSAFE_IN_LINE = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every real-shaped sample: all sources, not the operator actions (the malformed samples live outside events/). */
const SAMPLES = readdirSync(EVENTS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'operator')
  .flatMap((dir) =>
    readdirSync(join(EVENTS_DIR, dir.name))
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => `${dir.name}/${file}`),
  )
  .map((name) => ({ name, event: loadEvent(name) }));

const config = aConfig();

/** What the SNS adapter would publish for a notification: the real adapter, a client that only records. */
const publishedBy = async (notification: Notification): Promise<PublishCommandInput> => {
  let input: PublishCommandInput | undefined;
  const client = {
    send: async (command: { input: PublishCommandInput }) => {
      input = command.input;
    },
  };
  await createSnsNotifier({
    client: client as unknown as SNSClient,
    topicArnFor: () => 'arn:aws:sns:ap-northeast-1:123456789012:alert-router-test',
  }).send(notification);
  if (input === undefined) throw new Error('nothing published');
  return input;
};

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Why a sent notification would break a channel, or nothing. */
const notificationProblems = async (n: Notification): Promise<string[]> => {
  const problems: string[] = [];
  if ([...n.subject].length > SUBJECT_MAX) problems.push(`subject has ${[...n.subject].length} characters`);
  for (const [name, text] of [
    ['subject', n.subject],
    ['short', n.short],
    ['body', n.body],
  ] as const) {
    // The body's own line breaks are ours; any other control character came from an event.
    const found =
      UNSAFE_IN_LINE.exec(name === 'body' ? text.replaceAll('\n', ' ') : text) ?? LONE_SURROGATE.exec(text);
    if (found) {
      const code = found[0].charCodeAt(0).toString(16).padStart(4, '0');
      const line = text
        .slice(text.lastIndexOf('\n', found.index) + 1)
        .split('\n')[0]
        ?.slice(0, 80);
      problems.push(`${name} holds U+${code} in ${JSON.stringify(line)}`);
    }
  }
  const rendered = JSON.stringify({ default: `${n.subject}\n\n${n.body}`, email: n.body, sms: n.short });
  if (bytes(rendered) > SNS_MESSAGE_MAX_BYTES) {
    const longest = n.body.split('\n').reduce((a, b) => (b.length > a.length ? b : a), '');
    problems.push(`rendered message is ${bytes(rendered)} bytes; longest line: ${longest.slice(0, 40)}…`);
  }
  const input = await publishedBy(n);
  const attributes = Object.entries(input.MessageAttributes ?? {}).reduce(
    (sum, [name, value]) => sum + bytes(name) + bytes(value.DataType ?? '') + bytes(value.StringValue ?? ''),
    0,
  );
  if ((input.Subject ?? '').length > SNS_SUBJECT_MAX)
    problems.push(`SNS Subject is ${input.Subject?.length}`);
  if (bytes(input.Message ?? '') + attributes > SNS_MESSAGE_MAX_BYTES)
    problems.push(`SNS message is ${bytes(input.Message ?? '') + attributes} bytes`);
  try {
    // The SDK form-encodes the request (awsQuery): text it cannot encode never reaches SNS.
    encodeURIComponent(`${input.Subject}${input.Message}`);
  } catch (error) {
    problems.push(`SNS request cannot be encoded: ${(error as Error).message}`);
  }
  return problems;
};

/** DynamoDB: a partition key is at most 2,048 bytes, an item at most 400 KB (JSON size, a close estimate). */
const DYNAMODB_KEY_MAX_BYTES = 2_048;
const DYNAMODB_ITEM_MAX_BYTES = 400 * 1024;

/** Why the DynamoDB store would refuse what the memory store kept, or nothing. */
const storeProblems = (incident: { fingerprint: string; id: string }): string[] => {
  const problems: string[] = [];
  const key = bytes(`FP#${incident.fingerprint}`);
  if (key > DYNAMODB_KEY_MAX_BYTES) problems.push(`fingerprint key is ${key} bytes`);
  const item = bytes(JSON.stringify(incident));
  if (item > DYNAMODB_ITEM_MAX_BYTES) {
    const size = (value: unknown) => bytes(JSON.stringify(value) ?? '');
    const [field] = Object.entries(incident).sort(([, a], [, b]) => size(b) - size(a))[0] ?? [];
    problems.push(`incident item is ${item} bytes (largest field: ${field})`);
  }
  return problems;
};

type Problem = {
  readonly batch: number;
  readonly record: string;
  readonly mutant?: Mutant;
  readonly what: string;
};

/** What a problem's record was: a mutant and its mutations, the untouched sample, or (incidents) unknown. */
const describeRecord = (record: string, mutant: Mutant | undefined): string =>
  mutant !== undefined
    ? `${mutant.sample} + ${mutant.mutations.map((m) => `${m.kind}@${m.path || '(root)'}`).join(', ')}`
    : /^b\d+-m\d+$/.test(record)
      ? 'the untouched sample'
      : 'from a record of this batch';

const reasonOf = (attributes: unknown): string => {
  const fields = (attributes ?? {}) as { reason?: unknown; error?: unknown };
  if (typeof fields.reason === 'string') return fields.reason;
  return fields.error instanceof Error ? fields.error.message : '';
};

/** A reason is one readable log line, not an echo of the input: 10,000 bad items must not log 1 MB. */
const REASON_MAX = 2_000;

/** SQS delivers a failed record again; past this many receives it goes to the DLQ. */
const MAX_RECEIVES = 3;

/** What became of a record once SQS stopped delivering it. */
type Fate = 'routed' | 'rejected' | 'retried-then-routed' | 'dead-lettered';

/**
 * Delivers one batch as the ingest queue does: the records that fail with a retryable error (two records of
 * one incident in a batch race for its write; the loser is retried) come back in the next receive, the
 * rejected ones go to the DLQ. Returns each record's fate and the problems seen on the way.
 */
const deliver = async (bodies: readonly string[], batch: number) => {
  const h = aHarness(config);
  const fates = new Map<string, Fate>();
  const problems: { record: string; what: string }[] = [];
  let longestReason = 0;
  let pending = bodies.map((body, i) => ({ id: `b${batch}-m${i}`, body }));
  for (let receive = 1; pending.length > 0; receive++) {
    const tools = quietTelemetry();
    const errors = vi.spyOn(tools.logger, 'error');
    const warnings = vi.spyOn(tools.logger, 'warn');
    // Counted, not stored: a hundred duplicated findings would make Powertools flush its metrics to stdout.
    let invalidCounted = 0;
    vi.spyOn(tools.metrics, 'addMetric').mockImplementation((name, _unit, value) => {
      if (name === 'InvalidEvents') invalidCounted += value;
      return tools.metrics;
    });
    const handler = createRouteHandler(async () => h.ports, tools);

    let failed: string[];
    try {
      const event: SQSEvent = { Records: pending.map(({ id, body }) => anSqsRecord(id, body, receive)) };
      failed = (await handler(event, aLambdaContext())).batchItemFailures.map((item) => item.itemIdentifier);
    } catch (error) {
      problems.push({
        record: '(batch)',
        what: `an exception escaped the handler: ${(error as Error).stack}`,
      });
      return { h, fates, problems, longestReason };
    }

    const ids = pending.map(({ id }) => id);
    if (new Set(failed).size !== failed.length || failed.some((id) => !ids.includes(id)))
      problems.push({ record: '(batch)', what: `batchItemFailures is not a set of its records: ${failed}` });
    const logsOf = (id: string) =>
      [...errors.mock.calls, ...warnings.mock.calls]
        .map(([, attributes]) => attributes as { messageId?: string; retryable?: boolean; error?: unknown })
        .filter((attributes) => attributes?.messageId === id);
    const retry: string[] = [];
    for (const id of ids) {
      if (!failed.includes(id)) {
        fates.set(id, receive === 1 ? 'routed' : 'retried-then-routed');
        continue;
      }
      const logs = logsOf(id);
      for (const attributes of logs) longestReason = Math.max(longestReason, reasonOf(attributes).length);
      if (!logs.some((attributes) => reasonOf(attributes).trim() !== ''))
        problems.push({ record: id, what: 'failed without a logged reason' });
      if (logs.some((attributes) => reasonOf(attributes).length > REASON_MAX))
        problems.push({ record: id, what: `a logged reason is longer than ${REASON_MAX} characters` });
      const warning = logs.find((attributes) => attributes.error !== undefined);
      if (warning === undefined) fates.set(id, 'rejected');
      else if (
        warning.error instanceof AdapterError &&
        warning.retryable === true &&
        /kept changing/.test(warning.error.message)
      ) {
        // The memory store fails only on a write race: SQS delivers the record again.
        if (receive < MAX_RECEIVES) retry.push(id);
        else fates.set(id, 'dead-lettered');
      } else {
        // The memory ports never fail otherwise: this record crashed on its input instead of being rejected.
        problems.push({ record: id, what: `retried, not rejected: ${(warning.error as Error)?.stack}` });
        fates.set(id, 'dead-lettered');
      }
    }
    const rejectedNow =
      failed.length - retry.length - ids.filter((id) => fates.get(id) === 'dead-lettered').length;
    if (invalidCounted !== rejectedNow)
      problems.push({
        record: '(batch)',
        what: `${rejectedNow} rejected, ${invalidCounted} counted as InvalidEvents`,
      });
    pending = pending.filter(({ id }) => retry.includes(id));
  }
  return { h, fates, problems, longestReason };
};

describe('fuzzing the route handler with mutated sample events', () => {
  it(
    `routes or rejects with a reason every one of ${RUNS} mutants, and never fails the untouched event beside them`,
    {
      timeout: Math.max(600_000, RUNS * 10),
    },
    async () => {
      // Prepare
      const started = performance.now();
      const problems: Problem[] = [];
      const kinds = new Map<MutationKind, number>();
      const fates = new Map<Fate, number>();
      let sent = 0;
      let longestReason = 0;
      const batches = Math.ceil(RUNS / PER_BATCH);

      for (let batch = 0; batch < batches; batch++) {
        const mutants = Array.from({ length: Math.min(PER_BATCH, RUNS - batch * PER_BATCH) }, (_, i) =>
          mutantAt(SAMPLES, SEED, batch * PER_BATCH + i),
        );
        const good = SAMPLES[batch % SAMPLES.length]!;
        const goodAt = batch % (mutants.length + 1);
        const records: (Mutant | undefined)[] = [...mutants];
        records.splice(goodAt, 0, undefined);
        const bodies = records.map((mutant) => JSON.stringify(mutant?.event ?? good.event));

        // Act
        const outcome = await deliver(bodies, batch);

        // Assess: routed, or rejected with a logged reason; never a crash; the untouched sample always routed.
        const mutantOf = (id: string) => records[Number(id.split('-m')[1])];
        for (const { record, what } of outcome.problems)
          problems.push({ batch, record, mutant: mutantOf(record), what });
        const goodId = `b${batch}-m${goodAt}`;
        const goodFate = outcome.fates.get(goodId);
        if (goodFate !== 'routed' && goodFate !== 'retried-then-routed')
          problems.push({ batch, record: goodId, what: `the untouched ${good.name} was ${goodFate}` });
        for (const incident of outcome.h.store.incidents())
          for (const what of storeProblems(incident))
            problems.push({ batch, record: incident.id, what: `store: ${what}` });
        for (const notification of outcome.h.notifier.sent())
          for (const what of await notificationProblems(notification))
            problems.push({
              batch,
              record: notification.incidentId,
              what: `${notification.receiver}: ${what}`,
            });

        sent += outcome.h.notifier.sent().length;
        longestReason = Math.max(longestReason, outcome.longestReason);
        for (const fate of outcome.fates.values()) fates.set(fate, (fates.get(fate) ?? 0) + 1);
        for (const mutant of mutants)
          for (const { kind } of mutant.mutations) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        if (problems.length >= 20) break;
      }

      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.info(
        `fuzz: ${RUNS} mutants of ${SAMPLES.length} samples (seed ${SEED}), ${batches} batches with one untouched ` +
          `sample each, ${seconds} s: ${[...fates].map(([fate, count]) => `${count} ${fate}`).join(', ')}; ` +
          `${sent} notifications checked; longest logged reason ${longestReason} characters; ${kinds.size} of ${MUTATION_KINDS.length} mutation kinds ` +
          `(${[...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')})`,
      );

      // Assess
      expect(
        problems.map(
          (p) =>
            `FUZZ_SEED=${SEED} batch ${p.batch} record ${p.record} (${describeRecord(p.record, p.mutant)}): ${p.what.slice(0, 2_000)}`,
        ),
        `fuzz failures with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`,
      ).toEqual([]);
      expect(fates.get('dead-lettered') ?? 0).toBe(0);
      if (RUNS >= 10_000) expect([...kinds.keys()].sort()).toEqual([...MUTATION_KINDS].sort());
    },
  );
});
