/**
 * Restricted Mode as a person meets it: workspace trust on and the example folder not trusted.
 * CMG Tools declares `untrustedWorkspaces: limited`: the tree and the diagnostics work, the plan
 * can be shown, but Deploy and Redeploy (which run scripts) are not offered in the command palette.
 * The same palette query in a trusted session (deploy.ui.ts) does list them, so the absence here is
 * the workspace trust at work, not a query that finds nothing. Screenshot: restricted-mode.png.
 */
import * as assert from 'node:assert/strict';
import { paletteTitles, useWorkbench } from './support';

describe('Restricted Mode: an untrusted workspace (UI)', function () {
  const wb = useWorkbench({ theme: 'light', restricted: true, viewport: { width: 1400, height: 900 } });

  it('checks the files and shows the tree, and offers no Deploy or Redeploy', async () => {
    const { page } = wb();
    // VS Code says so in the status bar.
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
    await wb().openFile('contoso.cmg.json');
    await wb().openCmgView();
    const rows = await wb().waitForTree('cmg.gateways', (r) => r.some((x) => x.label.includes('granitefalls')), 60_000);
    assert.ok(rows.some((r) => r.label.includes('contosolegacy')), rows.map((r) => r.label).join(', '));
    await wb().showProblems();
    await wb().waitForProblems((r) => r.some((p) => p.code === 'CFG-CLASSIC'), 60_000);

    const titles = await paletteTitles(page, 'CMG: ');
    // Properties… needs cmg.hasConfig like Deploy does: the configuration was found when we asked.
    assert.ok(titles.includes('CMG: Properties…'), `the palette knows the configuration: ${titles.join(' | ')}`);
    assert.ok(titles.includes('CMG: Show plan'), `the plan is available in Restricted Mode: ${titles.join(' | ')}`);
    assert.ok(titles.includes('CMG: Export deployment script'), `exporting (not running) a script is available: ${titles.join(' | ')}`);
    const running = titles.filter((t) => /^CMG: (Deploy|Redeploy)…$/.test(t));
    assert.deepEqual(running, [], 'Deploy and Redeploy are not offered in an untrusted workspace');
    await wb().screenshot('restricted-mode');
  });
});
