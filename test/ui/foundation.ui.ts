/**
 * Foundation UI: the example opened in a real VS Code (code-server + Chromium), the CMG view's
 * tree expanded, the Problems panel read, screenshots in light and dark, and the Dutch and
 * French UI (view title from package.nls.nl/fr.json).
 */
/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../runner/codeServer';
import { useWorkbench, type Workbench } from './support';

const CONFIG = 'contoso.cmg.json';

async function openExample(wb: Workbench): Promise<void> {
  await wb.openFile(CONFIG);
  await wb.openCmgView();
}

describe('foundation UI: example workspace in code-server', () => {
  const wb = useWorkbench({ theme: 'light' });

  it('shows the gateways of the example in the CMG view and expands their children', async () => {
    await openExample(wb());
    const rows = await wb().expandTree('cmg.gateways');
    const labels = rows.map((r) => `${r.label} ${r.description}`).join('\n');
    for (const gateway of ['granitefalls', 'contosolegacy']) {
      assert.ok(rows.some((r) => r.label.includes(gateway)), `gateway ${gateway} missing from the tree:\n${labels}`);
    }
    // Children of the expanded gateways: connection point servers and boundary groups of the example.
    assert.ok(rows.some((r) => /cm01\.corp\.contoso\.com/.test(r.label + r.description)), `no connection point row:\n${labels}`);
    assert.ok(rows.some((r) => /Contoso Internet Clients/.test(r.label + r.description)), `no boundary group row:\n${labels}`);
    assert.ok(rows.some((r) => r.level >= 2), 'the tree has no expanded children');
  });

  it('shows the site roles of the example', async () => {
    const rows = await wb().expandTree('cmg.siteRoles');
    const text = rows.map((r) => `${r.label} ${r.description}`).join('\n');
    assert.ok(rows.some((r) => /cm01\.corp\.contoso\.com/.test(r.label + r.description)), `no site role for cm01:\n${text}`);
  });

  it('lists the rules the example breaks in the Problems panel (CFG-CLASSIC, CFG-PORTS)', async () => {
    const rows = await wb().waitForProblems(
      (r) => r.some((p) => p.code === 'CFG-CLASSIC') && r.some((p) => p.code === 'CFG-PORTS'),
      60_000,
    ).catch(async (e: unknown) => {
      const seen = (await wb().problems()).map((p) => p.text).join('\n');
      throw new Error(`${e instanceof Error ? e.message : String(e)}; Problems panel:\n${seen}`);
    });
    const classic = rows.find((p) => p.code === 'CFG-CLASSIC');
    assert.ok(classic);
    // The legacy gateway is in the deployed snapshot: converting it is a warning, not an error.
    assert.equal(classic.severity, 'warning', `CFG-CLASSIC row: ${classic.text}`);
    assert.match(classic.message, /contosolegacy/);
    const ports = rows.filter((p) => p.code === 'CFG-PORTS');
    assert.ok(ports.every((p) => p.severity === 'info'), `CFG-PORTS is information: ${ports.map((p) => p.text).join(' | ')}`);
    // The example's own "$schema" resolves in the copy (examples/contoso beside dist/): no schema load error.
    assert.ok(!rows.some((p) => /Unable to load schema/.test(p.message)), rows.map((p) => p.text).join('\n'));
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`screenshots the tree and the Problems panel (${theme})`, async () => {
      await wb().setTheme(theme);
      await wb().showProblems();
      const file = await wb().screenshot(`foundation-tree-problems-${theme}`);
      assert.ok(fs.statSync(file).size > 10_000, `${file} is suspiciously small`);
      const isDark = await wb().page.evaluate(() => document.querySelector('.monaco-workbench')?.classList.contains('vs-dark') ?? false);
      assert.equal(isDark, theme === 'dark');
    });
  }
});

/** The activity-bar container title from package.nls[.<lang>].json. */
const manifestTitle = (lang?: string): string =>
  (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, `package.nls${lang ? `.${lang}` : ''}.json`), 'utf8')) as Record<string, string>)['view.container'];

for (const locale of ['nl', 'fr'] as const) {
  describe(`foundation UI: display language ${locale}`, () => {
    const wb = useWorkbench({ theme: 'light', locale });

    it(`shows the CMG view with its ${locale} title`, async () => {
      const title = manifestTitle(locale);
      assert.ok(title && title !== manifestTitle(), `package.nls.${locale}.json has no translated view.container`);
      await openExample(wb());
      await wb().expandTree('cmg.gateways');
      const heading = wb().page.locator('.part.sidebar .composite.title h2');
      await heading.waitFor({ timeout: 15_000 });
      assert.equal((await heading.innerText()).trim().toLowerCase(), title.toLowerCase());
      await wb().showProblems();
      await wb().screenshot(`foundation-view-${locale}`);
    });
  });
}
