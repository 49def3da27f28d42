#!/usr/bin/env node
// The published entry point: runs the TypeScript CLI through tsx, so `npx alert-router` works right after
// `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../functions/cli.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
