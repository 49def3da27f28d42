import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfig } from '../../../shared/config/load.js';
import { ConfigInvalidError } from '../../../shared/errors.js';
import { exampleConfigObject } from '../../helpers/config.js';

// DESIGN §11: `asps[].eventBusArn` names the ASP's own bus, where the hub forwards that ASP's lifecycle events.

const withAsps = (change: (asps: Record<string, unknown>[]) => void): string => {
  const config = exampleConfigObject() as { asps: Record<string, unknown>[] };
  change(config.asps);
  return stringify(config);
};

const problemsOf = (text: string): string[] => {
  try {
    parseConfig(text);
  } catch (error) {
    if (error instanceof ConfigInvalidError) return error.message.split('\n');
    throw error;
  }
  return [];
};

const ARN_REASON =
  'must be the ARN of an EventBridge event bus: arn:aws:events:<region>:<12-digit account>:event-bus/<name>';

describe('asps[].eventBusArn', () => {
  it('is optional, and kept as given when it is an event bus ARN', () => {
    const config = parseConfig(
      withAsps((asps) => {
        (asps[0] as Record<string, unknown>).eventBusArn =
          'arn:aws:events:ap-northeast-1:123456789012:event-bus/asp-a-tickets';
        (asps[1] as Record<string, unknown>).eventBusArn =
          'arn:aws:events:ap-northeast-3:210987654321:event-bus/team/alert-router_2.in';
      }),
    );

    expect(config.asps.map((asp) => asp.eventBusArn)).toEqual([
      'arn:aws:events:ap-northeast-1:123456789012:event-bus/asp-a-tickets',
      'arn:aws:events:ap-northeast-3:210987654321:event-bus/team/alert-router_2.in',
      undefined,
    ]);
  });

  it.each([
    ['an SNS topic', 'arn:aws:sns:ap-northeast-1:123456789012:asp-a'],
    ['a rule, not a bus', 'arn:aws:events:ap-northeast-1:123456789012:rule/asp-a'],
    ['a short account id', 'arn:aws:events:ap-northeast-1:12345:event-bus/asp-a'],
    ['no region', 'arn:aws:events::123456789012:event-bus/asp-a'],
    ['no bus name', 'arn:aws:events:ap-northeast-1:123456789012:event-bus/'],
    ['a bus name with a space', 'arn:aws:events:ap-northeast-1:123456789012:event-bus/asp a'],
    ['a bus name only', 'asp-a-tickets'],
  ])('refuses %s, naming the path', (_, arn) => {
    const problems = problemsOf(
      withAsps((asps) => {
        (asps[1] as Record<string, unknown>).eventBusArn = arn;
      }),
    );

    expect(problems).toEqual([`asps[1].eventBusArn: ${ARN_REASON}`]);
  });

  it('refuses one bus for two ASPs: each would read the other ASP’s events', () => {
    const arn = 'arn:aws:events:ap-northeast-1:123456789012:event-bus/shared';
    const problems = problemsOf(
      withAsps((asps) => {
        (asps[0] as Record<string, unknown>).eventBusArn = arn;
        (asps[2] as Record<string, unknown>).eventBusArn = arn;
      }),
    );

    expect(problems).toEqual([
      "asps[2].eventBusArn: the bus is already asps[0]'s: each ASP needs a bus of its own, or it reads another ASP's events",
    ]);
  });
});
