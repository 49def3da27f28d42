import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Issue 18 #14: the runtime dependency set is what the Lambda functions need, nothing for the developer's tools
 * (tsx runs the CLI from a checkout; esbuild and its install script come with it), and docs/dependencies.md (linked
 * from the README) says why each runtime dependency is there.
 */
const ROOT = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const page = readFileSync(new URL('docs/dependencies.md', ROOT), 'utf8');
const section = page.slice(page.indexOf('# Runtime dependencies'));

describe('runtime dependencies', () => {
  it.each(['tsx', 'esbuild', 'typescript', 'vitest'])('%s is a development dependency only', (name) => {
    expect(pkg.dependencies).not.toHaveProperty(name);
    expect(pkg.devDependencies).toHaveProperty(name);
  });

  it('pins every dependency to an exact version', () => {
    for (const version of [...Object.values(pkg.dependencies), ...Object.values(pkg.devDependencies)])
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('says in docs/dependencies.md why each runtime dependency is there', () => {
    expect(page).toContain('# Runtime dependencies');
    const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| package |')));
    for (const name of Object.keys(pkg.dependencies)) {
      const [scope, last] = name.includes('/') ? name.split('/') : ['', name];
      const named =
        table.includes(`\`${name}\``) || (table.includes(`${scope}/`) && table.includes(`\`${last}\``));
      expect(named, name).toBe(true);
    }
  });
});
