// Bundles the extension host code, the `cmg` CLI and the wizard's browser bundle.
// Type-checking is separate: `npm run typecheck` (tsc --noEmit).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
const production = process.argv.includes('--production') || process.env.CI === 'true';

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
  // jsonc-parser's "main" is a UMD build whose internal require()s esbuild cannot follow.
  mainFields: ['module', 'main'],
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // Heavy modules (Azure SDK, node-forge) are split by dynamic import in the source;
    // esbuild keeps them in this bundle, loaded lazily through the module wrapper.
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    banner: { js: '#!/usr/bin/env node' },
  },
];
if (existsSync('webview/main.ts')) {
  builds.push({
    ...common,
    entryPoints: { wizard: 'webview/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    tsconfig: 'webview/tsconfig.json',
  });
}

function copyStatic() {
  mkdirSync('dist', { recursive: true });
  copyFileSync('src/core/config/cmg.schema.json', 'dist/cmg.schema.json');
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}

/** Tests (unit, integration, UI) are compiled file by file to out/, dependencies left external. */
async function buildTests() {
  const { readdirSync } = await import('node:fs');
  const entryPoints = readdirSync('test', { recursive: true, withFileTypes: false })
    .map((f) => `test/${String(f).replaceAll('\\', '/')}`)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('test/fixtures/'));
  await esbuild.build({
    entryPoints,
    outdir: 'out',
    outbase: '.',
    bundle: true,
    packages: 'external',
    external: ['vscode'],
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

if (tests) {
  await buildTests();
} else if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
  copyStatic();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  copyStatic();
}
