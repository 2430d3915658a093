/**
 * Localization completeness: every string the code hands to `t(…)` (src/core/l10n, @vscode/l10n)
 * or `vscode.l10n.t(…)` / `l10n.t(…)` is in l10n/bundle.l10n.nl.json and .fr.json, every `%key%`
 * of package.json is in package.nls{,.nl,.fr}.json, and translations keep the source's `{n}` placeholders.
 * Sources are read with the TypeScript parser (multi-line calls, template literals, `{ message }` form).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { CERT_RULES } from '../../src/core/certs/rules';
import { CONFIG_RULES } from '../../src/core/config/catalog';
import { schemaTexts } from '../../src/core/config/schemaL10n';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LANGS = ['nl', 'fr'] as const;

/**
 * The only places allowed to translate a computed string, each with the data its keys come from
 * (so those keys are checked like literals). Add a file here only together with its key source.
 */
const DATA_KEYS: Record<string, { why: string; keys: () => string[] }> = {
  'src/diagnostics/register.ts': {
    why: 'rule titles in the hover',
    keys: () => [...CONFIG_RULES, ...CERT_RULES].map((r) => r.title),
  },
  'src/core/config/schemaL10n.ts': { why: 'schema documentation strings', keys: () => schemaTexts() },
};

interface Use {
  key: string;
  where: string;
}
interface Computed {
  where: string;
  text: string;
}

function sourceFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return (fs.readdirSync(abs, { recursive: true }) as string[])
    .map((f) => path.join(abs, f))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && fs.statSync(f).isFile());
}

/** Local names bound to the translate function in a file: `import { t [as x] } from '…l10n'`, `const x = vscode.l10n.t`. */
function translateNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && /l10n$/.test(node.moduleSpecifier.text)) {
      const bindings = node.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) if ((el.propertyName ?? el.name).text === 't') names.add(el.name.text);
      }
    }
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && isL10nT(node.initializer)) {
      names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

/** `l10n.t` or `<anything>.l10n.t`. */
function isL10nT(expr: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(expr) &&
    expr.name.text === 't' &&
    ((ts.isIdentifier(expr.expression) && expr.expression.text === 'l10n') ||
      (ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === 'l10n'))
  );
}

function literalText(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isObjectLiteralExpression(node)) {
    for (const p of node.properties) {
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'message') return literalText(p.initializer);
    }
  }
  return undefined;
}

function scan(): { uses: Use[]; computed: Computed[] } {
  const uses: Use[] = [];
  const computed: Computed[] = [];
  for (const file of [...sourceFiles('src'), ...sourceFiles('webview')]) {
    const rel = path.relative(ROOT, file);
    if (rel === path.join('src', 'core', 'l10n.ts')) continue; // defines t, translates nothing
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const names = translateNames(sf);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        if ((ts.isIdentifier(callee) && names.has(callee.text)) || isL10nT(callee)) {
          const where = `${rel}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
          const first = node.arguments[0];
          const key = first ? literalText(first) : undefined;
          if (key !== undefined) uses.push({ key, where });
          else if (DATA_KEYS[rel.split(path.sep).join('/')] === undefined) computed.push({ where, text: node.getText().slice(0, 80) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  for (const [file, { why, keys }] of Object.entries(DATA_KEYS)) {
    for (const key of keys()) uses.push({ key, where: `${file} (${why})` });
  }
  return { uses, computed };
}

function readJson(rel: string): Record<string, unknown> {
  const file = path.join(ROOT, rel);
  assert.ok(fs.existsSync(file), `${rel} is missing`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function placeholders(s: string): string {
  return [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
}

function manifestKeys(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (m) out.add(m[1]);
  } else if (Array.isArray(value)) value.forEach((v) => manifestKeys(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => manifestKeys(v, out));
  return out;
}

describe('l10n bundles are complete', () => {
  const { uses, computed } = scan();

  it('finds the translated strings of the sources', () => {
    // The scanner itself: the code base translates hundreds of strings; finding none means it broke.
    assert.ok(uses.length > 50, `only ${uses.length} t()/l10n.t() calls found`);
  });

  it('translates literal strings only (no computed keys)', () => {
    assert.deepEqual(
      computed.map((c) => `${c.where}: ${c.text}`),
      [],
      'calls whose first argument is not a string literal cannot be checked or extracted',
    );
  });

  for (const lang of LANGS) {
    it(`l10n/bundle.l10n.${lang}.json has every source string, with the same placeholders`, () => {
      const bundle = readJson(`l10n/bundle.l10n.${lang}.json`);
      const missing = new Map<string, string>();
      const badPlaceholders: string[] = [];
      for (const { key, where } of uses) {
        const value = bundle[key];
        if (typeof value !== 'string' || value.trim() === '') {
          if (!missing.has(key)) missing.set(key, where);
        } else if (placeholders(value) !== placeholders(key)) {
          badPlaceholders.push(`${JSON.stringify(key)} → ${JSON.stringify(value)} (${where})`);
        }
      }
      const report = [...missing].map(([k, w]) => `  ${JSON.stringify(k)}  (${w})`);
      assert.equal(report.length, 0, `${report.length} string(s) missing from bundle.l10n.${lang}.json:\n${report.join('\n')}`);
      assert.deepEqual(badPlaceholders, [], `placeholders differ in bundle.l10n.${lang}.json`);
    });

    it(`package.nls.${lang}.json has every manifest key, with the same placeholders`, () => {
      const keys = manifestKeys(readJson('package.json'), new Set());
      const english = readJson('package.nls.json');
      const nls = readJson(`package.nls.${lang}.json`);
      const missing = [...keys].filter((k) => typeof nls[k] !== 'string' || (nls[k] as string).trim() === '');
      assert.deepEqual(missing, [], `keys missing from package.nls.${lang}.json`);
      const bad = [...keys].filter((k) => typeof english[k] === 'string' && placeholders(nls[k] as string) !== placeholders(english[k] as string));
      assert.deepEqual(bad, [], `placeholders differ in package.nls.${lang}.json`);
    });
  }

  it('package.nls.json (English) has every key package.json references', () => {
    const keys = manifestKeys(readJson('package.json'), new Set());
    const english = readJson('package.nls.json');
    assert.ok(keys.size > 10, 'package.json references almost no %key%');
    assert.deepEqual([...keys].filter((k) => typeof english[k] !== 'string'), []);
  });
});
