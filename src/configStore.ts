/**
 * ConfigStore: every `*.cmg.json` of the workspace (all folders), parsed and checked.
 *
 * - Discovers files with `findFiles` (node_modules and `.cmg/` excluded) and keeps them current
 *   through a file system watcher and the editor's document events.
 * - An open document's text wins over the text on disk (diagnostics follow what the admin types).
 * - Checks with the core's `checkConfig` (loaded on first use: ajv and the rules are not needed
 *   to activate), with the deployed snapshot (`.cmg/<file>.deployed.json`) when it exists.
 * - Re-checks are debounced per file (`cmg.diagnostics.debounceMs`); stale results are dropped.
 * - Fires `onDidChange` with the files whose state changed and the ones that disappeared.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import type { Finding } from './core/findings';
import { defaultSnapshotPath } from './core/model';
import type { Log } from './log';

type CheckModule = typeof import('./core/config/check');
export type CheckResult = Awaited<ReturnType<CheckModule['checkConfig']>>;

export const CONFIG_GLOB = '**/*.cmg.json';
export const CONFIG_EXCLUDE = '{**/node_modules/**,**/.cmg/**}';

export interface SnapshotState {
  readonly uri: vscode.Uri;
  readonly text: string;
  /** Parse and schema findings of the snapshot itself (shown on the snapshot file). */
  readonly findings: readonly Finding[];
}

export interface ConfigFile {
  readonly uri: vscode.Uri;
  /** The workspace folder holding the file (undefined for a file opened from elsewhere). */
  readonly folder: vscode.WorkspaceFolder | undefined;
  /** The text that was checked. */
  readonly text: string;
  /** True when the text came from an open editor rather than the disk. */
  readonly fromEditor: boolean;
  /** Increases with every check of this file. */
  readonly generation: number;
  /** The core's result; undefined when the file could not be read or checked (see `error`). */
  readonly result: CheckResult | undefined;
  readonly error?: string;
  /** The deployed snapshot, when one exists beside the file. */
  readonly snapshot?: SnapshotState;
}

export interface ConfigStoreChange {
  readonly changed: readonly ConfigFile[];
  readonly removed: readonly vscode.Uri[];
}

export function isConfigUri(uri: vscode.Uri): boolean {
  if (!uri.path.toLowerCase().endsWith('.cmg.json')) return false;
  const segments = uri.path.split('/');
  return !segments.includes('node_modules') && !segments.includes('.cmg');
}

/** `…/.cmg/<name>.deployed.json` → `…/<name>` (the configuration it belongs to). */
export function configUriOfSnapshot(uri: vscode.Uri): vscode.Uri | undefined {
  const m = /^(.*)\/\.cmg\/([^/]+\.cmg\.json)\.deployed\.json$/i.exec(uri.path);
  return m ? uri.with({ path: `${m[1]}/${m[2]}` }) : undefined;
}

let checkModule: Promise<CheckModule> | undefined;
export function loadCheckModule(): Promise<CheckModule> {
  checkModule ??= import('./core/config/check');
  return checkModule;
}

const SNAPSHOT_SCHEMA_RULES = new Set(['CFG-PARSE', 'CFG-SCHEMA']);

export class ConfigStore implements vscode.Disposable {
  private readonly files = new Map<string, ConfigFile>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly sequence = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();
  private readonly emitter = new vscode.EventEmitter<ConfigStoreChange>();
  private readonly discoverEmitter = new vscode.EventEmitter<number>();
  private readonly disposables: vscode.Disposable[] = [this.emitter, this.discoverEmitter];
  private started: Promise<void> | undefined;
  private generation = 0;

  readonly onDidChange = this.emitter.event;
  /** Fires with the number of files found by the first scan, before they are checked. */
  readonly onDidDiscover = this.discoverEmitter.event;
  /** Milliseconds the first scan took (discovery and every check), once done. */
  firstScanMs: number | undefined;

  /** `gate`: the first scan waits for it (the core's translations are installed first). */
  constructor(
    private readonly log: Log,
    private readonly gate: Promise<unknown> = Promise.resolve(),
  ) {}

  /** Finds the files and starts watching. Resolves once every file found was checked once. */
  start(): Promise<void> {
    this.started ??= this.initialScan();
    return this.started;
  }

  /** All known configuration files, sorted by path. */
  all(): ConfigFile[] {
    return [...this.files.values()].sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
  }

  get(uri: vscode.Uri): ConfigFile | undefined {
    return this.files.get(uri.toString());
  }

  /** Resolves when no check is queued or running (tests, commands that need fresh results). */
  async whenIdle(): Promise<void> {
    await this.start();
    for (;;) {
      if (this.timers.size === 0 && this.pending.size === 0) return;
      await Promise.allSettled([...this.pending]);
      if (this.timers.size > 0) await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Checks every file again now (command "Refresh"); also re-discovers files. */
  async refresh(): Promise<void> {
    await this.start();
    const found = await this.discover();
    const keep = new Set(found.map((u) => u.toString()));
    for (const doc of vscode.workspace.textDocuments) if (isConfigUri(doc.uri)) keep.add(doc.uri.toString());
    const removed = [...this.files.keys()].filter((k) => !keep.has(k));
    for (const k of removed) this.forget(k);
    if (removed.length) this.emitter.fire({ changed: [], removed: removed.map((k) => vscode.Uri.parse(k)) });
    await Promise.all([...keep].map((k) => this.check(vscode.Uri.parse(k))));
  }

  /** Schedules a check of a file after the debounce delay (0: at once). */
  schedule(uri: vscode.Uri, delayMs = this.debounceMs()): void {
    const key = uri.toString();
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(uri);
      }, delayMs),
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }

  private debounceMs(): number {
    const v = vscode.workspace.getConfiguration('cmg').get<number>('diagnostics.debounceMs', 300);
    return Number.isFinite(v) && v >= 0 ? Math.min(v, 5000) : 300;
  }

  private async discover(): Promise<vscode.Uri[]> {
    if (!vscode.workspace.workspaceFolders?.length) return [];
    const found = await vscode.workspace.findFiles(CONFIG_GLOB, CONFIG_EXCLUDE);
    return found.filter(isConfigUri);
  }

  private async initialScan(): Promise<void> {
    const started = Date.now();
    await this.gate.catch(() => undefined);
    const watcher = vscode.workspace.createFileSystemWatcher('**/{*.cmg.json,.cmg/*.deployed.json}');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((u) => this.onDiskChange(u)),
      watcher.onDidChange((u) => this.onDiskChange(u)),
      watcher.onDidDelete((u) => this.onDiskDelete(u)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const u = e.document.uri;
        if (isConfigUri(u)) this.schedule(u);
        else {
          const owner = configUriOfSnapshot(u);
          if (owner && this.files.has(owner.toString())) this.schedule(owner);
        }
      }),
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (isConfigUri(d.uri) && (!this.files.has(d.uri.toString()) || this.files.get(d.uri.toString())?.text !== d.getText())) this.schedule(d.uri, 0);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (isConfigUri(d.uri) && this.files.has(d.uri.toString())) this.schedule(d.uri, 0);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      // The US Gov VMSS suffix changes what CFG-FQDN-SUFFIX accepts: check everything again.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('cmg.azure.usGovVmssSuffix')) for (const f of this.files.values()) this.schedule(f.uri, 0);
      }),
    );
    const found = await this.discover();
    const uris = new Map(found.map((u) => [u.toString(), u]));
    for (const doc of vscode.workspace.textDocuments) if (isConfigUri(doc.uri)) uris.set(doc.uri.toString(), doc.uri);
    this.log.info(`Found ${uris.size} CMG configuration file(s).`);
    this.discoverEmitter.fire(uris.size);
    await Promise.all([...uris.values()].map((u) => this.check(u)));
    this.firstScanMs = Date.now() - started;
  }

  private onDiskChange(uri: vscode.Uri): void {
    if (isConfigUri(uri)) {
      // An editor with unsaved changes is the truth; its own events drive the checks.
      if (this.openDocument(uri)?.isDirty && this.files.has(uri.toString())) return;
      this.schedule(uri);
      return;
    }
    const owner = configUriOfSnapshot(uri);
    if (owner && this.files.has(owner.toString())) this.schedule(owner);
  }

  private onDiskDelete(uri: vscode.Uri): void {
    if (isConfigUri(uri)) {
      if (this.openDocument(uri)?.isDirty) return;
      const key = uri.toString();
      if (this.files.has(key)) {
        this.forget(key);
        this.emitter.fire({ changed: [], removed: [uri] });
      }
      return;
    }
    const owner = configUriOfSnapshot(uri);
    if (owner && this.files.has(owner.toString())) this.schedule(owner);
  }

  private forget(key: string): void {
    this.files.delete(key);
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
    this.sequence.set(key, (this.sequence.get(key) ?? 0) + 1);
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);
  }

  private async readText(uri: vscode.Uri): Promise<{ text: string; fromEditor: boolean } | undefined> {
    // An editor with unsaved changes (or an untitled one) is the truth; otherwise the disk is
    // (a document VS Code keeps after its editor closed may outlive the file).
    const doc = this.openDocument(uri);
    if (doc && (doc.isDirty || doc.isUntitled)) return { text: doc.getText(), fromEditor: true };
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      return { text: new TextDecoder('utf-8').decode(bytes), fromEditor: false };
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
      if (doc) return { text: doc.getText(), fromEditor: true };
      throw e;
    }
  }

  private check(uri: vscode.Uri): Promise<void> {
    const p = this.doCheck(uri).finally(() => this.pending.delete(p));
    this.pending.add(p);
    return p;
  }

  private async doCheck(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const seq = (this.sequence.get(key) ?? 0) + 1;
    this.sequence.set(key, seq);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    let file: ConfigFile;
    try {
      const read = await this.readText(uri);
      if (this.sequence.get(key) !== seq) return;
      if (!read) {
        if (this.files.has(key)) {
          this.forget(key);
          this.emitter.fire({ changed: [], removed: [uri] });
        }
        return;
      }
      const snapshotUri = uri.scheme === 'file' ? vscode.Uri.file(defaultSnapshotPath(uri.fsPath)) : uri.with({ path: `${path.posix.dirname(uri.path)}/.cmg/${path.posix.basename(uri.path)}.deployed.json` });
      const snapshotRead = await this.readText(snapshotUri).catch(() => undefined);
      const mod = await loadCheckModule();
      const options = {
        usGovVmssSuffix: vscode.workspace.getConfiguration('cmg').get<string>('azure.usGovVmssSuffix', 'cloudapp.usgovcloudapi.net'),
        fileExists: (p: string) => existsSync(p),
      };
      const filePath = uri.scheme === 'file' ? uri.fsPath : uri.path;
      const result = mod.checkConfig({ text: read.text, filePath, deployedText: snapshotRead?.text, options });
      let snapshot: SnapshotState | undefined;
      if (snapshotRead) {
        // The snapshot rarely changes while the configuration is edited: reuse its findings.
        const previous = this.files.get(key)?.snapshot;
        if (previous && previous.uri.toString() === snapshotUri.toString() && previous.text === snapshotRead.text) snapshot = previous;
        else {
          const own = mod.checkConfig({ text: snapshotRead.text, filePath: snapshotUri.scheme === 'file' ? snapshotUri.fsPath : snapshotUri.path, deployedText: undefined, options });
          snapshot = { uri: snapshotUri, text: snapshotRead.text, findings: own.findings.filter((f) => SNAPSHOT_SCHEMA_RULES.has(f.rule)) };
        }
      }
      file = { uri, folder, text: read.text, fromEditor: read.fromEditor, generation: ++this.generation, result, snapshot };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.error(`Checking ${uri.toString(true)} failed`, e);
      file = { uri, folder, text: this.files.get(key)?.text ?? '', fromEditor: false, generation: ++this.generation, result: undefined, error: message };
    }
    if (this.sequence.get(key) !== seq) return;
    this.files.set(key, file);
    this.emitter.fire({ changed: [file], removed: [] });
  }
}
