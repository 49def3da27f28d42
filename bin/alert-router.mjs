#!/usr/bin/env node
// The published entry point: runs the TypeScript CLI through tsx, so `npx alert-router` works right after
// `npm ci` with no build step.
import { register } from 'tsx/esm/api';

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

register();
const { main } = await import('../functions/cli.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
