import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import { checkGatewayCertificates } from '../../../src/core/certs/configCheck';
import { certificateSummary } from '../../../src/core/certs/summary';
import type { CmgConfig, DeepPartial } from '../../../src/core/model';
import { EXAMPLE_CERTS, FIXTURES, fixture, passwordOf } from './fixtures';

const EXAMPLE = path.dirname(EXAMPLE_CERTS);
const exampleConfig = () => parse(readFileSync(path.join(EXAMPLE, 'contoso.cmg.json'), 'utf8')) as DeepPartial<CmgConfig>;
const exampleDeployed = () => parse(readFileSync(path.join(EXAMPLE, '.cmg', 'contoso.cmg.json.deployed.json'), 'utf8')) as DeepPartial<CmgConfig>;

describe('certificate findings for a *.cmg.json', () => {
  it('checks the example: trusted list, the expiring contosocmg.pfx, JSON pointers', async () => {
    const contosocmg = await certificateSummary(path.join(EXAMPLE_CERTS, 'contosocmg.pfx'));
    assert.ok(contosocmg.summary, 'the example PFX shows its certificate without a password');
    // The example certificate is made to expire 23 days after generation: check 10 days before.
    const at = new Date(Date.parse(contosocmg.summary!.notAfter) - 10 * 86_400_000);
    const asked: string[] = [];
    const findings = await checkGatewayCertificates({
      config: exampleConfig(),
      filePath: path.join(EXAMPLE, 'contoso.cmg.json'),
      deployed: exampleDeployed(),
      passwordFor: async (p) => {
        asked.push(path.basename(p));
        return 'contoso';
      },
      at,
    });
    assert.deepEqual(asked.sort(), ['contosocmg.pfx', 'granitefalls.pfx']);
    const at1 = findings.filter((f) => f.path === '/gateways/1/serverCertificate').map((f) => `${f.rule}:${f.severity}`);
    assert.ok(at1.includes('CERT-EXPIRING:warning'), at1.join(' '));
    assert.deepEqual(findings.filter((f) => f.severity === 'error'), []);
    // Site version 2403: the old limit on intermediates (up to 1902) does not apply, so the issuing CA in the list is fine.
    assert.deepEqual(findings.filter((f) => f.path === '/gateways/0/trustedCertificates/1'), []);
    assert.deepEqual(findings.filter((f) => f.path === '/gateways/0/trustedCertificates/0'), []);
    assert.deepEqual(findings.filter((f) => f.rule === 'TRUSTED-INTERMEDIATE'), []);
    // The custom domain's CNAME target names the gateway's region (westeurope), not <region>.
    const suffix = findings.filter((f) => f.path === '/gateways/0/serverCertificate' && f.rule === 'CERT-SUFFIX');
    assert.deepEqual(suffix.map((f) => f.message), ['granitefalls.contoso.com is a custom domain name: create a DNS CNAME record from granitefalls.contoso.com to the deployment name granitefalls.westeurope.cloudapp.azure.com.']);
    // The issuing CA is in both gateways' trusted lists: CHAIN-SUBCA does not ask to add it.
    const subca = findings.filter((f) => f.rule === 'CHAIN-SUBCA');
    assert.deepEqual(subca.map((f) => f.path), ['/gateways/0/serverCertificate', '/gateways/1/serverCertificate']);
    for (const f of subca) assert.match(f.message, /^The chain holds the subordinate CA Contoso Issuing CA 01 \([0-9A-F]{40}\), which is already among the gateway’s trusted certificates: nothing to add for it\.$/);
    // granitefalls chains to the trusted root from the trusted list (no CHAIN-ROOT: an anchor was given).
    const gf = findings.filter((f) => f.path === '/gateways/0/serverCertificate').map((f) => f.rule);
    assert.ok(!gf.includes('CHAIN-INCOMPLETE') && !gf.includes('CHAIN-ROOT'), gf.join(' '));
  });

  it('takes the site version from the file for TRUSTED-INTERMEDIATE', async () => {
    const intermediates = async (version: string | undefined) => {
      const config = exampleConfig();
      if (version === undefined) delete config.site!.version;
      else config.site!.version = version;
      const findings = await checkGatewayCertificates({ config, filePath: path.join(EXAMPLE, 'contoso.cmg.json'), passwordFor: () => 'contoso' });
      return findings.filter((f) => f.rule === 'TRUSTED-INTERMEDIATE');
    };
    const old = await intermediates('1902');
    assert.deepEqual(old.map((f) => f.path), ['/gateways/0/trustedCertificates/1', '/gateways/1/trustedCertificates/1']);
    for (const f of old) assert.equal(f.message, 'Contoso Issuing CA 01 is an intermediate CA: at site version 1902 the gateway accepts at most 4 intermediate (and 2 root) certificates in its trusted list.');
    assert.deepEqual(await intermediates('2010'), []);
    const unknown = await intermediates(undefined);
    assert.equal(unknown.length, 2);
    assert.match(unknown[0].message, /up to version 1902/);
  });

  it('without a stored password, a PFX gives an information hint instead of an error', async () => {
    const findings = await checkGatewayCertificates({ config: exampleConfig(), filePath: path.join(EXAMPLE, 'contoso.cmg.json') });
    const pw = findings.filter((f) => f.rule === 'CERT-PASSWORD');
    assert.deepEqual(pw.map((f) => [f.path, f.severity]), [
      ['/gateways/0/serverCertificate', 'info'],
      ['/gateways/1/serverCertificate', 'info'],
    ]);
  });

  it('evaluates with the gateway FQDN, method and the deployed certificate’s CN (renewal case)', async () => {
    const config: DeepPartial<CmgConfig> = {
      gateways: [
        { name: 'a', serviceFqdn: 'cmg.contoso.com', deploymentMethod: 'vmss', environment: 'AzurePublicCloud', serverCertificate: 'cn-case-variant.pfx', trustedCertificates: ['root.cer', 'server.cer', 'missing.cer'] },
        { name: 'b', serviceFqdn: 'other.contoso.com', deploymentMethod: 'vmss', environment: 'AzurePublicCloud', serverCertificate: 'server-aes.pfx' },
      ],
    };
    const deployed: DeepPartial<CmgConfig> = { gateways: [{ name: 'a', serviceFqdn: 'cmg.contoso.com', serverCertificate: 'server.cer' }] };
    const findings = await checkGatewayCertificates({
      config,
      deployed,
      filePath: path.join(FIXTURES, 'x.cmg.json'),
      passwordFor: (p) => passwordOf(path.basename(p)),
      at: new Date('2026-06-01T00:00:00Z'),
    });
    const rulesAt = (p: string) => findings.filter((f) => f.path === p).map((f) => f.rule);
    assert.ok(rulesAt('/gateways/0/serverCertificate').includes('CERT-CN-CASE'));
    assert.ok(rulesAt('/gateways/0/trustedCertificates/1').includes('TRUSTED-NOT-CA'));
    assert.deepEqual(rulesAt('/gateways/0/trustedCertificates/2'), ['CERT-PARSE']);
    assert.ok(rulesAt('/gateways/1/serverCertificate').includes('CERT-CN-MISMATCH'));
  });

  it('takes the CN of the deployed certificate (opened with its password) as the name in use', async () => {
    const config: DeepPartial<CmgConfig> = { gateways: [{ name: 'a', serviceFqdn: 'cmg.contoso.com', deploymentMethod: 'vmss', environment: 'AzurePublicCloud', serverCertificate: 'server-aes.pfx' }] };
    const deployed: DeepPartial<CmgConfig> = { gateways: [{ name: 'a', serviceFqdn: 'cmg.contoso.com', serverCertificate: 'cn-case-variant.pfx' }] };
    const run = (withPassword: boolean) =>
      checkGatewayCertificates({ config, deployed, filePath: path.join(FIXTURES, 'x.cmg.json'), passwordFor: (p) => (withPassword || path.basename(p) === 'server-aes.pfx' ? passwordOf(path.basename(p)) : undefined), at: new Date('2026-06-01T00:00:00Z') });
    const caseFindings = (await run(true)).filter((f) => f.rule === 'CERT-CN-CASE');
    assert.equal(caseFindings.length, 1);
    assert.match(caseFindings[0].message, /CMG\.Contoso\.com/);
    // Unreadable deployed certificate: the deployed serviceFqdn is the name in use, same case.
    assert.deepEqual((await run(false)).filter((f) => f.rule === 'CERT-CN-CASE'), []);
  });

  it('a server certificate from another PKI than the trusted list is fine when its PFX holds its root', async () => {
    const config: DeepPartial<CmgConfig> = {
      gateways: [
        { name: 'a', serviceFqdn: 'cmg.contoso.com', deploymentMethod: 'vmss', environment: 'AzurePublicCloud', serverCertificate: 'server-two-subcas.pfx', trustedCertificates: ['root.cer'] },
        { name: 'b', serviceFqdn: 'cmg.contoso.com', deploymentMethod: 'vmss', environment: 'AzurePublicCloud', serverCertificate: 'missing-intermediate.pfx', trustedCertificates: ['root.cer'] },
      ],
    };
    const findings = await checkGatewayCertificates({ config, filePath: path.join(FIXTURES, 'x.cmg.json'), passwordFor: (p) => passwordOf(path.basename(p)), at: new Date('2026-06-01T00:00:00Z') });
    const rulesAt = (p: string) => findings.filter((f) => f.path === p).map((f) => `${f.rule}:${f.severity}`);
    assert.ok(rulesAt('/gateways/0/serverCertificate').includes('CHAIN-ROOT:info'), rulesAt('/gateways/0/serverCertificate').join(' '));
    assert.ok(!rulesAt('/gateways/0/serverCertificate').some((r) => r.endsWith(':error')));
    assert.ok(rulesAt('/gateways/1/serverCertificate').includes('CHAIN-INCOMPLETE:error'));
  });

  it('never throws on a broken configuration', async () => {
    for (const config of [undefined, {}, { gateways: 'x' }, { gateways: [null, 3, { serverCertificate: 42 }, { serverCertificate: 'nope.pfx' }] }] as unknown[]) {
      const findings = await checkGatewayCertificates({ config: config as DeepPartial<CmgConfig>, filePath: fixture('x.cmg.json') });
      assert.ok(Array.isArray(findings));
    }
  });
});

describe('certificate summary (tree and wizard)', () => {
  it('reads a PFX with unencrypted certificate bags without the password', async () => {
    const r = await certificateSummary(path.join(EXAMPLE_CERTS, 'granitefalls.pfx'));
    assert.equal(r.needsPassword, false);
    assert.equal(r.summary?.cn, 'granitefalls.contoso.com');
    assert.match(r.summary?.thumbprint ?? '', /^[0-9A-F]{40}$/);
  });

  it('asks for the password of an encrypted PFX and reads it with the password', async () => {
    const without = await certificateSummary(fixture('server-aes.pfx'));
    assert.equal(without.needsPassword, true);
    assert.equal(without.summary, undefined);
    const wrong = await certificateSummary(fixture('server-aes.pfx'), 'wrong');
    assert.equal(wrong.needsPassword, true);
    assert.ok(wrong.error);
    const ok = await certificateSummary(fixture('server-aes.pfx'), passwordOf('server-aes.pfx'));
    assert.equal(ok.summary?.cn, 'cmg.contoso.com');
  });

  it('names a missing or corrupt file', async () => {
    const missing = await certificateSummary(fixture('nope.pfx'));
    assert.equal(missing.needsPassword, false);
    assert.match(missing.error ?? '', /nope\.pfx/);
    const corrupt = await certificateSummary(fixture('garbage.cer'));
    assert.match(corrupt.error ?? '', /garbage\.cer/);
  });
});
