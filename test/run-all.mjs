#!/usr/bin/env node
// Runs every test tier, in order: unit (mocha on Node), package (VSIX contents), integration in
// code-server 4.100.3 (VS Code 1.100) and 4.90.3 (VS Code 1.90 = engines.vscode minimum), UI
// (playwright-core + Chromium against code-server). `npm test` builds first (pretest).
//
//   node test/run-all.mjs [--tiers unit,package,integration-1.100,integration-1.90,ui]
//
// Prints each tier's own output, then a table of tiers (tests passed/failed, seconds) and the
// closing line `N passed, N failed`. Exits 1 when a test failed, a tier crashed or a tier ran no test.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, CODE_SERVER_VERSIONS } from './runner/install-code-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const node = process.execPath;

/** Debian packages (chromium, libkrb5-dev, ripgrep) and code-server, for the real-VS-Code tiers. */
function realVsCode(version) {
  return () => {
    const r = spawnSync('bash', [path.join(ROOT, 'test', 'runner', 'system-deps.sh')], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('Debian packages for the VS Code tests are missing (test/runner/system-deps.sh).');
    ensureCodeServer(version);
  };
}

const TIERS = [
  {
    name: 'unit',
    cmd: [node, MOCHA, '--config', 'test/.mocharc.json', '--ignore', 'out/test/unit/package.test.js'],
  },
  { name: 'package', cmd: [node, MOCHA, '--timeout', '180000', '--reporter', 'spec', 'out/test/unit/package.test.js'] },
  {
    name: 'integration-1.100',
    setup: realVsCode(CODE_SERVER_VERSIONS.current),
    cmd: [node, 'test/runner/run-code-server.mjs', 'integration', '--version', CODE_SERVER_VERSIONS.current],
  },
  {
    name: 'integration-1.90',
    setup: realVsCode(CODE_SERVER_VERSIONS.min),
    cmd: [node, 'test/runner/run-code-server.mjs', 'integration', '--version', CODE_SERVER_VERSIONS.min],
  },
  { name: 'ui', setup: realVsCode(CODE_SERVER_VERSIONS.current), cmd: [node, 'test/runner/run-code-server.mjs', 'ui'] },
];

/** Counts from mocha's spec summary ("N passing", "N failing", "N pending"), or from the
 *  integration loader's CMG-INTEGRATION-RESULT lines (one per code-server run). */
export function countResults(output) {
  const clean = output.replace(/\x1b\[[0-9;]*m/g, '');
  const results = [...clean.matchAll(/^CMG-INTEGRATION-RESULT (\{.*\})\s*$/gm)].map((m) => JSON.parse(m[1]));
  if (results.length > 0) {
    return results.reduce(
      (a, r) => ({ passed: a.passed + r.passes, failed: a.failed + r.failures, pending: a.pending + r.pending, found: true }),
      { passed: 0, failed: 0, pending: 0, found: true },
    );
  }
  const sum = (re) => [...clean.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
  const passed = sum(/^\s*(\d+) passing\b/gm);
  const failed = sum(/^\s*(\d+) failing\b/gm);
  const pending = sum(/^\s*(\d+) pending\b/gm);
  return { passed, failed, pending, found: /^\s*\d+ (passing|failing)\b/m.test(clean) };
}

function runTier(tier) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(tier.cmd[0], tier.cmd.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const onData = (stream) => (b) => {
      output += b.toString();
      stream.write(b);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

function argTiers() {
  const i = process.argv.indexOf('--tiers');
  if (i < 0) return TIERS;
  const wanted = process.argv[i + 1].split(',');
  const unknown = wanted.filter((w) => !TIERS.some((t) => t.name === w));
  if (unknown.length) {
    console.error(`Unknown tier(s): ${unknown.join(', ')}; known: ${TIERS.map((t) => t.name).join(', ')}`);
    process.exit(2);
  }
  return TIERS.filter((t) => wanted.includes(t.name));
}

const rows = [];
const allStarted = Date.now();
for (const tier of argTiers()) {
  console.log(`\n##### tier: ${tier.name} #####`);
  const row = { tier: tier.name, passed: 0, failed: 0, pending: 0, setupSeconds: 0, seconds: 0, note: '' };
  rows.push(row);
  if (tier.setup) {
    const t0 = Date.now();
    try {
      tier.setup();
    } catch (e) {
      row.failed = 1;
      row.note = `setup failed: ${e instanceof Error ? e.message : String(e)}`;
      console.error(row.note);
      continue;
    } finally {
      row.setupSeconds = (Date.now() - t0) / 1000;
    }
  }
  const t0 = Date.now();
  const { code, output } = await runTier(tier);
  row.seconds = (Date.now() - t0) / 1000;
  const counts = countResults(output);
  Object.assign(row, { passed: counts.passed, failed: counts.failed, pending: counts.pending });
  if (!counts.found || counts.passed + counts.failed === 0) {
    row.failed = Math.max(row.failed, 1);
    row.note = 'ran no test';
  } else if (code !== 0 && counts.failed === 0) {
    row.failed = 1;
    row.note = `exit ${code} without a failing test (crash or timeout)`;
  }
}

const total = rows.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed }), { passed: 0, failed: 0 });
console.log('\n##### summary #####');
console.log('tier                 passed  failed  pending  setup s  run s   note');
for (const r of rows) {
  console.log(
    `${r.tier.padEnd(20)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.pending).padStart(7)}  ${r.setupSeconds.toFixed(1).padStart(7)}  ${r.seconds.toFixed(1).padStart(6)}   ${r.note}`,
  );
}
console.log(`total time ${((Date.now() - allStarted) / 1000).toFixed(1)} s`);
mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
writeFileSync(path.join(ROOT, 'test-results', 'summary.json'), JSON.stringify({ tiers: rows, ...total }, null, 2));
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 ? 1 : 0);
