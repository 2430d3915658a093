#!/usr/bin/env node
// `npm run open-example`: builds the extension, then opens it on examples/contoso.
// - desktop VS Code when `code` is on PATH: code --extensionDevelopmentPath=<repo> examples/contoso --wait
// - otherwise code-server (installed on first use into .cache/code-server/) on 127.0.0.1, with the
//   extension loaded through the workbench URL's extensionDevelopmentPath payload; prints the URL.
// Stays in the foreground until Ctrl+C (or until the VS Code window closes).
//   Options: --port N (code-server port, default a free one), --code-server (skip desktop VS Code)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'contoso');
const require = createRequire(import.meta.url);

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

console.log('Building the extension…');
run(['esbuild.mjs']);
run(['esbuild.mjs', '--tests']); // the code-server helpers live in test/runner/codeServer.ts

const hasCode = !process.argv.includes('--code-server') && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  console.log(`Opening ${path.relative(ROOT, EXAMPLE)} in VS Code with the extension from ${ROOT} (close the window or Ctrl+C to stop).`);
  const child = spawn('code', [`--extensionDevelopmentPath=${ROOT}`, '--new-window', '--wait', EXAMPLE], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const cs = require(path.join(ROOT, 'out', 'test', 'runner', 'codeServer.js'));
  const inst = await cs.installer();
  const version = inst.DEFAULT_VERSION;
  inst.ensureCodeServer(version);
  // Kept between runs (settings, window state); the workspace is the real examples/contoso.
  const base = path.join(ROOT, '.cache', 'open-example');
  const dirs = { root: base, workspace: EXAMPLE, userData: path.join(base, 'user-data'), extensions: path.join(base, 'extensions') };
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  mkdirSync(dirs.extensions, { recursive: true });
  const i = process.argv.indexOf('--port');
  const port = i >= 0 ? Number(process.argv[i + 1]) : undefined;
  if (!existsSync(path.join(dirs.userData, 'User', 'settings.json'))) cs.writeUserSettings(dirs, cs.baseSettings('light'));
  const server = await cs.startCodeServer({ version, dirs, ...(port ? { port } : {}) });
  const url = cs.workbenchUrl(server);
  console.log(`\nCMG Tools on examples/contoso in code-server ${version} (VS Code in the browser):\n\n  ${url}\n`);
  console.log('Open that URL in a browser on this machine. Ctrl+C stops code-server.');
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.process.on('exit', (code) => {
    console.log(`code-server exited (${code}).`);
    process.exit(code ?? 1);
  });
}
