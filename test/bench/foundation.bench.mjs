// Benchmark: the extension in a real VS Code (code-server + Chromium, offline), on a copy of
// examples/contoso: activate() time, first scan and check, typing-to-diagnostic latency, tree build;
// plus the time Node takes to load the bundle (module evaluation).
// Run after `npm run build && node esbuild.mjs --tests`. Prints labelled figures; no assertion.
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runProbe } from './probe.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const need = (rel) => {
  const p = path.join(root, rel);
  if (!existsSync(p)) {
    console.error(`foundation bench: ${rel} is missing; run "npm run build && node esbuild.mjs --tests" first.`);
    process.exit(2);
  }
  return p;
};
const bundle = need('dist/extension.js');
const probe = need('out/test/bench/example.probe.js');
const cs = require(need('out/test/runner/codeServer.js'));

// Module evaluation of the bundle in plain Node, with a stand-in for the `vscode` module.
const stubDir = mkdtempSync(path.join(os.tmpdir(), 'cmg-bench-'));
mkdirSync(path.join(stubDir, 'node_modules', 'vscode'), { recursive: true });
writeFileSync(
  path.join(stubDir, 'node_modules', 'vscode', 'index.js'),
  `const mk = () => new Proxy(function () {}, { get: (t, k) => (k === '__esModule' ? false : mk()), construct: () => mk(), apply: () => mk() });
   module.exports = Object.fromEntries(['CodeActionKind','window','workspace','commands','languages','l10n','env','Uri','EventEmitter','Disposable','TreeItem','ThemeIcon','ThemeColor','MarkdownString','Range','Position','Diagnostic','DiagnosticSeverity','TreeItemCollapsibleState','FileDecoration','CancellationTokenSource','CancellationError','FileSystemError','ViewColumn','ProgressLocation','WorkspaceEdit','CodeAction','Hover','StatusBarAlignment','extensions','authentication','TextEditorRevealType','CodeLens','Selection','SnippetString','RelativePattern','ConfigurationTarget','QuickPickItemKind','ExtensionMode','LogLevel'].map((n) => [n, mk()]));`,
);
const load = spawnSync(process.execPath, ['-e', `const t=performance.now(); require(${JSON.stringify(bundle)}); console.log((performance.now()-t).toFixed(1));`], {
  env: { ...process.env, NODE_PATH: path.join(stubDir, 'node_modules') },
  encoding: 'utf8',
});
console.log(`bundle load (module evaluation, Node): ${load.status === 0 ? `${load.stdout.trim()} ms` : `failed: ${load.stderr.split('\n')[0]}`}`);

const version = process.env.CMG_BENCH_CODE_SERVER ?? '4.100.3';
const inst = await cs.installer();
inst.ensureCodeServer(version);
const dirs = cs.makeSessionDirs(cs.baseSettings('light'));
try {
  const { figures, runMs: wallMs } = await runProbe(cs, { version, dirs, probe, timeoutMs: 5 * 60_000 });
  console.log(`code-server ${version}: workbench open to probe done: ${(wallMs / 1000).toFixed(1)} s`);
  console.log(`activate() (CMG Tools' own code): ${figures.activateMs} ms`);
  console.log(`first scan + check of the example: ${figures.firstScanMs} ms`);
  console.log(`typing → CFG-VM-COUNT diagnostic: ${figures.editToDiagnosticMs} ms (debounce ${figures.debounceMs} ms included)`);
  console.log(`tree build (${figures.treeNodes} nodes, certificates read): ${figures.treeBuildMs} ms`);
} catch (e) {
  console.error(`foundation bench: ${e instanceof Error ? e.message : String(e)}.`);
  process.exitCode = 1;
}
