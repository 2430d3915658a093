import * as assert from 'node:assert/strict';
import { readCertificates } from '../../../src/core/certs/read';
import { EXAMPLE_CERTS, fixtureBytes, passwordOf } from './fixtures';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import forge from 'node-forge';

function read(file: string, password?: string) {
  return readCertificates(fixtureBytes(file), file, password);
}

describe('certificate reader', () => {
  const encodings = [
    'server-aes.pfx', // OpenSSL 3 default: PBES2 / PBKDF2-SHA256 / AES-256-CBC, SHA-256 MAC
    'server.p12',
    'server-legacy.pfx', // -legacy: 3DES key bag, RC2-40 certificate bag, SHA-1 MAC
    'server-3des.pfx', // Windows-style 3DES everywhere
    'server-certpbe-none.pfx', // certificate bags not encrypted
    'server-empty-password.pfx',
    'server-nonascii.pfx', // PBES2 with password pässwörd€
  ];
  for (const file of encodings) {
    it(`reads ${file}: three certificates, the leaf first choice, and its matching key`, () => {
      const r = read(file, passwordOf(file));
      assert.deepEqual(r.findings, []);
      assert.equal(r.format, 'pkcs12');
      assert.equal(r.certificates.length, 3);
      const leaf = r.certificates[r.leafIndex];
      assert.equal(leaf.cn, 'cmg.contoso.com');
      assert.deepEqual(leaf.dnsNames, ['cmg.contoso.com']);
      assert.equal(leaf.keyType, 'rsa');
      assert.equal(leaf.keyBits, 2048);
      assert.match(leaf.thumbprint, /^[0-9A-F]{40}$/);
      assert.ok(r.privateKey);
      assert.equal(r.keyMatches, true);
      assert.equal(leaf.isCA, false);
      assert.equal(r.certificates.filter((c) => c.selfSigned).length, 1);
    });
  }

  it('gives the same thumbprints for every encoding of the same PFX content', () => {
    const a = read('server-aes.pfx', passwordOf('server-aes.pfx')).certificates.map((c) => c.thumbprint).sort();
    const b = read('server-legacy.pfx', passwordOf('server-legacy.pfx')).certificates.map((c) => c.thumbprint).sort();
    assert.deepEqual(a, b);
  });

  it('reads an empty-password PFX also when no password is given', () => {
    const r = read('server-empty-password.pfx');
    assert.deepEqual(r.findings, []);
    assert.equal(r.certificates.length, 3);
  });

  it('reads an EC key and certificate (P-256)', () => {
    const r = read('server-ec.pfx', passwordOf('server-ec.pfx'));
    assert.deepEqual(r.findings, []);
    const leaf = r.certificates[r.leafIndex];
    assert.equal(leaf.keyType, 'ec');
    assert.equal(leaf.keyBits, 256);
    assert.equal(r.privateKey?.asymmetricKeyType, 'ec');
    assert.equal(r.keyMatches, true);
  });

  it('says CERT-PASSWORD for a wrong password and for a missing one, without the password in the message', () => {
    const wrong = read('server-aes.pfx', 'not-the-password');
    assert.deepEqual(wrong.findings.map((f) => f.rule), ['CERT-PASSWORD']);
    assert.equal(wrong.certificates.length, 0);
    assert.ok(!wrong.findings[0].message.includes('not-the-password'));
    const missing = read('server-aes.pfx');
    assert.deepEqual(missing.findings.map((f) => f.rule), ['CERT-PASSWORD']);
    assert.notEqual(wrong.findings[0].message, missing.findings[0].message);
  });

  it('needs its own PBES2 handling: node-forge alone cannot open the non-ASCII-password PFX', () => {
    const der = forge.util.createBuffer(Buffer.from(fixtureBytes('server-nonascii.pfx')).toString('binary'));
    const open = () => {
      const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), false, 'pässwörd€');
      return p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.length ?? 0;
    };
    assert.throws(open);
  });

  it('rejects the non-ASCII password encoded the wrong way (Latin-1 for UTF-8)', () => {
    const latin1 = Buffer.from('pässwörd€', 'utf8').toString('latin1');
    assert.deepEqual(read('server-nonascii.pfx', latin1).findings.map((f) => f.rule), ['CERT-PASSWORD']);
  });

  it('tells a corrupt file from a wrong password: truncated, random and empty files give CERT-PARSE', () => {
    for (const file of ['truncated.pfx', 'random.pfx', 'empty.pfx', 'garbage.cer', 'truncated.cer']) {
      const r = read(file, 'Fixture-Pass-1');
      assert.deepEqual(r.findings.map((f) => f.rule), ['CERT-PARSE'], file);
      assert.ok(r.findings[0].message.includes(file), `${file}: the message names the file`);
      assert.doesNotMatch(r.findings[0].message, /\n\s+at /, 'no stack trace');
    }
  });

  it('reads DER .cer, PEM, PEM bundles and PKCS#7 .p7b', () => {
    const cer = read('server.cer');
    assert.equal(cer.format, 'der');
    assert.equal(cer.certificates.length, 1);
    assert.equal(cer.privateKey, undefined);
    assert.equal(read('server.pem').certificates[0].thumbprint, cer.certificates[0].thumbprint);
    assert.equal(read('root.crt').certificates[0].selfSigned, true);
    const chain = read('server-chain.pem');
    assert.equal(chain.certificates.length, 3);
    assert.equal(chain.certificates[chain.leafIndex].thumbprint, cer.certificates[0].thumbprint);
    const p7b = read('server-chain.p7b');
    assert.equal(p7b.format, 'pkcs7');
    assert.equal(p7b.certificates.length, 3);
    assert.equal(p7b.certificates[p7b.leafIndex].thumbprint, cer.certificates[0].thumbprint);
  });

  it('reads a PEM key beside its certificate, and notices a key that does not match', () => {
    const ok = read('server-with-key.pem');
    assert.equal(ok.keyMatches, true);
    const bad = read('server-mismatched-key.pem');
    assert.ok(bad.privateKey);
    assert.equal(bad.keyMatches, false);
  });

  it('reads a PFX exported without the key', () => {
    const r = read('server-nokey.pfx', passwordOf('server-nokey.pfx'));
    assert.deepEqual(r.findings, []);
    assert.equal(r.privateKey, undefined);
    assert.equal(r.certificates.length, 3);
  });

  it('shows the certificates of a -certpbe NONE PFX without the password (certificatesOnly), never its key', () => {
    const bytes = new Uint8Array(readFileSync(path.join(EXAMPLE_CERTS, 'granitefalls.pfx')));
    const r = readCertificates(bytes, 'granitefalls.pfx', undefined, { certificatesOnly: true });
    assert.deepEqual(r.findings, []);
    assert.equal(r.certificates[r.leafIndex].cn, 'granitefalls.contoso.com');
    assert.equal(r.privateKey, undefined);
    // Without the option the MAC must verify: the password is required.
    assert.deepEqual(readCertificates(bytes, 'granitefalls.pfx').findings.map((f) => f.rule), ['CERT-PASSWORD']);
    // An encrypted-certificate PFX still needs the password for certificatesOnly.
    assert.deepEqual(readCertificates(fixtureBytes('server-aes.pfx'), 'server-aes.pfx', undefined, { certificatesOnly: true }).findings.map((f) => f.rule), ['CERT-PASSWORD']);
  });
});
