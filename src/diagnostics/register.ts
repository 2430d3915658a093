/**
 * Editor features on top of the diagnostics: quick fixes (code actions) from the findings'
 * `fixes`, and a hover on a finding's range with the rule's title and its source.
 */
import * as vscode from 'vscode';
import type { Finding } from '../core/findings';
import { t as coreT } from '../core/l10n';
import type { Services } from '../services';
import { ruleOf, toRange, type ConfigDiagnostics } from './diagnostics';

export const CMG_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/*.cmg.json' },
  { scheme: 'untitled', pattern: '**/*.cmg.json' },
  { scheme: 'vscode-remote', pattern: '**/*.cmg.json' },
  { scheme: 'file', pattern: '**/.cmg/*.deployed.json' },
  { scheme: 'vscode-remote', pattern: '**/.cmg/*.deployed.json' },
];

function sameRange(a: vscode.Range, b: vscode.Range): boolean {
  return a.start.isEqual(b.start) && a.end.isEqual(b.end);
}

/** The findings behind the given diagnostics, provided the document still has the checked text. */
export function findingsFor(diagnostics: ConfigDiagnostics, document: vscode.TextDocument, diags: readonly vscode.Diagnostic[]): { diagnostic: vscode.Diagnostic; finding: Finding }[] {
  const state = diagnostics.findings(document.uri);
  if (!state || state.file.text !== document.getText()) return [];
  const out: { diagnostic: vscode.Diagnostic; finding: Finding }[] = [];
  for (const d of diags) {
    const rule = ruleOf(d);
    if (!rule) continue;
    const f = state.findings.find((x) => x.rule === rule && x.message === d.message && sameRange(toRange(x.range), d.range));
    if (f) out.push({ diagnostic: d, finding: f });
  }
  return out;
}

export class CmgCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  constructor(private readonly diagnostics: ConfigDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const { diagnostic, finding } of findingsFor(this.diagnostics, document, context.diagnostics)) {
      for (const fix of finding.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) {
          edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
        }
        action.edit = edit;
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred === true;
        actions.push(action);
      }
    }
    return actions;
  }
}

export class CmgHoverProvider implements vscode.HoverProvider {
  constructor(private readonly diagnostics: ConfigDiagnostics) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const here = vscode.languages.getDiagnostics(document.uri).filter((d) => ruleOf(d) !== undefined && d.range.contains(position));
    if (here.length === 0) return undefined;
    const seen = new Set<string>();
    const md = new vscode.MarkdownString(undefined, true);
    let range: vscode.Range | undefined;
    for (const d of here) {
      const rule = ruleOf(d)!;
      if (seen.has(rule)) continue;
      seen.add(rule);
      range = range ? range.union(d.range) : d.range;
      const info = this.diagnostics.rule(rule);
      if (md.value) md.appendMarkdown('\n\n---\n\n');
      md.appendMarkdown(`$(${severityIcon(d.severity)}) **${rule}**`);
      if (info) {
        md.appendMarkdown(' · ');
        md.appendMarkdown(escapeMd(coreT(info.title)));
        md.appendMarkdown('\n\n');
        md.appendMarkdown(escapeMd(vscode.l10n.t('Source: {0}', info.source)));
        if (info.docUrl) md.appendMarkdown(` · [${escapeMd(vscode.l10n.t('Documentation'))}](${info.docUrl})`);
      }
    }
    return new vscode.Hover(md, range);
  }
}

function severityIcon(s: vscode.DiagnosticSeverity): string {
  return s === vscode.DiagnosticSeverity.Error ? 'error' : s === vscode.DiagnosticSeverity.Warning ? 'warning' : 'info';
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

export function registerDiagnostics(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(CMG_SELECTOR, new CmgCodeActionProvider(services.diagnostics), { providedCodeActionKinds: CmgCodeActionProvider.kinds }),
    vscode.languages.registerHoverProvider(CMG_SELECTOR, new CmgHoverProvider(services.diagnostics)),
  );
}
