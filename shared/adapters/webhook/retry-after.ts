/**
 * How long a `Retry-After` header asks us to wait, in milliseconds: delay-seconds (`30`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`, measured from `now`). Undefined when absent or unreadable; never negative.
 *
 * @example retryAfterMs('30', now) // 30_000
 */
const retryAfterMs = (value: string | null | undefined, now: number): number | undefined => {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};

export { retryAfterMs };
