import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readEnvironment } from '../../functions/monthly-report/handler.js';
import { buildApp, HUB_STACK_NAME } from '../../infra/app.js';
import {
  MONTHLY_REPORT_SCHEDULE,
  MONTHLY_REPORT_SCHEDULE_NAME,
  MONTHLY_REPORT_TIMEZONE,
  REPORT_MARKER_PREFIX,
} from '../../infra/constructs/monthly-report.js';
import { INCIDENT_TABLE } from '../../shared/storage/table-layout.js';
import { exampleConfigObject } from '../helpers/config.js';

/**
 * The monthly report's part of the hub stack (DESIGN §15, issue 16): the `monthly-report` function, the schedule on
 * the 1st at 09:00 JST and the role Scheduler runs it with, and what the function may do.
 */
type Resource = { Type: string; Properties: Record<string, any> } & Record<string, any>;
type Statement = Record<string, any>;

const hubTemplate = (configPath: string): Template => {
  const app = buildApp(configPath, { stubFunctions: true }, { builtinCloudFormationValidation: false });
  return Template.fromStack(app.node.findChild(HUB_STACK_NAME) as Stack);
};

const withoutConsole = (): string => {
  const config = exampleConfigObject();
  delete config.console;
  const path = join(mkdtempSync(join(tmpdir(), 'alert-router-report-')), 'config.yaml');
  writeFileSync(path, stringify(config));
  return path;
};

const resourcesOf = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type)) as [string, Resource][];

const reportFunction = (template: Template): [string, Resource] => {
  const [found] = resourcesOf(template, 'AWS::Lambda::Function').filter(
    ([, r]) => r.Properties.FunctionName === 'alert-router-monthly-report',
  );
  if (found === undefined) throw new Error('no monthly-report function');
  return found;
};

const policyStatementsOfRole = (template: Template, roleId: string): Statement[] =>
  resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);

const functionStatements = (template: Template): Statement[] =>
  policyStatementsOfRole(template, reportFunction(template)[1].Properties.Role['Fn::GetAtt'][0]);

const actionsOf = (statements: Statement[]) =>
  [...new Set(statements.flatMap((s) => [s.Action].flat() as string[]))].sort();

describe('the monthly report in the hub stack', () => {
  let template: Template;
  beforeAll(() => {
    template = hubTemplate('events/config.example.yaml');
  });

  it('runs the report function on the 1st of each month at 09:00 Tokyo time', () => {
    const schedules = resourcesOf(template, 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(1);
    const [, schedule] = schedules[0] as [string, Resource];
    const [fnId] = reportFunction(template);
    expect(schedule.Properties).toMatchObject({
      Name: MONTHLY_REPORT_SCHEDULE_NAME,
      ScheduleExpression: 'cron(0 9 1 * ? *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [fnId, 'Arn'] } },
    });
    expect([MONTHLY_REPORT_SCHEDULE, MONTHLY_REPORT_TIMEZONE]).toEqual(['cron(0 9 1 * ? *)', 'Asia/Tokyo']);
    // Scheduler gives up on a run it cannot hand over after a bounded time; the report is late, never doubled.
    expect(schedule.Properties.Target.RetryPolicy.MaximumEventAgeInSeconds).toBeLessThanOrEqual(86_400);
  });

  it('lets Scheduler invoke the report function and nothing else, for this schedule of this account only', () => {
    const [, schedule] = resourcesOf(template, 'AWS::Scheduler::Schedule')[0] as [string, Resource];
    const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
    const role = template.toJSON().Resources[roleId] as Resource;
    const [trust, ...more] = role.Properties.AssumeRolePolicyDocument.Statement as Statement[];
    expect(more).toEqual([]);
    expect(trust?.Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    expect(trust?.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(JSON.stringify(trust?.Condition.ArnEquals['aws:SourceArn'])).toContain(
      `:schedule/default/${MONTHLY_REPORT_SCHEDULE_NAME}`,
    );
    expect(policyStatementsOfRole(template, roleId)).toEqual([
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [reportFunction(template)[0], 'Arn'] },
      }),
    ]);
  });

  it('gives the function the environment its handler reads (it parses) and the console address for the link', () => {
    const variables = reportFunction(template)[1].Properties.Environment.Variables as Record<string, unknown>;
    expect(variables.POWERTOOLS_SERVICE_NAME).toBe('alert-router-monthly-report');
    expect(JSON.stringify(variables.CONSOLE_URL)).toMatch(/ConsoleFunctionFunctionUrl.*FunctionUrl/);
    const plausible = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => [
        key,
        typeof value === 'string' ? value : key.endsWith('_URL') ? 'https://x.example' : 'arn:aws:x:y',
      ]),
    );
    expect(readEnvironment(plausible).CONSOLE_URL).toBe('https://x.example');
  });

  it('lets the function read the month through its index, write its markers only, publish and decrypt', () => {
    const statements = functionStatements(template);
    expect(actionsOf(statements)).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sns:Publish',
    ]);
    const query = statements.find((s) => s.Action === 'dynamodb:Query');
    expect(JSON.stringify(query?.Resource)).toContain(`/index/${INCIDENT_TABLE.byMonth.indexName}`);
    const writes = statements.filter((s) => [s.Action].flat().includes('dynamodb:PutItem'));
    expect(writes).toEqual([
      expect.objectContaining({
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${REPORT_MARKER_PREFIX}*`] } },
      }),
    ]);
  });

  it('may not put lifecycle events, schedule, pass a role or read the ack secret, and uses no wildcard resource', () => {
    const statements = functionStatements(template);
    const actions = actionsOf(statements);
    for (const forbidden of ['events:PutEvents', 'scheduler:CreateSchedule', 'iam:PassRole'])
      expect(actions).not.toContain(forbidden);
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
    expect(JSON.stringify(statements.map((s) => s.Resource))).not.toContain('*');
    expect(JSON.stringify(statements)).not.toContain('AckSecret');
  });

  it('is watched like the other functions: an error alarm to the first team level', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'alert-router-monthly-report-errors',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: reportFunction(template)[0] } }],
    });
  });

  it('names the marker prefix the DynamoDB store writes', () => {
    // The store keeps the prefix to itself; reading its source guards the grant against a rename there.
    const store = readFileSync(
      new URL('../../shared/adapters/aws/dynamodb-incident-store.ts', import.meta.url),
      'utf8',
    );
    expect(store).toMatch(new RegExp(`REPORT_PREFIX = '${REPORT_MARKER_PREFIX}'`));
  });
});

describe('the monthly report without a console', () => {
  it('is deployed all the same, with no console address', () => {
    const template = hubTemplate(withoutConsole());
    const variables = reportFunction(template)[1].Properties.Environment.Variables as Record<string, unknown>;
    expect(variables.CONSOLE_URL).toBeUndefined();
    expect(resourcesOf(template, 'AWS::Scheduler::Schedule')).toHaveLength(1);
  });
});
