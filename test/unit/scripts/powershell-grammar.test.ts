/**
 * The generated PowerShell parses with a real PowerShell grammar (tree-sitter-powershell), and a
 * walk over the syntax tree checks what matters: the cmdlets called, that every string literal
 * carrying an input value is single-quoted (verbatim) and holds exactly that value, and that the
 * only expandable string (the WQL query) refers to nothing but the validated $serviceCName.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { ChainEntry } from '../../../src/core/certs/types';
import { buildSubCaScript } from '../../../src/core/scripts/subca';
import { VALID_FQDN, VALID_TP } from './hostile';

// tree-sitter-powershell is ESM-only (top-level await).
const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  readonly children: readonly SyntaxNode[];
  readonly hasError: boolean;
  readonly isMissing: boolean;
  readonly startPosition: { row: number };
  readonly endPosition: { row: number };
}
type Parse = (source: string) => SyntaxNode;

let parse: Parse;

before(async () => {
  const Parser = (await importEsm('tree-sitter')).default;
  const PowerShell = (await importEsm('tree-sitter-powershell')).default;
  const parser = new Parser();
  parser.setLanguage(PowerShell);
  parse = (source) => parser.parse(source).rootNode as SyntaxNode;
});

function all(node: SyntaxNode, type: string, acc: SyntaxNode[] = []): SyntaxNode[] {
  if (node.type === type) acc.push(node);
  for (const c of node.children) all(c, type, acc);
  return acc;
}

const OTHER_TP = 'FFEEDDCCBBAA99887766554433221100FFEEDDCC';
const chain: ChainEntry[] = [
  { subject: 'CN=GraniteFalls.contoso.com', thumbprint: '1'.repeat(40), role: 'leaf' },
  { subject: "CN=Contoso Issuing CA, O=Contoso's PKI", thumbprint: VALID_TP, role: 'intermediate' },
  { subject: 'CN=Contoso Policy CA', thumbprint: OTHER_TP, role: 'intermediate' },
  { subject: 'CN=Contoso Root CA', thumbprint: '2'.repeat(40), role: 'root' },
];

function generate(language: 'en' | 'nl' | 'fr'): string {
  const r = buildSubCaScript({ serviceName: VALID_FQDN, chain: { file: 'granitefalls.pfx', entries: chain }, scriptLanguage: 'powershell', language });
  assert.ok(r.ok);
  return r.script.text;
}

const ALLOWED_COMMANDS = new Set(['Set-StrictMode', 'Write-Host', 'Get-CimInstance', 'Set-CimInstance']);

/** Checks a script; returns the problems found (empty = good). */
function problems(source: string, values: readonly string[]): string[] {
  const root = parse(source);
  const found: string[] = [];
  if (root.hasError) found.push('syntax error');
  const commands = all(root, 'command_name').map((n) => n.text);
  for (const c of commands) if (!ALLOWED_COMMANDS.has(c)) found.push(`unexpected command ${c}`);
  for (const c of ['Get-CimInstance', 'Set-CimInstance']) if (!commands.includes(c)) found.push(`missing ${c}`);
  // Every string literal that carries an input value is verbatim and is exactly that value.
  for (const literal of all(root, 'string_literal')) {
    const carried = values.filter((v) => literal.text.includes(v));
    if (carried.length === 0) continue;
    const verbatim = literal.children.length === 1 && literal.children[0]!.type === 'verbatim_string_characters';
    if (!verbatim) found.push(`input in a non-verbatim literal: ${literal.text}`);
    else if (!carried.some((v) => literal.text === `'${v}'`)) found.push(`literal is not exactly the value: ${literal.text}`);
  }
  // Expandable strings refer only to validated variables, never to sub-expressions.
  for (const expandable of all(root, 'expandable_string_literal')) {
    if (all(expandable, 'sub_expression').length > 0) found.push(`sub-expression in ${expandable.text}`);
    for (const v of all(expandable, 'variable')) if (v.text !== '$serviceCName') found.push(`variable ${v.text} in ${expandable.text}`);
  }
  // Comments stay on one line.
  for (const comment of all(root, 'comment')) if (comment.startPosition.row !== comment.endPosition.row) found.push(`multi-line comment ${comment.text}`);
  // The embedded values are assigned from verbatim literals.
  const serviceAssign = all(root, 'assignment_expression').find((a) => a.text.startsWith('$serviceCName ='));
  if (!serviceAssign || !all(serviceAssign, 'verbatim_string_characters').some((s) => s.text === `'${values[0]}'`)) found.push('$serviceCName not assigned the verbatim value');
  return found;
}

describe('generated PowerShell, checked with the tree-sitter PowerShell grammar', () => {
  for (const language of ['en', 'nl', 'fr'] as const) {
    it(`${language}: parses without error; cmdlets and literals are as expected`, () => {
      const source = generate(language);
      assert.deepEqual(problems(source, [VALID_FQDN, VALID_TP, OTHER_TP]), []);
      const root = parse(source);
      const verbatim = all(root, 'verbatim_string_characters').map((n) => n.text);
      for (const v of [VALID_FQDN, VALID_TP, OTHER_TP]) assert.ok(verbatim.includes(`'${v}'`), v);
      // SupportsShouldProcess, so -WhatIf works.
      const attribute = all(root, 'attribute')[0];
      assert.ok(attribute && /^\[CmdletBinding\(SupportsShouldProcess = \$true\)\]$/.test(attribute.text));
      assert.ok(all(root, 'invokation_expression').some((n) => n.text.startsWith('$PSCmdlet.ShouldProcess(')));
    });
  }

  const golden = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'golden');
  for (const file of readdirSync(golden).filter((f) => f.endsWith('.ps1'))) {
    it(`golden ${file}: parses without error; cmdlets and literals are as expected`, () => {
      const source = readFileSync(path.join(golden, file), 'utf8');
      const name = /^\$serviceCName = '([^']*)'\r$/m.exec(source)?.[1];
      const thumbprints = [...source.matchAll(/^ {4}'([0-9A-F]{40})'/gm)].map((m) => m[1]!);
      assert.ok(name && thumbprints.length > 0);
      assert.deepEqual(problems(source, [name, ...thumbprints]), []);
    });
  }

  it('the check fails on a syntax error (control)', () => {
    assert.ok(problems(generate('en').replace('param()', 'param('), [VALID_FQDN]).includes('syntax error'));
  });

  it('the check fails on a value that breaks out of its literal (control)', () => {
    // What the validation prevents: a name with a quote, spliced in by hand.
    const evil = "x'; Remove-Item C:\\ -Recurse; '";
    const source = generate('en').replaceAll(VALID_FQDN, evil);
    const found = problems(source, [evil]);
    assert.ok(found.some((p) => p.startsWith('unexpected command Remove-Item')), found.join('\n'));
  });

  it('the check fails on a value in a double-quoted literal (control)', () => {
    const source = generate('en').replace(`$serviceCName = '${VALID_FQDN}'`, `$serviceCName = "${VALID_FQDN}"`);
    assert.ok(problems(source, [VALID_FQDN]).some((p) => p.startsWith('input in a non-verbatim literal')));
  });
});
