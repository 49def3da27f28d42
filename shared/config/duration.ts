const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const PART = /(\d+)(ms|s|m|h|d)/g;
const WHOLE = /^(\d+(ms|s|m|h|d))+$/;

/**
 * Reads a duration the way operators write it in the config and on the command line: `30s`, `15m`, `24h`,
 * `1h30m`, `2d`. Returns milliseconds, or `undefined` for anything else.
 */
export const parseDuration = (value: string): number | undefined => {
  const trimmed = value.trim();
  if (!WHOLE.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return total;
};

/** A readable form of a duration (`1h30m`, `24h`: operators count in hours, not days), for reasons and messages. */
export const formatDuration = (ms: number): string => {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const unit of ['h', 'm', 's'] as const) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
};
