import * as assert from 'node:assert/strict';
import type { CmgConfig, Gateway } from '../../../src/core/model';
import { buildPlan, changedFields, planToJson, sequence, type GatewayAction, type PlanOptions } from '../../../src/core/plan/plan';
import { config, gateway, legacy } from './fixtures';

type Mutate = (g: Gateway) => Gateway;

interface Case {
  readonly name: string;
  /** Rules doc section the case comes from. */
  readonly rule: string;
  readonly change: Mutate;
  readonly deployed?: Gateway;
  readonly action: GatewayAction;
  readonly changes: Array<[string, string]>;
  readonly kinds: string[];
  readonly findings?: string[];
  readonly version?: string;
  /** Run with a second, untouched gateway deployed (rules 5.3). */
  readonly withSecond?: boolean;
  readonly options?: PlanOptions;
  /** The desired connection point is on a new server (a new-name redeploy needs its own, rules 5.2). */
  readonly newCpServer?: boolean;
}

const A = gateway();
const L = legacy();

const cases: Case[] = [
  { name: 'no change', rule: '-', change: (g) => g, action: 'none', changes: [], kinds: [] },
  { name: 'description', rule: '1.8', change: (g) => ({ ...g, description: 'Renamed' }), action: 'update', changes: [['/description', 'in-place']], kinds: ['update-gateway'] },
  { name: 'VM instance count', rule: '1.8', change: (g) => ({ ...g, vmInstances: 3 }), action: 'update', changes: [['/vmInstances', 'in-place']], kinds: ['update-gateway'] },
  { name: 'certificate renewal (same CN)', rule: '1.8, 3.5', change: (g) => ({ ...g, serverCertificate: 'certs/granitefalls-2027.pfx' }), action: 'update', changes: [['/serverCertificate', 'in-place']], kinds: ['update-gateway'] },
  { name: 'trusted CAs', rule: '1.8', change: (g) => ({ ...g, trustedCertificates: ['certs/root.cer', 'certs/issuing.cer'] }), action: 'update', changes: [['/trustedCertificates', 'in-place']], kinds: ['update-gateway'] },
  { name: 'CRL check', rule: '1.8', change: (g) => ({ ...g, verifyClientCertificateRevocation: false }), action: 'update', changes: [['/verifyClientCertificateRevocation', 'in-place']], kinds: ['update-gateway'] },
  { name: 'TLS 1.2', rule: '1.8', change: (g) => ({ ...g, enforceTls12: false }), action: 'update', changes: [['/enforceTls12', 'in-place']], kinds: ['update-gateway'] },
  { name: 'serve content', rule: '1.8', change: (g) => ({ ...g, allowContent: false }), action: 'update', changes: [['/allowContent', 'in-place']], kinds: ['update-gateway'] },
  {
    name: 'alert threshold',
    rule: '1.8 Alerts',
    change: (g) => ({ ...g, alerts: { ...g.alerts, storage: { ...g.alerts.storage, enabled: true, thresholdGB: 5 } } }),
    action: 'update',
    changes: [['/alerts/storage/enabled', 'in-place'], ['/alerts/storage/thresholdGB', 'in-place']],
    kinds: ['update-gateway'],
  },
  { name: 'boundary groups', rule: '4.5', change: (g) => ({ ...g, boundaryGroups: ['Internet'] }), action: 'update', changes: [['/boundaryGroups', 'in-place']], kinds: ['update-gateway'] },
  { name: 'resource group create flag (creation only)', rule: '2.2', change: (g) => ({ ...g, resourceGroup: { ...g.resourceGroup, create: false } }), action: 'none', changes: [], kinds: [] },
  {
    name: 'new service name',
    rule: '1.9, 5.2',
    change: (g) => ({ ...g, serviceFqdn: 'Basalt.contoso.com' }),
    newCpServer: true,
    action: 'redeploy',
    changes: [['/serviceFqdn', 'redeploy']],
    kinds: ['create-gateway', 'add-connection-point', 'wait', 'remove-connection-point', 'remove-gateway'],
    findings: ['PLAN-REDEPLOY-WAIT'],
  },
  {
    name: 'region, same name, another gateway stays',
    rule: '1.9, 5.3',
    change: (g) => ({ ...g, region: 'northeurope' }),
    withSecond: true,
    action: 'redeploy',
    changes: [['/region', 'redeploy']],
    kinds: ['remove-connection-point', 'remove-gateway', 'create-gateway', 'add-connection-point'],
    findings: ['PLAN-REDEPLOY-SAME-NAME'],
  },
  {
    name: 'region, same name, only gateway',
    rule: '5.1, 5.3',
    change: (g) => ({ ...g, region: 'northeurope' }),
    action: 'redeploy',
    changes: [['/region', 'redeploy']],
    kinds: ['remove-connection-point', 'remove-gateway', 'create-gateway', 'add-connection-point'],
    findings: ['PLAN-LAST-CMG'],
  },
  { name: 'subscription', rule: '1.9', withSecond: true, change: (g) => ({ ...g, subscriptionId: '99999999-1111-2222-3333-444444444444' }), action: 'redeploy', changes: [['/subscriptionId', 'redeploy']], kinds: ['remove-connection-point', 'remove-gateway', 'create-gateway', 'add-connection-point'], findings: ['PLAN-REDEPLOY-SAME-NAME'] },
  { name: 'resource group', rule: '1.9', withSecond: true, change: (g) => ({ ...g, resourceGroup: { name: 'other-rg', create: true } }), action: 'redeploy', changes: [['/resourceGroup/name', 'redeploy']], kinds: ['remove-connection-point', 'remove-gateway', 'create-gateway', 'add-connection-point'], findings: ['PLAN-REDEPLOY-SAME-NAME'] },
  { name: 'Azure environment', rule: '1.9', withSecond: true, change: (g) => ({ ...g, environment: 'AzureUSGovernmentCloud', region: 'usgovvirginia' }), action: 'redeploy', changes: [['/environment', 'redeploy'], ['/region', 'redeploy']], kinds: ['remove-connection-point', 'remove-gateway', 'create-gateway', 'add-connection-point'], findings: ['PLAN-REDEPLOY-SAME-NAME'] },
  { name: 'VM size of a scale set', rule: '1.9 (inference)', withSecond: true, change: (g) => ({ ...g, vmSize: 'Standard_A4_v2' }), action: 'redeploy', changes: [['/vmSize', 'redeploy']], kinds: ['remove-connection-point', 'remove-gateway', 'create-gateway', 'add-connection-point'], findings: ['PLAN-REDEPLOY-SAME-NAME'] },
  { name: 'VM size of a classic service (no effect)', rule: '2.2', deployed: L, change: (g) => ({ ...g, vmSize: 'Standard_A4_v2' }), action: 'none', changes: [], kinds: [] },
  {
    name: 'classic to VMSS, own domain, 2107+',
    rule: '1.10, 5.4',
    deployed: L,
    change: (g) => ({ ...g, deploymentMethod: 'vmss' }),
    action: 'convert',
    changes: [['/deploymentMethod', 'convert']],
    kinds: ['convert-gateway'],
    findings: ['PLAN-CONVERT-DNS'],
  },
  {
    name: 'classic to VMSS with VM size, instances and an alert',
    rule: '1.10',
    deployed: L,
    change: (g) => ({ ...g, deploymentMethod: 'vmss', vmSize: 'Standard_A4_v2', vmInstances: 4, alerts: { ...g.alerts, dataTransfer: { ...g.alerts.dataTransfer, thresholdGB: 500 } } }),
    action: 'convert',
    changes: [['/deploymentMethod', 'convert'], ['/vmSize', 'convert'], ['/vmInstances', 'convert'], ['/alerts/dataTransfer/thresholdGB', 'in-place']],
    kinds: ['convert-gateway', 'update-gateway'],
    findings: ['PLAN-CONVERT-DNS'],
  },
  {
    name: 'classic to VMSS with a new description (not a Convert field)',
    rule: '1.10',
    deployed: L,
    change: (g) => ({ ...g, deploymentMethod: 'vmss', description: 'Converted', boundaryGroups: ['Internet'] }),
    action: 'convert',
    changes: [['/description', 'in-place'], ['/deploymentMethod', 'convert'], ['/boundaryGroups', 'in-place']],
    kinds: ['convert-gateway', 'update-gateway'],
    findings: ['PLAN-CONVERT-DNS'],
  },
  {
    name: 'classic to VMSS before 2107',
    rule: '1.4, 5.4',
    deployed: L,
    version: '2103',
    withSecond: true,
    change: (g) => ({ ...g, deploymentMethod: 'vmss' }),
    action: 'redeploy',
    changes: [['/deploymentMethod', 'redeploy']],
    kinds: ['remove-connection-point', 'remove-gateway', 'create-gateway', 'add-connection-point'],
    findings: ['PLAN-CONVERT-BLOCKED', 'PLAN-REDEPLOY-SAME-NAME'],
  },
  {
    name: 'classic to VMSS with a region change',
    rule: '1.10 cannot change region',
    deployed: L,
    withSecond: true,
    change: (g) => ({ ...g, deploymentMethod: 'vmss', region: 'northeurope' }),
    action: 'redeploy',
    changes: [['/deploymentMethod', 'redeploy'], ['/region', 'redeploy']],
    kinds: ['remove-connection-point', 'remove-gateway', 'create-gateway', 'add-connection-point'],
    findings: ['PLAN-CONVERT-BLOCKED', 'PLAN-REDEPLOY-SAME-NAME'],
  },
  {
    name: 'classic cloudapp.net name to VMSS under a new name',
    rule: '1.10, 3.2, 5.2',
    deployed: legacy({ serviceFqdn: 'contosolegacy.cloudapp.net' }),
    change: (g) => ({ ...g, deploymentMethod: 'vmss', serviceFqdn: 'contosocmg2.contoso.com' }),
    newCpServer: true,
    action: 'redeploy',
    changes: [['/serviceFqdn', 'redeploy'], ['/deploymentMethod', 'redeploy']],
    kinds: ['create-gateway', 'add-connection-point', 'wait', 'remove-connection-point', 'remove-gateway'],
    findings: ['PLAN-CONVERT-BLOCKED', 'PLAN-REDEPLOY-WAIT'],
  },
  {
    name: 'VMSS to classic (site 2111)',
    rule: '1.10 (classic → VMSS only)',
    withSecond: true,
    version: '2111',
    change: (g) => ({ ...g, deploymentMethod: 'classic' }),
    action: 'redeploy',
    changes: [['/deploymentMethod', 'redeploy']],
    kinds: ['remove-connection-point', 'remove-gateway', 'create-gateway', 'add-connection-point'],
    findings: ['PLAN-REDEPLOY-SAME-NAME'],
  },
  {
    name: 'VMSS to classic on 2203+ (classic creation removed)',
    rule: '1.4',
    withSecond: true,
    change: (g) => ({ ...g, deploymentMethod: 'classic' }),
    action: 'redeploy',
    changes: [['/deploymentMethod', 'redeploy']],
    kinds: ['remove-connection-point', 'remove-gateway', 'create-gateway', 'add-connection-point'],
    findings: ['PLAN-REDEPLOY-SAME-NAME', 'PLAN-CREATE-UNSUPPORTED'],
  },
  {
    name: 'private to public PKI (issuer differs)',
    rule: '1.9 significant certificate change',
    withSecond: true,
    change: (g) => ({ ...g, serverCertificate: 'certs/granitefalls-public.pfx' }),
    options: { certificates: { desired: { GraniteFalls: { issuer: 'CN=DigiCert Global G2' } }, deployed: { GraniteFalls: { issuer: 'CN=Contoso Issuing CA' } } } },
    action: 'redeploy',
    changes: [['/serverCertificate', 'redeploy']],
    kinds: ['remove-connection-point', 'remove-gateway', 'create-gateway', 'add-connection-point'],
    findings: ['PLAN-CERT-ISSUER', 'PLAN-REDEPLOY-SAME-NAME'],
  },
  {
    name: 'renewal from the same issuer stays in place',
    rule: '1.8, 3.5',
    change: (g) => ({ ...g, serverCertificate: 'certs/granitefalls-2027.pfx' }),
    options: { certificates: { desired: { GraniteFalls: { issuer: 'CN=Contoso Issuing CA' } }, deployed: { GraniteFalls: { issuer: 'CN=Contoso Issuing CA' } } } },
    action: 'update',
    changes: [['/serverCertificate', 'in-place']],
    kinds: ['update-gateway'],
  },
];

function run(c: Case) {
  const deployedGw = c.deployed ?? A;
  const second = gateway({ name: 'Basalt', serviceFqdn: 'basalt.contoso.com' });
  const deployed = config(c.withSecond ? [deployedGw, second] : [deployedGw], c.version ? { site: { ...config([]).site, version: c.version } } : {});
  const desired = config(c.withSecond ? [c.change(deployedGw), second] : [c.change(deployedGw)], c.version ? { site: { ...config([]).site, version: c.version } } : {});
  if (c.newCpServer) desired.connectionPoints[0] = { ...desired.connectionPoints[0]!, server: 'cmcp-new.contoso.com' };
  return buildPlan(desired, deployed, c.options);
}

describe('plan: one gateway changed (table from the rules document)', () => {
  for (const c of cases) {
    it(`${c.name} [${c.rule}] → ${c.action}`, () => {
      const plan = run(c);
      const g = plan.gateways[0]!;
      assert.equal(g.action, c.action);
      assert.deepEqual(g.changes.map((x) => [x.field, x.mode]), c.changes);
      assert.deepEqual(g.steps.map((s) => s.kind), c.kinds);
      assert.deepEqual(plan.findings.map((f) => f.rule).sort(), [...(c.findings ?? [])].sort());
      if (c.withSecond) assert.equal(plan.gateways[1]!.action, 'none');
    });
  }
});

describe('plan: whole configurations', () => {
  it('nothing deployed: create, connection point, then roles', () => {
    const plan = buildPlan(config([A]), undefined);
    assert.equal(plan.gateways[0]!.action, 'create');
    assert.deepEqual(plan.gateways[0]!.steps, [
      { kind: 'create-gateway', gateway: 'GraniteFalls', serviceFqdn: 'GraniteFalls.contoso.com' },
      { kind: 'add-connection-point', gateway: 'GraniteFalls', serviceFqdn: 'GraniteFalls.contoso.com', server: 'cmcp1.contoso.com', siteCode: 'PS1' },
      { kind: 'set-role', server: 'mp01.contoso.com', role: 'managementPoint', allowCmgTraffic: true, https: true },
      { kind: 'set-role', server: 'sup01.contoso.com', role: 'softwareUpdatePoint', allowCmgTraffic: true, https: true },
    ]);
    assert.deepEqual(plan.findings, []);
  });

  it('a role flag change alone gives set-role steps and no gateway action', () => {
    const deployed = config([A]);
    const desired = config([A], { siteRoles: [{ ...deployed.siteRoles[0]! }, { ...deployed.siteRoles[1]!, allowCmgTraffic: false }] });
    const plan = buildPlan(desired, deployed);
    assert.equal(plan.gateways[0]!.action, 'none');
    assert.deepEqual(plan.gateways[0]!.steps, [{ kind: 'set-role', server: 'sup01.contoso.com', role: 'softwareUpdatePoint', allowCmgTraffic: false, https: true }]);
  });

  it('removing one of two gateways removes it at once (the other keeps serving)', () => {
    const B = gateway({ name: 'Basalt', serviceFqdn: 'basalt.contoso.com' });
    const plan = buildPlan(config([A]), config([A, B]));
    assert.deepEqual(plan.gateways.map((g) => [g.name, g.action]), [['GraniteFalls', 'none'], ['Basalt', 'remove']]);
    assert.deepEqual(plan.gateways[1]!.steps.map((s) => s.kind), ['remove-connection-point', 'remove-gateway']);
    assert.deepEqual(plan.findings, []);
  });

  it('removing the last connection point, or CMG traffic on the last management point, is PLAN-LAST-CMG', () => {
    const deployed = config([A]);
    const noCp = buildPlan(config([A], { connectionPoints: [] }), deployed);
    assert.ok(noCp.findings.some((f) => f.rule === 'PLAN-LAST-CMG' && f.severity === 'error' && f.path === '/connectionPoints'));
    const roles = deployed.siteRoles.map((r) => (r.role === 'managementPoint' ? { ...r, allowCmgTraffic: false } : r));
    const noMp = buildPlan(config([A], { siteRoles: roles }), deployed);
    assert.deepEqual(noMp.findings.map((f) => [f.rule, f.path]), [['PLAN-LAST-CMG', '/siteRoles']]);
    // The SUP alone may stop CMG traffic.
    const supOff = deployed.siteRoles.map((r) => (r.role === 'softwareUpdatePoint' ? { ...r, allowCmgTraffic: false } : r));
    assert.deepEqual(buildPlan(config([A], { siteRoles: supOff }), deployed).findings, []);
  });

  it('removing every gateway is PLAN-LAST-CMG', () => {
    const plan = buildPlan(config([]), config([A]));
    assert.deepEqual(plan.findings.map((f) => [f.rule, f.severity]), [['PLAN-LAST-CMG', 'error']]);
  });

  it('replacing a gateway by a new one waits before removing the old (never strands clients)', () => {
    const B = gateway({ name: 'Basalt', serviceFqdn: 'basalt.contoso.com' });
    const plan = buildPlan(config([B]), config([A]));
    assert.deepEqual(plan.gateways.map((g) => [g.name, g.action]), [['Basalt', 'create'], ['GraniteFalls', 'remove']]);
    const order = sequence(plan).map((s) => [s.stage, s.step.kind]);
    assert.deepEqual(order, [[1, 'create-gateway'], [1, 'add-connection-point'], [1, 'wait'], [2, 'remove-connection-point'], [2, 'remove-gateway']]);
  });

  it('a renamed identifier with the same service name is the same gateway', () => {
    const plan = buildPlan(config([{ ...A, name: 'Granite' }]), config([A]));
    assert.deepEqual(plan.gateways.map((g) => [g.name, g.action]), [['Granite', 'none']]);
  });

  it('connection points: add before remove', () => {
    const deployed = config([A]);
    const desired = config([A], { connectionPoints: [{ server: 'cmcp9.contoso.com', siteCode: 'PS1', gateway: 'GraniteFalls' }] });
    const plan = buildPlan(desired, deployed);
    assert.equal(plan.gateways[0]!.action, 'update');
    assert.deepEqual(plan.gateways[0]!.changes, [{ field: '/connectionPoints', mode: 'in-place' }]);
    assert.deepEqual(plan.gateways[0]!.steps.map((s) => [s.kind, 'server' in s ? s.server : '']), [
      ['add-connection-point', 'cmcp9.contoso.com'],
      ['remove-connection-point', 'cmcp1.contoso.com'],
    ]);
  });

  it('a gateway without connection point is a warning', () => {
    const plan = buildPlan(config([A], { connectionPoints: [] }), undefined);
    assert.deepEqual(plan.findings.map((f) => f.rule), ['PLAN-NO-CONNECTION-POINT']);
  });

  it('new service name on the same connection point server: linked in stage 2, with a warning', () => {
    const desired = config([{ ...A, serviceFqdn: 'Basalt.contoso.com' }]);
    const plan = buildPlan(desired, config([A]));
    assert.deepEqual(plan.gateways[0]!.steps.map((s) => s.kind), ['create-gateway', 'wait', 'remove-connection-point', 'remove-gateway', 'add-connection-point']);
    assert.ok(plan.findings.some((f) => f.rule === 'PLAN-CP-SERVER-IN-USE' && f.severity === 'warning'));
  });

  it('the wait is at least 24 hours and its steps follow in stage 2', () => {
    const desired = config([{ ...A, serviceFqdn: 'Basalt.contoso.com' }], { connectionPoints: [{ server: 'cmcp2.contoso.com', siteCode: 'PS1', gateway: 'GraniteFalls' }] });
    const plan = buildPlan(desired, config([A]), { waitHours: 2 });
    const wait = plan.gateways[0]!.steps.find((s) => s.kind === 'wait');
    assert.ok(wait && wait.kind === 'wait' && wait.hours === 24);
    const seq = sequence(plan);
    assert.deepEqual(seq.map((s) => s.index), [1, 2, 3, 4, 5]);
    assert.deepEqual(seq.filter((s) => s.stage === 2).map((s) => s.step.kind), ['remove-connection-point', 'remove-gateway']);
  });

  it('a removal the journal says must wait is an error until the time has passed', () => {
    const B = gateway({ name: 'Basalt', serviceFqdn: 'basalt.contoso.com' });
    const pendingRemovals = [{ serviceFqdn: 'basalt.contoso.com', notBefore: '2026-01-02T10:00:00.000Z' }];
    const early = buildPlan(config([A]), config([A, B]), { pendingRemovals, now: new Date('2026-01-02T09:00:00Z') });
    assert.deepEqual(early.findings.map((f) => [f.rule, f.severity]), [['PLAN-WAIT-PENDING', 'error']]);
    const later = buildPlan(config([A]), config([A, B]), { pendingRemovals, now: new Date('2026-01-02T10:00:01Z') });
    assert.deepEqual(later.findings, []);
  });

  it('two same-name redeploys with nothing else up strand clients', () => {
    const B = gateway({ name: 'Basalt', serviceFqdn: 'basalt.contoso.com' });
    const plan = buildPlan(config([{ ...A, region: 'northeurope' }, { ...B, region: 'northeurope' }]), config([A, B]));
    assert.equal(plan.findings.filter((f) => f.rule === 'PLAN-LAST-CMG').length, 2);
  });

  it('creation gates by site version: classic removed in 2203, VMSS from 2010, US Gov VMSS from 2111', () => {
    const site = (version: string) => ({ ...config([]).site, version });
    const rules = (c: ReturnType<typeof config>) => buildPlan(c, undefined).findings.filter((f) => f.rule === 'PLAN-CREATE-UNSUPPORTED').map((f) => f.severity);
    assert.deepEqual(rules(config([legacy()], { site: site('2203') })), ['error']);
    assert.deepEqual(rules(config([legacy()], { site: site('2111') })), []);
    assert.deepEqual(rules(config([gateway()], { site: site('2006') })), ['error']);
    assert.deepEqual(rules(config([gateway()], { site: site('2010') })), []);
    assert.deepEqual(rules(config([gateway({ environment: 'AzureUSGovernmentCloud', region: 'usgovvirginia' })], { site: site('2107') })), ['error']);
    assert.deepEqual(rules(config([gateway({ environment: 'AzureUSGovernmentCloud', region: 'usgovvirginia' })], { site: site('2111') })), []);
  });

  it('the convert finding names the deployment name with the cloud\'s VMSS suffix (US Gov: configurable)', () => {
    const gov = (g: Gateway) => ({ ...g, environment: 'AzureUSGovernmentCloud' as const, region: 'usgovvirginia' });
    const dep = config([gov(legacy())]);
    const des = config([gov(legacy({ deploymentMethod: 'vmss' }))]);
    assert.match(buildPlan(des, dep).findings[0]!.message, /\(contosocmg\.usgovvirginia\.cloudapp\.usgovcloudapi\.net\)/);
    assert.match(buildPlan(des, dep, { usGovVmssSuffix: 'usgovcloudapi.net' }).findings[0]!.message, /\(contosocmg\.usgovvirginia\.usgovcloudapi\.net\)/);
    assert.match(buildPlan(config([legacy({ deploymentMethod: 'vmss' })]), config([legacy()])).findings[0]!.message, /\(contosocmg\.westeurope\.cloudapp\.azure\.com\)/);
  });

  it('JSON has exactly the contract keys', () => {
    const json = planToJson(buildPlan(config([{ ...A, vmInstances: 4 }]), config([A])));
    assert.deepEqual(Object.keys(json), ['gateways', 'findings']);
    assert.deepEqual(Object.keys(json.gateways[0]!), ['name', 'action', 'changes', 'steps']);
    assert.deepEqual(json.gateways[0]!.steps[0], { kind: 'update-gateway', gateway: 'GraniteFalls', serviceFqdn: 'GraniteFalls.contoso.com', fields: ['/vmInstances'] });
  });
});

describe('changedFields', () => {
  it('reports alert leaves and ignores the identifier', () => {
    const b: Gateway = { ...A, name: 'Other', alerts: { ...A.alerts, dataTransfer: { ...A.alerts.dataTransfer, warningPercent: 60 } } };
    assert.deepEqual(changedFields(b, A), ['/alerts/dataTransfer/warningPercent']);
  });
  it('an unknown property counts as a redeploy-mode change', () => {
    const b = { ...A, extra: 1 } as Gateway & { extra: number };
    const plan = buildPlan(config([b], {}) as CmgConfig, config([A]));
    assert.deepEqual(plan.gateways[0]!.changes, [{ field: '/extra', mode: 'redeploy' }]);
  });
});
