/**
 * VS Code certificate commands: "Validate as CMG server certificate", "Validate as trusted
 * root", "Forget stored certificate passwords", plus the report panel and the certificate
 * diagnostics on `*.cmg.json` references. Entry point: `registerCertificateCommands`.
 *
 * Arguments the validate commands accept:
 * - a `vscode.Uri` (Explorer context menu; a second argument with the multi-selection is ignored),
 * - a `CmgNodeRef` of kind gateway/certificate/trustedCertificate (tree context menu),
 * - nothing (command palette): a quick pick of the workspace's certificate files, or Browse….
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { CertReport, CertRole } from '../core/certs/types';
import { isCmgNodeRef, type CmgNodeRef } from '../nodeRef';
import { createPasswordStore, type PasswordStore } from '../secrets/passwords';
import { gatewaySettings, gatewaysUsing, loadConfig, loadWorkspaceConfigs, resolveFromConfig, toCheckOptions, type GatewayCheckSettings, type GatewayUse } from './gateways';
import { CertReportPanels, type ShownReport } from './reportPanel';
import type { ReportContext } from './report/model';
import { registerCertificateDiagnostics } from './diagnostics';
import { CERTIFICATE_EXTENSIONS, isPfx } from './pfx';
import type { Services } from '../services';

export { CERTIFICATE_EXTENSIONS, isPfx };

/** The services the certificate feature uses; every part is optional so the feature also runs alone. */
export type CertServices = Partial<Pick<Services, 'log' | 'passwords' | 'diagnostics'>>;

export type FqdnAnswer = { readonly cancelled: true } | { readonly cancelled: false; readonly fqdn?: string };

/** The questions the commands ask besides passwords; replaced in tests. */
export interface CertCommandUi {
  pickCertificateFile(): Promise<vscode.Uri | undefined>;
  pickGateway(uses: readonly GatewayUse[], fileLabel: string): Promise<GatewayUse | undefined>;
  askFqdn(fileLabel: string): Promise<FqdnAnswer>;
}

const DNS_NAME = /^(?=.{1,253}$)(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export function fileLabel(uri: vscode.Uri): string {
  const rel = vscode.workspace.asRelativePath(uri, false);
  return rel && rel !== uri.fsPath ? rel : path.basename(uri.fsPath);
}

export const vscodeCertUi: CertCommandUi = {
  async pickCertificateFile() {
    type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
    const files = await vscode.workspace.findFiles(`**/*.{${CERTIFICATE_EXTENSIONS.join(',')}}`, '**/{node_modules,.git}/**', 500);
    const items: Item[] = files
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((uri) => ({ label: path.basename(uri.fsPath), description: path.dirname(vscode.workspace.asRelativePath(uri, false)).replace(/^\.$/, ''), uri, iconPath: new vscode.ThemeIcon(isPfx(uri) ? 'key' : 'file') }));
    const browse: Item = { label: vscode.l10n.t('Browse…'), iconPath: new vscode.ThemeIcon('folder-opened'), alwaysShow: true };
    const picked = await vscode.window.showQuickPick([...items, { label: '', kind: vscode.QuickPickItemKind.Separator }, browse], {
      title: vscode.l10n.t('Choose a certificate file to validate'),
      placeHolder: vscode.l10n.t('Certificate files (.pfx, .p12, .cer, .crt, .der, .pem, .p7b) in this workspace'),
      matchOnDescription: true,
    });
    if (!picked) return undefined;
    if (picked.uri) return picked.uri;
    const chosen = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: vscode.l10n.t('Validate'),
      filters: { [vscode.l10n.t('Certificates')]: [...CERTIFICATE_EXTENSIONS] },
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    return chosen?.[0];
  },
  async pickGateway(uses, label) {
    const picked = await vscode.window.showQuickPick(
      uses.map((u) => ({
        label: u.gateway.name,
        description: u.gateway.serviceFqdn,
        detail: vscode.l10n.t('{0} · {1}', vscode.workspace.asRelativePath(u.configUri, false), u.as === 'server' ? vscode.l10n.t('server certificate') : vscode.l10n.t('trusted certificate')),
        use: u,
      })),
      { title: vscode.l10n.t('{0} is used by several gateways', label), placeHolder: vscode.l10n.t("Check it with which gateway's settings?") },
    );
    return picked?.use;
  },
  async askFqdn(label) {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Validate {0}', label),
      prompt: vscode.l10n.t('Service FQDN the certificate is for (optional: press Enter to skip)'),
      placeHolder: 'GraniteFalls.contoso.com',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' || DNS_NAME.test(v.trim()) ? undefined : vscode.l10n.t('Not a DNS name: {0}', v.trim())),
    });
    if (value === undefined) return { cancelled: true };
    return { cancelled: false, fqdn: value.trim() || undefined };
  },
};

interface Target {
  readonly uri: vscode.Uri;
  readonly role: CertRole;
  readonly use?: Pick<GatewayUse, 'configUri' | 'gateway' | 'deployed'>;
  readonly settings: Partial<GatewayCheckSettings>;
}

/** What tests reach through `globalThis[Symbol.for('cmg-tools.certs.test')]` (not in production mode). */
export interface CertsTestApi {
  readonly passwords: PasswordStore;
  setUi(ui: Partial<CertCommandUi>): () => void;
  lastReport(): ShownReport | undefined;
  simulateMessage(raw: unknown): Promise<boolean>;
  readonly onDidShowReport: vscode.Event<ShownReport>;
  /** Runs the certificate diagnostics of one configuration file, as the diagnostics pipeline would. */
  diagnosticsFor(configUri: vscode.Uri): Promise<readonly import('../core/findings').Finding[]>;
}
export const CERTS_TEST_API = Symbol.for('cmg-tools.certs.test');

export function registerCertificateCommands(context: vscode.ExtensionContext, services: CertServices = {}): void {
  const passwords = services.passwords ?? createPasswordStore(context);
  const log = services.log;
  const panels = new CertReportPanels(context.extensionUri, log, passwords);
  context.subscriptions.push(panels);
  let ui: CertCommandUi = vscodeCertUi;

  function settingsNow(): { at: Date; expiryWarningDays: number; usGovVmssSuffix: string } {
    const cfg = vscode.workspace.getConfiguration('cmg');
    return {
      at: new Date(),
      expiryWarningDays: cfg.get<number>('certificates.expiryWarningDays', 30),
      usGovVmssSuffix: cfg.get<string>('azure.usGovVmssSuffix', 'cloudapp.usgovcloudapi.net'),
    };
  }

  async function targetFromNode(ref: CmgNodeRef, role: CertRole): Promise<Target | undefined> {
    const loaded = await loadConfig(ref.fileUri);
    if (!loaded) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} could not be read as a CMG configuration.', fileLabel(ref.fileUri)));
      return undefined;
    }
    const m = /^\/gateways\/(\d+)/.exec(ref.pointer);
    const gateway = (m ? loaded.config.gateways[Number(m[1])] : undefined) ?? loaded.config.gateways.find((g) => g?.name === ref.gatewayName);
    if (!gateway) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Gateway {0} was not found in {1}.', ref.gatewayName ?? ref.pointer, fileLabel(ref.fileUri)));
      return undefined;
    }
    const effectiveRole: CertRole = ref.kind === 'trustedCertificate' ? 'trusted' : role;
    const certUri = ref.certificateUri ?? (gateway.serverCertificate ? resolveFromConfig(ref.fileUri, gateway.serverCertificate) : undefined);
    if (!certUri) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Gateway {0} has no server certificate file yet.', gateway.name));
      return undefined;
    }
    const use = { configUri: ref.fileUri, config: loaded.config, gateway, deployed: loaded.deployed };
    return { uri: certUri, role: effectiveRole, use, settings: gatewaySettings(use, effectiveRole) };
  }

  async function targetFromFile(uri: vscode.Uri, role: CertRole): Promise<Target | undefined> {
    const label = fileLabel(uri);
    const uses = gatewaysUsing(uri, await loadWorkspaceConfigs()).filter((u) => (role === 'server' ? u.as === 'server' : true));
    let use: GatewayUse | undefined;
    if (uses.length === 1) use = uses[0];
    else if (uses.length > 1) {
      use = await ui.pickGateway(uses, label);
      if (!use) return undefined;
    }
    if (use) return { uri, role, use, settings: gatewaySettings(use, role) };
    if (role !== 'server') return { uri, role, settings: {} };
    const answer = await ui.askFqdn(label);
    if (answer.cancelled) return undefined;
    return { uri, role, settings: { fqdn: answer.fqdn } };
  }

  async function resolveTarget(arg: unknown, role: CertRole): Promise<Target | undefined> {
    if (isCmgNodeRef(arg)) return targetFromNode(arg, role);
    if (arg instanceof vscode.Uri) return targetFromFile(arg, role);
    if (arg && typeof arg === 'object' && (arg as { certificateUri?: unknown }).certificateUri instanceof vscode.Uri) {
      return targetFromFile((arg as { certificateUri: vscode.Uri }).certificateUri, role);
    }
    const picked = await ui.pickCertificateFile();
    return picked ? targetFromFile(picked, role) : undefined;
  }

  async function runCheck(target: Target): Promise<ShownReport | undefined> {
    const label = fileLabel(target.uri);
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(target.uri);
    } catch (error) {
      const reason =
        error instanceof vscode.FileSystemError && error.code === 'FileNotFound'
          ? vscode.l10n.t('the file does not exist')
          : error instanceof vscode.FileSystemError && error.code === 'NoPermissions'
            ? vscode.l10n.t('access is denied')
            : error instanceof Error
              ? error.message
              : String(error);
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot read {0}: {1}', label, reason));
      return undefined;
    }
    const common = settingsNow();
    const { checkCertificate } = await import('../core/certs/check');
    let opened: string | undefined;
    const attempt = async (password: string | undefined): Promise<{ result: CertReport; passwordRejected: boolean }> => {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking {0}…', label) },
        () => checkCertificate(toCheckOptions(target.uri, bytes, target.role, target.settings, common, password)),
      );
      const passwordRejected = report.findings.some((f) => f.rule === 'CERT-PASSWORD');
      if (!passwordRejected) opened = password;
      return { result: report, passwordRejected };
    };
    let report: CertReport | undefined;
    if (isPfx(target.uri)) {
      const outcome = await passwords.withPassword(target.uri, label, attempt);
      if (outcome.status === 'cancelled') {
        log?.info(`Certificate check of ${label} cancelled at the password prompt.`);
        return undefined;
      }
      report = outcome.result;
    } else {
      report = (await attempt(undefined)).result;
    }
    const ctx: ReportContext = {
      role: target.role,
      fileLabel: label,
      fqdn: target.settings.fqdn,
      gatewayName: target.use?.gateway.name,
      configLabel: target.use ? fileLabel(target.use.configUri) : undefined,
      environment: target.settings.environment,
      deployment: target.settings.deployment,
      region: target.settings.region,
      usGovVmssSuffix: common.usGovVmssSuffix,
      at: common.at,
    };
    log?.info(`Certificate ${label} checked as ${target.role}: ${report.findings.length} finding(s).`);
    return panels.show(target.uri, report, ctx, opened);
  }

  async function validate(arg: unknown, role: CertRole): Promise<ShownReport | undefined> {
    try {
      const target = await resolveTarget(arg, role);
      return target ? await runCheck(target) : undefined;
    } catch (error) {
      log?.error('Certificate validation failed', error);
      void vscode.window.showErrorMessage(vscode.l10n.t('The certificate could not be checked: {0}', error instanceof Error ? error.message : String(error)));
      return undefined;
    }
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('cmg.validateServerCertificate', (arg?: unknown) => validate(arg, 'server')),
    vscode.commands.registerCommand('cmg.validateTrustedCertificate', (arg?: unknown) => validate(arg, 'trusted')),
    vscode.commands.registerCommand('cmg.forgetCertificatePasswords', async () => {
      const count = await passwords.forgetAll();
      void vscode.window.showInformationMessage(
        count === 0 ? vscode.l10n.t('No certificate passwords were stored.') : count === 1 ? vscode.l10n.t('Forgot 1 stored certificate password.') : vscode.l10n.t('Forgot {0} stored certificate passwords.', String(count)),
      );
      services.diagnostics?.refresh?.();
    }),
  );

  const diagnostics = registerCertificateDiagnostics(context, { passwords, host: services.diagnostics, log, settings: settingsNow });

  if (context.extensionMode !== vscode.ExtensionMode.Production) {
    const api: CertsTestApi = {
      passwords,
      setUi(partial) {
        const previous = ui;
        ui = { ...ui, ...partial };
        return () => {
          ui = previous;
        };
      },
      lastReport: () => panels.lastShown,
      simulateMessage: (raw) => panels.simulateMessage(raw),
      onDidShowReport: panels.onDidShow,
      diagnosticsFor: (uri) => diagnostics.findingsFor(uri),
    };
    (globalThis as Record<symbol, unknown>)[CERTS_TEST_API] = api;
    context.subscriptions.push({ dispose: () => delete (globalThis as Record<symbol, unknown>)[CERTS_TEST_API] });
  }
}
