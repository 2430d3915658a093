/**
 * Certificate findings on the certificate references of `*.cmg.json` files: a contributor to the
 * extension's diagnostics that runs the core's `checkGatewayCertificates` with each gateway's
 * settings. Background work never prompts: a PFX is opened only with a password the user chose
 * to remember (or typed through the "Enter password for …" code action in this window). The
 * results are cached per configuration text + snapshot text + each referenced file's mtime/size.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Finding, RuleInfo } from '../core/findings';
import type { ConfigFile } from '../configStore';
import type { PasswordStore } from '../secrets/passwords';
import { CMG_SELECTOR, findingsFor as diagnosticFindings } from '../diagnostics/register';
import type { ConfigDiagnostics } from '../diagnostics/diagnostics';
import { parseConfig, resolveFromConfig } from './gateways';
import { isPfx } from './pfx';

export type CertDiagnosticsHost = ConfigDiagnostics;

interface Deps {
  readonly passwords: PasswordStore;
  readonly host?: CertDiagnosticsHost;
  readonly log?: { warn(message: string): void; error(message: string, error?: unknown): void };
  readonly settings: () => { at: Date; expiryWarningDays: number; usGovVmssSuffix: string };
}

export interface CertDiagnostics {
  /** Certificate findings (with JSON pointers) for one configuration file. */
  findingsFor(configUri: vscode.Uri): Promise<readonly Finding[]>;
}

/** The certificate files a configuration refers to, resolved against the file's folder. */
export function referencedCertificates(configUri: vscode.Uri, config: unknown): vscode.Uri[] {
  const out = new Map<string, vscode.Uri>();
  const gateways = (config as { gateways?: unknown })?.gateways;
  if (!Array.isArray(gateways)) return [];
  for (const g of gateways) {
    if (!g || typeof g !== 'object') continue;
    const server = (g as { serverCertificate?: unknown }).serverCertificate;
    const trusted = (g as { trustedCertificates?: unknown }).trustedCertificates;
    const refs = [server, ...(Array.isArray(trusted) ? trusted : [])].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
    for (const r of refs) {
      const u = resolveFromConfig(configUri, r);
      out.set(u.toString(), u);
    }
  }
  return [...out.values()];
}

/** The value at a JSON pointer (RFC 6901) in a parsed value. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let cur: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export function registerCertificateDiagnostics(context: vscode.ExtensionContext, deps: Deps): CertDiagnostics {
  const cache = new Map<string, { key: string; findings: readonly Finding[] }>();
  let passwordGeneration = 0;
  context.subscriptions.push(
    deps.passwords.onDidChange(() => {
      passwordGeneration++;
      deps.host?.refresh();
    }),
  );

  async function fileStamp(uri: vscode.Uri): Promise<string> {
    try {
      const s = await fs.stat(uri.fsPath);
      return `${uri.toString()}@${s.mtimeMs}:${s.size}`;
    } catch {
      return `${uri.toString()}@missing`;
    }
  }

  async function run(configUri: vscode.Uri, text: string, snapshotText: string | undefined): Promise<readonly Finding[]> {
    const config = parseConfig(text);
    if (!config) return [];
    const deployed = snapshotText === undefined ? undefined : parseConfig(snapshotText);
    const certs = referencedCertificates(configUri, config);
    if (certs.length === 0) return [];
    const settings = deps.settings();
    const hour = Math.floor(settings.at.getTime() / 3_600_000);
    const stamps = await Promise.all(certs.map(fileStamp));
    const key = createHash('sha256')
      .update(text)
      .update('\0')
      .update(snapshotText ?? '')
      .update('\0')
      .update(stamps.join('|'))
      .update(`\0${passwordGeneration}\0${hour}\0${settings.expiryWarningDays}\0${settings.usGovVmssSuffix}`)
      .digest('hex');
    const hit = cache.get(configUri.toString());
    if (hit && hit.key === key) return hit.findings;

    // Remembered (or code-action session) passwords only; never a prompt from here.
    const passwords = new Map<string, string>();
    for (const c of certs) {
      if (!isPfx(c)) continue;
      const pw = (await deps.passwords.get(c)) ?? deps.passwords.sessionPassword(c);
      if (pw !== undefined) passwords.set(path.normalize(c.fsPath), pw);
    }
    const { checkGatewayCertificates } = await import('../core/certs/configCheck');
    const findings = await checkGatewayCertificates({
      config,
      filePath: configUri.fsPath,
      deployed,
      passwordFor: (file: string) => passwords.get(path.normalize(path.isAbsolute(file) ? file : path.resolve(path.dirname(configUri.fsPath), file))),
      at: settings.at,
      expiryWarningDays: settings.expiryWarningDays,
      usGovVmssSuffix: settings.usGovVmssSuffix,
    });
    cache.set(configUri.toString(), { key, findings });
    return findings;
  }

  const contributor = async (file: ConfigFile, token: vscode.CancellationToken): Promise<readonly Finding[]> => {
    if (token.isCancellationRequested || file.uri.scheme !== 'file') return [];
    try {
      return await run(file.uri, file.text, file.snapshot?.text);
    } catch (error) {
      deps.log?.error(`Certificate checks of ${file.uri.toString(true)} failed`, error);
      return [];
    }
  };

  if (deps.host) {
    context.subscriptions.push(deps.host.addContributor(contributor));
    void import('../core/certs/configCheck')
      .then((m) => {
        const rules: unknown = (m as { CERT_RULES?: unknown }).CERT_RULES;
        if (Array.isArray(rules)) deps.host?.addRules(rules as RuleInfo[]);
      })
      .catch(() => undefined);
    // Certificates changing on disk (a renewed PFX dropped in place) re-run the checks.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{pfx,p12,cer,crt,der,pem,p7b}');
    const onCert = (): void => deps.host?.refresh();
    context.subscriptions.push(watcher, watcher.onDidChange(onCert), watcher.onDidCreate(onCert), watcher.onDidDelete(onCert));
    context.subscriptions.push(
      vscode.languages.registerCodeActionsProvider(CMG_SELECTOR, new EnterPasswordActions(deps.host), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    );
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('cmg.enterCertificatePassword', async (certificate?: unknown, configUri?: unknown) => {
      if (!(certificate instanceof vscode.Uri)) return false;
      const label = vscode.workspace.asRelativePath(certificate, false);
      let bytes: Uint8Array;
      try {
        bytes = await vscode.workspace.fs.readFile(certificate);
      } catch {
        void vscode.window.showErrorMessage(vscode.l10n.t('Cannot read {0}.', label));
        return false;
      }
      const { checkCertificate } = await import('../core/certs/check');
      // Only whether the password opens the file matters here; the gateway's rules run in the diagnostics.
      const outcome = await deps.passwords.withPassword(certificate, label, async (password) => {
        const report = await checkCertificate({ file: certificate.fsPath, bytes, password, role: 'server' });
        return { result: password, passwordRejected: report.findings.some((f) => f.rule === 'CERT-PASSWORD') };
      });
      if (outcome.status !== 'opened') return false;
      if (outcome.result !== undefined && !(await deps.passwords.has(certificate))) deps.passwords.setSessionPassword(certificate, outcome.result);
      passwordGeneration++;
      deps.host?.refresh(configUri instanceof vscode.Uri ? configUri : undefined);
      return true;
    }),
  );

  return {
    async findingsFor(configUri) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === configUri.toString());
      const text = doc ? doc.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(configUri));
      const snapshotPath = path.join(path.dirname(configUri.fsPath), '.cmg', `${path.basename(configUri.fsPath)}.deployed.json`);
      const snapshotText = await fs.readFile(snapshotPath, 'utf8').catch(() => undefined);
      return run(configUri, text, snapshotText);
    },
  };
}

/** "Enter password for <file>…" on a CERT-PASSWORD diagnostic of a certificate reference. */
class EnterPasswordActions implements vscode.CodeActionProvider {
  constructor(private readonly host: CertDiagnosticsHost) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const hits = diagnosticFindings(this.host, document, context.diagnostics).filter((h) => h.finding.rule === 'CERT-PASSWORD');
    if (hits.length === 0) return [];
    const config = parseConfig(document.getText());
    const actions: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    for (const { diagnostic, finding } of hits) {
      const fromData = finding.data?.['file'];
      const ref = typeof fromData === 'string' ? fromData : finding.path !== undefined ? valueAt(config, finding.path) : undefined;
      if (typeof ref !== 'string' || ref.trim() === '') continue;
      const uri = resolveFromConfig(document.uri, ref);
      if (seen.has(uri.toString())) continue;
      seen.add(uri.toString());
      const action = new vscode.CodeAction(vscode.l10n.t('Enter password for {0}…', path.basename(uri.fsPath)), vscode.CodeActionKind.QuickFix);
      action.command = { command: 'cmg.enterCertificatePassword', title: action.title, arguments: [uri, document.uri] };
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}
