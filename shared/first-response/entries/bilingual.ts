import type { Bilingual } from '../schema.js';

/** One piece of catalogue text, Japanese first: `t('該当のキーを無効化する', 'Deactivate the key')`. */
export const t = (ja: string, en: string): Bilingual => ({ ja, en });
