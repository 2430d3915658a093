import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { certCheckCommand } from '../../../src/cli/cert';
import { main } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';
import { FIXTURES, passwordOf } from './fixtures';

function io(env: NodeJS.ProcessEnv = {}, isTTY = false) {
  let out = '';
  let err = '';
  const value: CliIO = { stdout: (s) => (out += s), stderr: (s) => (err += s), env, cwd: FIXTURES, isTTY };
  return { io: value, out: () => out, err: () => err };
}

describe('cmg cert check', () => {
  const PW = passwordOf('server-aes.pfx');

  it('prints the JSON contract and exits 0 for a good certificate', async () => {
    const t = io({ CMG_TEST_PW: PW });
    const code = await main(['cert', 'check', 'server-aes.pfx', '--password-env', 'CMG_TEST_PW', '--fqdn', 'cmg.contoso.com', '--trusted', 'root.cer', '--format', 'json', '--at', '2026-06-01T00:00:00Z'], t.io);
    assert.equal(code, 0, t.err());
    const json = JSON.parse(t.out());
    assert.deepEqual(Object.keys(json), ['file', 'certificate', 'chain', 'findings']);
    assert.equal(json.file, 'server-aes.pfx');
    assert.deepEqual(Object.keys(json.certificate), ['subject', 'issuer', 'thumbprint', 'notBefore', 'notAfter', 'keyType', 'keyBits', 'dnsNames']);
    assert.match(json.certificate.thumbprint, /^[0-9A-F]{40}$/);
    assert.deepEqual(json.chain.map((c: { role: string }) => c.role), ['leaf', 'intermediate', 'root']);
    for (const c of json.chain) assert.deepEqual(Object.keys(c), ['subject', 'thumbprint', 'role']);
    for (const f of json.findings) assert.deepEqual(Object.keys(f), ['rule', 'severity', 'message']);
    assert.ok(!t.out().includes(PW), 'the password is never printed');
  });

  it('exits 1 on an error finding; reads the password from a file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cmg-pw-'));
    try {
      writeFileSync(path.join(dir, 'pw.txt'), `${passwordOf('wrong-eku.pfx')}\n`);
      const t = io();
      const code = await certCheckCommand(['wrong-eku.pfx', '--password-file', path.join(dir, 'pw.txt'), '--at', '2026-06-01'], t.io);
      assert.equal(code, 1);
      assert.match(t.out(), /CERT-EKU/);
      assert.ok(!t.out().includes(passwordOf('wrong-eku.pfx')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives CERT-PASSWORD (exit 1) for a wrong password and CERT-PARSE for a corrupt file', async () => {
    const t = io({ P: 'nope' });
    assert.equal(await certCheckCommand(['server-aes.pfx', '--password-env', 'P', '--format', 'json'], t.io), 1);
    assert.deepEqual(JSON.parse(t.out()).findings.map((f: { rule: string }) => f.rule), ['CERT-PASSWORD']);
    assert.equal(JSON.parse(t.out()).certificate, undefined);
    const c = io();
    assert.equal(await certCheckCommand(['random.pfx', '--format', 'json'], c.io), 1);
    assert.deepEqual(JSON.parse(c.out()).findings.map((f: { rule: string }) => f.rule), ['CERT-PARSE']);
  });

  it('text format: aligned, no colour when not a terminal, colour on a terminal', async () => {
    const plain = io({ P: PW });
    await certCheckCommand(['server-aes.pfx', '--password-env', 'P', '--at', '2026-06-01T00:00:00Z'], plain.io);
    assert.doesNotMatch(plain.out(), /\u001b\[/);
    assert.match(plain.out(), /^Subject {2,}CN=cmg\.contoso\.com/m);
    assert.match(plain.out(), /^Thumbprint {2,}[0-9A-F]{40}$/m);
    const tty = io({ P: PW }, true);
    await certCheckCommand(['server-aes.pfx', '--password-env', 'P', '--at', '2026-06-01T00:00:00Z'], tty.io);
    assert.match(tty.out(), /\u001b\[/);
  });

  it('usage errors exit 2 with a message', async () => {
    const cases: [string[], RegExp][] = [
      [['server.cer', '--bogus'], /--bogus/],
      [['server-aes.pfx', '--password-env', 'A', '--password-file', 'f'], /--password-env/],
      [[], /FILE/],
      [['server.cer', '--at', 'yesterday'], /--at/],
      [['server.cer', '--role', 'admin'], /--role/],
      [['server.cer', '--environment', 'china'], /--environment/],
      [['server.cer', '--deployment', 'aks'], /--deployment/],
      [['server.cer', '--format', 'xml'], /--format/],
      [['server.cer', '--expiry-warning-days', 'soon'], /--expiry-warning-days/],
      [['server.cer', '--fqdn'], /--fqdn/],
      [['server-aes.pfx', '--password-env', 'NOT_SET_ANYWHERE'], /NOT_SET_ANYWHERE/],
      [['a.cer', 'b.cer'], /one certificate/],
    ];
    for (const [args, re] of cases) {
      const t = io();
      const code = await main(['cert', 'check', ...args], t.io);
      assert.equal(code, 2, args.join(' '));
      assert.match(t.err(), re, args.join(' '));
      assert.equal(t.out(), '');
    }
  });
});
