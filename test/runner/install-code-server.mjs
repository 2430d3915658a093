#!/usr/bin/env node
// Installs code-server (VS Code's server + web workbench, from the npm registry) as a TEST TOOL,
// outside the extension's dependencies, in `.cache/code-server/<version>/` (git-ignored).
// Idempotent: a version whose `code-server --version` already answered is not installed again.
//
//   node test/runner/install-code-server.mjs [--version 4.100.3|4.90.3|all]   (default: all)
//
// Offline facts this relies on (see shared/testing/real-vscode-offline.md):
// - Debian packages libkrb5-dev (kerberos headers), ripgrep and chromium are installed (.ci/run does it).
// - code-server's postinstall refuses root without npm_config_unsafe_perm=true; node-pty's postinstall
//   runs `npx node-gyp`, which waits at a prompt without npm_config_yes=true.
// - @vscode/ripgrep downloads rg from GitHub unless `$TMPDIR/vscode-ripgrep-cache-<pkg version>/
//   ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz` exists: we pack Debian's /usr/bin/rg there.
// - npm 11 blocks dependency install scripts unless approved in package.json `allowScripts`, and
//   refuses `--allow-scripts` / `npm_config_allow_scripts` (even inherited from a parent npm's
//   .npmrc) in project-scoped installs. code-server's own postinstall runs nested `npm install`s in
//   lib/vscode and lib/vscode/extensions. So: (1) `npm install --ignore-scripts` with our approvals in
//   this folder's package.json, (2) the same approvals written into lib/vscode{,/extensions}/package.json,
//   (3) `npm rebuild`, which runs the approved scripts, code-server's postinstall among them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** 4.90.3 ships VS Code 1.90 (our engines.vscode minimum); 4.100.3 ships VS Code 1.100 (newest on Node 20). */
export const CODE_SERVER_VERSIONS = { min: '4.90.3', current: '4.100.3' };
export const DEFAULT_VERSION = CODE_SERVER_VERSIONS.current;

/** Packages in code-server's tree whose install scripts (native builds, rg, postinstall) must run. */
const APPROVED_SCRIPTS = [
  'code-server',
  'argon2',
  '@parcel/watcher',
  '@vscode/deviceid',
  '@vscode/ripgrep',
  '@vscode/spdlog',
  '@vscode/sqlite3',
  '@vscode/policy-watcher',
  '@vscode/windows-ca-certs',
  '@vscode/windows-process-tree',
  '@vscode/windows-registry',
  'kerberos',
  'native-watchdog',
  'node-pty',
];
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
const RIPGREP_PACKAGE_VERSIONS = ['1.15.9', '1.15.10', '1.15.11', '1.15.14'];

export function codeServerDir(version) {
  return path.join(REPO_ROOT, '.cache', 'code-server', version);
}
export function codeServerBin(version) {
  return path.join(codeServerDir(version), 'node_modules', '.bin', 'code-server');
}
function markerFile(version) {
  return path.join(codeServerDir(version), '.installed');
}

/** `code-server --version` first line, e.g. "4.100.3 1d5... with Code 1.100.3", or undefined. */
export function codeServerVersionLine(version) {
  const bin = codeServerBin(version);
  if (!existsSync(bin)) return undefined;
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  const line = (r.stdout ?? '').split('\n').find((l) => l.includes('with Code'));
  return r.status === 0 ? line?.trim() : undefined;
}

function isInstalled(version) {
  return existsSync(markerFile(version)) && existsSync(codeServerBin(version));
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A lock (atomic mkdir) so two engineers' runs do not install into the same folder at once. */
function withLock(dir, fn) {
  mkdirSync(path.dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      // Stale lock: its owner died (pid gone) or it is older than 20 minutes.
      let stale = false;
      try {
        const pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
        try { process.kill(pid, 0); } catch { stale = true; }
      } catch {
        try { stale = Date.now() - statSync(lock).mtimeMs > 20 * 60_000; } catch { /* gone */ }
      }
      if (stale) { rmSync(lock, { recursive: true, force: true }); continue; }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock}`);
      sleep(2000);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function prepareRipgrepCache(tmpDir) {
  const rg = '/usr/bin/rg';
  if (!existsSync(rg)) throw new Error('ripgrep is missing: install the Debian package "ripgrep" (apt-get install ripgrep).');
  for (const v of RIPGREP_PACKAGE_VERSIONS) {
    const dir = path.join(tmpDir, `vscode-ripgrep-cache-${v}`);
    const archive = path.join(dir, RIPGREP_ASSET);
    if (existsSync(archive)) continue;
    mkdirSync(dir, { recursive: true });
    const r = spawnSync('tar', ['czf', archive, '-C', path.dirname(rg), 'rg'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`Could not pack ${rg} into ${archive}`);
  }
}

function checkPrerequisites() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) throw new Error(`code-server needs Node 20 (this is Node ${process.versions.node}).`);
  if (!existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/krb5/krb5.h')) {
    throw new Error('Kerberos headers are missing: install the Debian package "libkrb5-dev".');
  }
}

/** Installs one version if needed; returns the path of its `code-server` launcher. */
export function ensureCodeServer(version = DEFAULT_VERSION, log = (m) => console.log(m)) {
  if (isInstalled(version)) return codeServerBin(version);
  const dir = codeServerDir(version);
  return withLock(dir, () => {
    if (isInstalled(version)) return codeServerBin(version);
    checkPrerequisites();
    const started = Date.now();
    log(`Installing code-server ${version} into ${path.relative(REPO_ROOT, dir)} (one time, about 1–3 minutes)…`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const tmpDir = path.join(REPO_ROOT, '.cache', 'code-server', 'tmp');
    mkdirSync(tmpDir, { recursive: true });
    prepareRipgrepCache(tmpDir);
    const approvals = Object.fromEntries(APPROVED_SCRIPTS.map((p) => [p, true]));
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify(
        {
          name: `code-server-test-tool-${version.replaceAll('.', '-')}`,
          private: true,
          description: 'Test tool for CMG Tools (not part of the extension). Made by test/runner/install-code-server.mjs.',
          dependencies: { 'code-server': version },
          allowScripts: approvals,
        },
        null,
        2,
      ) + '\n',
    );
    const env = {
      ...process.env,
      TMPDIR: tmpDir,
      // kerberos 2.0.1 (in code-server 4.90.x) bundles a node-addon-api whose finalizer types clash
      // with Node 20.19+'s headers (node_api_basic_finalize); g++ accepts them with -fpermissive.
      CXXFLAGS: `${process.env.CXXFLAGS ?? ''} -fpermissive`.trim(),
      npm_config_yes: 'true',
      npm_config_unsafe_perm: 'true',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      npm_config_update_notifier: 'false',
    };
    const npm = (args) => {
      const r = spawnSync('npm', args, { cwd: dir, env, stdio: ['ignore', 'inherit', 'inherit'] });
      if (r.status !== 0) throw new Error(`npm ${args.join(' ')} for code-server@${version} failed (exit ${r.status}).`);
    };
    npm(['install', '--no-package-lock', '--omit=dev', '--ignore-scripts']);
    for (const sub of ['lib/vscode', 'lib/vscode/extensions']) {
      const pj = path.join(dir, 'node_modules', 'code-server', sub, 'package.json');
      if (!existsSync(pj)) continue;
      const json = JSON.parse(readFileSync(pj, 'utf8'));
      json.allowScripts = approvals;
      writeFileSync(pj, JSON.stringify(json, null, 2) + '\n');
    }
    npm(['rebuild', '--foreground-scripts=false']);
    const line = codeServerVersionLine(version);
    if (!line) throw new Error(`code-server ${version} installed but \`code-server --version\` did not answer.`);
    writeFileSync(markerFile(version), `${line}\n`);
    log(`code-server ${version} ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${line}`);
    return codeServerBin(version);
  });
}

export function parseVersionArg(argv, fallback = 'all') {
  const i = argv.indexOf('--version');
  const v = i >= 0 ? argv[i + 1] : fallback;
  if (v === 'all') return [CODE_SERVER_VERSIONS.current, CODE_SERVER_VERSIONS.min];
  if (v === 'min') return [CODE_SERVER_VERSIONS.min];
  if (v === 'current') return [CODE_SERVER_VERSIONS.current];
  if (!v || !/^\d+\.\d+\.\d+$/.test(v)) throw new Error(`--version expects X.Y.Z, min, current or all (got ${v ?? 'nothing'}).`);
  return [v];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    for (const v of parseVersionArg(process.argv.slice(2))) {
      ensureCodeServer(v);
      console.log(`code-server ${v}: ${codeServerVersionLine(v) ?? 'NOT WORKING'}`);
    }
  } catch (e) {
    console.error(`install-code-server: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
