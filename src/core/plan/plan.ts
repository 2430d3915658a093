/**
 * The change plan (issue #6): compares the desired configuration with the deployed snapshot
 * (same format; absent = nothing deployed) and says, per gateway, what happens and in which
 * order, so that internet clients always keep a working gateway. Pure: no I/O, no `vscode`.
 *
 * Rules (../shared/domain/cmg-rules.md): 1.8 in place, 1.9 redeploy, 1.10 Convert,
 * 5.1 keep one working CMG and wait a policy cycle (24 h), 5.2 new service name,
 * 5.3 same name only beside another CMG, 6.x the cmdlets behind each step kind.
 *
 * Execution order (the script and the extension follow it): stage 1 is every step before the
 * first `wait` of every gateway, in gateway order; then the wait; stage 2 is every step after
 * a wait. `set-role` steps sit at the end of stage 1 of the last gateway with work in it.
 */
import type { Finding } from '../findings';
import { t } from '../l10n';
import type { CmgConfig, ConnectionPoint, Gateway, SiteRole, SiteRoleKind } from '../model';
import { siteVersionNumber } from '../model';
import { canConvert, ChangeMode, fieldRule, GATEWAY_FIELD_RULES } from './fieldModes';

export type GatewayAction = 'none' | 'create' | 'update' | 'convert' | 'redeploy' | 'remove';

export interface FieldChange {
  /** JSON pointer relative to the gateway (`/vmInstances`), or `/connectionPoints`. */
  readonly field: string;
  readonly mode: ChangeMode;
}

interface GatewayRef {
  /** The gateway's `name` in the file (for a removed gateway: in the snapshot). */
  readonly gateway: string;
  /** Service name: what ConfigMgr calls the gateway (`-Name`). */
  readonly serviceFqdn: string;
}

export type PlanStep =
  | ({ readonly kind: 'create-gateway' } & GatewayRef)
  | ({ readonly kind: 'add-connection-point'; readonly server: string; readonly siteCode: string } & GatewayRef)
  | ({ readonly kind: 'update-gateway'; readonly fields: readonly string[] } & GatewayRef)
  | ({ readonly kind: 'convert-gateway'; readonly fields: readonly string[] } & GatewayRef)
  | { readonly kind: 'set-role'; readonly server: string; readonly role: SiteRoleKind; readonly allowCmgTraffic: boolean; readonly https: boolean }
  | { readonly kind: 'wait'; readonly hours: number; readonly gateway: string; readonly reason: string }
  | ({ readonly kind: 'remove-connection-point'; readonly server: string; readonly siteCode: string } & GatewayRef)
  | ({ readonly kind: 'remove-gateway' } & GatewayRef);

export type StepKind = PlanStep['kind'];

export interface GatewayPlan {
  readonly name: string;
  readonly action: GatewayAction;
  readonly changes: readonly FieldChange[];
  readonly steps: readonly PlanStep[];
}

export interface Plan {
  readonly gateways: readonly GatewayPlan[];
  readonly findings: readonly Finding[];
}

/** Facts about a server certificate the caller could read (issuer DN, organization). */
export interface CertificateFacts {
  readonly issuer?: string;
  readonly organization?: string;
}

/** A removal the journal says may not run yet (stage 2 of a redeploy). */
export interface PendingRemoval {
  readonly serviceFqdn: string;
  /** ISO 8601 time after which the old gateway may be removed. */
  readonly notBefore: string;
}

export interface PlanOptions {
  /** Certificate facts per gateway name, when the caller could read them (private → public PKI). */
  readonly certificates?: {
    readonly desired?: Readonly<Record<string, CertificateFacts | undefined>>;
    readonly deployed?: Readonly<Record<string, CertificateFacts | undefined>>;
  };
  /** From the journal: removals that must wait. */
  readonly pendingRemovals?: readonly PendingRemoval[];
  /** Now, for pending removals (tests pass their own). */
  readonly now?: Date;
  /** Policy-cycle wait before removing an old gateway, hours (at least 24). */
  readonly waitHours?: number;
  /** US Gov VMSS DNS suffix (setting `cmg.azure.usGovVmssSuffix`, rules 8.1). */
  readonly usGovVmssSuffix?: string;
}

/** DNS suffix of a VMSS deployment name: `<prefix>.<region>.<suffix>` (rules 1.7, 8.1). */
export function vmssSuffix(environment: string, usGovVmssSuffix?: string): string {
  return environment === 'AzureUSGovernmentCloud' ? usGovVmssSuffix || 'cloudapp.usgovcloudapi.net' : 'cloudapp.azure.com';
}

export const POLICY_CYCLE_HOURS = 24;
/** Convert (classic → VMSS) arrives in 2107 (rules 1.4, 1.10). */
export const CONVERT_MIN_VERSION = 2107;

/** Plan rule IDs (findings). */
export const PLAN_RULES = {
  lastCmg: 'PLAN-LAST-CMG',
  sameName: 'PLAN-REDEPLOY-SAME-NAME',
  newName: 'PLAN-REDEPLOY-WAIT',
  convertDns: 'PLAN-CONVERT-DNS',
  convertBlocked: 'PLAN-CONVERT-BLOCKED',
  certIssuer: 'PLAN-CERT-ISSUER',
  noConnectionPoint: 'PLAN-NO-CONNECTION-POINT',
  sharedConnectionPoint: 'PLAN-CP-SERVER-IN-USE',
  pendingWait: 'PLAN-WAIT-PENDING',
  createNotSupported: 'PLAN-CREATE-UNSUPPORTED',
} as const;

/** Classic creation is removed in 2203; VMSS arrives in 2010, US Gov VMSS in 2111 (rules 1.4). */
export const CLASSIC_CREATE_REMOVED_VERSION = 2203;
export const VMSS_MIN_VERSION = 2010;
export const VMSS_US_GOV_MIN_VERSION = 2111;

const ignoredFields = new Set(['/name', '/resourceGroup/create']);

/** The deployment prefix: the service name's first label, lower case (rules 1.7, 3.3). */
export function deploymentPrefix(serviceFqdn: string): string {
  return serviceFqdn.trim().split('.')[0]!.toLowerCase();
}

function sameGatewayName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function isEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = canonical((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

function valueAt(obj: unknown, pointer: string): unknown {
  let v: unknown = obj;
  for (const k of pointer.split('/').slice(1)) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

function leafPointers(a: unknown, b: unknown, pointer: string, out: string[]): void {
  if (isEqual(a, b)) return;
  const isObj = (x: unknown) => Boolean(x) && typeof x === 'object' && !Array.isArray(x);
  if (!isObj(a) || !isObj(b)) {
    out.push(pointer);
    return;
  }
  const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
  for (const k of keys) leafPointers((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${pointer}/${k}`, out);
}

/**
 * Changed fields between two gateways: one pointer per key of the field table (`/alerts` down
 * to its leaves, e.g. `/alerts/storage/thresholdGB`), plus any other changed property. `/name`
 * (the file's identifier) and `/resourceGroup/create` (creation only) are not changes.
 */
export function changedFields(desired: Gateway, deployed: Gateway): string[] {
  const out: string[] = [];
  const known = Object.keys(GATEWAY_FIELD_RULES);
  for (const key of known) {
    const a = valueAt(desired, key);
    const b = valueAt(deployed, key);
    if (key === '/alerts') leafPointers(a, b, key, out);
    else if (!isEqual(a, b)) out.push(key);
  }
  const covered = new Set(known.map((k) => `/${k.split('/')[1]}`));
  const keys = [...new Set([...Object.keys(desired), ...Object.keys(deployed)])].sort();
  for (const k of keys) {
    if (covered.has(`/${k}`)) continue;
    if (!isEqual((desired as unknown as Record<string, unknown>)[k], (deployed as unknown as Record<string, unknown>)[k])) out.push(`/${k}`);
  }
  return out.filter((f) => !ignoredFields.has(f));
}

function cpKey(cp: ConnectionPoint): string {
  return `${cp.server.toLowerCase()}|${cp.siteCode.toUpperCase()}`;
}

interface Pair {
  readonly desired?: Gateway;
  readonly deployed?: Gateway;
}

/** Matches gateways by `name`, then the rest by service name (a renamed identifier). */
function pairGateways(desired: readonly Gateway[], deployed: readonly Gateway[]): Pair[] {
  const left = new Set(deployed);
  const pairs: Pair[] = desired.map((d) => {
    const m = deployed.find((x) => left.has(x) && x.name === d.name);
    if (m) left.delete(m);
    return { desired: d, deployed: m };
  });
  for (const p of pairs) {
    if (p.deployed || !p.desired) continue;
    const m = deployed.find((x) => left.has(x) && sameGatewayName(x.serviceFqdn, p.desired!.serviceFqdn));
    if (m) {
      left.delete(m);
      (p as { deployed?: Gateway }).deployed = m;
    }
  }
  for (const d of deployed) if (left.has(d)) pairs.push({ deployed: d });
  return pairs;
}

interface Classified {
  action: GatewayAction;
  changes: FieldChange[];
  /** Fields applied after a convert with Set-CMCloudManagementGateway. */
  afterConvert: string[];
  convertFields: string[];
  inPlace: string[];
}

function classify(desired: Gateway, deployed: Gateway, config: CmgConfig, options: PlanOptions, findings: Finding[]): Classified {
  const fields = changedFields(desired, deployed);
  const bothClassic = desired.deploymentMethod === 'classic' && deployed.deploymentMethod === 'classic';
  // A classic cloud service has no VM size choice (rules 2.2): a size change there has no effect.
  const relevant = fields.filter((f) => !(bothClassic && f === '/vmSize'));

  // Private → public PKI (or any significant certificate change): a different issuer or organization.
  const dc = options.certificates?.desired?.[desired.name];
  const pc = options.certificates?.deployed?.[deployed.name];
  let certRedeploy = false;
  if (dc && pc) {
    const issuerChanged = dc.issuer !== undefined && pc.issuer !== undefined && dc.issuer !== pc.issuer;
    const orgChanged = dc.organization !== undefined && pc.organization !== undefined && dc.organization !== pc.organization;
    if (issuerChanged || orgChanged) {
      certRedeploy = true;
      if (!relevant.includes('/serverCertificate')) relevant.push('/serverCertificate');
      findings.push({
        rule: PLAN_RULES.certIssuer,
        severity: 'warning',
        message: issuerChanged
          ? t('Gateway {0}: the new server certificate has another issuer ({1}, was {2}). A change of certificate authority (e.g. private to public PKI) needs a redeploy.', desired.name, dc.issuer ?? '', pc.issuer ?? '')
          : t('Gateway {0}: the new server certificate has another organization ({1}, was {2}). A significant certificate change needs a redeploy.', desired.name, dc.organization ?? '', pc.organization ?? ''),
        path: `/gateways/${config.gateways.indexOf(desired)}/serverCertificate`,
      });
    }
  }

  const methodChanged = relevant.includes('/deploymentMethod');
  const version = siteVersionNumber(config.site.version);
  let convert = false;
  if (methodChanged) {
    const classicToVmss = deployed.deploymentMethod === 'classic' && desired.deploymentMethod === 'vmss';
    const nameOk = canConvert(deployed.serviceFqdn);
    const versionOk = version >= CONVERT_MIN_VERSION;
    const blockers = relevant.filter((f) => {
      const r = fieldRule(f);
      return f !== '/deploymentMethod' && (!r || (r.mode === 'redeploy' && !r.changeableInConvert));
    });
    convert = classicToVmss && nameOk && versionOk && blockers.length === 0 && !certRedeploy;
    if (!convert && classicToVmss) {
      const reason = !nameOk
        ? t('its service name {0} is under cloudapp.net, which cannot be converted: it needs a new certificate in your own domain and a new gateway', deployed.serviceFqdn)
        : !versionOk
          ? t('Convert needs site version 2107 or later (this site: {0})', config.site.version)
          : t('these changes cannot be made during Convert: {0}', [...blockers, ...(certRedeploy ? ['/serverCertificate'] : [])].join(', '));
      findings.push({
        rule: PLAN_RULES.convertBlocked,
        severity: 'info',
        message: t('Gateway {0} is redeployed instead of converted to a virtual machine scale set: {1}.', desired.name, reason),
        path: `/gateways/${config.gateways.indexOf(desired)}/deploymentMethod`,
      });
    }
  }

  const changes: FieldChange[] = [];
  const afterConvert: string[] = [];
  const convertFields: string[] = [];
  const inPlace: string[] = [];
  let redeploy = false;
  for (const f of relevant) {
    const r = fieldRule(f);
    let mode: ChangeMode;
    if (f === '/deploymentMethod') mode = convert ? 'convert' : 'redeploy';
    else if (f === '/serverCertificate' && certRedeploy) mode = 'redeploy';
    else if (!r) mode = 'redeploy';
    else if (convert && r.changeableInConvert) mode = 'convert';
    else mode = r.mode;
    if (mode === 'redeploy') redeploy = true;
    if (mode === 'convert') convertFields.push(f);
    if (mode === 'in-place') (convert ? afterConvert : inPlace).push(f);
    changes.push({ field: f, mode });
  }
  const action: GatewayAction = redeploy ? 'redeploy' : convert ? 'convert' : changes.length ? 'update' : 'none';
  return { action, changes, afterConvert, convertFields, inPlace };
}

function roleSteps(desired: readonly SiteRole[], deployed: readonly SiteRole[] | undefined): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const r of desired) {
    const before = deployed?.find((x) => x.server.toLowerCase() === r.server.toLowerCase() && x.role === r.role);
    const was = before?.allowCmgTraffic ?? false;
    if (was !== r.allowCmgTraffic) steps.push({ kind: 'set-role', server: r.server, role: r.role, allowCmgTraffic: r.allowCmgTraffic, https: r.https });
  }
  return steps;
}

function gwRef(g: Gateway): GatewayRef {
  return { gateway: g.name, serviceFqdn: g.serviceFqdn };
}

/**
 * Builds the plan. `desired` must be a valid configuration (the caller refuses files with CFG
 * errors); `deployed` undefined = nothing deployed.
 */
export function buildPlan(desired: CmgConfig, deployed: CmgConfig | undefined, options: PlanOptions = {}): Plan {
  const findings: Finding[] = [];
  const waitHours = Math.max(POLICY_CYCLE_HOURS, options.waitHours ?? POLICY_CYCLE_HOURS);
  const pairs = pairGateways(desired.gateways, deployed?.gateways ?? []);
  const desiredCps = desired.connectionPoints;
  const deployedCps = deployed?.connectionPoints ?? [];
  const cpsOf = (cps: readonly ConnectionPoint[], g: Gateway | undefined) => (g ? cps.filter((c) => c.gateway === g.name) : []);

  interface Work {
    name: string;
    action: GatewayAction;
    changes: FieldChange[];
    stage1: PlanStep[];
    wait?: PlanStep;
    stage2: PlanStep[];
    pair: Pair;
  }
  const work: Work[] = [];
  const classified = new Map<Pair, Classified>();
  for (const p of pairs) {
    if (p.desired && p.deployed) classified.set(p, classify(p.desired, p.deployed, desired, options, findings));
  }

  // Which deployed gateways keep serving clients throughout the plan?
  const stayingUp = pairs.filter((p) => p.deployed && p.desired && ['none', 'update', 'convert'].includes(classified.get(p)!.action));
  const creates = pairs.some((p) => p.desired && (!p.deployed || (classified.get(p)?.action === 'redeploy' && !sameGatewayName(deploymentPrefix(p.desired.serviceFqdn), deploymentPrefix(p.deployed.serviceFqdn)))));

  for (const p of pairs) {
    const d = p.desired;
    const o = p.deployed;
    const w: Work = { name: (d ?? o)!.name, action: 'none', changes: [], stage1: [], stage2: [], pair: p };
    work.push(w);
    const newCps = cpsOf(desiredCps, d);
    const oldCps = cpsOf(deployedCps, o);
    if (d && newCps.length === 0) {
      findings.push({
        rule: PLAN_RULES.noConnectionPoint,
        severity: 'warning',
        message: t('Gateway {0} has no connection point: clients cannot reach the site through it.', d.name),
        path: `/gateways/${desired.gateways.indexOf(d)}`,
      });
    }
    if (d && !o) {
      w.action = 'create';
      w.stage1.push({ kind: 'create-gateway', ...gwRef(d) });
      for (const cp of newCps) w.stage1.push({ kind: 'add-connection-point', ...gwRef(d), server: cp.server, siteCode: cp.siteCode });
      continue;
    }
    if (!d && o) {
      w.action = 'remove';
      const steps: PlanStep[] = [
        ...oldCps.map((cp): PlanStep => ({ kind: 'remove-connection-point', ...gwRef(o), server: cp.server, siteCode: cp.siteCode })),
        { kind: 'remove-gateway', ...gwRef(o) },
      ];
      if (creates) {
        // Another gateway is new: clients learn it at their next policy cycle; keep this one until then.
        w.wait = { kind: 'wait', hours: waitHours, gateway: o.name, reason: t('Clients learn about the new gateway at their next policy cycle; {0} stays until then.', o.serviceFqdn) };
        w.stage2.push(...steps);
      } else {
        w.stage1.push(...steps);
      }
      continue;
    }
    if (!d || !o) continue;
    const c = classified.get(p)!;
    w.action = c.action;
    w.changes = c.changes;
    const cpAdded = newCps.filter((cp) => !oldCps.some((x) => cpKey(x) === cpKey(cp)));
    const cpRemoved = oldCps.filter((cp) => !newCps.some((x) => cpKey(x) === cpKey(cp)));
    if (c.action === 'redeploy') {
      const gi = desired.gateways.indexOf(d);
      if (sameGatewayName(deploymentPrefix(d.serviceFqdn), deploymentPrefix(o.serviceFqdn))) {
        // Rules 5.3: the names (deployment name, key vault, storage account) are taken by the old gateway.
        const others = stayingUp.filter((x) => x !== p);
        if (others.length === 0) {
          findings.push({
            rule: PLAN_RULES.lastCmg,
            severity: 'error',
            message: t('Gateway {0} keeps the service name {1}, so it cannot run beside the old one: the old gateway must be deleted first, and no other working gateway serves internet clients meanwhile. Deploy a second gateway first, or use a new service name.', d.name, d.serviceFqdn),
            path: `/gateways/${gi}/serviceFqdn`,
          });
        } else {
          findings.push({
            rule: PLAN_RULES.sameName,
            severity: 'warning',
            message: t('Gateway {0} keeps the service name {1}, so it cannot run beside the old one: the old gateway is deleted first and recreated; meanwhile internet clients use {2}.', d.name, d.serviceFqdn, others.map((x) => x.desired!.serviceFqdn).join(', ')),
            path: `/gateways/${gi}/serviceFqdn`,
          });
        }
        for (const cp of oldCps) w.stage1.push({ kind: 'remove-connection-point', ...gwRef(o), server: cp.server, siteCode: cp.siteCode });
        w.stage1.push({ kind: 'remove-gateway', ...gwRef(o) });
        w.stage1.push({ kind: 'create-gateway', ...gwRef(d) });
        for (const cp of newCps) w.stage1.push({ kind: 'add-connection-point', ...gwRef(d), server: cp.server, siteCode: cp.siteCode });
      } else {
        // Rules 5.2: new gateway, its own connection point, wait a policy cycle, then remove the old.
        findings.push({
          rule: PLAN_RULES.newName,
          severity: 'info',
          message: t('Gateway {0} is redeployed as {1}: the new gateway and its connection point are created first; {2} is removed in a second stage, at least {3} hours later (client policy cycle).', d.name, d.serviceFqdn, o.serviceFqdn, String(waitHours)),
          path: `/gateways/${gi}/serviceFqdn`,
        });
        w.stage1.push({ kind: 'create-gateway', ...gwRef(d) });
        const sharedServers: ConnectionPoint[] = [];
        for (const cp of newCps) {
          if (oldCps.some((x) => cpKey(x) === cpKey(cp))) sharedServers.push(cp);
          else w.stage1.push({ kind: 'add-connection-point', ...gwRef(d), server: cp.server, siteCode: cp.siteCode });
        }
        if (sharedServers.length) {
          findings.push({
            rule: PLAN_RULES.sharedConnectionPoint,
            severity: sharedServers.length === newCps.length ? 'warning' : 'info',
            message: t('Connection point server {0} still serves the old gateway {1}; it is linked to the new gateway only in the second stage. Add a connection point on another server so that {2} works from the start.', sharedServers.map((x) => x.server).join(', '), o.serviceFqdn, d.serviceFqdn),
            path: `/gateways/${gi}`,
          });
        }
        w.wait = { kind: 'wait', hours: waitHours, gateway: d.name, reason: t('Clients learn about {0} at their next policy cycle; {1} stays until then.', d.serviceFqdn, o.serviceFqdn) };
        for (const cp of oldCps) w.stage2.push({ kind: 'remove-connection-point', ...gwRef(o), server: cp.server, siteCode: cp.siteCode });
        w.stage2.push({ kind: 'remove-gateway', ...gwRef(o) });
        for (const cp of sharedServers) w.stage2.push({ kind: 'add-connection-point', ...gwRef(d), server: cp.server, siteCode: cp.siteCode });
      }
      continue;
    }
    if (c.action === 'convert') {
      w.stage1.push({ kind: 'convert-gateway', ...gwRef(d), fields: c.convertFields });
      if (c.afterConvert.length) w.stage1.push({ kind: 'update-gateway', ...gwRef(d), fields: c.afterConvert });
      findings.push({
        rule: PLAN_RULES.convertDns,
        severity: 'info',
        message: t('Gateway {0}: after Convert, point the DNS CNAME of {1} at the new deployment name ({2}).', d.name, d.serviceFqdn, `${deploymentPrefix(d.serviceFqdn)}.${d.region}.${vmssSuffix(d.environment, options.usGovVmssSuffix)}`),
        path: `/gateways/${desired.gateways.indexOf(d)}/deploymentMethod`,
      });
    } else if (c.action === 'update') {
      w.stage1.push({ kind: 'update-gateway', ...gwRef(d), fields: c.inPlace });
    }
    if (cpAdded.length || cpRemoved.length) {
      if (w.action === 'none') w.action = 'update';
      w.changes.push({ field: '/connectionPoints', mode: 'in-place' });
      // Add before remove, so the gateway keeps a connection point.
      for (const cp of cpAdded) w.stage1.push({ kind: 'add-connection-point', ...gwRef(d), server: cp.server, siteCode: cp.siteCode });
      for (const cp of cpRemoved) w.stage1.push({ kind: 'remove-connection-point', ...gwRef(o), server: cp.server, siteCode: cp.siteCode });
    }
  }

  // Roles go last in stage 1: the gateways (and their connection points) exist by then.
  const roles = roleSteps(desired.siteRoles, deployed?.siteRoles);
  if (roles.length && work.length) {
    const target = [...work].reverse().find((w) => w.stage1.length) ?? work.find((w) => w.pair.desired) ?? work[0]!;
    target.stage1.push(...roles);
  }

  // Can the site create the gateways the plan creates? (rules 1.4)
  const version = siteVersionNumber(desired.site.version);
  for (const w of work) {
    for (const st of [...w.stage1, ...w.stage2]) {
      if (st.kind !== 'create-gateway') continue;
      const g = desired.gateways.find((x) => x.name === st.gateway);
      if (!g || Number.isNaN(version)) continue;
      const path = `/gateways/${desired.gateways.indexOf(g)}/deploymentMethod`;
      let message: string | undefined;
      if (g.deploymentMethod === 'classic' && version >= CLASSIC_CREATE_REMOVED_VERSION) {
        message = t('The plan creates gateway {0} as a cloud service (classic), which site version {1} can no longer create (removed in 2203). Use deploymentMethod "vmss".', g.name, desired.site.version);
      } else if (g.deploymentMethod === 'vmss' && version < VMSS_MIN_VERSION) {
        message = t('The plan creates gateway {0} as a virtual machine scale set, which needs site version 2010 or later (this site: {1}).', g.name, desired.site.version);
      } else if (g.deploymentMethod === 'vmss' && g.environment === 'AzureUSGovernmentCloud' && version < VMSS_US_GOV_MIN_VERSION) {
        message = t('The plan creates gateway {0} as a virtual machine scale set in Azure US Government, which needs site version 2111 or later (this site: {1}).', g.name, desired.site.version);
      }
      if (message) findings.push({ rule: PLAN_RULES.createNotSupported, severity: 'error', message, path });
    }
  }

  // Keep one working CMG (rules 5.1): nothing may leave internet clients without a gateway.
  if (deployed && deployed.gateways.length > 0 && desired.gateways.length === 0) {
    findings.push({
      rule: PLAN_RULES.lastCmg,
      severity: 'error',
      message: t('The plan removes every gateway ({0}): internet clients would be left without a cloud management gateway.', deployed.gateways.map((g) => g.serviceFqdn).join(', ')),
      path: '/gateways',
    });
  }

  // A gateway serves internet clients only with a connection point, and only through a
  // management point that allows CMG traffic (rules 4.1, 4.3).
  if (deployed && desired.gateways.length > 0) {
    const serving = (c: CmgConfig) => c.gateways.filter((g) => c.connectionPoints.some((cp) => cp.gateway === g.name)).length;
    const mpTraffic = (c: CmgConfig) => c.siteRoles.some((r) => r.role === 'managementPoint' && r.allowCmgTraffic);
    if (serving(deployed) > 0 && serving(desired) === 0) {
      findings.push({
        rule: PLAN_RULES.lastCmg,
        severity: 'error',
        message: t('After this plan no gateway has a connection point: internet clients would be left without a working cloud management gateway.'),
        path: '/connectionPoints',
      });
    }
    if (mpTraffic(deployed) && !mpTraffic(desired)) {
      findings.push({
        rule: PLAN_RULES.lastCmg,
        severity: 'error',
        message: t('After this plan no management point allows CMG traffic: internet clients could no longer reach the site through any gateway.'),
        path: '/siteRoles',
      });
    }
  }

  // Journal: removals that must still wait.
  const now = options.now ?? new Date();
  for (const w of work) {
    for (const s of [...w.stage1, ...w.stage2]) {
      if (s.kind !== 'remove-gateway') continue;
      const pending = options.pendingRemovals?.find((r) => sameGatewayName(r.serviceFqdn, s.serviceFqdn));
      if (pending && Date.parse(pending.notBefore) > now.getTime()) {
        findings.push({
          rule: PLAN_RULES.pendingWait,
          severity: 'error',
          message: t('Gateway {0} may be removed only after {1} (the wait recorded in the journal after its replacement was deployed).', s.serviceFqdn, pending.notBefore),
        });
      }
    }
  }

  const gateways: GatewayPlan[] = work.map((w) => ({
    name: w.name,
    action: w.action,
    changes: w.changes,
    steps: [...w.stage1, ...(w.wait ? [w.wait] : []), ...w.stage2],
  }));
  return { gateways, findings };
}

/** A step with its place in the whole plan (execution order) and its stage. */
export interface SequencedStep {
  /** 1-based index in the execution order. */
  readonly index: number;
  readonly stage: 1 | 2;
  readonly gateway: string;
  readonly step: PlanStep;
}

/** The plan's steps in execution order (see the module comment). Waits are merged into one. */
export function sequence(plan: Plan): SequencedStep[] {
  const s1: Array<Omit<SequencedStep, 'index'>> = [];
  const s2: Array<Omit<SequencedStep, 'index'>> = [];
  let wait: Omit<SequencedStep, 'index'> | undefined;
  for (const g of plan.gateways) {
    let stage: 1 | 2 = 1;
    for (const step of g.steps) {
      if (step.kind === 'wait') {
        if (!wait || step.hours > (wait.step as { hours: number }).hours) wait = { stage: 1, gateway: g.name, step };
        stage = 2;
        continue;
      }
      (stage === 1 ? s1 : s2).push({ stage, gateway: g.name, step });
    }
  }
  const all = [...s1, ...(wait ? [wait] : []), ...s2];
  return all.map((x, i) => ({ ...x, index: i + 1 }));
}

export function planHasErrors(plan: Plan): boolean {
  return plan.findings.some((f) => f.severity === 'error');
}

/** The plan as the CLI's JSON contract: `{gateways: [{name, action, changes, steps}], findings: [{rule, severity, message}]}`. */
export function planToJson(plan: Plan): { gateways: GatewayPlan[]; findings: Array<{ rule: string; severity: string; message: string }> } {
  return {
    gateways: plan.gateways.map((g) => ({ name: g.name, action: g.action, changes: g.changes.map((c) => ({ field: c.field, mode: c.mode })), steps: g.steps.map((s) => ({ ...s })) })),
    findings: plan.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message })),
  };
}
