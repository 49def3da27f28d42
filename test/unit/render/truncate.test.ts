import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { characterCount, truncate } from '../../../shared/render/words.js';

/** Characters as the string iterator counts them: a pair is one, a lone surrogate is one too. */
const characters = (text: string): string[] => [...text];

describe('cutting text to a number of characters', () => {
  it.each([
    ['short', 10, 'short'],
    ['abcdefghij', 5, 'abcd…'],
    ['🚨🚨🚨🚨', 3, '🚨🚨…'],
    ['🚨🚨🚨', 3, '🚨🚨🚨'],
    ['a\ud800bcd', 3, 'a\ud800…'],
    ['\udc00\udc00\udc00', 2, '\udc00…'],
  ])('%j to %d characters is %j', (text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
  });

  it('counts and cuts as the string iterator reads, for any text', () => {
    const unit = fc.constantFrom('a', 'あ', '🚨', '\ud800', '\udc00', '\udbff\udfff');
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 30 }).map((units) => units.join('')),
        fc.integer({ min: 1, max: 30 }),
        (text, max) => {
          const chars = characters(text);
          expect(characterCount(text)).toBe(chars.length);
          expect(truncate(text, max)).toBe(
            chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`,
          );
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
