/**
 * Entry point of the integration suite, loaded by VS Code's extension host as `extensionTestsPath`
 * (both runners: test/runner/run-code-server.mjs offline, test/runner/run-electron.ts online).
 * Runs mocha (BDD, 60 s timeout) over every compiled `out/test/integration/**\/*.test.js`.
 * Mocha's own spec summary is printed to the console, which the runners forward to their stdout;
 * one extra line `CMG-INTEGRATION-RESULT {"passes":N,"failures":N,"pending":N}` lets test/run-all.mjs count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.CMG_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = findTests(__dirname);
  for (const f of files) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, pending = 0 } = runner.stats ?? {};
        console.log(`CMG-INTEGRATION-RESULT ${JSON.stringify({ passes, failures, pending, files: files.length })}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
        else if (passes === 0) reject(new Error('No integration test ran.'));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
