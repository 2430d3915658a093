// Benchmark: the plan and the deployment script for a large estate (100 gateways deployed, every
// change class mixed), and a tree-sitter-powershell parse of the script. Run after
// `node esbuild.mjs --tests`. Prints labelled figures; no assertion.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const helpersPath = path.join(root, 'out', 'test', 'unit', 'plan', 'benchHelpers.js');
if (!existsSync(helpersPath)) {
  console.error(`plan bench: ${path.relative(root, helpersPath)} is missing; run "node esbuild.mjs --tests" first.`);
  process.exit(2);
}
const require = createRequire(import.meta.url);
const { buildPlan, sequence, planToText, deploymentScript, config, gateway, legacy } = require(helpersPath);

const N = 100;
const deployedGateways = [];
const desiredGateways = [];
for (let i = 0; i < N; i++) {
  const base = i % 5 === 4 ? legacy({ name: `gw${i}`, serviceFqdn: `gw${i}.contoso.com` }) : gateway({ name: `gw${i}`, serviceFqdn: `gw${i}.contoso.com` });
  deployedGateways.push(base);
  switch (i % 5) {
    case 0: desiredGateways.push(base); break; // none
    case 1: desiredGateways.push({ ...base, vmInstances: 3, enforceTls12: false }); break; // update
    case 2: desiredGateways.push({ ...base, serviceFqdn: `gw${i}b.contoso.com` }); break; // new-name redeploy
    case 3: desiredGateways.push({ ...base, region: 'northeurope' }); break; // same-name redeploy
    case 4: desiredGateways.push({ ...base, deploymentMethod: 'vmss' }); break; // convert
  }
}
const cps = (gws, suffix) => gws.map((g, i) => ({ server: `cp${i}${suffix}.contoso.com`, siteCode: 'PS1', gateway: g.name }));
const deployed = config(deployedGateways, { connectionPoints: cps(deployedGateways, '') });
const desired = config(desiredGateways, { connectionPoints: cps(desiredGateways, 'n') });

const runs = Number(process.env.CMG_BENCH_RUNS ?? 30);
const time = (fn) => {
  const t = [];
  let r;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    r = fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { result: r, median: t[Math.floor(t.length / 2)], p95: t[Math.floor(t.length * 0.95)] };
};
const plan = time(() => buildPlan(desired, deployed));
const steps = sequence(plan.result);
const text = time(() => planToText(plan.result));
const script = time(() => deploymentScript(plan.result, desired, deployed, { configDirectory: 'C:\\CMG', fileName: 'bench.cmg.json' }));

const importEsm = new Function('s', 'return import(s)');
const Parser = (await importEsm('tree-sitter')).default;
const grammar = (await importEsm('tree-sitter-powershell')).default;
const parser = new Parser();
parser.setLanguage(grammar);
const p0 = performance.now();
const tree = parser.parse(script.result);
const parseMs = performance.now() - p0;

const f = (n) => n.toFixed(2);
console.log(`plan: ${N} gateways, ${steps.length} steps, ${plan.result.findings.length} findings`);
console.log(`plan: buildPlan median ${f(plan.median)} ms, p95 ${f(plan.p95)} ms (${runs} runs)`);
console.log(`plan: text rendering median ${f(text.median)} ms`);
console.log(`plan: deployment script ${script.result.length} chars, generation median ${f(script.median)} ms, p95 ${f(script.p95)} ms`);
console.log(`plan: tree-sitter-powershell parse ${f(parseMs)} ms, hasError=${tree.rootNode.hasError}`);
