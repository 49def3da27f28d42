import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toIsoTime } from '../../../shared/sources/read.js';

/** What `toIsoTime` gave for an ISO time before it read UTC times itself: `Date` there and back. */
const viaDate = (text: string): string | undefined => {
  const millis = Date.parse(text.trim());
  return Number.isFinite(millis) ? new Date(millis).toISOString() : undefined;
};

const digits = (length: number, max: number) =>
  fc.integer({ min: 0, max }).map((value) => String(value).padStart(length, '0'));

describe('reading ISO 8601 UTC times', () => {
  it.each([
    ['2024-09-04T16:59:44Z', '2024-09-04T16:59:44.000Z'],
    ['2024-09-04T16:59:44.356Z', '2024-09-04T16:59:44.356Z'],
    [' 2024-09-04T16:59:44Z\n', '2024-09-04T16:59:44.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000Z'],
    // Out of range: `Date` rolls these over, and so the reading does.
    ['2023-02-29T00:00:00Z', '2023-03-01T00:00:00.000Z'],
    ['1900-02-29T00:00:00Z', '1900-03-01T00:00:00.000Z'],
    ['2024-04-31T00:00:00Z', '2024-05-01T00:00:00.000Z'],
    ['2024-01-01T24:00:00Z', '2024-01-02T00:00:00.000Z'],
    ['2024-01-01T23:59:59.1234Z', '2024-01-01T23:59:59.123Z'],
    ['2024-13-01T00:00:00Z', undefined],
    ['2024-01-00T00:00:00Z', undefined],
    ['2024-01-01T23:60:00Z', undefined],
  ])('%j reads as %s', (text, expected) => {
    expect(toIsoTime(text)).toBe(expected);
  });

  it('reads any date and clock, in range or not, as Date does', () => {
    fc.assert(
      fc.property(
        digits(4, 9999),
        digits(2, 14),
        digits(2, 33),
        digits(2, 25),
        digits(2, 61),
        digits(2, 61),
        fc.constantFrom('', '.000', '.5', '.123', '.9999'),
        (year, month, day, hour, minute, second, fraction) => {
          const text = `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}Z`;
          expect(toIsoTime(text)).toBe(viaDate(text));
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
