import * as z from 'zod';
import { isSeverity, type Severity } from '../model.js';

/**
 * Readers for the field variations AWS really sends: numbers as strings, booleans as strings, several time
 * formats. Each source module builds its schema from these, so a quirk is handled once.
 */

/** A JSON number, or a string holding one (`"8.0"`, `"18"`). */
export const numeric = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, 'expected a number')
    .transform(Number),
]);

/** `true`/`false`, or the strings AWS uses for them in some payloads (`"true"`, `"False"`). */
export const booleanish = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false']))
    .transform((value) => value === 'true'),
]);

/** Any scalar rendered as text: ids arrive as numbers in some captures (`"accountId": 845345345`). */
export const text = z.union([z.string(), z.number().transform(String)]);

const INSPECTOR_TIME = /^\w{3} (\w{3}) (\d{1,2}) (\d{2}:\d{2}:\d{2})(\.\d+)? UTC (\d{4})$/;
const SPACE_SEPARATED = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/;

/**
 * Reads the time formats sources use into ISO 8601 (UTC), or `undefined` when it is not a time:
 * ISO 8601, RFC 1123 (Health: `Fri, 27 Jan 2023 06:02:51 GMT`), Inspector's `Wed Sep 04 16:59:44.356 UTC 2024`,
 * space-separated UTC (`2025-02-25 20:40:06.721`), and epoch seconds or milliseconds.
 */
export const toIsoTime = (value: unknown): string | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return fromMillis(value < 1e12 ? value * 1000 : value);
  }
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const trimmed = value.trim();
  const inspector = INSPECTOR_TIME.exec(trimmed);
  if (inspector) return fromInspectorParts(inspector);
  const spaced = SPACE_SEPARATED.exec(trimmed);
  if (spaced) return fromMillis(Date.parse(`${spaced[1]}T${spaced[2]}Z`));
  if (/^\d{10,13}$/.test(trimmed)) return toIsoTime(Number(trimmed));
  return fromMillis(Date.parse(trimmed));
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const fromInspectorParts = (parts: RegExpExecArray): string | undefined => {
  const [, month = '', day = '', clock = '', fraction = '', year = ''] = parts;
  const monthIndex = MONTHS.indexOf(month);
  if (monthIndex === -1) return undefined;
  const mm = String(monthIndex + 1).padStart(2, '0');
  return fromMillis(Date.parse(`${year}-${mm}-${day.padStart(2, '0')}T${clock}${fraction}Z`));
};

/** ECMAScript dates reach ±8.64e15 ms: `toISOString` throws past that, so such a number is not a time. */
const MAX_DATE_MILLIS = 8.64e15;

const fromMillis = (millis: number): string | undefined =>
  Number.isFinite(millis) && Math.abs(millis) <= MAX_DATE_MILLIS ? new Date(millis).toISOString() : undefined;

/** The first time among `candidates` that reads, so a missing `updatedAt` falls back to the envelope time. */
export const firstTime = (...candidates: unknown[]): string | undefined => {
  for (const candidate of candidates) {
    const iso = toIsoTime(candidate);
    if (iso !== undefined) return iso;
  }
  return undefined;
};

/** A severity label in any case (`high`, `High`), or `undefined` for a value we do not know. */
export const readSeverityLabel = (value: unknown): Severity | undefined => {
  if (typeof value !== 'string') return undefined;
  const upper = value.trim().toUpperCase();
  return isSeverity(upper) ? upper : undefined;
};

/**
 * Truncates free text from events so one huge field cannot bloat an incident or a message; a cut never splits
 * a surrogate pair (half an emoji is a lone surrogate, which UTF-8 cannot carry).
 */
export const clip = (value: string, max = 2000): string => {
  if (value.length <= max) return value;
  const end = /[\uD800-\uDBFF]/.test(value.charAt(max - 2)) ? max - 2 : max - 1;
  return `${value.slice(0, end)}…`;
};
