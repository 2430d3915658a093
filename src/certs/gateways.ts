/**
 * Which gateways of the workspace's `*.cmg.json` files use a certificate file, and the check
 * options a gateway implies (service FQDN, environment, deployment method, trusted list, CN of
 * the deployed certificate for the renewal case).
 */
import * as vscode from 'vscode';
import { readDocumentText } from '../documentText';
import * as path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { defaultSnapshotPath, type CmgConfig, type Gateway } from '../core/model';
import type { CertCheckOptions, CertRole } from '../core/certs/types';

export interface LoadedConfig {
  readonly uri: vscode.Uri;
  readonly config: CmgConfig;
  readonly deployed?: CmgConfig;
}

export interface GatewayUse {
  readonly configUri: vscode.Uri;
  readonly config: CmgConfig;
  readonly deployed?: CmgConfig;
  readonly gateway: Gateway;
  readonly index: number;
  /** How the gateway uses the file. */
  readonly as: 'server' | 'trusted';
}

function looksLikeConfig(v: unknown): v is CmgConfig {
  return !!v && typeof v === 'object' && Array.isArray((v as { gateways?: unknown }).gateways);
}

/** Parses JSONC text; undefined when it is not a configuration (broken files are the diagnostics' business). */
export function parseConfig(text: string): CmgConfig | undefined {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  return looksLikeConfig(value) ? value : undefined;
}

export async function loadConfig(uri: vscode.Uri): Promise<LoadedConfig | undefined> {
  const text = await readDocumentText(uri);
  const config = text === undefined ? undefined : parseConfig(text);
  if (!config) return undefined;
  const snapText = uri.scheme === 'file' ? await readDocumentText(vscode.Uri.file(defaultSnapshotPath(uri.fsPath))) : undefined;
  const deployed = snapText === undefined ? undefined : parseConfig(snapText);
  return { uri, config, deployed };
}

export async function loadWorkspaceConfigs(): Promise<LoadedConfig[]> {
  const uris = await vscode.workspace.findFiles('**/*.cmg.json', '**/{node_modules,.git}/**', 200);
  const loaded = await Promise.all(uris.map(loadConfig));
  return loaded.filter((x): x is LoadedConfig => x !== undefined);
}

export function resolveFromConfig(configUri: vscode.Uri, relative: string): vscode.Uri {
  return path.isAbsolute(relative) ? vscode.Uri.file(relative) : vscode.Uri.joinPath(configUri, '..', ...relative.split(/[\\/]+/).filter(Boolean));
}

function sameFile(a: vscode.Uri, b: vscode.Uri): boolean {
  if (a.scheme === 'file' && b.scheme === 'file') {
    const pa = path.normalize(a.fsPath);
    const pb = path.normalize(b.fsPath);
    return process.platform === 'win32' ? pa.toLowerCase() === pb.toLowerCase() : pa === pb;
  }
  return a.toString() === b.toString();
}

/** The gateways that use `certificate`, as their server certificate or in their trusted list. */
export function gatewaysUsing(certificate: vscode.Uri, configs: readonly LoadedConfig[]): GatewayUse[] {
  const uses: GatewayUse[] = [];
  for (const c of configs) {
    c.config.gateways.forEach((g, index) => {
      if (!g || typeof g !== 'object') return;
      if (typeof g.serverCertificate === 'string' && g.serverCertificate && sameFile(resolveFromConfig(c.uri, g.serverCertificate), certificate)) {
        uses.push({ configUri: c.uri, config: c.config, deployed: c.deployed, gateway: g, index, as: 'server' });
      } else if (Array.isArray(g.trustedCertificates) && g.trustedCertificates.some((p) => typeof p === 'string' && sameFile(resolveFromConfig(c.uri, p), certificate))) {
        uses.push({ configUri: c.uri, config: c.config, deployed: c.deployed, gateway: g, index, as: 'trusted' });
      }
    });
  }
  return uses;
}

export interface GatewayCheckSettings {
  readonly fqdn?: string;
  readonly currentFqdn?: string;
  readonly environment: 'public' | 'usgov';
  readonly deployment?: 'vmss' | 'classic';
  readonly trusted: string[];
  readonly region?: string;
  /** The file's `site.version`. */
  readonly siteVersion?: string;
}

/** The check options a gateway implies for `role`. */
export function gatewaySettings(use: Pick<GatewayUse, 'configUri' | 'config' | 'gateway' | 'deployed'>, role: CertRole): GatewayCheckSettings {
  const g = use.gateway;
  const environment = g.environment === 'AzureUSGovernmentCloud' ? 'usgov' : 'public';
  const deployment = g.deploymentMethod === 'vmss' || g.deploymentMethod === 'classic' ? g.deploymentMethod : undefined;
  const trusted =
    role === 'server' && Array.isArray(g.trustedCertificates)
      ? g.trustedCertificates.filter((p): p is string => typeof p === 'string' && p.length > 0).map((p) => resolveFromConfig(use.configUri, p).fsPath)
      : [];
  const deployedGateway = use.deployed?.gateways?.find((d) => d && d.name === g.name);
  return {
    fqdn: role === 'server' && typeof g.serviceFqdn === 'string' && g.serviceFqdn ? g.serviceFqdn : undefined,
    currentFqdn: role === 'server' && deployedGateway && typeof deployedGateway.serviceFqdn === 'string' ? deployedGateway.serviceFqdn : undefined,
    environment,
    deployment,
    trusted,
    region: typeof g.region === 'string' ? g.region : undefined,
    siteVersion: typeof use.config.site?.version === 'string' ? use.config.site.version : undefined,
  };
}

export function toCheckOptions(
  file: vscode.Uri,
  bytes: Uint8Array,
  role: CertRole,
  settings: Partial<GatewayCheckSettings>,
  common: { at: Date; expiryWarningDays: number; usGovVmssSuffix: string },
  password: string | undefined,
): CertCheckOptions {
  return {
    file: file.fsPath,
    bytes,
    role,
    password,
    fqdn: settings.fqdn,
    currentFqdn: settings.currentFqdn,
    environment: settings.environment,
    deployment: settings.deployment,
    trusted: settings.trusted && settings.trusted.length ? settings.trusted : undefined,
    at: common.at,
    expiryWarningDays: common.expiryWarningDays,
    usGovVmssSuffix: common.usGovVmssSuffix,
    region: settings.region,
    siteVersion: settings.siteVersion,
  };
}
