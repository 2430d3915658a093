#!/usr/bin/env node
// Offline runner (used by CI): the extension's tests inside a real VS Code = code-server + Chromium.
//
//   node test/runner/run-code-server.mjs integration [--version 4.100.3|4.90.3|min|current|all] [--grep TEXT]
//   node test/runner/run-code-server.mjs ui [--grep TEXT]
//
// Builds nothing: run `npm run build && npm run compile-tests` first (`npm test` does it).
// integration: for each version, a fresh copy of examples/contoso is opened in code-server with the
//   payload extensionDevelopmentPath = repo root, extensionTestsPath = out/test/integration/index.js;
//   the extension host's console (mocha's spec report) is printed here; exit code = codeAutomationExit.
// ui: mocha (in Node) over out/test/ui/*.ui.js; each suite starts its own code-server session through
//   test/ui/support.ts. Screenshots land in test-results/.
// Env: CMG_TEST_VERBOSE=1 prints code-server's own log; CMG_TEST_TIMEOUT_MS caps one integration run (default 15 min).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseVersionArg, codeServerVersionLine } from './install-code-server.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function requireBuilt(rel) {
  const file = path.join(REPO_ROOT, rel);
  if (!existsSync(file)) {
    console.error(`run-code-server: ${rel} is missing. Build first: npm run build && npm run compile-tests`);
    process.exit(2);
  }
  return file;
}

async function integration() {
  requireBuilt('dist/extension.js');
  const testsIndex = requireBuilt('out/test/integration/index.js');
  const cs = require(requireBuilt('out/test/runner/codeServer.js'));
  const versions = parseVersionArg(process.argv, 'current');
  const timeoutMs = Number(process.env.CMG_TEST_TIMEOUT_MS ?? 15 * 60_000);
  if (arg('--grep')) process.env.CMG_TEST_GREP = arg('--grep');
  let failed = 0;
  for (const version of versions) {
    const inst = await cs.installer();
    inst.ensureCodeServer(version);
    const started = Date.now();
    console.log(`\n=== integration tests in code-server ${codeServerVersionLine(version) ?? version} ===`);
    const dirs = cs.makeSessionDirs(cs.baseSettings('light'));
    let server;
    let browser;
    let result = { exitCode: 1, timedOut: false };
    try {
      server = await cs.startCodeServer({ version, dirs });
      browser = await cs.launchChromium();
      const { page } = await cs.newPage(browser);
      page.on('pageerror', (e) => process.env.CMG_TEST_VERBOSE && console.log(`[page error] ${e.message}`));
      result = await cs.runExtensionTests(page, server, testsIndex, (line) => console.log(line), timeoutMs);
      if (result.exitCode !== 0) {
        mkdirSync(cs.RESULTS_DIR, { recursive: true });
        const shot = path.join(cs.RESULTS_DIR, `integration-${version}-failure.png`);
        await page.screenshot({ path: shot }).catch(() => {});
        console.log(`Screenshot of the workbench at failure: ${path.relative(REPO_ROOT, shot)}`);
      }
    } catch (e) {
      console.error(`run-code-server: ${e instanceof Error ? e.message : String(e)}`);
      if (server) console.error(server.output().slice(-3000));
    } finally {
      await browser?.close().catch(() => {});
      await server?.stop();
      cs.removeSessionDirs(dirs);
    }
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (result.timedOut) console.error(`TIMEOUT: integration tests in code-server ${version} did not finish within ${timeoutMs / 1000} s.`);
    console.log(`=== code-server ${version}: exit ${result.exitCode} in ${secs} s ===`);
    if (result.exitCode !== 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}

async function ui() {
  requireBuilt('dist/extension.js');
  requireBuilt('out/test/ui/support.js');
  const dir = path.join(REPO_ROOT, 'out', 'test', 'ui');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ui.js')).sort().map((f) => path.join(dir, f));
  if (files.length === 0) {
    console.error('run-code-server: no UI test (out/test/ui/*.ui.js).');
    return 1;
  }
  mkdirSync(path.join(REPO_ROOT, 'test-results'), { recursive: true });
  const mochaArgs = ['--ui', 'bdd', '--timeout', '240000', '--reporter', 'spec', '--enable-source-maps', ...files];
  if (arg('--grep')) mochaArgs.push('--grep', arg('--grep'));
  const mocha = path.join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
  return await new Promise((resolve) => {
    const child = spawn(process.execPath, [mocha, ...mochaArgs], { cwd: REPO_ROOT, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const mode = process.argv[2];
let code;
if (mode === 'integration') code = await integration();
else if (mode === 'ui') code = await ui();
else {
  console.error('usage: run-code-server.mjs integration [--version X|min|current|all] | ui  [--grep TEXT]');
  code = 2;
}
process.exit(code);
