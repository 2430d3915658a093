/**
 * Loaded by test/bench/foundation.bench.mjs as `extensionTestsPath` in code-server, on a copy of
 * examples/contoso (compare activation.probe.ts, a workspace without configuration): measures the
 * extension in a real VS Code and prints one line `CMG-BENCH {json}` (no assertion: a benchmark).
 */
import * as vscode from 'vscode';
import type { CmgExtensionApi } from '../../src/extension';

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export async function run(): Promise<void> {
  const t0 = performance.now();
  const ext = vscode.extensions.getExtension<CmgExtensionApi>('cmg-tools.cmg-tools');
  if (!ext) throw new Error('extension not found');
  const wasActive = ext.isActive;
  const api = await ext.activate();
  const activatedAfterMs = performance.now() - t0;
  await api.whenIdle();
  const idleAfterMs = performance.now() - t0;

  // Typing to diagnostic: one edit that breaks CFG-VM-COUNT, until the diagnostic is published.
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'contoso.cmg.json');
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  const offset = doc.getText().indexOf('"vmInstances": 2') + '"vmInstances": '.length;
  const debounceMs = vscode.workspace.getConfiguration('cmg').get<number>('diagnostics.debounceMs', 300);
  const e0 = performance.now();
  await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + 1)), '40'));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no CFG-VM-COUNT within 10 s')), 10_000);
    const check = () => {
      if (vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'CFG-VM-COUNT')) {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics(check);
    check();
  });
  const editToDiagnosticMs = performance.now() - e0;

  // Tree: build both views' nodes for the example (certificate reads included).
  const r0 = performance.now();
  api.trees.gateways.refresh();
  const nodes = await api.trees.gateways.allNodes();
  await Promise.all(nodes.map((n) => api.trees.gateways.getTreeItem(n)));
  const treeBuildMs = performance.now() - r0;

  await vscode.commands.executeCommand('workbench.action.files.revert');
  const t = api.timings();
  console.log(
    `CMG-BENCH ${JSON.stringify({
      wasActiveBeforeProbe: wasActive,
      activateMs: t.activateMs,
      firstScanMs: t.firstScanMs,
      activatedAfterMs: Math.round(activatedAfterMs),
      idleAfterMs: Math.round(idleAfterMs),
      debounceMs,
      editToDiagnosticMs: Math.round(editToDiagnosticMs),
      treeNodes: nodes.length,
      treeBuildMs: Math.round(treeBuildMs),
    })}`,
  );
}
