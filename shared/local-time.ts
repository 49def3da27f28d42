/**
 * Times as people read them in messages and timelines: in the config's time zone (JST by default), never UTC.
 */
// Building an Intl formatter costs more than formatting; the memo changes no behaviour.
const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** The zone's short label: `JST` for Asia/Tokyo, else the IANA name. */
export const zoneLabel = (timeZone: string): string => (timeZone === 'Asia/Tokyo' ? 'JST' : timeZone);

/**
 * Japan has kept UTC+9 without daylight saving time since 1952, so JST parts (the default zone, and every
 * message) are plain arithmetic: an Intl `formatToParts` per time was the costliest step of rendering.
 */
const JST_OFFSET_MS = 9 * 3_600_000;
const JST_FIXED_SINCE = Date.UTC(1952, 0, 1);
const JST_FIXED_UNTIL = Date.UTC(10_000, 0, 1);
const twoDigits = (value: number): string => String(value).padStart(2, '0');

/** Date and time parts in the zone, for renderers that build their own wording (`2026年11月27日 09:05`). */
export const localParts = (millis: number, timeZone: string) => {
  if (timeZone === 'Asia/Tokyo' && millis >= JST_FIXED_SINCE && millis < JST_FIXED_UNTIL) {
    const jst = new Date(millis + JST_OFFSET_MS);
    return {
      year: String(jst.getUTCFullYear()),
      month: twoDigits(jst.getUTCMonth() + 1),
      day: twoDigits(jst.getUTCDate()),
      hour: twoDigits(jst.getUTCHours()),
      minute: twoDigits(jst.getUTCMinutes()),
      second: twoDigits(jst.getUTCSeconds()),
    };
  }
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(millis))
      .map((part) => [part.type, part.value]),
  );
  return {
    year: parts.year ?? '',
    month: parts.month ?? '',
    day: parts.day ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
    second: parts.second ?? '',
  };
};

/** `2026-11-27 09:05 JST`, or with seconds. */
export const formatLocalTime = (millis: number, timeZone: string, withSeconds = false): string => {
  const p = localParts(millis, timeZone);
  const clock = withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
  return `${p.year}-${p.month}-${p.day} ${clock} ${zoneLabel(timeZone)}`;
};
