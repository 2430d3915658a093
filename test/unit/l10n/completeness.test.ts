/**
 * Every user-facing string has a Dutch and a French translation:
 * - each literal `t('…')` (core, `@vscode/l10n`) and `vscode.l10n.t('…')` / `l10n.t('…')` call in
 *   `src/` and `webview/` has a non-empty entry in both `l10n/bundle.l10n.{nl,fr}.json`, with the
 *   same `{n}` placeholders;
 * - every `%key%` of package.json exists in package.nls.json, and package.nls.{nl,fr}.json
 *   translate every key of package.nls.json;
 * - no translation call uses a computed key (the bundle could not hold it).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { CERT_RULES } from '../../../src/core/certs/rules';
import { CONFIG_RULES } from '../../../src/core/config/catalog';
import { schemaTexts } from '../../../src/core/config/schemaL10n';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const LANGS = ['nl', 'fr'] as const;

/**
 * Files allowed to translate a computed key, because the keys are enumerated elsewhere and
 * checked below: the schema's documentation strings (`schemaTexts()`).
 */
const COMPUTED_KEY_FILES = new Set(['src/core/config/schemaL10n.ts']);

/** Keys translated at display time from data: rule titles (hovers, reports) and schema texts. */
function dataKeys(): Call[] {
  return [
    ...CONFIG_RULES.map((r) => ({ key: r.title, where: `CONFIG_RULES ${r.id}` })),
    ...CERT_RULES.map((r) => ({ key: r.title, where: `CERT_RULES ${r.id}` })),
    ...schemaTexts().map((k) => ({ key: k, where: 'cmg.schema.json' })),
  ];
}

function files(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return (fs.readdirSync(abs, { recursive: true }) as string[])
    .map((f) => path.join(abs, String(f)))
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
}

interface Call {
  readonly key?: string;
  readonly where: string;
}

/** Translation calls: `t(...)`, `l10n.t(...)`, `vscode.l10n.t(...)`. */
function calls(): Call[] {
  const out: Call[] = [];
  for (const file of [...files('src'), ...files('webview')]) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const callee = n.expression.getText(sf);
        if (callee === 't' || callee === 'l10n.t' || callee === 'vscode.l10n.t') {
          const where = `${path.relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
          const first = n.arguments[0];
          if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) out.push({ key: first.text, where });
          else if (first && ts.isObjectLiteralExpression(first)) {
            const message = first.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(sf) === 'message');
            out.push({ key: message && ts.isStringLiteral(message.initializer) ? message.initializer.text : undefined, where });
          } else out.push({ key: undefined, where });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

function readJson(rel: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8')) as Record<string, string>;
}

function placeholders(s: string): string[] {
  return [...new Set(s.match(/\{\d+\}/g) ?? [])].sort();
}

describe('l10n completeness', () => {
  const found = [...calls(), ...dataKeys()];

  it('finds the translation calls of the code base', () => {
    assert.ok(found.length > 50, `only ${found.length} translation calls found: is the scan broken?`);
  });

  it('uses literal keys only', () => {
    const computed = found.filter((c) => c.key === undefined && !COMPUTED_KEY_FILES.has(c.where.replace(/:\d+$/, ''))).map((c) => c.where);
    assert.deepEqual(computed, [], 'translation calls with a computed key');
  });

  for (const lang of LANGS) {
    it(`translates every string into ${lang}, keeping the placeholders`, () => {
      const bundle = readJson(`l10n/bundle.l10n.${lang}.json`);
      const missing: string[] = [];
      const broken: string[] = [];
      for (const c of found) {
        if (c.key === undefined) continue;
        const value = bundle[c.key];
        if (typeof value !== 'string' || value.trim() === '') missing.push(`${c.where}: ${JSON.stringify(c.key)}`);
        else if (placeholders(value).join() !== placeholders(c.key).join()) broken.push(`${JSON.stringify(c.key)} → ${JSON.stringify(value)}`);
      }
      assert.deepEqual([...new Set(missing)], [], `missing from l10n/bundle.l10n.${lang}.json`);
      assert.deepEqual(broken, [], `placeholders differ in l10n/bundle.l10n.${lang}.json`);
    });

    it(`translates every manifest string into ${lang}`, () => {
      const base = readJson('package.nls.json');
      const nls = readJson(`package.nls.${lang}.json`);
      const missing = Object.keys(base).filter((k) => typeof nls[k] !== 'string' || nls[k]!.trim() === '');
      assert.deepEqual(missing, [], `missing from package.nls.${lang}.json`);
      const extra = Object.keys(nls).filter((k) => !(k in base));
      assert.deepEqual(extra, [], `keys in package.nls.${lang}.json that package.nls.json lacks`);
    });
  }

  it('defines every %key% the manifest uses', () => {
    const manifest = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
    const base = readJson('package.nls.json');
    const used = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
    assert.ok(used.length > 10);
    assert.deepEqual(
      used.filter((k) => !(k in base)),
      [],
    );
  });
});
