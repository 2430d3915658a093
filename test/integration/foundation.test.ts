/**
 * The foundation in a real VS Code: activation on the example workspace, live diagnostics with
 * rule codes, a quick fix, the two tree views, "Show in configuration file" and the starter file.
 */
import * as assert from 'node:assert/strict';
import * as jsonc from 'jsonc-parser';
import * as vscode from 'vscode';
import type { CmgExtensionApi } from '../../src/extension';
import type { TreeNode } from '../../src/tree/nodes';

const EXTENSION_ID = 'cmg-tools.cmg-tools';

async function api(): Promise<CmgExtensionApi> {
  const ext = vscode.extensions.getExtension<CmgExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const exports = await ext.activate();
  assert.ok(exports && typeof exports.whenIdle === 'function', 'activate() did not return the API object');
  await exports.whenIdle();
  return exports;
}

function exampleUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, 'contoso.cmg.json');
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

async function labelOf(provider: vscode.TreeDataProvider<TreeNode>, node: TreeNode): Promise<vscode.TreeItem> {
  return provider.getTreeItem(node);
}

function labelText(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** The gateway nodes of one file, whether the view groups by file or not. */
async function gatewayNodes(a: CmgExtensionApi, uri: vscode.Uri): Promise<TreeNode[]> {
  const roots = (await a.trees.gateways.getChildren()) ?? [];
  const fileNode = roots.find((n) => n.kind === 'file' && n.fileUri.toString() === uri.toString());
  const nodes = fileNode ? ((await a.trees.gateways.getChildren(fileNode)) ?? []) : roots;
  return nodes.filter((n) => n.kind === 'gateway' && n.fileUri.toString() === uri.toString());
}

/** Puts the example back as it was on disk (the suites share the workspace). */
async function restoreExample(original: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(exampleUri());
  if (doc.getText() !== original) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(edit));
  }
  if (doc.isDirty) await doc.save();
}

describe('foundation: configuration, diagnostics, trees', function () {
  this.timeout(60_000);
  let original = '';
  before(async () => {
    original = new TextDecoder().decode(await vscode.workspace.fs.readFile(exampleUri()));
  });
  after(() => restoreExample(original));

  it('activates on the example workspace and knows its configuration file', async () => {
    const a = await api();
    const files = a.services.configs.all().map((f) => f.uri.toString());
    assert.ok(files.includes(exampleUri().toString()), `configuration not found; known: ${files.join(', ')}`);
    const file = a.services.configs.get(exampleUri());
    assert.ok(file?.result, 'the example was not checked');
    assert.equal(file.result.findings.filter((f) => f.rule === 'CFG-PARSE' || f.rule === 'CFG-SCHEMA').length, 0, 'the example has parse or schema errors');
    const timings = a.timings();
    console.log(`    activate(): ${timings.activateMs} ms; first scan and check: ${timings.firstScanMs} ms`);
    assert.ok(typeof timings.firstScanMs === 'number');
  });

  it('shows the two gateways with their facts in the Gateways view', async () => {
    const a = await api();
    const uri = exampleUri();
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const config = jsonc.parse(text) as { gateways: { name: string; serviceFqdn: string; region: string; vmInstances: number }[] };
    const nodes = await gatewayNodes(a, uri);
    assert.equal(nodes.length, 2);
    const items = await Promise.all(nodes.map((n) => labelOf(a.trees.gateways, n)));
    assert.deepEqual(
      items.map(labelText),
      config.gateways.map((g) => g.name),
    );
    for (const [i, item] of items.entries()) {
      const g = config.gateways[i]!;
      const description = String(item.description ?? '');
      assert.ok(description.includes(g.serviceFqdn), `description of ${g.name} lacks the FQDN: ${description}`);
      assert.ok(description.includes(g.region), `description of ${g.name} lacks the region: ${description}`);
      assert.ok(description.includes(`${g.vmInstances} VM`), `description of ${g.name} lacks the VM count: ${description}`);
      assert.match(String(item.contextValue), /^cmg\.gateway\b/);
      assert.ok(item.tooltip instanceof vscode.MarkdownString && item.tooltip.value.includes(g.serviceFqdn));
    }
    // Children: server certificate, trusted certificates, connection points, boundary groups.
    const children = (await a.trees.gateways.getChildren(nodes[0])) ?? [];
    assert.deepEqual(
      children.map((c) => c.kind),
      ['certificate', 'group', 'group', 'group'],
    );
    const cert = await waitFor('the certificate node to be read', async () => {
      const it = await labelOf(a.trees.gateways, children[0]!);
      return it.contextValue === 'cmg.certificate.reading' ? undefined : it;
    });
    assert.match(String(cert.description), /days left|expired|password needed/);
    const cpGroup = (await a.trees.gateways.getChildren(children[2]!)) ?? [];
    const cpLabels = (await Promise.all(cpGroup.map((n) => labelOf(a.trees.gateways, n)))).map(labelText);
    assert.deepEqual(cpLabels, ['cm01.corp.contoso.com', 'cm02.corp.contoso.com']);
    // getParent is consistent, so reveal works.
    assert.equal(a.trees.gateways.getParent(cpGroup[0]!), children[2]);
  });

  it('shows management and software update points per server in the Site roles view', async () => {
    const a = await api();
    let roots = (await a.trees.siteRoles.getChildren()) ?? [];
    const fileNode = roots.find((n) => n.kind === 'file' && n.fileUri.toString() === exampleUri().toString());
    if (fileNode) roots = (await a.trees.siteRoles.getChildren(fileNode)) ?? [];
    const servers = (await Promise.all(roots.map((n) => labelOf(a.trees.siteRoles, n)))).map(labelText);
    assert.deepEqual(servers, ['cm01.corp.contoso.com', 'cm02.corp.contoso.com']);
    const cm01 = (await a.trees.siteRoles.getChildren(roots[0])) ?? [];
    const items = await Promise.all(cm01.map((n) => labelOf(a.trees.siteRoles, n)));
    assert.deepEqual(items.map(labelText), ['Management point', 'Software update point']);
    assert.equal(items[0]!.description, 'HTTPS · CMG traffic allowed');
    assert.equal((items[0]!.iconPath as vscode.ThemeIcon).id, 'lock');
    const cm02 = await labelOf(a.trees.siteRoles, ((await a.trees.siteRoles.getChildren(roots[1])) ?? [])[0]!);
    assert.equal(cm02.description, 'HTTP · no CMG traffic');
    assert.equal((cm02.iconPath as vscode.ThemeIcon).id, 'unlock');
  });

  it('shows days to expiry of a server certificate, orange within the warning window, and warns once a day', async () => {
    const a = await api();
    const uri = exampleUri();
    const nodes = await gatewayNodes(a, uri);
    const legacy = nodes[1]!;
    const certNode = ((await a.trees.gateways.getChildren(legacy)) ?? [])[0]!;
    assert.equal(certNode.kind, 'certificate');
    assert.ok(certNode.certificateUri, 'the certificate node has no file');
    // With the password (the example's fixture password, memory only), the expiry date shows.
    a.services.passwords.setSessionPassword(certNode.certificateUri, 'contoso');
    try {
      // The tree renders at once ("reading…") and refreshes when the file was read.
      const item = await waitFor('the certificate to be read', async () => {
        const it = await a.trees.gateways.getTreeItem(certNode);
        return /days? left|expired/.test(String(it.description)) ? it : undefined;
      });
      // The fixture script makes this certificate expire 23 days after generation: a warning until
      // then, an error after (the test holds on either side of that date).
      const m = /^(\d+) days? left$/.exec(String(item.description));
      if (m) {
        assert.ok(Number(m[1]) <= 23, `${m[1]} days left`);
        assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
        assert.equal(item.contextValue, 'cmg.certificate.warning');
      } else {
        assert.match(String(item.description), /^expired/);
        assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
        assert.equal(item.contextValue, 'cmg.certificate.expired');
      }
      const warned = await a.trees.checkExpiry(true);
      assert.deepEqual(warned, ['contosolegacy']);
      // Already warned today: not again.
      assert.deepEqual(await a.trees.checkExpiry(false), []);
    } finally {
      a.services.passwords.setSessionPassword(certNode.certificateUri, undefined);
    }
  });

  it('reveals a node of the Gateways view from its file and JSON pointer (getParent chain)', async () => {
    const a = await api();
    const uri = exampleUri();
    assert.equal(await a.trees.reveal(uri, '/connectionPoints/2'), true);
    const selected = await waitFor('the revealed node to be selected', () => a.trees.gatewaysView.selection[0]);
    assert.equal(selected.kind, 'connectionPoint');
    assert.equal(selected.pointer, '/connectionPoints/2');
    assert.equal(selected.gatewayName, 'contosolegacy');
    assert.equal(await a.trees.reveal(uri, '/siteRoles/1'), true);
    const role = await waitFor('the site role to be selected', () => a.trees.siteRolesView.selection[0]);
    assert.equal(role.pointer, '/siteRoles/1');
    assert.equal(await a.trees.reveal(uri, '/nowhere/7'), false);
  });

  it('"Show in configuration file" selects the node\'s JSON', async () => {
    const a = await api();
    const uri = exampleUri();
    const nodes = await gatewayNodes(a, uri);
    await vscode.commands.executeCommand('cmg.revealInFile', nodes[1]);
    const editor = await waitFor('the editor', () => (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() ? vscode.window.activeTextEditor : undefined));
    const text = editor.document.getText();
    const node = jsonc.findNodeAtLocation(jsonc.parseTree(text)!, ['gateways', 1])!;
    const expected = new vscode.Range(editor.document.positionAt(node.offset), editor.document.positionAt(node.offset + node.length));
    assert.ok(editor.selection.isEqual(expected), `selection ${JSON.stringify(editor.selection)} is not the second gateway ${JSON.stringify(expected)}`);
    assert.match(editor.document.getText(editor.selection), /^\{[\s\S]*"name": "contosolegacy"[\s\S]*\}$/);
  });

  it('reports a broken edit with its rule code and fixes it with the quick fix', async () => {
    const a = await api();
    const uri = exampleUri();
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const tree = jsonc.parseTree(doc.getText())!;
    const vm = jsonc.findNodeAtLocation(tree, ['gateways', 0, 'vmInstances'])!;
    const vmRange = new vscode.Range(doc.positionAt(vm.offset), doc.positionAt(vm.offset + vm.length));
    assert.ok(await editor.edit((e) => e.replace(vmRange, '40')));

    const diag = await waitFor('a CFG-VM-COUNT diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'CFG-VM-COUNT'));
    assert.equal(diag.source, 'CMG');
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(diag.range.contains(vmRange.start), 'the diagnostic is not on the edited value');
    assert.ok(typeof diag.code === 'object' && diag.code.target.scheme === 'https', 'the rule code does not link to its documentation');

    // The rule's hover names its title and cites its source.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, diag.range.start);
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /CFG-VM-COUNT/);
    assert.match(hoverText, /Source:/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    // Only this diagnostic sits on the edited value, so every fix offered there is its fix.
    const fix = actions.find((x) => x.edit && x.kind?.value === vscode.CodeActionKind.QuickFix.value && x.isPreferred);
    assert.ok(fix?.edit, `no quick fix for CFG-VM-COUNT; actions: ${actions.map((x) => x.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitFor('the CFG-VM-COUNT diagnostic to disappear', () => !vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'CFG-VM-COUNT') || undefined);
    const fixed = jsonc.parse(doc.getText()) as { gateways: { vmInstances: number }[] };
    assert.ok(fixed.gateways[0]!.vmInstances >= 1 && fixed.gateways[0]!.vmInstances <= 16);
    await restoreExample(original);
    await waitFor('the example to be checked again', () => (a.services.configs.get(uri)?.text === original ? true : undefined));
  });

  it('reports broken JSON as CFG-PARSE at its position', async () => {
    const uri = exampleUri();
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(doc.getText().indexOf('"connectionPoints"'));
    assert.ok(await editor.edit((e) => e.insert(at, '"oops": ,\n  ')));
    const diag = await waitFor('a CFG-PARSE diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'CFG-PARSE'));
    assert.equal(diag.range.start.line, at.line);
    await restoreExample(original);
    await waitFor('CFG-PARSE to disappear once the JSON is whole again', () => !vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'CFG-PARSE') || undefined);
  });

  it('checks the deployed snapshot against the schema too', async () => {
    const a = await api();
    const snapshot = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.cmg', 'contoso.cmg.json.deployed.json');
    const doc = await vscode.workspace.openTextDocument(snapshot);
    const before = doc.getText();
    const editor = await vscode.window.showTextDocument(doc);
    try {
      const open = doc.positionAt(before.indexOf('{') + 1);
      assert.ok(await editor.edit((e) => e.insert(open, '\n  "colour": "blue",')));
      const diag = await waitFor('a CFG-SCHEMA diagnostic on the snapshot', () => vscode.languages.getDiagnostics(snapshot).find((d) => codeOf(d) === 'CFG-SCHEMA'));
      assert.equal(diag.source, 'CMG');
      assert.equal(diag.range.start.line, open.line + 1);
      // Semantic rules are about the configuration, not the snapshot: only parse/schema findings there.
      assert.deepEqual([...new Set(vscode.languages.getDiagnostics(snapshot).filter((d) => d.source === 'CMG').map(codeOf))], ['CFG-SCHEMA']);
    } finally {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(snapshot, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), before);
      await vscode.workspace.applyEdit(edit);
      await doc.save();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
    await waitFor('the snapshot diagnostics to clear', () => !vscode.languages.getDiagnostics(snapshot).some((d) => d.source === 'CMG') || undefined);
    await a.whenIdle();
  });

  it('keeps secrets out of the log', async () => {
    const { redact } = await import('../../src/log');
    const line = redact('openssl pkcs12 -passin pass:S3cret! -in a.pfx; {"password": "p@ss word"}; -Password hunter2; Authorization: Bearer eyJ0eXAi.abc');
    for (const secret of ['S3cret!', 'p@ss word', 'hunter2', 'eyJ0eXAi.abc']) assert.ok(!line.includes(secret), `${secret} leaked: ${line}`);
    assert.match(line, /a\.pfx/);
  });

  it('shows a file that is not a configuration as an error node, beside the others, without failing', async () => {
    const a = await api();
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const broken = vscode.Uri.joinPath(folder, 'broken.cmg.json');
    await vscode.workspace.fs.writeFile(broken, new TextEncoder().encode('[1, 2, 3]\n'));
    try {
      await waitFor('the broken file to be checked', () => a.services.configs.get(broken)?.result);
      await a.whenIdle();
      const roots = await waitFor('the tree to group by file', async () => {
        const r = (await a.trees.gateways.getChildren()) ?? [];
        return r.filter((n) => n.kind === 'file').length === 2 ? r : undefined;
      });
      const brokenNode = roots.find((n) => n.fileUri.toString() === broken.toString())!;
      const children = (await a.trees.gateways.getChildren(brokenNode)) ?? [];
      assert.equal(children.length, 1);
      const item = await a.trees.gateways.getTreeItem(children[0]!);
      assert.equal(item.contextValue, 'cmg.error');
      assert.match(labelText(item), /broken\.cmg\.json/);
      // The example still shows its two gateways.
      assert.equal((await gatewayNodes(a, exampleUri())).length, 2);
    } finally {
      await vscode.workspace.fs.delete(broken).then(undefined, () => undefined);
    }
    await waitFor('the broken file to leave the store', () => !a.services.configs.get(broken) || undefined);
  });

  it('"Create a CMG configuration" writes a schema-valid starter file and never overwrites', async () => {
    const a = await api();
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const target = vscode.Uri.joinPath(folder, 'starter-test.cmg.json');
    try {
      const created = await vscode.commands.executeCommand<vscode.Uri>('cmg.createConfiguration', { name: 'starter-test' });
      assert.equal(created?.toString(), target.toString());
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), target.toString());
      await waitFor('the starter file to be checked', () => a.services.configs.get(target)?.result);
      await a.whenIdle();
      const findings = a.services.configs.get(target)!.result!.findings;
      const structural = findings.filter((f) => f.rule === 'CFG-PARSE' || f.rule === 'CFG-SCHEMA');
      assert.deepEqual(structural, [], 'the starter file has parse or schema errors');
      const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      // A second time with the same name: refused, file untouched.
      const again = await vscode.commands.executeCommand<vscode.Uri | undefined>('cmg.createConfiguration', { name: 'starter-test' });
      assert.equal(again, undefined);
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)), before);
      // The tree now groups the gateways by file.
      await waitFor('the tree to group by file', async () => ((await a.trees.gateways.getChildren()) ?? []).some((n) => n.kind === 'file') || undefined);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
    }
    await waitFor('the starter file to leave the store', () => !a.services.configs.get(target) || undefined);
  });
});
