// Benchmark: a full configuration check pass (parse, schema, rules, ranges) on a generated file with
// 100 gateways and 400 connection points. Run after `node esbuild.mjs --tests` (uses the compiled helpers).
// Prints labelled figures; no assertion (timings belong here, not in unit tests).
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const helpersPath = path.join(root, 'out', 'test', 'unit', 'config', 'helpers.js');
if (!existsSync(helpersPath)) {
  console.error(`config bench: ${path.relative(root, helpersPath)} is missing; run "node esbuild.mjs --tests" first.`);
  process.exit(2);
}
const require = createRequire(import.meta.url);
const t0 = performance.now();
const { checkConfig, largeConfig } = require(helpersPath);
const loadMs = performance.now() - t0;

const config = largeConfig(100, 4);
const text = JSON.stringify(config, null, 2).replace('{\n', '{\n  // generated for the benchmark\n');
const input = { text, filePath: path.join(root, 'bench.cmg.json'), options: { fileExists: () => true } };

const c0 = performance.now();
const first = checkConfig(input);
const coldMs = performance.now() - c0;

const runs = Number(process.env.CMG_BENCH_RUNS ?? 30);
const times = [];
for (let i = 0; i < runs; i++) {
  const s = performance.now();
  checkConfig(input);
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
const fmt = (ms) => `${ms.toFixed(1)} ms`;
console.log(`config check: file ${(text.length / 1024).toFixed(0)} KiB, ${config.gateways.length} gateways, ${config.connectionPoints.length} connection points, ${first.findings.length} findings`);
console.log(`config check: module load ${fmt(loadMs)}`);
console.log(`config check: first pass (cold: JIT warm-up, lazy loads) ${fmt(coldMs)}`);
console.log(`config check: full pass p50 ${fmt(q(0.5))}, p90 ${fmt(q(0.9))}, min ${fmt(times[0])} over ${runs} runs`);
