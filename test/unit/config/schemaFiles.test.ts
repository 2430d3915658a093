/**
 * The schema files VS Code's JSON language features read: package.json's jsonValidation url is the
 * NLS key %cmg.schema.url%, which package.nls[.<lang>].json resolve to dist/cmg.schema[.<lang>].json.
 * The localized files are written by the build (esbuild.mjs) from localizedSchema(); here they are
 * checked to be the English schema with only documentation strings translated, and up to date.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { localizedSchema } from '../../../src/core/config/schemaL10n';
import { configureL10n } from '../../../src/core/l10n';

const ROOT = path.resolve(__dirname, '../../../..');
const readJson = <T = Record<string, unknown>>(rel: string): T => JSON.parse(readFileSync(path.join(ROOT, rel), 'utf8')) as T;

/** Languages with manifest strings (package.nls.<lang>.json). */
const LANGS = readdirSync(ROOT)
  .map((f) => /^package\.nls\.([a-z]{2}(?:-[a-z]+)?)\.json$/i.exec(f)?.[1])
  .filter((l): l is string => l !== undefined)
  .sort();

const DOC_KEYS = new Set(['markdownDescription', 'description', 'title']);
const DOC = '<doc>';

/**
 * The schema with every documentation string replaced by a marker: same keys, enums, types,
 * patterns, defaults and snippet bodies; only the places that may be translated are blanked.
 */
function shape(node: unknown, parentKey?: string): unknown {
  if (Array.isArray(node)) return node.map((n) => shape(n));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]): [string, unknown] => {
      if (parentKey === 'properties') return [k, shape(v, k)]; // a property name, e.g. "description"
      if (DOC_KEYS.has(k) && typeof v === 'string') return [k, DOC];
      if (k === 'markdownEnumDescriptions' && Array.isArray(v)) return [k, v.map(() => DOC)];
      if (k === 'defaultSnippets' && Array.isArray(v)) {
        return [k, (v as Record<string, unknown>[]).map((s) => ({ ...s, ...('label' in s ? { label: DOC } : {}), ...('description' in s ? { description: DOC } : {}) }))];
      }
      return [k, shape(v, k)];
    }),
  );
}

/** Every documentation string, in document order. */
function docs(node: unknown, parentKey?: string, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => docs(n, undefined, out));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (parentKey === 'properties') docs(v, k, out);
      else if (DOC_KEYS.has(k) && typeof v === 'string') out.push(v);
      else if (k === 'markdownEnumDescriptions' && Array.isArray(v)) out.push(...(v as string[]));
      else if (k === 'defaultSnippets' && Array.isArray(v)) for (const s of v as { label?: string }[]) out.push(String(s.label));
      else docs(v, k, out);
    }
  }
  return out;
}

interface Manifest {
  contributes: { jsonValidation: { fileMatch: string[]; url: string }[] };
}

describe('schema files for VS Code (jsonValidation, per display language)', function () {
  this.timeout(120_000);

  before(function () {
    // `npm test` builds first; build here only when a schema file is missing (e.g. a lone mocha run).
    const wanted = ['dist/cmg.schema.json', ...LANGS.map((l) => `dist/cmg.schema.${l}.json`)];
    if (!wanted.every((f) => existsSync(path.join(ROOT, f)))) {
      const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(b.status, 0, b.stderr);
    }
  });
  afterEach(() => configureL10n('en', undefined));

  it('has manifest strings in Dutch and French', () => {
    assert.deepEqual(LANGS, ['fr', 'nl']);
  });

  it('points jsonValidation at an NLS key that every package.nls file resolves to its own existing schema file', () => {
    const validations = readJson<Manifest>('package.json').contributes.jsonValidation;
    assert.equal(validations.length, 1);
    const [v] = validations;
    assert.deepEqual(v!.fileMatch, ['*.cmg.json']);
    const key = /^%([\w.-]+)%$/.exec(v!.url)?.[1];
    assert.ok(key, `jsonValidation url ${v!.url} is not an NLS key`);
    const expected: Record<string, string> = { '': './dist/cmg.schema.json', ...Object.fromEntries(LANGS.map((l) => [l, `./dist/cmg.schema.${l}.json`])) };
    for (const [lang, file] of Object.entries(expected)) {
      const nls = `package.nls${lang ? `.${lang}` : ''}.json`;
      const url: unknown = readJson(nls)[key];
      // The JSON language features resolve a url relative to the extension only when it starts with "./".
      assert.equal(url, file, `${nls} "${key}"`);
      assert.ok(existsSync(path.join(ROOT, file)), `${file} (from ${nls}) does not exist; run npm run build`);
    }
  });

  it('ships the English schema unchanged under the English url', () => {
    assert.deepEqual(readJson('dist/cmg.schema.json'), readJson('src/core/config/cmg.schema.json'));
  });

  for (const lang of LANGS) {
    describe(`dist/cmg.schema.${lang}.json`, () => {
      const english = () => readJson('src/core/config/cmg.schema.json');
      const localized = () => readJson(`dist/cmg.schema.${lang}.json`);

      it('is the English schema with only documentation strings changed (same keys, enums, types, snippet bodies)', () => {
        assert.deepEqual(shape(localized()), shape(english()));
        // Something to show for it: most documentation strings are translated.
        const en = docs(english());
        const tr = docs(localized());
        assert.equal(tr.length, en.length);
        assert.ok(en.length > 50, `only ${en.length} documentation strings`);
        const same = en.filter((s, i) => s === tr[i]);
        assert.ok(same.length < en.length / 10, `${same.length} of ${en.length} strings untranslated in ${lang}:\n${same.join('\n')}`);
        // Validation identity: a file with this $schema validates like the English one.
        assert.equal(localized().$id, english().$id);
      });

      it(`is up to date with localizedSchema() and l10n/bundle.l10n.${lang}.json (run npm run build)`, () => {
        configureL10n(lang, readJson<Record<string, string>>(`l10n/bundle.l10n.${lang}.json`));
        assert.deepEqual(localized(), localizedSchema());
      });

      it('documents vmInstances in its language', () => {
        const bundle = readJson<Record<string, string>>(`l10n/bundle.l10n.${lang}.json`);
        type Gw = { properties: { gateways: { items: { properties: { vmInstances: { markdownDescription: string } } } } } };
        const en = (english() as unknown as Gw).properties.gateways.items.properties.vmInstances.markdownDescription;
        const tr = (localized() as unknown as Gw).properties.gateways.items.properties.vmInstances.markdownDescription;
        assert.notEqual(tr, en);
        assert.equal(tr, bundle[en]);
        assert.match(tr, lang === 'nl' ? /^\*\*VM-exemplaar\*\*/ : /^\*\*Instance de VM\*\*/);
      });
    });
  }
});
