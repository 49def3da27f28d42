import type { EventSource } from './source.js';

// Placeholder while the source is being written: accepts nothing.
export const config: EventSource = { name: 'config', accepts: () => false, normalize: () => ({ kind: 'ignored', reason: 'todo' }) };
