#!/usr/bin/env node
// The entry point: runs the TypeScript CLI through tsx, so `npx alert-router` works right after `npm ci` with no
// build step. tsx is a development dependency (the Lambda functions never need it): an install without them
// (`npm ci --omit=dev`) gets a sentence saying what to do, not a module-resolution stack trace.
const tsx = await import('tsx/esm/api').catch((error) => {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  console.error(
    'alert-router: tsx is not installed. The CLI runs from a checkout after `npm ci`, which installs the ' +
      'development dependencies it needs (not `npm ci --omit=dev`).',
  );
  process.exit(1);
});

// `alert-router explain … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// The AWS SDK warns on every run that its 2027 releases will need Node 22; the versions pinned here run on
// Node 20, so the warning only buries the CLI's own output. Every other warning is still printed.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (!`${warning.name} ${warning.message}`.includes('NodeVersionSupportWarning')) {
    console.error(`${warning.name}: ${warning.message}`);
  }
});

tsx.register();
const { main } = await import('../functions/cli.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
