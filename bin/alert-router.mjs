#!/usr/bin/env node
// The published entry point: runs the TypeScript CLI through tsx, so `npx alert-router` works right after
// `npm ci` with no build step.
import { register } from 'tsx/esm/api';

// `alert-router explain … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

register();
const { main } = await import('../functions/cli.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
