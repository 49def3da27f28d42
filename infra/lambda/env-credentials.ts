/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias in
 * `constructs/router-function.ts`). A Lambda function's role credentials are always in its environment, so the
 * SDK's whole default chain (SSO, shared ini files, credential processes, web identity, instance metadata) is
 * code that never runs there; this keeps only the environment provider and takes about 110 KB off each bundle.
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
