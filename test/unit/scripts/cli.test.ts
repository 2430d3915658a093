import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CliIO } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { type ChainLoader, parseSubcaArgs, runScriptSubca } from '../../../src/cli/script';
import type { CertReport } from '../../../src/core/certs/types';
import { configureL10n } from '../../../src/core/l10n';
import { HOSTILE_FQDNS, HOSTILE_THUMBPRINTS, VALID_FQDN, VALID_TP } from './hostile';

const OTHER_TP = 'FFEEDDCCBBAA99887766554433221100FFEEDDCC';

function capture(env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, cwd, isTTY: false };
}

const report = (entries: CertReport['chain'], file = 'x.pfx'): CertReport => ({
  file,
  certificate: {
    subject: 'CN=GraniteFalls.contoso.com',
    issuer: 'CN=Contoso Issuing CA',
    thumbprint: '1'.repeat(40),
    notBefore: '2025-01-01T00:00:00Z',
    notAfter: '2030-01-01T00:00:00Z',
    keyType: 'rsa',
    keyBits: 2048,
    dnsNames: [VALID_FQDN],
  },
  chain: entries,
  findings: [],
});

const twoSubCas: CertReport['chain'] = [
  { subject: 'CN=GraniteFalls.contoso.com', thumbprint: '1'.repeat(40), role: 'leaf' },
  { subject: 'CN=Contoso Issuing CA', thumbprint: VALID_TP, role: 'intermediate' },
  { subject: 'CN=Contoso Policy CA', thumbprint: OTHER_TP, role: 'intermediate' },
  { subject: 'CN=Contoso Root CA', thumbprint: '2'.repeat(40), role: 'root' },
];

describe('cmg script subca: arguments', () => {
  it('parses the contract, with vbscript as the default language', () => {
    assert.deepEqual(parseSubcaArgs(['--service-fqdn', VALID_FQDN, '--thumbprint', VALID_TP, OTHER_TP]), {
      serviceFqdn: VALID_FQDN,
      chain: undefined,
      passwordEnv: undefined,
      passwordFile: undefined,
      thumbprints: [VALID_TP, OTHER_TP],
      language: 'vbscript',
      out: undefined,
    });
    const a = parseSubcaArgs(['--chain', 'c.pfx', '--password-env', 'PW', '--service-fqdn=x.y', '--language', 'powershell', '--out', 'o.ps1']);
    assert.equal(a.chain, 'c.pfx');
    assert.equal(a.passwordEnv, 'PW');
    assert.equal(a.serviceFqdn, 'x.y');
    assert.equal(a.language, 'powershell');
    assert.equal(a.out, 'o.ps1');
    assert.deepEqual(parseSubcaArgs(['--thumbprint', 'a', '--service-fqdn', 'x', '--thumbprint', 'b']).thumbprints, ['a', 'b']);
  });

  for (const [label, args] of [
    ['no arguments', []],
    ['no --service-fqdn', ['--thumbprint', VALID_TP]],
    ['neither --chain nor --thumbprint', ['--service-fqdn', VALID_FQDN]],
    ['both --chain and --thumbprint', ['--service-fqdn', VALID_FQDN, '--chain', 'c.pfx', '--thumbprint', VALID_TP]],
    ['--thumbprint without value', ['--service-fqdn', VALID_FQDN, '--thumbprint']],
    ['--service-fqdn without value', ['--thumbprint', VALID_TP, '--service-fqdn']],
    ['--password-env without --chain', ['--service-fqdn', VALID_FQDN, '--thumbprint', VALID_TP, '--password-env', 'PW']],
    ['both password options', ['--service-fqdn', VALID_FQDN, '--chain', 'c.pfx', '--password-env', 'PW', '--password-file', 'f']],
    ['unknown language', ['--service-fqdn', VALID_FQDN, '--thumbprint', VALID_TP, '--language', 'bash']],
    ['unknown option', ['--service-fqdn', VALID_FQDN, '--thumbprint', VALID_TP, '--force']],
    ['stray argument', ['subca2', '--service-fqdn', VALID_FQDN, '--thumbprint', VALID_TP]],
    ['repeated option', ['--service-fqdn', VALID_FQDN, '--service-fqdn', VALID_FQDN, '--thumbprint', VALID_TP]],
  ] as const) {
    it(`usage error (exit 2): ${label}`, async () => {
      const io = capture();
      assert.equal(await main(['script', 'subca', ...args], io), 2);
      assert.equal(io.out.join(''), '');
      assert.match(io.err.join(''), /^cmg: .+\n\nUsage:/);
    });
  }
});

describe('cmg script subca: output', () => {
  afterEach(() => configureL10n('en', undefined));

  it('prints the VBScript for typed thumbprints (exit 0)', async () => {
    const io = capture();
    const code = await main(['script', 'subca', '--service-fqdn', VALID_FQDN, '--thumbprint', `\u200e${VALID_TP.toLowerCase()}`, `${OTHER_TP};`], io);
    // A trailing ';' leaves an empty part: refused.
    assert.equal(code, 1);
    const io2 = capture();
    assert.equal(await main(['script', 'subca', '--service-fqdn', VALID_FQDN, '--thumbprint', `\u200e${VALID_TP.toLowerCase()}`, OTHER_TP], io2), 0);
    const text = io2.out.join('');
    assert.ok(text.startsWith("' UpdateSubCAThumbprints.vbs\r\n"));
    assert.ok(text.includes(`subCAThumbprints = "${VALID_TP};${OTHER_TP}"`));
    assert.deepEqual(io2.err, []);
  });

  it('uses the chain loader with the password from the environment, and never prints it', async () => {
    const secret = 'S3cret-Pa55';
    let seen: [string, string | undefined] | undefined;
    const loader: ChainLoader = async (file, password) => {
      seen = [file, password];
      return report(twoSubCas, file);
    };
    const io = capture({ PFX_PW: secret }, '/work/dir');
    const code = await runScriptSubca(parseSubcaArgs(['--service-fqdn', VALID_FQDN, '--chain', 'certs/g.pfx', '--password-env', 'PFX_PW', '--language', 'powershell']), io, loader);
    assert.equal(code, 0);
    assert.deepEqual(seen, [path.resolve('/work/dir', 'certs/g.pfx'), secret]);
    const all = io.out.join('') + io.err.join('');
    assert.ok(!all.includes(secret));
    assert.ok(all.includes(`    '${VALID_TP}'  # CN=Contoso Issuing CA`));
    assert.ok(all.includes('# UpdateSubCAThumbprints.ps1'));
  });

  it('reads --password-file without its trailing line break; refuses a missing one (exit 1)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cmg-subca-'));
    try {
      writeFileSync(path.join(dir, 'pw.txt'), 'Fixture-Pass-1\r\n');
      let got: string | undefined;
      const loader: ChainLoader = async (_f, p) => {
        got = p;
        return report(twoSubCas);
      };
      const io = capture({}, dir);
      assert.equal(await runScriptSubca(parseSubcaArgs(['--service-fqdn', VALID_FQDN, '--chain', 'g.pfx', '--password-file', 'pw.txt']), io, loader), 0);
      assert.equal(got, 'Fixture-Pass-1');
      const io2 = capture({}, dir);
      assert.equal(await runScriptSubca(parseSubcaArgs(['--service-fqdn', VALID_FQDN, '--chain', 'g.pfx', '--password-file', 'nope.txt']), io2, loader), 1);
      assert.match(io2.err.join(''), /cmg: Cannot read the password file nope\.txt/);
      const io3 = capture({}, dir);
      assert.equal(await runScriptSubca(parseSubcaArgs(['--service-fqdn', VALID_FQDN, '--chain', 'g.pfx', '--password-env', 'UNSET_VAR']), io3, loader), 1);
      assert.match(io3.err.join(''), /UNSET_VAR/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a chain without sub-CA (exit 1) and an unreadable certificate with the checker\'s reason', async () => {
    const io = capture();
    const direct: ChainLoader = async () => report([twoSubCas[0]!, twoSubCas[3]!], 'direct.pfx');
    assert.equal(await runScriptSubca(parseSubcaArgs(['--service-fqdn', VALID_FQDN, '--chain', 'direct.pfx']), io, direct), 1);
    assert.match(io.err.join(''), /not needed/);
    assert.deepEqual(io.out, []);
    const io2 = capture();
    const wrongPassword: ChainLoader = async (file) => ({
      file,
      chain: [],
      findings: [{ rule: 'CERT-PASSWORD', severity: 'error', message: 'The password of bad.pfx is wrong.' }],
    });
    assert.equal(await runScriptSubca(parseSubcaArgs(['--service-fqdn', VALID_FQDN, '--chain', 'bad.pfx']), io2, wrongPassword), 1);
    assert.equal(io2.err.join(''), 'cmg: The password of bad.pfx is wrong.\n');
  });

  it('writes --out and says so on stderr', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cmg-subca-'));
    try {
      const io = capture({}, dir);
      assert.equal(await main(['script', 'subca', '--service-fqdn', VALID_FQDN, '--thumbprint', VALID_TP, '--language', 'powershell', '--out', 'u.ps1'], io), 0);
      assert.deepEqual(io.out, []);
      assert.match(readFileSync(path.join(dir, 'u.ps1'), 'utf8'), /^# UpdateSubCAThumbprints\.ps1/);
      assert.match(io.err.join(''), /Wrote u\.ps1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes comments and messages in the language of the environment (nl)', async () => {
    configureL10n('nl', {});
    const io = capture();
    assert.equal(await main(['script', 'subca', '--service-fqdn', VALID_FQDN, '--thumbprint', VALID_TP], io), 0);
    assert.ok(io.out.join('').includes('WScript.StdOut.WriteLine "Zoeken naar de SMS-provider voor de lokale site..."'));
  });
});

describe('cmg script subca: hostile input is refused with exit 1', () => {
  for (const [label, value] of HOSTILE_FQDNS) {
    it(`--service-fqdn with ${label}`, async () => {
      const io = capture();
      assert.equal(await main(['script', 'subca', '--service-fqdn', value, '--thumbprint', VALID_TP], io), 1);
      assert.deepEqual(io.out, []);
      assert.match(io.err.join(''), /^cmg: Service name ".*" is refused: /);
    });
  }
  for (const [label, value] of HOSTILE_THUMBPRINTS) {
    it(`--thumbprint with ${label}`, async () => {
      const io = capture();
      // Values that look like options are passed with '=' (a shell user would quote them).
      assert.equal(await main(['script', 'subca', '--service-fqdn', VALID_FQDN, `--thumbprint=${value}`, '--language', 'powershell'], io), 1);
      assert.deepEqual(io.out, []);
      assert.match(io.err.join(''), /^cmg: (Thumbprint ".*" is refused: |No thumbprint)/);
    });
  }
});
