import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 12: the README is a guide and the reference lives in docs/ and bench/README.md. Every relative link between
// them must lead somewhere (a moved page or a renamed heading breaks a link silently on GitHub), and every page that
// left the README must still be reachable from it.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = join(ROOT, 'docs');
const PAGES = [
  'README.md',
  'bench/README.md',
  'infra/README.md',
  ...readdirSync(DOCS)
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

const read = (page: string): string => readFileSync(join(ROOT, page), 'utf8');

/** The text a reader sees as prose: fenced code blocks and inline code never hold links. */
const prose = (markdown: string): string =>
  markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');

/** Relative link targets of `[text](target)`, images included; external and same-page-only links are left out. */
const relativeLinks = (markdown: string): string[] =>
  [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
const anchors = (markdown: string): Set<string> => {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading = ''] of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
};

type Broken = { page: string; target: string; reason: string };

const brokenLinks = (page: string): Broken[] =>
  relativeLinks(read(page)).flatMap((target): Broken[] => {
    const [path = '', anchor] = target.split('#');
    const file = path === '' ? join(ROOT, page) : join(ROOT, dirname(page), decodeURI(path));
    if (!existsSync(file)) return [{ page, target, reason: 'no such file' }];
    if (anchor === undefined || statSync(file).isDirectory() || !file.endsWith('.md')) return [];
    const found = anchors(readFileSync(file, 'utf8'));
    return found.has(decodeURIComponent(anchor)) ? [] : [{ page, target, reason: 'no such heading' }];
  });

describe('documentation links', () => {
  it.each(PAGES)('every relative link in %s resolves', (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });

  it('links every page of docs/ and bench/README.md from the README', () => {
    const linked = new Set(relativeLinks(read('README.md')).map((target) => target.split('#')[0]));
    const pages = PAGES.filter((page) => page !== 'README.md').map((page) =>
      relative(ROOT, join(ROOT, page)),
    );
    expect(pages.filter((page) => !linked.has(page))).toEqual([]);
  });

  it('keeps the two commands in the README', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });

  it('finds a broken link and a missing heading (the check can fail)', () => {
    expect(relativeLinks('[a](docs/none.md) [b](https://x.test) `[c](d.md)` [e](#here)')).toEqual([
      'docs/none.md',
      '#here',
    ]);
    expect([...anchors('## How a decision is made / 判定のしくみ\n## Two\n## Two')]).toEqual([
      'how-a-decision-is-made--判定のしくみ',
      'two',
      'two-1',
    ]);
  });
});
