/**
 * Online runner (a developer's machine with internet): the SAME integration suite
 * (out/test/integration/index.js) in desktop VS Code downloaded by @vscode/test-electron,
 * on our engines.vscode minimum (1.90.0) and on the current stable release.
 *
 *   npm run test:electron [-- --version 1.90.0|stable]
 *
 * CI here has no internet and uses test/runner/run-code-server.mjs instead.
 */
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT, baseSettings, makeSessionDirs, removeSessionDirs } from './codeServer';

async function main(): Promise<number> {
  const i = process.argv.indexOf('--version');
  const versions = i >= 0 && process.argv[i + 1] ? [process.argv[i + 1]] : ['1.90.0', 'stable'];
  let failed = 0;
  for (const version of versions) {
    const dirs = makeSessionDirs(baseSettings('light'));
    console.log(`\n=== integration tests in VS Code ${version} (desktop, @vscode/test-electron) ===`);
    try {
      const code = await runTests({
        version,
        extensionDevelopmentPath: REPO_ROOT,
        extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js'),
        launchArgs: [
          dirs.workspace,
          '--user-data-dir', dirs.userData,
          '--extensions-dir', dirs.extensions,
          '--disable-extensions',
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
        ],
      });
      if (code !== 0) failed++;
    } catch (e) {
      console.error(`VS Code ${version}: ${e instanceof Error ? e.message : String(e)}`);
      failed++;
    } finally {
      removeSessionDirs(dirs);
    }
  }
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code));
