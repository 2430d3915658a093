/**
 * Diagnostics for `*.cmg.json` files (collection 'cmg'): the core's configuration findings plus
 * whatever contributors add (the certificate checks register one), merged per file.
 * Each diagnostic carries the rule ID as code, linked to the rule's documentation.
 */
import * as vscode from 'vscode';
import type { ConfigFile, ConfigStore, ConfigStoreChange } from '../configStore';
import { loadCheckModule } from '../configStore';
import type { Finding, RuleInfo, Severity, TextRange } from '../core/findings';
import type { Log } from '../log';

export type DiagnosticsContributor = (file: ConfigFile, token: vscode.CancellationToken) => Promise<readonly Finding[]>;

export const DIAGNOSTIC_SOURCE = 'CMG';

export interface FileFindings {
  readonly file: ConfigFile;
  /** Core findings followed by contributed ones, each with a range when one is known. */
  readonly findings: readonly Finding[];
}

export function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

export function toRange(r: TextRange | undefined): vscode.Range {
  if (!r) return new vscode.Range(0, 0, 0, 0);
  return new vscode.Range(r.start.line, r.start.column, r.end.line, r.end.column);
}

export class ConfigDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('cmg');
  private readonly contributors = new Set<DiagnosticsContributor>();
  private readonly rules = new Map<string, RuleInfo>();
  private readonly state = new Map<string, FileFindings>();
  /** Snapshot URIs that currently carry diagnostics, per configuration file. */
  private readonly snapshotOf = new Map<string, vscode.Uri>();
  private readonly running = new Map<string, vscode.CancellationTokenSource>();
  private readonly pending = new Set<Promise<void>>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscription: vscode.Disposable;
  private rulesLoaded = false;

  /** Fires with a configuration file's URI when its findings changed. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly configs: ConfigStore,
    private readonly log: Log,
  ) {
    this.subscription = configs.onDidChange((c) => this.onConfigs(c));
  }

  /** Adds findings to every configuration file's diagnostics. Dispose to remove. */
  addContributor(contributor: DiagnosticsContributor): vscode.Disposable {
    this.contributors.add(contributor);
    this.refresh();
    return new vscode.Disposable(() => {
      this.contributors.delete(contributor);
      this.refresh();
    });
  }

  /** Makes rules known for hovers and code links (the configuration rules are built in). */
  addRules(rules: readonly RuleInfo[]): void {
    for (const r of rules) this.rules.set(r.id, r);
  }

  rule(id: string): RuleInfo | undefined {
    return this.rules.get(id);
  }

  /** Runs the contributors again for one file or all (e.g. after a password was entered). */
  refresh(uri?: vscode.Uri): void {
    const files = uri ? [this.configs.get(uri)].filter((f): f is ConfigFile => !!f) : this.configs.all();
    for (const f of files) this.track(this.update(f));
  }

  findings(uri: vscode.Uri): FileFindings | undefined {
    return this.state.get(uri.toString());
  }

  /** Resolves when every contributor run in flight has finished. */
  async whenIdle(): Promise<void> {
    await this.configs.whenIdle();
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  dispose(): void {
    this.subscription.dispose();
    for (const s of this.running.values()) s.cancel();
    this.collection.dispose();
    this.emitter.dispose();
  }

  private track(p: Promise<void>): void {
    const q = p.finally(() => this.pending.delete(q));
    this.pending.add(q);
  }

  private onConfigs(change: ConfigStoreChange): void {
    for (const u of change.removed) {
      const key = u.toString();
      this.running.get(key)?.cancel();
      this.running.delete(key);
      this.state.delete(key);
      this.collection.delete(u);
      const snap = this.snapshotOf.get(key);
      if (snap) this.collection.delete(snap);
      this.snapshotOf.delete(key);
      this.emitter.fire(u);
    }
    for (const f of change.changed) this.track(this.update(f));
  }

  private async ensureRules(): Promise<void> {
    if (this.rulesLoaded) return;
    this.rulesLoaded = true;
    try {
      const mod = await loadCheckModule();
      for (const r of mod.CONFIG_RULES) if (!this.rules.has(r.id)) this.rules.set(r.id, r);
    } catch (e) {
      this.log.error('Loading the rule catalogue failed', e);
    }
  }

  private async update(file: ConfigFile): Promise<void> {
    const key = file.uri.toString();
    this.running.get(key)?.cancel();
    const cts = new vscode.CancellationTokenSource();
    this.running.set(key, cts);
    await this.ensureRules();
    // A newer version of the file may have arrived while the rules loaded: never publish an older one.
    if (cts.token.isCancellationRequested) return;
    const current = this.state.get(key);
    if (current && current.file.generation > file.generation) {
      this.finish(key, cts);
      return;
    }

    const core: Finding[] = file.result ? [...file.result.findings] : [];
    this.publish(file, core);
    this.publishSnapshot(file);
    if (this.contributors.size === 0 || !file.result) {
      this.finish(key, cts);
      return;
    }
    const contributed: Finding[] = [];
    await Promise.all(
      [...this.contributors].map(async (c) => {
        try {
          const found = await c(file, cts.token);
          if (!cts.token.isCancellationRequested) contributed.push(...found);
        } catch (e) {
          this.log.error(`A diagnostics contributor failed on ${file.uri.toString(true)}`, e);
        }
      }),
    );
    if (cts.token.isCancellationRequested) return;
    let placed: readonly Finding[] = contributed;
    if (contributed.some((f) => !f.range && f.path !== undefined)) {
      try {
        const mod = await loadCheckModule();
        placed = mod.withRanges(file.result.parsed, contributed);
      } catch (e) {
        this.log.error('Placing contributed findings failed', e);
      }
    }
    if (cts.token.isCancellationRequested) return;
    this.publish(file, [...core, ...placed]);
    this.finish(key, cts);
  }

  private finish(key: string, cts: vscode.CancellationTokenSource): void {
    if (this.running.get(key) === cts) this.running.delete(key);
    cts.dispose();
  }

  private publish(file: ConfigFile, findings: readonly Finding[]): void {
    this.state.set(file.uri.toString(), { file, findings });
    const diags = findings.map((f) => this.toDiagnostic(f));
    if (file.error) {
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), vscode.l10n.t('CMG Tools could not check this file: {0}', file.error), vscode.DiagnosticSeverity.Error);
      d.source = DIAGNOSTIC_SOURCE;
      diags.push(d);
    }
    this.collection.set(file.uri, diags);
    this.emitter.fire(file.uri);
  }

  private publishSnapshot(file: ConfigFile): void {
    const key = file.uri.toString();
    const previous = this.snapshotOf.get(key);
    if (previous && previous.toString() !== file.snapshot?.uri.toString()) this.collection.delete(previous);
    if (file.snapshot) {
      this.snapshotOf.set(key, file.snapshot.uri);
      this.collection.set(
        file.snapshot.uri,
        file.snapshot.findings.map((f) => this.toDiagnostic(f)),
      );
    } else this.snapshotOf.delete(key);
  }

  toDiagnostic(f: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(toRange(f.range), f.message, toSeverity(f.severity));
    d.source = DIAGNOSTIC_SOURCE;
    const info = this.rules.get(f.rule);
    if (info?.docUrl) {
      try {
        d.code = { value: f.rule, target: vscode.Uri.parse(info.docUrl, true) };
      } catch {
        d.code = f.rule;
      }
    } else d.code = f.rule;
    return d;
  }
}

/** The rule ID of a diagnostic produced here, or undefined for someone else's diagnostic. */
export function ruleOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE || d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}
