/**
 * Journey "convert the classic gateway" as a person does it in a real VS Code: in the example, the
 * classic gateway contosolegacy gets `"deploymentMethod": "vmss"` (what the CFG-CLASSIC quick fix
 * writes), then "CMG: Show plan" shows the plan as Markdown and "CMG: Export deployment script"
 * opens the PowerShell script. Screenshots: test-results/deploy-plan-{light,dark}.png,
 * deploy-script-light.png.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { paletteTitles, useWorkbench, waitFor } from './support';

/** The quick fix's edit, made on disk: only the classic gateway's deployment method changes. */
function convertLegacy(workspace: string): void {
  const file = path.join(workspace, 'contoso.cmg.json');
  const text = fs.readFileSync(file, 'utf8');
  const classic = /"deploymentMethod":\s*"classic"/g;
  assert.equal(text.match(classic)?.length, 1, 'the example has one classic gateway');
  fs.writeFileSync(file, text.replace(classic, '"deploymentMethod": "vmss"'));
}

for (const theme of ['light', 'dark'] as const) {
  describe(`deployment plan and script (UI, ${theme} theme)`, function () {
    const wb = useWorkbench({ theme, viewport: { width: 1400, height: 900 } });

    it('Show plan: the classic gateway is converted (stage 1) with the DNS note; nothing else changes', async () => {
      const { page } = wb();
      await wb().setTheme(theme);
      convertLegacy(wb().workspace);
      await wb().openFile('contoso.cmg.json');
      await wb().runCommand('CMG: Show plan');
      const view = wb().webview();
      const text = await waitFor(
        async () => {
          const body = view.locator('body');
          if ((await body.count()) === 0) return undefined;
          const t = await body.innerText().catch(() => '');
          return /Convert/.test(t) ? t : undefined;
        },
        45_000,
        'the plan preview did not show a Convert action',
      );
      assert.match(text, /contosocmg\.contoso\.com/);
      assert.match(text, /PLAN-CONVERT-DNS/);
      assert.match(text, /contosocmg\.westus2\.cloudapp\.azure\.com/);
      assert.doesNotMatch(text, /granitefalls[^\n]*(Redeploy|Delete)/i, 'granitefalls must not be touched');
      await page.waitForTimeout(500);
      await wb().screenshot(`deploy-plan-${theme}`);
    });

    if (theme === 'light') {
      it('offers Deploy and Redeploy in the command palette of a trusted workspace (compare restricted.ui.ts)', async () => {
        // Once the configuration was found (cmg.hasConfig, shown by the tree).
        await wb().openCmgView();
        await wb().waitForTree('cmg.gateways', (r) => r.some((x) => x.label.includes('granitefalls')), 60_000);
        const titles = await paletteTitles(wb().page, 'CMG: ');
        for (const t of ['CMG: Deploy…', 'CMG: Redeploy…', 'CMG: Show plan']) assert.ok(titles.includes(t), `${t} missing: ${titles.join(' | ')}`);
      });

      it('Export deployment script: a PowerShell editor with the ConfigMgr cmdlets, no password', async () => {
        const { page } = wb();
        await wb().openFile('contoso.cmg.json');
        await wb().runCommand('CMG: Export deployment script');
        const editor = page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first();
        const text = await waitFor(
          async () => {
            // Monaco renders spaces as no-break spaces.
            const t = (await editor.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
            return /CMG Tools deployment script/.test(t) ? t : undefined;
          },
          30_000,
          'no deployment script editor',
        );
        assert.match(text, /contosolegacy: convert/);
        assert.match(text, /convert-gateway contosocmg\.contoso\.com/);
        assert.match(text, /granitefalls: none/);
        assert.doesNotMatch(text, /contoso'?\s*\|\s*ConvertTo-SecureString|-Password\s+'contoso'/i, 'a password in the script');
        const language = await page.locator('.statusbar-item[id="status.editor.mode"]').innerText();
        assert.match(language, /PowerShell/);
        await wb().screenshot('deploy-script-light');
      });
    }
  });
}
