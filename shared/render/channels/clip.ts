/**
 * Cutting text to a platform's limit. Chat platforms count a limit in UTF-16 code units (JavaScript's `length`),
 * so that is what is measured here; a surrogate pair is never split and the cut is marked with `…`.
 */
export const clip = (text: string, max: number): string => {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  // Never leave half of a surrogate pair at the end.
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
};

/** Cuts escaped text without leaving half an entity (`&am…`) at the end. */
export const clipEscaped = (text: string, max: number): string => {
  const cut = clip(text, max);
  return cut === text ? text : cut.replace(/&[a-z]*…$/, '…');
};

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;

/**
 * A budget of characters shared by the parts of one message, for platforms with a size limit on the whole message
 * (Teams): each part takes what it needs, up to its own cap and what is left.
 */
export const budget = (total: number) => {
  let left = total;
  return (text: string, max: number): string => {
    const cut = clip(text, Math.max(1, Math.min(max, left)));
    left = Math.max(0, left - cut.length);
    return cut;
  };
};
