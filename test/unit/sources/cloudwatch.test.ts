import { describe, expect, it } from 'vitest';
import { EnvelopeInvalidError } from '../../../shared/errors.js';
import { alarmArnOf, alarmVerdict } from '../../../shared/sources/cloudwatch.js';
import { type Envelope, normalizeEvent } from '../../../shared/sources/index.js';
import { loadEvent, withChanges } from '../../helpers/events.js';
import { alertOf } from '../../helpers/normalized.js';

const ALARM = 'cloudwatch/zeimu-batch-errors-alarm.json';
const OK = 'cloudwatch/zeimu-batch-errors-ok.json';
const COMPOSITE = 'cloudwatch/fukushi-composite-actions-suppressed.json';
const ZEIMU_ARN = 'arn:aws:cloudwatch:ap-northeast-1:222222222222:alarm:zeimu-batch-errors';

describe('CloudWatch alarm verdicts', () => {
  it.each([
    ['ALARM', 'HIGH', 'open', []],
    ['alarm', 'HIGH', 'open', []],
    ['OK', 'HIGH', 'resolved', []],
    ['WARNING', 'MEDIUM', 'open', ['unrecognized']],
  ])('reads state %s as %s %s', (value, severity, status, flags) => {
    expect(alarmVerdict(value)).toMatchObject({ kind: 'alert', severity, status, flags });
  });

  it('names an unknown state in the reason', () => {
    expect(alarmVerdict('WARNING').reason).toContain('"WARNING"');
  });

  it('ignores INSUFFICIENT_DATA: no verdict', () => {
    expect(alarmVerdict('INSUFFICIENT_DATA')).toEqual({
      kind: 'ignored',
      reason: expect.stringContaining('no verdict'),
    });
  });
});

describe('the zeimu batch errors alarm firing and clearing', () => {
  it('opens a HIGH application alert keyed on the alarm ARN', () => {
    // Act
    const alert = alertOf(loadEvent(ALARM));

    // Assess
    expect(alert).toMatchObject({
      fingerprint: `cloudwatch:${ZEIMU_ARN}`,
      source: 'cloudwatch',
      category: 'application',
      accountId: '222222222222',
      envelopeAccount: '222222222222',
      region: 'ap-northeast-1',
      resource: 'zeimu-batch',
      type: 'zeimu-batch-errors',
      title: 'CloudWatch alarm zeimu-batch-errors is ALARM',
      severity: 'HIGH',
      status: 'open',
      version: '2026-11-27T04:00:00.118Z',
      time: '2026-11-27T04:00:00.000Z',
      consoleUrl:
        'https://ap-northeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-1#alarmsV2:alarm/zeimu-batch-errors',
      flags: [],
      quiet: false,
    });
    expect(alert.description).toContain('Threshold Crossed');
    expect(alert.reasons).toContain('previous state OK');
  });

  it('resolves the same incident when the alarm returns to OK, with a newer version', () => {
    // Prepare
    const fired = alertOf(loadEvent(ALARM));

    // Act
    const cleared = alertOf(loadEvent(OK));

    // Assess
    expect(cleared.fingerprint).toBe(fired.fingerprint);
    expect(cleared.status).toBe('resolved');
    expect(cleared.version > fired.version).toBe(true);
  });
});

describe('CloudWatch alarm variations', () => {
  it('records a composite alarm whose actions are suppressed without sending it', () => {
    // Act
    const alert = alertOf(loadEvent(COMPOSITE));

    // Assess
    expect(alert.quiet).toBe(true);
    expect(alert.flags).toEqual(['actions-suppressed']);
    expect(alert.reasons.join(' ')).toMatch(/suppressed by WaitPeriod.*recorded, not sent/);
    expect(alert.severity).toBe('HIGH');
    expect(alert.accountId).toBe('333333333333');
  });

  it('says why the actions are suppressed once, not "by WaitPeriod (Actions suppressed by WaitPeriod)"', () => {
    // Act
    const alert = alertOf(loadEvent(COMPOSITE));

    // Assess
    expect(alert.reasons).toContain(
      'actions suppressed by WaitPeriod: the owner muted this alarm → recorded, not sent',
    );
  });

  it('keeps a suppression reason that adds something', () => {
    // Prepare
    const event = withChanges(loadEvent(COMPOSITE), (copy) => {
      copy.detail.state.actionsSuppressedBy = 'Alarm';
      copy.detail.state.actionsSuppressedReason = 'Alarm fukushi-maintenance-window in ALARM';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.reasons.join(' ')).toContain(
      'actions suppressed by Alarm (Alarm fukushi-maintenance-window in ALARM)',
    );
  });

  it('reads a composite alarm, which has no metrics, with the alarm itself as the resource', () => {
    // Act
    const alert = alertOf(loadEvent(COMPOSITE));

    // Assess
    expect(alert.resource).toBe('fukushi-service-health');
    expect(alert.fingerprint).toBe(
      'cloudwatch:arn:aws:cloudwatch:ap-northeast-1:333333333333:alarm:fukushi-service-health',
    );
  });

  it('still lets a suppressed OK resolve what an earlier trigger opened', () => {
    // Prepare
    const event = withChanges(loadEvent(COMPOSITE), (copy) => {
      copy.detail.state.value = 'OK';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.status).toBe('resolved');
    expect(alert.quiet).toBe(false);
    expect(alert.flags).toEqual(['actions-suppressed']);
  });

  it.each([[null], [''], ['  ']])('is not quiet when actionsSuppressedBy is %j', (actionsSuppressedBy) => {
    // Prepare
    const event = withChanges(loadEvent(COMPOSITE), (copy) => {
      copy.detail.state.actionsSuppressedBy = actionsSuppressedBy;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.quiet).toBe(false);
    expect(alert.flags).toEqual([]);
  });

  it('opens the staging alarm at 19:00 JST as usual: silences are for routing to judge', () => {
    // Act
    const alert = alertOf(loadEvent('cloudwatch/kokuho-stg-latency-alarm-during-maintenance.json'));

    // Assess
    expect(alert).toMatchObject({
      accountId: '555555555555',
      severity: 'HIGH',
      status: 'open',
      quiet: false,
    });
    expect(alert.time).toBe('2026-11-27T10:00:00.000Z');
  });

  it('opens a metric-math alarm that left INSUFFICIENT_DATA for ALARM', () => {
    // Act
    const alert = alertOf(loadEvent('cloudwatch/juki-dr-metric-math-insufficient-to-alarm.json'));

    // Assess
    expect(alert).toMatchObject({ severity: 'HIGH', status: 'open', region: 'ap-northeast-3' });
    expect(alert.resource).toBe('i-0f8a0b2c4d6e79135');
    expect(alert.reasons).toContain('previous state INSUFFICIENT_DATA');
  });

  it('ignores a configuration change even when its state says ALARM', () => {
    // Prepare
    const event = loadEvent('cloudwatch/alarm-configuration-delete-ignored.json');

    // Act
    const result = normalizeEvent(event);

    // Assess
    expect(result).toMatchObject({
      kind: 'ignored',
      reason: 'alarm configuration change, not a state change',
    });
  });

  it.each([
    ['INSUFFICIENT_DATA'],
    ['insufficient_data'],
  ])('ignores a change to %s with the reason', (value) => {
    // Prepare
    const event = withChanges(loadEvent(ALARM), (copy) => {
      copy.detail.state.value = value;
    });

    // Act
    const result = normalizeEvent(event);

    // Assess
    expect(result).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('no verdict') });
  });

  it('gives an unknown state to the team as MEDIUM, flagged unrecognized', () => {
    // Prepare
    const event = withChanges(loadEvent(ALARM), (copy) => {
      copy.detail.state.value = 'WARNING';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert).toMatchObject({ severity: 'MEDIUM', status: 'open', flags: ['unrecognized'] });
  });

  it('ignores other CloudWatch detail-types, naming them', () => {
    // Prepare
    const event = withChanges(loadEvent(ALARM), (copy) => {
      copy['detail-type'] = 'CloudWatch Alarm Mute Rule State Change';
    });

    // Act
    const result = normalizeEvent(event);

    // Assess
    expect(result).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('Mute Rule') });
  });
});

describe('CloudWatch alarm ARN', () => {
  const envelope = (resources?: unknown[]): Envelope => ({
    id: 'e1',
    source: 'aws.cloudwatch',
    'detail-type': 'CloudWatch Alarm State Change',
    account: '222222222222',
    region: 'ap-northeast-1',
    time: '2026-11-27T04:00:00Z',
    detail: {},
    ...(resources === undefined ? {} : { resources }),
  });

  it.each([
    ['the alarm ARN in resources', [ZEIMU_ARN], ZEIMU_ARN],
    [
      'the first alarm ARN among other resources',
      ['arn:aws:lambda:ap-northeast-1:222222222222:function:zeimu-batch', 42, ZEIMU_ARN],
      ZEIMU_ARN,
    ],
    ['an ARN built from the envelope when resources is empty', [], ZEIMU_ARN],
    ['an ARN built from the envelope when resources is missing', undefined, ZEIMU_ARN],
    [
      'an ARN built from the envelope when the alarm ARN names another account',
      ['arn:aws:cloudwatch:ap-northeast-1:111111111111:alarm:zeimu-batch-errors'],
      ZEIMU_ARN,
    ],
    [
      'an ARN built from the envelope when resources holds no alarm ARN',
      ['zeimu-batch-errors', 'arn:aws:cloudwatch:ap-northeast-1:222222222222:dashboard/zeimu'],
      ZEIMU_ARN,
    ],
  ])('uses %s', (_, resources, expected) => {
    expect(alarmArnOf(envelope(resources), 'zeimu-batch-errors')).toBe(expected);
  });

  it('keys on the built ARN end to end when the envelope has no resources', () => {
    // Prepare
    const event = withChanges(loadEvent(ALARM), (copy) => {
      delete copy.resources;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.fingerprint).toBe(`cloudwatch:${ZEIMU_ARN}`);
  });
});

describe('CloudWatch tolerant reading', () => {
  it.each([
    ['missing', undefined],
    ['not JSON', '{not json'],
    ['an object instead of a string', { version: '1.0' }],
  ])('does not need reasonData (%s)', (_, reasonData) => {
    // Prepare
    const event = withChanges(loadEvent(ALARM), (copy) => {
      copy.detail.state.reasonData = reasonData;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.status).toBe('open');
  });

  it('falls back to the envelope time when the state has no timestamp', () => {
    // Prepare
    const event = withChanges(loadEvent(ALARM), (copy) => {
      delete copy.detail.state.timestamp;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.version).toBe('2026-11-27T04:00:00.000Z');
  });

  it('reads an alarm without configuration or previous state', () => {
    // Prepare
    const event = withChanges(loadEvent(ALARM), (copy) => {
      delete copy.detail.configuration;
      delete copy.detail.previousState;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.resource).toBe('zeimu-batch-errors');
    expect(alert.reasons).toEqual(['alarm state ALARM → HIGH']);
  });

  it('tolerates a configuration shape it does not expect', () => {
    // Prepare
    const event = withChanges(loadEvent(ALARM), (copy) => {
      copy.detail.configuration = { metrics: 'm1' };
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.resource).toBe('zeimu-batch-errors');
  });
});

describe('CloudWatch bad input', () => {
  it.each([['state'], ['alarmName']])('rejects a state change without %s, naming the path', (field) => {
    // Prepare
    const event = withChanges(loadEvent(ALARM), (copy) => {
      delete copy.detail[field];
    });

    // Act
    const act = () => normalizeEvent(event);

    // Assess
    expect(act).toThrow(EnvelopeInvalidError);
    expect(act).toThrow(`detail.${field}`);
  });

  it('rejects a state change whose payload is not under detail (the Lambda alarm-action shape)', () => {
    // Prepare
    const event = withChanges(loadEvent(ALARM), (copy) => {
      copy.alarmData = copy.detail;
      delete copy.detail;
    });

    // Act
    const act = () => normalizeEvent(event);

    // Assess
    expect(act).toThrow(EnvelopeInvalidError);
  });
});
