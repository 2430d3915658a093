/**
 * Semantic CFG-* rules: what the schema can't say (cross-references, version gates, names).
 * Thresholds and gates come from ../shared/domain/cmg-rules.md (section numbers in comments).
 * The file is user input, so every value is type-checked before use (the schema reports types).
 */
import * as path from 'node:path';
import type { Finding, QuickFix } from '../findings';
import { t } from '../l10n';
import type { CmgConfig, DeepPartial } from '../model';
import { siteVersionNumber } from '../model';
import { replaceValue } from './edits';
import type { ParsedConfig } from './parse';
import { AZURE_PUBLIC_REGIONS, AZURE_US_GOV_REGIONS, normalizeRegion } from './regions';

export interface RuleContext {
  filePath: string;
  deployed?: DeepPartial<CmgConfig>;
  usGovVmssSuffix?: string;
  fileExists?: (absolutePath: string) => boolean;
}

export const DEFAULT_US_GOV_VMSS_SUFFIX = 'cloudapp.usgovcloudapi.net';
const SERVICE_PREFIX = /^[a-z][a-z0-9]{2,23}$/i; // [srv] 2.5
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MIN_VM = 1;
const MAX_VM = 16; // [setup] 2.2

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const lower = (s: string | undefined): string | undefined => s?.toLowerCase();

function portRange(first: number, count: number): string {
  return count <= 1 ? String(first) : `${first}–${first + count - 1}`;
}

/** Runs every semantic rule. `range` is filled later by the pipeline from `path`. */
export function semanticFindings(parsed: ParsedConfig, ctx: RuleContext): Finding[] {
  const config = obj(parsed.config);
  if (!config) return [];
  const out: Finding[] = [];
  const site = obj(config.site);
  const versionText = str(site?.version);
  const v = versionText !== undefined ? siteVersionNumber(versionText) : Number.NaN;
  const known = Number.isFinite(v);
  const gateways = list(config.gateways).map(obj);
  const cps = list(config.connectionPoints).map(obj);
  const roles = list(config.siteRoles).map(obj);
  const deployedGateways = list(obj(ctx.deployed)?.gateways).map(obj);
  const govSuffix = (ctx.usGovVmssSuffix?.trim() || DEFAULT_US_GOV_VMSS_SUFFIX).toLowerCase().replace(/^\.+/, '');
  const names = gateways.map((g) => str(g?.name));
  const label = (i: number): string => names[i] ?? `gateways[${i}]`;

  // CFG-SITE-VERSION: yymm, CMG from 1610 (pre-release), GA 1802 [L-setup18] 1.1
  if (versionText !== undefined) {
    const p = '/site/version';
    if (!/^\d{4}$/.test(versionText)) {
      out.push({ rule: 'CFG-SITE-VERSION', severity: 'error', path: p, message: t('Site version "{0}" is not a ConfigMgr build in the form yymm (for example 2403).', versionText) });
    } else {
      const month = Number(versionText.slice(2));
      if (month < 1 || month > 12) {
        out.push({ rule: 'CFG-SITE-VERSION', severity: 'error', path: p, message: t('Site version "{0}" is not a ConfigMgr build: the last two digits are the month (01–12).', versionText) });
      } else if (v < 1610) {
        out.push({ rule: 'CFG-SITE-VERSION', severity: 'error', path: p, message: t('Site version {0} has no cloud management gateway: it arrived in 1610.', versionText) });
      } else if (v < 1802) {
        out.push({ rule: 'CFG-SITE-VERSION', severity: 'warning', path: p, message: t('On site version {0} the cloud management gateway is a pre-release feature (generally available from 1802): enable it before use.', versionText) });
      }
    }
  }
  const gate = known && Number(versionText!.slice(2)) >= 1 && Number(versionText!.slice(2)) <= 12;

  // CFG-DUPLICATE: names, service names, prefixes (globally unique DNS/storage/key vault names) [srv] 2.5, 7.4
  const firstByName = new Map<string, number>();
  const firstByFqdn = new Map<string, number>();
  const firstByPrefix = new Map<string, number>();
  gateways.forEach((g, i) => {
    const name = lower(str(g?.name));
    if (name) {
      const j = firstByName.get(name);
      if (j !== undefined) out.push({ rule: 'CFG-DUPLICATE', severity: 'error', path: `/gateways/${i}/name`, message: t('Gateway name "{0}" is already used by gateways[{1}].', str(g?.name)!, j) });
      else firstByName.set(name, i);
    }
    const fqdn = lower(str(g?.serviceFqdn));
    if (fqdn) {
      const j = firstByFqdn.get(fqdn);
      const prefix = fqdn.split('.')[0];
      const k = firstByPrefix.get(prefix);
      if (j !== undefined) {
        out.push({ rule: 'CFG-DUPLICATE', severity: 'error', path: `/gateways/${i}/serviceFqdn`, message: t('Service name {0} is already used by gateway "{1}".', str(g?.serviceFqdn)!, label(j)) });
      } else if (k !== undefined && prefix !== '*') {
        out.push({ rule: 'CFG-DUPLICATE', severity: 'error', path: `/gateways/${i}/serviceFqdn`, message: t('Service name prefix "{0}" is already used by gateway "{1}": the prefix names the Azure cloud service, storage account and key vault, so it must be unique.', prefix, label(k)) });
      }
      if (j === undefined) firstByFqdn.set(fqdn, i);
      if (k === undefined) firstByPrefix.set(prefix, i);
    }
    for (const key of ['trustedCertificates', 'boundaryGroups'] as const) {
      const seen = new Set<string>();
      list(g?.[key]).forEach((item, n) => {
        const s = str(item);
        if (s === undefined) return;
        const norm = key === 'trustedCertificates' ? path.normalize(s).toLowerCase() : s.toLowerCase();
        if (seen.has(norm)) out.push({ rule: 'CFG-DUPLICATE', severity: 'warning', path: `/gateways/${i}/${key}/${n}`, message: t('"{0}" is listed twice in {1} of gateway "{2}".', s, key, label(i)) });
        seen.add(norm);
      });
    }
  });
  const cpSeen = new Map<string, number>();
  cps.forEach((cp, i) => {
    const server = lower(str(cp?.server));
    const siteCode = lower(str(cp?.siteCode));
    if (!server || !siteCode) return;
    const key = `${server}|${siteCode}`;
    const j = cpSeen.get(key);
    if (j !== undefined) out.push({ rule: 'CFG-DUPLICATE', severity: 'error', path: `/connectionPoints/${i}`, message: t('Server {0} already has a connection point for site {1} (connectionPoints[{2}]): a site system holds one connection point per site.', str(cp?.server)!, str(cp?.siteCode)!, j) });
    else cpSeen.set(key, i);
  });
  const roleSeen = new Map<string, number>();
  roles.forEach((r, i) => {
    const server = lower(str(r?.server));
    const role = str(r?.role);
    if (!server || !role) return;
    const key = `${server}|${role}`;
    const j = roleSeen.get(key);
    if (j !== undefined) out.push({ rule: 'CFG-DUPLICATE', severity: 'error', path: `/siteRoles/${i}`, message: t('Site role {0} on {1} is already listed in siteRoles[{2}].', role, str(r?.server)!, j) });
    else roleSeen.set(key, i);
  });

  const clientAuth = str(site?.clientAuthentication);

  gateways.forEach((g, i) => {
    if (!g) return;
    const p = `/gateways/${i}`;
    const name = label(i);
    const fqdn = str(g.serviceFqdn);
    const method = str(g.deploymentMethod);
    const env = str(g.environment);
    const region = str(g.region);
    const gov = env === 'AzureUSGovernmentCloud';

    // CFG-SERVICE-NAME [srv] [supp] 2.5, 3.4
    if (fqdn && fqdn.includes('.')) {
      const prefix = fqdn.split('.')[0];
      if (prefix === '*') {
        out.push({ rule: 'CFG-SERVICE-NAME', severity: 'error', path: `${p}/serviceFqdn`, message: t('Service name {0} is a wildcard: replace "*" with the prefix you want, as the console asks for wildcard certificates.', fqdn) });
      } else if (!SERVICE_PREFIX.test(prefix)) {
        out.push({ rule: 'CFG-SERVICE-NAME', severity: 'error', path: `${p}/serviceFqdn`, message: t('Service name prefix "{0}" of {1} must be a letter followed by 2 to 23 letters or digits (no hyphens): it becomes the Azure cloud service, key vault and storage account name.', prefix, fqdn) });
      }
    }

    // CFG-FQDN-SUFFIX [srv] [ep] [az-gov] 1.7, 1.10, 8.1
    if (fqdn && fqdn.includes('.') && (method === 'vmss' || method === 'classic') && (env === 'AzurePublicCloud' || gov)) {
      const f = fqdn.toLowerCase();
      const labels = f.split('.');
      const regionNorm = region ? normalizeRegion(region) : undefined;
      const fp = `${p}/serviceFqdn`;
      const push = (message: string, severity: 'error' | 'warning' = 'error'): void => {
        out.push({ rule: 'CFG-FQDN-SUFFIX', severity, path: fp, message });
      };
      if (f.endsWith('.cloudapp.net') || f.endsWith('.usgovcloudapp.net')) {
        const govName = f.endsWith('.usgovcloudapp.net');
        if (method === 'vmss') push(t('Service name {0} is a cloud service (classic) name: a virtual machine scale set can\'t use it. Use a name in your own domain (a new certificate and a new gateway).', fqdn));
        else if (govName !== gov) push(govName ? t('Service name {0} is an Azure US Government name, but the gateway is in the Azure public cloud (expected <prefix>.cloudapp.net).', fqdn) : t('Service name {0} is an Azure public cloud name, but the gateway is in Azure US Government (expected <prefix>.usgovcloudapp.net).', fqdn));
        else if (labels.length !== 3) push(t('Service name {0} should be <prefix>.{1}.', fqdn, govName ? 'usgovcloudapp.net' : 'cloudapp.net'));
      } else if (f.endsWith('.cloudapp.azure.com')) {
        if (method === 'classic') push(t('Service name {0} is a virtual machine scale set name; a cloud service (classic) gateway uses <prefix>.{1}.', fqdn, gov ? 'usgovcloudapp.net' : 'cloudapp.net'));
        else if (gov) push(t('Service name {0} is an Azure public cloud name, but the gateway is in Azure US Government (expected <prefix>.<region>.{1}).', fqdn, govSuffix));
        else if (labels.length !== 5 || (regionNorm !== undefined && labels[1] !== regionNorm)) push(t('Service name {0} should be <prefix>.{1}.cloudapp.azure.com for region {1}.', fqdn, region ?? '<region>'));
      } else if (f.endsWith('.' + govSuffix)) {
        const n = govSuffix.split('.').length;
        if (method === 'classic') push(t('Service name {0} is a virtual machine scale set name; a cloud service (classic) gateway uses <prefix>.{1}.', fqdn, gov ? 'usgovcloudapp.net' : 'cloudapp.net'));
        else if (!gov) push(t('Service name {0} is an Azure US Government name, but the gateway is in the Azure public cloud (expected <prefix>.<region>.cloudapp.azure.com).', fqdn));
        else if (labels.length !== n + 2 || (regionNorm !== undefined && labels[1] !== regionNorm)) push(t('Service name {0} should be <prefix>.{1}.{2} for region {1}.', fqdn, region ?? '<region>', govSuffix));
      } else if (f.endsWith('.usgovcloudapi.net') || f.endsWith('.azure.com') || f.endsWith('.windows.net') || f.endsWith('.azure.us')) {
        push(t('Service name {0} is in an Azure domain that is not a CMG deployment name for this method and environment (expected {1}); the documentation disagrees on the US Government suffix, so compare with the console\'s Deployment name and the setting cmg.azure.usGovVmssSuffix ({2}).', fqdn, method === 'classic' ? (gov ? '<prefix>.usgovcloudapp.net' : '<prefix>.cloudapp.net') : gov ? `<prefix>.<region>.${govSuffix}` : '<prefix>.<region>.cloudapp.azure.com', govSuffix), 'warning');
      }
      // Anything else is a custom domain: fine (needs a CNAME to the deployment name) [srv] 3.2.
    }

    // CFG-REGION [setup] 2.2
    if (region !== undefined && region.length > 0 && (env === 'AzurePublicCloud' || gov)) {
      const own = gov ? AZURE_US_GOV_REGIONS : AZURE_PUBLIC_REGIONS;
      const other = gov ? AZURE_PUBLIC_REGIONS : AZURE_US_GOV_REGIONS;
      const norm = normalizeRegion(region);
      const rp = `${p}/region`;
      if (own.includes(region)) {
        // ok
      } else if (own.includes(norm)) {
        out.push({ rule: 'CFG-REGION', severity: 'warning', path: rp, message: t('Region "{0}" should be written as Azure names it: {1}.', region, norm), fixes: [{ title: t('Change to {0}', JSON.stringify(norm)), edits: replaceValue(parsed, rp, norm), preferred: true }] });
      } else if (other.includes(norm)) {
        out.push({ rule: 'CFG-REGION', severity: 'error', path: rp, message: gov ? t('Region {0} is an Azure public cloud region, but the gateway is in Azure US Government.', region) : t('Region {0} is an Azure US Government region, but the gateway is in the Azure public cloud.', region) });
      } else {
        out.push({ rule: 'CFG-REGION', severity: 'warning', path: rp, message: t('Region {0} is not a known Azure region for {1}; check the spelling (for example {2}).', region, env!, own[0]) });
      }
    }

    // CFG-VM-COUNT [setup] 2.2
    const count = num(g.vmInstances);
    if (count !== undefined && Number.isInteger(count) && (count < MIN_VM || count > MAX_VM)) {
      const clamped = Math.min(MAX_VM, Math.max(MIN_VM, count));
      out.push({
        rule: 'CFG-VM-COUNT',
        severity: 'error',
        path: `${p}/vmInstances`,
        message: t('Gateway "{0}" has {1} VM instances; the console allows 1 to 16.', name, count),
        fixes: [{ title: t('Change to {0}', String(clamped)), edits: replaceValue(parsed, `${p}/vmInstances`, clamped), preferred: true }],
      });
    }

    // CFG-VM-SIZE [setup] [scale] 2.2
    const size = str(g.vmSize);
    if (size === 'Standard_B2s') {
      out.push({ rule: 'CFG-VM-SIZE', severity: 'warning', path: `${p}/vmSize`, message: t('Gateway "{0}" uses Lab (Standard_B2s): 10 clients per VM, for lab use only.', name) });
    } else if (size !== undefined && size !== 'Standard_A2_v2' && method === 'vmss' && gate && v < 2107) {
      out.push({ rule: 'CFG-VM-SIZE', severity: 'warning', path: `${p}/vmSize`, message: t('VM size {0} can be chosen from 2107; site version {1} creates Standard_A2_v2.', size, versionText!) });
    }

    // CFG-SUBSCRIPTION [setup] 2.1
    const sub = str(g.subscriptionId);
    if (sub !== undefined) {
      const sp = `${p}/subscriptionId`;
      if (!GUID.test(sub)) {
        let cleaned = sub.trim().replace(/^\/?subscriptions\//i, '').replace(/[{}()\s]/g, '');
        if (/^[0-9a-f]{32}$/i.test(cleaned)) cleaned = `${cleaned.slice(0, 8)}-${cleaned.slice(8, 12)}-${cleaned.slice(12, 16)}-${cleaned.slice(16, 20)}-${cleaned.slice(20)}`;
        const fixes: QuickFix[] | undefined = GUID.test(cleaned) ? [{ title: t('Change to {0}', JSON.stringify(cleaned.toLowerCase())), edits: replaceValue(parsed, sp, cleaned.toLowerCase()), preferred: true }] : undefined;
        out.push({ rule: 'CFG-SUBSCRIPTION', severity: 'error', path: sp, message: t('Subscription ID {0} of gateway "{1}" is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).', JSON.stringify(sub), name), fixes });
      } else if (/^[0-]+$/.test(sub)) {
        out.push({ rule: 'CFG-SUBSCRIPTION', severity: 'warning', path: sp, message: t('Subscription ID of gateway "{0}" is the all-zero placeholder: put in your Azure subscription ID.', name) });
      }
    }

    // CFG-CLASSIC [plan] [setup] [modify] 1.4, 1.10
    if (method === 'classic' && gate && v >= 2203) {
      const nm = lower(str(g.name));
      const before = nm ? deployedGateways.find((d) => lower(str(d?.name)) === nm) : undefined;
      const convert: QuickFix = { title: t('Convert to a virtual machine scale set ("deploymentMethod": "vmss")'), edits: replaceValue(parsed, `${p}/deploymentMethod`, 'vmss'), preferred: true };
      const createNew: QuickFix = { title: t('Use a virtual machine scale set ("deploymentMethod": "vmss")'), edits: replaceValue(parsed, `${p}/deploymentMethod`, 'vmss'), preferred: true };
      const azureClassicName = /\.(usgov)?cloudapp\.net$/i.test(fqdn ?? '');
      if (before && str(before.deploymentMethod) === 'classic' && azureClassicName) {
        // [modify] 1.10: a service name under cloudapp.net can't be converted.
        out.push({ rule: 'CFG-CLASSIC', severity: 'warning', path: `${p}/deploymentMethod`, message: t('Gateway "{0}" is a cloud service (classic) gateway, which site version {1} can no longer create, and its service name {2} is under cloudapp.net, so it can\'t be converted: plan a new virtual machine scale set gateway with a new certificate in your own domain.', name, versionText!, fqdn!) });
      } else if (before && str(before.deploymentMethod) === 'classic') {
        out.push({ rule: 'CFG-CLASSIC', severity: 'warning', path: `${p}/deploymentMethod`, message: t('Gateway "{0}" is a cloud service (classic) gateway: site version {1} can no longer create them. Convert it to a virtual machine scale set (Convert, 2107+).', name, versionText!), fixes: [convert] });
      } else {
        out.push({ rule: 'CFG-CLASSIC', severity: 'error', path: `${p}/deploymentMethod`, message: t('Gateway "{0}" is new and uses cloud service (classic), which site version {1} can no longer create (2203+): use a virtual machine scale set.', name, versionText!), fixes: [createNew] });
      }
    }

    // CFG-VMSS-VERSION [plan] [setup] 1.4, 1.5
    if (method === 'vmss' && gate) {
      const mp = `${p}/deploymentMethod`;
      if (v < 2010) {
        out.push({ rule: 'CFG-VMSS-VERSION', severity: 'error', path: mp, message: t('Gateway "{0}" uses a virtual machine scale set, which needs site version 2010 or later (site: {1}).', name, versionText!) });
      } else {
        if (gov && v < 2111) out.push({ rule: 'CFG-VMSS-VERSION', severity: 'error', path: `${p}/environment`, message: t('Gateway "{0}": a virtual machine scale set in Azure US Government needs site version 2111 or later (site: {1}).', name, versionText!) });
        if (v < 2107) {
          if (gateways.some((o) => str(o?.deploymentMethod) === 'classic')) out.push({ rule: 'CFG-VMSS-VERSION', severity: 'error', path: mp, message: t('On site version {0} every gateway must use the same deployment method; mixing virtual machine scale sets and cloud services (classic) needs 2107.', versionText!) });
          const rg = str(obj(g.resourceGroup)?.name);
          if (rg !== undefined && !/^[a-z0-9-]+$/.test(rg)) out.push({ rule: 'CFG-VMSS-VERSION', severity: 'error', path: `${p}/resourceGroup/name`, message: t('On site version {0} a virtual machine scale set\'s resource group name may contain only lowercase letters, digits and hyphens: "{1}".', versionText!, rg) });
        }
      }
    }

    // CFG-TRUSTED-LIMIT [setup] [certs] 2.2, 8.4: up to 1902, 2 roots + 4 intermediates. Which is which
    // needs the certificates (cert checks' TRUSTED-INTERMEDIATE); here only the total is known.
    const trusted = list(g.trustedCertificates);
    if (gate && v <= 1902 && trusted.length > 6) {
      out.push({ rule: 'CFG-TRUSTED-LIMIT', severity: 'error', path: `${p}/trustedCertificates`, message: t('Gateway "{0}" lists {1} trusted certificates; up to 1902 the console accepts at most 2 root and 4 intermediate certificates (6).', name, trusted.length) });
    }

    // CFG-TRUSTED-MISSING [setup] [auth] 2.2, 3.6
    if ((clientAuth === 'pki' || clientAuth === 'both') && Array.isArray(g.trustedCertificates) && trusted.length === 0) {
      out.push({ rule: 'CFG-TRUSTED-MISSING', severity: 'warning', path: `${p}/trustedCertificates`, message: t('Gateway "{0}" has no trusted root or intermediate certificates, but clients authenticate with PKI certificates: add the client certificates\' chain.', name) });
    } else if (clientAuth === 'entra' && trusted.length > 0) {
      out.push({ rule: 'CFG-TRUSTED-MISSING', severity: 'info', path: `${p}/trustedCertificates`, message: t('Gateway "{0}" lists trusted certificates, but clients authenticate with Microsoft Entra ID only: they are used only for PKI client authentication.', name) });
    }

    // CFG-CERT-MISSING [srv] [setup]: through the injected fileExists only
    if (ctx.fileExists) {
      const dir = path.dirname(ctx.filePath);
      const check = (rel: unknown, pointer: string): void => {
        const s = str(rel);
        if (!s) return;
        const abs = path.resolve(dir, s);
        if (!ctx.fileExists!(abs)) out.push({ rule: 'CFG-CERT-MISSING', severity: 'error', path: pointer, message: t('Certificate file {0} does not exist (looked for {1}).', s, abs) });
      };
      check(g.serverCertificate, `${p}/serverCertificate`);
      trusted.forEach((c, n) => check(c, `${p}/trustedCertificates/${n}`));
    }

    // CFG-ALERTS [mon] 2.3
    const alerts = obj(g.alerts);
    for (const kind of ['dataTransfer', 'storage'] as const) {
      const a = obj(alerts?.[kind]);
      const w = num(a?.warningPercent);
      const c = num(a?.criticalPercent);
      if (w !== undefined && c !== undefined && w >= c) {
        out.push({ rule: 'CFG-ALERTS', severity: 'warning', path: `${p}/alerts/${kind}/warningPercent`, message: t('Gateway "{0}": the {1} warning percentage ({2}) should be below the critical percentage ({3}).', name, kind, w, c) });
      }
    }

    // CFG-PORTS [flow] [L-plan] 4.6, 4.7, 1.6
    if (count !== undefined && Number.isInteger(count) && count >= MIN_VM && count <= MAX_VM) {
      const https = count === 1 ? '443' : portRange(10124, count);
      if (method === 'classic') {
        out.push({ rule: 'CFG-PORTS', severity: 'info', path: `${p}/vmInstances`, message: t('Connection points of gateway "{0}" need outbound TCP-TLS {1} to the gateway (preferred, can\'t go through a proxy), or HTTPS {2} as the fallback.', name, portRange(10140, count), https) });
      } else if (method === 'vmss') {
        out.push({ rule: 'CFG-PORTS', severity: 'info', path: `${p}/vmInstances`, message: t('Connection points of gateway "{0}" need outbound HTTPS {1} to the gateway (a virtual machine scale set uses HTTPS only).', name, https) });
      }
    }
  });

  // CFG-CP-GATEWAY [setup] 4.1, 6.4
  const validNames = names.filter((n): n is string => n !== undefined);
  cps.forEach((cp, i) => {
    const gw = str(cp?.gateway);
    if (gw === undefined || validNames.includes(gw)) return;
    const ci = validNames.filter((n) => n.toLowerCase() === gw.toLowerCase());
    const target = ci.length === 1 ? ci[0] : validNames.length === 1 && gateways.length === 1 ? validNames[0] : undefined;
    const gp = `/connectionPoints/${i}/gateway`;
    out.push({
      rule: 'CFG-CP-GATEWAY',
      severity: 'error',
      path: gp,
      message: t('Connection point on {0} names gateway "{1}", which is not in this file.', str(cp?.server) ?? `connectionPoints[${i}]`, gw),
      fixes: target !== undefined ? [{ title: t('Change to {0}', JSON.stringify(target)), edits: replaceValue(parsed, gp, target), preferred: true }] : undefined,
    });
  });

  // CFG-NO-CP [setup] [hier] 4.1
  const referenced = new Set(cps.map((cp) => str(cp?.gateway)).filter((x): x is string => x !== undefined));
  gateways.forEach((g, i) => {
    const n = str(g?.name);
    if (n !== undefined && !referenced.has(n)) out.push({ rule: 'CFG-NO-CP', severity: 'warning', path: `/gateways/${i}/name`, message: t('Gateway {0} has no connection point.', n) });
  });

  // CFG-NO-MP [setup] [supp] 4.3
  if (gateways.length > 0 && Array.isArray(config.siteRoles)) {
    const mps = roles.map((r, i) => ({ r, i })).filter(({ r }) => str(r?.role) === 'managementPoint');
    if (!mps.some(({ r }) => r?.allowCmgTraffic === true)) {
      const only = mps.length === 1 && typeof mps[0].r?.allowCmgTraffic === 'boolean' ? mps[0] : undefined;
      out.push({
        rule: 'CFG-NO-MP',
        severity: 'error',
        path: '/siteRoles',
        message: t('No management point allows cloud management gateway traffic: turn on "Allow Configuration Manager cloud management gateway traffic" on at least one management point.'),
        fixes: only ? [{ title: t('Allow CMG traffic on management point {0}', str(only.r?.server) ?? ''), edits: replaceValue(parsed, `/siteRoles/${only.i}/allowCmgTraffic`, true), preferred: true }] : undefined,
      });
    }
  }

  // CFG-MP-HTTPS [certs] [auth] [faq] 4.4: 1802–1805 HTTPS; 1806+ HTTPS or Enhanced HTTP
  const needsCheck = !gate || v >= 1802;
  if (needsCheck) {
    const ehttpCounts = (!gate || v >= 1806) && site?.enhancedHttp === true;
    roles.forEach((r, i) => {
      if (str(r?.role) !== 'managementPoint' || r?.allowCmgTraffic !== true || r?.https !== false || ehttpCounts) return;
      out.push({
        rule: 'CFG-MP-HTTPS',
        severity: 'error',
        path: `/siteRoles/${i}/https`,
        message:
          gate && v < 1806
            ? t('Management point {0} allows CMG traffic over HTTP: site version {1} needs HTTPS.', str(r?.server) ?? `siteRoles[${i}]`, versionText!)
            : t('Management point {0} allows CMG traffic over HTTP, and the site does not use Enhanced HTTP: use HTTPS or turn on Enhanced HTTP.', str(r?.server) ?? `siteRoles[${i}]`),
        fixes: [{ title: t('Use HTTPS ("https": true)'), edits: replaceValue(parsed, `/siteRoles/${i}/https`, true), preferred: true }],
      });
    });
  }

  return out;
}

