// Bundles the extension host code, the `cmg` CLI and the wizard's browser bundle.
// Type-checking is separate: `npm run typecheck` (tsc --noEmit).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, existsSync, readFileSync, readdirSync, writeFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';

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

/**
 * dist/cmg.schema.<lang>.json for every l10n/bundle.l10n.<lang>.json: the schema with its hovers,
 * enum descriptions and snippet labels in that language (the core's `localizedSchema()`, run here
 * from the TypeScript sources). package.json's jsonValidation url is the NLS key
 * `%cmg.schema.url%`, which package.nls.<lang>.json points at this file, so VS Code's JSON
 * hovers follow the display language. Checked by test/unit/config/schemaFiles.test.ts.
 */
async function writeLocalizedSchemas() {
  const { outputFiles } = await esbuild.build({
    stdin: {
      contents: "export { localizedSchema } from './src/core/config/schemaL10n'; export { configureL10n } from './src/core/l10n';",
      resolveDir: '.',
      loader: 'ts',
    },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
  const { localizedSchema, configureL10n } = mod.exports;
  for (const file of readdirSync('l10n')) {
    const lang = /^bundle\.l10n\.([a-z]{2}(?:-[a-z]+)?)\.json$/i.exec(file)?.[1];
    if (!lang) continue;
    configureL10n(lang, JSON.parse(readFileSync(`l10n/${file}`, 'utf8')));
    writeFileSync(`dist/cmg.schema.${lang}.json`, JSON.stringify(localizedSchema(), null, 2) + '\n');
  }
  configureL10n('en', undefined);
}

async function copyStatic() {
  mkdirSync('dist', { recursive: true });
  copyFileSync('src/core/config/cmg.schema.json', 'dist/cmg.schema.json');
  await writeLocalizedSchemas();
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}

/** Tests (unit, integration, UI) are compiled file by file to out/, dependencies left external. */
async function buildTests() {
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
  await copyStatic();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  await copyStatic();
}
