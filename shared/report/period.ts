import { localParts } from '../local-time.js';

/**
 * Months and fiscal years in the config's time zone (JST by default): a report of November covers
 * 2026-11-01 00:00 JST up to (not including) 2026-12-01 00:00 JST, whatever the zone of the machine.
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR = /^\d{4}$/;

/** `2026-11` → year and month, or undefined when it is not a `YYYY-MM` month. */
export const parseMonth = (month: string): { year: number; month: number } | undefined => {
  const match = MONTH.exec(month);
  if (match === null) return undefined;
  const year = Number(match[1]);
  return year >= 1970 && year < 10_000 ? { year, month: Number(match[2]) } : undefined;
};

export const isMonth = (month: string): boolean => parseMonth(month) !== undefined;

export const isFiscalYear = (year: string): boolean =>
  YEAR.test(year) && Number(year) >= 1970 && Number(year) < 9999;

const monthText = (year: number, month: number): string => `${year}-${String(month).padStart(2, '0')}`;

/** The month before: `2026-01` → `2025-12`. */
export const previousMonth = (month: string): string => {
  const parsed = parseMonth(month);
  if (parsed === undefined) throw new Error(`not a month: ${month}`);
  return parsed.month === 1 ? monthText(parsed.year - 1, 12) : monthText(parsed.year, parsed.month - 1);
};

/** The twelve months of fiscal year (年度) `year`: April of `year` to March of `year + 1`. */
export const fiscalYearMonths = (year: number): string[] =>
  Array.from({ length: 12 }, (_, i) => (i < 9 ? monthText(year, i + 4) : monthText(year + 1, i - 8)));

/** The fiscal year a month belongs to: January–March belong to the year before. */
export const fiscalYearOf = (month: string): number => {
  const parsed = parseMonth(month);
  if (parsed === undefined) throw new Error(`not a month: ${month}`);
  return parsed.month >= 4 ? parsed.year : parsed.year - 1;
};

/** Epoch ms of local midnight starting the given day in `timeZone` (offsets found by asking the zone). */
const localMidnight = (year: number, month: number, day: number, timeZone: string): number => {
  const wall = Date.UTC(year, month - 1, day);
  // Two rounds settle a zone whose offset differs on either side of the guess (a DST change near midnight).
  let guess = wall;
  for (let round = 0; round < 2; round++) {
    const p = localParts(guess, timeZone);
    const shown = Date.UTC(
      Number(p.year),
      Number(p.month) - 1,
      Number(p.day),
      Number(p.hour),
      Number(p.minute),
      Number(p.second),
    );
    guess += wall - shown;
  }
  return guess;
};

/** `[start, end)` of a month in the zone, epoch ms. */
export const monthWindow = (month: string, timeZone: string): { start: number; end: number } => {
  const parsed = parseMonth(month);
  if (parsed === undefined) throw new Error(`not a month: ${month}`);
  const next =
    parsed.month === 12 ? { year: parsed.year + 1, month: 1 } : { ...parsed, month: parsed.month + 1 };
  return {
    start: localMidnight(parsed.year, parsed.month, 1, timeZone),
    end: localMidnight(next.year, next.month, 1, timeZone),
  };
};

/** How many days the month has. */
export const daysInMonth = (month: string): number => {
  const parsed = parseMonth(month);
  if (parsed === undefined) throw new Error(`not a month: ${month}`);
  return new Date(Date.UTC(parsed.year, parsed.month, 0)).getUTCDate();
};

/** The local day of the month (1-based) of an instant. */
export const localDay = (millis: number, timeZone: string): number =>
  Number(localParts(millis, timeZone).day);
