import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';

const EXAMPLE = 'events/config.example.yaml';

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

describe.each([
  ['account-agnostic hub', {}],
  ['hub with a known account', { hubAccount: '999999999999' }],
])('cdk-nag AwsSolutions on the app (%s)', (_, context) => {
  let app: App;
  let report: ReturnType<AwsSolutionsChecks['validateScope']>;
  let written: { pluginReports: { violations?: unknown[] }[] };
  beforeAll(() => {
    app = buildApp(EXAMPLE, { stubFunctions: true, ...context }, { builtinCloudFormationValidation: false });
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
