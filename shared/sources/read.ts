import '../zod-locale.js';
import * as z from 'zod/mini';
import { isSeverity, type Severity } from '../model.js';

/**
 * Readers for the field variations AWS really sends: numbers as strings, booleans as strings, several time
 * formats. Each source module builds its schema from these, so a quirk is handled once. Source schemas are
 * `z.object`s: the many fields a source does not read (and those AWS adds later) are neither checked nor copied.
 */

/** A JSON number, or a string holding one (`"8.0"`, `"18"`). */
export const numeric = z.union([
  z.number(),
  z.pipe(z.string().check(z.trim(), z.regex(/^-?\d+(\.\d+)?$/, 'expected a number')), z.transform(Number)),
]);

/** `true`/`false`, or the strings AWS uses for them in some payloads (`"true"`, `"False"`). */
export const booleanish = z.union([
  z.boolean(),
  z.pipe(
    z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(['true', 'false'])),
    z.transform((value) => value === 'true'),
  ),
]);

/** Any scalar rendered as text: ids arrive as numbers in some captures (`"accountId": 845345345`). */
export const text = z.union([z.string(), z.pipe(z.number(), z.transform(String))]);

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
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const utc = fromUtcTime(trimmed);
  if (utc !== undefined) return utc;
  const inspector = INSPECTOR_TIME.exec(trimmed);
  if (inspector) return fromInspectorParts(inspector);
  const spaced = SPACE_SEPARATED.exec(trimmed);
  if (spaced) return fromMillis(Date.parse(`${spaced[1]}T${spaced[2]}Z`));
  if (/^\d{10,13}$/.test(trimmed)) return toIsoTime(Number(trimmed));
  return fromMillis(Date.parse(trimmed));
};

/** ISO 8601 in UTC, to the second or the millisecond: how AWS writes most times (`2024-09-04T16:59:44Z`). */
const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const daysInMonth = (year: number, month: number): number =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
    ? 29
    : (DAYS_IN_MONTH[month - 1] ?? 0);

/** The number the digits at `start` in `text` write (checked digits), read without cutting out a substring. */
const numberAt = (text: string, start: number, length: number): number => {
  let value = 0;
  for (let index = start; index < start + length; index++) value = value * 10 + text.charCodeAt(index) - 48;
  return value;
};

/**
 * A UTC time already in the form `toISOString` writes, but for the milliseconds: the text itself, with them. Every
 * event has several times, and a trip through `Date` and back costs more than the rest of reading them. Anything
 * else, or a field out of range (`24:00:00`, `02-30`, which `Date` rolls over), is left to `Date`.
 */
const fromUtcTime = (time: string): string | undefined => {
  if (!UTC_TIME.test(time)) return undefined;
  const year = numberAt(time, 0, 4);
  const month = numberAt(time, 5, 2);
  const day = numberAt(time, 8, 2);
  const inRange =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    numberAt(time, 11, 2) <= 23 &&
    numberAt(time, 14, 2) <= 59 &&
    numberAt(time, 17, 2) <= 59;
  if (!inRange) return undefined;
  // To the second (`…:44Z`, 20 characters), it gets the `.000` that `toISOString` writes.
  return time.length === 20 ? `${time.slice(0, 19)}.000Z` : time;
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
