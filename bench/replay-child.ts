import { benchConfig } from './config.js';
import { benchReplay } from './replay.js';

/** Runs section 2 alone in this (fresh) process and prints its result as JSON: `node --expose-gc --import tsx`. */
const total = Number(process.argv[2] ?? 100_000);
const result = await benchReplay(benchConfig(), { total });
process.stdout.write(`${JSON.stringify(result)}\n`);
