import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/**
 * ESM needs `require` for the CommonJS dependencies esbuild folds in (they `require('node:…')`); the aliased
 * import cannot clash with a bundled `createRequire`.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __alertRouterCreateRequire } from 'node:module'; " +
  'const require = __alertRouterCreateRequire(import.meta.url);';

/**
 * How every handler is bundled, in esbuild's terms: the stack hands these to `NodejsFunction`, and the bench and
 * the bundle test build with {@link lambdaBuildOptions}, so what they measure and run is what Lambda loads.
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

/** {@link LAMBDA_BUNDLE} as options of esbuild's own `build` (entry, output and target are the caller's). */
export const lambdaBuildOptions = (): BuildOptions => ({
  bundle: true,
  platform: 'node',
  format: LAMBDA_BUNDLE.format,
  mainFields: [...LAMBDA_BUNDLE.mainFields],
  minify: LAMBDA_BUNDLE.minify,
  keepNames: LAMBDA_BUNDLE.keepNames,
  banner: { js: LAMBDA_BUNDLE.banner },
  alias: { ...LAMBDA_BUNDLE.alias },
});
