import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkCertificate, CERT_RULES } from '../../../src/core/certs/check';
import type { CertCheckOptions, CertReport } from '../../../src/core/certs/types';
import { fixture, fixtureBytes, passwordOf } from './fixtures';

const AT = new Date('2026-06-01T00:00:00Z');

async function check(file: string, extra: Partial<CertCheckOptions> = {}): Promise<CertReport> {
  const pw = /\.(pfx|p12)$/.test(file) ? passwordOf(file) : undefined;
  return checkCertificate({ file: fixture(file), password: pw, at: AT, ...extra });
}
const rules = (r: CertReport) => r.findings.map((f) => f.rule);
const errors = (r: CertReport) => r.findings.filter((f) => f.severity === 'error').map((f) => f.rule);
const find = (r: CertReport, rule: string) => r.findings.filter((f) => f.rule === rule);

describe('certificate checker', () => {
  it('passes a good server PFX with its chain: no error, chain leaf → intermediate → root', async () => {
    const r = await check('server-aes.pfx', { fqdn: 'cmg.contoso.com', trusted: [fixture('root.cer')] });
    assert.deepEqual(errors(r), []);
    assert.deepEqual(r.chain.map((c) => c.role), ['leaf', 'intermediate', 'root']);
    assert.equal(r.certificate?.keyBits, 2048);
    assert.equal(r.certificate?.thumbprint, r.chain[0].thumbprint);
    assert.deepEqual(Object.keys(r.certificate ?? {}).sort(), ['dnsNames', 'issuer', 'keyBits', 'keyType', 'notAfter', 'notBefore', 'subject', 'thumbprint']);
    // Sub-CA info lists the issuing CA's thumbprint.
    const sub = find(r, 'CHAIN-SUBCA');
    assert.equal(sub.length, 1);
    assert.deepEqual(sub[0].data?.thumbprints, [r.chain[1].thumbprint]);
    // Custom domain: a CNAME is needed (info).
    assert.equal(find(r, 'CERT-SUFFIX')[0]?.severity, 'info');
  });

  it('ends the chain at the root inside the PFX when no trust anchor is given, and names it (CHAIN-ROOT)', async () => {
    const r = await check('server-aes.pfx');
    assert.deepEqual(errors(r), []);
    const root = find(r, 'CHAIN-ROOT');
    assert.equal(root.length, 1);
    assert.ok(root[0].message.includes(r.chain[2].thumbprint));
  });

  it('lists two sub-CAs for the two-level PKI', async () => {
    const r = await check('server-two-subcas.pfx');
    assert.deepEqual(r.chain.map((c) => c.role), ['leaf', 'intermediate', 'intermediate', 'root']);
    assert.equal((find(r, 'CHAIN-SUBCA')[0].data?.thumbprints as string[]).length, 2);
  });

  it('CHAIN-SUBCA says whether the sub-CAs are already among the trusted certificates', async () => {
    // Only the root is trusted: the issuing CA is not listed, so the advice is to add it.
    const rootOnly = find(await check('server-aes.pfx', { fqdn: 'cmg.contoso.com', trusted: [fixture('root.cer')] }), 'CHAIN-SUBCA');
    assert.equal(rootOnly.length, 1);
    assert.match(rootOnly[0].message, /If clients use certificates from them, add them to the gateway’s trusted certificates/);
    // No trusted list at all: the same advice.
    assert.match(find(await check('server-aes.pfx'), 'CHAIN-SUBCA')[0].message, /add them to the gateway’s trusted certificates/);
    // The issuing CA is listed: nothing to add, and no advice to add it.
    const listed = await check('server-aes.pfx', { fqdn: 'cmg.contoso.com', trusted: [fixture('root.cer'), fixture('issuing.cer')] });
    const sub = find(listed, 'CHAIN-SUBCA');
    assert.equal(sub.length, 1);
    assert.match(sub[0].message, /^The chain holds the subordinate CA .+ \([0-9A-F]{40}\), which is already among the gateway’s trusted certificates: nothing to add for it\.$/);
    assert.doesNotMatch(sub[0].message, /add them|cmg script subca/);
    assert.deepEqual(sub[0].data?.thumbprints, [listed.chain[1].thumbprint]);
    // Two sub-CAs (root2 → policy → issuing2), the issuing one listed: the path ends there, nothing to add.
    const both = await check('server-two-subcas.pfx', { trusted: [fixture('root2.cer'), fixture('policy.cer'), fixture('issuing2.cer')] });
    assert.deepEqual(errors(both), []);
    assert.match(find(both, 'CHAIN-SUBCA')[0].message, /^The chain holds the subordinate CA Fixture Issuing CA 2 \([0-9A-F]{40}\), which is already among/);
    // Only the policy CA listed: names which one is listed and which one is not.
    const some = await check('server-two-subcas.pfx', { trusted: [fixture('root2.cer'), fixture('policy.cer')] });
    const mixed = find(some, 'CHAIN-SUBCA')[0].message;
    const [issuing2, policy] = [some.chain[1].thumbprint, some.chain[2].thumbprint];
    assert.match(mixed, new RegExp(`Already among the gateway’s trusted certificates: Fixture Policy CA \\(${policy}\\)\\. Not among them: Fixture Issuing CA 2 \\(${issuing2}\\); if clients use certificates from those, add them`));
  });

  it('refuses a chain that does not reach the given trust anchor (CHAIN-INCOMPLETE)', async () => {
    const r = await check('server-aes.pfx', { trusted: [fixture('root2.cer')] });
    assert.deepEqual(errors(r), ['CHAIN-INCOMPLETE']);
    const missing = await check('missing-intermediate.pfx');
    assert.deepEqual(errors(missing), ['CHAIN-INCOMPLETE']);
    // Giving the missing intermediates (--untrusted) completes it.
    const fixed = await check('missing-intermediate.pfx', { untrusted: [fixture('issuing2.cer'), fixture('policy.cer')], trusted: [fixture('root2.cer')] });
    assert.deepEqual(errors(fixed), []);
  });

  it('reports a broken signature (CHAIN-SIGNATURE)', async () => {
    const der = Buffer.from(fixtureBytes('server.cer'));
    der[der.length - 5] ^= 0x55; // inside the signature value
    const r = await checkCertificate({ file: 'tampered.cer', bytes: new Uint8Array(der), role: 'client', at: AT, untrusted: [fixture('issuing.cer')], trusted: [fixture('root.cer')] });
    assert.ok(rules(r).includes('CHAIN-SIGNATURE'), JSON.stringify(r.findings));
  });

  it('reports an issuer that is not a CA (CHAIN-ISSUER-NOT-CA) and an expired intermediate (CHAIN-EXPIRED)', async () => {
    assert.ok(errors(await check('issued-by-non-ca.pfx')).includes('CHAIN-ISSUER-NOT-CA'));
    assert.deepEqual(errors(await check('expired-intermediate.pfx', { at: new Date('2025-06-01T00:00:00Z') })), []);
    assert.deepEqual(errors(await check('expired-intermediate.pfx', { at: new Date('2027-01-01T00:00:00Z') })), ['CHAIN-EXPIRED']);
  });

  it('refuses a chain whose issuing CA is limited to client authentication (EKU on the CA)', async () => {
    const r = await check('ca-eku-client-only.pfx');
    assert.deepEqual(errors(r), ['CHAIN-INCOMPLETE']);
    assert.match(r.findings.find((f) => f.rule === 'CHAIN-INCOMPLETE')!.message, /Client-Only Issuing CA/);
    // For the client role the CA's EKU fits: only the leaf's own EKU (server authentication) is wrong.
    const asClient = await check('ca-eku-client-only.pfx', { role: 'client' });
    assert.deepEqual(errors(asClient), ['CERT-EKU']);
  });

  it('applies an issuing CA’s DNS name constraints, to the CN when the leaf has no SAN', async () => {
    assert.deepEqual(errors(await check('name-constraints-inside.pfx')), []);
    const out = await check('name-constraints-outside.pfx');
    assert.deepEqual(errors(out), ['CHAIN-INCOMPLETE']);
    assert.match(out.findings.find((f) => f.rule === 'CHAIN-INCOMPLETE')!.message, /permitted/);
  });

  it('refuses a self-signed server certificate with a clear cause', async () => {
    const r = await check('self-signed.pfx', { at: new Date() }); // made with -days 3650 from generation
    assert.deepEqual(errors(r), ['CHAIN-INCOMPLETE']);
    assert.match(r.findings.find((f) => f.rule === 'CHAIN-INCOMPLETE')!.message, /self-signed/);
  });

  it('CERT-NO-KEY: a .cer, a PFX without key, a key that does not match', async () => {
    assert.ok(errors(await check('server.cer')).includes('CERT-NO-KEY'));
    assert.ok(errors(await check('server-nokey.pfx')).includes('CERT-NO-KEY'));
    assert.ok(errors(await check('server-mismatched-key.pem')).includes('CERT-NO-KEY'));
    assert.ok(!rules(await check('server-with-key.pem')).includes('CERT-NO-KEY'));
  });

  it('CERT-PARSE and CERT-PASSWORD come alone, with no certificate', async () => {
    const r = await checkCertificate({ file: fixture('server-aes.pfx'), password: 'wrong' });
    assert.deepEqual(rules(r), ['CERT-PASSWORD']);
    assert.equal(r.certificate, undefined);
    assert.deepEqual(r.chain, []);
    assert.deepEqual(rules(await check('truncated.pfx')), ['CERT-PARSE']);
    assert.deepEqual(rules(await checkCertificate({ file: fixture('does-not-exist.pfx') })), ['CERT-PARSE']);
  });

  it('CERT-NO-CN', async () => {
    assert.ok(errors(await check('no-cn.pfx')).includes('CERT-NO-CN'));
  });

  it('CERT-CN-MISMATCH and CERT-CN-CASE (against the FQDN and the certificate in use)', async () => {
    assert.ok(errors(await check('server-aes.pfx', { fqdn: 'other.contoso.com' })).includes('CERT-CN-MISMATCH'));
    const caseFqdn = await check('cn-case-variant.pfx', { fqdn: 'cmg.contoso.com' });
    assert.ok(errors(caseFqdn).includes('CERT-CN-CASE'));
    assert.ok(!errors(caseFqdn).includes('CERT-CN-MISMATCH'));
    const renewal = await check('cn-case-variant.pfx', { currentFqdn: 'cmg.contoso.com' });
    assert.ok(errors(renewal).includes('CERT-CN-CASE'));
    assert.ok(!rules(await check('server-aes.pfx', { currentFqdn: 'cmg.contoso.com', fqdn: 'cmg.contoso.com' })).includes('CERT-CN-CASE'));
  });

  it('CERT-WILDCARD: warning without FQDN, info when the FQDN falls under it, mismatch when not', async () => {
    assert.deepEqual(find(await check('wildcard.pfx'), 'CERT-WILDCARD').map((f) => f.severity), ['warning']);
    const ok = await check('wildcard.pfx', { fqdn: 'cmg.contoso.com' });
    assert.deepEqual(find(ok, 'CERT-WILDCARD').map((f) => f.severity), ['info']);
    assert.deepEqual(errors(ok), []);
    assert.ok(errors(await check('wildcard.pfx', { fqdn: 'a.b.contoso.com' })).includes('CERT-CN-MISMATCH'));
  });

  it('CERT-HOSTNAME: SAN without the name fails (no CN fallback); no SAN falls back to the CN', async () => {
    assert.ok(errors(await check('san-mismatch.pfx')).includes('CERT-HOSTNAME'));
    assert.ok(!rules(await check('no-san.pfx', { fqdn: 'cmg.contoso.com' })).includes('CERT-HOSTNAME'));
  });

  it('CERT-SUFFIX: cloudapp.net with VMSS, missing region label, wrong environment', async () => {
    assert.deepEqual(find(await check('cloudapp-net.pfx', { deployment: 'vmss' }), 'CERT-SUFFIX').map((f) => f.severity), ['error']);
    assert.deepEqual(find(await check('cloudapp-net.pfx', { deployment: 'classic' }), 'CERT-SUFFIX'), []);
    assert.deepEqual(find(await check('cloudapp-azure-no-region.pfx', { deployment: 'vmss' }), 'CERT-SUFFIX').map((f) => f.severity), ['error']);
    assert.deepEqual(find(await check('cloudapp-net.pfx', { environment: 'usgov' }), 'CERT-SUFFIX').map((f) => f.severity), ['error']);
  });

  it('CERT-SUFFIX for US Government names, with the configurable VMSS suffix', async () => {
    const suffix = async (fqdn: string, extra: Partial<CertCheckOptions>) => find(await check('server-aes.pfx', { fqdn, ...extra }), 'CERT-SUFFIX').map((f) => f.severity);
    assert.deepEqual(await suffix('cmg.usgovvirginia.cloudapp.usgovcloudapi.net', { environment: 'usgov', deployment: 'vmss' }), []);
    assert.deepEqual(await suffix('cmg.cloudapp.usgovcloudapi.net', { environment: 'usgov', deployment: 'vmss' }), ['error']);
    assert.deepEqual(await suffix('cmg.usgovvirginia.cloudapp.usgovcloudapi.net', { environment: 'public', deployment: 'vmss' }), ['error']);
    assert.deepEqual(await suffix('cmg.usgovcloudapp.net', { environment: 'usgov', deployment: 'classic' }), []);
    assert.deepEqual(await suffix('cmg.usgovvirginia.usgovcloudapi.net', { environment: 'usgov', deployment: 'vmss', usGovVmssSuffix: 'usgovcloudapi.net' }), []);
    assert.deepEqual(await suffix('cmg.westeurope.cloudapp.azure.com', { environment: 'public', deployment: 'vmss' }), []);
    assert.deepEqual(await suffix('cmg.westeurope.cloudapp.azure.com', { environment: 'public', deployment: 'classic' }), ['error']);
  });

  it('CERT-SUFFIX for a custom domain names the gateway’s region in the deployment name when it is known', async () => {
    const message = async (extra: Partial<CertCheckOptions>) => {
      const f = find(await check('server-aes.pfx', { fqdn: 'cmg.contoso.com', ...extra }), 'CERT-SUFFIX');
      assert.deepEqual(f.map((x) => x.severity), ['info']);
      return f[0].message;
    };
    assert.equal(await message({ deployment: 'vmss', region: 'westeurope' }), 'cmg.contoso.com is a custom domain name: create a DNS CNAME record from cmg.contoso.com to the deployment name cmg.westeurope.cloudapp.azure.com.');
    // The region as the portal displays it is spelled as Azure's DNS label.
    assert.match(await message({ deployment: 'vmss', region: 'West Europe' }), / cmg\.westeurope\.cloudapp\.azure\.com\.$/);
    assert.match(await message({ region: 'northeurope' }), / cmg\.northeurope\.cloudapp\.azure\.com\.$/);
    assert.match(await message({ environment: 'usgov', deployment: 'vmss', region: 'usgovvirginia' }), / cmg\.usgovvirginia\.cloudapp\.usgovcloudapi\.net\.$/);
    // Unknown (or unusable) region: the placeholder stays.
    assert.match(await message({ deployment: 'vmss' }), / cmg\.<region>\.cloudapp\.azure\.com\.$/);
    assert.match(await message({ deployment: 'vmss', region: 'west.europe' }), / cmg\.<region>\.cloudapp\.azure\.com\.$/);
    // Cloud service (classic): no region in the name.
    assert.match(await message({ deployment: 'classic', region: 'westus2' }), / cmg\.cloudapp\.net\.$/);
  });

  it('CERT-SERVICE-NAME: a hyphen in the prefix', async () => {
    assert.ok(errors(await check('bad-service-name.pfx')).includes('CERT-SERVICE-NAME'));
    assert.ok(!rules(await check('server-aes.pfx')).includes('CERT-SERVICE-NAME'));
  });

  it('CERT-KEY: RSA 1024 and EC refused, RSA 4096 accepted', async () => {
    assert.ok(errors(await check('rsa-1024.pfx')).includes('CERT-KEY'));
    assert.ok(errors(await check('server-ec.pfx')).includes('CERT-KEY'));
    assert.deepEqual(errors(await check('server-4096.pfx')), []);
  });

  it('CERT-EKU: client-only EKU for the server role; server EKU for the client role', async () => {
    assert.ok(errors(await check('wrong-eku.pfx')).includes('CERT-EKU'));
    assert.deepEqual(errors(await check('client.pfx', { role: 'client' })), []);
    assert.ok(errors(await check('server-aes.pfx', { role: 'client' })).includes('CERT-EKU'));
  });

  it('CERT-EXPIRED, CERT-NOT-YET-VALID and CERT-EXPIRING (with the warning window)', async () => {
    assert.ok(errors(await check('expired.pfx')).includes('CERT-EXPIRED'));
    assert.ok(errors(await check('not-yet-valid.pfx')).includes('CERT-NOT-YET-VALID'));
    const soon = await check('server-aes.pfx', { at: new Date('2034-12-10T00:00:00Z') });
    assert.deepEqual(find(soon, 'CERT-EXPIRING').map((f) => f.severity), ['warning']);
    assert.equal(find(soon, 'CERT-EXPIRING')[0].data?.daysLeft, 22);
    assert.deepEqual(find(await check('server-aes.pfx', { at: new Date('2034-12-10T00:00:00Z'), expiryWarningDays: 10 }), 'CERT-EXPIRING'), []);
  });

  it('CERT-WEAK-SIGNATURE: SHA-1 signed leaf', async () => {
    assert.deepEqual(find(await check('sha1-signed.pfx'), 'CERT-WEAK-SIGNATURE').map((f) => f.severity), ['warning']);
    assert.deepEqual(find(await check('server-aes.pfx'), 'CERT-WEAK-SIGNATURE'), []);
  });

  it('trusted role: root passes, intermediate is TRUSTED-INTERMEDIATE, a leaf is TRUSTED-NOT-CA', async () => {
    assert.deepEqual(rules(await check('root.cer', { role: 'trusted' })), []);
    const inter = await check('issuing.cer', { role: 'trusted', untrusted: [fixture('root.cer')] });
    assert.deepEqual(rules(inter), ['TRUSTED-INTERMEDIATE']);
    assert.deepEqual(inter.chain.map((c) => c.role), ['leaf', 'root']);
    assert.deepEqual(rules(await check('server.cer', { role: 'trusted' })), ['TRUSTED-NOT-CA']);
    // An intermediate alone: its root should be in the list too (a warning, not an error).
    const alone = await check('issuing.cer', { role: 'trusted' });
    assert.deepEqual(alone.findings.map((f) => `${f.rule}:${f.severity}`), ['TRUSTED-INTERMEDIATE:info', 'CHAIN-INCOMPLETE:warning']);
  });

  it('TRUSTED-INTERMEDIATE mentions the 1902 limit only when it applies to the site version', async () => {
    const inter = async (siteVersion?: string) => find(await check('issuing.cer', { role: 'trusted', untrusted: [fixture('root.cer')], siteVersion }), 'TRUSTED-INTERMEDIATE');
    // Up to 1902: the limit applies, named with the site's version.
    for (const v of ['1902', '1810']) {
      const f = await inter(v);
      assert.equal(f.length, 1, v);
      assert.equal(f[0].severity, 'info');
      assert.equal(f[0].message, `Fixture Issuing CA is an intermediate CA: at site version ${v} the gateway accepts at most 4 intermediate (and 2 root) certificates in its trusted list.`);
    }
    // After 1902 no limit is documented: nothing to say about an intermediate in the list.
    assert.deepEqual(await inter('1906'), []);
    assert.deepEqual(await inter('2403'), []);
    assert.deepEqual(rules(await check('issuing.cer', { role: 'trusted', untrusted: [fixture('root.cer')], siteVersion: '2403' })), []);
    // Site version unknown or malformed: the limit is given with its condition.
    for (const v of [undefined, '', 'current']) {
      const f = await inter(v);
      assert.equal(f.length, 1, String(v));
      assert.match(f[0].message, /up to version 1902 the gateway accepts at most 4 intermediate certificates/);
    }
  });

  it('every rule it emits is in the catalogue, with a documented default severity', async () => {
    const ids = new Set(CERT_RULES.map((r) => r.id));
    const files = ['server-aes.pfx', 'wrong-eku.pfx', 'no-cn.pfx', 'wildcard.pfx', 'cloudapp-net.pfx', 'sha1-signed.pfx', 'expired.pfx', 'server.cer', 'truncated.pfx', 'issued-by-non-ca.pfx'];
    for (const f of files) for (const x of (await check(f, { fqdn: 'cmg.contoso.com', deployment: 'vmss' })).findings) assert.ok(ids.has(x.rule), x.rule);
    for (const r of CERT_RULES) assert.match(r.docUrl, /^https:\/\//);
  });

  it('every rule title has a Dutch and a French translation (hosts localize titles at display time)', () => {
    for (const lang of ['nl', 'fr']) {
      const bundle = JSON.parse(readFileSync(path.resolve(__dirname, `../../../../l10n/bundle.l10n.${lang}.json`), 'utf8')) as Record<string, string>;
      for (const r of CERT_RULES) assert.ok(bundle[r.title], `${lang}: ${r.title}`);
    }
  });
});
