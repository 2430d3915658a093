import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseScriptLine, LineSplitter } from '../../../src/core/deploy/progress';
import { deploymentScript } from '../../../src/core/deploy/script';
import { buildPlan } from '../../../src/core/plan/plan';
import { resolvePowerShell, runScript } from '../../../src/deploy/runner';
import { config, gateway, legacy } from '../plan/fixtures';

const standin = path.resolve(__dirname, '../../../../test/fixtures/powershell-standin/pwsh-standin.sh');

describe('progress lines', () => {
  it('parses progress and input lines, validates them, keeps the rest as text', () => {
    assert.deepEqual(parseScriptLine('##cmg-progress {"step":2,"total":5,"kind":"add-connection-point","status":"done","message":"ok"}\r'), { type: 'progress', step: 2, total: 5, kind: 'add-connection-point', status: 'done', message: 'ok' });
    assert.deepEqual(parseScriptLine('##cmg-input {"kind":"password","message":"Password of x.pfx"}'), { type: 'input', kind: 'password', message: 'Password of x.pfx' });
    assert.equal(parseScriptLine('##cmg-progress {"step":9,"total":5,"kind":"x","status":"done"}').type, 'text', 'step beyond total');
    assert.equal(parseScriptLine('##cmg-progress {"step":1,"total":5,"kind":"x","status":"weird"}').type, 'text');
    assert.equal(parseScriptLine('##cmg-progress {broken').type, 'text');
    assert.deepEqual(parseScriptLine('WARNING: hello'), { type: 'text', text: 'WARNING: hello' });
  });
  it('splits chunks into lines', () => {
    const s = new LineSplitter();
    assert.deepEqual(s.push('a\nb'), ['a']);
    assert.deepEqual(s.push('c\nd\n'), ['bc', 'd']);
    assert.deepEqual(s.flush(), []);
  });
});

describe('running a script with the PowerShell stand-in', function () {
  this.timeout(20_000);
  let dir: string;
  let record: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cmg-run-'));
    record = path.join(dir, 'invocations.jsonl');
    process.env.CMG_STANDIN_RECORD = record;
    process.env.CMG_STANDIN_NODE = process.execPath;
  });
  afterEach(() => {
    delete process.env.CMG_STANDIN_RECORD;
    delete process.env.CMG_STANDIN_FAIL_STEP;
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (desired = config([gateway()]), deployed?: ReturnType<typeof config>) => {
    const plan = buildPlan(desired, deployed);
    const file = path.join(dir, 'deploy.ps1');
    writeFileSync(file, deploymentScript(plan, desired, deployed, { configDirectory: dir, fileName: 'contoso.cmg.json' }));
    return file;
  };

  it('resolves the configured program; nothing runnable gives undefined', () => {
    assert.equal(resolvePowerShell(standin), standin);
    assert.equal(resolvePowerShell('/nonexistent/powershell.exe'), undefined);
    assert.equal(resolvePowerShell('powershell-not-installed-here.exe', { PATH: dir }), undefined);
    // A bare name is looked up on PATH (executable files only).
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'powershell.exe'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(path.join(bin, 'notexec.exe'), 'x', { mode: 0o644 });
    assert.equal(resolvePowerShell('powershell.exe', { PATH: ['/nonexistent', bin].join(path.delimiter) }), path.join(bin, 'powershell.exe'));
    assert.equal(resolvePowerShell('notexec.exe', { PATH: bin }), undefined);
    assert.equal(resolvePowerShell('  ', { PATH: bin }), undefined);
  });

  it('passes -NoProfile -ExecutionPolicy Bypass -File, answers the password prompt, reports every step', async () => {
    const file = write();
    const prompts: string[] = [];
    const texts: string[] = [];
    const r = await runScript(standin, file, [], { onProgress: () => undefined, onText: (t) => texts.push(t), onInput: async (q) => (prompts.push(q.message), 'not-a-real-password') }, { onCancel: () => undefined });
    assert.equal(r.exitCode, 0, texts.join('\n'));
    assert.deepEqual(r.events.map((e) => `${e.step}/${e.total} ${e.kind} ${e.status}`), [
      '1/4 create-gateway start',
      '1/4 create-gateway done',
      '2/4 add-connection-point start',
      '2/4 add-connection-point done',
      '3/4 set-role start',
      '3/4 set-role done',
      '4/4 set-role start',
      '4/4 set-role done',
    ]);
    assert.equal(prompts.length, 1);
    const rec = JSON.parse(readFileSync(record, 'utf8').trim());
    assert.deepEqual(rec.args.slice(0, 5), ['-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', file]);
    assert.deepEqual(rec.passwordsAnswered, [true]);
    assert.ok(!readFileSync(record, 'utf8').includes('not-a-real-password'), 'the password is not recorded');
  });

  it('a convert stops with exit 3 unless -ConvertedInConsole', async () => {
    const file = write(config([gateway(), legacy({ deploymentMethod: 'vmss' })]), config([gateway(), legacy()]));
    const cb = { onProgress: () => undefined, onText: () => undefined, onInput: async () => 'x' };
    const first = await runScript(standin, file, [], cb, { onCancel: () => undefined });
    assert.equal(first.exitCode, 3);
    assert.deepEqual(first.events.map((e) => e.status), ['start', 'failed']);
    const again = await runScript(standin, file, ['-ConvertedInConsole'], cb, { onCancel: () => undefined });
    assert.equal(again.exitCode, 0);
  });

  it('a failing step ends the run with its exit code', async () => {
    process.env.CMG_STANDIN_FAIL_STEP = '2';
    const r = await runScript(standin, write(), [], { onProgress: () => undefined, onText: () => undefined, onInput: async () => 'x' }, { onCancel: () => undefined });
    assert.equal(r.exitCode, 1);
    assert.deepEqual(r.events.filter((e) => e.status === 'failed').map((e) => e.step), [2]);
  });

  it('cancelling while the script waits for a password stops it', async () => {
    let cancel: () => void = () => undefined;
    const r = await runScript(standin, write(), [], { onProgress: () => undefined, onText: () => undefined, onInput: () => new Promise((resolve) => setTimeout(() => (cancel(), resolve(undefined)), 50)) }, { onCancel: (l) => (cancel = l) });
    assert.equal(r.cancelled, true);
    assert.notEqual(r.exitCode, 0);
  });
});
