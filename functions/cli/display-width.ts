/**
 * Terminal columns: East Asian wide and fullwidth characters (kana, kanji, hangul, 【】, （）, full-width forms)
 * take two, everything else one. Ambiguous characters (—, …, →) take one, as in most terminals' default.
 */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

const charWidth = (char: string): number => (WIDE.test(char) ? 2 : 1);

/** The columns `text` takes in a terminal. */
export const displayWidth = (text: string): number =>
  [...text].reduce((sum, char) => sum + charWidth(char), 0);

/** `text` followed by spaces up to `width` columns (unchanged if already as wide). */
export const padEnd = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** `text` cut to at most `width` columns, ending with `…` when cut. */
export const cutEnd = (text: string, width: number): string => {
  if (displayWidth(text) <= width) return text;
  let kept = '';
  let used = 0;
  for (const char of text) {
    if (used + charWidth(char) > width - 1) break;
    kept += char;
    used += charWidth(char);
  }
  return kept.endsWith('…') ? kept : `${kept}…`;
};

/**
 * A subject cut to `width` columns. A subject ending in `— account` is cut in its middle, so that the account it
 * is about stays readable: `[HIGH][発生] GuardDuty Unauthori… — aoba-juki-prod`.
 */
export const cutSubject = (subject: string, width: number): string => {
  if (displayWidth(subject) <= width) return subject;
  const dash = subject.lastIndexOf('—');
  const start = subject[dash - 1] === ' ' ? dash - 1 : dash;
  // `…（発生 1）— account`: a space before the dash keeps the cut and the account apart.
  const tail = dash <= 0 ? '' : ` ${subject.slice(start).trimStart()}`;
  if (tail === '' || displayWidth(tail) > width / 2) return cutEnd(subject, width);
  return `${cutEnd(subject.slice(0, start), width - displayWidth(tail))}${tail}`;
};

/** Receivers joined by `, `, broken into lines of at most `width` columns (a single long id stays whole). */
export const wrapReceivers = (receivers: readonly string[], width: number): string[] => {
  const lines: string[] = [];
  for (const receiver of receivers) {
    const joined = lines.length === 0 ? undefined : `${lines[lines.length - 1]}, ${receiver}`;
    if (joined !== undefined && displayWidth(joined) <= width) lines[lines.length - 1] = joined;
    else lines.push(receiver);
  }
  return lines;
};
