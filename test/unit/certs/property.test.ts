/**
 * Property tests: random bytes and mutated real fixtures never make the reader throw, and a file
 * that cannot be read gives exactly CERT-PARSE or CERT-PASSWORD.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkCertificate } from '../../../src/core/certs/check';
import { readCertificates } from '../../../src/core/certs/read';
import { fixtureBytes, passwordOf } from './fixtures';

const READ_ERRORS = new Set(['CERT-PARSE', 'CERT-PASSWORD']);

function assertUnreadable(bytes: Uint8Array, name: string, password?: string): void {
  const r = readCertificates(bytes, name, password);
  assert.equal(r.findings.length, 1);
  assert.ok(READ_ERRORS.has(r.findings[0].rule), r.findings[0].rule);
  assert.equal(r.certificates.length, 0);
}

describe('certificate reader on hostile bytes (fast-check)', function () {
  this.timeout(60000);

  it('random bytes: never throws, always CERT-PARSE or CERT-PASSWORD, under any file name', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom('x.pfx', 'x.p12', 'x.cer', 'x.pem', 'x.p7b', 'x.der', 'x'), fc.option(fc.string(), { nil: undefined }), (bytes, name, pw) => {
        assertUnreadable(bytes, name, pw);
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes after a DER SEQUENCE header or a PEM armour: still only CERT-PARSE / CERT-PASSWORD', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.boolean(), (body, pem) => {
        const bytes = pem
          ? new Uint8Array(Buffer.from(`-----BEGIN CERTIFICATE-----\n${Buffer.from(body).toString('base64')}\n-----END CERTIFICATE-----\n`))
          : new Uint8Array([0x30, 0x82, (body.length >> 8) & 0xff, body.length & 0xff, ...body]);
        assertUnreadable(bytes, pem ? 'x.pem' : 'x.cer');
      }),
      { numRuns: 200 },
    );
  });

  for (const file of ['server-aes.pfx', 'server-legacy.pfx', 'server-3des.pfx']) {
    const original = fixtureBytes(file);
    const pw = passwordOf(file);
    it(`mutated ${file} (MAC-protected): every byte flip or truncation is CERT-PARSE or CERT-PASSWORD`, () => {
      fc.assert(
        fc.property(fc.nat({ max: original.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.boolean(), (at, xor, truncate) => {
          const bytes = truncate ? original.slice(0, at) : Uint8Array.from(original);
          if (!truncate) bytes[at] ^= xor;
          assertUnreadable(bytes, file, pw);
        }),
        { numRuns: 80 },
      );
    });
  }

  it('mutated certificates (.cer, .pem, .p7b): never throws; either readable or CERT-PARSE', async () => {
    const files = ['server.cer', 'server-chain.pem', 'server-chain.p7b'].map((f) => ({ f, b: fixtureBytes(f) }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.nat(), fc.integer({ min: 1, max: 255 }), async ({ f, b }, pos, xor) => {
        const bytes = Uint8Array.from(b);
        bytes[pos % bytes.length] ^= xor;
        const r = readCertificates(bytes, f);
        if (r.certificates.length === 0) assert.deepEqual(r.findings.map((x) => x.rule), ['CERT-PARSE']);
        // The whole checker copes too.
        const report = await checkCertificate({ file: f, bytes, role: 'server', at: new Date('2026-06-01T00:00:00Z') });
        assert.ok(Array.isArray(report.findings) && report.findings.length > 0);
      }),
      { numRuns: 150 },
    );
  });
});
