/**
 * The two views of the "Cloud Management Gateway" container: Gateways and Site roles, their
 * problem badges (a FileDecorationProvider on node URIs) and the daily expiry notification.
 */
import * as vscode from 'vscode';
import type { ConfigFile } from '../configStore';
import type { Services } from '../services';
import { CertificateInfoCache } from './certificates';
import { daysUntil, expiryLevel, type ProblemCounts } from './model';
import { CertificateNode, GatewayNode, gatewayRoots, siteRoleRoots, type TreeEnv, type TreeNode } from './nodes';
import { NodeTreeProvider } from './provider';

export const NODE_SCHEME = 'cmg-node';
export const EXPIRY_NOTICE_KEY = 'cmg.certificateExpiryNotice.lastShown';

export interface CmgTrees {
  readonly gateways: NodeTreeProvider;
  readonly siteRoles: NodeTreeProvider;
  readonly gatewaysView: vscode.TreeView<TreeNode>;
  readonly siteRolesView: vscode.TreeView<TreeNode>;
  readonly certificates: CertificateInfoCache;
  /** Reveals (and selects) the node for a file and pointer in the Gateways or Site roles view. */
  reveal(fileUri: vscode.Uri, pointer: string): Promise<boolean>;
  /** Runs the expiry check now (tests); resolves to the gateways that were warned about. */
  checkExpiry(force?: boolean): Promise<string[]>;
}

class ProblemDecorations implements vscode.FileDecorationProvider {
  private readonly map = new Map<string, ProblemCounts>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.emitter.event;

  uriFor(node: TreeNode, problems: ProblemCounts): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: NODE_SCHEME, path: `/${encodeURIComponent(node.id)}` });
    this.map.set(uri.toString(), problems);
    return uri;
  }
  clear(): void {
    this.map.clear();
    this.emitter.fire(undefined);
  }
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== NODE_SCHEME) return undefined;
    const p = this.map.get(uri.toString());
    if (!p) return undefined;
    const badge = (n: number) => (n > 9 ? '9+' : String(n));
    if (p.errors) return new vscode.FileDecoration(badge(p.errors), vscode.l10n.t('{0} errors', p.errors), new vscode.ThemeColor('list.errorForeground'));
    if (p.warnings) return new vscode.FileDecoration(badge(p.warnings), vscode.l10n.t('{0} warnings', p.warnings), new vscode.ThemeColor('list.warningForeground'));
    return undefined;
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

function warningDays(): number {
  const v = vscode.workspace.getConfiguration('cmg').get<number>('certificates.expiryWarningDays', 30);
  return Number.isFinite(v) && v > 0 ? v : 30;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function registerTrees(context: vscode.ExtensionContext, services: Services): CmgTrees {
  const certificates = new CertificateInfoCache(services.passwords, services.log);
  const decorations = new ProblemDecorations();
  const env: TreeEnv = {
    certs: certificates,
    findings: (file: ConfigFile) => services.diagnostics.findings(file.uri)?.findings ?? file.result?.findings ?? [],
    warningDays,
    now: () => new Date(),
    decorationUri: (node, problems) => decorations.uriFor(node, problems),
  };
  const ready = () => services.configs.start();
  const gateways = new NodeTreeProvider('cmg.gateways', () => gatewayRoots(services.configs.all(), env), services.log, ready);
  const siteRoles = new NodeTreeProvider('cmg.siteRoles', () => siteRoleRoots(services.configs.all(), env), services.log, ready);
  const gatewaysView = vscode.window.createTreeView('cmg.gateways', { treeDataProvider: gateways, showCollapseAll: true });
  const siteRolesView = vscode.window.createTreeView('cmg.siteRoles', { treeDataProvider: siteRoles, showCollapseAll: true });

  let timer: NodeJS.Timeout | undefined;
  const refreshSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      decorations.clear();
      gateways.refresh();
      siteRoles.refresh();
      void checkExpiry(false).catch((e: unknown) => services.log.error('Certificate expiry check failed', e));
    }, 50);
  };

  async function gatewayNodes(): Promise<GatewayNode[]> {
    return (await gateways.allNodes()).filter((n): n is GatewayNode => n instanceof GatewayNode);
  }

  async function checkExpiry(force: boolean | undefined): Promise<string[]> {
    const days = warningDays();
    const now = new Date();
    const soon: { node: CertificateNode; text: string }[] = [];
    for (const g of await gatewayNodes()) {
      const cert = g.getChildren().find((c): c is CertificateNode => c instanceof CertificateNode);
      const info = await cert?.info();
      if (!cert || info?.state !== 'ok') continue;
      const level = expiryLevel(info.notAfter, now, days);
      if (level === 'ok') continue;
      const name = g.gatewayName ?? g.id;
      soon.push({
        node: cert,
        text: level === 'expired' ? vscode.l10n.t('{0} (expired)', name) : vscode.l10n.t('{0} ({1} days left)', name, daysUntil(info.notAfter, now)),
      });
    }
    if (soon.length === 0) return [];
    if (!force && context.globalState.get<string>(EXPIRY_NOTICE_KEY) === today()) return [];
    await context.globalState.update(EXPIRY_NOTICE_KEY, today());
    const show = vscode.l10n.t('Show');
    const message =
      soon.length === 1
        ? vscode.l10n.t('The server certificate of gateway {0} needs renewal.', soon[0]!.text)
        : vscode.l10n.t('Server certificates of {0} gateways need renewal: {1}.', soon.length, soon.map((s) => s.text).join(', '));
    void vscode.window.showWarningMessage(message, show).then(async (choice) => {
      if (choice === show) await gatewaysView.reveal(soon[0]!.node, { select: true, focus: true, expand: true });
    });
    return soon.map((s) => s.node.gatewayName ?? '');
  }

  async function reveal(fileUri: vscode.Uri, pointer: string): Promise<boolean> {
    for (const [provider, view] of [
      [gateways, gatewaysView],
      [siteRoles, siteRolesView],
    ] as const) {
      const node = await provider.find(fileUri, pointer);
      if (node) {
        await view.reveal(node, { select: true, focus: false, expand: false });
        return true;
      }
    }
    return false;
  }

  // Set as soon as the first scan found files (before they are checked), so the welcome view
  // ("no configuration yet") never flashes while a workspace with files is being checked.
  const setHasConfig = (value: boolean) => void vscode.commands.executeCommand('setContext', 'cmg.hasConfig', value);
  const updateContext = () => setHasConfig(services.configs.all().length > 0);
  context.subscriptions.push(
    certificates,
    decorations,
    gateways,
    siteRoles,
    gatewaysView,
    siteRolesView,
    vscode.window.registerFileDecorationProvider(decorations),
    services.configs.onDidDiscover((count) => setHasConfig(count > 0)),
    services.configs.onDidChange(() => {
      updateContext();
      refreshSoon();
    }),
    services.diagnostics.onDidChange(refreshSoon),
    certificates.onDidChange(refreshSoon),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('cmg.certificates.expiryWarningDays')) refreshSoon();
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
  void services.configs.start().then(updateContext, () => undefined);
  return { gateways, siteRoles, gatewaysView, siteRolesView, certificates, reveal, checkExpiry };
}
