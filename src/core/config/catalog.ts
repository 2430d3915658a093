/**
 * The catalogue of configuration rules (CFG-*): ID, default severity, title, source in
 * ../shared/domain/cmg-rules.md terms, and the Microsoft Learn page the rule is based on.
 * Titles are English source strings; hosts localize them with the l10n bundles.
 */
import type { RuleInfo } from '../findings';

const CMG = 'https://learn.microsoft.com/mem/configmgr/core/clients/manage/cmg/';
export const DOC = {
  setup: `${CMG}setup-cloud-management-gateway`,
  modify: `${CMG}modify-cloud-management-gateway`,
  plan: `${CMG}plan-cloud-management-gateway`,
  srv: `${CMG}server-auth-cert`,
  certs: `${CMG}certificates-for-cloud-management-gateway`,
  auth: `${CMG}configure-authentication`,
  flow: `${CMG}data-flow`,
  perf: `${CMG}perf-scale`,
  mon: `${CMG}monitor-clients-cloud-management-gateway`,
  supp: `${CMG}supported-configurations`,
  hier: `${CMG}plan-hierarchy-design`,
  regions: 'https://learn.microsoft.com/azure/reliability/regions-list',
  jsonc: 'https://code.visualstudio.com/docs/languages/json#_json-with-comments',
} as const;

export const CONFIG_RULES: readonly RuleInfo[] = [
  { id: 'CFG-PARSE', defaultSeverity: 'error', title: 'The file is not valid JSON with comments', source: 'JSONC', docUrl: DOC.jsonc },
  { id: 'CFG-SCHEMA', defaultSeverity: 'error', title: 'The file does not match the CMG configuration schema', source: 'cmg.schema.json; [setup] 2.1–2.3', docUrl: DOC.setup },
  { id: 'CFG-DUPLICATE', defaultSeverity: 'error', title: 'Two gateways share a name, service name or prefix; or an entry is listed twice', source: '[srv] [supp] 2.5, 7.4; [PS:Set-CMCloudManagementGatewayConnectionPoint] 6.4', docUrl: DOC.srv },
  { id: 'CFG-SERVICE-NAME', defaultSeverity: 'error', title: 'Service name prefix must be a letter followed by 2–23 letters or digits', source: '[srv] [supp] [certs] 2.5, 8.3', docUrl: DOC.srv },
  { id: 'CFG-VM-COUNT', defaultSeverity: 'error', title: 'VM instance count must be between 1 and 16', source: '[setup] 2.2', docUrl: DOC.setup },
  { id: 'CFG-VM-SIZE', defaultSeverity: 'warning', title: 'VM size is for labs only or not used by this deployment method', source: '[setup] [scale] 2.2', docUrl: DOC.setup },
  { id: 'CFG-FQDN-SUFFIX', defaultSeverity: 'error', title: 'Service name or deployment name does not fit the Azure environment and deployment method', source: '[srv] [ep] [az-gov] 1.7, 1.10, 8.1', docUrl: DOC.srv },
  { id: 'CFG-REGION', defaultSeverity: 'error', title: 'Region is not an Azure region of the environment', source: '[setup] 2.2; Azure regions list', docUrl: DOC.regions },
  { id: 'CFG-SITE-VERSION', defaultSeverity: 'error', title: 'Site version is not a ConfigMgr build that supports a CMG', source: '[L-setup18] [setup] 1.1', docUrl: DOC.setup },
  { id: 'CFG-CLASSIC', defaultSeverity: 'error', title: 'Cloud service (classic) gateways can no longer be created from 2203', source: '[plan] [setup] [modify] 1.4, 1.10, 5.4', docUrl: DOC.modify },
  { id: 'CFG-VMSS-VERSION', defaultSeverity: 'error', title: 'Virtual machine scale set needs a newer site version for this configuration', source: '[plan] [setup] 1.4, 1.5', docUrl: DOC.plan },
  { id: 'CFG-CP-GATEWAY', defaultSeverity: 'error', title: 'Connection point names a gateway that does not exist', source: '[setup] 4.1, 6.4', docUrl: DOC.setup },
  { id: 'CFG-NO-CP', defaultSeverity: 'warning', title: 'Gateway has no connection point', source: '[setup] [hier] 4.1', docUrl: DOC.setup },
  { id: 'CFG-NO-MP', defaultSeverity: 'error', title: 'No management point allows CMG traffic', source: '[setup] [supp] 4.3', docUrl: DOC.setup },
  { id: 'CFG-MP-HTTPS', defaultSeverity: 'error', title: 'Management point allows CMG traffic without HTTPS or Enhanced HTTP', source: '[certs] [auth] [faq] 4.4', docUrl: DOC.auth },
  { id: 'CFG-TRUSTED-LIMIT', defaultSeverity: 'error', title: 'More trusted root and intermediate certificates than the site version accepts', source: '[setup] [certs] 2.2, 8.4', docUrl: DOC.certs },
  { id: 'CFG-TRUSTED-MISSING', defaultSeverity: 'warning', title: 'Trusted certificates do not fit the client authentication method', source: '[setup] [auth] 2.2, 3.6', docUrl: DOC.auth },
  { id: 'CFG-CERT-MISSING', defaultSeverity: 'error', title: 'Referenced certificate file does not exist', source: '[srv] [setup] 2.2, 3.1', docUrl: DOC.srv },
  { id: 'CFG-SUBSCRIPTION', defaultSeverity: 'error', title: 'Subscription ID is not a GUID', source: '[setup] 2.1', docUrl: DOC.setup },
  { id: 'CFG-ALERTS', defaultSeverity: 'warning', title: 'Alert warning percentage is not below the critical percentage', source: '[mon] 2.3', docUrl: DOC.mon },
  { id: 'CFG-PORTS', defaultSeverity: 'info', title: 'Outbound ports the connection points need for this gateway', source: '[flow] [L-plan] 4.6, 4.7, 1.6', docUrl: DOC.flow },
];

const byId = new Map(CONFIG_RULES.map((r) => [r.id, r]));

export function configRule(id: string): import('../findings').RuleInfo | undefined {
  return byId.get(id);
}
