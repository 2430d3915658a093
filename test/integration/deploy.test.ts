/**
 * Deploy in a real VS Code (code-server): "Deploy…" on the example with the PowerShell setting
 * pointed at the recording stand-in (test/fixtures/powershell-standin). The modal confirmation and
 * the password prompt are replaced through the command's second argument (not a setting).
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DeployCommandOptions, DeployRunReport } from '../../src/deploy/commands';
import type { Plan } from '../../src/core/plan/plan';

const EXTENSION_ID = 'cmg-tools.cmg-tools';

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return f.uri;
}

describe('deploy: plan, script and Deploy with the PowerShell stand-in', function () {
  this.timeout(60_000);
  const file = () => path.join(folder().fsPath, 'contoso.cmg.json');
  const snapshot = () => path.join(folder().fsPath, '.cmg', 'contoso.cmg.json.deployed.json');
  const journal = () => path.join(folder().fsPath, '.cmg', 'journal.jsonl');
  let original = '';
  let originalSnapshot = '';
  let recordDir = '';
  let previousPath: string | undefined;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    original = readFileSync(file(), 'utf8');
    originalSnapshot = readFileSync(snapshot(), 'utf8');
    // The change to deploy: convert the classic gateway, one more VM for the other.
    const changed = original.replace('"deploymentMethod": "classic"', '"deploymentMethod": "vmss"').replace('"vmInstances": 2,', '"vmInstances": 3,');
    assert.notEqual(changed, original);
    writeFileSync(file(), changed);
    recordDir = mkdtempSync(path.join(tmpdir(), 'cmg-standin-'));
    process.env.CMG_STANDIN_RECORD = path.join(recordDir, 'invocations.jsonl');
    process.env.CMG_STANDIN_NODE = process.execPath.includes('node') ? process.execPath : 'node';
    const config = vscode.workspace.getConfiguration('cmg.deploy');
    previousPath = config.inspect<string>('powershellPath')?.globalValue;
    await config.update('powershellPath', path.join(ext.extensionPath, 'test', 'fixtures', 'powershell-standin', 'pwsh-standin.sh'), vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    writeFileSync(file(), original);
    writeFileSync(snapshot(), originalSnapshot);
    rmSync(journal(), { force: true });
    rmSync(recordDir, { recursive: true, force: true });
    delete process.env.CMG_STANDIN_RECORD;
    await vscode.workspace.getConfiguration('cmg.deploy').update('powershellPath', previousPath, vscode.ConfigurationTarget.Global);
  });

  it('Show plan: update in place and convert, in a Markdown view', async () => {
    const plan = await vscode.commands.executeCommand<Plan>('cmg.showPlan', vscode.Uri.file(file()));
    assert.ok(plan, 'the command returned the plan');
    assert.deepEqual(plan.gateways.map((g) => [g.name, g.action]), [['granitefalls', 'update'], ['contosolegacy', 'convert']]);
    // The Markdown preview shows the virtual document cmg-plan:/<file>.plan.md.
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'cmg-plan', path: '/contoso.cmg.json.plan.md' }));
    assert.match(doc.getText(), /## contosolegacy: convert to virtual machine scale set/);
  });

  it('Export deployment script: an untitled PowerShell document with the cmdlets', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('cmg.exportDeploymentScript', vscode.Uri.file(file()));
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri?.toString());
    assert.ok(doc);
    assert.equal(doc.languageId, 'powershell');
    assert.match(doc.getText(), /Set-CMCloudManagementGateway @params/);
    assert.match(doc.getText(), /There is no documented cmdlet for Convert/);
  });

  it('Deploy: confirmation, progress into the CMG Deploy log, recorded invocation, snapshot and journal', async () => {
    const confirmations: string[] = [];
    const manual: string[] = [];
    const options: DeployCommandOptions = {
      confirm: async (message, detail) => (confirmations.push(`${message}\n${detail}`), true),
      askPassword: async () => 'not-a-real-password',
      continueAfterManualStep: async (message) => (manual.push(message), true),
    };
    const report = await vscode.commands.executeCommand<DeployRunReport>('cmg.deploy', vscode.Uri.file(file()), options);
    assert.ok(report, 'the command returned a report');
    assert.equal(confirmations.length, 1);
    assert.match(confirmations[0]!, /granitefalls: update in place/);
    assert.match(confirmations[0]!, /contosolegacy: convert to virtual machine scale set/);

    // First run: the update is done, then the convert step stops for the console.
    assert.equal(report.previous?.outcome, 'needs-console');
    assert.equal(manual.length, 1);
    assert.match(manual[0]!, /convert in the console/);
    assert.ok(report.previous!.logLines!.some((l) => /\[1\/2\] update-gateway done/.test(l)), report.previous!.logLines!.join('\n'));
    // Second run, with -ConvertedInConsole: the convert only.
    assert.equal(report.outcome, 'succeeded');
    assert.ok(report.logLines!.some((l) => /\[1\/1\] convert-gateway done/.test(l)), report.logLines!.join('\n'));
    assert.ok(report.logLines!.some((l) => /Deployed snapshot written/.test(l)));

    const invocations = readFileSync(process.env.CMG_STANDIN_RECORD!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(invocations.length, 2);
    assert.deepEqual(invocations[0].args.slice(0, 4), ['-NoProfile', '-ExecutionPolicy', 'Bypass', '-File']);
    assert.ok(invocations[1].args.includes('-ConvertedInConsole'));
    assert.match(invocations[0].script, /Set-CMCloudManagementGateway/);
    assert.ok(!readFileSync(process.env.CMG_STANDIN_RECORD!, 'utf8').includes('not-a-real-password'));
    assert.ok(!existsSync(invocations[0].scriptPath), 'the temporary script is removed');

    const snap = JSON.parse(readFileSync(snapshot(), 'utf8'));
    assert.deepEqual(snap.gateways.map((g: { name: string; deploymentMethod: string; vmInstances: number }) => [g.name, g.deploymentMethod, g.vmInstances]), [
      ['granitefalls', 'vmss', 3],
      ['contosolegacy', 'vmss', 2],
    ]);
    const entries = readFileSync(journal(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(entries.map((e: { outcome: string }) => e.outcome), ['needs-console', 'succeeded']);
    assert.equal(entries[0].file, 'contoso.cmg.json');
    assert.deepEqual(entries[0].plan, { granitefalls: 'update', contosolegacy: 'convert' });

    // Nothing left to do now.
    const again = await vscode.commands.executeCommand<DeployRunReport>('cmg.deploy', vscode.Uri.file(file()), options);
    assert.equal(again?.outcome, 'nothing-to-do');
  });
});

describe('redeploy under a new service name: stage 1, then the removal waits', function () {
  this.timeout(60_000);
  const file = () => path.join(folder().fsPath, 'contoso.cmg.json');
  const snapshot = () => path.join(folder().fsPath, '.cmg', 'contoso.cmg.json.deployed.json');
  const journal = () => path.join(folder().fsPath, '.cmg', 'journal.jsonl');
  let original = '';
  let originalSnapshot = '';
  let recordDir = '';
  let previousPath: string | undefined;
  const messages: string[] = [];
  const options: DeployCommandOptions = { confirm: async (m) => (messages.push(m), true), askPassword: async () => 'not-a-real-password' };

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    original = readFileSync(file(), 'utf8');
    originalSnapshot = readFileSync(snapshot(), 'utf8');
    rmSync(journal(), { force: true });
    const changed = original
      .replace('"serviceFqdn": "contosocmg.contoso.com"', '"serviceFqdn": "contosocmg2.contoso.com"')
      .replace('"deploymentMethod": "classic"', '"deploymentMethod": "vmss"')
      .replace('"server": "cm03.corp.contoso.com", "siteCode": "P01", "gateway": "contosolegacy"', '"server": "cm04.corp.contoso.com", "siteCode": "P01", "gateway": "contosolegacy"');
    writeFileSync(file(), changed);
    recordDir = mkdtempSync(path.join(tmpdir(), 'cmg-standin-'));
    process.env.CMG_STANDIN_RECORD = path.join(recordDir, 'invocations.jsonl');
    const config = vscode.workspace.getConfiguration('cmg.deploy');
    previousPath = config.inspect<string>('powershellPath')?.globalValue;
    await config.update('powershellPath', path.join(ext.extensionPath, 'test', 'fixtures', 'powershell-standin', 'pwsh-standin.sh'), vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    writeFileSync(file(), original);
    writeFileSync(snapshot(), originalSnapshot);
    rmSync(journal(), { force: true });
    rmSync(recordDir, { recursive: true, force: true });
    delete process.env.CMG_STANDIN_RECORD;
    await vscode.workspace.getConfiguration('cmg.deploy').update('powershellPath', previousPath, vscode.ConfigurationTarget.Global);
  });

  it('Redeploy runs stage 1 (new gateway and connection point), records the wait, keeps the old gateway', async () => {
    const report = await vscode.commands.executeCommand<DeployRunReport>('cmg.redeploy', vscode.Uri.file(file()), options);
    assert.equal(report?.outcome, 'stage1-done');
    assert.deepEqual(report.events!.filter((e) => e.status === 'done').map((e) => e.kind), ['create-gateway', 'add-connection-point', 'wait']);
    const snap = JSON.parse(readFileSync(snapshot(), 'utf8'));
    assert.deepEqual(snap.gateways.map((g: { name: string; serviceFqdn: string }) => [g.name, g.serviceFqdn]), [
      ['granitefalls', 'granitefalls.contoso.com'],
      ['contosolegacy-previous', 'contosocmg.contoso.com'],
      ['contosolegacy', 'contosocmg2.contoso.com'],
    ]);
    const entry = JSON.parse(readFileSync(journal(), 'utf8').trim().split('\n').pop()!);
    assert.equal(entry.outcome, 'stage1-done');
    assert.equal(entry.pendingRemovals[0].serviceFqdn, 'contosocmg.contoso.com');
    assert.ok(Date.parse(entry.pendingRemovals[0].notBefore) - Date.now() > 23 * 3600_000);
    // The password for the new gateway's PFX was asked for and answered, never recorded.
    const rec = JSON.parse(readFileSync(process.env.CMG_STANDIN_RECORD!, 'utf8').trim());
    assert.deepEqual(rec.passwordsAnswered, [true]);
    assert.match(rec.script, /New-CMCloudManagementGateway @params/);
    assert.ok(!JSON.stringify(rec).includes('not-a-real-password'));
  });

  it('the removal (stage 2) is refused until the wait has passed', async () => {
    const plan = await vscode.commands.executeCommand<Plan>('cmg.showPlan', vscode.Uri.file(file()));
    assert.deepEqual(plan?.gateways.map((g) => [g.name, g.action]), [['granitefalls', 'none'], ['contosolegacy', 'none'], ['contosolegacy-previous', 'remove']]);
    assert.ok(plan.findings.some((f) => f.rule === 'PLAN-WAIT-PENDING' && f.severity === 'error'));
    const before = messages.length;
    const report = await vscode.commands.executeCommand<DeployRunReport>('cmg.redeploy', vscode.Uri.file(file()), options);
    assert.equal(report?.outcome, 'refused');
    assert.equal(messages.length, before, 'no confirmation was asked');
  });

  it('once the wait has passed, Redeploy removes the old gateway and its connection point (stage 2)', async () => {
    // Let the recorded wait end now (as if a day had passed).
    const lines = readFileSync(journal(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    for (const e of lines) for (const r of e.pendingRemovals ?? []) r.notBefore = new Date(Date.now() - 1000).toISOString();
    writeFileSync(journal(), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const report = await vscode.commands.executeCommand<DeployRunReport>('cmg.redeploy', vscode.Uri.file(file()), options);
    assert.equal(report?.outcome, 'succeeded');
    assert.deepEqual(report.events!.filter((e) => e.status === 'done').map((e) => e.kind), ['remove-connection-point', 'remove-gateway']);
    const snap = JSON.parse(readFileSync(snapshot(), 'utf8'));
    assert.deepEqual(snap.gateways.map((g: { name: string }) => g.name), ['granitefalls', 'contosolegacy']);
    assert.ok(!snap.connectionPoints.some((c: { server: string }) => c.server === 'cm03.corp.contoso.com'));
    const last = JSON.parse(readFileSync(journal(), 'utf8').trim().split('\n').pop()!);
    assert.deepEqual([last.stage, last.outcome], [2, 'succeeded']);
    const rec = readFileSync(process.env.CMG_STANDIN_RECORD!, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).pop();
    assert.match(rec.script, /Remove-CMCloudManagementGateway -Name 'contosocmg\.contoso\.com' -Force/);
  });
});

describe('deploy without PowerShell, and the pre-flight command', function () {
  this.timeout(60_000);
  const file = () => path.join(folder().fsPath, 'contoso.cmg.json');
  let original = '';
  let previousPath: string | undefined;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    original = readFileSync(file(), 'utf8');
    writeFileSync(file(), original.replace('"vmInstances": 2,', '"vmInstances": 4,'));
    const config = vscode.workspace.getConfiguration('cmg.deploy');
    previousPath = config.inspect<string>('powershellPath')?.globalValue;
    await config.update('powershellPath', '/nonexistent/WindowsPowerShell/v1.0/powershell.exe', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    writeFileSync(file(), original);
    rmSync(path.join(folder().fsPath, '.cmg', 'journal.jsonl'), { force: true });
    await vscode.workspace.getConfiguration('cmg.deploy').update('powershellPath', previousPath, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it('with no runnable PowerShell the script is saved beside the file and opened, nothing is recorded', async () => {
    const snapshotBefore = readFileSync(path.join(folder().fsPath, '.cmg', 'contoso.cmg.json.deployed.json'), 'utf8');
    const report = await vscode.commands.executeCommand<DeployRunReport>('cmg.deploy', vscode.Uri.file(file()), { confirm: async () => true } satisfies DeployCommandOptions);
    assert.equal(report?.outcome, 'saved');
    assert.ok(report.scriptPath && report.scriptPath.startsWith(path.join(folder().fsPath, '.cmg')));
    const text = readFileSync(report.scriptPath, 'utf8');
    assert.match(text, /^\uFEFF#Requires -Version 5\.1/);
    assert.match(text, /VMInstanceCount = 4/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, report.scriptPath);
    assert.equal(readFileSync(path.join(folder().fsPath, '.cmg', 'contoso.cmg.json.deployed.json'), 'utf8'), snapshotBefore, 'the snapshot is unchanged');
    rmSync(report.scriptPath);
  });

  it('Run Azure pre-flight checks: from a gateway node, each check reported (Azure unreachable here)', async () => {
    const node = { kind: 'gateway', fileUri: vscode.Uri.file(file()), pointer: '/gateways/0', gatewayName: 'granitefalls' };
    const credential = { getToken: async () => ({ token: 'static-test-token', expiresOnTimestamp: Date.now() + 3600_000 }) };
    const results = await vscode.commands.executeCommand<Array<{ id: string; status: string; message: string; fix?: string }>>('cmg.preflight', node, {
      credential,
      endpointOverride: 'https://127.0.0.1:9',
      timeoutMs: 5000,
    });
    assert.ok(results, 'the command returned the results');
    assert.deepEqual(results.map((r) => r.id).sort(), ['dns-name', 'key-vault-name', 'permissions', 'provider:Microsoft.Compute', 'provider:Microsoft.KeyVault', 'provider:Microsoft.Network', 'provider:Microsoft.Storage', 'region', 'resource-group', 'storage-name', 'subscription', 'vm-size']);
    for (const r of results) {
      assert.equal(r.status, 'error', `${r.id}: ${r.message}`);
      assert.ok(r.fix, `${r.id} names a fix`);
    }
  });
});
