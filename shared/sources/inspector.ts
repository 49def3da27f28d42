import type { EventSource } from './source.js';

// Placeholder while the source is being written: accepts nothing.
export const inspector: EventSource = { name: 'inspector', accepts: () => false, normalize: () => ({ kind: 'ignored', reason: 'todo' }) };
