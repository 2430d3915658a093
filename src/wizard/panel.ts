/**
 * The wizard's host side: one webview panel per (file, gateway) target. It owns the truth:
 * validation runs here with the core's `checkConfig` and `checkCertificate`, Finish applies one
 * `WorkspaceEdit`, and every message from the webview goes through `validateWebviewMessage`.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { parse as parseJsonc, findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { Finding } from '../core/findings';
import type { CertReport } from '../core/certs/types';
import { defaultSnapshotPath } from '../core/model';
import type { Log } from '../log';
import type { PasswordStore } from '../secrets/passwords';
import { vscodePasswordPrompts } from '../secrets/passwords';
import type { CmgNodeRef } from '../nodeRef';
import { loadAzureOptions, shortError, type AzureLister } from './azure';
import { createAzureLister } from './azureLister';
import { buildHtml } from './html';
import {
  answersFromGateway,
  canFinish,
  computeEdit,
  defaultAnswers,
  deploymentName,
  fieldAccess,
  gatewayIndexByName,
  inputFindings,
  mapFindings,
  mergeOnReload,
  versionGates,
  type EditResult,
} from './logic';
import {
  validateAzureMessage,
  validateViewState,
  type AzureMessage,
  validateWebviewMessage,
  type FieldFinding,
  type HostToWebview,
  type PageId,
  type VersionGates,
  type WebviewToHost,
  type WizardAnswers,
  type WizardMode,
} from './protocol';
import { wizardStrings } from './strings';

export const WIZARD_VIEW_TYPE = 'cmg.wizard';

export interface WizardDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: Log;
  readonly passwords: PasswordStore;
  /** Azure access for the pickers (default: VS Code's Microsoft account and the Azure SDK). */
  readonly azureLister?: AzureLister;
}

export interface WizardTarget {
  readonly mode: WizardMode;
  readonly fileUri: vscode.Uri;
  /** Modify mode: the gateway's `name`. */
  readonly gatewayName?: string;
}

interface Restored {
  readonly page: PageId;
  readonly answers: WizardAnswers;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function keyOf(target: WizardTarget): string {
  return `${target.mode}|${target.fileUri.toString()}|${target.gatewayName ?? ''}`;
}

/** The CN from a subject such as `CN=GraniteFalls.contoso.com, O=Contoso`. */
export function commonName(subject: string): string | undefined {
  const m = /(?:^|[,/+]\s*)CN\s*=\s*("(?:[^"\\]|\\.)*"|(?:[^,/+\\]|\\.)+)/i.exec(subject);
  return m?.[1]?.trim().replace(/^"|"$/g, '');
}

/** State saved by the webview, checked like any message before it is trusted. */
export function parseViewState(raw: unknown): (WizardTarget & Restored) | undefined {
  const st = validateViewState(raw);
  if (!st) return undefined;
  let fileUri: vscode.Uri;
  try {
    fileUri = vscode.Uri.parse(st.fileUri, true);
  } catch {
    return undefined;
  }
  return { mode: st.mode, fileUri, gatewayName: st.gatewayName, page: st.page, answers: st.answers };
}

export class WizardPanel implements vscode.Disposable {
  private static readonly open = new Map<string, WizardPanel>();

  /** Opens (or reveals) the wizard for a target. */
  static async show(deps: WizardDeps, target: WizardTarget): Promise<WizardPanel | undefined> {
    const existing = WizardPanel.open.get(keyOf(target));
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(WIZARD_VIEW_TYPE, vscode.l10n.t('Create Cloud Management Gateway'), vscode.ViewColumn.Active, WizardPanel.options(deps));
    return WizardPanel.start(deps, panel, target, undefined);
  }

  /** The serializer's entry: a panel restored after a reload, with the webview's saved state. */
  static async revive(deps: WizardDeps, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = parseViewState(state);
    if (!parsed) {
      deps.log.warn('Wizard: the saved state of a restored panel was not valid; closing it.');
      panel.dispose();
      return;
    }
    panel.webview.options = WizardPanel.options(deps);
    await WizardPanel.start(deps, panel, parsed, { page: parsed.page, answers: parsed.answers });
  }

  static options(deps: WizardDeps): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(deps.extensionUri, 'media')],
    };
  }

  private static async start(deps: WizardDeps, panel: vscode.WebviewPanel, target: WizardTarget, restored: Restored | undefined): Promise<WizardPanel | undefined> {
    const w = new WizardPanel(deps, panel, target, restored);
    try {
      await w.load();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot open the wizard on {0}: {1}', path.basename(target.fileUri.fsPath), reason));
      deps.log.error(`Wizard: cannot open ${target.fileUri.fsPath}`, error);
      panel.dispose();
      return undefined;
    }
    w.render();
    return w;
  }

  private readonly disposables: vscode.Disposable[] = [];
  private baseline = '';
  private baselineHash = '';
  private gates: VersionGates = versionGates('');
  private siteCode = '';
  private gatewayIndex: number | undefined;
  private original: WizardAnswers | undefined;
  private lastAnswers: WizardAnswers | undefined;
  private changedNotified = false;
  private writing = false;
  /** PFX passwords typed in this wizard, by absolute path: memory only, dropped on dispose. */
  private readonly typedPasswords = new Map<string, string>();
  private certCache: { key: string; findings: FieldFinding[] } | undefined;
  /** What the Azure lists were last loaded for (environment, and the subscription once signed in). */
  private azureKey: string | undefined;
  private azureSignedIn = false;
  private azureSeq = 0;
  private lister: AzureLister | undefined;

  private constructor(
    private readonly deps: WizardDeps,
    private readonly panel: vscode.WebviewPanel,
    private readonly target: WizardTarget,
    private readonly restored: Restored | undefined,
  ) {
    WizardPanel.open.set(keyOf(target), this);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === target.fileUri.toString()) this.checkChanged(e.document.getText());
      }),
      vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id === 'microsoft' || e.provider.id === 'microsoft-sovereign-cloud') void this.refreshAzure(false, true);
      }),
    );
  }

  dispose(): void {
    WizardPanel.open.delete(keyOf(this.target));
    this.typedPasswords.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private get fileLabel(): string {
    return vscode.workspace.asRelativePath(this.target.fileUri, false);
  }

  private async load(): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.target.fileUri);
    this.setBaseline(doc.getText());
    if (this.target.mode === 'modify') {
      const name = this.target.gatewayName ?? '';
      if (this.gatewayIndex === undefined) throw new Error(vscode.l10n.t('There is no gateway named {0} in the file.', name));
      this.panel.title = vscode.l10n.t('{0} Properties', name);
    } else {
      this.panel.title = vscode.l10n.t('Create Cloud Management Gateway');
    }
  }

  /** Reads site, gates and (modify) the gateway from a text that becomes the baseline. */
  private setBaseline(text: string): void {
    const root = parseTree(text);
    if (!root || root.type !== 'object') throw new Error(vscode.l10n.t('The file is not a JSON object.'));
    this.baseline = text;
    this.baselineHash = hashOf(text);
    this.changedNotified = false;
    const data = parseJsonc(text, [], { allowTrailingComma: true }) as Record<string, unknown>;
    const site = data.site && typeof data.site === 'object' ? (data.site as Record<string, unknown>) : {};
    this.gates = versionGates(typeof site.version === 'string' ? site.version : '');
    this.siteCode = typeof site.code === 'string' ? site.code : '';
    if (this.target.mode === 'modify') {
      this.gatewayIndex = gatewayIndexByName(text, this.target.gatewayName ?? '');
      if (this.gatewayIndex !== undefined) {
        const node = findNodeAtLocation(root, ['gateways', this.gatewayIndex]);
        const gw = node ? (parseJsonc(text.slice(node.offset, node.offset + node.length), [], { allowTrailingComma: true }) as unknown) : {};
        this.original = answersFromGateway(gw, this.gates);
      }
    }
  }

  private render(): void {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview');
    webview.html = buildHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'wizard.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'wizard.css')).toString(),
      language: vscode.env.language,
      title: this.panel.title,
    });
  }

  private post(message: HostToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private checkChanged(text: string): void {
    if (this.writing || this.changedNotified || hashOf(text) === this.baselineHash) return;
    this.changedNotified = true;
    this.post({ type: 'fileChanged' });
  }

  private async receive(raw: unknown): Promise<void> {
    const msg = validateWebviewMessage(raw);
    if (!msg) {
      const type = raw && typeof raw === 'object' && typeof (raw as { type?: unknown }).type === 'string' ? String((raw as { type: string }).type).slice(0, 40) : typeof raw;
      this.deps.log.warn(`Wizard: dropped an invalid message from the webview (type: ${type}).`);
      return;
    }
    try {
      await this.handle(msg);
    } catch (error) {
      this.deps.log.error(`Wizard: handling "${msg.type}" failed`, error);
      const message = error instanceof Error ? error.message : String(error);
      this.post({ type: 'error', id: 'id' in msg ? msg.id : undefined, message });
    }
  }

  private async handle(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.sendInit();
        void this.refreshAzure(false, true);
        return;
      case 'signIn':
        return this.refreshAzure(true, true);
      case 'page':
        this.deps.log.trace(`Wizard: page ${msg.page}`);
        return;
      case 'validate': {
        this.lastAnswers = msg.answers;
        void this.refreshAzure(false, false);
        const { findings, preview, changes } = await this.validate(msg.answers);
        const suffix = vscode.workspace.getConfiguration('cmg').get<string>('azure.usGovVmssSuffix', 'cloudapp.usgovcloudapi.net');
        this.post({ type: 'validation', id: msg.id, findings, preview, changes, deploymentName: deploymentName(msg.answers, suffix) });
        return;
      }
      case 'readCertificate':
        return this.readCertificate(msg.id, msg.path, msg.password, msg.remember);
      case 'pickFile':
        return this.pickFile(msg.id, msg.purpose);
      case 'finish':
        return this.finish(msg.id, msg.answers);
      case 'reload':
        return this.reload();
      case 'showPlan': {
        const ref: CmgNodeRef = { kind: 'gateway', fileUri: this.target.fileUri, pointer: `/gateways/${this.gatewayIndex ?? 0}`, gatewayName: this.target.gatewayName };
        await vscode.commands.executeCommand('cmg.showPlan', ref);
        return;
      }
      case 'cancel':
        this.dispose();
        return;
    }
  }

  private sendInit(): void {
    const initial = this.restored?.answers ?? this.original ?? defaultAnswers(this.gates);
    this.lastAnswers = initial;
    const cfg = vscode.workspace.getConfiguration('cmg');
    this.post({
      type: 'init',
      mode: this.target.mode,
      fileName: this.fileLabel,
      gatewayName: this.target.gatewayName,
      strings: wizardStrings(),
      answers: initial,
      original: this.original,
      gates: this.gates,
      access: fieldAccess(this.target.mode),
      page: this.restored?.page ?? 'general',
      usGovVmssSuffix: cfg.get<string>('azure.usGovVmssSuffix', 'cloudapp.usgovcloudapi.net'),
      fileUri: this.target.fileUri.toString(),
    });
  }

  private azureKeyFor(answers: WizardAnswers): string {
    return this.azureSignedIn ? `${answers.environment}|${answers.subscriptionId.trim().toLowerCase()}` : answers.environment;
  }

  /**
   * Tells the webview what Azure offers for the current environment and subscription: checks
   * silently for an existing session (never prompts unless `interactive`, the admin's click on
   * "Sign in to Azure"). Any Azure failure ends in text fields with a short reason.
   */
  private async refreshAzure(interactive: boolean, force: boolean): Promise<void> {
    const answers = this.lastAnswers;
    if (!answers) return;
    const key = this.azureKeyFor(answers);
    if (!force && !interactive && key === this.azureKey) return;
    this.azureKey = key;
    const seq = ++this.azureSeq;
    if (interactive) this.post({ type: 'azure', environment: answers.environment, state: 'signingIn' });
    this.lister ??= this.deps.azureLister ?? createAzureLister();
    let message: AzureMessage;
    try {
      message = await loadAzureOptions(this.lister, {
        environment: answers.environment,
        interactive,
        current: { subscriptionId: answers.subscriptionId, region: answers.region, resourceGroupName: answers.resourceGroupName },
      });
    } catch (error) {
      message = { type: 'azure', environment: answers.environment, state: 'error', message: shortError(error) };
    }
    if (seq !== this.azureSeq) return; // a newer request is on its way
    this.azureSignedIn = message.state === 'signedIn';
    this.azureKey = this.azureKeyFor(answers);
    if (message.state === 'error') this.deps.log.warn(`Wizard: Azure lists unavailable: ${message.message ?? ''}`);
    const checked = validateAzureMessage(message);
    this.post(checked ?? { type: 'azure', environment: answers.environment, state: 'signedOut' });
  }

  private editFor(answers: WizardAnswers, text = this.baseline): EditResult {
    return computeEdit(text, { mode: this.target.mode, answers, original: this.original, gatewayIndex: this.gatewayIndex, siteCode: this.siteCode });
  }

  private async validate(answers: WizardAnswers): Promise<{ findings: FieldFinding[]; preview: string; changes: number }> {
    const inputs = inputFindings(answers);
    const edit = this.editFor(answers);
    const { checkConfig } = await import('../core/config/check');
    let deployedText: string | undefined;
    try {
      deployedText = await fs.readFile(defaultSnapshotPath(this.target.fileUri.fsPath), 'utf8');
    } catch {
      deployedText = undefined;
    }
    const result = checkConfig({
      text: edit.text,
      filePath: this.target.fileUri.fsPath,
      deployedText,
      options: { usGovVmssSuffix: vscode.workspace.getConfiguration('cmg').get<string>('azure.usGovVmssSuffix'), fileExists: (p) => existsSync(p) },
    });
    const inputFields = new Set(inputs.map((f) => f.field));
    const mapped = mapFindings(result.findings, edit.gatewayPointer, edit.connectionPointPointer).filter((f) => !f.field || !inputFields.has(f.field));
    const cert = await this.certificateFindings(answers, deployedText);
    return { findings: [...inputs, ...mapped, ...cert], preview: this.preview(edit), changes: edit.changed.length };
  }

  /** The exact text Finish writes: the gateway (and connection point) as they will be in the file. */
  private preview(edit: EditResult): string {
    const root = parseTree(edit.text);
    if (!root) return '';
    const parts: string[] = [];
    for (const pointer of [edit.gatewayPointer, edit.connectionPointPointer]) {
      if (!pointer) continue;
      const node = findNodeAtLocation(root, pointer.slice(1).split('/').map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
      if (!node) continue;
      const lineStart = edit.text.lastIndexOf('\n', node.offset - 1) + 1;
      const indent = /^[ \t]*/.exec(edit.text.slice(lineStart, node.offset))?.[0] ?? '';
      const slice = edit.text.slice(node.offset, node.offset + node.length);
      parts.push(slice.split(/\r?\n/).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n'));
    }
    return parts.join(',\n');
  }

  private resolve(relative: string): string {
    return path.resolve(path.dirname(this.target.fileUri.fsPath), relative);
  }

  private async passwordFor(abs: string): Promise<string | undefined> {
    return this.typedPasswords.get(abs) ?? (await this.deps.passwords.get(vscode.Uri.file(abs)));
  }

  private async runCertificateCheck(abs: string, password: string | undefined, answers: WizardAnswers | undefined, currentFqdn: string | undefined): Promise<CertReport> {
    const { checkCertificate } = await import('../core/certs/check');
    const cfg = vscode.workspace.getConfiguration('cmg');
    const bytes = await fs.readFile(abs);
    return Promise.resolve(
      checkCertificate({
        file: abs,
        bytes: new Uint8Array(bytes),
        role: 'server',
        password,
        fqdn: answers?.serviceFqdn.trim() || undefined,
        currentFqdn,
        environment: answers ? (answers.environment === 'AzureUSGovernmentCloud' ? 'usgov' : 'public') : undefined,
        deployment: answers?.deploymentMethod,
        region: answers?.region.trim() || undefined,
        trusted: answers?.trustedCertificates.length ? answers.trustedCertificates.map((t) => this.resolve(t)) : undefined,
        expiryWarningDays: cfg.get<number>('certificates.expiryWarningDays', 30),
        usGovVmssSuffix: cfg.get<string>('azure.usGovVmssSuffix', 'cloudapp.usgovcloudapi.net'),
      }),
    );
  }

  /** CERT-* findings for the server certificate field (cached while the inputs stay the same). */
  private async certificateFindings(answers: WizardAnswers, deployedText: string | undefined): Promise<FieldFinding[]> {
    const rel = answers.serverCertificate.trim();
    if (!rel) return [];
    const abs = this.resolve(rel);
    if (!existsSync(abs)) return []; // CFG-CERT-MISSING says so
    let currentFqdn: string | undefined;
    if (this.target.mode === 'modify') {
      currentFqdn = this.original?.serviceFqdn;
      if (deployedText) {
        const deployed = parseJsonc(deployedText, [], { allowTrailingComma: true }) as { gateways?: { name?: unknown; serviceFqdn?: unknown }[] } | undefined;
        const g = Array.isArray(deployed?.gateways) ? deployed.gateways.find((x) => x && x.name === this.target.gatewayName) : undefined;
        if (g && typeof g.serviceFqdn === 'string') currentFqdn = g.serviceFqdn;
      }
    }
    const password = await this.passwordFor(abs);
    let stat = '';
    try {
      const s = await fs.stat(abs);
      stat = `${s.size}:${s.mtimeMs}`;
    } catch {
      return [];
    }
    const key = JSON.stringify([abs, stat, password !== undefined ? hashOf(password) : '', answers.serviceFqdn, answers.environment, answers.deploymentMethod, answers.region, answers.trustedCertificates, currentFqdn]);
    if (this.certCache?.key === key) return this.certCache.findings;
    const report = await this.runCertificateCheck(abs, password, answers, currentFqdn);
    const findings: FieldFinding[] = report.findings.map((f: Finding) => ({
      field: 'serverCertificate',
      rule: f.rule,
      // Without a password the certificate cannot be read yet: say so without blocking the page.
      severity: f.rule === 'CERT-PASSWORD' && password === undefined ? 'warning' : f.severity,
      message: f.message,
    }));
    this.certCache = { key, findings };
    return findings;
  }

  private async readCertificate(id: number, relative: string, typed: string | undefined, remember: boolean): Promise<void> {
    const abs = this.resolve(relative.trim());
    if (!existsSync(abs)) {
      this.post({ type: 'certificate', id, outcome: 'error', message: vscode.l10n.t('The file {0} does not exist.', relative) });
      return;
    }
    const password = typed ?? (await this.passwordFor(abs));
    const report = await this.runCertificateCheck(abs, password, undefined, undefined);
    if (report.findings.some((f) => f.rule === 'CERT-PASSWORD')) {
      this.post({ type: 'certificate', id, outcome: typed === undefined ? 'needsPassword' : 'wrongPassword', message: report.findings.find((f) => f.rule === 'CERT-PASSWORD')?.message });
      return;
    }
    const cert = report.certificate;
    if (!cert) {
      const problem = report.findings.find((f) => f.severity === 'error');
      this.post({ type: 'certificate', id, outcome: 'error', message: problem?.message ?? vscode.l10n.t('Cannot read the certificate {0}.', relative) });
      return;
    }
    if (typed !== undefined) {
      this.typedPasswords.set(abs, typed);
      if (remember) await this.remember(abs, typed);
    }
    this.certCache = undefined;
    const cn = commonName(cert.subject) ?? cert.dnsNames[0] ?? '';
    this.post({
      type: 'certificate',
      id,
      outcome: 'ok',
      info: { subject: cert.subject, cn, notAfter: cert.notAfter, dnsNames: [...cert.dnsNames], wildcard: cn.startsWith('*.') },
    });
  }

  /** The admin ticked "Remember": that tick is the consent; the store keeps it in SecretStorage. */
  private async remember(abs: string, password: string): Promise<void> {
    const uri = vscode.Uri.file(abs);
    const restore = this.deps.passwords.setPrompts({ askPassword: vscodePasswordPrompts.askPassword, askRemember: async () => true });
    try {
      await this.deps.passwords.offerToRemember(uri, password, path.basename(abs));
    } finally {
      restore();
    }
  }

  private async pickFile(id: number, purpose: 'server' | 'trusted'): Promise<void> {
    const dir = vscode.Uri.file(path.dirname(this.target.fileUri.fsPath));
    const picked = await vscode.window.showOpenDialog({
      defaultUri: dir,
      canSelectMany: purpose === 'trusted',
      openLabel: vscode.l10n.t('Select'),
      filters:
        purpose === 'server'
          ? { [vscode.l10n.t('PFX certificate')]: ['pfx', 'p12'] }
          : { [vscode.l10n.t('Certificates')]: ['cer', 'crt', 'der', 'pem'] },
    });
    const paths = (picked ?? []).map((u) => path.relative(path.dirname(this.target.fileUri.fsPath), u.fsPath).split(path.sep).join('/'));
    this.post({ type: 'picked', id, paths });
  }

  private async finish(id: number, answers: WizardAnswers): Promise<void> {
    this.lastAnswers = answers;
    const doc = await vscode.workspace.openTextDocument(this.target.fileUri);
    if (hashOf(doc.getText()) !== this.baselineHash) {
      this.changedNotified = true;
      this.post({ type: 'finished', id, outcome: 'conflict' });
      return;
    }
    const { findings } = await this.validate(answers);
    if (!canFinish(findings)) {
      this.post({ type: 'finished', id, outcome: 'blocked', message: vscode.l10n.t('Fix the errors before you finish.') });
      return;
    }
    const result = this.editFor(answers);
    if (result.edit) {
      const e = result.edit;
      const we = new vscode.WorkspaceEdit();
      we.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
      const wasDirty = doc.isDirty;
      this.writing = true;
      let ok: boolean;
      try {
        ok = await vscode.workspace.applyEdit(we);
        if (ok && !wasDirty) ok = await doc.save();
      } finally {
        this.writing = false;
      }
      if (!ok) {
        this.post({ type: 'finished', id, outcome: 'error', message: vscode.l10n.t('VS Code did not apply the change to {0}.', this.fileLabel) });
        return;
      }
      this.deps.log.info(`Wizard: ${this.target.mode === 'create' ? 'added gateway' : 'updated gateway'} "${answers.name}" in ${this.fileLabel} (${result.changed.length} properties).`);
    }
    this.post({ type: 'finished', id, outcome: 'saved' });
    const editor = await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
    const gwNode = parseTree(doc.getText());
    const node = gwNode ? findNodeAtLocation(gwNode, result.gatewayPointer.slice(1).split('/').map((s) => (/^\d+$/.test(s) ? Number(s) : s))) : undefined;
    if (node) {
      const start = doc.positionAt(node.offset);
      editor.selection = new vscode.Selection(start, start);
      editor.revealRange(new vscode.Range(start, doc.positionAt(node.offset + node.length)), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    void vscode.window.showInformationMessage(
      this.target.mode === 'create'
        ? vscode.l10n.t('Gateway {0} added to {1}.', answers.name, this.fileLabel)
        : result.edit
          ? vscode.l10n.t('Gateway {0} updated in {1}.', answers.name, this.fileLabel)
          : vscode.l10n.t('Gateway {0}: nothing changed.', answers.name),
    );
    this.dispose();
  }

  private async reload(): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.target.fileUri);
    const oldOriginal = this.original;
    this.setBaseline(doc.getText());
    this.certCache = undefined;
    if (this.target.mode === 'modify' && this.gatewayIndex === undefined) {
      void vscode.window.showWarningMessage(vscode.l10n.t('There is no gateway named {0} in the file.', this.target.gatewayName ?? ''));
      this.dispose();
      return;
    }
    const answers = this.lastAnswers ?? this.original ?? defaultAnswers(this.gates);
    const merged = oldOriginal && this.original ? mergeOnReload(answers, oldOriginal, this.original) : answers;
    this.lastAnswers = merged;
    this.post({ type: 'reloaded', answers: merged, original: this.original });
  }
}
