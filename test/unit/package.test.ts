/**
 * The VSIX holds only what runs. Builds it like a release (staging copy, production build,
 * `vsce package --no-dependencies`, .vscodeignore) and reads its zip directory.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

interface ZipEntry {
  name: string;
  size: number;
}
interface Packager {
  REPO_ROOT: string;
  buildVsix(out: string): { vsix: string; seconds: number };
  listZip(file: string): ZipEntry[];
  readZipEntry(file: string, name: string): Buffer;
}
const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<unknown>;

describe('VSIX package contents', function () {
  this.timeout(300_000);
  let packager: Packager;
  let vsix: string;
  let names: string[];
  let tmp: string;

  before(async () => {
    const root = path.resolve(__dirname, '..', '..', '..');
    packager = (await importEsm(pathToFileURL(path.join(root, 'test', 'runner', 'package-vsix.mjs')).href)) as Packager;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cmg-vsix-test-'));
    vsix = packager.buildVsix(path.join(tmp, 'cmg-tools.vsix')).vsix;
    names = packager.listZip(vsix).map((e) => e.name);
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('contains the bundles, schema, translations, manifest strings and icons', () => {
    for (const required of [
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/cli.js',
      'extension/dist/cmg.schema.json',
      'extension/dist/cmg.schema.nl.json',
      'extension/dist/cmg.schema.fr.json',
      'extension/l10n/bundle.l10n.nl.json',
      'extension/l10n/bundle.l10n.fr.json',
      'extension/package.nls.json',
      'extension/package.nls.nl.json',
      'extension/package.nls.fr.json',
      'extension/media/cmg.svg',
      'extension/media/icon.png',
    ]) {
      assert.ok(names.includes(required), `${required} is missing from the VSIX:\n${names.join('\n')}`);
    }
    assert.ok(names.some((n) => /^extension\/readme\.md$/i.test(n)), 'README is missing');
    assert.ok(names.some((n) => /^extension\/changelog\.md$/i.test(n)), 'CHANGELOG is missing');
    assert.ok(names.some((n) => /^extension\/license(\.txt)?$/i.test(n)), 'LICENSE is missing');
  });

  it('contains no sources, tests, fixtures, examples, source maps, dependencies or tool configs', () => {
    const forbidden: [RegExp, string][] = [
      [/^extension\/src\//, 'TypeScript sources'],
      [/^extension\/webview\//, 'webview sources'],
      [/^extension\/test\//, 'tests'],
      [/^extension\/out\//, 'compiled tests'],
      [/fixtures?\//i, 'fixtures'],
      [/^extension\/examples\//, 'examples'],
      [/\.map$/, 'source maps'],
      [/(^|\/)node_modules\//, 'node_modules'],
      [/^extension\/\.ci\//, 'CI scripts'],
      [/^extension\/\.cache\//, 'caches'],
      [/tsconfig[^/]*\.json$/, 'tsconfig'],
      [/\.ts$/, 'TypeScript files'],
      [/^extension\/(esbuild\.mjs|package-lock\.json|\.gitignore|\.vscodeignore)$/, 'build files'],
      [/\.(pfx|p12|cer|crt|pem|key)$/i, 'certificates'],
      [/\.vsix$/, 'nested VSIX'],
      [/^extension\/media\/screenshots\//, 'README screenshots'],
    ];
    const bad = names.flatMap((n) => forbidden.filter(([re]) => re.test(n)).map(([, why]) => `${n} (${why})`));
    assert.deepEqual(bad, [], `the VSIX holds files that do not run:\n${bad.join('\n')}`);
  });

  it('holds every file the manifest points at', () => {
    const manifest = JSON.parse(packager.readZipEntry(vsix, 'extension/package.json').toString('utf8')) as {
      main: string;
      icon?: string;
      bin?: Record<string, string>;
      contributes: { jsonValidation?: { url: string }[]; viewsContainers?: { activitybar?: { icon: string }[] } };
    };
    const referenced = [
      manifest.main,
      manifest.icon,
      ...Object.values(manifest.bin ?? {}),
      ...(manifest.contributes.jsonValidation ?? []).map((j) => j.url),
      ...(manifest.contributes.viewsContainers?.activitybar ?? []).map((c) => c.icon),
    ].filter((p): p is string => typeof p === 'string' && !/^https?:/.test(p));
    // A "%key%" value is replaced by VS Code from package.nls[.<lang>].json: every language's file must be there.
    const nlsFiles = names.filter((n) => /^extension\/package\.nls(\.[\w-]+)?\.json$/.test(n));
    assert.ok(nlsFiles.length >= 3, nlsFiles.join(', '));
    const resolved = referenced.flatMap((p) => {
      const key = /^%([\w.-]+)%$/.exec(p)?.[1];
      if (!key) return [p];
      return nlsFiles.map((f) => {
        const value = (JSON.parse(packager.readZipEntry(vsix, f).toString('utf8')) as Record<string, unknown>)[key];
        assert.equal(typeof value, 'string', `${f} lacks "${key}"`);
        return value as string;
      });
    });
    assert.ok(resolved.includes('./dist/cmg.schema.nl.json') && resolved.includes('./dist/cmg.schema.fr.json'), resolved.join(', '));
    const missing = resolved.map((p) => `extension/${path.posix.normalize(p)}`).filter((p) => !names.includes(p));
    assert.deepEqual(missing, []);
  });

  it('ships the production bundle (minified, no source map reference)', () => {
    const js = packager.readZipEntry(vsix, 'extension/dist/extension.js').toString('utf8');
    assert.ok(!/sourceMappingURL=/.test(js), 'dist/extension.js refers to a source map');
    const lines = js.split('\n').length;
    assert.ok(lines < js.length / 200, `dist/extension.js does not look minified (${lines} lines for ${js.length} characters)`);
  });
});
