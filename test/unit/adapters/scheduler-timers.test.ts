import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  InternalServerException,
  ResourceNotFoundException,
  SchedulerClient,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSchedulerTimers,
  type SchedulerTimersOptions,
} from '../../../shared/adapters/aws/scheduler-timers.js';
import { liveTimer } from '../../../shared/engine/escalation.js';
import { AdapterError } from '../../../shared/errors.js';
import type { EscalationTimer } from '../../../shared/ports.js';
import { anIncident } from '../../helpers/incidents.js';
import { schedulerError } from '../../helpers/sdk-errors.js';

const GROUP = 'alert-router-escalations';
const TARGET = 'arn:aws:lambda:ap-northeast-1:999999999999:function:alert-router-escalate';
const ROLE = 'arn:aws:iam::999999999999:role/alert-router-scheduler';
const DLQ = 'arn:aws:sqs:ap-northeast-1:999999999999:alert-router-escalate-dlq';

/** 2026-11-27 12:00 JST: the step below is due 15 minutes later. */
const NOW = Date.parse('2026-11-27T03:00:00.000Z');

/** The live step of an open HIGH incident, as the engine names and times it: due 03:15 UTC (12:15 JST). */
const incident = anIncident({
  escalation: {
    levels: ['team-oncall', 'team-lead'],
    ackWithinMs: 30 * 60_000,
    repeat: 3,
    step: 0,
    token: 4,
    dueAt: Date.parse('2026-11-27T03:15:00.000Z'),
  },
});
const timer = liveTimer(incident)!;

const scheduler = mockClient(SchedulerClient);

const timers = (options: Partial<SchedulerTimersOptions> = {}, now = NOW) =>
  createSchedulerTimers({
    client: new SchedulerClient({}),
    groupName: GROUP,
    targetArn: TARGET,
    roleArn: ROLE,
    deadLetterArn: DLQ,
    clock: { now: () => now },
    ...options,
  });

/** The one CreateSchedule request sent. */
const created = (): CreateScheduleCommandInput => {
  const calls = scheduler.commandCalls(CreateScheduleCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input;
};

/** The error a promise rejects with, checked to be an AdapterError. */
const failure = async (promise: Promise<void>): Promise<AdapterError> => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AdapterError);
  return error as AdapterError;
};

beforeEach(() => {
  scheduler.reset();
  scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: `arn:aws:scheduler:::schedule/${GROUP}/x` });
  scheduler.on(DeleteScheduleCommand).resolves({});
});

afterEach(() => {
  scheduler.reset();
});

describe('scheduling an escalation step', () => {
  it('creates a one-time UTC schedule that invokes the escalate Lambda once, then deletes itself', async () => {
    // Act
    await timers().schedule(timer);

    // Assess
    expect(created()).toEqual({
      Name: timer.name,
      GroupName: GROUP,
      Description: `Escalation of ${incident.id} (token 4), due 2026-11-27T03:15:00.000Z`,
      ScheduleExpression: 'at(2026-11-27T03:15:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: TARGET,
        RoleArn: ROLE,
        Input: JSON.stringify({ fingerprint: incident.fingerprint, incidentId: incident.id, token: 4 }),
        RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: DLQ },
      },
    });
  });

  it('names the schedule after the incident, the step and the fencing token, within Scheduler’s limits', async () => {
    // Act
    await timers().schedule(timer);

    // Assess
    const name = created().Name ?? '';
    expect(name).toBe(`${incident.id}-s1-t4`);
    expect(name).toMatch(/^[0-9a-zA-Z\-_.]{1,64}$/);
  });

  it('gives the escalate handler what it reads: fingerprint, incident id and token', async () => {
    // Act
    await timers().schedule(timer);

    // Assess
    expect(JSON.parse(created().Target?.Input ?? '')).toEqual({
      fingerprint: 'guardduty:111111111111:ap-northeast-1:finding-1',
      incidentId: incident.id,
      token: 4,
    });
  });

  it('uses the retry policy it is given', async () => {
    // Act
    await timers({ retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 600 } }).schedule(timer);

    // Assess
    expect(created().Target?.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 600 });
  });

  it('writes the time in another zone when asked (Asia/Tokyo: 12:15 for 03:15 UTC)', async () => {
    // Act
    await timers({ timeZone: 'Asia/Tokyo' }).schedule(timer);

    // Assess
    expect(created()).toMatchObject({
      ScheduleExpression: 'at(2026-11-27T12:15:00)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
    });
  });

  it.each([
    [
      'a time with milliseconds is rounded up, never early',
      '2026-11-27T03:15:00.250Z',
      NOW,
      'at(2026-11-27T03:15:01)',
    ],
    [
      'a time in the past is moved to a minute from now',
      '2026-11-27T02:45:00.000Z',
      NOW,
      'at(2026-11-27T03:01:00)',
    ],
    [
      'a time due within the minute is moved to a minute from now',
      '2026-11-27T03:00:30.000Z',
      NOW,
      'at(2026-11-27T03:01:00)',
    ],
    [
      'a minute from a now with milliseconds is rounded up',
      '2026-11-27T02:45:00.000Z',
      Date.parse('2026-11-27T03:20:00.400Z'),
      'at(2026-11-27T03:21:01)',
    ],
    ['a time a minute away stays as it is', '2026-11-27T03:01:00.000Z', NOW, 'at(2026-11-27T03:01:00)'],
  ])('%s', async (_case, at, now, expression) => {
    // Prepare
    const due: EscalationTimer = { ...timer, at: Date.parse(at) };

    // Act
    await timers({}, now).schedule(due);

    // Assess
    expect(created().ScheduleExpression).toBe(expression);
    expect(created().Description).toContain(`due ${at}`);
  });

  it('treats a schedule that already exists (ConflictException) as scheduled: re-scheduling is idempotent', async () => {
    // Prepare
    scheduler
      .on(CreateScheduleCommand)
      .rejects(schedulerError(ConflictException, 'Schedule already exists.', 409));

    // Act
    await timers().schedule(timer);

    // Assess
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(1);
  });

  it.each([
    ['longer than 64 characters', `INC-${'a'.repeat(61)}`],
    ['with a slash', 'INC-1a2b3c4d-1/s1-t1'],
    ['with a space', 'INC-1a2b3c4d-1 s1-t1'],
    ['with a colon', 'INC:1a2b3c4d-1-s1-t1'],
    ['empty', ''],
  ])('refuses a name %s clearly, non-retryably, without calling Scheduler', async (_case, name) => {
    // Act
    const error = await failure(timers().schedule({ ...timer, name }));

    // Assess
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`"${name}"`);
    expect(error.message).toContain('1-64 characters');
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(0);
  });

  it('accepts a name of exactly 64 characters', async () => {
    // Act
    await timers().schedule({ ...timer, name: `INC-${'a'.repeat(60)}` });

    // Assess
    expect(created().Name).toHaveLength(64);
  });

  it.each([
    ['throttling', schedulerError(ThrottlingException, 'Rate exceeded', 429), true],
    ['a server fault', schedulerError(InternalServerException, 'Internal failure', 500), true],
    ['a timeout', Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }), true],
    ['a validation error', schedulerError(ValidationException, 'Invalid expression', 400), false],
    [
      'a missing schedule group',
      schedulerError(ResourceNotFoundException, 'Schedule group not found', 404),
      false,
    ],
    ['the schedule quota', schedulerError(ServiceQuotaExceededException, 'Quota exceeded', 402), false],
    [
      'an authorization error',
      Object.assign(new Error('not authorized'), {
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
      }),
      false,
    ],
  ])('turns %s on create into an AdapterError (retryable: %s) with the SDK error as cause', async (_case, sdkError, retryable) => {
    // Prepare
    scheduler.on(CreateScheduleCommand).rejects(sdkError);

    // Act
    const error = await failure(timers().schedule(timer));

    // Assess
    expect(error.retryable).toBe(retryable);
    expect(error.cause).toBe(sdkError);
    expect(error.message).toContain(`${GROUP}/${timer.name}`);
  });
});

describe('cancelling an escalation step', () => {
  it('deletes the schedule by name in the group', async () => {
    // Act
    await timers().cancel(timer.name);

    // Assess
    const calls = scheduler.commandCalls(DeleteScheduleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({ Name: timer.name, GroupName: GROUP });
  });

  it('treats a schedule that no longer exists (ResourceNotFoundException) as cancelled', async () => {
    // Prepare
    scheduler
      .on(DeleteScheduleCommand)
      .rejects(schedulerError(ResourceNotFoundException, 'Schedule not found', 404));

    // Act
    await timers().cancel(timer.name);

    // Assess
    expect(scheduler.commandCalls(DeleteScheduleCommand)).toHaveLength(1);
  });

  it.each([
    ['throttling', schedulerError(ThrottlingException, 'Rate exceeded', 429), true],
    ['a validation error', schedulerError(ValidationException, 'Invalid group', 400), false],
  ])('turns %s on delete into an AdapterError (retryable: %s)', async (_case, sdkError, retryable) => {
    // Prepare
    scheduler.on(DeleteScheduleCommand).rejects(sdkError);

    // Act
    const error = await failure(timers().cancel(timer.name));

    // Assess
    expect(error.retryable).toBe(retryable);
    expect(error.cause).toBe(sdkError);
  });

  it('refuses an invalid name without calling Scheduler', async () => {
    // Act
    const error = await failure(timers().cancel('not a schedule name'));

    // Assess
    expect(error.retryable).toBe(false);
    expect(scheduler.commandCalls(DeleteScheduleCommand)).toHaveLength(0);
  });
});
