import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CertReport } from '../../../src/core/certs/types';
import type { Finding } from '../../../src/core/findings';
import { configureL10n } from '../../../src/core/l10n';
import { ruleExplanations } from '../../../src/certs/report/explanations';
import { parseReportMessage } from '../../../src/certs/report/messages';
import { buildReportModel, commonNameOf, daysBetween, deploymentNames, type ReportContext } from '../../../src/certs/report/model';
import { escapeHtml, renderReportHtml } from '../../../src/certs/report/render';

const AT = new Date('2026-11-23T10:00:00Z');
const ctx: ReportContext = { role: 'server', fileLabel: 'certs/granitefalls.pfx', fqdn: 'GraniteFalls.contoso.com', at: AT };

function report(findings: Finding[], extra: Partial<CertReport> = {}): CertReport {
  return {
    file: '/w/certs/granitefalls.pfx',
    certificate: {
      subject: 'CN=GraniteFalls.contoso.com\nO=Contoso',
      issuer: 'CN=Contoso Issuing CA 1\nO=Contoso',
      thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2026-12-13T10:00:00.000Z',
      keyType: 'rsa',
      keyBits: 2048,
      dnsNames: ['GraniteFalls.contoso.com'],
    },
    chain: [
      { subject: 'CN=GraniteFalls.contoso.com\nO=Contoso', thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678', role: 'leaf' },
      { subject: 'CN=Contoso Issuing CA 1\nO=Contoso', thumbprint: '1111111111111111111111111111111111111111', role: 'intermediate' },
      { subject: 'CN=Contoso Policy CA\nO=Contoso', thumbprint: '2222222222222222222222222222222222222222', role: 'intermediate' },
      { subject: 'CN=Contoso Root CA\nO=Contoso', thumbprint: '3333333333333333333333333333333333333333', role: 'root' },
    ],
    findings,
    ...extra,
  };
}

const HTML_OPTS = { cspSource: 'https://webview.test', nonce: 'n0nce', styleUri: 'https://webview.test/report.css', scriptUri: 'https://webview.test/report.js' };

describe('certificate report model', () => {
  afterEach(() => configureL10n('en', undefined));

  it('reads the CN from Node, OpenSSL and slash-separated distinguished names', () => {
    assert.equal(commonNameOf('CN=GraniteFalls.contoso.com\nO=Contoso'), 'GraniteFalls.contoso.com');
    assert.equal(commonNameOf('C=US, O=Contoso, CN=Contoso Root CA'), 'Contoso Root CA');
    assert.equal(commonNameOf('/C=US/O=Contoso/CN=*.contoso.com'), '*.contoso.com');
    assert.equal(commonNameOf('O=Contoso\\, Ltd, CN=a\\,b'), 'a,b');
    assert.equal(commonNameOf('O=Contoso\nOU=IT'), undefined);
  });

  it('derives the deployment name from the first label, method, environment and region', () => {
    assert.deepEqual(deploymentNames('GraniteFalls.contoso.com', { deployment: 'vmss', environment: 'public', region: 'West Europe' }), ['GraniteFalls.westeurope.cloudapp.azure.com']);
    assert.deepEqual(deploymentNames('GraniteFalls.contoso.com', { deployment: 'classic', environment: 'public' }), ['GraniteFalls.cloudapp.net']);
    assert.deepEqual(deploymentNames('gf.contoso.us', { deployment: 'classic', environment: 'usgov' }), ['gf.usgovcloudapp.net']);
    assert.deepEqual(deploymentNames('gf.contoso.us', { deployment: 'vmss', environment: 'usgov', region: 'usgovvirginia', usGovVmssSuffix: 'usgovcloudapi.net' }), ['gf.usgovvirginia.usgovcloudapi.net']);
    assert.deepEqual(deploymentNames('gf.contoso.com', {}), ['gf.<region>.cloudapp.azure.com', 'gf.cloudapp.net']);
  });

  it('counts days to expiry from the check time', () => {
    assert.equal(daysBetween(AT, new Date('2026-12-13T10:00:00Z')), 20);
    assert.equal(daysBetween(AT, new Date('2026-11-20T10:00:00Z')), -3);
  });

  it('says the certificate works when there is no error, and lists the certificate facts', () => {
    const m = buildReportModel(report([{ rule: 'CERT-EXPIRING', severity: 'warning', message: 'Expires in 20 days.' }]), { ...ctx, deployment: 'vmss', region: 'westeurope' });
    assert.equal(m.verdict, 'works-with-warnings');
    assert.equal(m.heading, 'Works as CMG server certificate');
    const byLabel = new Map(m.certificate.map((f) => [f.label, f]));
    assert.equal(byLabel.get('Common name (CN)')?.value, 'GraniteFalls.contoso.com');
    assert.equal(byLabel.get('Deployment name')?.value, 'GraniteFalls.westeurope.cloudapp.azure.com');
    assert.match(byLabel.get('Valid')?.value ?? '', /2026-01-01 to 2026-12-13 \(expires in 20 days\)/);
    assert.equal(byLabel.get('Valid')?.tone, 'warning');
    assert.equal(byLabel.get('Key')?.value, 'RSA 2048 bits');
    assert.equal(byLabel.get('Thumbprint (SHA-1)')?.value, 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678');
  });

  it('says it does not work on any error, errors first, each with its explanation', () => {
    const m = buildReportModel(
      report([
        { rule: 'CHAIN-SUBCA', severity: 'info', message: 'Sub-CAs.', data: { thumbprints: ['1111111111111111111111111111111111111111', '2222222222222222222222222222222222222222'] } },
        { rule: 'CERT-EKU', severity: 'error', message: 'No Server Authentication.' },
        { rule: 'CERT-WEAK-SIGNATURE', severity: 'warning', message: 'SHA-1.' },
      ]),
      ctx,
    );
    assert.equal(m.verdict, 'fails');
    assert.equal(m.heading, "Doesn't work as CMG server certificate");
    assert.deepEqual(
      m.findings.map((f) => f.rule),
      ['CERT-EKU', 'CERT-WEAK-SIGNATURE', 'CHAIN-SUBCA'],
    );
    assert.equal(m.findings[0].title, 'Enhanced key usage missing');
    assert.match(m.findings[0].action ?? '', /Web Server template/);
    assert.deepEqual(m.counts, { error: 1, warning: 1, info: 1 });
    assert.equal(m.offerSubCaScript, true);
    assert.deepEqual(m.subCaThumbprints, ['1111111111111111111111111111111111111111', '2222222222222222222222222222222222222222']);
  });

  it('shows the chain root first, the checked certificate last, and a missing issuer on an incomplete chain', () => {
    const full = buildReportModel(report([]), ctx);
    assert.deepEqual(
      full.chain.map((c) => [c.commonName, c.role]),
      [
        ['Contoso Root CA', 'root'],
        ['Contoso Policy CA', 'intermediate'],
        ['Contoso Issuing CA 1', 'intermediate'],
        ['GraniteFalls.contoso.com', 'leaf'],
      ],
    );
    const partial = buildReportModel(
      report([{ rule: 'CHAIN-INCOMPLETE', severity: 'error', message: 'No path.' }], { chain: [{ subject: 'CN=GraniteFalls.contoso.com', thumbprint: 'AA', role: 'leaf' }] }),
      ctx,
    );
    assert.equal(partial.chain[0].role, 'missing');
    assert.equal(partial.chain[0].commonName, 'Contoso Issuing CA 1');
    assert.equal(partial.chain[1].role, 'leaf');
    assert.equal(partial.offerSubCaScript, false);
  });

  it('explains an information finding as information (a custom domain is fine, not a misfit)', () => {
    const m = buildReportModel(
      report([
        { rule: 'CERT-SUFFIX', severity: 'info', message: 'Custom domain: create a CNAME.' },
        { rule: 'CERT-SUFFIX', severity: 'error', message: 'cloudapp.net cannot be used for a scale set.' },
      ]),
      ctx,
    );
    assert.equal(m.findings[0].severity, 'error');
    assert.equal(m.findings[0].title, 'Name does not fit the Azure environment or deployment method');
    assert.equal(m.findings[1].severity, 'info');
    assert.equal(m.findings[1].title, 'Custom domain name');
    assert.match(m.findings[1].action ?? '', /CNAME/);
  });

  it('reports an unreadable file without certificate facts', () => {
    const m = buildReportModel({ file: 'x.pfx', chain: [], findings: [{ rule: 'CERT-PASSWORD', severity: 'error', message: 'Wrong password.' }] }, ctx);
    assert.equal(m.verdict, 'unreadable');
    assert.equal(m.certificate.length, 0);
    assert.equal(m.heading, 'The certificate could not be read');
  });

  it('has an explanation and an action for every rule of the certificate issue and of the checker', async () => {
    const ids = [
      'CERT-PARSE', 'CERT-PASSWORD', 'CERT-NO-KEY', 'CERT-NO-CN', 'CERT-CN-MISMATCH', 'CERT-CN-CASE', 'CERT-WILDCARD', 'CERT-HOSTNAME',
      'CERT-SUFFIX', 'CERT-SERVICE-NAME', 'CERT-KEY', 'CERT-EKU', 'CERT-EXPIRED', 'CERT-NOT-YET-VALID', 'CERT-EXPIRING', 'CERT-WEAK-SIGNATURE',
      'CHAIN-INCOMPLETE', 'CHAIN-SIGNATURE', 'CHAIN-ISSUER-NOT-CA', 'CHAIN-EXPIRED', 'CHAIN-ROOT', 'CHAIN-SUBCA', 'TRUSTED-NOT-CA', 'TRUSTED-INTERMEDIATE',
    ];
    const table = ruleExplanations();
    for (const id of ids) {
      const e = table[id];
      assert.ok(e, id);
      assert.ok(e.title.length > 3 && e.why.length > 20 && e.action.length > 10, id);
    }
    assert.deepEqual(Object.keys(table).sort(), [...ids].sort());
    const { CERT_RULES } = await import('../../../src/core/certs/rules');
    for (const r of CERT_RULES) assert.ok(table[r.id], `no explanation for the checker's rule ${r.id}`);
  });

  it('follows the configured language through the shared bundles', () => {
    const englishWhy = ruleExplanations()['CERT-EKU'].why;
    for (const lang of ['nl', 'fr'] as const) {
      const bundle = JSON.parse(readFileSync(path.join(__dirname, '../../../../l10n', `bundle.l10n.${lang}.json`), 'utf8')) as Record<string, string>;
      configureL10n(lang, bundle);
      const m = buildReportModel(report([{ rule: 'CERT-EKU', severity: 'error', message: 'x' }]), ctx);
      assert.equal(m.heading, bundle["Doesn't work as CMG server certificate"]);
      assert.ok(bundle[englishWhy], `${lang} bundle lacks the CERT-EKU explanation`);
      assert.equal(m.findings[0].why, bundle[englishWhy]);
      assert.notEqual(m.heading, "Doesn't work as CMG server certificate");
    }
  });
});

describe('certificate report HTML', () => {
  it('has a strict CSP, a nonce script, no inline styles, and escapes every value', () => {
    const evil = report([{ rule: 'CERT-NO-CN', severity: 'error', message: '<img src=x onerror=alert(1)>' }], {
      certificate: { ...report([]).certificate!, subject: 'CN=<script>alert(1)</script>', dnsNames: ['"quoted"'] },
    });
    const html = renderReportHtml(buildReportModel(evil, ctx), HTML_OPTS);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src https:\/\/webview\.test; script-src 'nonce-n0nce';/);
    assert.doesNotMatch(html, /\sstyle=/);
    assert.doesNotMatch(html, /<style/);
    assert.doesNotMatch(html, /<script>alert/);
    assert.doesNotMatch(html, /<img src=x/);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], /nonce="n0nce"/);
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('offers the sub-CA script only when the chain has sub-CAs, and always Copy JSON', () => {
    const without = renderReportHtml(buildReportModel(report([]), ctx), HTML_OPTS);
    assert.doesNotMatch(without, /data-action="generateSubCaScript"/);
    assert.match(without, /data-action="copyJson"/);
    const withSub = renderReportHtml(buildReportModel(report([{ rule: 'CHAIN-SUBCA', severity: 'info', message: 'Sub-CAs.' }]), ctx), HTML_OPTS);
    assert.match(withSub, /data-action="generateSubCaScript"/);
    assert.match(withSub, /1111111111111111111111111111111111111111/);
  });

  it('nests the chain as a tree, one level per issued certificate', () => {
    const html = renderReportHtml(buildReportModel(report([]), ctx), HTML_OPTS);
    const levels = [...html.matchAll(/aria-level="(\d)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(levels, [1, 2, 3, 4]);
  });
});

describe('certificate report messages', () => {
  it('accepts exactly the two known messages', () => {
    assert.deepEqual(parseReportMessage({ type: 'copyJson' }), { type: 'copyJson' });
    assert.deepEqual(parseReportMessage({ type: 'generateSubCaScript' }), { type: 'generateSubCaScript' });
  });
  it('refuses anything else', () => {
    for (const bad of [undefined, null, 'copyJson', 42, [], ['copyJson'], {}, { type: 'runCommand' }, { type: 'copyJson', extra: 1 }, { type: 'generateSubCaScript', fqdn: 'x' }, { type: ['copyJson'] }, Object.create({ type: 'copyJson' })]) {
      assert.equal(parseReportMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});
