import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CliIO, EXIT_USAGE, UsageError } from '../../../src/cli/io';
import { planCommand } from '../../../src/cli/plan';

/** As the dispatcher (src/cli/main.ts) runs a subcommand: a UsageError is exit 2. */
async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    return await planCommand(argv.slice(1), io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`cmg: ${e.message}\n  cmg plan DESIRED.cmg.json [--deployed SNAPSHOT.cmg.json] [--format text|json]\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
import { appendJournal } from '../../../src/core/deploy/journal';
import { config, gateway, legacy } from './fixtures';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIO = { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), env: {}, cwd, isTTY: false };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

describe('cmg plan (CLI)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cmg-plan-'));
    mkdirSync(path.join(dir, 'certs'));
    for (const f of ['granitefalls.pfx', 'contosocmg.pfx', 'root.cer']) writeFileSync(path.join(dir, 'certs', f), 'placeholder');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, v: unknown) => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), JSON.stringify(v, null, 2));
  };

  it('nothing deployed: JSON contract, exit 0', async () => {
    write('contoso.cmg.json', config([gateway()]));
    const x = io(dir);
    assert.equal(await main(['plan', 'contoso.cmg.json', '--format', 'json'], x.value), 0);
    const json = JSON.parse(x.out());
    assert.deepEqual(Object.keys(json), ['gateways', 'findings']);
    assert.equal(json.gateways[0].action, 'create');
    assert.deepEqual(json.gateways[0].steps.map((s: { kind: string }) => s.kind), ['create-gateway', 'add-connection-point', 'set-role', 'set-role']);
  });

  it('reads the default snapshot .cmg/<file>.deployed.json', async () => {
    write('contoso.cmg.json', config([gateway(), legacy({ deploymentMethod: 'vmss' })]));
    write('.cmg/contoso.cmg.json.deployed.json', config([gateway(), legacy()]));
    const x = io(dir);
    assert.equal(await main(['plan', 'contoso.cmg.json', '--format', 'json'], x.value), 0);
    const json = JSON.parse(x.out());
    assert.deepEqual(json.gateways.map((g: { name: string; action: string }) => [g.name, g.action]), [['GraniteFalls', 'none'], ['ContosoLegacy', 'convert']]);
    assert.deepEqual(json.gateways[1].changes, [{ field: '/deploymentMethod', mode: 'convert' }]);
  });

  it('--deployed names another snapshot; text output lists steps and findings', async () => {
    write('contoso.cmg.json', config([gateway({ region: 'northeurope' })]));
    write('old.json', config([gateway()]));
    const x = io(dir);
    assert.equal(await main(['plan', 'contoso.cmg.json', '--deployed', 'old.json'], x.value), 1, 'same-name redeploy of the only gateway is PLAN-LAST-CMG');
    assert.match(x.out(), /GraniteFalls: redeploy/);
    assert.match(x.out(), /~ \/region \(needs a redeploy\)/);
    assert.match(x.out(), /error PLAN-LAST-CMG/);
  });

  it('a desired file with configuration errors is refused (exit 1, names the file)', async () => {
    write('bad.cmg.json', { ...config([gateway({ serviceFqdn: 'not a name' })]) });
    const x = io(dir);
    assert.equal(await main(['plan', 'bad.cmg.json', '--format', 'json'], x.value), 1);
    const json = JSON.parse(x.out());
    assert.equal(json.findings[0].rule, 'PLAN-INPUT');
    assert.match(json.findings[0].message, /bad\.cmg\.json/);
    assert.deepEqual(json.gateways, []);
  });

  it('a missing file is a clear message, exit 1', async () => {
    const x = io(dir);
    assert.equal(await main(['plan', 'missing.cmg.json'], x.value), 1);
    assert.match(x.out(), /Cannot read .*missing\.cmg\.json/);
  });

  it('a removal still waiting in the journal is an error', async () => {
    write('contoso.cmg.json', config([gateway()]));
    write('.cmg/contoso.cmg.json.deployed.json', config([gateway(), gateway({ name: 'GraniteFalls-previous', serviceFqdn: 'old.contoso.com' })]));
    appendJournal(path.join(dir, 'contoso.cmg.json'), { time: new Date().toISOString(), file: 'contoso.cmg.json', stage: 1, plan: {}, outcome: 'stage1-done', stepsDone: 2, stepsTotal: 5, pendingRemovals: [{ serviceFqdn: 'old.contoso.com', notBefore: new Date(Date.now() + 3600_000).toISOString() }] });
    const x = io(dir);
    assert.equal(await main(['plan', 'contoso.cmg.json', '--format', 'json'], x.value), 1);
    assert.ok(JSON.parse(x.out()).findings.some((f: { rule: string }) => f.rule === 'PLAN-WAIT-PENDING'));
  });

  for (const args of [['plan'], ['plan', 'a.json', '--format', 'xml'], ['plan', 'a.json', '--bogus'], ['plan', 'a.json', 'b.json'], ['plan', 'a.json', '--deployed']]) {
    it(`usage error: ${args.join(' ')} → exit 2`, async () => {
      const x = io(dir);
      assert.equal(await main(args, x.value), 2);
      assert.match(x.err(), /^cmg: \S/);
    });
  }
});
