import type { EventSource } from './source.js';

// Placeholder while the source is being written: accepts nothing.
export const health: EventSource = { name: 'health', accepts: () => false, normalize: () => ({ kind: 'ignored', reason: 'todo' }) };
