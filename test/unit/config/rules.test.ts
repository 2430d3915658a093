import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_RULES, checkConfig, type ConfigCheckOptions } from '../../../src/core/config/check';
import type { Finding } from '../../../src/core/findings';
import type { CmgConfig } from '../../../src/core/model';
import { config, gateway } from './helpers';

interface Case {
  name: string;
  rule: string;
  /** The configuration (or raw text) to check. */
  input: CmgConfig | string;
  /** Expected severity when the rule must fire; `null` when it must not. */
  expect: Finding['severity'] | null;
  /** Optional substring the message must contain. */
  message?: string;
  path?: string;
  deployed?: CmgConfig;
  options?: ConfigCheckOptions;
}

const FILE = path.resolve('/work/site/contoso.cmg.json');
const site = (version: string, extra: Partial<CmgConfig['site']> = {}): CmgConfig['site'] => ({ ...config().site, version, ...extra });
const withGw = (g: Partial<CmgConfig['gateways'][number]>, c: Partial<CmgConfig> = {}): CmgConfig => config({ gateways: [gateway(g)], ...c });
const classicLegacy = gateway({ name: 'contosolegacy', serviceFqdn: 'contosocmg.contoso.com', deploymentMethod: 'classic' });

const cases: Case[] = [
  // CFG-SCHEMA
  { name: 'valid file', rule: 'CFG-SCHEMA', input: config(), expect: null },
  { name: 'unknown property', rule: 'CFG-SCHEMA', input: { ...config(), colour: 'blue' } as unknown as CmgConfig, expect: 'error', message: 'Unknown property "colour"', path: '/colour' },
  { name: 'wrong type', rule: 'CFG-SCHEMA', input: withGw({ enforceTls12: 'yes' as unknown as boolean }), expect: 'error', message: 'must be true or false', path: '/gateways/0/enforceTls12' },
  { name: 'enum value', rule: 'CFG-SCHEMA', input: withGw({ vmSize: 'Standard_D2' as never }), expect: 'error', message: '"Standard_A2_v2"', path: '/gateways/0/vmSize' },
  { name: 'missing required', rule: 'CFG-SCHEMA', input: (() => { const c = config(); delete (c.site as Partial<CmgConfig['site']>).provider; return c; })(), expect: 'error', message: 'Missing required property "provider"', path: '/site/provider' },
  // CFG-DUPLICATE
  { name: 'two distinct gateways', rule: 'CFG-DUPLICATE', input: config({ gateways: [gateway(), classicLegacy] }), expect: null },
  { name: 'same gateway name (any case)', rule: 'CFG-DUPLICATE', input: config({ gateways: [gateway(), gateway({ name: 'GraniteFalls', serviceFqdn: 'other.contoso.com' })] }), expect: 'error', path: '/gateways/1/name' },
  { name: 'same service FQDN', rule: 'CFG-DUPLICATE', input: config({ gateways: [gateway(), gateway({ name: 'second' })] }), expect: 'error', path: '/gateways/1/serviceFqdn' },
  { name: 'same prefix in another domain', rule: 'CFG-DUPLICATE', input: config({ gateways: [gateway(), gateway({ name: 'second', serviceFqdn: 'granitefalls.fabrikam.com' })] }), expect: 'error', message: 'prefix "granitefalls"' },
  { name: 'connection point twice on a server and site', rule: 'CFG-DUPLICATE', input: config({ gateways: [gateway(), classicLegacy], connectionPoints: [{ server: 'cm01', siteCode: 'P01', gateway: 'granitefalls' }, { server: 'CM01', siteCode: 'p01', gateway: 'contosolegacy' }] }), expect: 'error', path: '/connectionPoints/1' },
  { name: 'site role twice', rule: 'CFG-DUPLICATE', input: config({ siteRoles: [config().siteRoles[0], config().siteRoles[0]] }), expect: 'error', path: '/siteRoles/1' },
  // CFG-SERVICE-NAME
  { name: 'mixed case prefix is fine', rule: 'CFG-SERVICE-NAME', input: withGw({ serviceFqdn: 'GraniteFalls.contoso.com' }), expect: null },
  { name: '24-character prefix', rule: 'CFG-SERVICE-NAME', input: withGw({ serviceFqdn: 'a23456789012345678901234.contoso.com' }), expect: null },
  { name: '25-character prefix', rule: 'CFG-SERVICE-NAME', input: withGw({ serviceFqdn: 'a234567890123456789012345.contoso.com' }), expect: 'error', message: '"a234567890123456789012345"' },
  { name: 'two-character prefix', rule: 'CFG-SERVICE-NAME', input: withGw({ serviceFqdn: 'gf.contoso.com' }), expect: 'error' },
  { name: 'hyphen in prefix', rule: 'CFG-SERVICE-NAME', input: withGw({ serviceFqdn: 'granite-falls.contoso.com' }), expect: 'error', path: '/gateways/0/serviceFqdn' },
  { name: 'digit first', rule: 'CFG-SERVICE-NAME', input: withGw({ serviceFqdn: '1granite.contoso.com' }), expect: 'error' },
  { name: 'wildcard', rule: 'CFG-SERVICE-NAME', input: withGw({ serviceFqdn: '*.contoso.com' }), expect: 'error', message: 'wildcard' },
  // CFG-VM-COUNT
  { name: '16 VMs', rule: 'CFG-VM-COUNT', input: withGw({ vmInstances: 16 }), expect: null },
  { name: '1 VM', rule: 'CFG-VM-COUNT', input: withGw({ vmInstances: 1 }), expect: null },
  { name: '0 VMs', rule: 'CFG-VM-COUNT', input: withGw({ vmInstances: 0 }), expect: 'error', path: '/gateways/0/vmInstances' },
  { name: '17 VMs', rule: 'CFG-VM-COUNT', input: withGw({ vmInstances: 17 }), expect: 'error', message: '17' },
  // CFG-VM-SIZE
  { name: 'A4_v2', rule: 'CFG-VM-SIZE', input: withGw({ vmSize: 'Standard_A4_v2' }), expect: null },
  { name: 'lab B2s', rule: 'CFG-VM-SIZE', input: withGw({ vmSize: 'Standard_B2s' }), expect: 'warning', message: '10 clients' },
  // CFG-FQDN-SUFFIX
  { name: 'custom domain', rule: 'CFG-FQDN-SUFFIX', input: config(), expect: null },
  { name: 'VMSS public deployment name', rule: 'CFG-FQDN-SUFFIX', input: withGw({ serviceFqdn: 'granitefalls.westeurope.cloudapp.azure.com' }), expect: null },
  { name: 'VMSS name for another region', rule: 'CFG-FQDN-SUFFIX', input: withGw({ serviceFqdn: 'granitefalls.northeurope.cloudapp.azure.com' }), expect: 'error', message: 'westeurope' },
  { name: 'cloudapp.net with VMSS', rule: 'CFG-FQDN-SUFFIX', input: withGw({ serviceFqdn: 'granitefalls.cloudapp.net' }), expect: 'error', message: 'classic' },
  { name: 'cloudapp.net with classic', rule: 'CFG-FQDN-SUFFIX', input: withGw({ serviceFqdn: 'granitefalls.cloudapp.net', deploymentMethod: 'classic' }), expect: null },
  { name: 'classic with a VMSS name', rule: 'CFG-FQDN-SUFFIX', input: withGw({ serviceFqdn: 'granitefalls.westeurope.cloudapp.azure.com', deploymentMethod: 'classic' }), expect: 'error' },
  { name: 'classic US Gov name', rule: 'CFG-FQDN-SUFFIX', input: withGw({ serviceFqdn: 'granitefalls.usgovcloudapp.net', deploymentMethod: 'classic', environment: 'AzureUSGovernmentCloud', region: 'usgovvirginia' }), expect: null },
  { name: 'US Gov classic name in public cloud', rule: 'CFG-FQDN-SUFFIX', input: withGw({ serviceFqdn: 'granitefalls.usgovcloudapp.net', deploymentMethod: 'classic' }), expect: 'error' },
  { name: 'public classic name in US Gov', rule: 'CFG-FQDN-SUFFIX', input: withGw({ serviceFqdn: 'granitefalls.cloudapp.net', deploymentMethod: 'classic', environment: 'AzureUSGovernmentCloud', region: 'usgovvirginia' }), expect: 'error' },
  { name: 'US Gov VMSS default suffix', rule: 'CFG-FQDN-SUFFIX', input: withGw({ serviceFqdn: 'granitefalls.usgovvirginia.cloudapp.usgovcloudapi.net', environment: 'AzureUSGovernmentCloud', region: 'usgovvirginia' }), expect: null },
  { name: 'US Gov VMSS public name', rule: 'CFG-FQDN-SUFFIX', input: withGw({ serviceFqdn: 'granitefalls.usgovvirginia.cloudapp.azure.com', environment: 'AzureUSGovernmentCloud', region: 'usgovvirginia' }), expect: 'error' },
  { name: 'US Gov VMSS documented suffix without the setting', rule: 'CFG-FQDN-SUFFIX', input: withGw({ serviceFqdn: 'granitefalls.usgovvirginia.usgovcloudapi.net', environment: 'AzureUSGovernmentCloud', region: 'usgovvirginia' }), expect: 'warning', message: 'usGovVmssSuffix' },
  { name: 'US Gov VMSS suffix from the setting', rule: 'CFG-FQDN-SUFFIX', input: withGw({ serviceFqdn: 'granitefalls.usgovvirginia.usgovcloudapi.net', environment: 'AzureUSGovernmentCloud', region: 'usgovvirginia' }), options: { usGovVmssSuffix: 'usgovcloudapi.net' }, expect: null },
  // CFG-REGION
  { name: 'known region', rule: 'CFG-REGION', input: config(), expect: null },
  { name: 'US Gov region in public cloud', rule: 'CFG-REGION', input: withGw({ region: 'usgovvirginia' }), expect: 'error', path: '/gateways/0/region' },
  { name: 'public region in US Gov', rule: 'CFG-REGION', input: withGw({ region: 'westeurope', environment: 'AzureUSGovernmentCloud', serviceFqdn: 'granitefalls.contoso.us' }), expect: 'error' },
  { name: 'display name', rule: 'CFG-REGION', input: withGw({ region: 'West Europe' }), expect: 'warning', message: 'westeurope' },
  { name: 'unknown region', rule: 'CFG-REGION', input: withGw({ region: 'marsnorth' }), expect: 'warning' },
  // CFG-SITE-VERSION
  { name: 'current build', rule: 'CFG-SITE-VERSION', input: config(), expect: null },
  { name: 'not yymm', rule: 'CFG-SITE-VERSION', input: config({ site: site('24.03') }), expect: 'error', path: '/site/version' },
  { name: 'month 13', rule: 'CFG-SITE-VERSION', input: config({ site: site('2413') }), expect: 'error' },
  { name: 'before CMG', rule: 'CFG-SITE-VERSION', input: config({ site: site('1606') }), expect: 'error', message: '1610' },
  { name: 'pre-release', rule: 'CFG-SITE-VERSION', input: config({ site: site('1710') }), expect: 'warning' },
  // CFG-CLASSIC
  { name: 'new classic on 2403', rule: 'CFG-CLASSIC', input: config({ gateways: [gateway(), classicLegacy] }), expect: 'error', path: '/gateways/1/deploymentMethod' },
  { name: 'deployed classic on 2403 (convert)', rule: 'CFG-CLASSIC', input: config({ gateways: [gateway(), classicLegacy] }), deployed: config({ gateways: [classicLegacy] }), expect: 'warning', message: 'Convert' },
  { name: 'deployed classic matched by name without case', rule: 'CFG-CLASSIC', input: config({ gateways: [classicLegacy] }), deployed: config({ gateways: [{ ...classicLegacy, name: 'ContosoLegacy' }] }), expect: 'warning' },
  { name: 'deployed classic under cloudapp.net (no convert)', rule: 'CFG-CLASSIC', input: config({ gateways: [{ ...classicLegacy, serviceFqdn: 'contosocmg.cloudapp.net' }] }), deployed: config({ gateways: [{ ...classicLegacy, serviceFqdn: 'contosocmg.cloudapp.net' }] }), expect: 'warning', message: "can't be converted" },
  { name: 'classic on 2107', rule: 'CFG-CLASSIC', input: config({ site: site('2107'), gateways: [classicLegacy] }), expect: null },
  { name: 'VMSS on 2403', rule: 'CFG-CLASSIC', input: config(), expect: null },
  // CFG-VMSS-VERSION
  { name: 'VMSS on 2403', rule: 'CFG-VMSS-VERSION', input: config(), expect: null },
  { name: 'VMSS on 2006', rule: 'CFG-VMSS-VERSION', input: config({ site: site('2006') }), expect: 'error', message: '2010' },
  { name: 'US Gov VMSS on 2107', rule: 'CFG-VMSS-VERSION', input: config({ site: site('2107'), gateways: [gateway({ environment: 'AzureUSGovernmentCloud', region: 'usgovvirginia' })] }), expect: 'error', message: '2111' },
  { name: 'mixed methods on 2103', rule: 'CFG-VMSS-VERSION', input: config({ site: site('2103'), gateways: [gateway(), classicLegacy] }), expect: 'error', message: 'same deployment method' },
  { name: 'upper-case resource group on 2103', rule: 'CFG-VMSS-VERSION', input: config({ site: site('2103'), gateways: [gateway({ resourceGroup: { name: 'RG-CMG', create: true } })] }), expect: 'error', path: '/gateways/0/resourceGroup/name' },
  // CFG-CP-GATEWAY
  { name: 'connection point to an existing gateway', rule: 'CFG-CP-GATEWAY', input: config(), expect: null },
  { name: 'connection point to a missing gateway', rule: 'CFG-CP-GATEWAY', input: config({ connectionPoints: [{ server: 'cm01', siteCode: 'P01', gateway: 'nowhere' }] }), expect: 'error', path: '/connectionPoints/0/gateway', message: '"nowhere"' },
  // CFG-NO-CP
  { name: 'gateway with a connection point', rule: 'CFG-NO-CP', input: config(), expect: null },
  { name: 'gateway without a connection point', rule: 'CFG-NO-CP', input: config({ connectionPoints: [] }), expect: 'warning', path: '/gateways/0/name' },
  // CFG-NO-MP
  { name: 'MP with CMG traffic', rule: 'CFG-NO-MP', input: config(), expect: null },
  { name: 'MP without CMG traffic', rule: 'CFG-NO-MP', input: config({ siteRoles: [{ server: 'cm01', role: 'managementPoint', https: true, allowCmgTraffic: false }, { server: 'cm01', role: 'softwareUpdatePoint', https: true, allowCmgTraffic: true }] }), expect: 'error', path: '/siteRoles' },
  { name: 'no gateways, no MP needed', rule: 'CFG-NO-MP', input: config({ gateways: [], connectionPoints: [], siteRoles: [] }), expect: null },
  // CFG-MP-HTTPS
  { name: 'HTTP MP with Enhanced HTTP on 2403', rule: 'CFG-MP-HTTPS', input: config({ siteRoles: [{ server: 'cm01', role: 'managementPoint', https: false, allowCmgTraffic: true }] }), expect: null },
  { name: 'HTTP MP without Enhanced HTTP', rule: 'CFG-MP-HTTPS', input: config({ site: site('2403', { enhancedHttp: false }), siteRoles: [{ server: 'cm01', role: 'managementPoint', https: false, allowCmgTraffic: true }] }), expect: 'error', path: '/siteRoles/0/https' },
  { name: 'HTTP MP with Enhanced HTTP on 1802', rule: 'CFG-MP-HTTPS', input: config({ site: site('1802'), gateways: [gateway({ deploymentMethod: 'classic' })], siteRoles: [{ server: 'cm01', role: 'managementPoint', https: false, allowCmgTraffic: true }] }), expect: 'error', message: '1802' },
  { name: 'HTTP MP on 1710', rule: 'CFG-MP-HTTPS', input: config({ site: site('1710', { enhancedHttp: false }), gateways: [gateway({ deploymentMethod: 'classic' })], siteRoles: [{ server: 'cm01', role: 'managementPoint', https: false, allowCmgTraffic: true }] }), expect: null },
  { name: 'HTTP MP without CMG traffic', rule: 'CFG-MP-HTTPS', input: config({ site: site('2403', { enhancedHttp: false }), siteRoles: [...config().siteRoles, { server: 'cm02', role: 'managementPoint', https: false, allowCmgTraffic: false }] }), expect: null },
  // CFG-TRUSTED-LIMIT
  { name: '7 trusted on 1902', rule: 'CFG-TRUSTED-LIMIT', input: config({ site: site('1902'), gateways: [gateway({ deploymentMethod: 'classic', trustedCertificates: ['1', '2', '3', '4', '5', '6', '7'].map((n) => `c${n}.cer`) })] }), expect: 'error', message: '7' },
  { name: '6 trusted on 1902', rule: 'CFG-TRUSTED-LIMIT', input: config({ site: site('1902'), gateways: [gateway({ deploymentMethod: 'classic', trustedCertificates: ['1', '2', '3', '4', '5', '6'].map((n) => `c${n}.cer`) })] }), expect: null },
  { name: '7 trusted on 1906', rule: 'CFG-TRUSTED-LIMIT', input: config({ site: site('1906'), gateways: [gateway({ deploymentMethod: 'classic', trustedCertificates: ['1', '2', '3', '4', '5', '6', '7'].map((n) => `c${n}.cer`) })] }), expect: null },
  // CFG-TRUSTED-MISSING
  { name: 'PKI with trusted certificates', rule: 'CFG-TRUSTED-MISSING', input: config(), expect: null },
  { name: 'PKI without trusted certificates', rule: 'CFG-TRUSTED-MISSING', input: withGw({ trustedCertificates: [] }), expect: 'warning', path: '/gateways/0/trustedCertificates' },
  { name: 'Entra ID with trusted certificates', rule: 'CFG-TRUSTED-MISSING', input: config({ site: site('2403', { clientAuthentication: 'entra' }) }), expect: 'info' },
  { name: 'Entra ID without trusted certificates', rule: 'CFG-TRUSTED-MISSING', input: config({ site: site('2403', { clientAuthentication: 'entra' }), gateways: [gateway({ trustedCertificates: [] })] }), expect: null },
  // CFG-CERT-MISSING
  { name: 'certificates exist', rule: 'CFG-CERT-MISSING', input: config(), options: { fileExists: () => true }, expect: null },
  { name: 'server certificate missing', rule: 'CFG-CERT-MISSING', input: config(), options: { fileExists: (p) => !p.endsWith('.pfx') }, expect: 'error', path: '/gateways/0/serverCertificate', message: path.join(path.dirname(FILE), 'certs', 'granitefalls.pfx') },
  { name: 'trusted certificate missing', rule: 'CFG-CERT-MISSING', input: config(), options: { fileExists: (p) => !p.endsWith('.cer') }, expect: 'error', path: '/gateways/0/trustedCertificates/0' },
  { name: 'no fileExists, no I/O', rule: 'CFG-CERT-MISSING', input: config(), expect: null },
  // CFG-SUBSCRIPTION
  { name: 'GUID', rule: 'CFG-SUBSCRIPTION', input: config(), expect: null },
  { name: 'GUID in braces', rule: 'CFG-SUBSCRIPTION', input: withGw({ subscriptionId: '{3F2C8A61-7D4E-4B0A-9C55-1E8D2B6F4A90}' }), expect: 'error', path: '/gateways/0/subscriptionId' },
  { name: 'not a GUID', rule: 'CFG-SUBSCRIPTION', input: withGw({ subscriptionId: 'contoso-prod' }), expect: 'error', message: 'contoso-prod' },
  { name: 'all-zero placeholder', rule: 'CFG-SUBSCRIPTION', input: withGw({ subscriptionId: '00000000-0000-0000-0000-000000000000' }), expect: 'warning' },
  // CFG-ALERTS
  { name: 'warning below critical', rule: 'CFG-ALERTS', input: config(), expect: null },
  { name: 'warning equals critical', rule: 'CFG-ALERTS', input: withGw({ alerts: { ...gateway().alerts, storage: { enabled: true, thresholdGB: 2, warningPercent: 90, criticalPercent: 90 } } }), expect: 'warning', path: '/gateways/0/alerts/storage/warningPercent' },
  // CFG-PORTS
  { name: 'VMSS with 1 VM', rule: 'CFG-PORTS', input: withGw({ vmInstances: 1 }), expect: 'info', message: 'HTTPS 443 ' },
  { name: 'VMSS with 16 VMs', rule: 'CFG-PORTS', input: withGw({ vmInstances: 16 }), expect: 'info', message: '10124–10139' },
  { name: 'classic with 3 VMs', rule: 'CFG-PORTS', input: config({ site: site('2107'), gateways: [gateway({ deploymentMethod: 'classic', vmInstances: 3 })] }), expect: 'info', message: 'TCP-TLS 10140–10142 to the gateway (preferred, can\'t go through a proxy), or HTTPS 10124–10126' },
  { name: 'no ports for an invalid VM count', rule: 'CFG-PORTS', input: withGw({ vmInstances: 40 }), expect: null },
];

function run(c: Case) {
  const text = typeof c.input === 'string' ? c.input : JSON.stringify(c.input, null, 2);
  return checkConfig({ text, filePath: FILE, deployedText: c.deployed ? JSON.stringify(c.deployed) : undefined, options: c.options }).findings;
}

describe('configuration rules (table)', () => {
  for (const c of cases) {
    it(`${c.rule}: ${c.name} → ${c.expect ?? 'nothing'}`, () => {
      const findings = run(c);
      const mine = findings.filter((f) => f.rule === c.rule);
      if (c.expect === null) {
        assert.deepEqual(mine.map((f) => f.message), []);
        return;
      }
      const hit = mine.find((f) => f.severity === c.expect && (c.message === undefined || f.message.includes(c.message)) && (c.path === undefined || f.path === c.path));
      assert.ok(hit, `expected ${c.expect} ${c.rule}${c.message ? ` with "${c.message}"` : ''}${c.path ? ` at ${c.path}` : ''}; got ${JSON.stringify(findings.map((f) => [f.rule, f.severity, f.path, f.message]), null, 1)}`);
      // Every finding can be shown: a pointer and a range inside the text.
      for (const f of findings) {
        assert.equal(typeof f.path, 'string', `${f.rule} has a path`);
        assert.ok(f.range, `${f.rule} at ${f.path} has a range`);
      }
    });
  }

  it('the valid base configuration has no findings but the port information', () => {
    const findings = checkConfig({ text: JSON.stringify(config()), filePath: FILE, options: { fileExists: () => true } }).findings;
    assert.deepEqual(findings.map((f) => f.rule), ['CFG-PORTS']);
  });

  it('every rule the table exercises is in the catalogue, with a source and a Microsoft Learn page', () => {
    const ids = new Set(CONFIG_RULES.map((r) => r.id));
    for (const c of cases) assert.ok(ids.has(c.rule), c.rule);
    for (const r of CONFIG_RULES) {
      assert.match(r.id, /^CFG-[A-Z0-9-]+$/);
      assert.ok(r.source.length > 0 && r.title.length > 0, r.id);
      if (r.id !== 'CFG-PARSE') assert.match(r.docUrl, /^https:\/\/learn\.microsoft\.com\//, r.id);
    }
    // Each catalogue rule has at least one failing case here.
    for (const r of CONFIG_RULES.filter((x) => x.id !== 'CFG-PARSE')) assert.ok(cases.some((c) => c.rule === r.id && c.expect !== null), `${r.id} has a failing case`);
  });

  it('documents every catalogue rule in src/core/config/RULES.md', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../../../src/core/config/RULES.md'), 'utf8');
    for (const r of CONFIG_RULES) assert.match(doc, new RegExp(`^\\| ${r.id} \\| ${r.defaultSeverity}`, 'm'), r.id);
  });

  it('rules tolerate values of the wrong type (reported by the schema only)', () => {
    const text = JSON.stringify({ version: 1, site: { version: 2403 }, gateways: [{ name: 7, serviceFqdn: ['x'], vmInstances: 'two', trustedCertificates: 'a.cer', alerts: 3 }, null], connectionPoints: 'none', siteRoles: [1, config().siteRoles[0]] });
    const findings = checkConfig({ text, filePath: FILE, options: { fileExists: () => false } }).findings;
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.rule === 'CFG-SCHEMA'), JSON.stringify(findings.filter((f) => f.rule !== 'CFG-SCHEMA')));
  });

  it('an invalid or broken deployed snapshot makes every gateway new', () => {
    const input = config({ gateways: [classicLegacy] });
    const broken = checkConfig({ text: JSON.stringify(input), filePath: FILE, deployedText: '{ "gateways": [' }).findings;
    assert.equal(broken.find((f) => f.rule === 'CFG-CLASSIC')?.severity, 'error');
  });
});
