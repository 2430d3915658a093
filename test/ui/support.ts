/**
 * Helpers for UI tests: playwright-core + Debian's Chromium against code-server (a real VS Code).
 *
 * HOW TO WRITE A UI TEST
 * - File: `test/ui/<area>.ui.ts`, a mocha BDD suite. `npm run test:ui` (test/runner/run-code-server.mjs ui)
 *   runs mocha in Node over every `out/test/ui/*.ui.js` (timeout 240 s per test and hook).
 * - `useWorkbench(options)` inside `describe` starts, in a `before` hook, code-server on a free port of
 *   127.0.0.1 with a fresh temp COPY of examples/contoso, the built extension (dist/, loaded with
 *   extensionDevelopmentPath) and Chromium; it closes everything in `after`, and screenshots a failing
 *   test to `test-results/FAILED-<title>.png`. Each suite gets its own session, so suites never share state.
 *
 *     import * as assert from 'node:assert/strict';
 *     import { useWorkbench } from './support';
 *     describe('wizard (UI)', () => {
 *       const wb = useWorkbench({ theme: 'dark' });          // or { locale: 'nl' } for the Dutch UI
 *       it('opens', async () => {
 *         await wb().runCommand('CMG: Create gateway');       // F1 + command title + Enter
 *         const view = wb().webview();                        // FrameLocator of the active webview's content
 *         await view.getByRole('button', { name: 'Next' }).click();
 *         await wb().screenshot('wizard-step-2');             // -> test-results/wizard-step-2.png
 *       });
 *     });
 *
 * Workbench API (all async unless noted):
 *   page, server, dirs, workspace (path of the copy)   the raw objects (playwright Page, code-server, temp dirs)
 *   screenshot(name, locator?)                          PNG in test-results/<name>.png (whole page or one element); returns the path
 *   setTheme('light'|'dark')                            Default Light/Dark Modern through "Preferences: Color Theme"; waits until applied
 *   runCommand(title)                                   runs a command through the command palette (F1, retried; also exported as runCommand(page, title))
 *   openFile(relativePath)                              opens a workspace file through Quick Open (Ctrl+P)
 *   openCmgView()                                       opens the "Cloud Management Gateway" activity-bar container
 *   viewPane(id)                                        Locator of a view's pane by view id (e.g. 'cmg.gateways'); expands it if collapsed
 *   treeItems(viewId)                                   ALL rows of a tree view (scrolls the virtualized list): { label, description, level, expanded, ariaLabel }
 *   waitForTree(viewId, predicate?, timeoutMs?)         polls treeItems() until predicate(rows) holds (default: any row)
 *   expandTree(viewId, maxRounds?)                      waits for rows, then expands every collapsed row (repeatedly, as children appear)
 *   showProblems() / problems()                         opens the Problems panel / reads its visible rows:
 *                                                       { text, message, source, code (rule ID), severity, level, ariaLabel }
 *   waitForProblems(predicate, timeoutMs?)              polls problems() until predicate(rows) holds
 *   webview()                                           FrameLocator of the active webview's inner frame (iframe.webview → #active-frame)
 *   notifications()                                     texts of the visible notification toasts
 *   close()                                             closes Chromium and code-server, removes the temp dirs (useWorkbench does it)
 * Lower level: `openWorkbench(options)` returns the same Workbench without mocha hooks.
 * Options: { theme?: 'light'|'dark' (at start), locale?: 'nl'|'fr', version?: code-server version,
 *            settings?: extra user settings (written before start; code-server reads them once),
 *            viewport?: {width,height} }
 */
/// <reference lib="dom" />
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import {
  RESULTS_DIR,
  THEMES,
  baseSettings,
  installLanguagePack,
  installer,
  launchChromium,
  makeSessionDirs,
  newPage,
  removeSessionDirs,
  startCodeServer,
  workbenchUrl,
  type CodeServer,
  type SessionDirs,
  type ThemeKind,
} from '../runner/codeServer';

export { RESULTS_DIR, THEMES, type ThemeKind };

export interface WorkbenchOptions {
  theme?: ThemeKind;
  locale?: 'nl' | 'fr';
  version?: string;
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
  /** Open the workspace in Restricted Mode (workspace trust on, the folder not trusted). */
  restricted?: boolean;
}

export interface TreeRow {
  label: string;
  description: string;
  level: number;
  expanded: boolean | undefined;
  ariaLabel: string;
}

export interface ProblemRow {
  /** The whole row as shown (message, source, code, position; or the file name for a file row). */
  text: string;
  message: string;
  source: string;
  /** The diagnostic's code (our rule ID, e.g. CFG-CLASSIC). */
  code: string;
  ariaLabel: string;
  severity: 'error' | 'warning' | 'info' | 'file' | 'other';
  level: number;
}

export interface Workbench {
  page: Page;
  server: CodeServer;
  dirs: SessionDirs;
  workspace: string;
  screenshot(name: string, target?: Locator): Promise<string>;
  setTheme(kind: ThemeKind): Promise<void>;
  runCommand(title: string): Promise<void>;
  openFile(relativePath: string): Promise<void>;
  openCmgView(): Promise<void>;
  viewPane(viewId: string): Promise<Locator>;
  treeItems(viewId: string): Promise<TreeRow[]>;
  waitForTree(viewId: string, predicate?: (rows: TreeRow[]) => boolean, timeoutMs?: number): Promise<TreeRow[]>;
  expandTree(viewId: string, maxRounds?: number): Promise<TreeRow[]>;
  showProblems(): Promise<void>;
  problems(): Promise<ProblemRow[]>;
  waitForProblems(predicate: (rows: ProblemRow[]) => boolean, timeoutMs?: number): Promise<ProblemRow[]>;
  webview(): FrameLocator;
  notifications(): Promise<string[]>;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value or the time runs out (then throws `message`). */
export async function waitFor<T>(fn: () => Promise<T | undefined | false>, timeoutMs: number, message: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${message}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    await sleep(250);
  }
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'screenshot';
}

/** The CMG activity-bar entry, whatever the display language (its CSS class carries the container id). */
const CMG_ACTIVITY = '.part.activitybar a[class*="activity-workbench-view-extension-cmg-"]';

/**
 * Gives the workbench the keyboard focus with a real click on a spot that does nothing (the side
 * bar's title, else an empty part of the status or activity bar). A key pressed while a webview's
 * iframe has the focus can be lost, and blur() does not take the focus out of an iframe.
 */
export async function focusWorkbench(page: Page): Promise<void> {
  const spot = await page.evaluate(() => {
    for (const sel of ['.part.sidebar .composite.title', '.part.statusbar', '.part.activitybar']) {
      const el = document.querySelector(sel);
      if (!el) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 4 || r.height < 4) continue;
      const y = sel.endsWith('activitybar') ? r.top + r.height * 0.75 : r.top + r.height / 2;
      for (let x = r.left + 2; x < r.right - 2; x += 8) {
        const hit = document.elementFromPoint(x, y);
        if (hit && el.contains(hit) && !hit.closest('a, button, input, .action-item, .statusbar-item, [role="button"], [tabindex]')) {
          return { x, y };
        }
      }
    }
    return undefined;
  });
  if (spot) await page.mouse.click(spot.x, spot.y);
  else await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()).catch(() => undefined);
}

const QUICK_INPUT = '.quick-input-widget';
/** The command palette's keys: F1, and Ctrl+Shift+P on every other attempt. */
const PALETTE_KEYS = (attempt: number): readonly string[] => [attempt % 2 === 0 ? 'F1' : 'Control+Shift+P'];

/** Escape, the focus to the workbench, then `keys` (a chord is several keys): true when a quick input opened. */
async function pressForQuickInput(page: Page, keys: readonly string[]): Promise<boolean> {
  await page.keyboard.press('Escape');
  await focusWorkbench(page);
  for (const k of keys) await page.keyboard.press(k);
  return page.locator(`${QUICK_INPUT} input`).waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false);
}

/** Opens a quick input (palette, Quick Open, a picker) with up to four attempts; throws "`what` did not open". */
async function openQuickInput(page: Page, keysFor: (attempt: number) => readonly string[], what: string): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) if (await pressForQuickInput(page, keysFor(attempt))) return;
  throw new Error(`${what} did not open.`);
}

/**
 * Shows the color theme `themeId` (e.g. "Default Dark Modern") as a person picks it: Preferences:
 * Color Theme (Ctrl+K Ctrl+T, which works in every display language), the theme's name, a click
 * on its row (Enter could pick "Browse Additional Color Themes…", the offline marketplace). Waits
 * until the workbench carries `workbenchClass` ('vs', 'vs-dark', 'hc-black'). code-server does not
 * pick up later edits of the settings file, so a theme cannot be switched live through settings.
 */
export async function selectTheme(page: Page, themeId: string, workbenchClass: string): Promise<void> {
  const applied = (): Promise<boolean> =>
    page.evaluate((c) => document.querySelector('.monaco-workbench')?.classList.contains(c) ?? false, workbenchClass);
  if (await applied()) return;
  const quick = page.locator(QUICK_INPUT);
  await openQuickInput(page, () => ['Control+K', 'Control+T'], `The color theme picker (for ${themeId})`);
  await quick.locator('input').fill(themeId);
  // The row shows "Dark Modern"; its aria-label "Dark Modern, Default Dark Modern" carries the theme id.
  const rows = quick.locator('.monaco-list-row');
  await rows.and(page.locator(`[aria-label*="${themeId}"]`)).or(rows.filter({ hasText: themeId })).first().click({ timeout: 10_000 });
  await waitFor(async () => (await applied()) || undefined, 20_000, `theme ${themeId} was not applied`);
  await quick.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  await sleep(1000);
}

/** The titles the command palette offers for `text` (then closes it): to assert what is NOT offered. */
export async function paletteTitles(page: Page, text: string): Promise<string[]> {
  await openQuickInput(page, PALETTE_KEYS, `The command palette (looking for "${text}")`);
  await page.locator(`${QUICK_INPUT} input`).fill(`>${text}`);
  await sleep(1500); // the list filters as it is typed; give it time to settle
  const labels = await page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row .label-name`).allInnerTexts();
  await page.keyboard.press('Escape');
  return labels.map((l) => l.replace(/\s+/g, ' ').trim());
}

/**
 * Runs a command through the command palette as a person does: F1 (Ctrl+Shift+P on a retry), the
 * title, Enter. The key can be lost when a webview or a notification has the focus, and the palette
 * can open before every command is registered, so the input is filled only once it is visible and
 * the whole sequence is tried up to four times. Typing into the palette's own input (never into
 * whatever has the focus) keeps a lost key from editing the user's file.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator(`${QUICK_INPUT} input`);
  const rows = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`);
  let seen = '';
  for (let attempt = 0; attempt < 4; attempt++) {
    if (!(await pressForQuickInput(page, PALETTE_KEYS(attempt)))) {
      seen = 'the command palette did not open';
      continue;
    }
    await input.fill(`>${title}`);
    const row = rows.filter({ hasText: title }).first();
    if (await row.waitFor({ timeout: 10_000 }).then(() => true, () => false)) {
      await row.click();
      await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
      return;
    }
    const value = await input.inputValue().catch(() => '?');
    const shown = await rows.allInnerTexts().catch(() => []);
    seen = `input "${value}", rows: ${shown.slice(0, 5).map((t) => t.replace(/\s+/g, ' ')).join(' | ') || 'none'}`;
  }
  throw new Error(`Command "${title}" not found in the command palette after 4 attempts (last: ${seen}).`);
}

export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const inst = await installer();
  const version = options.version ?? process.env.CMG_UI_CODE_SERVER ?? inst.DEFAULT_VERSION;
  const trust = options.restricted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always' } : {};
  const dirs = makeSessionDirs({ ...baseSettings(options.theme ?? 'light'), ...trust, ...(options.settings ?? {}) });
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => {});
    await server?.stop();
    removeSessionDirs(dirs);
  };
  try {
    if (options.locale) await installLanguagePack(version, dirs, options.locale);
    server = await startCodeServer({ version, dirs, workspaceTrust: options.restricted === true, ...(options.locale ? { locale: options.locale } : {}) });
    browser = await launchChromium();
    const { page } = await newPage(browser, options.viewport);
    await page.goto(workbenchUrl(server), { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
    // The extension contributes the activity-bar entry; wait for it (extension host up, manifest read).
    await page.locator(CMG_ACTIVITY).waitFor({ timeout: 60_000 });
    return makeWorkbench(page, server, dirs, close);
  } catch (e) {
    await close();
    throw e;
  }
}

function makeWorkbench(page: Page, server: CodeServer, dirs: SessionDirs, close: () => Promise<void>): Workbench {
  const quickInput = page.locator(QUICK_INPUT);

  const wb: Workbench = {
    page,
    server,
    dirs,
    workspace: dirs.workspace,
    close,

    async screenshot(name, target) {
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      const file = path.join(RESULTS_DIR, `${safeName(name)}.png`);
      if (target) await target.screenshot({ path: file });
      else await page.screenshot({ path: file });
      return file;
    },

    async setTheme(kind) {
      await selectTheme(page, THEMES[kind], kind === 'light' ? 'vs' : 'vs-dark');
    },

    async runCommand(title) {
      await runCommand(page, title);
    },

    async openFile(relativePath) {
      const base = path.basename(relativePath);
      const tab = page.locator(`.tabs-container .tab[aria-label*="${base}"], .tabs-container .tab:has-text("${base}")`).first();
      // Already open: click its tab, as a person would.
      if ((await tab.count()) > 0) {
        await tab.click();
        await page.locator('.tabs-container .tab.active').filter({ hasText: base }).first().waitFor({ timeout: 10_000 });
        return;
      }
      await openQuickInput(page, () => ['Control+P'], `Quick Open (Ctrl+P, for ${relativePath})`);
      // Into Quick Open's own input, so a lost key never types into an editor.
      await quickInput.locator('input').fill(relativePath);
      const row = quickInput.locator('.monaco-list-row').filter({ hasText: base }).first();
      await row.waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await tab.waitFor({ timeout: 15_000 });
    },

    async openCmgView() {
      const item = page.locator(CMG_ACTIVITY);
      const li = item.locator('xpath=..');
      if ((await li.getAttribute('aria-expanded')) !== 'true') await item.click();
      await page.locator('.part.sidebar .pane-header').first().waitFor({ timeout: 15_000 });
    },

    async viewPane(viewId) {
      // A view's pane header carries the icon class `view-<id with dots as dashes>`.
      const pane = page.locator(`.part.sidebar .pane:has(> .pane-header .view-${viewId.replace(/\./g, '-')})`).first();
      await pane.waitFor({ timeout: 15_000 });
      const header = pane.locator('> .pane-header');
      if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
      return pane;
    },

    async treeItems(viewId) {
      // The tree is virtualized (only rows in sight are in the DOM): scroll through it with the
      // mouse wheel and collect rows by their data-index until the last one has been seen.
      const pane = await wb.viewPane(viewId);
      const body = pane.locator('> .pane-body');
      const read = (): Promise<(TreeRow & { index: number; last: boolean })[]> =>
        pane.locator('.monaco-list-row').evaluateAll((rows) =>
          rows.map((r) => ({
            index: Number(r.getAttribute('data-index') ?? '-1'),
            last: r.getAttribute('data-last-element') === 'true',
            label: (r.querySelector('.label-name')?.textContent ?? r.textContent ?? '').trim(),
            description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
            level: Number(r.getAttribute('aria-level') ?? '0'),
            expanded: r.hasAttribute('aria-expanded') ? r.getAttribute('aria-expanded') === 'true' : undefined,
            ariaLabel: r.getAttribute('aria-label') ?? '',
          })),
        );
      let rows = await read();
      if (rows.length === 0) return [];
      const seen = new Map<number, TreeRow>();
      const keep = (batch: typeof rows): boolean => {
        let last = false;
        for (const { index, last: isLast, ...row } of batch) {
          seen.set(index, row);
          last ||= isLast;
        }
        return last;
      };
      const box = await body.boundingBox();
      if (!box) return rows.map(({ index: _i, last: _l, ...row }) => row);
      await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
      await page.mouse.wheel(0, -100_000);
      await sleep(100);
      for (let i = 0; i < 200; i++) {
        rows = await read();
        if (keep(rows)) break;
        await page.mouse.wheel(0, Math.max(40, box.height - 44));
        await sleep(120);
      }
      await page.mouse.wheel(0, -100_000);
      return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
    },

    async waitForTree(viewId, predicate = (rows) => rows.length > 0, timeoutMs = 30_000) {
      return waitFor(async () => {
        const rows = await wb.treeItems(viewId);
        return predicate(rows) ? rows : undefined;
      }, timeoutMs, `the tree of view ${viewId} did not show the expected items`);
    },

    async expandTree(viewId, maxRounds = 60) {
      await wb.waitForTree(viewId);
      const pane = await wb.viewPane(viewId);
      for (let i = 0; i < maxRounds; i++) {
        // Rows in sight first; then scroll down a page to reach collapsed rows further on.
        const collapsed = pane.locator('.monaco-list-row[aria-expanded="false"]').first();
        if ((await collapsed.count()) > 0) {
          await collapsed.locator('.monaco-tl-twistie').click();
          await sleep(150);
          continue;
        }
        const all = await wb.treeItems(viewId);
        if (!all.some((r) => r.expanded === false)) return all;
        const box = await pane.locator('> .pane-body').boundingBox();
        if (!box) break;
        await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
        // treeItems() scrolled back to the top: step down until a collapsed row is in sight.
        for (let step = 0; step < 50 && (await pane.locator('.monaco-list-row[aria-expanded="false"]').count()) === 0; step++) {
          await page.mouse.wheel(0, Math.max(40, box.height / 2));
          await sleep(120);
        }
      }
      return wb.treeItems(viewId);
    },

    async showProblems() {
      const panel = page.locator('.part.panel .markers-panel');
      if (await panel.isVisible().catch(() => false)) return;
      await page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ state: 'visible', timeout: 5_000 }).catch(async () => {
        await wb.runCommand('View: Focus Problems');
        await panel.waitFor({ state: 'visible', timeout: 10_000 });
      });
    },

    async problems() {
      await wb.showProblems();
      return page.locator('.part.panel .markers-panel .monaco-list-row').evaluateAll((rows) =>
        rows.map((r) => {
          const icon = r.querySelector('.marker-icon')?.className ?? '';
          const severity = /\berror\b/.test(icon) ? 'error' : /\bwarning\b/.test(icon) ? 'warning' : /\binfo\b/.test(icon) ? 'info' : r.querySelector('.marker-message') ? 'other' : 'file';
          const text = (sel: string): string => (r.querySelector(sel)?.textContent ?? '').trim();
          return {
            text: ((r as HTMLElement).innerText ?? r.textContent ?? '').replace(/\s+/g, ' ').trim(),
            message: text('.marker-message'),
            source: text('.marker-source'),
            code: text('.marker-code'),
            ariaLabel: r.getAttribute('aria-label') ?? '',
            severity: severity as ProblemRow['severity'],
            level: Number(r.getAttribute('aria-level') ?? '0'),
          };
        }),
      );
    },

    async waitForProblems(predicate, timeoutMs = 30_000) {
      return waitFor(async () => {
        const rows = await wb.problems();
        return predicate(rows) ? rows : undefined;
      }, timeoutMs, 'the Problems panel did not show the expected problems');
    },

    webview() {
      return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
    },

    async notifications() {
      return page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
    },
  };
  return wb;
}

/**
 * Mocha helper: one workbench session for the enclosing `describe` (before/after hooks).
 * Returns a getter; failing tests are screenshotted to test-results/FAILED-<title>.png.
 */
export function useWorkbench(options: WorkbenchOptions = {}): () => Workbench {
  let wb: Workbench | undefined;
  before(async function () {
    this.timeout(240_000);
    wb = await openWorkbench(options);
  });
  afterEach(async function () {
    if (wb && this.currentTest?.state === 'failed') {
      const file = await wb.screenshot(`FAILED-${this.currentTest.fullTitle()}`).catch(() => undefined);
      if (file) console.log(`      screenshot of the failure: ${path.relative(process.cwd(), file)}`);
    }
  });
  after(async function () {
    this.timeout(60_000);
    await wb?.close();
    wb = undefined;
  });
  return () => {
    if (!wb) throw new Error('The workbench is not open (the before hook failed).');
    return wb;
  };
}
