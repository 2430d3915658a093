/**
 * Loaded by test/bench/vscode.bench.mjs as `extensionTestsPath` in code-server, in a workspace
 * WITHOUT any *.cmg.json (so nothing activated the extension yet): times a cold `activate()`.
 * Prints `CMG-BENCH {...}` for the bench to read. Not a test (no assertions on time).
 */
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension('cmg-tools.cmg-tools');
  if (!ext) throw new Error('extension cmg-tools.cmg-tools is not loaded');
  const wasActive = ext.isActive;
  const t0 = performance.now();
  await ext.activate();
  const activateMs = performance.now() - t0;
  const t1 = performance.now();
  await vscode.commands.executeCommand('cmg.refresh').then(undefined, () => undefined);
  const refreshMs = performance.now() - t1;
  console.log(`CMG-BENCH ${JSON.stringify({ wasActive, activateMs, refreshMs, vscode: vscode.version })}`);
}
