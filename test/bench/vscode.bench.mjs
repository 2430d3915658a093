#!/usr/bin/env node
// VS Code figures: cold activation time of the extension in code-server (median of 3 starts, in a
// workspace without a *.cmg.json so nothing activated it before), bundle sizes of dist/*.js
// (development build in the work tree, production build inside the VSIX) and the VSIX size.
// Run after `npm run build && npm run compile-tests` (npm run bench does it). Prints figures only.
import { existsSync, readdirSync, rmSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildVsix, listZip } from '../runner/package-vsix.mjs';
import { runProbe } from './probe.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

function bundleSizes() {
  console.log('bundle sizes (work tree dist/, this build):');
  for (const dir of ['dist', 'dist/webview']) {
    const abs = path.join(ROOT, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).filter((f) => f.endsWith('.js')).sort()) {
      console.log(`  ${`${dir}/${f}`.padEnd(28)} ${kib(statSync(path.join(abs, f)).size).padStart(12)}`);
    }
  }
}

function vsixSizes() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cmg-bench-vsix-'));
  try {
    const { vsix, seconds } = buildVsix(path.join(tmp, 'cmg-tools.vsix'));
    const entries = listZip(vsix);
    console.log(`VSIX (production build): ${kib(statSync(vsix).size)}, ${entries.length} files, packaged in ${seconds.toFixed(1)} s`);
    for (const e of entries.filter((e) => e.name.endsWith('.js')).sort((a, b) => b.size - a.size)) {
      console.log(`  ${e.name.replace(/^extension\//, '').padEnd(28)} ${kib(e.size).padStart(12)} (compressed ${kib(e.compressedSize)})`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function activation(runs = 3) {
  const cs = require(path.join(ROOT, 'out', 'test', 'runner', 'codeServer.js'));
  const probe = path.join(ROOT, 'out', 'test', 'bench', 'activation.probe.js');
  const inst = await cs.installer();
  const version = inst.DEFAULT_VERSION;
  inst.ensureCodeServer(version);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const dirs = cs.makeSessionDirs(cs.baseSettings('light'));
    for (const f of readdirSync(dirs.workspace)) rmSync(path.join(dirs.workspace, f), { recursive: true, force: true });
    writeFileSync(path.join(dirs.workspace, 'README.md'), 'empty workspace for the activation benchmark\n');
    results.push((await runProbe(cs, { version, dirs, probe, timeoutMs: 180_000 })).figures);
  }
  const ms = results.map((r) => r.activateMs).sort((a, b) => a - b);
  console.log(`activation in code-server ${version} (VS Code ${results[0].vscode}), cold activate(): median ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms (runs: ${ms.map((m) => m.toFixed(0)).join(', ')} ms; already active before: ${results.some((r) => r.wasActive)})`);
  console.log(`  first cmg.refresh after activation: ${results.map((r) => r.refreshMs.toFixed(0)).join(', ')} ms`);
}

bundleSizes();
vsixSizes();
await activation();
