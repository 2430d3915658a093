// Benchmark: checking a 3-certificate PFX (leaf + issuing CA + root, OpenSSL 3 default encoding)
// - in process: checkCertificate() p50/p90 over N runs (default 50), after one cold run;
// - whole process: `node dist/cli.js cert check FILE --password-env …` (needs `npm run build`);
// - beside it: `openssl pkcs12 -in FILE -passin env:… | openssl verify` on the same file.
// Prints labelled figures; no assertion (timings belong here, not in unit tests).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'certs');
const file = path.join(fixtures, 'server-aes.pfx');
const passwords = readFileSync(path.join(fixtures, 'PASSWORDS.md'), 'utf8');
const password = /^\| server-aes\.pfx \| (.*) \|$/m.exec(passwords)?.[1];
if (!existsSync(file) || !password) {
  console.error('certs bench: run "npm run fixtures" first (test/fixtures/certs/server-aes.pfx and PASSWORDS.md).');
  process.exit(2);
}
const runs = Number(process.env.CMG_BENCH_RUNS ?? 50);
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const stats = (times) => {
  const s = [...times].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `p50 ${fmt(q(0.5))}, p90 ${fmt(q(0.9))}, min ${fmt(s[0])} (${s.length} runs)`;
};

// In process: bundle the checker (same source as the CLI and the extension) into a temp module.
const tmp = mkdtempSync(path.join(tmpdir(), 'cmg-certs-bench-'));
try {
  const out = path.join(tmp, 'check.cjs');
  await esbuild.build({ entryPoints: [path.join(root, 'src', 'core', 'certs', 'check.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'warning', absWorkingDir: root });
  const require = createRequire(import.meta.url);
  const l0 = performance.now();
  const { checkCertificate } = require(out);
  const loadMs = performance.now() - l0;
  const bytes = new Uint8Array(readFileSync(file));
  const opts = { file, bytes, password, fqdn: 'cmg.contoso.com', trusted: [path.join(fixtures, 'root.cer')], at: new Date('2026-06-01T00:00:00Z') };
  const c0 = performance.now();
  const first = await checkCertificate(opts);
  const coldMs = performance.now() - c0;
  const times = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await checkCertificate(opts);
    times.push(performance.now() - s);
  }
  console.log(`certs: ${path.relative(root, file)}: ${first.chain.length} certificates in the chain, ${first.findings.length} findings (${first.findings.map((f) => f.rule).join(', ')})`);
  console.log(`certs: in-process module load ${fmt(loadMs)}, first check (cold) ${fmt(coldMs)}`);
  console.log(`certs: in-process checkCertificate ${stats(times)}`);

  const env = { ...process.env, CMG_BENCH_PFX_PW: password };
  const cli = path.join(root, 'dist', 'cli.js');
  const processRuns = Number(process.env.CMG_BENCH_PROCESS_RUNS ?? 10);
  if (existsSync(cli)) {
    const ptimes = [];
    let code = 0;
    for (let i = 0; i < processRuns; i++) {
      const s = performance.now();
      const r = spawnSync(process.execPath, [cli, 'cert', 'check', file, '--password-env', 'CMG_BENCH_PFX_PW', '--fqdn', 'cmg.contoso.com', '--trusted', path.join(fixtures, 'root.cer'), '--at', '2026-06-01T00:00:00Z', '--format', 'json'], { env, encoding: 'utf8' });
      ptimes.push(performance.now() - s);
      code = r.status ?? -1;
    }
    console.log(`certs: whole process "node dist/cli.js cert check" ${stats(ptimes)}, exit ${code}`);
  } else console.log('certs: dist/cli.js missing: run "npm run build" for the whole-process figure');

  // OpenSSL on the same file: extract the certificates, then verify the leaf against the root.
  const chainPem = path.join(tmp, 'chain.pem');
  const otimes = [];
  let verdict = '';
  for (let i = 0; i < processRuns; i++) {
    const s = performance.now();
    const pem = execFileSync('openssl', ['pkcs12', '-in', file, '-passin', 'env:CMG_BENCH_PFX_PW', '-nokeys'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g) ?? [];
    writeFileSync(chainPem, certs.slice(1).join(''));
    const leaf = path.join(tmp, 'leaf.pem');
    writeFileSync(leaf, certs[0] ?? '');
    const v = spawnSync('openssl', ['verify', '-CAfile', path.join(fixtures, 'root.crt'), '-untrusted', chainPem, leaf], { encoding: 'utf8' });
    otimes.push(performance.now() - s);
    verdict = (v.stdout || v.stderr).trim().split('\n').pop() ?? '';
  }
  console.log(`certs: openssl pkcs12 + openssl verify (two processes) ${stats(otimes)}: ${verdict.replace(tmp, '<tmp>')}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
