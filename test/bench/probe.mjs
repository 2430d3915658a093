// One code-server session for a benchmark probe: starts code-server (the test runner's helpers in
// out/test/runner/codeServer.js) on `dirs`, opens Chromium, runs `probe` as extensionTestsPath and
// returns the figures the probe printed as `CMG-BENCH {json}` and the milliseconds from the open
// browser page to the probe's end (`runMs`). Throws, naming the probe, when it
// failed or printed nothing. Always closes the browser and the server and removes `dirs`.
import * as path from 'node:path';

/** @returns {Promise<{ figures: Record<string, any>, runMs: number }>} */
export async function runProbe(cs, { version, dirs, probe, timeoutMs }) {
  let server;
  let browser;
  try {
    server = await cs.startCodeServer({ version, dirs });
    browser = await cs.launchChromium();
    const { page } = await cs.newPage(browser);
    let figures;
    const started = performance.now();
    const r = await cs.runExtensionTests(page, server, probe, (line) => {
      const m = /CMG-BENCH (\{.*\})/.exec(line);
      if (m) figures = JSON.parse(m[1]);
    }, timeoutMs);
    if (r.exitCode !== 0 || !figures) {
      throw new Error(`${path.basename(probe)} failed in code-server ${version} (exit ${r.exitCode}${r.timedOut ? ', timed out' : ''})`);
    }
    return { figures, runMs: performance.now() - started };
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    cs.removeSessionDirs(dirs);
  }
}
