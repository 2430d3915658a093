/**
 * The CMG configuration model: the TypeScript view of a `*.cmg.json` file.
 * The property names are a public contract (issue #2); the JSON Schema in
 * `config/cmg.schema.json` is the authority on shape, this file mirrors it.
 * A *deployed snapshot* (`.cmg/<file name>.deployed.json`) uses the same format.
 */
import * as path from 'node:path';

export type ClientAuthentication = 'pki' | 'entra' | 'both';
export type DeploymentMethod = 'vmss' | 'classic';
export type AzureEnvironment = 'AzurePublicCloud' | 'AzureUSGovernmentCloud';
export type VmSize = 'Standard_A2_v2' | 'Standard_A4_v2' | 'Standard_B2s';
export type SiteRoleKind = 'managementPoint' | 'softwareUpdatePoint';

export const DEPLOYMENT_METHODS: readonly DeploymentMethod[] = ['vmss', 'classic'];
export const AZURE_ENVIRONMENTS: readonly AzureEnvironment[] = ['AzurePublicCloud', 'AzureUSGovernmentCloud'];
export const VM_SIZES: readonly VmSize[] = ['Standard_A2_v2', 'Standard_A4_v2', 'Standard_B2s'];

export interface Site {
  code: string;
  /** ConfigMgr build as "yymm", e.g. "2403". */
  version: string;
  /** SMS Provider FQDN. */
  provider: string;
  clientAuthentication: ClientAuthentication;
  enhancedHttp: boolean;
  checkClientCrl: boolean;
}

export interface DataTransferAlert {
  enabled: boolean;
  thresholdGB: number;
  warningPercent: number;
  criticalPercent: number;
  stopServiceWhenCritical: boolean;
}

export interface StorageAlert {
  enabled: boolean;
  thresholdGB: number;
  warningPercent: number;
  criticalPercent: number;
}

export interface Alerts {
  dataTransfer: DataTransferAlert;
  storage: StorageAlert;
}

export interface ResourceGroup {
  name: string;
  create: boolean;
}

export interface Gateway {
  /** Identifier of the gateway within the file (connection points refer to it). */
  name: string;
  description?: string;
  serviceFqdn: string;
  deploymentMethod: DeploymentMethod;
  environment: AzureEnvironment;
  subscriptionId: string;
  region: string;
  resourceGroup: ResourceGroup;
  vmSize: VmSize;
  vmInstances: number;
  /** Path relative to the configuration file. */
  serverCertificate: string;
  /** Paths relative to the configuration file. */
  trustedCertificates: string[];
  verifyClientCertificateRevocation: boolean;
  enforceTls12: boolean;
  /** Serve content from Azure storage. */
  allowContent: boolean;
  alerts: Alerts;
  boundaryGroups: string[];
}

export interface ConnectionPoint {
  server: string;
  siteCode: string;
  /** A gateway's `name`. */
  gateway: string;
}

export interface SiteRole {
  server: string;
  role: SiteRoleKind;
  https: boolean;
  allowCmgTraffic: boolean;
}

/**
 * Every property optional, recursively: what a half-written or invalid file gives. Values may still
 * be of the wrong type at run time (the file is user input), so readers check with `typeof`.
 */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export interface CmgConfig {
  $schema?: string;
  version: 1;
  site: Site;
  gateways: Gateway[];
  connectionPoints: ConnectionPoint[];
  siteRoles: SiteRole[];
}

/**
 * Default location of the deployed snapshot: `.cmg/<file name>.deployed.json` beside the file,
 * with the file name taken literally (`contoso.cmg.json` → `.cmg/contoso.cmg.json.deployed.json`).
 */
export function defaultSnapshotPath(configPath: string): string {
  return path.join(path.dirname(configPath), '.cmg', `${path.basename(configPath)}.deployed.json`);
}

/** ConfigMgr site version "yymm" as a comparable number (2403 → 2403); NaN when malformed. */
export function siteVersionNumber(version: string): number {
  return /^\d{4}$/.test(version) ? Number(version) : Number.NaN;
}
