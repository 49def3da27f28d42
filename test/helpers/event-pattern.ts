/**
 * A small EventBridge event-pattern matcher for the tests (no maintained npm library exists). It follows AWS's
 * content-filtering documentation and the reference implementation's README (aws/event-ruler):
 *
 * - fields of a pattern are ANDed; the values in a field's array are ORed;
 * - a nested object matches the event's object at that key; an event array matches when any element matches
 *   (arrays of objects element by element, so two fields never match across two different elements);
 * - leaf values: exact strings, numbers, booleans and `null` (`""` and `null` are not interchangeable), `prefix`,
 *   `suffix` (both also with `{ "equals-ignore-case": … }`), `equals-ignore-case`, `wildcard`, `anything-but`
 *   (a value, a list of values, or `{ prefix | suffix | equals-ignore-case | wildcard }`), `numeric` (up to two
 *   comparisons, JSON numbers only: a string never matches), `exists` (leaf nodes only: an object is not a leaf);
 * - `"$or": [ {…}, {…} ]` at any level: any of the sub-patterns (two or more objects; otherwise, as in
 *   event-ruler, `$or` is an ordinary field name).
 *
 * A field missing from the event matches nothing but `{ "exists": false }`. Anything else (`cidr`, unknown
 * operators, malformed patterns) throws, so a test never passes on a pattern this matcher does not understand.
 */

type JsonObject = { readonly [key: string]: unknown };
type Leaf = string | number | boolean | null;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isLeaf = (value: unknown): value is Leaf =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** The leaf values at a field: a scalar, every scalar of a (nested) array; nothing for a missing field or object. */
const leavesOf = (value: unknown): readonly Leaf[] => {
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  return isLeaf(value) ? [value] : [];
};

const COMPARISONS: Readonly<Record<string, (left: number, right: number) => boolean>> = {
  '<': (left, right) => left < right,
  '<=': (left, right) => left <= right,
  '=': (left, right) => left === right,
  '>=': (left, right) => left >= right,
  '>': (left, right) => left > right,
};

const matchesNumeric = (terms: unknown, value: Leaf): boolean => {
  if (!Array.isArray(terms) || terms.length === 0 || terms.length > 4 || terms.length % 2 !== 0) {
    throw new Error(`numeric takes one or two [operator, number] pairs, got ${JSON.stringify(terms)}`);
  }
  if (typeof value !== 'number') return false;
  for (let index = 0; index < terms.length; index += 2) {
    const compare = COMPARISONS[String(terms[index])];
    const bound = terms[index + 1];
    if (!compare || typeof bound !== 'number') throw new Error(`bad numeric term ${JSON.stringify(terms)}`);
    if (!compare(value, bound)) return false;
  }
  return true;
};

/** `*` matches any run of characters (none included); `\*` is a literal asterisk and `\\` a backslash. */
const wildcardRegExp = (wildcard: string): RegExp => {
  let source = '';
  for (let index = 0; index < wildcard.length; index += 1) {
    const char = wildcard[index] as string;
    if (char === '*') source += '.*';
    else if (char === '\\') source += `\\${wildcard[++index] ?? ''}`;
    else source += char.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
};

/** `prefix`/`suffix` take a string, or `{ "equals-ignore-case": string }` to compare without case. */
const affix = (operand: unknown, value: Leaf, test: (text: string, part: string) => boolean): boolean => {
  if (typeof value !== 'string') return false;
  if (typeof operand === 'string') return test(value, operand);
  const ignoringCase = isObject(operand) ? operand['equals-ignore-case'] : undefined;
  if (typeof ignoringCase !== 'string') throw new Error(`bad prefix/suffix ${JSON.stringify(operand)}`);
  return test(value.toLowerCase(), ignoringCase.toLowerCase());
};

const matchesAnythingBut = (operand: unknown, value: Leaf): boolean => {
  if (isObject(operand)) return !matchesValue(operand, value);
  const excluded = Array.isArray(operand) ? operand : [operand];
  return !excluded.some((candidate) => candidate === value);
};

/** One entry of a pattern's value array against one leaf value of the event (`exists` is handled by the caller). */
const matchesValue = (condition: unknown, value: Leaf): boolean => {
  if (isLeaf(condition)) return condition === value;
  const entries = isObject(condition) ? Object.entries(condition) : [];
  const [operator, operand] = entries[0] ?? [];
  if (entries.length !== 1) throw new Error(`a condition has one operator: ${JSON.stringify(condition)}`);
  switch (operator) {
    case 'prefix':
      return affix(operand, value, (text, part) => text.startsWith(part));
    case 'suffix':
      return affix(operand, value, (text, part) => text.endsWith(part));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === String(operand).toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcardRegExp(String(operand)).test(value);
    case 'numeric':
      return matchesNumeric(operand, value);
    case 'anything-but':
      return matchesAnythingBut(operand, value);
    default:
      throw new Error(`operator not supported by this matcher: ${JSON.stringify(condition)}`);
  }
};

/** A leaf field: any condition of the array matches; `exists` asks whether the field has a leaf value at all. */
const matchesField = (conditions: readonly unknown[], field: unknown): boolean => {
  const values = leavesOf(field);
  return conditions.some((condition) => {
    if (isObject(condition) && 'exists' in condition) return condition.exists === values.length > 0;
    return values.some((value) => matchesValue(condition, value));
  });
};

const isOrList = (value: unknown): value is readonly JsonObject[] =>
  Array.isArray(value) && value.length >= 2 && value.every(isObject);

/** An object pattern against an event value: every key must match; an event array matches if an element does. */
const matchesObject = (pattern: JsonObject, value: unknown): boolean => {
  if (Array.isArray(value) && value.some(isObject)) return value.some((item) => matchesObject(pattern, item));
  const event = isObject(value) ? value : {};
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or' && isOrList(sub)) return sub.some((alternative) => matchesObject(alternative, event));
    const field = Object.hasOwn(event, key) ? event[key] : undefined;
    if (Array.isArray(sub)) return matchesField(sub, field);
    if (isObject(sub)) return matchesObject(sub, field);
    throw new Error(`pattern values are arrays or objects: "${key}": ${JSON.stringify(sub)}`);
  });
};

/** True when EventBridge would deliver `event` to a rule with this `pattern`. */
export const matchesPattern = (pattern: Readonly<Record<string, unknown>>, event: unknown): boolean =>
  matchesObject(pattern, event);
