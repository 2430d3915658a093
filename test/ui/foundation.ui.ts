/**
 * Foundation UI: the example opened in a real VS Code (code-server + Chromium), the CMG view's
 * tree expanded, the Problems panel read, screenshots in light and dark, and the Dutch and
 * French UI (view title from package.nls.nl/fr.json; JSON hover from dist/cmg.schema.nl/fr.json).
 */
/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../runner/codeServer';
import { useWorkbench, waitFor, type Workbench } from './support';

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

/** The bold title of vmInstances' hover in dist/cmg.schema[.<lang>].json, e.g. "VM-exemplaar". */
const vmInstancesTitle = (lang?: string): string => {
  type Schema = { properties: { gateways: { items: { properties: { vmInstances: { markdownDescription: string } } } } } };
  const file = path.join(REPO_ROOT, 'dist', `cmg.schema${lang ? `.${lang}` : ''}.json`);
  const md = (JSON.parse(fs.readFileSync(file, 'utf8')) as Schema).properties.gateways.items.properties.vmInstances.markdownDescription;
  const title = /^\*\*([^*]+)\*\*/.exec(md)?.[1];
  assert.ok(title, `${file}: vmInstances has no bold title`);
  return title;
};

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

    it(`hovers a property of the example with the ${locale} schema documentation (jsonValidation %cmg.schema.url%)`, async () => {
      const title = vmInstancesTitle(locale);
      const english = vmInstancesTitle();
      assert.notEqual(title, english);
      const page = wb().page;
      // Reveal the first "vmInstances" of the example (line 28) with Go to Line (quick open ":28").
      const line = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'contoso', CONFIG), 'utf8').split('\n').findIndex((l) => l.includes('"vmInstances"')) + 1;
      assert.ok(line > 0);
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.type(`:${line}`, { delay: 5 });
      await page.keyboard.press('Enter');
      const token = page.locator('.editor-group-container.active .monaco-editor .view-line span[class^="mtk"]', { hasText: /^"vmInstances"$/ }).first();
      await token.waitFor({ timeout: 15_000 });
      const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).first();
      // The JSON language server may still be loading the schema: hover again until it answers.
      const text = await waitFor(async () => {
        await page.mouse.move(5, 5);
        await token.hover();
        await hover.waitFor({ state: 'visible', timeout: 3_000 });
        const t = await hover.innerText();
        return t.includes(title) || t.includes(english) ? t : undefined;
      }, 60_000, `no schema hover on "vmInstances"`);
      await page.waitForTimeout(500); // the hover fades in
      await wb().screenshot(`foundation-hover-${locale}`);
      assert.ok(text.includes(title), `hover is not in ${locale}:\n${text}`);
      assert.ok(!text.includes(english), `hover shows the English documentation:\n${text}`);
    });
  });
}
