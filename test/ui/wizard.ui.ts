/**
 * The wizard end to end in a real VS Code (code-server + Chromium): create a gateway through the
 * webview (wildcard PFX with its password, host name, connection point), then open it again in
 * modify mode and change its VM count; the file on disk is asserted after each Finish. Runs once
 * in the light and once in the dark theme and saves a screenshot of every page under test-results/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import * as cs from '../runner/codeServer';
import { runCommand, selectTheme, waitFor } from './support';

const FIXTURE_PFX = path.join(cs.REPO_ROOT, 'test', 'fixtures', 'certs', 'wildcard.pfx');

/** Fixture password from the fixtures' table (test data, never printed). */
function fixturePassword(file: string): string {
  const table = fs.readFileSync(path.join(cs.REPO_ROOT, 'test', 'fixtures', 'certs', 'PASSWORDS.md'), 'utf8');
  const row = table.split('\n').find((l) => l.startsWith(`| ${file} |`));
  if (!row) throw new Error(`no password listed for ${file}`);
  return row.split('|')[2]!.trim();
}

function wizard(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview').frameLocator('#active-frame');
}

async function fill(w: FrameLocator, field: string, value: string): Promise<void> {
  const input = w.locator(`[data-testid=f-${field}] input`);
  await input.fill(value);
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(cs.RESULTS_DIR, { recursive: true });
  await page.waitForTimeout(400); // let validation settle so the picture shows the findings
  await page.screenshot({ path: path.join(cs.RESULTS_DIR, `${name}.png`) });
}

async function onPage(w: FrameLocator, id: string): Promise<void> {
  await w.locator(`[data-testid=page-${id}]`).waitFor({ state: 'visible' });
}

async function waitForFile(file: string, predicate: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const text = fs.readFileSync(file, 'utf8');
    if (predicate(text)) return text;
    if (Date.now() - t0 > timeoutMs) return text;
    await new Promise((r) => setTimeout(r, 200));
  }
}

for (const theme of ['light', 'dark'] as const) {
  describe(`wizard in code-server (${theme} theme)`, function () {
    this.timeout(240_000);
    let dirs: cs.SessionDirs;
    let server: cs.CodeServer;
    let browser: Browser;
    let page: Page;
    let configFile: string;
    let original: string;
    let modifiedFrom: string | undefined;
    let expectedAfterModify: string | undefined;
    const errors: string[] = [];
    const webviewErrors: string[] = [];

    before(async () => {
      dirs = cs.makeSessionDirs(cs.baseSettings(theme));
      fs.copyFileSync(FIXTURE_PFX, path.join(dirs.workspace, 'certs', 'wildcard.pfx'));
      configFile = path.join(dirs.workspace, 'contoso.cmg.json');
      original = fs.readFileSync(configFile, 'utf8');
      server = await cs.startCodeServer({ dirs });
      browser = await cs.launchChromium();
      ({ page } = await cs.newPage(browser, { width: 1280, height: 900 }));
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
        if (m.type() === 'error' && /active-frame|webview|wizard/i.test(`${m.location().url} ${m.text()}`)) webviewErrors.push(m.text());
      });
      page.on('pageerror', (e) => webviewErrors.push(e.message));
      await page.goto(cs.workbenchUrl(server), { waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'contoso.cmg.json' }).waitFor({ timeout: 60_000 });
      // Extensions scanned (ours contributes the activity-bar entry), so the built-in themes are known.
      await page.locator('.part.activitybar a[class*="activity-workbench-view-extension-cmg-"]').waitFor({ timeout: 60_000 });
      await selectTheme(page, cs.THEMES[theme], theme === 'dark' ? 'vs-dark' : 'vs');
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed' && page) {
        fs.mkdirSync(cs.RESULTS_DIR, { recursive: true });
        console.log(webviewErrors.join('\n'));
        await page.screenshot({ path: path.join(cs.RESULTS_DIR, `wizard-failure-${theme}-${this.currentTest.title.slice(0, 20).replace(/\W+/g, '-')}.png`) }).catch(() => {});
      }
    });

    after(async () => {
      await browser?.close().catch(() => {});
      await server?.stop();
      if (dirs) cs.removeSessionDirs(dirs);
    });

    it('creates a gateway page by page and writes it into the file', async () => {
      await runCommand(page, 'CMG: Create cloud management gateway');
      const w = wizard(page);
      await onPage(w, 'general');
      assert.equal(await w.locator('[data-testid=next]').isVisible(), true);
      // The page takes its colours from the theme's CSS variables.
      const bg = await w.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
      const [r, g, bl] = (bg.match(/\d+/g) ?? []).map(Number);
      if (theme === 'dark') assert.ok(r! + g! + bl! < 200, `dark background expected, got ${bg}`);
      else assert.ok(r! + g! + bl! > 600, `light background expected, got ${bg}`);
      await shot(page, `wizard-1-general-${theme}`);

      // Next is blocked on an error of this page (an invalid subscription ID), not on later pages.
      await fill(w, 'subscriptionId', 'not-a-guid');
      await w.locator('[data-testid=next]').click();
      await w.locator('[data-testid=status]', { hasText: /\S/ }).waitFor();
      await onPage(w, 'general');
      assert.match(await w.locator('#m-subscriptionId').innerText(), /CFG-SUBSCRIPTION/);
      await fill(w, 'subscriptionId', '3f2c8a61-7d4e-4b0a-9c55-1e8d2b6f4a90');
      await w.locator('[data-testid=next]').click();
      await onPage(w, 'settings');

      // Certificate: the PFX needs its password, then the wildcard CN asks for the host name.
      await fill(w, 'serverCertificate', 'certs/wildcard.pfx');
      await w.locator('[data-testid=f-serverCertificate] input').press('Tab');
      await w.locator('[data-testid=cert-info]', { hasText: /password|wachtwoord|mot de passe/i }).waitFor();
      await w.locator('[data-testid=f-password] input').fill(fixturePassword('wildcard.pfx'));
      await w.locator('[data-testid=read-cert]').click();
      await w.locator('[data-testid=cert-info]', { hasText: '*.contoso.com' }).waitFor();
      await w.locator('#row-wildcardHost').waitFor({ state: 'visible' });
      await fill(w, 'wildcardHost', 'oakwood');
      assert.equal(await w.locator('[data-testid=f-serviceFqdn] input').inputValue(), 'oakwood.contoso.com');
      assert.equal(await w.locator('[data-testid=f-name] input').inputValue(), 'oakwood');
      assert.equal(await w.locator('[data-testid=f-password] input').inputValue(), '', 'password field cleared after reading');
      await fill(w, 'description', 'Second CMG for the Oakwood offices');
      await fill(w, 'region', 'northeurope');
      await fill(w, 'resourceGroupName', 'rg-cmg-oakwood');
      await fill(w, 'connectionPointServer', 'cm04.corp.contoso.com');
      await w.locator('[data-testid=deployment-name]', { hasText: 'oakwood.northeurope.cloudapp.azure.com' }).waitFor();
      await shot(page, `wizard-2-settings-${theme}`);
      await w.locator('[data-testid=next]').click();

      await onPage(w, 'alerts');
      await w.locator('[data-testid=f-dtEnabled]').click();
      await fill(w, 'dtThresholdGB', '2000');
      await shot(page, `wizard-3-alerts-${theme}`);
      await w.locator('[data-testid=next]').click();

      await onPage(w, 'summary');
      await w.locator('[data-testid=summary-json]', { hasText: '"name": "oakwood"' }).waitFor();
      await shot(page, `wizard-4-summary-${theme}`);
      await w.locator('[data-testid=finish]').click();

      const text = await waitForFile(configFile, (t) => t.includes('"oakwood"'));
      const doc = parse(text) as { gateways: Record<string, unknown>[]; connectionPoints: Record<string, unknown>[] };
      const gw = doc.gateways.find((g) => g.name === 'oakwood');
      assert.ok(gw, 'gateway written');
      assert.equal(gw.serviceFqdn, 'oakwood.contoso.com');
      assert.equal(gw.serverCertificate, 'certs/wildcard.pfx');
      assert.equal(gw.region, 'northeurope');
      assert.equal(gw.vmInstances, 1);
      assert.deepEqual(gw.resourceGroup, { name: 'rg-cmg-oakwood', create: true });
      assert.deepEqual((gw.alerts as { dataTransfer: unknown }).dataTransfer, { enabled: true, thresholdGB: 2000, warningPercent: 50, criticalPercent: 90, stopServiceWhenCritical: false });
      assert.deepEqual(doc.connectionPoints.at(-1), { server: 'cm04.corp.contoso.com', siteCode: 'P01', gateway: 'oakwood' });
      // Everything the admin wrote before is still there, comments included.
      const head = original.slice(0, original.indexOf('  "connectionPoints"'));
      const untouched = head.slice(0, head.lastIndexOf('}'));
      assert.ok(text.startsWith(untouched), 'the text before the new gateway is unchanged');
      assert.ok(text.includes('// A server holds one connection point role per site'));
      assert.ok(!text.includes(fixturePassword('wildcard.pfx')), 'no password in the file');
    });

    it('modifies the VM count in modify mode and changes only that value', async () => {
      const before = fs.readFileSync(configFile, 'utf8');
      await runCommand(page, 'CMG: Properties…');
      const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'oakwood' });
      await pick.waitFor();
      await pick.click();
      const w = wizard(page);
      await onPage(w, 'general');
      // General page: nothing editable after creation (redeploy), with a note and a plan link.
      assert.equal(await w.locator('#r-subscriptionId').isVisible(), true);
      await shot(page, `wizard-5-modify-general-${theme}`);
      await w.locator('[data-testid=step-settings]').click();
      await onPage(w, 'settings');
      assert.equal(await w.locator('[data-testid=f-region] input').getAttribute('readonly'), '');
      await fill(w, 'vmInstances', '3');
      await w.locator('#row-vmInstances.changed').waitFor();
      await shot(page, `wizard-6-modify-settings-${theme}`);
      await w.locator('[data-testid=finish]').click();
      const text = await waitForFile(configFile, (t) => t !== before);
      const expected = before.replace(/("name": "oakwood",[\s\S]*?"vmInstances": )1/, '$13');
      assert.notEqual(expected, before);
      assert.equal(text, expected, 'only the VM count changed');
      assert.deepEqual(errors, [], 'no CSP violations');
      modifiedFrom = before;
      expectedAfterModify = expected;
    });

    it("Undo in the editor reverts the wizard's change, which Save then writes", async () => {
      assert.ok(modifiedFrom, 'the modify test ran first');
      // Finish left contoso.cmg.json in the active editor: Ctrl+Z there, as a person would.
      const tab = page.locator('.tabs-container .tab.active').filter({ hasText: 'contoso.cmg.json' }).first();
      await tab.waitFor({ timeout: 15_000 });
      await page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Z');
      const vmLine = page.locator('.part.editor .editor-group-container.active .monaco-editor .view-line', { hasText: '"vmInstances"' });
      await waitFor(async () => {
        const lines = (await vmLine.allInnerTexts()).map((l) => l.replace(/\u00a0/g, ' '));
        return lines.some((l) => /"vmInstances": 1,/.test(l)) && !lines.some((l) => /"vmInstances": 3,/.test(l));
      }, 10_000, 'Undo did not bring back "vmInstances": 1 in the editor');
      assert.equal(fs.readFileSync(configFile, 'utf8'), expectedAfterModify, 'the file on disk keeps the change until it is saved');
      await page.keyboard.press('Control+S');
      const text = await waitForFile(configFile, (t) => t === modifiedFrom);
      assert.equal(text, modifiedFrom, 'the file is back to what it was before the wizard');
    });
  });
}
