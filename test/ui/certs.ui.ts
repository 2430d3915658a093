/**
 * Journey 1 ("Will this certificate work?") as a person does it, in a real VS Code: right-click
 * certs/granitefalls.pfx in the Explorer → "Validate as CMG server certificate", type the password,
 * say "Not now" to remembering it, read the report; screenshots in light and dark themes
 * (test-results/cert-report-light.png, cert-report-dark.png).
 * Journey 4: the report's "Generate sub-CA thumbprint script" button opens the script.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { runCommand, selectTheme, useWorkbench, waitFor } from './support';

const PASSWORD = 'contoso';
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..'); // the example PFX's published test password (examples/contoso)

async function explorerRow(page: Page, label: string) {
  const row = page.locator('.part.sidebar').getByRole('treeitem', { name: label, exact: true }).first();
  await row.waitFor({ timeout: 20_000 });
  return row;
}

/** Clears the notification toasts (e.g. the expiry warning of the example's legacy gateway) before a screenshot. */
async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
}

async function contextMenuItem(page: Page, label: string) {
  const item = page.locator('.context-view .monaco-menu .action-item').filter({ hasText: label }).first();
  await item.waitFor({ timeout: 10_000 });
  return item;
}

/**
 * Right-click a PFX of certs/ in the Explorer → "Validate as CMG server certificate"; answer the
 * optional FQDN question when the file is not used by a gateway (`fqdn` given), type the password,
 * decline remembering it; returns the report's text.
 */
interface UiText {
  readonly menu: string;
  readonly remember: string;
  readonly notNow: string;
}
const EN: UiText = { menu: 'Validate as CMG server certificate', remember: 'Remember the password', notNow: 'Not now' };

async function validateFromExplorer(page: Page, webview: () => FrameLocator, file = 'granitefalls.pfx', password = PASSWORD, fqdn?: string, text: UiText = EN): Promise<string> {
  await page.keyboard.press('Control+Shift+E');
  const certs = await explorerRow(page, 'certs');
  if ((await certs.getAttribute('aria-expanded')) !== 'true') await certs.click();
  const pfx = await explorerRow(page, file);
  await pfx.click({ button: 'right' });
  const item = await contextMenuItem(page, text.menu);
  await item.hover();
  await page.waitForTimeout(300);
  await item.click();
  const menu = page.locator('.context-view .monaco-menu');
  await menu.waitFor({ state: 'hidden', timeout: 3_000 }).catch(async () => {
    await page.keyboard.press('Enter'); // the item is highlighted; a click during the menu's animation can be lost
    await menu.waitFor({ state: 'hidden', timeout: 5_000 });
  });

  const quick = page.locator('.quick-input-widget');
  if (fqdn !== undefined) {
    const fqdnBox = quick.locator('input.input[type="text"]');
    await fqdnBox.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await quick.innerText(), /optional/i);
    if (fqdn) await fqdnBox.fill(fqdn);
    await page.waitForTimeout(200);
    await fqdnBox.press('Enter');
  }
  // The password box: masked (type=password), names the file.
  const box = quick.locator('input.input[type="password"]');
  await box.waitFor({ state: 'visible', timeout: 20_000 });
  await box.focus();
  assert.match(await quick.innerText(), new RegExp(file.replace(/\./g, '\\.')));
  await box.fill(password);
  await waitFor(async () => (await box.inputValue()) === password || undefined, 5_000, 'the password box did not take the input');
  await page.waitForTimeout(500);
  await box.press('Enter');

  // "Remember the password …?" → Not now.
  // A toast normally; when other notifications (the example's expiry warning) hold the toast area,
  // VS Code can keep it in the notification centre only: open that, as a person would.
  const toast = page.locator('.notification-toast').filter({ hasText: text.remember }).first();
  const shown = await toast.waitFor({ timeout: 40_000 }).then(() => true, () => false);
  if (shown) {
    await toast.getByRole('button', { name: text.notNow }).click();
  } else {
    await runCommand(page, 'Notifications: Show Notifications').catch(() => undefined);
    const item = page.locator('.notifications-center .notification-list-item').filter({ hasText: text.remember }).first();
    const inCentre = await item.waitFor({ timeout: 20_000 }).then(() => true, () => false);
    if (!inCentre) {
      const seen = await page.locator('.notification-list-item').allInnerTexts().catch(() => []);
      const quickText = await quick.innerText().catch(() => '');
      assert.fail(`no "${text.remember}" notification; notifications: ${JSON.stringify(seen)}; quick input: ${JSON.stringify(quickText)}`);
    }
    await item.getByRole('button', { name: text.notNow }).click();
    await page.keyboard.press('Escape');
  }

  const report = webview().locator('[data-testid="cert-report"]');
  await waitFor(async () => ((await report.count()) > 0 && (await report.innerText()).includes(file)) || undefined, 30_000, `no report for ${file}`);
  return report.innerText();
}

describe('certificate report (UI, light theme)', function () {
  const wb = useWorkbench({ theme: 'light', viewport: { width: 1400, height: 1000 } });

  it('Explorer → "Validate as CMG server certificate" → password → report', async () => {
    const { page } = wb();
    await selectTheme(page, 'Default Light Modern', 'vs');
    const text = await validateFromExplorer(page, () => wb().webview());
    const verdict = await wb().webview().locator('[data-testid="verdict"] h1').innerText();
    assert.equal(verdict, 'Works as CMG server certificate');
    assert.match(text, /granitefalls\.westeurope\.cloudapp\.azure\.com/);
    assert.match(text, /Contoso Issuing CA 01/);
    assert.match(text, /expires in \d+ days/);
    assert.doesNotMatch(text, /password[^\n]*contoso/i, 'the report shows the password');
    await clearNotifications(page);
    await wb().screenshot('cert-report-light');
    await wb().screenshot('cert-report-light-panel', page.locator('.part.editor'));
  });

  it('a certificate that does not work: verdict, missing issuer in the path, what to ask the PKI team for', async () => {
    const { page } = wb();
    // A PKI team's PFX without its issuing CA (a test fixture, password from test/fixtures/certs/PASSWORDS.md).
    fs.copyFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'certs', 'missing-intermediate.pfx'), path.join(wb().workspace, 'certs', 'missing-intermediate.pfx'));
    const text = await validateFromExplorer(page, () => wb().webview(), 'missing-intermediate.pfx', 'Fixture-Pass-1', '');
    const verdict = await wb().webview().locator('[data-testid="verdict"] h1').innerText();
    assert.equal(verdict, "Doesn't work as CMG server certificate");
    assert.match(text, /CHAIN-INCOMPLETE/);
    assert.match(text, /Issuer not found|Missing/);
    assert.match(text, /Include all certificates in the certification path/);
    await clearNotifications(page);
    await wb().screenshot('cert-report-light-fails');
  });

  it('"Generate sub-CA thumbprint script" opens the script for the real chain without asking the password again', async () => {
    const { page } = wb();
    // Back to the granitefalls report.
    await page.locator('.tabs-container .tab').filter({ hasText: 'granitefalls.pfx' }).first().click();
    await wb().webview().getByTestId('generate-subca').click();
    // The script command may ask for the language; take the first (VBScript, as documented).
    const quick = page.locator('.quick-input-widget');
    const opened = page.locator('.tabs-container .tab').filter({ hasText: /UpdateSubCAThumbprints/ });
    await waitFor(
      async () => {
        if (await opened.count()) return true;
        if (await quick.isVisible()) {
          assert.notEqual(await quick.locator('input.input').getAttribute('type'), 'password', 'asked for the PFX password again');
          await page.keyboard.press('Enter');
        }
        return undefined;
      },
      30_000,
      'the sub-CA script did not open',
    );
    const editorText = await page.locator('.part.editor .monaco-editor .view-lines').first().innerText();
    assert.match(editorText.replace(/\u00a0/g, ' '), /[0-9A-F]{40}|SubCACertThumbprint/);
    await wb().screenshot('cert-report-subca-script');
  });
});

describe('certificate report (UI, dark theme)', function () {
  const wb = useWorkbench({ theme: 'dark', viewport: { width: 1400, height: 1000 } });

  it('follows the dark theme', async () => {
    const { page } = wb();
    await selectTheme(page, 'Default Dark Modern', 'vs-dark');
    await validateFromExplorer(page, () => wb().webview());
    const bg = await wb()
      .webview()
      .locator('body')
      .evaluate((b) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(b).backgroundColor);
    const [r, g, bl] = (bg.match(/\d+/g) ?? ['255', '255', '255']).map(Number);
    assert.ok(r + g + bl < 200, `the report's background is not dark: ${bg}`);
    await clearNotifications(page);
    await wb().screenshot('cert-report-dark');
    await wb().screenshot('cert-report-dark-panel', page.locator('.part.editor'));
  });
});

describe('certificate report (UI, high contrast)', function () {
  const wb = useWorkbench({ theme: 'dark', viewport: { width: 1400, height: 1000 } });

  it('keeps borders and text visible in Dark High Contrast', async () => {
    const { page } = wb();
    await selectTheme(page, 'Default High Contrast', 'hc-black');
    await validateFromExplorer(page, () => wb().webview());
    const border = await wb()
      .webview()
      .locator('[data-testid="verdict"]')
      .evaluate((e) => (globalThis as unknown as { getComputedStyle(e: unknown): { borderTopColor: string } }).getComputedStyle(e).borderTopColor);
    assert.notEqual(border, 'rgba(0, 0, 0, 0)', 'the verdict has no visible border in high contrast');
    // Every thumbprint stays readable: its text colour differs from its background.
    const clash = await wb()
      .webview()
      .locator('.subca code, .thumb, .rule')
      .evaluateAll((els) =>
        els
          .map((e) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } }).getComputedStyle(e))
          .filter((c) => c.color === c.backgroundColor)
          .map((c) => c.color),
      );
    assert.deepEqual(clash, [], 'text drawn in its own background colour');
    await clearNotifications(page);
    await wb().screenshot('cert-report-high-contrast-panel', page.locator('.part.editor'));
  });
});

describe('certificate report (UI, Dutch)', function () {
  const wb = useWorkbench({ theme: 'light', locale: 'nl', viewport: { width: 1400, height: 1000 } });

  it('speaks Dutch: menu, password prompt, report and rule explanations', async () => {
    const { page } = wb();
    await selectTheme(page, 'Default Light Modern', 'vs');
    const nl: UiText = { menu: 'Valideren als CMG-servercertificaat', remember: 'Het wachtwoord voor', notNow: 'Niet nu' };
    const text = await validateFromExplorer(page, () => wb().webview(), 'granitefalls.pfx', PASSWORD, undefined, nl);
    const verdict = await wb().webview().locator('[data-testid="verdict"] h1').innerText();
    assert.equal(verdict, 'Werkt als servercertificaat voor de CMG');
    assert.match(text, /Certificeringspad/i);
    assert.match(text, /Vingerafdruk \(SHA-1\)/);
    assert.match(text, /Waarom het ertoe doet/);
    await clearNotifications(page);
    await wb().screenshot('cert-report-nl');
  });
});
