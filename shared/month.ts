/**
 * Months as the monthly report and the console count them (DESIGN §15): `YYYY-MM` in JST, which has kept UTC+9
 * without daylight saving time since 1952, so a month's bounds are plain arithmetic.
 */
const JST_OFFSET_MS = 9 * 3_600_000;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whether a string is a month `YYYY-MM`. */
export const isMonth = (value: string): boolean => MONTH.test(value);

/** The JST month (`YYYY-MM`) an instant (epoch ms) falls in. */
export const jstMonth = (millis: number): string =>
  new Date(millis + JST_OFFSET_MS).toISOString().slice(0, 7);

/** A JST month as epoch ms: its first instant and the first instant of the next month. */
export const monthBounds = (month: string): { readonly start: number; readonly end: number } => {
  const match = MONTH.exec(month);
  if (match === null) throw new RangeError(`month must be YYYY-MM, got "${month}"`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return {
    start: Date.UTC(year, index, 1) - JST_OFFSET_MS,
    end: Date.UTC(year, index + 1, 1) - JST_OFFSET_MS,
  };
};

/** The month after a month. */
export const nextMonth = (month: string): string => jstMonth(monthBounds(month).end);

/** The month before a month. */
export const previousMonth = (month: string): string => jstMonth(monthBounds(month).start - 1);

/** The first instant of the month `first` and the first instant after the month `last`. */
export const monthsBounds = (
  first: string,
  last: string = first,
): { readonly start: number; readonly end: number } => {
  const bounds = { start: monthBounds(first).start, end: monthBounds(last).end };
  if (bounds.end <= bounds.start) throw new RangeError(`months: "${last}" is before "${first}"`);
  return bounds;
};

/**
 * Whether an episode belongs to the report of a JST month (or of months, from `bounds`' start to its end): opened
 * before they ended, and not resolved before they began (opened in them, resolved in them, or open across them).
 */
export const inMonth = (
  incident: {
    readonly state: string;
    readonly firstSeen: string;
    readonly lastSeen: string;
    readonly resolvedAt?: string;
  },
  bounds: { readonly start: number; readonly end: number },
): boolean =>
  Date.parse(incident.firstSeen) < bounds.end &&
  (incident.state !== 'resolved' || Date.parse(incident.resolvedAt ?? incident.lastSeen) >= bounds.start);
