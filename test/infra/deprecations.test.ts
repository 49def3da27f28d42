import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';

/**
 * Issue 11 #14: synth printed `CfnEventBusPolicy#principal is deprecated` (cdk-nag's EVB1 rule reads that property
 * of every CfnEventBusPolicy). jsii warns once per process, so this file synthesizes nothing before the check.
 */
describe('no deprecated CDK API is used or read at synth', () => {
  const saved = process.env.JSII_DEPRECATED;
  afterEach(() => {
    if (saved === undefined) delete process.env.JSII_DEPRECATED;
    else process.env.JSII_DEPRECATED = saved;
  });

  it('synthesizes the whole app with cdk-nag while jsii turns every deprecation into an error', () => {
    process.env.JSII_DEPRECATED = 'fail';
    const app = buildApp(
      'events/config.example.yaml',
      { stubFunctions: true },
      {
        builtinCloudFormationValidation: false,
      },
    );
    expect(() => app.synth()).not.toThrow();
  });
});
