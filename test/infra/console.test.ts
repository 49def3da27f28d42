import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readEnvironment } from '../../functions/aws-ports.js';
import { readConsoleEnvironment } from '../../functions/console/handler.js';
import { buildApp, HUB_STACK_NAME } from '../../infra/app.js';
import {
  CONSOLE_AUTH_PATHS,
  CONSOLE_RESERVED_CONCURRENCY,
  CONSOLE_SECRET_NAME,
} from '../../infra/constructs/console.js';
import { parseConfig } from '../../shared/config/load.js';
import { ConfigInvalidError } from '../../shared/errors.js';
import { EXAMPLE_RECEIVERS, exampleConfigObject } from '../helpers/config.js';

/**
 * The console's part of the hub stack (DESIGN §14, issue 15): the Cognito user pool, its groups, the managed login
 * domain, the app client and the console function behind its URL, synthesized from the example config (which has a
 * `console:` section) and from variants of it.
 */
type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] } & Record<string, any>;

/** The example config with its `console:` section replaced (undefined: removed), as a file for the CDK app. */
const configFile = (consoleSection: Record<string, unknown> | undefined): string => {
  const config = exampleConfigObject();
  if (consoleSection === undefined) delete config.console;
  else config.console = consoleSection;
  const path = join(mkdtempSync(join(tmpdir(), 'alert-router-console-')), 'config.yaml');
  writeFileSync(path, stringify(config));
  return path;
};

const hubTemplate = (configPath: string): Template => {
  const app = buildApp(configPath, { stubFunctions: true }, { builtinCloudFormationValidation: false });
  return Template.fromStack(app.node.findChild(HUB_STACK_NAME) as Stack);
};

const resourcesOf = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type)) as [string, Resource][];

const only = (template: Template, type: string): [string, Resource] => {
  const found = resourcesOf(template, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as [string, Resource];
};

const consoleFunction = (template: Template): [string, Resource] => {
  const [found] = resourcesOf(template, 'AWS::Lambda::Function').filter(
    ([, r]) => r.Properties.FunctionName === 'alert-router-console',
  );
  if (found === undefined) throw new Error('no console function');
  return found;
};

/** The function URL of the console function (the acknowledge function has one too). */
const consoleUrl = (template: Template): [string, Resource] => {
  const [fnId] = consoleFunction(template);
  const [found] = resourcesOf(template, 'AWS::Lambda::Url').filter(
    ([, u]) => u.Properties.TargetFunctionArn['Fn::GetAtt']?.[0] === fnId,
  );
  if (found === undefined) throw new Error('no console function URL');
  return found;
};

const roleStatements = (template: Template, fn: Resource): Record<string, any>[] => {
  const role = fn.Properties.Role['Fn::GetAtt'][0] as string;
  return resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Record<string, any>[]);
};

/** The logical ids a value refers to (Ref, Fn::GetAtt, Fn::Sub), pseudo parameters left out. */
const referencesIn = (value: unknown, into: Set<string>): Set<string> => {
  if (Array.isArray(value)) for (const item of value) referencesIn(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string' && !inner.startsWith('AWS::')) into.add(inner);
      else if (key === 'Fn::GetAtt') into.add((inner as string[])[0] as string);
      else referencesIn(inner, into);
    }
  }
  return into;
};

/** A cycle among the template's resources (references and DependsOn), or undefined: CloudFormation refuses cycles. */
const findCycle = (resources: Record<string, Resource>): string[] | undefined => {
  const edges = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(resources)) {
    const targets = referencesIn(resource.Properties ?? {}, new Set(resource.DependsOn ?? []));
    edges.set(
      id,
      [...targets].filter((target) => target in resources),
    );
  }
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
};

describe('the console in the hub stack (example config)', () => {
  let template: Template;
  beforeAll(() => {
    template = hubTemplate('events/config.example.yaml');
  });

  it('has one user pool: admin-created users only, TOTP MFA required, Plus with threat protection enforced, retained', () => {
    const [, pool] = only(template, 'AWS::Cognito::UserPool');
    expect(pool).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
      UsernameAttributes: ['email'],
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
    expect(pool.Properties.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: expect.any(Number),
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(pool.Properties.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
    expect(pool.Properties.SmsConfiguration).toBeUndefined();
  });

  it('blocks sign-ins with leaked credentials or a high risk', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolRiskConfigurationAttachment', {
      ClientId: 'ALL',
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
      AccountTakeoverRiskConfiguration: {
        Actions: Match.objectLike({ HighAction: { EventAction: 'BLOCK', Notify: false } }),
      },
    });
  });

  it('has exactly one group per receiver id of the config', () => {
    const [poolId] = only(template, 'AWS::Cognito::UserPool');
    const groups = resourcesOf(template, 'AWS::Cognito::UserPoolGroup');
    expect(groups.map(([, g]) => g.Properties.GroupName).sort()).toEqual([...EXAMPLE_RECEIVERS].sort());
    for (const [, group] of groups) expect(group.Properties.UserPoolId).toEqual({ Ref: poolId });
  });

  it('signs in through managed login on the configured prefix domain, styled for the client', () => {
    const [clientId] = only(template, 'AWS::Cognito::UserPoolClient');
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'example-alert-router-console',
      ManagedLoginVersion: 2,
    });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      ClientId: { Ref: clientId },
      UseCognitoProvidedValues: true,
    });
  });

  it('has a public app client with the authorization code flow only, openid and email, Cognito users only', () => {
    const [, client] = only(template, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
    expect(client.Properties.ExplicitAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    expect(client.Properties.ExplicitAuthFlows).not.toContain('ALLOW_ADMIN_USER_PASSWORD_AUTH');
  });

  it('sends the browser back to the console function URL only', () => {
    const [urlId] = consoleUrl(template);
    const [, client] = only(template, 'AWS::Cognito::UserPoolClient');
    const onFunctionUrl = (path: string) => ({
      'Fn::Join': [
        '',
        [
          'https://',
          { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [urlId, 'FunctionUrl'] }] }] },
          path,
        ],
      ],
    });
    expect(client.Properties.CallbackURLs).toEqual([onFunctionUrl(CONSOLE_AUTH_PATHS.callback)]);
    expect(client.Properties.LogoutURLs).toEqual([onFunctionUrl(CONSOLE_AUTH_PATHS.signedOut)]);
  });

  it('serves the console from a function URL whose auth is the Cognito sign-in, with a concurrency ceiling', () => {
    const [fnId, fn] = consoleFunction(template);
    const [, url] = consoleUrl(template);
    expect(url.Properties).toMatchObject({
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [fnId, 'Arn'] },
    });
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(CONSOLE_RESERVED_CONCURRENCY);
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
  });

  it('gives the console the router environment (it parses) and where to find its pool and secret', () => {
    const [, fn] = consoleFunction(template);
    const [poolId] = only(template, 'AWS::Cognito::UserPool');
    const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
    expect(variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'alert-router-console',
      CONSOLE_USER_POOL_ID: { Ref: poolId },
      TABLE_NAME: { Ref: expect.stringMatching(/^IncidentsTable/) },
    });
    const [domainId] = only(template, 'AWS::Cognito::UserPoolDomain');
    expect(JSON.stringify(variables.CONSOLE_SESSION_SECRET_ARN)).toMatch(
      new RegExp(
        `:secretsmanager:ap-northeast-1:",\\{"Ref":"AWS::AccountId"\\},":secret:${CONSOLE_SECRET_NAME}"`,
      ),
    );
    // The client id is not in the environment: it would make the function depend on the client (see below).
    expect(JSON.stringify(variables)).not.toContain(only(template, 'AWS::Cognito::UserPoolClient')[0]);
    expect(variables.CONSOLE_LOGIN_DOMAIN).toEqual({
      'Fn::Join': ['', ['https://', { Ref: domainId }, '.auth.ap-northeast-1.amazoncognito.com']],
    });
    // No console URL of its own without `console.url`: the app answers on the host it was called on.
    expect(variables.CONSOLE_URL).toBeUndefined();
    const plausible = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => [
        key,
        typeof value === 'string' ? value : key.endsWith('_URL') ? 'https://x.example/' : 'arn:aws:x:y',
      ]),
    );
    expect(() => readEnvironment(plausible)).not.toThrow();
    // The console's own variables parse too, without a client id (it comes from the secret).
    const consoleVariables = {
      ...plausible,
      CONSOLE_USER_POOL_ID: 'ap-northeast-1_Ab12Cd34E',
      CONSOLE_LOGIN_DOMAIN: 'https://example.auth.ap-northeast-1.amazoncognito.com',
    };
    expect(readConsoleEnvironment(consoleVariables).CONSOLE_CLIENT_ID).toBeUndefined();
  });

  it('keeps the client id and a generated session key in a secret under a key of its own', () => {
    const [clientId] = only(template, 'AWS::Cognito::UserPoolClient');
    const [, secret] = resourcesOf(template, 'AWS::SecretsManager::Secret').find(
      ([, s]) => s.Properties.Name === CONSOLE_SECRET_NAME,
    ) as [string, Resource];
    const generate = secret.Properties.GenerateSecretString;
    expect(generate).toMatchObject({ GenerateStringKey: 'sessionKey', ExcludePunctuation: true });
    expect(generate.PasswordLength).toBeGreaterThanOrEqual(32);
    expect(generate.SecretStringTemplate).toEqual({
      'Fn::Join': ['', ['{"clientId":"', { Ref: clientId }, '"}']],
    });
    const keyId = secret.Properties.KmsKeyId['Fn::GetAtt'][0] as string;
    expect(keyId).toMatch(/^ConsoleSecretKey/);
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/alert-router-console-secret',
      TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  it('lets the console read its secret by name and decrypt it only through Secrets Manager', () => {
    const statements = roleStatements(template, consoleFunction(template)[1]);
    const read = statements.find((s) => s.Sid === 'ReadConsoleSecret');
    expect(read?.Action).toBe('secretsmanager:GetSecretValue');
    expect(JSON.stringify(read?.Resource)).toContain(`:secret:${CONSOLE_SECRET_NAME}-??????`);
    const decrypt = statements.find((s) => s.Sid === 'DecryptConsoleSecret');
    expect(decrypt).toMatchObject({
      Action: 'kms:Decrypt',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ConsoleSecretKey/), 'Arn'] },
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.ap-northeast-1.amazonaws.com' } },
    });
  });

  it('grants the console what its views and actions call, and no wildcard but the escalation schedule group', () => {
    const statements = roleStatements(template, consoleFunction(template)[1]);
    const actions = [...new Set(statements.flatMap((s) => [s.Action].flat() as string[]))].sort();
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'events:PutEvents',
        'sns:Publish',
        'scheduler:CreateSchedule',
        'scheduler:DeleteSchedule',
        'iam:PassRole',
        'secretsmanager:GetSecretValue',
      ]),
    );
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
    expect(actions.some((action) => action.startsWith('sqs:') || action.startsWith('cognito-idp:'))).toBe(
      false,
    );
    const wildcards = statements
      .flatMap((s) => [s.Resource].flat())
      .map((resource) => JSON.stringify(resource))
      .filter((resource) => resource.includes('*'));
    // Schedule names are made at run time (one per incident step): Scheduler can only be granted by group.
    expect(wildcards).toEqual([expect.stringContaining(':schedule/alert-router-escalations/*')]);
    const pass = statements.find((s) => s.Action === 'iam:PassRole');
    expect(pass?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
  });

  it('lets the console query incidents by id and no sparse index of the timers', () => {
    const text = JSON.stringify(roleStatements(template, consoleFunction(template)[1]));
    expect(text).toContain('/index/byIncidentId');
    for (const index of ['dueEscalations', 'pendingOutbox', 'pendingByGroup'])
      expect(text).not.toContain(`/index/${index}`);
  });

  it('encrypts the console log group with the router key', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/alert-router-console',
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
    });
  });

  it('outputs the console URL and the user pool id', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.ConsoleUrl?.Value)).toContain('FunctionUrl');
    expect(outputs.ConsoleUserPoolId?.Value).toEqual({ Ref: only(template, 'AWS::Cognito::UserPool')[0] });
  });

  it('has no circular reference (the client id reaches the function through its secret, not its environment)', () => {
    const resources = template.toJSON().Resources as Record<string, Resource>;
    expect(findCycle(resources)).toBeUndefined();
    // The check can fail: the shortcut the secret avoids is a cycle.
    const [fnId, fn] = consoleFunction(template);
    const [clientId] = only(template, 'AWS::Cognito::UserPoolClient');
    const withShortcut = {
      ...resources,
      [fnId]: {
        ...fn,
        Properties: {
          ...fn.Properties,
          Environment: { Variables: { ...fn.Properties.Environment.Variables, CLIENT: { Ref: clientId } } },
        },
      },
    };
    expect(findCycle(withShortcut)).toEqual(expect.arrayContaining([fnId, clientId]));
  });
});

describe('the console behind a domain of its own (console.url)', () => {
  let template: Template;
  beforeAll(() => {
    template = hubTemplate(
      configFile({ domainPrefix: 'city-ops-console', url: 'https://console.example.jp/' }),
    );
  });

  it('registers that address for the callback and the sign-out, and tells the app', () => {
    const [, client] = only(template, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties.CallbackURLs).toEqual([
      `https://console.example.jp${CONSOLE_AUTH_PATHS.callback}`,
    ]);
    expect(client.Properties.LogoutURLs).toEqual([
      `https://console.example.jp${CONSOLE_AUTH_PATHS.signedOut}`,
    ]);
    expect(consoleFunction(template)[1].Properties.Environment.Variables.CONSOLE_URL).toBe(
      'https://console.example.jp',
    );
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'city-ops-console' });
    expect(template.toJSON().Outputs.ConsoleUrl.Value).toBe('https://console.example.jp');
  });
});

describe('a registry without a console section', () => {
  let template: Template;
  beforeAll(() => {
    template = hubTemplate(configFile(undefined));
  });

  it('deploys no user pool, no console function and no second function URL', () => {
    for (const type of [
      'AWS::Cognito::UserPool',
      'AWS::Cognito::UserPoolClient',
      'AWS::Cognito::UserPoolGroup',
      'AWS::Cognito::UserPoolDomain',
    ])
      expect(resourcesOf(template, type), type).toEqual([]);
    expect(
      resourcesOf(template, 'AWS::Lambda::Function').map(([, f]) => f.Properties.FunctionName),
    ).not.toContain('alert-router-console');
    // The acknowledge URL only.
    expect(resourcesOf(template, 'AWS::Lambda::Url')).toHaveLength(1);
    expect(template.toJSON().Outputs?.ConsoleUrl).toBeUndefined();
    expect(
      resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties.AlarmName),
    ).not.toContain('alert-router-console-errors');
  });
});

describe('the console section of the config', () => {
  const withConsole = (section: unknown) => {
    const config = exampleConfigObject();
    config.console = section;
    return () => parseConfig(stringify(config));
  };
  const problem = (section: unknown): string => {
    try {
      withConsole(section)();
    } catch (error) {
      if (error instanceof ConfigInvalidError) return error.message;
      throw error;
    }
    throw new Error('the config was accepted');
  };

  it('accepts a prefix alone, or with an https address', () => {
    expect(withConsole({ domainPrefix: 'ops-console' })().console).toEqual({ domainPrefix: 'ops-console' });
    expect(withConsole({ domainPrefix: 'a', url: 'https://console.example.jp/ops' })().console?.url).toBe(
      'https://console.example.jp/ops',
    );
  });

  it.each([
    [{ domainPrefix: 'Ops' }, /console\.domainPrefix.*lower-case/],
    [{ domainPrefix: 'ops-' }, /console\.domainPrefix/],
    [{ domainPrefix: 'my-aws-console' }, /console\.domainPrefix.*"aws", "amazon" or "cognito"/],
    [{ domainPrefix: 'x'.repeat(64) }, /console\.domainPrefix/],
    [{}, /console\.domainPrefix/],
    [{ domainPrefix: 'ops', url: 'http://console.example.jp' }, /console\.url.*https/],
    [{ domainPrefix: 'ops', url: 'https://console.example.jp/?a=1' }, /console\.url/],
    [{ domainPrefix: 'ops', extra: true }, /console/],
  ])('refuses %j, naming the path', (section, message) => {
    expect(problem(section)).toMatch(message);
  });
});
