import { en } from 'zod/locales';
import { config } from 'zod/mini';

/**
 * zod/mini loads no error messages of its own: every issue would read "Invalid input". Classic zod installed the
 * English ones itself, and users see them in every `path: reason` line, so install them here, once. Every module
 * that declares a schema imports this module first. Only `en` is named, so a bundle leaves the other locales out.
 */
config(en());
