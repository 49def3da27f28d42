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

/** Date and time parts in the zone, for renderers that build their own wording (`2026年11月27日 09:05`). */
export const localParts = (millis: number, timeZone: string) => {
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
