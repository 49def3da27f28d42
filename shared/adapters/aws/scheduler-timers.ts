import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { AdapterError } from '../../errors.js';
import { localParts } from '../../local-time.js';
import type { Clock, Timer, Timers } from '../../ports.js';
import { errorName, sdkError } from './sdk-error.js';

/** What the Scheduler timers need: where schedules live, what they invoke, and how failed invocations end. */
type SchedulerTimersOptions = {
  readonly client: SchedulerClient;
  /** The schedule group of the escalation timers (created by the hub stack). */
  readonly groupName: string;
  /** The escalate Lambda's ARN: the schedules' target. */
  readonly targetArn: string;
  /** The role Scheduler assumes to invoke the target (`lambda:InvokeFunction` on it, `sqs:SendMessage` on the DLQ). */
  readonly roleArn: string;
  /** The SQS queue that receives invocations Scheduler gave up on. */
  readonly deadLetterArn: string;
  /** "Now", to move a time already past (or about to pass) into the near future. */
  readonly clock: Clock;
  /** The zone the `at()` expression is written in; UTC by default (no daylight saving time, no ambiguous hour). */
  readonly timeZone?: string;
  /** Earliest fire time, from now, in milliseconds; 60 s by default (Scheduler's precision is one minute). */
  readonly minimumLeadMs?: number;
  /** Scheduler's retries of a failed invocation; by default 5 attempts within one hour, then the DLQ. */
  readonly retryPolicy?: { readonly maximumRetryAttempts: number; readonly maximumEventAgeSeconds: number };
};

/** Scheduler: a schedule name is 1–64 characters of letters, digits, `-`, `_` and `.`. */
const SCHEDULE_NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;

const DEFAULT_RETRY_POLICY = { maximumRetryAttempts: 5, maximumEventAgeSeconds: 3_600 } as const;

/** Scheduler's own retryable error names, on top of the ones every service shares (see `sdk-error.ts`). */
const SCHEDULER_RETRYABLE_NAMES: ReadonlySet<string> = new Set(['InternalServerException']);

/**
 * The `Timers` on EventBridge Scheduler: each escalation step is a one-time schedule that invokes the escalate
 * Lambda once and then deletes itself.
 *
 * `schedule(timer)` creates `at(yyyy-mm-ddThh:mm:ss)` in UTC (or `timeZone`) with no flexible window,
 * `ActionAfterCompletion: DELETE`, and a target whose input is `{"fingerprint","incidentId","token"}`: what the
 * escalate handler reads before it checks the fencing token. The target has a retry policy and a dead-letter
 * queue, so an invocation that keeps failing is recorded, not lost.
 *
 * Idempotent by name: names carry the incident, step and fencing token (`INC-1a2b3c4d-1-s1-t1`), so a schedule
 * that already exists (`ConflictException`, e.g. on SQS redelivery) is the same timer, and creating it again
 * succeeds without a change. A name Scheduler would refuse (over 64 characters, other characters) fails at
 * once, non-retryably, with the name in the message.
 *
 * Times in the past: Scheduler's documentation does not promise what a one-time schedule in the past does, and
 * such requests are reported to be refused. A timer due before `now + minimumLeadMs` (a late redelivery, a
 * slow batch) is therefore set one lead time from now, rounded up to the whole second (never early). The step
 * still fires; if it has become stale meanwhile, the fencing token makes the extra fire harmless, and the
 * sweeper re-fires overdue steps anyway.
 *
 * `cancel(name)` deletes the schedule; one already gone (fired and deleted, or never created) is not an error.
 * Throttling, server faults and timeouts become retryable {@link AdapterError}s; validation and authorization
 * errors, a missing group or the schedule quota do not.
 *
 * @example
 * ```ts
 * const timers = createSchedulerTimers({
 *   client: new SchedulerClient({}),
 *   groupName: 'alert-router-escalations',
 *   targetArn: escalateFunctionArn,
 *   roleArn: schedulerRoleArn,
 *   deadLetterArn: escalationDlqArn,
 *   clock: { now: () => Date.now() },
 * });
 * await timers.schedule(liveTimer(incident));
 * ```
 */
const createSchedulerTimers = ({
  client,
  groupName,
  targetArn,
  roleArn,
  deadLetterArn,
  clock,
  timeZone = 'UTC',
  minimumLeadMs = 60_000,
  retryPolicy = DEFAULT_RETRY_POLICY,
}: SchedulerTimersOptions): Timers => ({
  schedule: async (timer) => {
    checkName(timer.name);
    const fireAt = ceilToSecond(Math.max(timer.at, clock.now() + minimumLeadMs));
    const input: CreateScheduleCommandInput = {
      Name: timer.name,
      GroupName: groupName,
      Description:
        timer.kind === 'digest'
          ? `Digest of ${timer.group}, due ${new Date(timer.at).toISOString()}`
          : timer.kind === 'wake'
            ? `Reminder or silence end of ${timer.incidentId}, due ${new Date(timer.at).toISOString()}`
            : `Escalation of ${timer.incidentId} (token ${timer.token}), due ${new Date(timer.at).toISOString()}`,
      ScheduleExpression: atExpression(fireAt, timeZone),
      ScheduleExpressionTimezone: timeZone,
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: targetArn,
        RoleArn: roleArn,
        Input: JSON.stringify(timerInput(timer)),
        RetryPolicy: {
          MaximumRetryAttempts: retryPolicy.maximumRetryAttempts,
          MaximumEventAgeInSeconds: retryPolicy.maximumEventAgeSeconds,
        },
        DeadLetterConfig: { Arn: deadLetterArn },
      },
    };
    try {
      await client.send(new CreateScheduleCommand(input));
    } catch (error) {
      // The name holds the fencing token: an existing schedule of that name is this very timer.
      if (errorName(error) === 'ConflictException') return;
      throw sdkError(
        `scheduler: CreateSchedule ${groupName}/${timer.name} failed`,
        error,
        SCHEDULER_RETRYABLE_NAMES,
      );
    }
  },
  cancel: async (name) => {
    checkName(name);
    try {
      await client.send(new DeleteScheduleCommand({ Name: name, GroupName: groupName }));
    } catch (error) {
      // Fired and deleted itself (ActionAfterCompletion), or never created: the timer is gone either way.
      if (errorName(error) === 'ResourceNotFoundException') return;
      throw sdkError(
        `scheduler: DeleteSchedule ${groupName}/${name} failed`,
        error,
        SCHEDULER_RETRYABLE_NAMES,
      );
    }
  },
});

/** The escalate handler's input: which incident, and the token the step was scheduled with. @internal */
/** What the timer function receives: an escalation step, a digest (its group and due time), or a wake-up. */
const timerInput = (timer: Timer) => {
  if (timer.kind === 'digest') return { kind: 'digest', group: timer.group, at: timer.at };
  if (timer.kind === 'wake')
    return { kind: 'wake', fingerprint: timer.fingerprint, incidentId: timer.incidentId };
  return { fingerprint: timer.fingerprint, incidentId: timer.incidentId, token: timer.token };
};

/** Throws a non-retryable error for a name Scheduler would refuse. @internal */
const checkName = (name: string): void => {
  if (!SCHEDULE_NAME.test(name)) {
    throw new AdapterError(
      `scheduler: timer name "${name}" is not a valid schedule name ` +
        '(1-64 characters of letters, digits, "-", "_" and ".")',
      false,
    );
  }
};

const ceilToSecond = (millis: number): number => Math.ceil(millis / 1_000) * 1_000;

/** `at(2026-11-27T03:15:00)`: the wall-clock time in `timeZone`, to the second. @internal */
const atExpression = (millis: number, timeZone: string): string => {
  const p = localParts(millis, timeZone);
  return `at(${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second})`;
};

export { createSchedulerTimers };
export type { SchedulerTimersOptions };
