/**
 * Tree nodes: each node renders itself (`getTreeItem`), knows its children and its parent, and
 * is a `CmgNodeRef` so context-menu commands receive the file, JSON pointer and gateway.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { ConfigFile } from '../configStore';
import type { Finding } from '../core/findings';
import type { CmgConfig, DeepPartial, Gateway, SiteRole } from '../core/model';
import type { CmgNodeKind, CmgNodeRef } from '../nodeRef';
import type { CertificateInfo, CertificateInfoCache } from './certificates';
import { connectionPointsOf, daysUntil, deployedState, expiryLevel, gatewayProblems, groupSiteRoles, type DeployedState, type ProblemCounts } from './model';

export interface TreeEnv {
  readonly certs: CertificateInfoCache;
  /** Findings shown for a file (core + contributed). */
  findings(file: ConfigFile): readonly Finding[];
  warningDays(): number;
  now(): Date;
  /** Node decorations (problem badges) by node. */
  decorationUri(node: TreeNode, problems: ProblemCounts): vscode.Uri | undefined;
}

export interface TreeNode extends CmgNodeRef {
  readonly id: string;
  readonly parent: TreeNode | undefined;
  getTreeItem(): vscode.TreeItem | Promise<vscode.TreeItem>;
  getChildren(): TreeNode[] | Promise<TreeNode[]>;
}

const REVEAL_COMMAND = 'cmg.revealInFile';

function revealCommand(node: TreeNode): vscode.Command {
  return { command: REVEAL_COMMAND, title: vscode.l10n.t('Show in configuration file'), arguments: [node] };
}

abstract class BaseNode implements TreeNode {
  abstract readonly kind: CmgNodeKind;
  constructor(
    readonly id: string,
    readonly parent: TreeNode | undefined,
    readonly fileUri: vscode.Uri,
    readonly pointer: string,
  ) {}
  abstract getTreeItem(): vscode.TreeItem | Promise<vscode.TreeItem>;
  getChildren(): TreeNode[] | Promise<TreeNode[]> {
    return [];
  }
  protected item(label: string | vscode.TreeItemLabel, collapsible = vscode.TreeItemCollapsibleState.None): vscode.TreeItem {
    const item = new vscode.TreeItem(label, collapsible);
    item.id = this.id;
    item.contextValue = `cmg.${this.kind}`;
    item.command = revealCommand(this);
    return item;
  }
}

/** Shown instead of a crash: a file that cannot be read, a node that failed to render. */
export class ErrorNode implements TreeNode {
  readonly kind = 'group' as const;
  constructor(
    readonly id: string,
    readonly parent: TreeNode | undefined,
    readonly fileUri: vscode.Uri,
    private readonly message: string,
    readonly pointer = '',
  ) {}
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    item.tooltip = this.message;
    item.contextValue = 'cmg.error';
    item.command = revealCommand(this);
    return item;
  }
  getChildren(): TreeNode[] {
    return [];
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function fileLabel(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

function configOf(file: ConfigFile): DeepPartial<CmgConfig> | undefined {
  return file.result?.parsed.config;
}

function snapshotConfig(file: ConfigFile): DeepPartial<CmgConfig> | undefined {
  const deployed = file.result?.deployed;
  return deployed && deployed.parseFindings.length === 0 ? deployed.config : undefined;
}

export function methodLabel(method: unknown): string | undefined {
  if (method === 'vmss') return vscode.l10n.t('VM scale set');
  if (method === 'classic') return vscode.l10n.t('Cloud service (classic)');
  return undefined;
}

function vmCount(n: unknown): string | undefined {
  if (typeof n !== 'number') return undefined;
  return n === 1 ? vscode.l10n.t('1 VM') : vscode.l10n.t('{0} VMs', n);
}

function problemText(p: ProblemCounts): string | undefined {
  const parts: string[] = [];
  if (p.errors) parts.push(p.errors === 1 ? vscode.l10n.t('1 error') : vscode.l10n.t('{0} errors', p.errors));
  if (p.warnings) parts.push(p.warnings === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', p.warnings));
  return parts.length ? parts.join(', ') : undefined;
}

function stateText(s: DeployedState): string {
  switch (s) {
    case 'new':
      return vscode.l10n.t('New: not in the deployed snapshot');
    case 'deployed':
      return vscode.l10n.t('Deployed, no pending changes');
    case 'changed':
      return vscode.l10n.t('Deployed, with changes not yet deployed');
    default:
      return vscode.l10n.t('No deployed snapshot');
  }
}

function yesNo(v: unknown): string {
  return v === true ? vscode.l10n.t('Yes') : v === false ? vscode.l10n.t('No') : '—';
}

function mdCell(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+!|<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Builds the top-level nodes of the Gateways view. */
export function gatewayRoots(files: readonly ConfigFile[], env: TreeEnv): TreeNode[] {
  if (files.length === 1) return fileGatewayChildren(files[0]!, undefined, env);
  return files.map((f) => new FileNode(f, env, 'gateways'));
}

/** Builds the top-level nodes of the Site roles view. */
export function siteRoleRoots(files: readonly ConfigFile[], env: TreeEnv): TreeNode[] {
  if (files.length === 1) return fileSiteRoleChildren(files[0]!, undefined);
  return files.map((f) => new FileNode(f, env, 'siteRoles'));
}

function fileProblem(file: ConfigFile, parent: TreeNode | undefined): ErrorNode | undefined {
  const base = `${file.uri.toString()}#`;
  if (file.error) return new ErrorNode(`${base}error`, parent, file.uri, vscode.l10n.t('Cannot check {0}: {1}', path.posix.basename(file.uri.path), file.error));
  if (!configOf(file)) {
    const parse = file.result?.findings.find((f) => f.rule === 'CFG-PARSE');
    const where = parse?.range ? ` (${vscode.l10n.t('line {0}', parse.range.start.line + 1)})` : '';
    return new ErrorNode(`${base}error`, parent, file.uri, vscode.l10n.t('{0} is not a readable configuration{1}', path.posix.basename(file.uri.path), where), parse?.path ?? '');
  }
  return undefined;
}

function fileGatewayChildren(file: ConfigFile, parent: TreeNode | undefined, env: TreeEnv): TreeNode[] {
  const problem = fileProblem(file, parent);
  if (problem) return [problem];
  const config = configOf(file)!;
  const gateways = Array.isArray(config.gateways) ? config.gateways : [];
  return gateways.map((g, i) => new GatewayNode(file, i, g && typeof g === 'object' ? g : {}, parent, env));
}

function fileSiteRoleChildren(file: ConfigFile, parent: TreeNode | undefined): TreeNode[] {
  const problem = fileProblem(file, parent);
  if (problem) return [problem];
  const config = configOf(file)!;
  const enhancedHttp = config.site?.enhancedHttp === true;
  return groupSiteRoles(config).map((g) => new ServerNode(file, g.server, g.roles, enhancedHttp, parent));
}

export class FileNode extends BaseNode {
  readonly kind = 'file' as const;
  constructor(
    readonly file: ConfigFile,
    private readonly env: TreeEnv,
    private readonly view: 'gateways' | 'siteRoles',
  ) {
    super(`${view}:${file.uri.toString()}#`, undefined, file.uri, '');
  }
  getTreeItem(): vscode.TreeItem {
    const item = this.item(fileLabel(this.file.uri), vscode.TreeItemCollapsibleState.Expanded);
    item.command = undefined;
    item.resourceUri = this.file.uri;
    item.iconPath = vscode.ThemeIcon.File;
    const findings = this.env.findings(this.file);
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    item.description = problemText({ errors, warnings, infos: 0 });
    item.tooltip = this.file.uri.scheme === 'file' ? this.file.uri.fsPath : this.file.uri.toString(true);
    return item;
  }
  override getChildren(): TreeNode[] {
    return this.view === 'gateways' ? fileGatewayChildren(this.file, this, this.env) : fileSiteRoleChildren(this.file, this);
  }
}

export class GatewayNode extends BaseNode {
  readonly kind = 'gateway' as const;
  readonly gatewayName: string | undefined;
  private children: TreeNode[] | undefined;
  constructor(
    readonly file: ConfigFile,
    readonly index: number,
    readonly gateway: DeepPartial<Gateway>,
    parent: TreeNode | undefined,
    private readonly env: TreeEnv,
  ) {
    super(`gateways:${file.uri.toString()}#/gateways/${index}`, parent, file.uri, `/gateways/${index}`);
    this.gatewayName = str(gateway.name);
  }

  get certificateUri(): vscode.Uri | undefined {
    const rel = str(this.gateway.serverCertificate);
    return rel ? resolveBeside(this.file.uri, rel) : undefined;
  }

  problems(): ProblemCounts {
    return gatewayProblems(this.env.findings(this.file), this.index, connectionPointsOf(configOf(this.file), this.gatewayName));
  }

  state(): DeployedState {
    return deployedState(this.gateway, snapshotConfig(this.file));
  }

  getTreeItem(): vscode.TreeItem {
    const g = this.gateway;
    const item = this.item(this.gatewayName ?? vscode.l10n.t('Gateway {0} (no name)', this.index + 1), vscode.TreeItemCollapsibleState.Collapsed);
    const problems = this.problems();
    const state = this.state();
    const facts = [str(g.serviceFqdn), methodLabel(g.deploymentMethod), str(g.region), vmCount(g.vmInstances)].filter((x): x is string => !!x);
    const problemSuffix = problemText(problems);
    item.description = [facts.join(' · '), problemSuffix].filter(Boolean).join(' — ');
    const color = problems.errors ? new vscode.ThemeColor('list.errorForeground') : problems.warnings ? new vscode.ThemeColor('list.warningForeground') : undefined;
    item.iconPath = new vscode.ThemeIcon(state === 'new' ? 'cloud-upload' : 'cloud', color);
    item.contextValue = `cmg.gateway${state === 'unknown' ? '' : `.${state}`}`;
    const deco = this.env.decorationUri(this, problems);
    if (deco) item.resourceUri = deco;

    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`$(cloud) **${mdCell(this.gatewayName ?? '')}**`);
    if (str(g.description)) md.appendMarkdown(`  \n${mdCell(g.description!)}`);
    md.appendMarkdown('\n\n');
    const rows: [string, string][] = [
      [vscode.l10n.t('Service FQDN'), str(g.serviceFqdn) ?? '—'],
      [vscode.l10n.t('Deployment method'), methodLabel(g.deploymentMethod) ?? '—'],
      [vscode.l10n.t('Azure environment'), str(g.environment) ?? '—'],
      [vscode.l10n.t('Region'), str(g.region) ?? '—'],
      [vscode.l10n.t('Subscription'), str(g.subscriptionId) ?? '—'],
      [
        vscode.l10n.t('Resource group'),
        str(g.resourceGroup?.name) ? `${g.resourceGroup!.name}${g.resourceGroup?.create === true ? ` (${vscode.l10n.t('to create')})` : ''}` : '—',
      ],
      [vscode.l10n.t('VM size'), `${str(g.vmSize) ?? '—'} × ${typeof g.vmInstances === 'number' ? g.vmInstances : '—'}`],
      [vscode.l10n.t('Server certificate'), str(g.serverCertificate) ?? '—'],
      [vscode.l10n.t('Trusted certificates'), String(Array.isArray(g.trustedCertificates) ? g.trustedCertificates.length : 0)],
      [vscode.l10n.t('Verify client certificate revocation'), yesNo(g.verifyClientCertificateRevocation)],
      [vscode.l10n.t('Enforce TLS 1.2'), yesNo(g.enforceTls12)],
      [vscode.l10n.t('Allow CMG to function as a cloud distribution point and serve content from Azure storage'), yesNo(g.allowContent)],
      [vscode.l10n.t('Connection points'), String(connectionPointsOf(configOf(this.file), this.gatewayName).length)],
      [vscode.l10n.t('State'), stateText(state)],
    ];
    md.appendMarkdown(`| | |\n|---|---|\n${rows.map(([k, v]) => `| ${mdCell(k)} | ${mdCell(v)} |`).join('\n')}\n`);
    if (problemSuffix) md.appendMarkdown(`\n$(${problems.errors ? 'error' : 'warning'}) ${mdCell(problemSuffix)}`);
    item.tooltip = md;
    return item;
  }

  override getChildren(): TreeNode[] {
    if (this.children) return this.children;
    const g = this.gateway;
    const base = this.pointer;
    const out: TreeNode[] = [];
    const certRel = str(g.serverCertificate);
    out.push(new CertificateNode(this, certRel, this.env));
    const trusted = Array.isArray(g.trustedCertificates) ? g.trustedCertificates : [];
    out.push(
      new GroupNode(this, `${base}/trustedCertificates`, 'trusted', vscode.l10n.t('Trusted certificates'), 'shield', trusted.length, (parent) =>
        trusted.map((rel, j) => new TrustedCertificateNode(parent, this, j, typeof rel === 'string' ? rel : '')),
      ),
    );
    const cps = connectionPointsOf(configOf(this.file), this.gatewayName);
    const config = configOf(this.file);
    out.push(
      new GroupNode(this, '/connectionPoints', 'cps', vscode.l10n.t('Connection points'), 'plug', cps.length, (parent) =>
        cps.map((k) => new ConnectionPointNode(parent, this, k, config?.connectionPoints?.[k] ?? {})),
      ),
    );
    const bgs = Array.isArray(g.boundaryGroups) ? g.boundaryGroups : [];
    out.push(
      new GroupNode(this, `${base}/boundaryGroups`, 'bgs', vscode.l10n.t('Boundary groups'), 'type-hierarchy', bgs.length, (parent) =>
        bgs.map((name, j) => new BoundaryGroupNode(parent, this, j, typeof name === 'string' ? name : '')),
      ),
    );
    this.children = out;
    return out;
  }
}

export function resolveBeside(configUri: vscode.Uri, rel: string): vscode.Uri {
  if (configUri.scheme === 'file') return vscode.Uri.file(path.resolve(path.dirname(configUri.fsPath), rel));
  return vscode.Uri.joinPath(configUri, '..', rel.replaceAll('\\', '/'));
}

export class CertificateNode extends BaseNode {
  readonly kind = 'certificate' as const;
  readonly gatewayName: string | undefined;
  readonly certificateUri: vscode.Uri | undefined;
  constructor(
    readonly gateway: GatewayNode,
    private readonly rel: string | undefined,
    private readonly env: TreeEnv,
  ) {
    super(`${gateway.id}/serverCertificate`, gateway, gateway.fileUri, `${gateway.pointer}/serverCertificate`);
    this.gatewayName = gateway.gatewayName;
    this.certificateUri = rel ? resolveBeside(gateway.fileUri, rel) : undefined;
  }

  /** The certificate as read now (undefined when no certificate is configured). */
  async info(): Promise<CertificateInfo | undefined> {
    return this.certificateUri ? this.env.certs.get(this.certificateUri) : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const item = this.item(this.rel ? path.basename(this.rel) : vscode.l10n.t('No server certificate'));
    if (!this.certificateUri) {
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
      item.contextValue = 'cmg.certificate.none';
      return item;
    }
    // Render what is known now and read the file in the background: a PFX (node-forge's first
    // load, a big chain) never holds up the tree. The cache fires a refresh when the result differs.
    const info = this.env.certs.peek(this.certificateUri);
    void this.info();
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`$(workspace-trusted) **${mdCell(vscode.l10n.t('Server certificate'))}**: ${mdCell(this.rel ?? '')}\n\n`);
    if (!info) {
      item.description = vscode.l10n.t('reading…');
      item.iconPath = new vscode.ThemeIcon('loading~spin');
      item.contextValue = 'cmg.certificate.reading';
      item.tooltip = md;
      return item;
    }
    switch (info.state) {
      case 'ok': {
        const now = this.env.now();
        const days = daysUntil(info.notAfter, now);
        const level = expiryLevel(info.notAfter, now, this.env.warningDays());
        if (level === 'expired') {
          const ago = Math.max(0, -days - 1);
          item.description = ago === 0 ? vscode.l10n.t('expired today') : ago === 1 ? vscode.l10n.t('expired 1 day ago') : vscode.l10n.t('expired {0} days ago', ago);
          item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
        } else {
          item.description = days === 1 ? vscode.l10n.t('1 day left') : vscode.l10n.t('{0} days left', days);
          item.iconPath =
            level === 'warning' ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('workspace-trusted', new vscode.ThemeColor('testing.iconPassed'));
        }
        item.contextValue = `cmg.certificate.${level}`;
        md.appendMarkdown(
          `| | |\n|---|---|\n| ${mdCell(vscode.l10n.t('Subject'))} | ${mdCell(info.subject)} |\n| ${mdCell(vscode.l10n.t('Thumbprint'))} | ${mdCell(info.thumbprint)} |\n| ${mdCell(vscode.l10n.t('Expires'))} | ${mdCell(info.notAfter.toISOString().replace('T', ' ').slice(0, 16))} UTC |\n`,
        );
        break;
      }
      case 'needsPassword':
        item.description = vscode.l10n.t('password needed');
        item.iconPath = new vscode.ThemeIcon('key');
        item.contextValue = 'cmg.certificate.needsPassword';
        md.appendText(vscode.l10n.t('The PFX file needs its password to show the expiry date. Use "Validate as CMG server certificate" and let VS Code remember the password.'));
        break;
      case 'missing':
        item.description = vscode.l10n.t('file not found');
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
        item.contextValue = 'cmg.certificate.missing';
        md.appendText(vscode.l10n.t('The file {0} does not exist.', this.certificateUri.scheme === 'file' ? this.certificateUri.fsPath : this.certificateUri.toString(true)));
        break;
      default:
        item.description = vscode.l10n.t('unreadable');
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
        item.contextValue = 'cmg.certificate.unreadable';
        md.appendText(info.error);
    }
    item.tooltip = md;
    return item;
  }
}

class GroupNode extends BaseNode {
  readonly kind = 'group' as const;
  readonly gatewayName: string | undefined;
  private children: TreeNode[] | undefined;
  constructor(
    gateway: GatewayNode,
    pointer: string,
    suffix: string,
    private readonly label: string,
    private readonly icon: string,
    private readonly count: number,
    private readonly make: (parent: TreeNode) => TreeNode[],
  ) {
    super(`${gateway.id}/${suffix}`, gateway, gateway.fileUri, pointer);
    this.gatewayName = gateway.gatewayName;
  }
  getTreeItem(): vscode.TreeItem {
    const item = this.item(this.label, this.count ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    // A click on a list heading expands it; "Show in configuration file" stays in its context menu.
    if (this.count) item.command = undefined;
    item.description = this.count ? String(this.count) : vscode.l10n.t('none');
    item.iconPath = new vscode.ThemeIcon(this.icon);
    return item;
  }
  override getChildren(): TreeNode[] {
    this.children ??= this.make(this);
    return this.children;
  }
}

class TrustedCertificateNode extends BaseNode {
  readonly kind = 'trustedCertificate' as const;
  readonly gatewayName: string | undefined;
  readonly certificateUri: vscode.Uri | undefined;
  constructor(
    parent: TreeNode,
    gateway: GatewayNode,
    j: number,
    private readonly rel: string,
  ) {
    super(`${parent.id}/${j}`, parent, gateway.fileUri, `${gateway.pointer}/trustedCertificates/${j}`);
    this.gatewayName = gateway.gatewayName;
    this.certificateUri = rel ? resolveBeside(gateway.fileUri, rel) : undefined;
  }
  getTreeItem(): vscode.TreeItem {
    const item = this.item(path.basename(this.rel) || '—');
    item.description = path.dirname(this.rel) === '.' ? undefined : path.dirname(this.rel);
    item.iconPath = new vscode.ThemeIcon('verified');
    item.tooltip = this.certificateUri?.scheme === 'file' ? this.certificateUri.fsPath : this.rel;
    return item;
  }
}

class ConnectionPointNode extends BaseNode {
  readonly kind = 'connectionPoint' as const;
  readonly gatewayName: string | undefined;
  constructor(
    parent: TreeNode,
    gateway: GatewayNode,
    k: number,
    private readonly cp: { server?: unknown; siteCode?: unknown },
  ) {
    super(`${parent.id}/${k}`, parent, gateway.fileUri, `/connectionPoints/${k}`);
    this.gatewayName = gateway.gatewayName;
  }
  getTreeItem(): vscode.TreeItem {
    const item = this.item(str(this.cp.server) ?? '—');
    item.description = str(this.cp.siteCode) ? vscode.l10n.t('site {0}', String(this.cp.siteCode)) : undefined;
    item.iconPath = new vscode.ThemeIcon('plug');
    item.tooltip = vscode.l10n.t('CMG connection point on {0}', str(this.cp.server) ?? '—');
    return item;
  }
}

class BoundaryGroupNode extends BaseNode {
  readonly kind = 'boundaryGroup' as const;
  readonly gatewayName: string | undefined;
  constructor(
    parent: TreeNode,
    gateway: GatewayNode,
    j: number,
    private readonly name: string,
  ) {
    super(`${parent.id}/${j}`, parent, gateway.fileUri, `${gateway.pointer}/boundaryGroups/${j}`);
    this.gatewayName = gateway.gatewayName;
  }
  getTreeItem(): vscode.TreeItem {
    const item = this.item(this.name || '—');
    item.iconPath = new vscode.ThemeIcon('symbol-namespace');
    return item;
  }
}

export function roleLabel(role: unknown): string {
  if (role === 'managementPoint') return vscode.l10n.t('Management point');
  if (role === 'softwareUpdatePoint') return vscode.l10n.t('Software update point');
  return vscode.l10n.t('Unknown role');
}

export function roleDescription(role: DeepPartial<SiteRole>): string {
  const https = role.https === true ? vscode.l10n.t('HTTPS') : vscode.l10n.t('HTTP');
  const traffic = role.allowCmgTraffic === true ? vscode.l10n.t('CMG traffic allowed') : vscode.l10n.t('no CMG traffic');
  return `${https} · ${traffic}`;
}

export class ServerNode extends BaseNode {
  readonly kind = 'group' as const;
  private children: TreeNode[] | undefined;
  constructor(
    readonly file: ConfigFile,
    readonly server: string,
    private readonly roles: readonly { index: number; role: DeepPartial<SiteRole> }[],
    private readonly enhancedHttp: boolean,
    parent: TreeNode | undefined,
  ) {
    super(`siteRoles:${file.uri.toString()}#server:${server.toLowerCase()}`, parent, file.uri, `/siteRoles/${roles[0]?.index ?? 0}`);
  }
  getTreeItem(): vscode.TreeItem {
    const item = this.item(this.server || vscode.l10n.t('(no server name)'), vscode.TreeItemCollapsibleState.Expanded);
    item.command = undefined;
    item.iconPath = new vscode.ThemeIcon('server');
    item.description = this.roles.map((r) => roleLabel(r.role.role)).join(', ');
    item.contextValue = 'cmg.group.server';
    return item;
  }
  override getChildren(): TreeNode[] {
    this.children ??= this.roles.map((r) => new SiteRoleNode(this, r.index, r.role, this.enhancedHttp));
    return this.children;
  }
}

export class SiteRoleNode extends BaseNode {
  readonly kind = 'siteRole' as const;
  constructor(
    parent: ServerNode,
    readonly index: number,
    readonly role: DeepPartial<SiteRole>,
    private readonly enhancedHttp: boolean,
  ) {
    super(`${parent.id}/${index}`, parent, parent.fileUri, `/siteRoles/${index}`);
  }
  getTreeItem(): vscode.TreeItem {
    const r = this.role;
    const item = this.item(roleLabel(r.role));
    item.description = roleDescription(r);
    // Lock = HTTPS; the colour says whether CMG traffic reaches the role, and warns when it
    // does without HTTPS or Enhanced HTTP (clients cannot use it through the gateway).
    const risky = r.allowCmgTraffic === true && r.https !== true && !this.enhancedHttp;
    const color = risky ? new vscode.ThemeColor('list.warningForeground') : r.allowCmgTraffic === true ? new vscode.ThemeColor('testing.iconPassed') : undefined;
    item.iconPath = new vscode.ThemeIcon(r.https === true ? 'lock' : 'unlock', color);
    item.contextValue = `cmg.siteRole.${r.role === 'softwareUpdatePoint' ? 'sup' : 'mp'}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${mdCell(roleLabel(r.role))}** · ${mdCell(str(r.server) ?? '')}\n\n`);
    md.appendMarkdown(`$(${r.https === true ? 'lock' : 'unlock'}) ${mdCell(r.https === true ? vscode.l10n.t('Accepts HTTPS client connections') : vscode.l10n.t('Accepts HTTP client connections'))}  \n`);
    md.appendMarkdown(
      `$(${r.allowCmgTraffic === true ? 'cloud' : 'circle-slash'}) ${mdCell(r.allowCmgTraffic === true ? vscode.l10n.t('Allows Configuration Manager cloud management gateway traffic') : vscode.l10n.t('Does not allow cloud management gateway traffic'))}`,
    );
    if (risky) md.appendMarkdown(`\n\n$(warning) ${mdCell(vscode.l10n.t('CMG traffic needs HTTPS on this role, or Enhanced HTTP on the site.'))}`);
    item.tooltip = md;
    return item;
  }
}
