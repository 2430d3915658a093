import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { config } from './helpers';

const ROOT = path.resolve(__dirname, '../../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function cmg(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cmg check (CLI contract, spawned dist/cli.js)', function () {
  let dir: string;

  before(function () {
    // `npm test` builds first; build here only when dist/ is missing (e.g. a lone mocha run).
    if (!existsSync(CLI)) {
      const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(b.status, 0, b.stderr);
    }
    // Real certificates (the certificate checks run too): the example's, made by the fixture script.
    const certs = path.join(ROOT, 'examples', 'contoso', 'certs');
    if (!existsSync(path.join(certs, 'granitefalls.pfx'))) {
      const f = spawnSync('bash', [path.join(ROOT, 'test', 'fixtures', 'make-certs.sh')], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(f.status, 0, f.stderr);
    }
    dir = mkdtempSync(path.join(tmpdir(), 'cmg-check-'));
    mkdirSync(path.join(dir, 'certs'));
    for (const name of ['granitefalls.pfx', 'contoso-root.cer']) copyFileSync(path.join(certs, name), path.join(dir, 'certs', name));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    writeFileSync(path.join(dir, name), text);
    return name;
  };

  it('prints JSON findings with 1-based positions and exits 1 on errors', () => {
    const c = config();
    c.gateways[0].vmInstances = 20;
    const file = write('bad.cmg.json', `// comment\n${JSON.stringify(c, null, 2)}\n`);
    const r = cmg(['check', file, '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { file: string; findings: { rule: string; severity: string; message: string; path: string; line: number; column: number }[] }[];
    assert.equal(out.length, 1);
    assert.equal(out[0].file, file);
    const f = out[0].findings.find((x) => x.rule === 'CFG-VM-COUNT');
    assert.ok(f, r.stdout);
    assert.deepEqual(Object.keys(f).sort(), ['column', 'line', 'message', 'path', 'rule', 'severity']);
    assert.equal(f.severity, 'error');
    assert.equal(f.path, '/gateways/0/vmInstances');
    const lines = `// comment\n${JSON.stringify(c, null, 2)}\n`.split('\n');
    assert.equal(lines[f.line - 1].slice(f.column - 1, f.column + 1), '20');
  });

  it('exits 0 when there are only warnings and information, in text format', () => {
    const file = write('good.cmg.json', JSON.stringify(config({ connectionPoints: [] }), null, 2));
    const r = cmg(['check', file], dir);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /good\.cmg\.json:\d+:\d+ +warning +CFG-NO-CP +Gateway granitefalls has no connection point\./);
    assert.ok(!r.stdout.includes('\x1b['), 'no colour when not a terminal');
  });

  it('reports broken JSON as CFG-PARSE with its line and column', () => {
    const file = write('broken.cmg.json', '{\n  "version": 1\n  "site": {}\n}\n');
    const r = cmg(['check', '--format=json', file], dir);
    assert.equal(r.code, 1);
    const [entry] = JSON.parse(r.stdout) as { findings: { rule: string; line: number; column: number }[] }[];
    assert.deepEqual(entry.findings.map((f) => [f.rule, f.line, f.column]), [['CFG-PARSE', 3, 3]]);
  });

  it('uses the default deployed snapshot beside the file, or --deployed', () => {
    const legacy = { ...config().gateways[0], name: 'legacy', serviceFqdn: 'legacy.contoso.com', deploymentMethod: 'classic' as const };
    const c = config({ gateways: [legacy], connectionPoints: [{ server: 'cm01', siteCode: 'P01', gateway: 'legacy' }] });
    const file = write('legacy.cmg.json', JSON.stringify(c, null, 2));
    const rule = (stdout: string) => (JSON.parse(stdout) as { findings: { rule: string; severity: string }[] }[])[0].findings.find((f) => f.rule === 'CFG-CLASSIC')?.severity;
    let r = cmg(['check', file, '--format', 'json'], dir);
    assert.equal(r.code, 1);
    assert.equal(rule(r.stdout), 'error');
    mkdirSync(path.join(dir, '.cmg'), { recursive: true });
    writeFileSync(path.join(dir, '.cmg', 'legacy.cmg.json.deployed.json'), JSON.stringify(c));
    r = cmg(['check', file, '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(rule(r.stdout), 'warning');
    write('empty-snapshot.json', JSON.stringify(config({ gateways: [] })));
    r = cmg(['check', file, '--deployed', 'empty-snapshot.json', '--format', 'json'], dir);
    assert.equal(rule(r.stdout), 'error');
  });

  it('runs the certificate checks, opening PFX files with CMG_PFX_PASSWORD only', () => {
    const file = write('certs.cmg.json', JSON.stringify(config(), null, 2));
    const rules = (stdout: string) => (JSON.parse(stdout) as { findings: { rule: string; message: string; path: string }[] }[])[0].findings;
    const without = cmg(['check', file, '--format', 'json'], dir);
    const hint = rules(without.stdout).find((f) => f.rule === 'CERT-PASSWORD');
    assert.ok(hint, without.stdout);
    assert.equal(hint.path, '/gateways/0/serverCertificate');
    assert.match(hint.message, /CMG_PFX_PASSWORD/);
    // The fixture password (test data, see test/fixtures/certs/PASSWORDS.md) never shows in the output.
    const withPw = cmg(['check', file, '--format', 'json'], dir, { CMG_PFX_PASSWORD: 'contoso' });
    assert.equal(withPw.code, 0, withPw.stdout);
    assert.ok(!rules(withPw.stdout).some((f) => f.rule === 'CERT-PASSWORD'), withPw.stdout);
    assert.ok(!withPw.stdout.includes('"contoso"') && !withPw.stderr.includes('contoso'));
  });

  it('takes the US Gov VMSS suffix from CMG_USGOV_VMSS_SUFFIX', () => {
    const gov = config();
    Object.assign(gov.gateways[0], { environment: 'AzureUSGovernmentCloud', region: 'usgovvirginia', serviceFqdn: 'granitefalls.usgovvirginia.usgovcloudapi.net', trustedCertificates: [] });
    gov.site.clientAuthentication = 'entra';
    const file = write('gov.cmg.json', JSON.stringify(gov, null, 2));
    const suffix = (env: NodeJS.ProcessEnv) => (JSON.parse(cmg(['check', file, '--format', 'json'], dir, env).stdout) as { findings: { rule: string }[] }[])[0].findings.filter((f) => f.rule === 'CFG-FQDN-SUFFIX').length;
    assert.equal(suffix({}), 1);
    assert.equal(suffix({ CMG_USGOV_VMSS_SUFFIX: 'usgovcloudapi.net' }), 0);
  });

  it('checks several files and lists each one', () => {
    const a = write('a.cmg.json', JSON.stringify(config(), null, 2));
    const b = write('b.cmg.json', '{');
    const r = cmg(['check', a, b, '--format', 'json'], dir);
    assert.equal(r.code, 1);
    assert.deepEqual((JSON.parse(r.stdout) as { file: string }[]).map((x) => x.file), [a, b]);
  });

  it('exits 2 on usage errors, naming the problem', () => {
    const good = write('ok.cmg.json', JSON.stringify(config()));
    for (const [args, expect] of [
      [['check'], /No FILE given/],
      [['check', good, '--colour'], /Unknown option --colour/],
      [['check', good, '--format', 'xml'], /Unknown format xml/],
      [['check', 'missing.cmg.json'], /Cannot read configuration file missing\.cmg\.json/],
      [['check', good, '--deployed', 'nope.json'], /Cannot read deployed snapshot nope\.json/],
      [['check', good, good, '--deployed', good], /one FILE only/],
      [['check', good, '--format'], /needs a value/],
      [['preflight'], /Name the desired configuration file/],
      [['preflight', good, good], /Only one configuration file can be checked at a time/],
      [['preflight', good, '--arm-endpoint', 'http://example.test'], /--arm-endpoint must be an https:\/\/ address/],
      [['plan', good, good], /Only one configuration file can be planned at a time/],
    ] as const) {
      const r = cmg([...args], dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, expect);
      assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
      assert.equal(r.stdout, '');
    }
  });

  it('prints help with the JSON contract and exit codes', () => {
    const r = cmg(['check', '--help'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /1-based/);
    assert.match(r.stdout, /Exit codes/);
  });

  it('speaks Dutch and French when asked', () => {
    const file = write('nl.cmg.json', JSON.stringify(config({ connectionPoints: [] })));
    assert.match(cmg(['check', file], dir, { CMG_LANG: 'nl' }).stdout, /Gateway granitefalls heeft geen verbindingspunt\./);
    assert.match(cmg(['check', file], dir, { CMG_LANG: 'fr' }).stdout, /La passerelle granitefalls n'a pas de point de connexion\./);
  });
});

describe('cmg check (in process)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cmg-check-io-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[], isTTY: boolean) {
    const { checkCommand } = await import('../../../src/cli/check');
    const out: string[] = [];
    const err: string[] = [];
    const code = await checkCommand(args, { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), env: {}, cwd: dir, isTTY });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  it('colours severities and aligns columns on a terminal only (certificates missing here: 2 errors)', async () => {
    writeFileSync(path.join(dir, 'a.cmg.json'), JSON.stringify(config({ connectionPoints: [] }), null, 2));
    const tty = await run(['a.cmg.json'], true);
    assert.match(tty.stdout, /\x1b\[33mwarning\x1b\[0m/);
    const plain = await run(['a.cmg.json'], false);
    assert.ok(!plain.stdout.includes('\x1b['));
    const rows = plain.stdout.trim().split('\n').slice(0, -1);
    assert.ok(rows.length >= 2);
    // Columns line up: the rule ID starts at the same place on every row.
    const ruleStart = rows.map((r) => r.search(/CFG-/));
    assert.equal(new Set(ruleStart).size, 1, plain.stdout);
    assert.match(plain.stdout.trim().split('\n').pop()!, /1 file\(s\) checked: 2 error\(s\), 1 warning\(s\), 1 info\./);
  });

  it('reports a broken deployed snapshot on the snapshot and fails', async () => {
    writeFileSync(path.join(dir, 'b.cmg.json'), JSON.stringify(config(), null, 2));
    writeFileSync(path.join(dir, 'snap.json'), '{ "gateways": [');
    const r = await run(['b.cmg.json', '--deployed', 'snap.json', '--format', 'json'], false);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { file: string; findings: { rule: string }[] }[];
    assert.deepEqual(out.map((x) => x.file), ['b.cmg.json', 'snap.json']);
    assert.equal(out[1].findings[0].rule, 'CFG-PARSE');
  });
});
