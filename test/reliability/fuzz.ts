/**
 * A seeded mutator of JSON events for the fuzz tests: the same seed and index always give the same mutant, so
 * a failure is reproduced from the seed the test prints. Pure: the sample is never modified (each mutant starts
 * from a deep copy) and randomness comes only from the seed.
 */

/** A path into a JSON value: object keys and array indexes. */
export type Path = readonly (string | number)[];

/** What was done to a sample, for the failure report. */
export type Mutation = { readonly kind: MutationKind; readonly path: string };

export type Mutant = {
  /** The sample's file name under `events/`. */
  readonly sample: string;
  readonly event: unknown;
  readonly mutations: readonly Mutation[];
};

/** The kinds of mutation, in the order a report lists them. */
export const MUTATION_KINDS = [
  'remove-field',
  'change-type',
  'huge-string-100kb',
  'huge-string-1mb',
  'deep-nesting-500',
  'control-characters',
  'bidi-override',
  'emoji',
  'invalid-surrogate',
  'number-as-string',
  'nan-like-string',
  'extreme-number',
  'empty-container',
  'duplicate-finding',
  'huge-array',
  'prototype-key',
  'rename-key',
  'other-account',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** A small, fast, seeded generator (mulberry32): deterministic across machines and Node versions. */
export type Random = {
  /** A float in [0, 1). */
  readonly next: () => number;
  /** An integer in [0, n). */
  readonly int: (n: number) => number;
  readonly pick: <T>(list: readonly T[]) => T;
  readonly chance: (p: number) => boolean;
};

export const seededRandom = (seed: number): Random => {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(list: readonly T[]): T => {
      if (list.length === 0) throw new Error('pick from an empty list');
      return list[int(list.length)] as T;
    },
    chance: (p) => next() < p,
  };
};

/** The generator of mutant `index` of a run: each mutant has its own stream, so one can be replayed alone. */
const mutantRandom = (seed: number, index: number): Random =>
  seededRandom(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** Every path below the root, down to `maxDepth` and at most `maxNodes` of them (a huge array stays cheap). */
const pathsOf = (root: Json, maxDepth = 40, maxNodes = 4_000): Path[] => {
  const paths: Path[] = [];
  const walk = (value: Json, path: Path) => {
    if (!isContainer(value) || path.length >= maxDepth) return;
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    for (const key of keys) {
      if (paths.length >= maxNodes) return;
      const child = [...path, key];
      paths.push(child);
      walk((value as Record<string | number, Json>)[key] as Json, child);
    }
  };
  walk(root, []);
  return paths;
};

const at = (root: Json, path: Path): Json | undefined => {
  let value: Json | undefined = root;
  for (const key of path) {
    if (!isContainer(value)) return undefined;
    value = Object.hasOwn(value, key) ? (value as Record<string | number, Json>)[key] : undefined;
  }
  return value;
};

/**
 * Sets an own property: `obj.__proto__ = x` would change the prototype instead, and a mutant must carry the
 * key as JSON does (`JSON.parse` makes `"__proto__"` an own property).
 */
const setOwn = (container: Container, key: string | number, value: Json): void => {
  Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
};

const set = (root: Json, path: Path, value: Json): void => {
  const parent = at(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (key === undefined || !isContainer(parent)) return;
  setOwn(parent, key, value);
};

const remove = (root: Json, path: Path): void => {
  const parent = at(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (key === undefined || !isContainer(parent)) return;
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else delete (parent as Record<string, Json>)[key as string];
};

/** `detail.findings[0].Severity.Label`. */
export const formatPath = (path: Path): string =>
  path.reduce<string>(
    (text, key) =>
      typeof key === 'number'
        ? `${text}[${key}]`
        : /^[A-Za-z_$][\w$-]*$/.test(key)
          ? `${text}${text === '' ? '' : '.'}${key}`
          : `${text}[${JSON.stringify(key)}]`,
    '',
  );

const kindOf = (value: Json | undefined): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

const CONTROL = [
  '\u0000',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r\n',
  '\u000b',
  '\f',
  '\u001b[31m',
  '\u001b]8;;http://evil.example\u0007',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u2028',
  '\u2029',
];
const BIDI = [
  '\u202e',
  '\u202d',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200f',
  '\u061c',
];
const EMOJI = ['🚨', '🔥', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇯🇵', '👍🏽', '❤️', '\ufe0f', '\u200d', '🧑🏿‍💻'];
const SURROGATES = ['\ud800', '\udfff', '\udc00\ud800', '\ud83d', 'a\ud800b'];
const NAN_LIKE = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x1F',
  '',
  ' ',
  'null',
  'undefined',
  'true',
  '1,5',
  '٣',
];
const EXTREME_NUMBERS = [
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -1,
  0,
  5e-324,
  1.5,
  -0.0001,
  1e21,
  2 ** 53,
];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

const insertInto = (text: string, insert: string, random: Random): string => {
  const chars = [...text];
  const position = random.int(chars.length + 1);
  return [...chars.slice(0, position), insert, ...chars.slice(position)].join('');
};

/** A long string that still looks like text: words, Japanese, markup and a newline now and then. */
const hugeString = (length: number, random: Random): string => {
  const unit = random.pick([
    'A',
    'lorem ipsum dolor sit amet ',
    '不正アクセスの可能性があります。',
    '<b>bold</b> [x](http://evil.example) ',
    'line\n',
  ]);
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
};

const deeplyNested = (depth: number, random: Random): Json => {
  const asArray = random.chance(0.5);
  let value: Json = random.pick(['bottom', 1, null, true]);
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
};

/** A value of another JSON type than `value`'s, made from it where that means something. */
const otherType = (value: Json | undefined, random: Random): Json => {
  const current = kindOf(value);
  const target = random.pick(
    ['string', 'number', 'boolean', 'null', 'array', 'object'].filter((kind) => kind !== current),
  );
  switch (target) {
    case 'string':
      return value === null || value === undefined ? 'null' : JSON.stringify(value).slice(0, 200);
    case 'number':
      return typeof value === 'string' && Number.isFinite(Number(value)) && value.trim() !== ''
        ? Number(value)
        : random.pick(EXTREME_NUMBERS);
    case 'boolean':
      return random.chance(0.5);
    case 'null':
      return null;
    case 'array':
      return value === undefined ? [] : [value];
    default:
      return value === undefined ? {} : { value };
  }
};

type Mutator = (root: Json, random: Random) => Path | undefined;

/** A path, biased towards the top two levels (the envelope and `detail`, where schemas are strict). */
const pickPath = (root: Json, random: Random, accept: (value: Json | undefined) => boolean = () => true) => {
  const all = pathsOf(root).filter((path) => accept(at(root, path)));
  if (all.length === 0) return undefined;
  const shallow = all.filter((path) => path.length <= 2);
  return random.chance(0.35) && shallow.length > 0 ? random.pick(shallow) : random.pick(all);
};

const isString = (value: Json | undefined) => typeof value === 'string';
const isNumber = (value: Json | undefined) => typeof value === 'number';
const isObject = (value: Json | undefined) => isContainer(value) && !Array.isArray(value);

/** Changes one string leaf (or, with none, any leaf) with `change`. */
const changeString =
  (change: (text: string, random: Random) => string): Mutator =>
  (root, random) => {
    const path = pickPath(root, random, isString) ?? pickPath(root, random);
    if (!path) return undefined;
    const value = at(root, path);
    set(root, path, change(typeof value === 'string' ? value : String(JSON.stringify(value)), random));
    return path;
  };

const MUTATORS: Record<MutationKind, Mutator> = {
  'remove-field': (root, random) => {
    const path = pickPath(root, random);
    if (path) remove(root, path);
    return path;
  },
  'change-type': (root, random) => {
    const path = pickPath(root, random);
    if (path) set(root, path, otherType(at(root, path), random));
    return path;
  },
  'huge-string-100kb': changeString((_, random) => hugeString(100 * 1024, random)),
  'huge-string-1mb': changeString((_, random) => hugeString(1024 * 1024, random)),
  'deep-nesting-500': (root, random) => {
    const path = pickPath(root, random);
    if (path) set(root, path, deeplyNested(500, random));
    return path;
  },
  'control-characters': changeString((text, random) => insertInto(text, random.pick(CONTROL), random)),
  'bidi-override': changeString((text, random) => insertInto(text, random.pick(BIDI), random)),
  emoji: changeString((text, random) => insertInto(text, random.pick(EMOJI), random)),
  'invalid-surrogate': changeString((text, random) => insertInto(text, random.pick(SURROGATES), random)),
  'number-as-string': (root, random) => {
    const path = pickPath(root, random, isNumber);
    if (!path) return MUTATORS['nan-like-string'](root, random);
    const value = at(root, path) as number;
    set(
      root,
      path,
      random.pick([String(value), ` ${value} `, `${value}.0`, String(value).replace('.', ','), `+${value}`]),
    );
    return path;
  },
  'nan-like-string': (root, random) => {
    const path = pickPath(root, random, (value) => !isContainer(value));
    if (path) set(root, path, random.pick(NAN_LIKE));
    return path;
  },
  'extreme-number': (root, random) => {
    const path = pickPath(root, random, (value) => !isContainer(value));
    if (path) set(root, path, random.pick(EXTREME_NUMBERS));
    return path;
  },
  'empty-container': (root, random) => {
    const path = pickPath(root, random, (value) => isContainer(value)) ?? pickPath(root, random);
    if (path) set(root, path, random.chance(0.5) ? [] : {});
    return path;
  },
  'duplicate-finding': (root, random) => {
    const findings = at(root, ['detail', 'findings']);
    if (Array.isArray(findings) && findings.length > 0) {
      const copies = random.pick([1, 2, 9, 99]);
      const finding = random.pick(findings);
      for (let i = 0; i < copies; i++)
        findings.splice(random.int(findings.length + 1), 0, structuredClone(finding));
      return ['detail', 'findings'];
    }
    return MUTATORS['huge-array'](root, random);
  },
  'huge-array': (root, random) => {
    const path = pickPath(root, random, (value) => Array.isArray(value)) ?? pickPath(root, random);
    if (!path) return undefined;
    const value = at(root, path);
    const items = Array.isArray(value) && value.length > 0 ? value : [value ?? null];
    // Objects are copied up to 1,000 times, scalars up to 10,000: a body of a few MB at most.
    const length = random.pick(items.some(isContainer) ? [100, 1_000] : [100, 1_000, 10_000]);
    set(
      root,
      path,
      Array.from({ length }, (_, i) => items[i % items.length] as Json),
    );
    return path;
  },
  'prototype-key': (root, random) => {
    const path = pickPath(root, random, isObject);
    const target = path === undefined || random.chance(0.3) ? root : at(root, path);
    if (!isContainer(target) || Array.isArray(target)) return undefined;
    const key = random.pick(PROTOTYPE_KEYS);
    setOwn(target, key, random.pick<Json>([{ polluted: true, isAdmin: true }, 'polluted', null, [1], 0]));
    return [...(target === root ? [] : (path ?? [])), key];
  },
  'rename-key': (root, random) => {
    const path = pickPath(root, random, () => true);
    const key = path?.[path.length - 1];
    if (!path || typeof key !== 'string') return MUTATORS['remove-field'](root, random);
    const value = at(root, path) as Json;
    remove(root, path);
    const renamed = random.pick([key.toUpperCase(), key.toLowerCase(), ` ${key}`, `${key}\u200b`, `${key}s`]);
    set(root, [...path.slice(0, -1), renamed], value);
    return [...path.slice(0, -1), renamed];
  },
  'other-account': (root, random) => {
    const path = random.pick<Path>([['account'], ['detail', 'accountId'], ['detail', 'affectedAccount']]);
    set(
      root,
      path,
      random.pick(['999999999999', '000000000000', '222222222222', '333333333333', '12345678901']),
    );
    return path;
  },
};

/** How often each kind is drawn: the 1 MB string is rare (a handful per 10,000), the common cases often. */
const WEIGHTS: Record<MutationKind, number> = {
  'remove-field': 14,
  'change-type': 14,
  'huge-string-100kb': 2,
  'huge-string-1mb': 0.02,
  'deep-nesting-500': 2,
  'control-characters': 6,
  'bidi-override': 4,
  emoji: 4,
  'invalid-surrogate': 4,
  'number-as-string': 5,
  'nan-like-string': 6,
  'extreme-number': 4,
  'empty-container': 5,
  'duplicate-finding': 3,
  'huge-array': 1,
  'prototype-key': 4,
  'rename-key': 4,
  'other-account': 3,
};
const TOTAL_WEIGHT = Object.values(WEIGHTS).reduce((sum, weight) => sum + weight, 0);

const drawKind = (random: Random): MutationKind => {
  let point = random.next() * TOTAL_WEIGHT;
  for (const kind of MUTATION_KINDS) {
    point -= WEIGHTS[kind];
    if (point < 0) return kind;
  }
  return 'change-type';
};

/** Applies one mutation of `kind` to a deep copy of `event`: for tests that need a given kind. */
export const mutateWith = (
  event: unknown,
  kind: MutationKind,
  random: Random,
): { event: unknown; path: string } => {
  const copy = structuredClone(event) as Json;
  const path = MUTATORS[kind](copy, random);
  return { event: copy, path: path ? formatPath(path) : '' };
};

/**
 * Mutant `index` of a run with `seed`: a sample picked by the seed, with one to three mutations (the heavy
 * ones, huge strings and arrays and deep nesting, at most once per mutant).
 */
export const mutantAt = (
  samples: readonly { readonly name: string; readonly event: unknown }[],
  seed: number,
  index: number,
): Mutant => {
  const random = mutantRandom(seed, index);
  const sample = random.pick(samples);
  const event = structuredClone(sample.event) as Json;
  const mutations: Mutation[] = [];
  const count = random.pick([1, 1, 1, 2, 2, 3]);
  const heavy = new Set<MutationKind>([
    'huge-string-100kb',
    'huge-string-1mb',
    'deep-nesting-500',
    'huge-array',
    'duplicate-finding',
  ]);
  for (let i = 0; i < count; i++) {
    let kind = drawKind(random);
    if (heavy.has(kind) && mutations.some((mutation) => heavy.has(mutation.kind))) kind = 'change-type';
    const path = MUTATORS[kind](event, random);
    mutations.push({ kind, path: path ? formatPath(path) : '' });
  }
  return { sample: sample.name, event, mutations };
};
