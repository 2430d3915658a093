/**
 * Real VS Code without internet: code-server (installed by test/runner/install-code-server.mjs)
 * plus Debian's Chromium driven by playwright-core. Shared by the integration runner
 * (test/runner/run-code-server.mjs), the UI tests (test/ui/support.ts) and `npm run open-example`.
 *
 * Every session is isolated: a free port on 127.0.0.1, its own temp folder holding a COPY of
 * examples/contoso (the workspace), the user data dir (settings) and the extensions dir, so
 * several runs (several engineers) never collide. `stop()` kills code-server's whole process
 * group and removes the temp folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj) && (JSON.parse(fs.readFileSync(pj, 'utf8')) as { name?: string }).name === 'cmg-tools') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cmg-tools package.json not found above ${start}`);
    dir = up;
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
export const EXAMPLE_DIR = path.join(REPO_ROOT, 'examples', 'contoso');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
export const CHROMIUM = process.env.CMG_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

interface Installer {
  ensureCodeServer(version?: string, log?: (m: string) => void): string;
  codeServerBin(version: string): string;
  CODE_SERVER_VERSIONS: { min: string; current: string };
  DEFAULT_VERSION: string;
}
// The installer is a plain ESM script (runnable before any build); load it without bundling it.
const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<unknown>;
export async function installer(): Promise<Installer> {
  return (await importEsm(pathToFileURL(path.join(REPO_ROOT, 'test', 'runner', 'install-code-server.mjs')).href)) as Installer;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export type ThemeKind = 'light' | 'dark';
export const THEMES: Record<ThemeKind, string> = { light: 'Default Light Modern', dark: 'Default Dark Modern' };

/** User settings of a test session: quiet, no trust prompt, no welcome page, chosen theme. */
export function baseSettings(theme: ThemeKind = 'light'): Record<string, unknown> {
  return {
    'workbench.colorTheme': THEMES[theme],
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'git.enabled': false,
    'chat.commandCenter.enabled': false,
    'window.commandCenter': false,
    'editor.minimap.enabled': false,
    'workbench.layoutControl.enabled': false,
  };
}

export interface SessionDirs {
  root: string;
  workspace: string;
  userData: string;
  extensions: string;
}

/** A temp folder with a fresh copy of examples/contoso, user data and extensions dirs. */
export function makeSessionDirs(settings: Record<string, unknown> = baseSettings()): SessionDirs {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cmg-vscode-'));
  // Same layout as the repository (examples/contoso beside dist/), so the example's relative
  // "$schema": "../../dist/cmg.schema.json" resolves in the copy too.
  const workspace = path.join(root, 'examples', 'contoso');
  fs.mkdirSync(workspace, { recursive: true });
  if (fs.existsSync(EXAMPLE_DIR)) fs.cpSync(EXAMPLE_DIR, workspace, { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, 'dist'), path.join(root, 'dist'), 'dir');
  const userData = path.join(root, 'user-data');
  const extensions = path.join(root, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  writeUserSettings({ root, workspace, userData, extensions }, settings);
  return { root, workspace, userData, extensions };
}

export function settingsFile(dirs: SessionDirs): string {
  return path.join(dirs.userData, 'User', 'settings.json');
}

export function writeUserSettings(dirs: SessionDirs, settings: Record<string, unknown>): void {
  fs.writeFileSync(settingsFile(dirs), JSON.stringify(settings, null, 2));
}

export function readUserSettings(dirs: SessionDirs): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(settingsFile(dirs), 'utf8')) as Record<string, unknown>;
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

export interface CodeServerOptions {
  version?: string;
  dirs: SessionDirs;
  locale?: string;
  /** Fixed port (default: a free one). */
  port?: number;
  /** Extra code-server arguments. */
  args?: string[];
  /** Keep VS Code's workspace trust (default: --disable-workspace-trust, every folder trusted). */
  workspaceTrust?: boolean;
  /** Receives code-server's own stdout/stderr lines (default: dropped unless CMG_TEST_VERBOSE). */
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface CodeServer {
  version: string;
  port: number;
  origin: string;
  dirs: SessionDirs;
  process: ChildProcess;
  /** Output of code-server so far (for error messages). */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<CodeServer>();
let exitHooked = false;
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  const killAll = (): void => {
    for (const cs of running) killGroup(cs.process, 'SIGKILL');
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      killAll();
      // Temp sessions only (open-example keeps its folder under .cache/).
      for (const cs of running) if (cs.dirs.root.startsWith(os.tmpdir())) fs.rmSync(cs.dirs.root, { recursive: true, force: true });
      process.exit(130);
    });
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** Runs code-server's CLI once (e.g. --install-extension) with the session's dirs. */
export async function codeServerCli(version: string, dirs: SessionDirs, args: string[]): Promise<string> {
  const bin = (await installer()).ensureCodeServer(version);
  const r = spawnSync(bin, ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (exit ${r.status}):\n${out}`);
  return out;
}

/** Starts code-server on a free port of 127.0.0.1 and waits until it answers. */
export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const inst = await installer();
  const version = opts.version ?? inst.DEFAULT_VERSION;
  const bin = inst.ensureCodeServer(version);
  hookExit();
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = opts.port ?? (await freePort());
    const configFile = path.join(opts.dirs.root, 'code-server.yaml');
    fs.writeFileSync(configFile, 'auth: none\n');
    const args = [
      '--config', configFile,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--user-data-dir', opts.dirs.userData,
      '--extensions-dir', opts.dirs.extensions,
      ...(opts.locale ? ['--locale', opts.locale] : []),
      ...(opts.args ?? []),
      opts.dirs.workspace,
    ];
    let output = '';
    const child = spawn(bin, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
    const onData = (b: Buffer): void => {
      const s = b.toString();
      output += s;
      if (output.length > 200_000) output = output.slice(-100_000);
      for (const line of s.split('\n')) if (line.trim()) (opts.log ?? (process.env.CMG_TEST_VERBOSE ? console.log : () => {}))(`[code-server] ${line}`);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    let exited = false;
    child.on('exit', () => (exited = true));
    const origin = `http://127.0.0.1:${port}`;
    const cs: CodeServer = {
      version,
      port,
      origin,
      dirs: opts.dirs,
      process: child,
      output: () => output,
      stop: async () => {
        running.delete(cs);
        if (!exited) {
          killGroup(child, 'SIGTERM');
          const t0 = Date.now();
          while (!exited && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 100));
          if (!exited) killGroup(child, 'SIGKILL');
        }
      },
    };
    running.add(cs);
    const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
    while (Date.now() < deadline && !exited) {
      if (await httpOk(`${origin}/healthz`)) return cs;
      await new Promise((r) => setTimeout(r, 250));
    }
    await cs.stop();
    lastError = output;
    if (!/EADDRINUSE/.test(output) || opts.port) break;
  }
  throw new Error(`code-server ${version} did not start:\n${lastError.slice(-4000)}`);
}

export function removeSessionDirs(dirs: SessionDirs): void {
  fs.rmSync(dirs.root, { recursive: true, force: true });
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian package "chromium".`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface WorkbenchUrlOptions {
  /** Load the extension under development (default: the repository root). */
  extensionDevelopmentPath?: string | false;
  /** Compiled mocha entry (`run()`), for integration tests. */
  extensionTestsPath?: string;
}

/** The workbench URL with the payload VS Code's own remote web integration tests use. */
export function workbenchUrl(cs: CodeServer, opts: WorkbenchUrlOptions = {}): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${cs.port}${p}`;
  const payload: [string, string][] = [];
  const dev = opts.extensionDevelopmentPath === undefined ? REPO_ROOT : opts.extensionDevelopmentPath;
  if (dev) payload.push(['extensionDevelopmentPath', remote(dev)]);
  if (opts.extensionTestsPath) payload.push(['extensionTestsPath', remote(opts.extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  return `${cs.origin}/?folder=${encodeURIComponent(cs.dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function newPage(browser: Browser, viewport = { width: 1440, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  // The clipboard as a user's browser has it: VS Code for the Web reads and writes it through
  // navigator.clipboard, which a headless page may only use with these permissions.
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.bringToFront();
  return { context, page };
}

/** Workbench log lines that say nothing about our extension (no gallery offline, chat store). */
const HARMLESS_LOGS = [/ENOTFOUND open-vsx\.org/, /^ChatSessionStore: /, /Failed to fetch.*open-vsx/];

export interface TestRunResult {
  exitCode: number;
  timedOut: boolean;
}

/**
 * Opens the workbench with `extensionTestsPath` and waits for `codeAutomationExit`.
 * The extension host's console output arrives through `codeAutomationLog`, forwarded to `onLog`.
 */
export async function runExtensionTests(
  page: Page,
  cs: CodeServer,
  extensionTestsPath: string,
  onLog: (text: string) => void,
  timeoutMs: number,
): Promise<TestRunResult> {
  let settle: (r: TestRunResult) => void = () => {};
  const done = new Promise<TestRunResult>((resolve) => (settle = resolve));
  await page.exposeFunction('codeAutomationLog', (_type: unknown, args: unknown) => {
    const parts = Array.isArray(args) ? (args as unknown[]) : [args];
    const text = util.format(...parts);
    if (process.env.CMG_TEST_VERBOSE || !HARMLESS_LOGS.some((re) => re.test(text))) onLog(text);
  });
  await page.exposeFunction('codeAutomationExit', (code: unknown) => {
    settle({ exitCode: typeof code === 'number' ? code : 1, timedOut: false });
  });
  const timer = setTimeout(() => settle({ exitCode: 1, timedOut: true }), timeoutMs);
  try {
    await page.goto(workbenchUrl(cs, { extensionTestsPath }), { waitUntil: 'domcontentloaded' });
    return await done;
  } finally {
    clearTimeout(timer);
  }
}

const LANGUAGE_NAMES: Record<string, { languageName: string; localizedLanguageName: string }> = {
  nl: { languageName: 'Dutch', localizedLanguageName: 'Nederlands' },
  fr: { languageName: 'French', localizedLanguageName: 'Français' },
};

/**
 * Makes VS Code's display language `lang` available offline (the gallery's packs are out of reach):
 * a minimal language-pack extension of our own (VS Code's UI strings stay English; only the language
 * switches, so OUR nl/fr bundles are used), packaged with vsce (cached under .cache/langpacks/),
 * installed with `--install-extension`, plus the `languagepacks.json` code-server does not write itself.
 * Start code-server with `locale: lang` afterwards.
 */
export async function installLanguagePack(version: string, dirs: SessionDirs, lang: string): Promise<void> {
  const names = LANGUAGE_NAMES[lang];
  if (!names) throw new Error(`No language pack recipe for "${lang}" (known: ${Object.keys(LANGUAGE_NAMES).join(', ')}).`);
  const publisher = 'cmg-tools-tests';
  const name = `test-language-pack-${lang}`;
  const packVersion = '1.0.0';
  const cacheDir = path.join(REPO_ROOT, '.cache', 'langpacks');
  const vsix = path.join(cacheDir, `${name}-${packVersion}.vsix`);
  if (!fs.existsSync(vsix)) {
    fs.mkdirSync(cacheDir, { recursive: true });
    const src = fs.mkdtempSync(path.join(os.tmpdir(), `cmg-langpack-${lang}-`));
    try {
      fs.mkdirSync(path.join(src, 'translations'));
      fs.writeFileSync(
        path.join(src, 'package.json'),
        JSON.stringify(
          {
            name,
            displayName: `Test language pack (${names.languageName})`,
            description: `Switches VS Code to ${names.languageName} for CMG Tools UI tests (no translations of VS Code itself).`,
            publisher,
            version: packVersion,
            license: 'MIT',
            engines: { vscode: '^1.90.0' },
            categories: ['Language Packs'],
            contributes: {
              localizations: [
                { languageId: lang, ...names, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] },
              ],
            },
          },
          null,
          2,
        ),
      );
      fs.writeFileSync(path.join(src, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
      fs.writeFileSync(path.join(src, 'README.md'), `# Test language pack (${names.languageName})\n\nMade by the CMG Tools UI tests.\n`);
      fs.writeFileSync(path.join(src, 'LICENSE'), 'MIT License\n');
      const tmpVsix = `${vsix}.${process.pid}.tmp`;
      const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
      const r = spawnSync(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '-o', tmpVsix], {
        cwd: src,
        encoding: 'utf8',
        timeout: 120_000,
      });
      if (r.status !== 0) throw new Error(`vsce package (language pack ${lang}) failed:\n${r.stdout}${r.stderr}`);
      fs.renameSync(tmpVsix, vsix);
    } finally {
      fs.rmSync(src, { recursive: true, force: true });
    }
  }
  await codeServerCli(version, dirs, ['--install-extension', vsix]);
  const installed = path.join(dirs.extensions, `${publisher}.${name}-${packVersion}`, 'translations', 'main.i18n.json');
  if (!fs.existsSync(installed)) throw new Error(`Language pack ${lang} was not installed at ${installed}.`);
  const file = path.join(dirs.userData, 'languagepacks.json');
  const packs = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  packs[lang] = {
    hash: `${name}-${packVersion}`,
    extensions: [{ extensionIdentifier: { id: `${publisher}.${name}` }, version: packVersion }],
    translations: { vscode: installed },
    label: names.localizedLanguageName,
  };
  fs.writeFileSync(file, JSON.stringify(packs));
}
