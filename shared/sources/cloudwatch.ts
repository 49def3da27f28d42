import type { EventSource } from './source.js';

// Placeholder while the source is being written: accepts nothing.
export const cloudwatch: EventSource = { name: 'cloudwatch', accepts: () => false, normalize: () => ({ kind: 'ignored', reason: 'todo' }) };
