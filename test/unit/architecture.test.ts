import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// STYLE "Avoid": the core (shared/) is pure TypeScript. No AWS SDK, Lambda types, middy or Powertools outside
// shared/adapters/aws/, and no hidden globals (wall clock, environment) anywhere in it: time comes from `Clock`,
// settings from `Config`. The scan reads the syntax tree, so comments and strings never count.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARED = join(ROOT, 'shared');
const AWS_ADAPTERS = `shared/adapters/aws/`;

const FORBIDDEN_IMPORTS = [/^@aws-sdk\//, /^aws-lambda(\/|$)/, /^@middy\//, /^@aws-lambda-powertools\//];

type Finding = { file: string; line: number; what: string };

/** Every .ts file under `dir`, as a path relative to the project root with `/` separators. */
const typeScriptFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [relative(ROOT, path).split(sep).join('/')] : [];
  });

/** The module names a file loads: static imports and re-exports, `import x = require()`, `import()`, `require()`. */
const importsOf = (source: ts.SourceFile): { name: string; node: ts.Node }[] => {
  const found: { name: string; node: ts.Node }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      found.push({ name: node.moduleSpecifier.text, node });
    else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    )
      found.push({ name: node.moduleReference.expression.text, node });
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) found.push({ name: literal.text, node });
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const loads =
        node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require');
      if (loads && first !== undefined && ts.isStringLiteralLike(first))
        found.push({ name: first.text, node });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
};

/** `Date.now()`, `new Date()` without an argument, and any read of `process.env`. */
const hiddenGlobalsOf = (source: ts.SourceFile): { what: string; node: ts.Node }[] => {
  const found: { what: string; node: ts.Node }[] = [];
  const isName = (node: ts.Node, name: string): boolean => ts.isIdentifier(node) && node.text === name;
  const propertyName = (node: ts.Node): string | undefined => {
    if (ts.isPropertyAccessExpression(node)) return node.name.text;
    if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression))
      return node.argumentExpression.text;
    return undefined;
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      (ts.isPropertyAccessExpression(node.expression) || ts.isElementAccessExpression(node.expression)) &&
      isName(node.expression.expression, 'Date') &&
      propertyName(node.expression) === 'now'
    )
      found.push({ what: 'Date.now() (use the Clock port)', node });
    if (ts.isNewExpression(node) && isName(node.expression, 'Date') && (node.arguments ?? []).length === 0)
      found.push({ what: 'new Date() without an argument (use the Clock port)', node });
    if (
      (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) &&
      propertyName(node) === 'env' &&
      (isName(node.expression, 'process') || propertyName(node.expression) === 'process')
    )
      found.push({ what: 'process.env (only functions/ reads the environment)', node });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
};

const parseFile = (file: string, text = readFileSync(join(ROOT, file), 'utf8')): ts.SourceFile =>
  ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

const lineOf = (source: ts.SourceFile, node: ts.Node): number =>
  source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;

/** What the rules forbid in one file; `file` is relative to the project root. */
const violationsOf = (file: string, text?: string): Finding[] => {
  const source = parseFile(file, text);
  const mayUseAws = file.startsWith(AWS_ADAPTERS);
  const imports = importsOf(source)
    .filter(({ name }) => !mayUseAws && FORBIDDEN_IMPORTS.some((pattern) => pattern.test(name)))
    .map(({ name, node }) => ({ file, line: lineOf(source, node), what: `imports ${name}` }));
  const globals = hiddenGlobalsOf(source).map(({ what, node }) => ({
    file,
    line: lineOf(source, node),
    what,
  }));
  return [...imports, ...globals];
};

const format = (findings: readonly Finding[]): string[] =>
  findings.map(({ file, line, what }) => `${file}:${line}: ${what}`);

describe('the core in shared/ stays free of AWS and hidden globals', () => {
  const files = typeScriptFiles(SHARED);

  it('finds the core files to scan', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files).toContain('shared/model.ts');
  });

  it('imports no AWS SDK, aws-lambda, middy or Powertools outside shared/adapters/aws/, and reads no clock or environment', () => {
    expect(format(files.flatMap((file) => violationsOf(file)))).toEqual([]);
  });
});

describe('the scan itself', () => {
  it.each([
    ["import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", 'imports @aws-sdk/client-dynamodb'],
    ["import type { SQSEvent } from 'aws-lambda';", 'imports aws-lambda'],
    ["export { default } from '@middy/core';", 'imports @middy/core'],
    ["import { Logger } from '@aws-lambda-powertools/logger';", 'imports @aws-lambda-powertools/logger'],
    ["const sdk = await import('@aws-sdk/client-sns');", 'imports @aws-sdk/client-sns'],
    [
      "type Client = import('@aws-sdk/client-scheduler').SchedulerClient;",
      'imports @aws-sdk/client-scheduler',
    ],
    ['export const now = () => Date.now();', 'Date.now() (use the Clock port)'],
    ['export const now = () => new Date();', 'new Date() without an argument (use the Clock port)'],
    ["export const table = process.env['TABLE'];", 'process.env (only functions/ reads the environment)'],
    [
      'export const table = globalThis.process.env.TABLE;',
      'process.env (only functions/ reads the environment)',
    ],
  ])('flags `%s` in a core file', (code, what) => {
    expect(violationsOf('shared/pipeline/example.ts', code)).toEqual([
      { file: 'shared/pipeline/example.ts', line: 1, what },
    ]);
  });

  it('lets the AWS adapters import the SDK, but not read the clock or the environment', () => {
    const code = "import { SNSClient } from '@aws-sdk/client-sns';\nexport const at = () => Date.now();";
    expect(format(violationsOf('shared/adapters/aws/sns-notifier.ts', code))).toEqual([
      'shared/adapters/aws/sns-notifier.ts:2: Date.now() (use the Clock port)',
    ]);
  });

  it.each([
    ['a date built from a value', 'export const at = (ms: number) => new Date(ms).toISOString();'],
    ['a comment that names the rule', '// never call Date.now() or read process.env here\nexport {};'],
    ['a string that mentions a package', "export const hint = 'install @aws-sdk/client-sns';"],
    ['an env field of something else', 'const settings = { env: 1 };\nexport const x = settings.env;'],
  ])('does not flag %s', (_case, code) => {
    expect(violationsOf('shared/pipeline/example.ts', code)).toEqual([]);
  });
});

// Issue 12: the layers of the core, lowest first. A module imports from its own layer or lower ones, never from
// a higher one: the engine decides without knowing how a message reads, the config knows nothing of routing,
// and nothing in the core but the pipeline's callers knows an adapter.
const LAYERS = [
  'model', // shared/*.ts: the canonical alert, the incident, errors, times
  'config',
  'ports',
  'sources',
  'routing',
  'first-response',
  'engine',
  'render',
  'report', // issue 16: the monthly report, a view of incidents (reads engine and render words)
  'pipeline',
  'storage', // the table layout: read by the DynamoDB adapter and the CDK construct, no SDK
  'adapters',
] as const;

/** The layer of a core file: its folder under shared/, `ports` for the port file, `model` for the others. */
const layerOf = (file: string): (typeof LAYERS)[number] => {
  const [, folder, rest] = file.split('/');
  if (rest === undefined) return folder === 'ports.ts' ? 'ports' : 'model';
  return folder as (typeof LAYERS)[number];
};

/** Every import of a core file that reaches a higher layer, as `file:line: layer → layer (module)`. */
const layerViolationsOf = (file: string, text?: string): string[] => {
  const source = parseFile(file, text);
  const from = LAYERS.indexOf(layerOf(file));
  return importsOf(source).flatMap(({ name, node }) => {
    if (!name.startsWith('.')) return [];
    const target = relative(ROOT, join(ROOT, file, '..', name))
      .split(sep)
      .join('/')
      .replace(/\.js$/, '.ts');
    if (!target.startsWith('shared/')) return [`${file}:${lineOf(source, node)}: leaves the core (${name})`];
    const to = LAYERS.indexOf(layerOf(target));
    return to > from ? [`${file}:${lineOf(source, node)}: ${LAYERS[from]} → ${LAYERS[to]} (${name})`] : [];
  });
};

describe('the layers of the core', () => {
  const files = typeScriptFiles(SHARED);

  it('knows the layer of every core file', () => {
    expect(files.filter((file) => !LAYERS.includes(layerOf(file)))).toEqual([]);
  });

  it('imports only from its own layer or a lower one', () => {
    expect(files.flatMap((file) => layerViolationsOf(file))).toEqual([]);
  });

  it.each([
    ['shared/engine/grouping.ts', "import { renderDigest } from '../render/digest.js';", 'engine → render'],
    [
      'shared/config/registry.ts',
      "import { compileRoutes } from '../routing/routes.js';",
      'config → routing',
    ],
    [
      'shared/pipeline/replay.ts',
      "import type { VirtualClock } from '../adapters/memory/virtual-time.js';",
      'pipeline → adapters',
    ],
    ['shared/model.ts', "import { handler } from '../functions/route/handler.js';", 'leaves the core'],
  ])('flags %s importing upwards', (file, code, what) => {
    expect(layerViolationsOf(file, code)).toEqual([expect.stringContaining(what)]);
  });
});
