import { benchColdPage } from './page.js';

/**
 * Runs section 6 alone in this (fresh) process and prints its result as JSON: `node --import tsx bench/page-child.ts
 * <route asset folder> <runs>`. The stand-in that timestamps the page lives here, so the garbage of the other
 * sections (a bench process of several hundred MB) cannot delay it.
 */
const [routeFolder, runs] = process.argv.slice(2);
if (routeFolder === undefined) throw new Error('usage: page-child.ts <route asset folder> [runs]');
const result = await benchColdPage({ routeFolder, runs: Number(runs ?? 11) });
process.stdout.write(`${JSON.stringify(result)}\n`);
