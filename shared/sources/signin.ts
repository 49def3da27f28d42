import type { EventSource } from './source.js';

// Placeholder while the source is being written: accepts nothing.
export const signin: EventSource = { name: 'signin', accepts: () => false, normalize: () => ({ kind: 'ignored', reason: 'todo' }) };
