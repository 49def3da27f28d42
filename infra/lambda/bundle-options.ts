import { fileURLToPath } from 'node:url';

/**
 * ESM needs `require` for the CommonJS dependencies esbuild folds in (they `require('node:…')`); the aliased
 * import cannot clash with a bundled `createRequire`.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __alertRouterCreateRequire } from 'node:module'; " +
  'const require = __alertRouterCreateRequire(import.meta.url);';

/**
 * How every handler is bundled, in esbuild's terms: the stack hands these to `NodejsFunction` and the bench
 * rebuilds with them, so the bytes it ranks are the bytes Lambda loads.
 */
export const LAMBDA_BUNDLE = {
  format: 'esm',
  mainFields: ['module', 'main'],
  minify: true,
  // Class names are not kept (about 33 KB per bundle): our errors name themselves in literals.
  keepNames: false,
  banner: ESM_REQUIRE_BANNER,
  // Role credentials are in a Lambda function's environment: bundle only that provider, not the whole chain.
  alias: {
    '@aws-sdk/credential-provider-node': fileURLToPath(new URL('./env-credentials.ts', import.meta.url)),
  },
} as const;
