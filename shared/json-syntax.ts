/**
 * Says where a JSON text is broken, as a person reads it: `not valid JSON at line 4, column 3: Expected ',' or
 * '}' after property value`. Node names a character offset (`at position 52`) for some mistakes and none for
 * others (`Unexpected token '}', "{"a":}" is not valid JSON`), so the offset is found by a scan of our own when
 * Node gives none.
 */
export const jsonSyntaxReason = (text: string, error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const given = /at position (\d+)/.exec(message)?.[1];
  const offset = given === undefined ? firstSyntaxErrorAt(text) : Number(given);
  const reason = message
    .replace(/^(Unexpected token .+?), ".*" is not valid JSON$/s, '$1')
    .replace(/ (in JSON )?at position \d+.*$/s, '')
    .replace(/ \(line \d+ column \d+\)$/, '');
  const { line, column } = lineAndColumn(text, offset);
  return `not valid JSON at line ${line}, column ${column}: ${reason}`;
};

/** 1-based line and column of a character offset (an offset past the end points just after the last one). */
export const lineAndColumn = (text: string, offset: number): { line: number; column: number } => {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: before.length - lastBreak };
};

/**
 * The offset of the first character a JSON parser rejects (the text's length when it ends too early). Only
 * called for text `JSON.parse` already refused, so it need not build values, only walk them.
 */
export const firstSyntaxErrorAt = (text: string): number => {
  let at = 0;
  /** Stops the walk at the current offset. */
  const fail = (): never => {
    throw new SyntaxAt(at);
  };
  const expect = (char: string) => {
    if (text[at] !== char) fail();
    at++;
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const literal = (word: string) => {
    for (const char of word) expect(char);
  };
  const string = () => {
    expect('"');
    for (;;) {
      const char = text[at];
      if (char === undefined || char < ' ') fail();
      at++;
      if (char === '"') return;
      if (char !== '\\') continue;
      if (text[at] === 'u') {
        at++;
        for (let i = 0; i < 4; i++) {
          if (!/[0-9a-fA-F]/.test(text[at] ?? '')) fail();
          at++;
        }
      } else if (text[at] !== undefined && '"\\/bfnrt'.includes(text[at] as string)) at++;
      else fail();
    }
  };
  const number = () => {
    const digits = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at))?.[0] ?? '';
    if (digits === '' || digits === '-') {
      at += digits.length;
      fail();
    }
    at += digits.length;
  };
  const members = (close: string, member: () => void) => {
    at++; // the opening bracket
    space();
    if (text[at] === close) {
      at++;
      return;
    }
    for (;;) {
      space();
      member();
      space();
      if (text[at] === close) {
        at++;
        return;
      }
      expect(',');
    }
  };
  const property = () => {
    string();
    space();
    expect(':');
    value();
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === '{') members('}', property);
    else if (char === '[') members(']', value);
    else if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) number();
    else fail();
  };
  try {
    value();
    space();
    if (at < text.length) fail();
    return text.length;
  } catch (error) {
    if (error instanceof SyntaxAt) return error.offset;
    throw error;
  }
};

class SyntaxAt {
  constructor(readonly offset: number) {}
}
