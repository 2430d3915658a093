#!/usr/bin/env node
// `npm run bench`: runs every test/bench/*.bench.mjs (after the build), one after another, printing
// each one's figures under a heading and how long it took. Figures only: no assertions on time.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(DIR, '..', '..');
const only = process.argv.slice(2);
const benches = readdirSync(DIR)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const f of benches) {
  console.log(`\n=== ${f} ===`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [path.join(DIR, f)], { cwd: ROOT, stdio: 'inherit' });
  console.log(`--- ${f}: ${r.status === 0 ? 'done' : `FAILED (exit ${r.status})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (r.status !== 0) failed++;
}
console.log(`\n${benches.length} benchmark script(s), ${failed} failed`);
process.exit(failed ? 1 : 0);
