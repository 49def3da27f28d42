import type { EventSource } from './source.js';

// Placeholder while the source is being written: accepts nothing.
export const securityhub: EventSource = { name: 'securityhub', accepts: () => false, normalize: () => ({ kind: 'ignored', reason: 'todo' }) };
