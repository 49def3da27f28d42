import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type AppContext, buildApp } from '../../infra/app.js';
import { exampleConfigObject } from '../helpers/config.js';

const EXAMPLE = 'events/config.example.yaml';

/** The example config with two ASPs forwarding their lifecycle events to their own buses (DESIGN §11). */
const withAspBuses = (): string => {
  const config = exampleConfigObject() as { asps: Record<string, unknown>[] };
  (config.asps[0] as Record<string, unknown>).eventBusArn =
    'arn:aws:events:ap-northeast-1:123456789012:event-bus/asp-a-tickets';
  (config.asps[2] as Record<string, unknown>).eventBusArn =
    'arn:aws:events:ap-northeast-3:210987654321:event-bus/asp-c';
  const path = join(mkdtempSync(join(tmpdir(), 'alert-router-nag-')), 'config.yaml');
  writeFileSync(path, stringify(config));
  return path;
};

/** The example config without its `console:` section: no user pool, no console function (DESIGN §14). */
const withoutConsole = (): string => {
  const config = exampleConfigObject();
  delete config.console;
  const path = join(mkdtempSync(join(tmpdir(), 'alert-router-nag-')), 'config.yaml');
  writeFileSync(path, stringify(config));
  return path;
};

/** Every acknowledgement in the tree: where, which finding, and why. */
const acknowledgements = (root: IConstruct) =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );

const synthWithNag = (app: App) => {
  // The plugin registered by buildApp fails synth on an unacknowledged error; warnings do not fail it, so the
  // test runs the same pack again over the prepared tree and looks at everything it reports.
  const assembly = app.synth();
  const report = new AwsSolutionsChecks().validateScope(app);
  const file = join(assembly.directory, 'validation-report.json');
  const written = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { pluginReports: [] };
  return { report, written };
};

const example = (): string => EXAMPLE;

describe.each<[string, AppContext, () => string]>([
  ['account-agnostic hub', {}, example],
  ['hub with a known account', { hubAccount: '999999999999' }, example],
  ['hub forwarding lifecycle events to ASP buses', {}, withAspBuses],
  ['hub without the console', {}, withoutConsole],
  // Every channel form (DESIGN §13): subscriptions, Amazon Q configurations, webhook secret grants.
  ['hub with every channel form', {}, () => 'events/config.channels.example.yaml'],
])('cdk-nag AwsSolutions on the app (%s)', (_, context, configPath) => {
  let app: App;
  let report: ReturnType<AwsSolutionsChecks['validateScope']>;
  let written: { pluginReports: { violations?: unknown[] }[] };
  beforeAll(() => {
    app = buildApp(
      configPath(),
      { stubFunctions: true, ...context },
      { builtinCloudFormationValidation: false },
    );
    ({ report, written } = synthWithNag(app));
  });

  it('reports no unacknowledged error or warning', () => {
    expect(
      report.violations.map(
        (v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('leaves nothing in the validation report', () => {
    const violations = written.pluginReports.flatMap((r) => r.violations ?? []);
    expect(violations).toEqual([]);
  });

  it('gives every acknowledgement a reason', () => {
    const found = acknowledgements(app);
    expect(found.length).toBeGreaterThan(0);
    for (const { path, id, reason } of found) {
      expect(id, path).toMatch(/AwsSolutions-/);
      expect(reason.trim().length, `${path} ${id}`).toBeGreaterThan(40);
    }
  });
});
