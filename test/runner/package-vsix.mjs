#!/usr/bin/env node
// Builds the VSIX the way a release would, without touching the work tree's dist/:
// the repository's files (tracked + untracked-but-not-ignored, as `git ls-files` lists them) are
// copied to a temp staging folder, built there with `node esbuild.mjs --production`, and packed
// with `vsce package --no-dependencies` (so .vscodeignore decides what goes in).
//
//   node test/runner/package-vsix.mjs [OUT.vsix]      (default: dist-vsix/cmg-tools.vsix)
//
// Also exports `listZip(file)` / `readZipEntry(file, name)`: a small reader of the zip's central
// directory, so tests need no unzip binary.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Files of the repository as git sees them (no node_modules, dist, out, .cache: all git-ignored). */
function repoFiles() {
  return run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], REPO_ROOT)
    .split('\0')
    .filter((f) => f && existsSync(path.join(REPO_ROOT, f)) && statSync(path.join(REPO_ROOT, f)).isFile());
}

/** Stages, builds (production) and packs the extension; returns { vsix, seconds }. */
export function buildVsix(outFile = path.join(REPO_ROOT, 'dist-vsix', 'cmg-tools.vsix')) {
  const started = Date.now();
  const stage = mkdtempSync(path.join(os.tmpdir(), 'cmg-vsix-'));
  try {
    for (const f of repoFiles()) {
      mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
      copyFileSync(path.join(REPO_ROOT, f), path.join(stage, f));
    }
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    run(process.execPath, ['esbuild.mjs', '--production'], stage);
    mkdirSync(path.dirname(outFile), { recursive: true });
    const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    // --no-rewrite-relative-links: the README's screenshots and links are relative to this repository,
    // which has no public URL yet (package.json has no "repository"); when it has one, drop the flag
    // and vsce rewrites them to absolute URLs for the Marketplace.
    run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', outFile], stage);
    return { vsix: outFile, seconds: (Date.now() - started) / 1000 };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function centralDirectory(buf) {
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      return { count: buf.readUInt16LE(i + 10), offset: buf.readUInt32LE(i + 16) };
    }
  }
  throw new Error('not a zip file (no end of central directory)');
}

/** Entries of a zip: [{ name, size, compressedSize, method, localOffset }]. */
export function listZip(file) {
  const buf = readFileSync(file);
  const { count, offset } = centralDirectory(buf);
  const entries = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`corrupt central directory at ${p}`);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size, compressedSize, method, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The uncompressed bytes of one entry (stored or deflated). */
export function readZipEntry(file, name) {
  const buf = readFileSync(file);
  const entry = listZip(file).find((e) => e.name === name);
  if (!entry) throw new Error(`${name} is not in ${file}`);
  const p = entry.localOffset;
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  return entry.method === 0 ? Buffer.from(data) : inflateRawSync(data);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  const { vsix, seconds } = buildVsix(out);
  const entries = listZip(vsix);
  for (const e of entries) console.log(`${String(e.size).padStart(10)}  ${e.name}`);
  console.log(`${path.relative(process.cwd(), vsix)}: ${entries.length} files, ${(statSync(vsix).size / 1024).toFixed(0)} KiB, built in ${seconds.toFixed(1)} s`);
}
