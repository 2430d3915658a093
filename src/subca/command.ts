/**
 * VS Code command `cmg.generateSubCaScript` (issue #4): generates `UpdateSubCAThumbprints.vbs`
 * (as documented) or its PowerShell equivalent from the real certificate chain and opens it in an
 * untitled editor whose "Save as…" proposes that file name.
 *
 * Arguments accepted:
 * - a `CmgNodeRef` of kind gateway or certificate (tree context menu): the gateway's
 *   `serviceFqdn` and `serverCertificate` (or the node's certificate file);
 * - a `vscode.Uri` of a certificate file (Explorer context menu): asks for the service FQDN;
 * - `{ certificateUri, fqdn? }` (link from the certificate report);
 * - nothing (palette): choose a gateway of the workspace's `*.cmg.json` files or a certificate file.
 * Every question (including the PFX password) goes through `SubCaUi`, replaced in tests through
 * `globalThis[Symbol.for('cmg-tools.subca.test')]` (not in production mode).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readDocumentText } from '../documentText';
import type { CertReport } from '../core/certs/types';
import { parseConfigText } from '../core/config/check';
import { toLanguage } from '../core/l10n';
import { showValue, validateServiceName } from '../core/scripts/sanitize';
import { type GeneratedScript, type ScriptLanguage, buildSubCaScript } from '../core/scripts/subca';
import { type CmgNodeRef, isCmgNodeRef } from '../nodeRef';
import { type PasswordStore, type WithPasswordResult, createPasswordStore } from '../secrets/passwords';
import type { Services } from '../services';

export const SUBCA_COMMAND = 'cmg.generateSubCaScript';
export const SUBCA_TEST_API = Symbol.for('cmg-tools.subca.test');

const CERT_EXTENSIONS = ['pfx', 'p12', 'cer', 'crt', 'der', 'pem', 'p7b'];

/** One attempt to open the certificate with a password. */
export type ChainAttempt = (password: string | undefined) => Promise<{ readonly result: CertReport; readonly passwordRejected: boolean }>;

export interface GatewayChoice {
  readonly configUri: vscode.Uri;
  readonly name: string;
  readonly serviceFqdn?: string;
  readonly serverCertificate?: string;
}

export type Start = { readonly kind: 'gateway'; readonly gateway: GatewayChoice } | { readonly kind: 'file' };

/** The questions the command asks; replaced in tests. */
export interface SubCaUi {
  /** Palette: a gateway of the workspace, or "a certificate file…". */
  pickStart(gateways: readonly GatewayChoice[]): Promise<Start | undefined>;
  pickCertificateFile(): Promise<vscode.Uri | undefined>;
  /** The service FQDN, validated as you type; `suggestion` comes from the certificate. */
  askFqdn(fileLabel: string, suggestion: string | undefined): Promise<string | undefined>;
  pickScriptLanguage(): Promise<ScriptLanguage | undefined>;
  /** Opens a PFX, asking for its password as needed (the password store by default). */
  withPassword(uri: vscode.Uri, fileLabel: string, attempt: ChainAttempt): Promise<WithPasswordResult<CertReport>>;
}

/** What a test reaches through `globalThis[SUBCA_TEST_API]`. */
export interface SubCaTestApi {
  setUi(ui: Partial<SubCaUi>): () => void;
  /** The last script opened by the command. */
  lastScript(): { readonly document: vscode.TextDocument; readonly script: GeneratedScript } | undefined;
}

function fileLabel(uri: vscode.Uri): string {
  const rel = vscode.workspace.asRelativePath(uri, false);
  return rel && rel !== uri.fsPath ? rel : path.basename(uri.fsPath);
}

function isPfx(uri: vscode.Uri): boolean {
  return /\.(pfx|p12)$/i.test(uri.path);
}

function defaultUi(passwords: PasswordStore): SubCaUi {
  return {
    async pickStart(gateways) {
      type Item = vscode.QuickPickItem & { start?: Start };
      const items: Item[] = gateways.map((g) => ({
        label: `$(cloud) ${g.name}`,
        description: g.serviceFqdn,
        detail: vscode.workspace.asRelativePath(g.configUri, false),
        start: { kind: 'gateway', gateway: g },
      }));
      const file: Item = { label: `$(file) ${vscode.l10n.t('A certificate file…')}`, start: { kind: 'file' }, alwaysShow: true };
      const picked = await vscode.window.showQuickPick([...items, ...(items.length ? [{ label: '', kind: vscode.QuickPickItemKind.Separator }] : []), file], {
        title: vscode.l10n.t('Generate sub-CA thumbprint script'),
        placeHolder: vscode.l10n.t('Choose the gateway whose server certificate chain to use, or a certificate file'),
        matchOnDescription: true,
      });
      return picked?.start;
    },
    async pickCertificateFile() {
      const chosen = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: vscode.l10n.t('Use this certificate'),
        filters: { [vscode.l10n.t('Certificates')]: CERT_EXTENSIONS },
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      });
      return chosen?.[0];
    },
    async askFqdn(label, suggestion) {
      const value = await vscode.window.showInputBox({
        title: vscode.l10n.t('Generate sub-CA thumbprint script: {0}', label),
        prompt: vscode.l10n.t('Service name (FQDN) of the cloud management gateway, as in the ServiceCName of the site database'),
        placeHolder: 'GraniteFalls.contoso.com',
        value: suggestion,
        ignoreFocusOut: true,
        validateInput: (v) => {
          const checked = validateServiceName(v);
          return checked.ok ? undefined : checked.message;
        },
      });
      return value;
    },
    async pickScriptLanguage() {
      type Item = vscode.QuickPickItem & { language: ScriptLanguage };
      const picked = await vscode.window.showQuickPick<Item>(
        [
          { label: 'VBScript', description: vscode.l10n.t('UpdateSubCAThumbprints.vbs, as documented'), detail: vscode.l10n.t('Run with CScript on the site server.'), language: 'vbscript' },
          { label: 'PowerShell', description: 'UpdateSubCAThumbprints.ps1', detail: vscode.l10n.t('Windows PowerShell 5.1: supports -WhatIf, reads the value back and prints the old and new values.'), language: 'powershell' },
        ],
        { title: vscode.l10n.t('Generate sub-CA thumbprint script'), placeHolder: vscode.l10n.t('Script language') },
      );
      return picked?.language;
    },
    withPassword: (uri, label, attempt) => passwords.withPassword(uri, label, attempt),
  };
}

/** `{ certificateUri, fqdn? }` from the certificate report (a Uri, a URI string or Uri JSON). */
function linkArgs(arg: unknown): { certificateUri: vscode.Uri; fqdn?: string } | undefined {
  if (!arg || typeof arg !== 'object' || arg instanceof vscode.Uri || !('certificateUri' in arg)) return undefined;
  const raw = (arg as { certificateUri: unknown }).certificateUri;
  const fqdn = (arg as { fqdn?: unknown }).fqdn;
  let uri: vscode.Uri | undefined;
  if (raw instanceof vscode.Uri) uri = raw;
  else if (typeof raw === 'string') uri = vscode.Uri.parse(raw, true);
  else if (raw && typeof raw === 'object' && typeof (raw as { scheme?: unknown }).scheme === 'string' && typeof (raw as { path?: unknown }).path === 'string') {
    uri = vscode.Uri.from(raw as { scheme: string; path: string });
  }
  if (!uri) return undefined;
  return { certificateUri: uri, fqdn: typeof fqdn === 'string' ? fqdn : undefined };
}

/** The gateways of one configuration file (unsaved edits included). */
async function gatewaysOf(configUri: vscode.Uri): Promise<GatewayChoice[] | undefined> {
  const text = await readDocumentText(configUri);
  if (text === undefined) return undefined;
  const { config } = parseConfigText(text);
  if (!config || !Array.isArray(config.gateways)) return undefined;
  return config.gateways.map((g, i) => ({
    configUri,
    name: typeof g?.name === 'string' ? g.name : `#${i + 1}`,
    serviceFqdn: typeof g?.serviceFqdn === 'string' ? g.serviceFqdn : undefined,
    serverCertificate: typeof g?.serverCertificate === 'string' ? g.serverCertificate : undefined,
  }));
}

function resolveFromConfig(configUri: vscode.Uri, relative: string): vscode.Uri {
  return path.isAbsolute(relative) ? vscode.Uri.file(relative) : vscode.Uri.joinPath(configUri, '..', ...relative.split(/[\\/]+/).filter(Boolean));
}

class Stop extends Error {}

function stop(message: string): never {
  void vscode.window.showErrorMessage(message);
  throw new Stop(message);
}

/**
 * Opens the script in an untitled editor "located" at `<workspace folder>/<file name>`, so that
 * Save as… proposes that folder and file name. VS Code refuses an untitled document for a path
 * that exists (nothing the user wrote is ever overwritten): then `-2`, `-3`… are tried, and at
 * last a nameless untitled document.
 */
async function openUntitled(script: GeneratedScript, near: vscode.Uri | undefined, languageId: string): Promise<vscode.TextDocument> {
  const folder = (near && vscode.workspace.getWorkspaceFolder(near)) ?? vscode.workspace.workspaceFolders?.[0];
  if (folder?.uri.scheme === 'file') {
    const ext = path.extname(script.fileName);
    const base = script.fileName.slice(0, -ext.length);
    for (let n = 1; n <= 9; n++) {
      const name = n === 1 ? script.fileName : `${base}-${n}${ext}`;
      const uri = vscode.Uri.file(path.join(folder.uri.fsPath, name)).with({ scheme: 'untitled' });
      let document: vscode.TextDocument;
      try {
        document = await vscode.workspace.openTextDocument(uri);
      } catch {
        continue; // a file with that name exists
      }
      const edit = new vscode.WorkspaceEdit();
      // Windows scripts: CRLF whatever the platform's default line ending.
      edit.set(uri, [vscode.TextEdit.replace(new vscode.Range(0, 0, document.lineCount, 0), script.text), vscode.TextEdit.setEndOfLine(vscode.EndOfLine.CRLF)]);
      if (await vscode.workspace.applyEdit(edit)) return vscode.languages.setTextDocumentLanguage(document, languageId);
    }
  }
  return vscode.workspace.openTextDocument({ language: languageId, content: script.text });
}

async function languageIdFor(scriptLanguage: ScriptLanguage): Promise<string> {
  if (scriptLanguage === 'powershell') return 'powershell';
  // VS Code's built-in Visual Basic language ('vb') covers .vbs; use 'vbscript' when an
  // extension contributes it.
  const known = await vscode.languages.getLanguages();
  return known.includes('vbscript') ? 'vbscript' : 'vb';
}

export function registerSubCaCommands(context: vscode.ExtensionContext, services?: Partial<Pick<Services, 'log' | 'passwords'>>): void {
  const passwords = services?.passwords ?? createPasswordStore(context);
  const log = services?.log;
  let ui: SubCaUi = defaultUi(passwords);
  let last: { document: vscode.TextDocument; script: GeneratedScript } | undefined;

  async function chainOf(certUri: vscode.Uri): Promise<CertReport> {
    const label = fileLabel(certUri);
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(certUri);
    } catch (error) {
      const reason = error instanceof vscode.FileSystemError ? error.code : error instanceof Error ? error.message : String(error);
      return stop(vscode.l10n.t('Cannot read {0}: {1}', label, reason));
    }
    const { checkCertificate } = await import('../core/certs/check');
    const attempt: ChainAttempt = async (password) => {
      const result = await checkCertificate({ file: label, bytes, password, role: 'server' });
      return { result, passwordRejected: result.findings.some((f) => f.rule === 'CERT-PASSWORD') };
    };
    let report: CertReport;
    if (isPfx(certUri)) {
      const outcome = await ui.withPassword(certUri, label, attempt);
      if (outcome.status === 'cancelled' || !outcome.result) throw new Stop('cancelled');
      report = outcome.result;
    } else {
      report = (await attempt(undefined)).result;
    }
    if (!report.certificate) {
      const reasons = report.findings.filter((f) => f.severity === 'error').map((f) => f.message);
      return stop(reasons[0] ?? vscode.l10n.t('{0} could not be read as a certificate.', label));
    }
    return report;
  }

  async function fromGateway(gateway: GatewayChoice, certificateUri?: vscode.Uri): Promise<{ certUri: vscode.Uri; fqdn: string }> {
    const certUri = certificateUri ?? (gateway.serverCertificate ? resolveFromConfig(gateway.configUri, gateway.serverCertificate) : undefined);
    if (!certUri) return stop(vscode.l10n.t('Gateway {0} has no server certificate file yet.', gateway.name));
    if (!gateway.serviceFqdn) return stop(vscode.l10n.t('Gateway {0} has no service FQDN (serviceFqdn) yet.', gateway.name));
    return { certUri, fqdn: gateway.serviceFqdn };
  }

  async function fromNode(ref: CmgNodeRef): Promise<{ certUri: vscode.Uri; fqdn: string }> {
    if (ref.kind !== 'gateway' && ref.kind !== 'certificate') {
      return stop(vscode.l10n.t('The sub-CA thumbprint script is generated from a gateway or its server certificate.'));
    }
    const gateways = await gatewaysOf(ref.fileUri);
    if (!gateways) return stop(vscode.l10n.t('{0} could not be read as a CMG configuration.', fileLabel(ref.fileUri)));
    const m = /^\/gateways\/(\d+)/.exec(ref.pointer);
    const byPointer = m ? gateways[Number(m[1])] : undefined;
    const gateway = byPointer && (ref.gatewayName === undefined || byPointer.name === ref.gatewayName) ? byPointer : gateways.find((g) => g.name === ref.gatewayName);
    if (!gateway) return stop(vscode.l10n.t('Gateway {0} was not found in {1}.', ref.gatewayName ?? ref.pointer, fileLabel(ref.fileUri)));
    return fromGateway(gateway, ref.certificateUri);
  }

  async function run(arg: unknown): Promise<vscode.TextDocument | undefined> {
    let certUri: vscode.Uri;
    let fqdn: string | undefined;
    const link = linkArgs(arg);
    if (isCmgNodeRef(arg)) {
      ({ certUri, fqdn } = await fromNode(arg));
    } else if (arg instanceof vscode.Uri) {
      certUri = arg;
    } else if (link) {
      certUri = link.certificateUri;
      fqdn = link.fqdn;
    } else {
      const configs = await vscode.workspace.findFiles('**/*.cmg.json', '**/{node_modules,.git}/**', 200);
      const gateways = (await Promise.all(configs.map(gatewaysOf))).flatMap((g) => g ?? []);
      const start = await ui.pickStart(gateways);
      if (!start) return undefined;
      if (start.kind === 'gateway') ({ certUri, fqdn } = await fromGateway(start.gateway));
      else {
        const picked = await ui.pickCertificateFile();
        if (!picked) return undefined;
        certUri = picked;
      }
    }

    const report = await chainOf(certUri);
    const label = fileLabel(certUri);
    if (fqdn === undefined || !validateServiceName(fqdn).ok) {
      const suggestion = fqdn ?? report.certificate?.dnsNames.find((n) => validateServiceName(n).ok);
      fqdn = await ui.askFqdn(label, suggestion);
      if (fqdn === undefined) return undefined;
    }
    // Check the chain before asking anything else: no sub-CA means no script.
    const language = toLanguage(vscode.env.language);
    const chain = { file: label, entries: report.chain };
    const probe = buildSubCaScript({ serviceName: fqdn, chain, scriptLanguage: 'vbscript', language });
    if (!probe.ok) return stop(probe.errors.join(' '));
    const scriptLanguage = await ui.pickScriptLanguage();
    if (!scriptLanguage) return undefined;
    const result = buildSubCaScript({ serviceName: fqdn, chain, scriptLanguage, language });
    if (!result.ok) return stop(result.errors.join(' '));

    const typed = await openUntitled(result.script, certUri, await languageIdFor(scriptLanguage));
    await vscode.window.showTextDocument(typed, { preview: false });
    last = { document: typed, script: result.script };
    log?.info(`Sub-CA thumbprint script (${scriptLanguage}) generated for ${showValue(fqdn)} from ${label}.`);
    return typed;
  }

  context.subscriptions.push(
    vscode.commands.registerCommand(SUBCA_COMMAND, async (arg?: unknown) => {
      try {
        return await run(arg);
      } catch (error) {
        if (error instanceof Stop) return undefined;
        log?.error('Generating the sub-CA thumbprint script failed', error);
        void vscode.window.showErrorMessage(vscode.l10n.t('The sub-CA thumbprint script could not be generated: {0}', error instanceof Error ? error.message : String(error)));
        return undefined;
      }
    }),
  );

  if (context.extensionMode !== vscode.ExtensionMode.Production) {
    const api: SubCaTestApi = {
      setUi(partial) {
        const previous = ui;
        ui = { ...ui, ...partial };
        return () => {
          ui = previous;
        };
      },
      lastScript: () => last,
    };
    (globalThis as Record<symbol, unknown>)[SUBCA_TEST_API] = api;
    context.subscriptions.push({ dispose: () => delete (globalThis as Record<symbol, unknown>)[SUBCA_TEST_API] });
  }
}
